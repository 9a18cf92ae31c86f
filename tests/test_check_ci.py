"""The pre-commit hook (.pre-commit-hooks.yaml) and the GitHub Actions workflow in docs/ci.md: parsed, and the
commands they name run on a scratch newsroom repository (drafts/ and a reconcile.toml naming the story)."""

from __future__ import annotations

import importlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import FIXTURES, ROOT, STORIES

yaml: Any = importlib.import_module("yaml")  # PyYAML, a dev dependency
jsonschema: Any = importlib.import_module("jsonschema")

WRONG = (FIXTURES / "drafts" / "nakatani-wrong.md").read_text(encoding="utf-8")
RIGHT = (FIXTURES / "drafts" / "nakatani-right.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent  # where `reconcile` is installed next to this Python
# pre-commit's manifest: what a hook must have, and the languages it knows (pre_commit/clientlib.py)
HOOK_REQUIRED = {"id", "name", "entry", "language"}
LANGUAGES = {"conda", "coursier", "dart", "docker", "docker_image", "dotnet", "fail", "golang", "haskell", "julia"}
LANGUAGES |= {
    "lua",
    "node",
    "perl",
    "pygrep",
    "python",
    "r",
    "ruby",
    "rust",
    "script",
    "swift",
    "system",
    "unsupported",
}


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1", **extra}


def _git(cwd: Path, *args: str) -> None:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main", *args]
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A repository with a draft and the story its reconcile.toml names."""
    repo = tmp_path / "newsroom"
    (repo / "drafts").mkdir(parents=True)
    shutil.copytree(STORIES / "nakatani-turkey", repo / "stories" / "nakatani-turkey")
    (repo / "reconcile.toml").write_text('story = "stories/nakatani-turkey"\n', encoding="utf-8")
    return repo


def test_the_pre_commit_hook_definition_is_one_pre_commit_reads() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and [h["id"] for h in hooks] == ["reconcile-check"]
    [hook] = hooks
    assert set(hook) >= HOOK_REQUIRED and hook["language"] in LANGUAGES
    assert re.search(hook["files"], "drafts/minister-visit.md")
    assert set(hook["types_or"]) == {"markdown", "plain-text"}  # identify's tags for .md and .txt
    assert shlex.split(hook["entry"])[:2] == ["reconcile", "check"]


def test_the_pre_commit_hook_fails_a_commit_of_a_wrong_draft_and_passes_the_right_one(newsroom: Path) -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (newsroom / "drafts" / "wrong.md").write_text(WRONG, encoding="utf-8")
    (newsroom / "drafts" / "right.md").write_text(RIGHT, encoding="utf-8")
    staged = ["drafts/right.md", "drafts/wrong.md"]  # pre-commit passes the staged files that match
    done = subprocess.run(
        [*shlex.split(hook["entry"]), *staged], cwd=newsroom, env=_env(), capture_output=True, text=True, check=False
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "drafts/wrong.md:14:34: error date.conflict: visit to Istanbul: the draft says Aug 21 (“Aug. 21”), "
        "but hurriyet and livemint say Aug 20 (as a plan): the dates do not overlap."
    ]


def _workflow() -> dict[Any, Any]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]
    [workflow] = [b for b in blocks if isinstance(b, dict) and "jobs" in b]
    found: dict[Any, Any] = workflow
    return found


def test_the_example_workflow_is_a_github_actions_workflow() -> None:
    workflow = _workflow()
    assert workflow[True]["pull_request"]["paths"] == ["drafts/**"]  # YAML 1.1 reads the key `on` as True
    assert workflow["permissions"]["security-events"] == "write"
    [job] = workflow["jobs"].values()
    uses = [step.get("uses", "").split("@")[0] for step in job["steps"]]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert "github/codeql-action/upload-sarif" in uses
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    runs = [s["run"] for s in job["steps"] if "run" in s and s["run"].startswith("reconcile check")]
    assert len(runs) == 2 and upload["with"]["sarif_file"] in runs[1]


def test_the_example_workflows_commands_annotate_a_pull_request_and_write_valid_sarif(
    newsroom: Path, tmp_path: Path
) -> None:
    """As the workflow runs them, on a clone whose base branch had the draft right and whose change made it wrong."""
    (newsroom / "drafts" / "visit.md").write_text(RIGHT, encoding="utf-8")
    _git(newsroom, "init", "-q")
    _git(newsroom, "add", ".")
    _git(newsroom, "commit", "-q", "-m", "the draft as the desk approved it")
    clone = tmp_path / "checkout"
    _git(tmp_path, "clone", "-q", str(newsroom), str(clone))
    (clone / "drafts" / "visit.md").write_text(WRONG, encoding="utf-8")

    [job] = _workflow()["jobs"].values()
    annotate, scan = [s["run"] for s in job["steps"] if "run" in s and s["run"].startswith("reconcile check")]
    env = _env(GITHUB_BASE_REF="main")

    def step(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, check=False)

    done = step(annotate)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::error file=drafts/visit.md,line=14,col=34,")
    done = step(scan)
    assert done.returncode == 0, done.stderr
    log = json.loads((clone / "reconcile.sarif").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["date.conflict"]
