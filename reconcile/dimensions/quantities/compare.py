"""Quantities: intervals (see figures.py), measures converted within their family ("17 miles" = "27 km")."""

from __future__ import annotations

from decimal import Decimal

from ...settings import Settings
from ...types import QuantityValue
from ..base import Level
from ..figures import BOUND_WORDS, interval, meet
from .rules import UNITS

_FACTORS = {word: (family, factor) for family, words in UNITS.items() for word, factor in words.items()}


def _base(value: QuantityValue, settings: Settings) -> tuple[str | None, tuple[float, float]]:
    lo, hi = interval(value, settings)
    unit = value.unit or ""
    if unit in _FACTORS:
        family, factor = _FACTORS[unit]
        return family, (lo * factor, hi * factor)
    return unit, (lo, hi)


def _fits(a: QuantityValue, b: QuantityValue, settings: Settings) -> bool:
    (fa, ia), (fb, ib) = _base(a, settings), _base(b, settings)
    return fa == fb and meet(ia, ib)


def _converted(a: QuantityValue, b: QuantityValue, settings: Settings) -> bool:
    return a.unit != b.unit and _fits(a, b, settings)


LEVELS = [
    Level("equal", True, "equal", lambda a, b, s: a == b),
    Level("the same measure in other units", True, "equivalent", _converted),
    Level("the figures fit within their precision and bounds", True, "within_tolerance", _fits),
    Level("the figures cannot both hold", False, "differs", lambda a, b, s: True),
]


def display(value: QuantityValue, with_year: bool = True) -> str:
    amount = f"{value.amount.normalize():,f}" if value.amount == value.amount.to_integral_value() else f"{value.amount}"
    if value.bound == "range" and value.amount_high is not None:
        amount = f"{amount}–{Decimal(value.amount_high).normalize():,f}"
    unit = value.unit or ""
    return f"{BOUND_WORDS[value.bound]}{amount}{unit if unit == '%' else ' ' + unit}".strip()
