"""create_app(): the litestar application. Stories, storage and auth arrive with the API issue."""

from __future__ import annotations

from litestar import Litestar, get

from reconcile.types import SCHEMA_VERSION


@get("/health", sync_to_thread=False)
def health() -> dict[str, str]:
    return {"status": "ok", "schema_version": SCHEMA_VERSION}


def create_app() -> Litestar:
    return Litestar(route_handlers=[health])
