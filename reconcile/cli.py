"""`reconcile report|check|extract|schema`: translate arguments, call the core, print, map errors to exit codes.

Exit codes: 0 done, 1 findings at or above --fail-on (check), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from pydantic import TypeAdapter

from .check import CheckResult, ConfigError, FailOn, check_draft, parse_baseline, updated_baseline
from .check import changed_lines as diff_lines
from .check_config import FAIL_ON, FORMATS, CheckConfig, find_config, load_config
from .check_formats import render as render_check
from .draft import parse_draft
from .errors import InputError, ReconcileError, StoryError
from .extract import extract_claims
from .ingest import ingest
from .report import reconcile
from .settings import Settings
from .story import decode, load_source, load_story, parse_source
from .types import Claim, Report, Source

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reconcile", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)

    report = commands.add_parser("report", help="the report of a story directory")
    report.add_argument("story", type=Path, help="directory of .json/.txt/.md sources (and an optional story.json)")
    report.add_argument("--format", choices=("json", "text", "html"), default="text")
    report.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    commands.add_parser("extract", help="JSON Lines of sources on stdin -> JSON Lines of claims on stdout")

    _add_check(commands)

    schema = commands.add_parser("schema", help="the JSON Schema of a contract document")
    schema.add_argument("document", choices=("report", "source", "check"))

    # The REST API's commands live in its adapter (api/cli.py), which main() imports only to run them.
    commands.add_parser("serve", help="run the REST API (reconcile serve --help)", add_help=False)
    commands.add_parser("keys", help="manage the REST API's keys (reconcile keys --help)", add_help=False)
    return parser


API_COMMANDS = ("serve", "keys")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in API_COMMANDS:
        try:
            from api.cli import main as api_main
        except ImportError as e:
            _fail(f"{argv[0]}: the REST API is not installed ({e.name}): pip install 'reconcile[api]'")
            return EXIT_INPUT
        return api_main(argv)
    args = _parser().parse_args(argv)
    settings = Settings()
    _utf8(sys.stdout, "strict")  # documents are UTF-8 whatever the locale, as `-o` files are
    try:
        if args.command == "report":
            return _report(args.story, args.format, args.output, settings)
        if args.command == "check":
            return _check(args)
        if args.command == "extract":
            # Undecodable bytes reach the core as surrogates, which it rejects for their line alone.
            _utf8(sys.stdin, "surrogateescape")
            return _extract(sys.stdin, sys.stdout, settings)
        print(json.dumps(schema(args.document), indent=2, ensure_ascii=False))
        return EXIT_OK
    except ReconcileError as e:
        _fail(f"{e} [{e.code}]")
        return EXIT_INPUT
    except OSError as e:
        _fail(f"{e.filename or ''}: {e.strerror}")
        return EXIT_INPUT


def _utf8(stream: TextIO, errors: str) -> None:
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(encoding="utf-8", errors=errors)


def _fail(message: str) -> None:
    """One line on stderr, even when a file name holds a line break."""
    one_line = message.replace("\r", "\\r").replace("\n", "\\n")
    print(f"reconcile: error: {one_line}", file=sys.stderr)


def schema(document: str) -> dict[str, object]:
    if document == "check":
        return CheckResult.model_json_schema(mode="serialization")
    if document == "report":
        return Report.model_json_schema(mode="serialization")
    return Source.model_json_schema(mode="validation")


def _report(directory: Path, fmt: str, output: Path | None, settings: Settings) -> int:
    story, sources = load_story(directory, settings)
    report = reconcile(sources, story, settings)
    if fmt == "html":
        from .render_html import render as render_html  # the page: one self-contained file

        rendered = render_html(report, sources).rstrip("\n")
    else:
        rendered = report.model_dump_json(indent=2) if fmt == "json" else render_text(report)
    if output:
        output.write_text(rendered + "\n", encoding="utf-8")
    else:
        sys.stdout.write(rendered + "\n")
    return EXIT_OK


_CLAIMS = TypeAdapter(list[Claim])


def _extract(stdin: TextIO, stdout: TextIO, settings: Settings) -> int:
    """One output line per input line, in order; a bad line gets an error object and the run goes on."""
    for number, line in enumerate(stdin, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        sid: object = None
        try:
            data = json.loads(line)
            sid = data.get("id") if isinstance(data, dict) else None
            source = parse_source(data, where)
            document = ingest(source, source.id or f"line{number}", settings)
            claims = [f.claim for f in extract_claims(document, settings)]
            out: dict[str, object] = {"id": document.id, "claims": json.loads(_CLAIMS.dump_json(claims))}
            if document.warnings:
                out["warnings"] = list(document.warnings)
        except json.JSONDecodeError as e:
            out = {"id": None, "error": {"code": "input.format", "message": f"{where}: invalid JSON: {e.msg}"}}
        except ReconcileError as e:
            out = {"id": sid, "error": {"code": e.code, "message": str(e)}}
        try:
            rendered = json.dumps(out, ensure_ascii=False)
            rendered.encode("utf-8")
        except UnicodeEncodeError:  # an id or message that quotes undecodable input: escape it
            rendered = json.dumps(out)
        stdout.write(rendered + "\n")
    return EXIT_OK


def render_text(report: Report) -> str:
    """A summary a person scans in a terminal: conflicts first, each with its sources and quotes."""
    claims = {c.id: c for c in report.claims}
    outlets = {s.id: s.outlet for s in report.sources}
    title = report.story.title or report.story.id
    lines = [
        f"{title}: {len(report.sources)} sources, {len(report.claims)} claims, "
        f"{report.summary.conflict} conflicts, {report.summary.agree} agreements, "
        f"{report.summary.addition} additions",
        "",
    ]
    headings = {"conflict": "CONFLICTS", "agree": "AGREEMENTS", "addition": "ADDITIONS"}
    for verdict, heading in headings.items():
        findings = [f for f in report.findings if f.verdict == verdict]
        if not findings:
            continue
        lines.append(f"{heading} ({len(findings)})")
        for f in findings:
            relation = f" ({f.relation})" if f.relation else ""
            lines.append(f"  {f.id} {f.kind} · {f.subject}{relation}")
            lines.append(f"      {f.explanation}")
            if verdict != "addition":
                for cid in f.claims:
                    c = claims[cid]
                    quote = c.sentence.replace(c.text, f"[{c.text}]", 1)
                    lines.append(f"      - {outlets[c.source]}: “{_clip(quote)}”")
        lines.append("")
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines).rstrip()


def _clip(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- check: a draft against its sources (the core is reconcile/check.py) --------------

DEFAULT_BASELINE = Path(".reconcile-baseline.json")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check",
        help="check drafts against their sources like a linter: exit 1 on findings at or above --fail-on",
        description="Each draft claim that contradicts the sources is an error, one no source states a warning.",
    )
    check.add_argument("drafts", nargs="+", type=Path, metavar="DRAFT", help="Markdown or plain-text draft(s)")
    given = check.add_mutually_exclusive_group()
    given.add_argument("--story", type=Path, metavar="DIR", help="the story directory of the draft's sources")
    given.add_argument("--source", type=Path, action="append", dest="sources", metavar="FILE", help="one source")
    check.add_argument("--published", type=_iso_date, metavar="DATE", help="the draft's date (else front matter)")
    check.add_argument("--fail-on", choices=FAIL_ON, help="exit 1 at or above this (default: conflict)")
    check.add_argument("--format", choices=FORMATS, help="output format (default: text)")
    check.add_argument("-v", "--verbose", action="store_true", help="show supported claims too")
    check.add_argument("--baseline", type=Path, metavar="FILE", help=f"accepted findings (default: {DEFAULT_BASELINE})")
    check.add_argument("--write-baseline", action="store_true", help="accept the current findings into the baseline")
    check.add_argument("--changed-lines", metavar="REV", help="report only findings on lines changed since REV (git)")
    check.add_argument("--config", type=Path, metavar="FILE", help="reconcile.toml or pyproject.toml to use")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    check.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to this file instead of stdout")


def _check(args: argparse.Namespace) -> int:
    """Translate: config, sources, dates, git and the terminal are read here; check_draft decides."""
    found = args.config or find_config(Path.cwd())
    config = load_config(found) if found else CheckConfig()
    settings = config.settings
    fail_on: FailOn = args.fail_on or config.fail_on or "conflict"
    fmt = args.format or config.format or "text"
    baseline_path: Path = args.baseline or config.baseline or DEFAULT_BASELINE
    baseline = None
    if baseline_path.is_file():
        baseline = parse_baseline(baseline_path.read_text(encoding="utf-8"), str(baseline_path))
    elif args.baseline and not args.write_baseline:
        raise ConfigError("no such baseline file (--write-baseline creates it)", where=str(baseline_path))
    today = date.today()  # only used for a draft with neither --published nor a date in its front matter

    results = []
    for path in args.drafts:
        raw = decode(path.read_bytes(), str(path), settings)
        shown = path.as_posix()
        sources = _check_sources(args, config, path, raw, settings)
        lines = _changed(path, args.changed_lines) if args.changed_lines else None
        results.append(
            check_draft(
                raw,
                shown,
                sources,
                args.published,
                settings,
                today=today,
                fail_on=fail_on,
                baseline=None if args.write_baseline else baseline,
                lines=lines,
            )
        )
    if args.write_baseline:
        written = updated_baseline(baseline, results)
        baseline_path.write_text(written.model_dump_json(indent=2) + "\n", encoding="utf-8")
        accepted = sum(len([f for f in r.findings if f.verdict != "agree"]) for r in results)
        print(f"reconcile: {accepted} finding(s) accepted into {baseline_path}", file=sys.stderr)
        return EXIT_OK

    color = args.color == "always" or (
        args.color == "auto" and args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    rendered = render_check(results, fmt, verbose=args.verbose, color=color)
    if fmt == "line":  # notes ("relative dates read against today") would break a line parser: stderr
        for note in (n for r in results for n in r.notes):
            print(f"reconcile: note: {note}", file=sys.stderr)
    if args.output:
        args.output.write_text(rendered + "\n", encoding="utf-8")
    elif rendered:
        sys.stdout.write(rendered + "\n")
    return EXIT_FINDINGS if any(r.failed for r in results) else EXIT_OK


def _check_sources(
    args: argparse.Namespace, config: CheckConfig, draft: Path, raw: str, settings: Settings
) -> list[Source]:
    """The draft's sources: --story or --source, else the draft's front matter (`story:`/`sources:`, relative to
    the draft), else the config's `story`/`sources`."""
    story, files = args.story, list(args.sources or [])
    if story is None and not files:
        front = parse_draft(raw, str(draft)).front_matter
        named = front.get("sources")
        if front.get("story"):
            story = draft.parent / str(front["story"])
        elif named:
            files = [draft.parent / str(n) for n in (named if isinstance(named, list) else [named])]
        elif config.story is not None:
            story = config.story
        else:
            files = list(config.sources)
    if story is not None:
        return load_story(story, settings)[1]
    if not files:
        raise ConfigError(
            "no sources: give --story DIR or --source FILE (or `story:` in the draft's front matter, "
            "or `story` in [tool.reconcile])",
            where=str(draft),
        )
    sources, seen = [], set()
    for file in files:
        source = load_source(file, settings)
        if source.id in seen:
            raise StoryError(f"source id {source.id!r} is given twice", where=str(file))
        seen.add(source.id)
        sources.append(source)
    return sources


def _changed(draft: Path, rev: str) -> frozenset[int] | None:
    """Lines of the draft changed since `rev` (`git diff -U0 REV -- DRAFT`); None when git does not track the
    draft yet, since then every line is new."""
    if rev.startswith("-"):
        raise InputError(f"--changed-lines: {rev!r} is not a revision")
    where = draft.parent if draft.parent.parts else Path(".")

    def git(*command: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(["git", *command], cwd=where, capture_output=True, text=True, check=False)
        except OSError as e:
            raise InputError(f"--changed-lines needs git: {e.strerror}") from e

    if git("rev-parse", "--is-inside-work-tree").returncode != 0:
        raise InputError("--changed-lines needs the draft to be in a git work tree", where=str(draft))
    if git("ls-files", "--error-unmatch", "--", draft.name).returncode != 0:
        return None
    done = git("diff", "-U0", "--no-color", "--no-ext-diff", rev, "--", draft.name)
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["git diff failed"])[0]
        raise InputError(f"--changed-lines {rev}: {message}", where=str(draft))
    return diff_lines(done.stdout)


if __name__ == "__main__":
    sys.exit(main())
