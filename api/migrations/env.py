"""Alembic's entry point: migrate on the connection `api.migrate.upgrade` hands over, in its transaction."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from api.store import metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through api.migrate.upgrade(engine), which passes a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
