"""Calendar points read without dateparser are read as dateparser reads them."""

from __future__ import annotations

import pytest

from reconcile.dimensions.dates.points import _TOKENS, read_point
from reconcile.dimensions.dates.rules import _parser

# Every month as the rules write it, on days that test a month's length and a leap year, either way round, with
# and without a year (a sweep of every day, in eight years, found no difference either).
CASES = [
    text + year
    for token in sorted(_TOKENS)
    for day in ("1", "09", "29", "30", "31")
    for text in (f"{token} {day}", f"{day} {token}")
    for year in ("", " 2024", " 2025", " 1900")
]


@pytest.mark.parametrize("text", ["2025-08-19", "Aug 19, 2025", "June. 3", "Aug 1٣", "August"])
def test_other_forms_are_left_to_dateparser(text: str) -> None:
    assert read_point(text) == (False, None)


def test_month_and_day_read_as_dateparser_reads_them() -> None:
    for text in CASES:
        data = _parser().get_date_data(text)
        expected = data.date_obj.date() if data.date_obj is not None else None
        assert read_point(text) == (True, expected), text
