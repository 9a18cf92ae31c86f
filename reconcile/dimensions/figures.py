"""Figures as intervals: from the bound ("more than 90" is (90, inf)), the written precision ("$1.4 billion"
covers 1.35-1.45 billion; "812" covers 811.5-812.5) and "about" (Settings.about_tolerance). Two figures that
can both hold meet. Durations use the same bounds (they have no written precision)."""

from __future__ import annotations

from decimal import Decimal

from ..settings import Settings
from ..types import MoneyAmount, QuantityValue

INF = float("inf")


def written_precision(amount: Decimal) -> float:
    """Half a unit of the last digit written: "7.0" -> 0.05, "1.4 billion" (1.4E+9) -> 50,000,000, "200 billion"
    (2.00E+11) -> 500,000,000, "812" -> 0.5. Magnitudes scale the written number, so its digits are kept."""
    exponent = amount.as_tuple().exponent
    return 0.5 * 10.0 ** (exponent if isinstance(exponent, int) else 0)


# How a bound reads before a figure in explanations.
BOUND_WORDS = {
    "exact": "",
    "about": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "less_than": "less than ",
    "at_most": "at most ",
    "range": "",
}


def bound_interval(x: float, bound: str, settings: Settings) -> tuple[float, float]:
    """The values a figure x with this bound admits; "exact" is x itself."""
    t = settings.about_tolerance
    return {
        "exact": (x, x),
        "about": (x * (1 - t), x * (1 + t)),
        "more_than": (x, INF),
        "at_least": (x, INF),
        "less_than": (x * (1 - settings.nearly_tolerance), x),
        "at_most": (0.0, x),
    }[bound]


def interval(value: MoneyAmount | QuantityValue, settings: Settings) -> tuple[float, float]:
    x = float(value.amount)
    if value.bound == "range" and value.amount_high is not None:
        return x, float(value.amount_high)
    if value.bound == "exact":
        half = written_precision(value.amount)
        return x - half, x + half
    return bound_interval(x, value.bound, settings)


def meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Intervals that overlap; touching is not enough ("6.9" and "7.0" only share the edge 6.95)."""
    return (a[0] < b[1] and b[0] < a[1]) or a == b
