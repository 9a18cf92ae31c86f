"""The command line as users' scripts meet it: a real `python -m reconcile` process, its output and exit codes."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reconcile.cli import schema

from .conftest import ROOT, STORIES

jsonschema: Any = importlib.import_module("jsonschema")  # a dev dependency, without type stubs

SEED = STORIES / "nakatani-turkey"
GOOD = {
    "outlet": "Anatolia Wire",
    "published": "2025-08-21",
    "text": "Japanese Defense Minister Gen Nakatani visited Istanbul on Aug. 20, officials said on Thursday.",
}


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reconcile", *args]


def run(*args: str, stdin: bytes | None = None, env: Mapping[str, str] | None = None) -> Result:
    done = subprocess.run(
        _command(*args), input=stdin, capture_output=True, cwd=ROOT, timeout=120, env=_env(env), check=False
    )
    return Result(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8", "backslashreplace"))


def _env(extra: Mapping[str, str] | None) -> dict[str, str]:
    return {**os.environ, **(extra or {})}


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


# --- report on the bundled story ------------------------------------------------


@pytest.fixture(scope="module")
def report_schema() -> dict[str, Any]:
    result = run("schema", "report")
    assert result.code == 0, result.stderr
    published: dict[str, Any] = json.loads(result.stdout)
    return published


def test_json_report_of_the_bundled_story_follows_its_published_schema(
    report_schema: dict[str, Any], tmp_path: Path
) -> None:
    result = run("report", str(SEED), "--format", "json")
    assert (result.code, result.stderr) == (0, "")
    report = json.loads(result.stdout)
    assert report["schema_version"] == "1"
    assert report["story"] == {"id": "nakatani-turkey", "title": "Japanese defence minister visits Türkiye"}
    jsonschema.validate(report, report_schema)
    assert report["claims"] and report["findings"]
    verdicts = [f["verdict"] for f in report["findings"]]
    counts = {v: verdicts.count(v) for v in ("agree", "addition", "conflict")}
    assert {k: report["summary"][k] for k in counts} == counts  # the contract's counts; extensions may follow

    # -o writes the same document to the file, and nothing to stdout.
    out = tmp_path / "report.json"
    written = run("report", str(SEED), "--format", "json", "-o", str(out))
    assert (written.code, written.stdout, written.stderr) == (0, "", "")
    assert json.loads(out.read_text(encoding="utf-8")) == report


def test_text_report_leads_with_the_title_then_conflicts_before_agreements() -> None:
    # text is the default format; UTF-8 whatever the locale says (the report quotes with “ ” and ·)
    result = run("report", str(SEED), env={"PYTHONIOENCODING": "ascii"})
    assert (result.code, result.stderr) == (0, "")
    text = result.stdout
    assert text.startswith("Japanese defence minister visits Türkiye")
    assert "CONFLICTS (" in text
    assert "AGREEMENTS (" in text
    assert text.index("CONFLICTS (") < text.index("AGREEMENTS (")


def test_report_to_an_unwritable_place_is_an_input_error(tmp_path: Path) -> None:
    result = run("report", str(SEED), "-o", str(tmp_path / "no" / "such" / "dir" / "report.txt"))
    assert result.code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "report.txt" in result.stderr
    assert "Traceback" not in result.stderr


# --- bad story directories: exit 2, one line on stderr naming the file and the problem ------------


@dataclass(frozen=True)
class BadStory:
    """A story directory with one problem: what the message must name, and how it says what is wrong."""

    make: Callable[[Path], Path]  # builds the story in the directory, returns the path the message must name
    problem: str  # a phrase of the message that says what is wrong
    code: str  # the error's code, printed in brackets


def _json(name: str, value: object) -> Callable[[Path], Path]:
    def make(story: Path) -> Path:
        path = story / name
        path.write_text(json.dumps(value), encoding="utf-8")
        return path

    return make


def _bytes(name: str, data: bytes, *, with_good_source: bool = False) -> Callable[[Path], Path]:
    def make(story: Path) -> Path:
        if with_good_source:
            (story / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
        path = story / name
        path.write_bytes(data)
        return path

    return make


def _fifty_megabytes(story: Path) -> Path:
    path = story / "huge.txt"
    chunk = ("The minister visited Ankara on Tuesday and Istanbul on Wednesday. " * 16_000).encode()[: 1 << 20]
    with path.open("wb") as f:
        for _ in range(50):
            f.write(chunk)
    return path


def _over_the_character_limit(story: Path) -> Path:
    """Small enough on disk to be read, too long once decoded: the limit is on the text's characters."""
    path = story / "long.txt"
    path.write_text("The talks went on. " * 140_000, encoding="utf-8")  # 2.66 million characters
    return path


def _nothing(story: Path) -> Path:
    return story


def _missing(story: Path) -> Path:
    return story / "no-such-story"


def _same_id(story: Path) -> Path:
    (story / "a.json").write_text(json.dumps({**GOOD, "id": "wire"}), encoding="utf-8")
    (story / "b.json").write_text(json.dumps({**GOOD, "id": "wire"}), encoding="utf-8")
    return story / "b.json"


def _bad_story_file(story: Path) -> Path:
    (story / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    path = story / "story.json"
    path.write_text(json.dumps({"id": "s", "title": 5}), encoding="utf-8")
    return path


def _line_break_in_name(story: Path) -> Path:
    (story / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    path = story / "notes\nfinal.pdf"
    path.write_text("x", encoding="utf-8")
    return story / "notes\\nfinal.pdf"  # as the one-line message writes it


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66"
BAD_STORIES: dict[str, BadStory] = {
    "empty file": BadStory(_bytes("a.json", b""), "empty", "input.empty"),
    "binary file": BadStory(_bytes("photo.json", PNG * 20), "binary", "input.binary"),
    "invalid JSON": BadStory(_bytes("a.json", b'{"outlet": "A", "text": '), "invalid JSON", "input.format"),
    "JSON array": BadStory(_json("a.json", [GOOD]), "must be a JSON object", "input.format"),
    "neither text nor html": BadStory(
        _json("a.json", {"outlet": "A", "published": "2025-08-21"}), "exactly one of `text` or `html`", "input.format"
    ),
    "both text and html": BadStory(
        _json("a.json", {**GOOD, "html": "<p>Hello there.</p>"}), "exactly one of `text` or `html`", "input.format"
    ),
    "missing outlet": BadStory(_json("a.json", {"text": GOOD["text"]}), "outlet", "input.format"),
    "unknown file type": BadStory(
        _bytes("notes.pdf", b"%PDF-1.7 notes", with_good_source=True), "unknown file type '.pdf'", "input.file_type"
    ),
    "50 MB text": BadStory(_fifty_megabytes, "over the limit", "input.too_large"),
    "text over the character limit": BadStory(_over_the_character_limit, "over the limit", "input.too_large"),
    "published not a date": BadStory(_json("a.json", {**GOOD, "published": "not a date"}), "published", "input.date"),
    "not UTF-8": BadStory(
        _bytes("a.txt", "Le ministre a visité Ankara le 19 août 2025, a déclaré l'agence.".encode("latin-1")),
        "not UTF-8",
        "input.encoding",
    ),
    "nonexistent directory": BadStory(_missing, "not a directory", "input.story"),
    "empty directory": BadStory(_nothing, "no sources", "input.story"),
    "two files with one id": BadStory(_same_id, "'wire' is used by a.json", "input.story"),
    "blank text": BadStory(_json("a.json", {**GOOD, "text": " \n\t "}), "no text", "input.empty"),
    "lone surrogate": BadStory(_json("a.json", {**GOOD, "text": "Talks \ud800 ended."}), "Unicode", "input.encoding"),
    "story.json title not a string": BadStory(_bad_story_file, "story.json must be", "input.story"),
    "line break in a file name": BadStory(_line_break_in_name, "unknown file type", "input.file_type"),
}


@pytest.fixture(scope="module")
def bad_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Path, Result]]]:
    """Every bad story through the CLI, the processes run side by side."""
    started: dict[str, tuple[Path, subprocess.Popen[bytes]]] = {}
    try:
        for name, bad in BAD_STORIES.items():
            story = tmp_path_factory.mktemp("story")
            named = bad.make(story)
            target = named if name == "nonexistent directory" else story
            process = subprocess.Popen(
                _command("report", str(target), "--format", "json"),
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            started[name] = (named, process)
        results = {}
        for name, (named, process) in started.items():
            out, err = process.communicate(timeout=120)
            results[name] = (named, Result(process.returncode, out.decode("utf-8"), err.decode("utf-8")))
        yield results
    finally:
        for _named, process in started.values():
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.mark.parametrize("case", list(BAD_STORIES))
def test_bad_story_exits_2_with_one_line_naming_the_file_and_the_problem(
    case: str, bad_runs: dict[str, tuple[Path, Result]]
) -> None:
    named, result = bad_runs[case]
    bad = BAD_STORIES[case]
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("reconcile: error: ")
    assert str(named) in line, f"{line!r} does not name {named}"
    assert bad.problem in line
    assert line.endswith(f"[{bad.code}]")


def test_usage_errors_exit_2_without_a_traceback() -> None:
    result = run("report")
    assert result.code == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_story_dated_at_the_end_of_the_calendar_is_reported_or_refused_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "late.txt").write_text(
        "date 9999-12-31\nThe talks will begin next year and end tomorrow, officials said on Tuesday.\n",
        encoding="utf-8",
    )
    result = run("report", str(tmp_path), "--format", "json")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.code in (0, 2), result.stderr


# --- extract: JSON Lines in, one line out per line in, errors in band -------------------------------


def _source(sid: str, text: str, **fields: str) -> dict[str, str]:
    return {"id": sid, "outlet": sid.title(), "published": "2025-08-21", "text": text, **fields}


def test_extract_answers_every_line_in_order_and_goes_on_after_bad_ones() -> None:
    good = {
        "first": _source("first", "Nakatani visited Istanbul on Aug. 20, officials said."),
        "second": _source("second", "The talks lasted more than 90 minutes on Tuesday, officials said."),
        "third": _source("third", "The minister toured Türkiye’s Baykar on Wednesday, officials said."),
        "fourth": _source("fourth", "Nakatani is scheduled to visit Istanbul on Wednesday.", published="2025-08-19"),
    }
    lines: list[bytes] = [
        json.dumps(good["first"]).encode(),
        b'{"id": "broken", "outlet": ',
        json.dumps({"id": "anonymous", "text": "The talks ended on Aug. 20, officials said."}).encode(),
        json.dumps(good["second"]).encode(),
        b"   ",  # blank lines get no answer
        json.dumps(_source("blank", "")).encode(),
        json.dumps(good["third"], ensure_ascii=False).encode(),
        json.dumps(["not", "an", "object"]).encode(),
        json.dumps({**_source("undated", "The talks ended on Aug. 20."), "published": "not a date"}).encode(),
        b'{"id": "latin", "outlet": "L", "published": "2025-08-21", "text": "Caf\xe9 talks on Aug. 20."}',
        json.dumps(good["fourth"]).encode(),
    ]
    # A locale that cannot write the output must not matter: JSON Lines are UTF-8.
    result = run("extract", stdin=b"\n".join(lines) + b"\n", env={"PYTHONIOENCODING": "ascii"})
    assert (result.code, result.stderr) == (0, "")
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a.get("id") for a in answers] == [
        "first",
        None,
        "anonymous",
        "second",
        "blank",
        "third",
        None,
        "undated",
        "latin",
        "fourth",
    ]

    errors = {a["id"]: a["error"] for a in answers if "error" in a}
    assert set(errors) == {None, "anonymous", "blank", "undated", "latin"}
    assert [a["error"]["code"] for a in answers if a["id"] is None] == ["input.format", "input.format"]
    assert errors["anonymous"]["code"] == "input.format"
    assert "outlet" in errors["anonymous"]["message"]
    assert errors["blank"]["code"] == "input.empty"
    assert errors["undated"]["code"] == "input.date"
    assert errors["latin"]["code"] == "input.encoding"
    for error in errors.values():
        assert set(error) == {"code", "message"}
        assert error["message"] and "\n" not in error["message"]

    claim_schema = {"$ref": "#/$defs/Claim", "$defs": schema("report")["$defs"]}
    claims = {a["id"]: a["claims"] for a in answers if "claims" in a}
    assert set(claims) == set(good)
    for sid, found in claims.items():
        assert found, f"{sid} got no claims"
        for claim in found:
            jsonschema.validate(claim, claim_schema)
            start, end = claim["span"]
            assert good[sid]["text"][start:end] == claim["text"]
            assert claim["source"] == sid
    assert ("duration", "more than 90 minutes") in {(c["kind"], c["text"]) for c in claims["second"]}
    assert ("date", "Wednesday") in {(c["kind"], c["text"]) for c in claims["third"]}
    assert [c["value"] for c in claims["fourth"] if c["text"] == "Wednesday"] == [
        {"start": "2025-08-20", "end": "2025-08-20", "granularity": "day"}
    ]


# --- schema --------------------------------------------------------------------------------------------


def test_schema_source_accepts_a_good_source_and_rejects_bad_ones() -> None:
    result = run("schema", "source")
    assert (result.code, result.stderr) == (0, "")
    source_schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(source_schema)
    jsonschema.validate({**GOOD, "id": "wire", "url": "https://example.com/a", "title": "Talks"}, source_schema)
    jsonschema.validate({"outlet": "A", "html": "<p>Hi.</p>"}, source_schema)
    for bad in (
        {"text": "no outlet"},
        {**GOOD, "outlet": ""},
        {**GOOD, "text": 5},
        {**GOOD, "body": "an unknown field"},
        [GOOD],
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, source_schema)


def test_schema_report_is_a_valid_json_schema(report_schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(report_schema)
    assert report_schema["properties"]["schema_version"]["const"] == "1"
    assert {"story", "sources", "claims", "findings", "summary"} <= set(report_schema["required"])


def test_schema_source_rejects_a_source_with_neither_text_nor_html_as_the_cli_does() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"outlet": "A"}, schema("source"))
