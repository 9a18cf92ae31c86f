"""Comparison levels as pair tables: left, right, expected level."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.dimensions.base import compare
from reconcile.dimensions.dates.compare import LEVELS as DATE_LEVELS
from reconcile.dimensions.dates.compare import display as show_date
from reconcile.dimensions.durations.compare import LEVELS as DURATION_LEVELS
from reconcile.dimensions.durations.compare import display as show_duration
from reconcile.settings import Settings
from reconcile.types import Bound, DateValue, DurationValue, Granularity


def d(start: str, end: str | None = None, grain: Granularity = "day") -> DateValue:
    return DateValue(start=date.fromisoformat(start), end=date.fromisoformat(end or start), granularity=grain)


def s(seconds: float, bound: Bound = "exact") -> DurationValue:
    return DurationValue(seconds=seconds, bound=bound)


DATE_PAIRS = [
    (d("2025-08-20"), d("2025-08-20"), "equal"),
    (d("2025-08-01", "2025-08-31", "month"), d("2025-08-19"), "refines"),
    (d("2025-01-01", "2025-12-31", "year"), d("2025-08-01", "2025-08-31", "month"), "refines"),
    (d("2025-08-11", "2025-08-20", "part_of_month"), d("2025-08-19"), "refines"),
    (d("2026-04-01", "2027-03-31", "fiscal_year"), d("2026-01-01", "2026-12-31", "year"), "equivalent"),
    (d("2025-08-17", "2025-08-22"), d("2025-08-19", "2025-08-20"), "contains"),
    (d("2025-10-03", "2025-10-05"), d("2025-10-04", "2025-10-05"), "contains"),
    (d("2025-08-17", "2025-08-20"), d("2025-08-19", "2025-08-22"), "overlaps"),
    (d("2025-08-19"), d("2025-08-21"), "disjoint"),
    (d("2025-04-01"), d("2025-07-01"), "disjoint"),
    (d("2025-01-01", "2025-12-31", "year"), d("2026-02-01"), "disjoint"),
]


@pytest.mark.parametrize(("left", "right", "relation"), DATE_PAIRS)
def test_date_levels(left: DateValue, right: DateValue, relation: str) -> None:
    settings = Settings()
    assert compare(DATE_LEVELS, left, right, settings).relation == relation
    assert compare(DATE_LEVELS, right, left, settings).relation == relation  # symmetric


DURATION_PAIRS = [
    (s(5400), s(5400), "equal", True),
    (s(5400, "more_than"), s(6000), "within_tolerance", True),
    (s(5400, "more_than"), s(7200, "more_than"), "within_tolerance", True),
    (s(7200, "about"), s(7500), "within_tolerance", True),
    (s(7200, "less_than"), s(6600), "within_tolerance", True),
    (s(7200, "less_than"), s(7200, "more_than"), "within_tolerance", True),  # the edge itself fits both
    (s(7200, "more_than"), s(5400), "differs", False),
    (s(3600, "at_most"), s(5400), "differs", False),
    (s(7200, "less_than"), s(3600), "differs", False),
    (s(172800), s(259200), "differs", False),
]


@pytest.mark.parametrize(("left", "right", "relation", "agrees"), DURATION_PAIRS)
def test_duration_levels(left: DurationValue, right: DurationValue, relation: str, agrees: bool) -> None:
    level = compare(DURATION_LEVELS, left, right, Settings())
    assert (level.relation, level.agrees) == (relation, agrees)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (d("2025-08-20"), "Aug 20, 2025"),
        (d("2025-08-17", "2025-08-22"), "Aug 17–22, 2025"),
        (d("2025-08-30", "2025-09-02"), "Aug 30, 2025–Sep 2, 2025"),
        (d("2025-08-01", "2025-08-31", "month"), "August 2025"),
        (d("2025-07-01", "2025-09-30", "quarter"), "Q3 2025"),
        (d("1990-01-01", "1999-12-31", "decade"), "the 1990s"),
    ],
)
def test_date_display(value: DateValue, text: str) -> None:
    assert show_date(value, True) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(s(5400, "more_than"), "more than 1 hour 30 minutes"), (s(172800), "2 days"), (s(6000), "1 hour 40 minutes")],
)
def test_duration_display(value: DurationValue, text: str) -> None:
    assert show_duration(value, True) == text
