"""Databases for the API tests: a SQLite file, or a fresh PostgreSQL database, per test or per module.

Every storage test runs on both. PostgreSQL comes from $RECONCILE_TEST_POSTGRES_URL (default: the
local server, user postgres, trust auth); the tests create their own uniquely named databases in it
and drop them afterwards, so reruns and parallel runs never meet. If the server cannot be reached the
PostgreSQL tests FAIL: they never skip, so CI cannot pass without them.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from .server import Server

BACKENDS = ("sqlite", "postgresql")
POSTGRES_URL = os.environ.get("RECONCILE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_START_HINT = "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


class Databases:
    """Hands out empty databases: a SQLite file, or a PostgreSQL schema of this session's own database.

    One PostgreSQL database per session (dropping a database forces a checkpoint: one, not one per
    test), and a fresh schema in it per request, reached through the connection's search_path.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.name = f"reconcile_test_{os.getpid()}_{secrets.token_hex(4)}"
        self._admin: Engine | None = None
        self._session: Engine | None = None

    def _postgres(self) -> Engine:
        if self._session is None:
            admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", pool_size=1)
            problem = None
            try:
                with admin.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{self.name}"'))
            except SQLAlchemyError as e:
                problem = f"{type(e).__name__}: {str(getattr(e, 'orig', e)).strip().splitlines()[0]}"
            if problem:
                shown = make_url(POSTGRES_URL).render_as_string(hide_password=True)
                pytest.fail(
                    f"PostgreSQL is unreachable at {shown} ({problem}); the storage tests need it: {_START_HINT}",
                    pytrace=False,
                )
            self._admin = admin
            self._session = create_engine(self.url(), isolation_level="AUTOCOMMIT", pool_size=1)
        return self._session

    def url(self, schema: str | None = None) -> str:
        url = make_url(POSTGRES_URL).set(database=self.name)
        if schema:
            url = url.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def new(self, backend: str) -> str:
        name = f"t_{secrets.token_hex(6)}"
        if backend == "sqlite":
            return f"sqlite:///{self.root / (name + '.db')}"
        with self._postgres().connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        return self.url(name)

    def drop_all(self) -> None:
        if self._session is not None:
            self._session.dispose()
        if self._admin is not None:
            with self._admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self._admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    made = Databases(tmp_path_factory.mktemp("databases"))
    yield made
    made.drop_all()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, databases: Databases) -> str:
    """A fresh, empty database of each backend, for one test."""
    return databases.new(request.param)


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(request: pytest.FixtureRequest, databases: Databases) -> str:
    """A fresh database of each backend, shared by a module's tests."""
    return databases.new(request.param)


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    """Servers a test starts itself; stopped when it ends, whatever happened."""
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()
