"""Each `reconcile check` format's exact output for one draft; SARIF valid against the OASIS 2.1.0 schema.

The expected outputs are files in tests/data/check/; after a deliberate change of a format (or of what the
pipeline finds in the draft), rewrite them with `RECONCILE_UPDATE_EXPECTED=1 pytest tests/test_check_formats.py`
and read the diff.
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from reconcile.check import CheckResult, check_draft
from reconcile.check_formats import FORMATS, render, render_github, render_line, sarif_log
from reconcile.cli import schema
from reconcile.settings import Settings
from reconcile.story import load_story

from .conftest import FIXTURES, ROOT, STORIES

jsonschema: Any = importlib.import_module("jsonschema")  # a dev dependency, without type stubs

DATA = ROOT / "tests" / "data"
EXPECTED = DATA / "check"
SUFFIX = {"text": "txt", "json": "json", "line": "line", "sarif": "sarif", "github": "github"}
SETTINGS = Settings()
SOURCES = load_story(STORIES / "nakatani-turkey", SETTINGS)[1]


def result_of(name: str, **kwargs: Any) -> CheckResult:
    path = f"fixtures/drafts/{name}"
    text = (FIXTURES / "drafts" / name).read_text(encoding="utf-8")
    return check_draft(text, path, SOURCES, settings=SETTINGS, **kwargs)


@pytest.fixture(scope="module")
def noisy() -> CheckResult:
    return result_of("nakatani-noisy.md")


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return loaded


def _expected(path: Path, actual: str) -> str:
    if os.environ.get("RECONCILE_UPDATE_EXPECTED"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").removesuffix("\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_prints_exactly_what_it_did_for_the_noisy_draft(fmt: str, noisy: CheckResult) -> None:
    actual = render([noisy], fmt)
    assert actual == _expected(EXPECTED / f"nakatani-noisy.{SUFFIX[fmt]}", actual)


def test_the_line_format_is_path_line_col_severity_rule_message(noisy: CheckResult) -> None:
    assert render_line([noisy]).splitlines() == [
        "fixtures/drafts/nakatani-noisy.md:12:44: error person.conflict: Nakatani: the draft says Nakatani "
        "(foreign minister gen) (“Nakatani”), but hurriyet says Nakatani (defense minister gen): the titles differ.",
        "fixtures/drafts/nakatani-noisy.md:16:7: error duration.conflict: meeting in Ankara: the draft says "
        "45 minutes (“45-minute”), but hurriyet says more than 1 hour 30 minutes: the durations cannot both hold.",
        "fixtures/drafts/nakatani-noisy.md:24:3: warning quantity.unsupported: have bid: no source states "
        "about 40 companies (“Some 40 companies”).",
    ]


def test_verbose_adds_the_supported_claims_as_notes(noisy: CheckResult) -> None:
    lines = render_line([noisy], verbose=True).splitlines()
    assert len(lines) == len(noisy.findings) == 11
    assert any(
        line.startswith(
            "fixtures/drafts/nakatani-noisy.md:13:50: note date.agree: tour of Baykar: Aug 20 (“Wednesday”)"
        )
        for line in lines
    )


def test_github_annotations_escape_what_workflow_commands_reserve() -> None:
    result = result_of("nakatani-wrong.md")
    odd = result.model_copy(update={"draft": result.draft.model_copy(update={"path": "a,b:c%.md"})})
    [line] = render_github([odd]).splitlines()
    assert line.startswith("::error file=a%2Cb%3Ac%25.md,line=14,col=34,endLine=14,endColumn=41,")
    assert "title=reconcile date.conflict%3A visit to Istanbul::" in line


def test_github_annotations_carry_notes_as_notices() -> None:
    text = "Nakatani visited Istanbul on Wednesday.\n"
    result = check_draft(text, "d.md", SOURCES, settings=SETTINGS, today=__import__("datetime").date(2025, 8, 21))
    assert render_github([result]).splitlines()[0].startswith("::notice file=d.md,title=reconcile::d.md: no ")


def test_the_text_format_is_coloured_only_when_asked(noisy: CheckResult) -> None:
    assert "\x1b[" not in render([noisy], "text")
    coloured = render([noisy], "text", color=True)
    assert "\x1b[1;31mERRORS (2)\x1b[0m" in coloured and "\x1b[1;33mWARNINGS (1)\x1b[0m" in coloured


def test_sarif_is_valid_against_the_oasis_schema(noisy: CheckResult, sarif_schema: dict[str, Any]) -> None:
    wrong = result_of("nakatani-wrong.md", today=None)
    undated = check_draft("Nakatani visited Istanbul on Aug. 20.\n", "x y.md", SOURCES, settings=SETTINGS)
    for results in ([noisy], [noisy, wrong, undated], []):
        log = json.loads(render(results, "sarif", verbose=True))
        jsonschema.Draft4Validator(sarif_schema).validate(log)


def test_the_vendored_sarif_schema_is_the_oasis_one(sarif_schema: dict[str, Any]) -> None:
    jsonschema.Draft4Validator.check_schema(sarif_schema)
    assert sarif_schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    assert sarif_schema["properties"]["version"]["enum"] == ["2.1.0"]
    invalid = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}  # a driver needs a name
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema).validate(invalid)


def test_sarif_results_point_at_the_draft_with_rules_and_fingerprints(noisy: CheckResult) -> None:
    log: dict[str, Any] = sarif_log([noisy])
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    first = run["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "person.conflict"
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "fixtures/drafts/nakatani-noisy.md"
    assert location["region"] == {
        "startLine": 12,
        "startColumn": 44,
        "endLine": 12,
        "endColumn": 52,
        "snippet": {"text": "Nakatani"},
    }
    assert first["partialFingerprints"]["reconcileFinding/v1"] == noisy.findings[2].fingerprint
    assert run["columnKind"] == "unicodeCodePoints"


def test_the_json_format_follows_the_published_check_schema(noisy: CheckResult) -> None:
    published = schema("check")
    jsonschema.Draft202012Validator.check_schema(published)
    one = json.loads(render([noisy], "json"))
    jsonschema.Draft202012Validator(published).validate(one)
    several = json.loads(render([noisy, noisy], "json"))
    assert isinstance(several, list) and len(several) == 2
    assert CheckResult.model_validate(one) == noisy


def test_nothing_to_report_prints_an_ok_summary_and_no_lines() -> None:
    right = result_of("nakatani-right.md")
    assert render_line([right]) == "" and render_github([right]) == ""
    assert render([right], "text").splitlines()[-1] == (
        "ok: 0 errors, 0 warnings; 11 supported claims not shown (--verbose shows them)"
    )
