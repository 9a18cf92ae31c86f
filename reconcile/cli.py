"""`reconcile report|extract|schema`: translate arguments, call the core, print, map errors to exit codes.

Exit codes: 0 done, 1 findings at or above --fail-on (check), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from pydantic import TypeAdapter

from .errors import ReconcileError
from .extract import extract_claims
from .ingest import ingest
from .report import reconcile
from .settings import Settings
from .story import load_story, parse_source
from .types import Claim, Report, Source

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reconcile", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)

    report = commands.add_parser("report", help="the report of a story directory")
    report.add_argument("story", type=Path, help="directory of .json/.txt/.md sources (and an optional story.json)")
    report.add_argument("--format", choices=("json", "text"), default="text")
    report.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    commands.add_parser("extract", help="JSON Lines of sources on stdin -> JSON Lines of claims on stdout")

    schema = commands.add_parser("schema", help="the JSON Schema of a contract document")
    schema.add_argument("document", choices=("report", "source"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    _utf8(sys.stdout, "strict")  # documents are UTF-8 whatever the locale, as `-o` files are
    try:
        if args.command == "report":
            return _report(args.story, args.format, args.output, settings)
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
    if document == "report":
        return Report.model_json_schema(mode="serialization")
    return Source.model_json_schema(mode="validation")


def _report(directory: Path, fmt: str, output: Path | None, settings: Settings) -> int:
    story, sources = load_story(directory, settings)
    report = reconcile(sources, story, settings)
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


if __name__ == "__main__":
    sys.exit(main())
