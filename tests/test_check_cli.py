"""`reconcile check` on the command line: exit codes, sources, settings, baseline and changed lines.

Exit codes are checked on real processes; everything else through `main()` in this process, for speed.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from reconcile.cli import main

from .conftest import FIXTURES, ROOT, STORIES

SEED = STORIES / "nakatani-turkey"
WRONG = FIXTURES / "drafts" / "nakatani-wrong.md"
RIGHT = FIXTURES / "drafts" / "nakatani-right.md"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reconcile", "check", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
        check=False,
    )


# --- the acceptance, on real processes ---------------------------------------------


def test_a_draft_with_the_wrong_istanbul_date_fails_with_an_annotation_at_that_line() -> None:
    done = run("fixtures/drafts/nakatani-wrong.md", "--story", "fixtures/stories/nakatani-turkey", "--format", "github")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(
        "::error file=fixtures/drafts/nakatani-wrong.md,line=14,col=34,endLine=14,endColumn=41,"
        "title=reconcile date.conflict%3A visit to Istanbul::"
    )
    assert "The minister visited Istanbul on Aug. 21" in WRONG.read_text(encoding="utf-8").splitlines()[13]


def test_the_corrected_draft_passes() -> None:
    done = run("fixtures/drafts/nakatani-right.md", "--story", "fixtures/stories/nakatani-turkey")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("ok: 0 errors, 0 warnings")


def test_usage_and_input_errors_exit_2_with_one_line_and_no_traceback() -> None:
    done = run("fixtures/drafts/nakatani-right.md", "--published", "22/08/2025")
    assert done.returncode == 2
    assert "--published: not an ISO date" in done.stderr and "Traceback" not in done.stderr


# --- in-process -------------------------------------------------------------------------------


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.md", "--story", str(SEED)], "nowhere.md: No such file or directory"),
        ([str(RIGHT)], "no sources: give --story DIR or --source FILE"),
        ([str(RIGHT), "--story", str(FIXTURES)], "the story has no sources"),
        ([str(RIGHT), "--story", str(SEED), "--baseline", "missing.json"], "no such baseline file"),
        ([str(RIGHT), "--story", str(SEED), "--changed-lines=--cached"], "is not a revision"),
        ([str(RIGHT), "--source", str(SEED / "story.json")], "story.json: outlet: Field required"),
    ],
)
def test_input_errors_name_the_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = check(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith("reconcile: error: ") and message in err and len(err.splitlines()) == 1


def test_sources_one_by_one(capsys: pytest.CaptureFixture[str]) -> None:
    sources = ["--source", str(SEED / "hurriyet.txt"), "--source", str(SEED / "livemint.txt")]
    code, out, _ = check(capsys, str(WRONG), *sources, "--format", "line")
    assert code == 1 and out.count("\n") == 1 and ":14:34: error date.conflict: " in out
    code, _, err = check(capsys, str(WRONG), *sources[:2], *sources[:2])
    assert code == 2 and "source id 'hurriyet' is given twice" in err


def test_the_front_matter_names_the_story_relative_to_the_draft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft = tmp_path / "drafts" / "a.md"
    draft.parent.mkdir()
    text = WRONG.read_text(encoding="utf-8").replace("date: 2025-08-22", "date: 2025-08-22\nstory: ../story")
    draft.write_text(text, encoding="utf-8")
    (tmp_path / "story").mkdir()
    for source in ("hurriyet.txt", "livemint.txt"):
        (tmp_path / "story" / source).write_text((SEED / source).read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = check(capsys, str(draft), "--format", "line")
    assert code == 1 and ":15:34: error date.conflict" in out


def test_settings_come_from_pyproject_and_options_win(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.reconcile]\nstory = "{SEED.as_posix()}"\nformat = "line"\nfail-on = "never"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = check(capsys, str(WRONG))
    assert code == 0 and ": error date.conflict: " in out
    code, out, _ = check(capsys, str(WRONG), "--fail-on", "conflict", "--format", "json")
    assert code == 1 and json.loads(out)["failed"] is True


def test_write_baseline_then_the_accepted_conflict_is_quiet_until_it_changes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "draft.md"
    draft.write_text(WRONG.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = check(capsys, "draft.md", "--story", str(SEED), "--write-baseline")
    assert (code, out) == (0, "") and "1 finding(s) accepted into .reconcile-baseline.json" in err
    baseline = json.loads((tmp_path / ".reconcile-baseline.json").read_text(encoding="utf-8"))
    assert [(e["draft"], e["value"], e["sources"]) for e in baseline["findings"]] == [
        ("draft.md", "Aug 21", ["Aug 20"])
    ]

    code, out, _ = check(capsys, "draft.md", "--story", str(SEED), "--format", "line")
    assert (code, out) == (0, "")
    draft.write_text(draft.read_text(encoding="utf-8").replace("Aug. 21", "Aug. 22"), encoding="utf-8")
    code, out, _ = check(capsys, "draft.md", "--story", str(SEED), "--format", "line")
    assert code == 1 and "Aug 22" in out


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_changed_lines_limit_findings_to_lines_changed_since_a_revision(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    _git(tmp_path, "init", "-q", "-b", "main")
    draft = tmp_path / "draft.md"
    wrong = WRONG.read_text(encoding="utf-8")
    (tmp_path / "new.md").write_text(wrong, encoding="utf-8")
    draft.write_text(wrong, encoding="utf-8")
    _git(tmp_path, "add", "draft.md")
    _git(tmp_path, "commit", "-q", "-m", "base")
    args = ["--story", str(SEED), "--format", "line", "--changed-lines", "HEAD"]

    code, out, _ = check(capsys, "draft.md", *args)
    assert (code, out) == (0, "")  # the conflict was there before: not this change's
    draft.write_text(wrong.replace("tours Türkiye's", "visits Türkiye's"), encoding="utf-8")
    code, out, _ = check(capsys, "draft.md", *args)
    assert (code, out) == (0, "")  # a changed line without the conflict
    draft.write_text(wrong.replace("to tour military", "to see military"), encoding="utf-8")
    code, out, _ = check(capsys, "draft.md", *args)
    assert code == 1 and out.startswith("draft.md:14:34: error date.conflict")
    code, out, _ = check(capsys, "new.md", *args)  # untracked: every line is new
    assert code == 1
    code, _, err = check(capsys, "draft.md", "--story", str(SEED), "--changed-lines", "no-such-rev")
    assert code == 2 and "--changed-lines no-such-rev: " in err


def test_sarif_to_a_file_and_notes_of_the_line_format_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    undated = tmp_path / "undated.md"
    undated.write_text("Nakatani visited Istanbul.\n", encoding="utf-8")
    code, out, err = check(capsys, str(undated), "--story", str(SEED), "--format", "line")
    assert (code, out) == (0, "")
    assert "relative dates were read against today" in err
    target = tmp_path / "out.sarif"
    code, out, _ = check(capsys, str(WRONG), "--story", str(SEED), "--format", "sarif", "-o", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"][0]["ruleId"] == "date.conflict"


def test_several_drafts_in_one_run(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, str(RIGHT), str(WRONG), "--story", str(SEED), "--format", "json")
    assert code == 1
    assert [r["failed"] for r in json.loads(out)] == [False, True]


def test_schema_check_prints_the_json_formats_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "check"]) == 0
    published = json.loads(capsys.readouterr().out)
    assert published["title"] == "CheckResult" and "findings" in published["required"]


def _readme_runs() -> list[tuple[list[str], str, int]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Checking a draft", 1)[1].split("\n## ", 1)[0]
    runs = []
    for block in re.findall(r"```console\n\$ (.*?)\n```", section, re.S):
        command, _, output = block.partition("\n")
        args = shlex.split(command.split(";")[0])
        printed, _, code = output.rpartition("exit ")
        runs.append((args, printed, int(code)))
    return runs


def test_the_readme_shows_the_two_runs_as_they_are(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    runs = _readme_runs()
    assert [code for *_, code in runs] == [1, 0]
    for args, printed, code in runs:
        assert args[:2] == [".venv/bin/reconcile", "check"]
        assert main(args[1:]) == code
        assert capsys.readouterr().out == printed
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    annotation = re.search(r"```text\n(::error .*?)\n```", readme)
    assert annotation
    assert main(["check", *runs[0][0][2:], "--format", "github"]) == 1
    assert capsys.readouterr().out == annotation.group(1) + "\n"
