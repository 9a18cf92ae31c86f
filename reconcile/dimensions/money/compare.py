"""Money as intervals (see figures.py); two currencies meet at the publication day's rate."""

from __future__ import annotations

from decimal import Decimal

from ...settings import Settings
from ...types import MoneyAmount, MoneyValue
from ..base import Level
from ..figures import BOUND_WORDS, interval, meet


def _forms(value: MoneyValue) -> list[MoneyAmount]:
    return [value, value.equivalent] if value.equivalent else [value]


def _rate(value: MoneyValue) -> float | None:
    """USD per unit of the value's currency on its publication day, from the USD figure extraction set."""
    if value.usd is None or value.amount == 0:
        return None
    return value.usd / float(value.amount)


def _in_usd(form: MoneyAmount, owner: MoneyValue, settings: Settings) -> tuple[float, float] | None:
    lo, hi = interval(form, settings)
    if form.currency == "USD":
        return lo, hi
    rate = _rate(owner) if form.currency == owner.currency else None
    if rate is None:
        return None
    slack = settings.fx_tolerance
    return lo * rate * (1 - slack), hi * rate * (1 + slack)


def _same_currency_fits(a: MoneyValue, b: MoneyValue, settings: Settings) -> bool:
    return any(
        fa.currency == fb.currency and meet(interval(fa, settings), interval(fb, settings))
        for fa in _forms(a)
        for fb in _forms(b)
    )


def _fits_at_rate(a: MoneyValue, b: MoneyValue, settings: Settings) -> bool:
    for fa in _forms(a):
        for fb in _forms(b):
            ua, ub = _in_usd(fa, a, settings), _in_usd(fb, b, settings)
            if ua and ub and meet(ua, ub):
                return True
    return False


LEVELS = [
    Level(
        "equal", True, "equal", lambda a, b, s: a.amount == b.amount and a.currency == b.currency and a.bound == b.bound
    ),
    Level("the figures fit within their precision and bounds", True, "within_tolerance", _same_currency_fits),
    Level("the same sum in two currencies at the day's rate", True, "equivalent", _fits_at_rate),
    Level("the sums cannot both hold", False, "differs", lambda a, b, s: True),
]

_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


def figure(amount: Decimal) -> str:
    for size, name in _SCALES:
        if abs(amount) >= size:
            return f"{(amount / size).normalize():f} {name}"
    return f"{amount.normalize():,f}"


def display(value: MoneyValue, with_year: bool = True) -> str:
    text = f"{BOUND_WORDS[value.bound]}{figure(value.amount)} {value.currency}"
    if value.bound == "range" and value.amount_high is not None:
        text = f"{figure(value.amount)}–{figure(value.amount_high)} {value.currency}"
    if value.usd is not None and value.currency != "USD":
        text += f" (≈ {figure(Decimal(str(round(value.usd))))} USD)"
    return text
