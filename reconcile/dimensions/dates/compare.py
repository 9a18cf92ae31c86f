"""Comparison levels for dates, and how a date value reads in an explanation."""

from __future__ import annotations

from datetime import date

from ...settings import Settings
from ...types import DateValue
from ..base import Level

# Coarseness of a grain: a coarser value that covers a finer one is refined by it, not contradicted.
GRAIN_RANK = {
    "day": 0,
    "weekend": 1,
    "week": 2,
    "part_of_month": 3,
    "month": 4,
    "quarter": 5,
    "half": 6,
    "season": 6,
    "part_of_year": 6,
    "year": 7,
    "fiscal_year": 7,
    "decade": 8,
}


def _covers(a: DateValue, b: DateValue) -> bool:
    return a.start <= b.start and b.end <= a.end


def _equal(a: DateValue, b: DateValue, _: Settings) -> bool:
    return a.start == b.start and a.end == b.end


def _fiscal_vs_calendar(a: DateValue, b: DateValue, _: Settings) -> bool:
    # "the 2026 budget" and "fiscal 2026": the same year under two calendars.
    grains = {a.granularity, b.granularity}
    if grains != {"fiscal_year", "year"}:
        return False
    overlap = (min(a.end, b.end) - max(a.start, b.start)).days + 1
    return overlap * 2 >= min(a.days, b.days)


def _refines(a: DateValue, b: DateValue, _: Settings) -> bool:
    coarse, fine = (a, b) if GRAIN_RANK[a.granularity] > GRAIN_RANK[b.granularity] else (b, a)
    return GRAIN_RANK[coarse.granularity] > GRAIN_RANK[fine.granularity] and _covers(coarse, fine)


def _contains(a: DateValue, b: DateValue, _: Settings) -> bool:
    return _covers(a, b) or _covers(b, a)


def _overlaps(a: DateValue, b: DateValue, _: Settings) -> bool:
    return a.start <= b.end and b.start <= a.end


LEVELS = [
    Level("equal", True, "equal", _equal),
    Level("fiscal year and calendar year", True, "equivalent", _fiscal_vs_calendar),
    Level("a coarser date covers a finer one", True, "refines", _refines),
    Level("one range lies inside the other", False, "contains", _contains),
    Level("the ranges overlap", False, "overlaps", _overlaps),
    Level("the dates do not overlap", False, "disjoint", lambda a, b, s: True),
]


def _day(d: date, with_year: bool) -> str:
    return f"{d:%b} {d.day}, {d.year}" if with_year else f"{d:%b} {d.day}"


def display(value: DateValue, with_year: bool = True) -> str:
    s, e, g = value.start, value.end, value.granularity
    if g == "day":
        if s == e:
            return _day(s, with_year)
        if (s.year, s.month) == (e.year, e.month):
            return f"{s:%b} {s.day}–{e.day}" + (f", {s.year}" if with_year else "")
        return f"{_day(s, s.year != e.year or with_year)}–{_day(e, with_year)}"
    if g == "month" and s.month == e.month:
        return f"{s:%B %Y}"
    if g == "year" and s.year == e.year:
        return str(s.year)
    if g == "quarter":
        return f"Q{(s.month - 1) // 3 + 1} {s.year}"
    if g == "half":
        return f"H{(s.month - 1) // 6 + 1} {s.year}"
    if g == "decade":
        return f"the {s.year}s" if e.year - s.year == 9 else f"{s.year}–{e.year}"
    label = {
        "fiscal_year": "fiscal year ",
        "part_of_month": "",
        "part_of_year": "",
        "season": "",
        "week": "week of ",
        "weekend": "weekend of ",
    }.get(g, "")
    return f"{label}{_day(s, True)}–{_day(e, True)}"
