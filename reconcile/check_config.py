"""`reconcile check` settings from `[tool.reconcile]` in pyproject.toml or from a reconcile.toml.

    # reconcile.toml (top level), or pyproject.toml under [tool.reconcile]
    story = "stories/nakatani-turkey"      # or: sources = ["a.json", "b.txt"]
    fail-on = "unsupported"                 # conflict (default) | unsupported | never
    format = "text"                         # text | json | line | sarif | github
    baseline = ".reconcile-baseline.json"  # accepted findings (`--write-baseline` writes it)

    [tool.reconcile.tolerances]             # in reconcile.toml: [tolerances]
    about-tolerance = 0.1                   # any field of reconcile.Settings, in kebab or snake case

Paths are relative to the file that names them. The nearest reconcile.toml, or pyproject.toml that has a
`[tool.reconcile]` table, from the given directory upward is used; command-line options win over it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import cast

from .check import ConfigError, FailOn
from .settings import Settings

CONFIG_FILE = "reconcile.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON: tuple[FailOn, ...] = ("conflict", "unsupported", "never")
FORMATS = ("text", "json", "line", "sarif", "github")
_KEYS = frozenset({"story", "sources", "fail-on", "format", "baseline", "tolerances"})


@dataclass(frozen=True)
class CheckConfig:
    path: Path | None = None
    story: Path | None = None
    sources: tuple[Path, ...] = ()
    fail_on: FailOn | None = None
    format: str | None = None
    baseline: Path | None = None
    settings: Settings = field(default_factory=Settings)


def find_config(start: Path) -> Path | None:
    """The nearest reconcile.toml, or pyproject.toml with a [tool.reconcile] table, in `start` or above it."""
    for directory in [start, *start.parents]:
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file():
            tool = _read(pyproject).get("tool")
            if isinstance(tool, dict) and "reconcile" in tool:
                return pyproject
    return None


def _read(path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"not valid TOML: {e}", where=str(path)) from e


def load_config(path: Path) -> CheckConfig:
    data = _read(path)
    if path.name == PYPROJECT:
        tool = data.get("tool")
        table = tool.get("reconcile", {}) if isinstance(tool, dict) else {}
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError("[tool.reconcile] must be a table", where=str(path))
    return config_from(table, path)


def config_from(table: dict[str, object], path: Path) -> CheckConfig:
    where, base = str(path), path.parent
    table = {key.replace("_", "-"): value for key, value in table.items()}
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})", where=where)

    def text(key: str, allowed: tuple[str, ...] | None = None) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or (allowed and value not in allowed):
            choices = f"one of {', '.join(allowed)}" if allowed else "a string"
            raise ConfigError(f"{key} must be {choices}, not {value!r}", where=where)
        return value

    sources = table.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ConfigError("sources must be a list of paths", where=where)
    story, baseline = text("story"), text("baseline")
    fail_on = text("fail-on", FAIL_ON)
    return CheckConfig(
        path=path,
        story=base / story if story else None,
        sources=tuple(base / s for s in cast(list[str], sources)),
        fail_on=cast(FailOn | None, fail_on),
        format=text("format", FORMATS),
        baseline=base / baseline if baseline else None,
        settings=_settings(table.get("tolerances", {}), where),
    )


def _settings(table: object, where: str) -> Settings:
    if not isinstance(table, dict):
        raise ConfigError("tolerances must be a table", where=where)
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, float | int] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(f"tolerances: unknown setting {key!r}", where=where)
        wanted = type(getattr(Settings(), name))
        wrong_type = isinstance(value, bool) or not isinstance(value, int | float)
        if wrong_type or (wanted is int and isinstance(value, float)):
            raise ConfigError(f"tolerances: {key} must be {'an integer' if wanted is int else 'a number'}", where=where)
        if value < 0:
            raise ConfigError(f"tolerances: {key} must not be negative", where=where)
        values[name] = wanted(value)
    return Settings(**values)  # type: ignore[arg-type]
