"""The HTTP adapter: a litestar app around the core. It translates requests, calls the core, maps errors."""

from .app import create_app

__all__ = ["create_app"]
