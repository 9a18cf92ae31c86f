"""The README's REST API session, run as written (with curl and jq) against a real server."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import httpx

from ..conftest import ROOT, STORIES
from .server import Server, bearer


def readme_blocks() -> list[str]:
    """The shell blocks of the README's REST API section, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## REST API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)


def test_the_readme_curl_session_creates_a_story_and_reads_its_report(database_url: str, servers: list[Server]) -> None:
    for tool in ("bash", "curl", "jq"):
        assert shutil.which(tool), f"the README's session needs {tool}"
    setup, session = readme_blocks()
    env = {**os.environ, "RECONCILE_DATABASE_URL": database_url}
    # The setup block's first line, as written: a key for the newsroom `demo`.
    make_key = setup.splitlines()[0].split("#")[0].strip()
    assert make_key.startswith("TOKEN=$(.venv/bin/reconcile keys create")
    made = subprocess.run(
        ["bash", "-c", f'set -euo pipefail; {make_key}; echo "$TOKEN"'],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    token = made.stdout.strip()
    assert token.startswith("rk_") and "shown once" in made.stderr
    # Its second line: `reconcile serve` with its defaults, here on a free port.
    assert setup.splitlines()[1].startswith(".venv/bin/reconcile serve &")
    server = Server(database_url).start()
    servers.append(server)
    assert httpx.get(server.base + "/v1/stories").status_code == 401  # a key exists: keys are required

    script = session.replace("http://127.0.0.1:8000", server.base)
    done = subprocess.run(
        ["bash", "-c", "set -euo pipefail\n" + script],
        cwd=ROOT,
        env={**env, "TOKEN": token},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert json.loads(lines[0])["id"] == "nakatani-turkey"
    assert [json.loads(line)["sources"][0]["id"] for line in lines[1:3]] == ["hurriyet", "livemint"]
    summary, explanations = json.loads(lines[3]), json.loads(lines[4])
    assert summary["conflict"] >= 1 and any("Aug 17–22" in e for e in explanations)
    assert lines[5:] == ["304"]

    served = httpx.get(server.base + "/v1/stories/nakatani-turkey/report", headers=bearer(token)).json()
    printed = subprocess.run(
        [sys.executable, "-m", "reconcile", "report", str(STORIES / "nakatani-turkey"), "--format", "json"],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    assert served == json.loads(printed.stdout)
