"""How `reconcile check` shows its results: text for people, json, line, SARIF 2.1.0 and GitHub annotations.

Every format shows the reported findings (errors and warnings; agreements too when verbose); json is
the whole `CheckResult` (every finding, with `suppressed` and `verdict` to filter on), one object for
one draft and an array for several. Pure functions of the results: no terminal or clock is read here;
the CLI says whether to colour.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import metadata
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from .check import SEVERITY, CheckResult, CheckVerdict, DraftFinding
from .types import Kind

FORMATS = ("text", "json", "line", "sarif", "github")
KINDS: tuple[Kind, ...] = ("date", "duration", "money", "quantity", "place", "person")
VERDICTS: tuple[CheckVerdict, ...] = ("conflict", "unsupported", "agree")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "note": "note"}
_GITHUB_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def render(results: Sequence[CheckResult], fmt: str, *, verbose: bool = False, color: bool = False) -> str:
    """The results in one of FORMATS, ending without a line break."""
    if fmt == "json":
        return render_json(results)
    if fmt == "line":
        return render_line(results, verbose)
    if fmt == "sarif":
        return render_sarif(results, verbose)
    if fmt == "github":
        return render_github(results, verbose)
    return render_text(results, verbose, color)


def render_json(results: Sequence[CheckResult]) -> str:
    if len(results) == 1:
        return results[0].model_dump_json(indent=2)
    return "[\n" + ",\n".join(r.model_dump_json(indent=2) for r in results) + "\n]"


# --- line -------------------------------------------------------------------------


def rule_id(finding: DraftFinding) -> str:
    return f"{finding.kind}.{finding.verdict}"


def render_line(results: Sequence[CheckResult], verbose: bool = False) -> str:
    """`path:line:col: severity kind.verdict: message`, one finding a line (notes go to stderr in the CLI)."""
    return "\n".join(
        f"{r.draft.path}:{f.line}:{f.column}: {f.severity} {rule_id(f)}: {_one_line(f.message)}"
        for r in results
        for f in r.reported(verbose)
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- GitHub workflow commands -------------------------------------------------------


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: Sequence[CheckResult], verbose: bool = False) -> str:
    """`::error file=...,line=...,col=...::message`: annotations on the draft's lines in a workflow run."""
    lines = []
    for r in results:
        for note in r.notes:
            lines.append(f"::notice file={_gh_property(r.draft.path)},title=reconcile::{_gh_data(note)}")
        for f in r.reported(verbose):
            props = ",".join(
                [
                    f"file={_gh_property(r.draft.path)}",
                    f"line={f.line}",
                    f"col={f.column}",
                    f"endLine={f.end_line}",
                    f"endColumn={f.end_column}",
                    f"title={_gh_property(f'reconcile {rule_id(f)}: {f.subject}')}",
                ]
            )
            lines.append(f"::{_GITHUB_COMMAND[f.severity]} {props}::{_gh_data(f.message)}")
    return "\n".join(lines)


# --- SARIF 2.1.0 --------------------------------------------------------------------

_RULE_TEXT = {
    "conflict": ("The draft's {kind} contradicts what its sources say.", "Correct the draft, or cite its source."),
    "unsupported": ("No source states the draft's {kind}.", "Add the source that states it, or cut the claim."),
    "agree": ("A source states the draft's {kind}.", "Nothing to do."),
}


def _rules() -> list[dict[str, object]]:
    rules: list[dict[str, object]] = []
    for kind in KINDS:
        for verdict in VERDICTS:
            short, help_text = _RULE_TEXT[verdict]
            rules.append(
                {
                    "id": f"{kind}.{verdict}",
                    "name": f"{kind.capitalize()}{verdict.capitalize()}",
                    "shortDescription": {"text": short.format(kind=kind)},
                    "help": {"text": help_text},
                    "defaultConfiguration": {"level": _SARIF_LEVEL[SEVERITY[verdict]]},
                }
            )
    return rules


def _uri(path: str) -> str:
    if PureWindowsPath(path).drive or path.startswith("/"):
        return "file://" + quote(PurePosixPath(path.replace("\\", "/")).as_posix())
    return quote(path.replace("\\", "/"))


def _version() -> str:
    try:
        return metadata.version("reconcile")
    except metadata.PackageNotFoundError:
        return "0"


def sarif_log(results: Sequence[CheckResult], verbose: bool = False) -> dict[str, object]:
    rules = _rules()
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    sarif_results: list[dict[str, object]] = []
    notes: list[dict[str, object]] = []
    for r in results:
        for note in r.notes:
            notes.append({"level": "note", "message": {"text": note}})
        for f in r.reported(verbose):
            sarif_results.append(
                {
                    "ruleId": rule_id(f),
                    "ruleIndex": index[rule_id(f)],
                    "level": _SARIF_LEVEL[f.severity],
                    "message": {"text": f.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": _uri(r.draft.path)},
                                "region": {
                                    "startLine": f.line,
                                    "startColumn": f.column,
                                    "endLine": f.end_line,
                                    "endColumn": f.end_column,
                                    "snippet": {"text": f.text},
                                },
                            }
                        }
                    ],
                    "partialFingerprints": {"reconcileFinding/v1": f.fingerprint},
                    "properties": {
                        "subject": f.subject,
                        "verdict": f.verdict,
                        "relation": f.relation,
                        "value": f.display,
                        "sources": [
                            {"source": e.source, "value": e.display, "text": e.text, "agrees": e.agrees}
                            for e in f.evidence
                        ],
                    },
                }
            )
    run: dict[str, object] = {
        "tool": {"driver": {"name": "reconcile", "version": _version(), "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
    }
    if notes:
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": notes}]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(results: Sequence[CheckResult], verbose: bool = False) -> str:
    return json.dumps(sarif_log(results, verbose), indent=2, ensure_ascii=False)


# --- text ---------------------------------------------------------------------------

_STYLE = {"error": "1;31", "warning": "1;33", "note": "32", "dim": "2", "bold": "1"}
_HEADINGS = {
    "conflict": ("ERRORS", "the draft contradicts its sources"),
    "unsupported": ("WARNINGS", "no source states it"),
    "agree": ("SUPPORTED", "a source states it"),
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _quote(sentence: str, text: str, width: int = 110) -> str:
    at = sentence.find(text)
    if at < 0:
        marked = sentence
        at = 0
    else:
        marked = sentence[:at] + "[" + text + "]" + sentence[at + len(text) :]
    if len(marked) <= width:
        return f"“{marked}”"
    start = max(0, min(at - width // 3, len(marked) - width))
    clipped = marked[start : start + width]
    return "“" + ("…" if start else "") + clipped + ("…" if start + width < len(marked) else "") + "”"


def render_text(results: Sequence[CheckResult], verbose: bool = False, color: bool = False) -> str:
    """Grouped by verdict, errors first, each with the draft's and the sources' words; coloured on a terminal."""

    def paint(text: str, style: str) -> str:
        return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if color else text

    out: list[str] = []
    for r in results:
        when = (
            f"published {r.draft.published} ({r.draft.published_from.replace('_', ' ')})"
            if r.draft.published and r.draft.published_from
            else "no publication date"
        )
        names = ", ".join(s.id for s in r.sources)
        against = f"checked against {_plural(len(r.sources), 'source')} ({names})"
        out.append(paint(r.draft.path, "bold") + f": {against}; {when}")
        for note in r.notes:
            out.append(paint(f"note: {note}", "dim"))
        shown = r.reported(verbose)
        for verdict in VERDICTS:
            findings = [f for f in shown if f.verdict == verdict]
            if not findings:
                continue
            heading, why = _HEADINGS[verdict]
            severity = SEVERITY[verdict]
            out += ["", paint(f"{heading} ({len(findings)})", severity) + f": {why}"]
            for f in findings:
                relation = f" ({f.relation})" if f.relation else ""
                out.append(f"  {paint(f'{f.line}:{f.column}', severity)}  {f.kind} · {f.subject}{relation}")
                out.append(f"      {f.message.removeprefix(f'{f.subject}: ')}")
                out.append(paint(f"      - draft, {f.display}: {_quote(f.sentence, f.text)}", "dim"))
                for e in f.evidence:
                    out.append(paint(f"      - {e.source}, {e.display}: {_quote(e.sentence, e.text)}", "dim"))
        hidden_agree = sum(f.verdict == "agree" and f.suppressed is None for f in r.findings) if not verbose else 0
        tail = [_plural(r.summary.conflict, "error"), _plural(r.summary.unsupported, "warning")]
        if verbose:
            tail.append(_plural(r.summary.agree, "supported claim"))
        extra = []
        if hidden_agree:
            extra.append(f"{_plural(hidden_agree, 'supported claim')} not shown (--verbose shows them)")
        if r.summary.suppressed:
            extra.append(f"{r.summary.suppressed} suppressed (baseline or unchanged lines)")
        verdict_word = paint("FAIL", "error") if r.failed else paint("ok", "note")
        out += ["", f"{verdict_word}: " + ", ".join(tail) + (f"; {'; '.join(extra)}" if extra else ""), ""]
    return "\n".join(out).rstrip()
