"""The HTTP adapter: a litestar app around the core. It translates requests, calls the core, maps errors.

`create_app` is imported on first use, so the `keys` command and the store load no web framework.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'api' has no attribute {name!r}")
