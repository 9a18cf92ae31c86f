"""`reconcile keys` and `reconcile serve`: keys made, listed and revoked; errors in one line; who needs a key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from api.config import ApiConfig, database_url, is_loopback, open_by_default
from api.store import Store

from ..conftest import ROOT
from .server import Server, bearer


def reconcile(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reconcile", *args], cwd=ROOT, capture_output=True, text=True, env=env, check=False
    )


def test_keys_are_made_listed_and_revoked_and_their_secrets_shown_once(database_url: str) -> None:
    made = reconcile("keys", "create", "--newsroom", "daily", "--label", "ci job", "--db", database_url)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    key_id = token.split("_")[1]
    assert token.startswith("rk_") and key_id in made.stderr and token not in made.stderr
    reader = reconcile("keys", "create", "--newsroom", "rival", "--read-only", "--db", database_url).stdout.strip()
    listed = reconcile("keys", "list", "--db", database_url)
    assert listed.returncode == 0 and token not in listed.stdout and reader not in listed.stdout
    rows = {line.split()[0]: line.split() for line in listed.stdout.splitlines()[1:]}
    assert rows[key_id][1:3] == ["daily", "read-write"] and rows[reader.split("_")[1]][1:3] == ["rival", "read-only"]
    assert reconcile("keys", "list", "--newsroom", "rival", "--db", database_url).stdout.count("rival") == 1
    assert reconcile("keys", "revoke", key_id, "--db", database_url).returncode == 0
    store = Store.open(database_url)
    try:
        assert store.authenticate(token) is None
        assert store.authenticate(reader) is not None
    finally:
        store.close()
    again = reconcile("keys", "revoke", key_id, "--db", database_url)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "no active key" in again.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("keys", "list", "--db", "postgresql://postgres@127.0.0.1:1/nothing"),
        ("serve", "--db", "postgresql://postgres@127.0.0.1:1/nothing"),
        ("keys", "list", "--db", "nosuchdriver://x"),
        ("serve", "--db", "/proc/nonexistent/dir/x.db"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    done = reconcile(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("reconcile: error: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_the_commands_are_listed_and_explain_themselves() -> None:
    assert "serve" in reconcile("--help").stdout and "keys" in reconcile("--help").stdout
    helped = reconcile("serve", "--help")
    assert helped.returncode == 0 and "--db" in helped.stdout and "--open" in helped.stdout
    assert reconcile("keys", "create").returncode == 2  # --newsroom is required


@pytest.mark.parametrize(
    ("host", "has_keys", "expected"),
    [
        ("127.0.0.1", False, True),
        ("localhost", False, True),
        ("::1", False, True),
        ("127.0.0.1", True, False),
        ("0.0.0.0", False, False),
        ("192.168.1.10", False, False),
        ("example.org", False, False),
    ],
)
def test_no_key_is_needed_by_default_only_on_loopback_and_before_the_first_key(
    host: str, has_keys: bool, expected: bool
) -> None:
    assert open_by_default(host, has_keys) is expected
    assert is_loopback(host) is (host in ("127.0.0.1", "localhost", "::1"))


def test_a_fresh_local_server_is_open_and_a_no_open_one_is_not(tmp_path: Path, servers: list[Server]) -> None:
    url = f"sqlite:///{tmp_path}/open.db"
    server = Server(url).start()
    servers.append(server)
    with server.client() as anyone:
        assert anyone.post("/v1/stories", json={"id": "mine"}).status_code == 201
        assert anyone.get("/v1/stories").json()["stories"][0]["id"] == "mine"
    server.stop()
    closed = Server(url, "--no-open").start()
    servers.append(closed)
    assert httpx.get(closed.base + "/v1/stories").status_code == 401
    store = Store.open(url)
    key = store.create_key("open", can_write=False)[1]  # the stories made open belong to the newsroom `open`
    store.close()
    assert httpx.get(closed.base + "/v1/stories", headers=bearer(key)).json()["stories"][0]["id"] == "mine"


def test_configuration_comes_from_the_environment_and_urls_are_completed() -> None:
    config = ApiConfig.from_env({"RECONCILE_MAX_SOURCES": "7", "RECONCILE_OPEN": "yes", "RECONCILE_DATABASE_URL": "x"})
    assert (config.max_sources, config.open, config.database_url) == (7, True, "x")
    assert ApiConfig.from_env(config.to_env()) == config
    with pytest.raises(ValueError, match="RECONCILE_MAX_BODY_BYTES"):
        ApiConfig.from_env({"RECONCILE_MAX_BODY_BYTES": "lots"})
    assert database_url("stories.db") == "sqlite:///stories.db"
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    bad = reconcile("keys", "list", env={"RECONCILE_MAX_SOURCES": "0", "PATH": "/usr/bin"})
    assert bad.returncode == 2 and "RECONCILE_MAX_SOURCES" in bad.stderr


def test_the_docker_image_runs_reconcile_serve_on_every_address_with_its_database_in_a_volume() -> None:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    directive = {line.split()[0]: line.split(maxsplit=1)[1] for line in lines if line and not line.startswith("#")}
    command = json.loads(directive["ENTRYPOINT"]) + json.loads(directive["CMD"])
    assert command == ["reconcile", "serve", "--host", "0.0.0.0", "--port", "8000"]
    assert directive["ENV"] == "RECONCILE_DATABASE_URL=sqlite:////data/reconcile.db"
    assert directive["VOLUME"] == "/data" and '".[api]"' in directive["RUN"]
    assert not open_by_default("0.0.0.0", has_keys=False)  # so the image requires keys
