"""Comparison levels for durations: each is an interval set by its bound; intervals that meet agree."""

from __future__ import annotations

from ...settings import Settings
from ...types import DurationValue
from ..base import Level
from ..figures import BOUND_WORDS, bound_interval


def interval(v: DurationValue, settings: Settings) -> tuple[float, float]:
    return bound_interval(v.seconds, v.bound, settings)


def _equal(a: DurationValue, b: DurationValue, _: Settings) -> bool:
    return a.seconds == b.seconds and a.bound == b.bound


def _meet(a: DurationValue, b: DurationValue, settings: Settings) -> bool:
    (a0, a1), (b0, b1) = interval(a, settings), interval(b, settings)
    return a0 <= b1 and b0 <= a1


LEVELS = [
    Level("equal", True, "equal", _equal),
    Level("the bounds can both hold", True, "within_tolerance", _meet),
    Level("the durations cannot both hold", False, "differs", lambda a, b, s: True),
]

_UNITS = (
    (31536000, "year"),
    (2592000, "month"),
    (604800, "week"),
    (86400, "day"),
    (3600, "hour"),
    (60, "minute"),
    (1, "second"),
)


def display(value: DurationValue, with_year: bool = True) -> str:
    rest, parts = round(value.seconds), list[str]()
    for size, name in _UNITS:
        if rest >= size and (not parts or rest % size == 0 or size >= 60):
            n, rest = divmod(rest, size)
            parts.append(f"{n} {name}{'s' if n != 1 else ''}")
        if len(parts) == 2 or rest == 0:
            break
    return BOUND_WORDS[value.bound] + (" ".join(parts) or "0 seconds")
