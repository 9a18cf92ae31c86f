"""Schema migrations with alembic: the scripts in api/migrations/versions, applied in order.

`upgrade(engine)` brings any database to the latest revision, in one transaction, and is safe to
run from several processes at once (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE).
`reconcile serve` and `reconcile keys` run it before anything else.

A new migration: change the tables in api/store.py, then
`.venv/bin/python -m api.migrate revision "what changed"` writes the script from the difference
between the tables and a database at the current head (review it before committing).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0001"  # the latest revision (a test checks it is alembic's head): a database there needs nothing
_LOCK_ID = 0x7265636F  # "reco": the PostgreSQL advisory lock that serializes migrations


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    """The database's revision, read without loading alembic (which takes most of a second to import)."""
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError:  # no table yet
        return None
    return found[0] if len(found) == 1 else None


def upgrade(engine: Engine) -> None:
    if current(engine) == HEAD:
        return
    from alembic import command

    config = _config()
    with engine.connect().execution_options(write=True) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def revision(message: str) -> None:
    """Write a new migration script from the tables' difference with a fresh database at head."""
    from alembic import command

    from .store import make_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/head.db")
        upgrade(engine)
        config = _config()
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.revision(config, message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m api.migrate revision "what changed"')
    revision(sys.argv[2])
