"""Who is calling: a bearer key of one newsroom, read-only or read-write, or anyone in --open mode.

Keys look like `rk_<key id>_<secret>`; the database keeps only their SHA-256 (`api.store`). A caller
sees only their newsroom's stories: another newsroom's story is answered 404, exactly as one that
does not exist, so ids do not leak. Handlers marked `opt={"write": True}` need a read-write key.
"""

from __future__ import annotations

from typing import Any, cast

import anyio.to_thread
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from .errors import ApiError, unauthorized
from .store import Principal, Store

SCOPE_KEY = "reconcile.principal"  # where the guard leaves the caller in the ASGI scope


async def authenticate(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """litestar guard: find the caller, refuse them when they may not, remember them for the handler."""
    state = connection.app.state
    if state.open_principal is not None:
        principal: Principal | None = state.open_principal
    else:
        header = connection.headers.get("authorization")
        if not header:
            raise unauthorized("auth.required", "this API needs a key: send `Authorization: Bearer <key>`")
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise unauthorized("auth.required", "send the key as `Authorization: Bearer <key>`")
        store: Store = state.store
        principal = await anyio.to_thread.run_sync(store.authenticate, token.strip())
        if principal is None:
            raise unauthorized("auth.invalid", "unknown or revoked key")
    assert principal is not None
    if handler.opt.get("write") and not principal.can_write:
        raise ApiError(403, "auth.read_only", "this key is read-only: the operation needs a read-write key")
    cast(dict[str, Any], connection.scope)[SCOPE_KEY] = principal


def principal(request: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """litestar dependency: the caller the guard found."""
    found = cast(dict[str, Any], request.scope).get(SCOPE_KEY)
    if not isinstance(found, Principal):
        raise ApiError(401, "auth.required", "not authenticated")
    return found
