"""The calendar points the date rules delimit ("Aug. 19", "19 August 2025"), read as dateparser reads them.

dateparser's first call in a process costs a quarter of a second (its time-zone and locale tables) and every
later call about a millisecond, for the few forms the rules hand it: a month's name (capitalized or in capitals, an
abbreviation with or without its period) and a day, either way round, and perhaps a year. Those are read here;
anything else is left to dateparser. tests/test_points.py holds the reading to dateparser's on every such form.
"""

from __future__ import annotations

import re
from datetime import date

from .lexicon import MONTHS, alternation

_FULL = {name for name in MONTHS if len(name) > 4 or name in ("may", "june", "july")}
_TOKENS = {
    form + stop: MONTHS[name]
    for name in MONTHS
    for form in (name.capitalize(), name.upper())
    for stop in (("",) if name in _FULL else ("", "."))
}
_MONTH = alternation(map(re.escape, _TOKENS))
_DAY = r"3[01]|[12][0-9]|0?[1-9]"
_POINT = re.compile(
    rf"(?:(?P<month>{_MONTH}) (?P<day>{_DAY})|(?P<day2>{_DAY}) (?P<month2>{_MONTH}))(?: (?P<year>(?:19|20)[0-9][0-9]))?"
)
_BASE_YEAR = 2000  # the year dateparser gives a point without one, from its RELATIVE_BASE in rules._parser


def read_point(text: str) -> tuple[bool, date | None]:
    """(True, the day or None when there is no such day) for a form read here; (False, None) for dateparser's."""
    m = _POINT.fullmatch(text)
    if m is None:
        return False, None
    month = _TOKENS[m["month"] or m["month2"]]
    day = int(m["day"] or m["day2"])
    try:
        return True, date(int(m["year"]) if m["year"] else _BASE_YEAR, month, day)
    except ValueError:
        return True, None  # "Feb 30", "Feb 29 2025"
