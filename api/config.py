"""The service's settings: where the database is, who may call it, how much one request may carry.

One frozen object, built from `reconcile serve` options or the environment (for workers started by the
server, and for the Docker image), and passed to `create_app()`; nothing else reads the environment.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///reconcile.db"
ENV_PREFIX = "RECONCILE_"


@dataclass(frozen=True)
class ApiConfig:
    database_url: str = DEFAULT_DATABASE_URL
    """SQLAlchemy URL: `sqlite:///FILE` (the default, next to where the server runs) or `postgresql://...`."""

    open: bool = False
    """No keys: every caller is the one `open` newsroom, with write access. For local use only."""

    max_body_bytes: int = 4 * 1024 * 1024
    """Largest request body accepted; a larger one is answered 413 before it is read."""

    max_sources: int = 200
    """Most sources in one story, and in one stateless /v1/reconcile request."""

    max_text_chars: int = 1_000_000
    """Longest text (or HTML) of one source, in characters: the core's `Settings.max_source_chars`."""

    def with_env(self, env: Mapping[str, str]) -> ApiConfig:
        """This configuration, with what `RECONCILE_*` variables set over it."""
        changes: dict[str, object] = {}
        if url := env.get(ENV_PREFIX + "DATABASE_URL"):
            changes["database_url"] = url
        if (value := env.get(ENV_PREFIX + "OPEN")) is not None:
            changes["open"] = value.strip().lower() in ("1", "true", "yes", "on")
        for name in ("max_body_bytes", "max_sources", "max_text_chars"):
            if (value := env.get(ENV_PREFIX + name.upper())) is not None:
                changes[name] = _positive(name, value)
        return replace(self, **changes)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The variables that make `from_env()` give back this configuration (for server workers)."""
        return {
            ENV_PREFIX + "DATABASE_URL": self.database_url,
            ENV_PREFIX + "OPEN": "1" if self.open else "0",
            ENV_PREFIX + "MAX_BODY_BYTES": str(self.max_body_bytes),
            ENV_PREFIX + "MAX_SOURCES": str(self.max_sources),
            ENV_PREFIX + "MAX_TEXT_CHARS": str(self.max_text_chars),
        }

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ApiConfig:
        return cls().with_env(os.environ if env is None else env)


def _positive(name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{ENV_PREFIX}{name.upper()}: {value!r} is not a whole number") from None
    if number < 1:
        raise ValueError(f"{ENV_PREFIX}{name.upper()}: must be at least 1, not {number}")
    return number


def database_url(value: str) -> str:
    """A SQLAlchemy URL from what a user types: a URL, or a plain path to a SQLite file.

    `postgres://` and `postgresql://` use psycopg 3, the driver this package installs.
    """
    if "://" not in value:
        return f"sqlite:///{Path(value)}"
    scheme, rest = value.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    return value


def is_loopback(host: str) -> bool:
    """Whether a listening address is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def open_by_default(host: str, has_keys: bool) -> bool:
    """Whether `reconcile serve` runs without keys when neither --open nor --no-open is given:
    only where no one else can reach it, and only until the first key exists."""
    return is_loopback(host) and not has_keys
