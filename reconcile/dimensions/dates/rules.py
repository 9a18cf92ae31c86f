"""Date rules: find well-delimited spans, resolve them against the article's date.

dateparser resolves the calendar points a rule delimits ("Aug. 19", "19 August
2025", "3 days ago"), with English fixed and the publication date as base, and
never sees a whole sentence. What dateparser cannot know we do here: the year of
a year-less date from the clause's tense, the week a bare weekday falls in,
ranges, grains (quarters, halves, fiscal years) and their bounds.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ...types import DateValue
from ..base import Context, Dimension, Tense
from ..numbers import NUMBER_WORDS
from .lexicon import MONTHS, WEEKDAYS, alternation
from .points import read_point

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

DATES = Dimension(
    kind="date",
    trigger=re.compile(
        r"\d|\b(?:" + alternation(MONTHS) + "|" + alternation(WEEKDAYS) + r"|yesterday|today|tomorrow|tonight|"
        r"day|ago|week|month|year|weekend|morning|night|fiscal|FY|quarter|half|spring|summer|autumn|fall|winter)",
        re.I,
    ),
)
rule = DATES.rule

# --- pieces -------------------------------------------------------------------

_FULL_MONTHS = [
    w for name in MONTHS if len(name) > 4 or name in ("may", "june", "july") for w in (name.capitalize(), name.upper())
]
_SHORT_MONTHS = [
    w
    for name in MONTHS
    if len(name) <= 4 and name not in ("may", "june", "july")
    for w in (name.capitalize(), name.upper())
]
_WEEKDAY_FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _mon(group: str) -> str:
    # Month names are capitalized in news copy: "may" and "march" in lower case are verbs.
    # Only an abbreviation takes a period: "Aug. 19", but "in August." ends a sentence.
    return rf"\b(?P<{group}>(?:{alternation(_FULL_MONTHS)})\b|(?:{alternation(_SHORT_MONTHS)})\b\.?)"


def _day(group: str) -> str:
    return rf"(?<![\w$€£¥₹.,])(?P<{group}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?![.,]?\d|\s*%|-year)"


def _year(group: str) -> str:
    return rf"(?<![\w$€£¥₹.,/-])(?P<{group}>(?:19|20)\d\d)\b(?![.,]\d|\s*%|-(?:year|strong|member))"


_WEEKDAY_PREFIX = rf"(?:(?:{alternation(_WEEKDAY_FULL)}),?\s+(?:the\s+)?)?"
_YEAR_TAIL = r"(?:,?\s+" + _year("y") + ")?"


@lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    from dateparser.date import DateDataParser  # imported on first use: most stories never need it (points.py)

    # One parser, English fixed, a fixed base: year-less points come back in 2000 and get their year
    # from the clause (see _dated); every point with a year is base-independent. The rules hand it
    # calendar points only, so only the absolute-time parser runs (half the cost of all of them).
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(2000, 1, 1), "PREFER_DAY_OF_MONTH": "first", "PARSERS": ["absolute-time"]},
    )


@lru_cache(maxsize=8192)
def _point(text: str) -> date | None:
    """dateparser on one delimited calendar point ("Aug. 19", "19 August 2025"): the forms points.py reads as
    dateparser does are read there."""
    read, day = read_point(text)
    if read:
        return day
    data = _parser().get_date_data(text)
    return data.date_obj.date() if data.date_obj is not None else None


@lru_cache(maxsize=4096)
def _ago(text: str, published: date) -> date | None:
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"], settings={"RELATIVE_BASE": datetime.combine(published, datetime.min.time())}
    )
    data = parser.get_date_data(text)
    return data.date_obj.date() if data.date_obj is not None else None


def _month_number(name: str) -> int:
    return MONTHS[name.casefold().rstrip(".")]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int, months: int = 1) -> tuple[date, date]:
    end_month = month + months - 1
    end_year = year + (end_month - 1) // 12
    return date(year, month, 1), _last_day(end_year, (end_month - 1) % 12 + 1)


def _choose(candidates: list[tuple[date, date]], published: date, tense: Tense) -> tuple[date, date]:
    """Of periods that differ only by year, the one the clause means: the tense's direction, unless
    that is much farther than the nearest ("promised to restore power by the end of August", in August)."""

    def distance(c: tuple[date, date]) -> int:
        if c[0] <= published <= c[1]:
            return 0
        return min(abs((c[0] - published).days), abs((c[1] - published).days))

    nearest = min(candidates, key=distance)
    slack = timedelta(days=3)
    if tense == "future":
        ahead = [c for c in candidates if c[1] >= published - slack]
        preferred = min(ahead, key=lambda c: c[0]) if ahead else nearest
    elif tense == "past":
        behind = [c for c in candidates if c[0] <= published + slack]
        preferred = max(behind, key=lambda c: c[0]) if behind else nearest
    else:
        preferred = nearest
    return preferred if distance(preferred) <= _TENSE_REACH_DAYS else nearest


_TENSE_REACH_DAYS = 300  # about ten months: further than that, a tense cue is more likely wrong than the calendar


def _shift_year(day: date, year: int) -> date:
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _dated(start: date, end: date, year_given: bool, ctx: Context, at: int) -> tuple[date, date] | None:
    """Place a year-less (start, end) in the year the clause means."""
    if end < start:  # "Dec. 30-Jan. 2": the range crosses a new year
        end = _shift_year(end, end.year + 1)
    if year_given:
        return start, end
    if ctx.published is None:
        return None
    candidates = []
    for year in (ctx.published.year - 1, ctx.published.year, ctx.published.year + 1):
        shift = year - start.year
        candidates.append((_shift_year(start, start.year + shift), _shift_year(end, end.year + shift)))
    return _choose(candidates, ctx.published, ctx.tense_at(at))


def _value(start: date, end: date, granularity: str) -> DateValue | None:
    if end < start:
        return None
    return DateValue.model_validate({"start": start, "end": end, "granularity": granularity})


# --- absolute days and day ranges ----------------------------------------------


@rule("iso_date", r"(?<![\w/-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/-]|\.\d)")
def iso_date(m: re.Match[str], ctx: Context) -> DateValue | None:
    day = _point(m.group(0))
    return _value(day, day, "day") if day else None


def _days(m: re.Match[str], ctx: Context, first: str, last: str) -> DateValue | None:
    year = m.group("y")
    start, end = _point(f"{first} {year or ''}".strip()), _point(f"{last} {year or ''}".strip())
    if start is None or end is None:
        return None
    placed = _dated(start, end, year is not None, ctx, m.start())
    return _value(*placed, "day") if placed else None


@rule("month_day", _WEEKDAY_PREFIX + _mon("mon") + r"\s+" + _day("d") + _YEAR_TAIL + r"(?!\s*[-–—]\s*\d)")
def month_day(m: re.Match[str], ctx: Context) -> DateValue | None:
    day = f"{m['mon']} {m['d']}"
    return _days(m, ctx, day, day)


@rule("day_month", _WEEKDAY_PREFIX + r"(?:the\s+)?" + _day("d") + r"(?:\s+of)?\s+" + _mon("mon") + _YEAR_TAIL)
def day_month(m: re.Match[str], ctx: Context) -> DateValue | None:
    day = f"{m['d']} {m['mon']}"
    return _days(m, ctx, day, day)


_RANGE_LEAD = r"(?:(?P<lead>from|between)\s+)?"


def _range_ok(m: re.Match[str]) -> bool:
    # "between A and B" is a range; "A and B" alone names two days, "between A to B" is no English.
    joined_by_and = re.search(r"\band\b", m.group("join")) is not None
    return joined_by_and == (m.group("lead") == "between")


_JOIN = r"(?P<join>\s*[-–—]\s*|\s+(?:to|through|thru|until|till|and)\s+)"


@rule("month_day_range", _RANGE_LEAD + _mon("mon") + r"\s+" + _day("d1") + _JOIN + _day("d2") + _YEAR_TAIL)
def month_day_range(m: re.Match[str], ctx: Context) -> DateValue | None:
    if not _range_ok(m):
        return None
    return _days(m, ctx, f"{m['mon']} {m['d1']}", f"{m['mon']} {m['d2']}")


@rule(
    "month_day_to_month_day",
    _RANGE_LEAD + _mon("mon1") + r"\s+" + _day("d1") + _JOIN + _mon("mon2") + r"\s+" + _day("d2") + _YEAR_TAIL,
)
def month_day_to_month_day(m: re.Match[str], ctx: Context) -> DateValue | None:
    if not _range_ok(m):
        return None
    return _days(m, ctx, f"{m['mon1']} {m['d1']}", f"{m['mon2']} {m['d2']}")


@rule("day_range_month", _RANGE_LEAD + _day("d1") + _JOIN + _day("d2") + r"\s+(?:of\s+)?" + _mon("mon") + _YEAR_TAIL)
def day_range_month(m: re.Match[str], ctx: Context) -> DateValue | None:
    if not _range_ok(m):
        return None
    return _days(m, ctx, f"{m['d1']} {m['mon']}", f"{m['d2']} {m['mon']}")


@rule(
    "day_month_to_day_month",
    _RANGE_LEAD + _day("d1") + r"\s+" + _mon("mon1") + _JOIN + _day("d2") + r"\s+" + _mon("mon2") + _YEAR_TAIL,
)
def day_month_to_day_month(m: re.Match[str], ctx: Context) -> DateValue | None:
    if not _range_ok(m):
        return None
    return _days(m, ctx, f"{m['d1']} {m['mon1']}", f"{m['d2']} {m['mon2']}")


# --- months, parts of months --------------------------------------------------


@rule("month_year", _mon("mon") + r",?\s+" + _year("y"))
def month_year(m: re.Match[str], ctx: Context) -> DateValue | None:
    return _value(*_month_span(int(m["y"]), _month_number(m["mon"])), "month")


@rule("month_range", _RANGE_LEAD + _mon("mon1") + _JOIN + _mon("mon2") + r"(?:,?\s+" + _year("y") + r")?(?!\s*\d)")
def month_range(m: re.Match[str], ctx: Context) -> DateValue | None:
    if not _range_ok(m):
        return None
    first, last = _month_number(m["mon1"]), _month_number(m["mon2"])
    if m["y"]:
        year = int(m["y"])
        start_year = year if first <= last else year - 1
        return _value(_month_span(start_year, first)[0], _month_span(year, last)[1], "month")
    placed = _month_in_year(first, None, ctx, m.start())
    if placed is None:
        return None
    end_year = placed[0].year + (1 if last < first else 0)
    return _value(placed[0], _month_span(end_year, last)[1], "month")


_MONTH_PREP = r"\b(?:in|since|by|until|till|during|from|before|after|through|throughout|of|for|until|as of)\s+"


def _month_in_year(
    month: int, year: str | None, ctx: Context, at: int, first: int = 1, last: int = 31
) -> tuple[date, date] | None:
    def period(y: int) -> tuple[date, date]:
        end = _last_day(y, month)
        return date(y, month, first), end.replace(day=min(last, end.day))

    if year:
        return period(int(year))
    if ctx.published is None:
        return None
    y0 = ctx.published.year
    return _choose([period(y) for y in (y0 - 1, y0, y0 + 1)], ctx.published, ctx.tense_at(at))


@rule(
    "month_alone",
    r"(?:"
    + _MONTH_PREP
    + r"|\b(?P<rel>last|this|next|early|late)\s+)(?P<span>(?:(?:last|this|next)\s+)?"
    + _mon("mon")
    + r")(?!\s*\d|\s+(?:of\s+)?(?:19|20)\d\d)",
    relative=True,
)
def month_alone(m: re.Match[str], ctx: Context) -> DateValue | None:
    if m["rel"] in ("early", "late"):
        return None  # "early August" is a part of the month: its own rule
    month = _month_number(m["mon"])
    relation = m["rel"] or (m["span"].split()[0].casefold() if " " in m["span"] else None)
    if ctx.published is None:
        return None
    if relation in ("last", "next", "this"):
        step = {"last": -1, "this": 0, "next": 1}[relation]
        year = ctx.published.year + step
        # "last August" in December is this year's; "next March" in January is this year's.
        if relation == "last" and month < ctx.published.month:
            year += 1
        if relation == "next" and month > ctx.published.month:
            year -= 1
        return _value(*_month_span(year, month), "month")
    placed = _month_in_year(month, None, ctx, m.start("span"))
    return _value(*placed, "month") if placed else None


_PARTS = {
    "early": (1, 10),
    "beginning": (1, 10),
    "start": (1, 10),
    "mid": (11, 20),
    "middle": (11, 20),
    "late": (21, 31),
    "end": (21, 31),
}
_PART = r"(?:(?P<part>early|mid|late)(?:-|\s+)|(?:the\s+)?(?P<edge>end|beginning|start|middle)\s+of\s+)"


@rule("part_of_month", _PART + _mon("mon") + r"(?:,?\s+" + _year("y") + r")?(?!\s*\d)")
def part_of_month(m: re.Match[str], ctx: Context) -> DateValue | None:
    first, last = _PARTS[(m["part"] or m["edge"]).casefold()]
    placed = _month_in_year(_month_number(m["mon"]), m["y"], ctx, m.start(), first, last)
    return _value(*placed, "part_of_month") if placed else None


# --- years and parts of years -------------------------------------------------

_YEAR_THIRDS = {
    "early": (1, 4),
    "beginning": (1, 4),
    "start": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "late": (9, 12),
    "end": (9, 12),
}


def _year_part(year: int, part: str) -> tuple[date, date]:
    first, last = _YEAR_THIRDS[part.casefold()]
    return date(year, first, 1), _last_day(year, last)


@rule("part_of_year", _PART + r"(?P<y>(?:19|20)\d\d)\b(?![.,]\d|\s*%)")
def part_of_year(m: re.Match[str], ctx: Context) -> DateValue | None:
    return _value(*_year_part(int(m["y"]), m["part"] or m["edge"]), "part_of_year")


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_OF_YEAR = r"(?:\s+of\s+(?:" + _year("y") + r"|(?:the|this)\s+year|(?P<rel>last|next)\s+year))?"


def _year_of(m: re.Match[str], ctx: Context) -> int | None:
    if m["y"]:
        return int(m["y"]) if len(m["y"]) == 4 else 2000 + int(m["y"])
    if ctx.published is None:
        return None
    return ctx.published.year + {"last": -1, "next": 1, None: 0}[m["rel"]]


@rule("half_year", r"(?:\bthe\s+)?\b(?P<ord>first|second|1st|2nd)\s+half" + _OF_YEAR)
def half_year(m: re.Match[str], ctx: Context) -> DateValue | None:
    year = _year_of(m, ctx)
    if year is None:
        return None
    half = _ORDINALS[m["ord"].casefold()]
    return _value(*_month_span(year, 6 * half - 5, 6), "half")


@rule(
    "half_year_code", r"\b(?:H(?P<h>[12])\s*(?:" + _year("y") + r"|'?(?P<yy>\d\d)\b)|(?P<h2>[12])H\s?(?P<yy2>\d\d)\b)"
)
def half_year_code(m: re.Match[str], ctx: Context) -> DateValue | None:
    year = int(m["y"]) if m["y"] else 2000 + int(m["yy"] or m["yy2"])
    half = int(m["h"] or m["h2"])
    return _value(*_month_span(year, 6 * half - 5, 6), "half")


@rule("quarter", r"(?:\bthe\s+)?\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter" + _OF_YEAR)
def quarter(m: re.Match[str], ctx: Context) -> DateValue | None:
    year = _year_of(m, ctx)
    if year is None:
        return None
    return _value(*_month_span(year, 3 * _ORDINALS[m["ord"].casefold()] - 2, 3), "quarter")


@rule("quarter_code", r"\bQ(?P<q>[1-4])(?:\s*|-|/)(?:" + _year("y") + r"|'?(?P<yy>\d\d)\b)?(?!\d)")
def quarter_code(m: re.Match[str], ctx: Context) -> DateValue | None:
    if m["y"] or m["yy"]:
        year = int(m["y"]) if m["y"] else 2000 + int(m["yy"])
    elif ctx.published is not None:
        year = ctx.published.year
    else:
        return None
    return _value(*_month_span(year, 3 * int(m["q"]) - 2, 3), "quarter")


_SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}


@rule(
    "season",
    r"\b(?:(?P<rel>last|this|next)\s+(?P<s1>spring|summer|autumn|fall|winter)\b"
    r"|(?:the\s+)?(?P<s2>spring|summer|autumn|fall|winter)\s+(?:of\s+)?" + _year("y") + ")",
    flags=re.I,
)
def season(m: re.Match[str], ctx: Context) -> DateValue | None:
    name = (m["s1"] or m["s2"]).casefold()
    month, months = _SEASONS[name]
    if m["y"]:
        year = int(m["y"])
    elif ctx.published is None:
        return None
    else:
        year = ctx.published.year + {"last": -1, "this": 0, "next": 1}[m["rel"].casefold()]
    return _value(*_month_span(year, month, months), "season")


@rule("decade", r"(?:\bthe\s+)?(?:(?P<part>early|mid|late)[-\s])?(?:(?P<c>19|20)(?P<d>\d)0s|'(?P<dd>\d)0s)\b")
def decade(m: re.Match[str], ctx: Context) -> DateValue | None:
    if m["c"]:
        first = int(m["c"] + m["d"] + "0")
    else:  # "the '90s": the most recent such decade before the article
        anchor = ctx.published.year if ctx.published else 2000
        first = (anchor // 100) * 100 + int(m["dd"]) * 10
        if first > anchor:
            first -= 100
    lo, hi = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}[m["part"]]
    return _value(date(first + lo, 1, 1), date(first + hi, 12, 31), "decade")


@rule("year_range", r"(?:\b(?P<lead>from|between)\s+)?" + _year("y1") + _JOIN + r"(?P<y2>(?:19|20)?\d\d)\b(?!\s*%)")
def year_range(m: re.Match[str], ctx: Context) -> DateValue | None:
    if not _range_ok(m):
        return None
    first = int(m["y1"])
    last = int(m["y2"]) if len(m["y2"]) == 4 else (first // 100) * 100 + int(m["y2"])
    if not first < last <= first + 50:
        return None
    start_month, _ = _fiscal_convention(ctx)
    if len(m["y2"]) == 2 and start_month != 1:
        # "2026-27" where fiscal years straddle two calendar years: the fiscal years it spans.
        return _value(date(first, start_month, 1), _month_span(last, start_month - 1)[1], "fiscal_year")
    return _value(date(first, 1, 1), date(last, 12, 31), "year")


# A bare year is a date when the words around it make it one: "in 2022", "the 2022 invasion",
# "2022's". A number that counts things ("2000 people") or follows a bound ("some 2000") is not.
_YEAR_BEFORE = frozenset(
    [
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "of",
        "the",
        "during",
        "before",
        "after",
        "through",
        "throughout",
        "for",
        "early",
        "late",
        "mid",
        "end",
        "its",
        "this",
        "that",
        "until",
        "year",
        "ahead",
        "as",
    ]
)
_COUNT_BEFORE = frozenset(
    [
        "about",
        "some",
        "nearly",
        "over",
        "around",
        "almost",
        "approximately",
        "roughly",
        "than",
        "least",
        "to",
        "no",
        "number",
        "flight",
        "route",
        "boeing",
        "airbus",
        "model",
    ]
)
_COUNT_AFTER = frozenset(
    [
        "people",
        "men",
        "women",
        "children",
        "troops",
        "police",
        "staff",
        "personnel",
        "cattle",
        "sheep",
        "fish",
        "youth",
        "civilians",
    ]
)
_PLURAL_OK = frozenset(
    [
        "elections",
        "games",
        "olympics",
        "polls",
        "finals",
        "results",
        "accounts",
        "returns",
        "accords",
        "talks",
        "championships",
        "protests",
        "floods",
        "riots",
    ]
)
_PREV_WORD = re.compile(r"([A-Za-z]+)\W*$")
_NEXT_WORD = re.compile(r"^\W{0,3}([A-Za-z]+)")


@rule("year", _year("y") + r"(?!\s*(?:[-–—/]\s*\d|percent|per\s+cent|°))")
def year(m: re.Match[str], ctx: Context) -> DateValue | None:
    text = ctx.document.text
    before = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
    after = _NEXT_WORD.search(text[m.end() : m.end() + 30])
    prev = before.group(1).casefold() if before else ""
    nxt = after.group(1) if after else ""
    if prev in _COUNT_BEFORE or nxt.casefold() in _COUNT_AFTER:
        return None
    if text[m.end() : m.end() + 2] in ("'s", "’s"):
        pass
    elif prev not in _YEAR_BEFORE and nxt.islower() and nxt.endswith("s") and nxt not in _PLURAL_OK:
        return None
    y = int(m["y"])
    return _value(date(y, 1, 1), date(y, 12, 31), "year")


# --- fiscal years -------------------------------------------------------------


@lru_cache(maxsize=1)
def _fiscal_conventions() -> list[tuple[str, int, str, re.Pattern[str]]]:
    raw = json.loads(resources.files("reconcile.data").joinpath("fiscal_years.json").read_text("utf-8"))
    return [
        (
            code,
            spec["start_month"],
            spec["named_by"],
            re.compile(r"(?<![\w.])(?:" + alternation(re.escape(c) for c in spec["cues"]) + r")(?![\w])"),
        )
        for code, spec in raw.items()
        if not code.startswith("_")
    ]


def _fiscal_convention(ctx: Context) -> tuple[int, str]:
    """The fiscal calendar of the country the sentence is about, else of the article's most named one."""
    conventions = _fiscal_conventions()
    for _, start_month, named_by, cue in conventions:
        if cue.search(ctx.sentence.text):
            return start_month, named_by
    return _document_convention(ctx.document.text)


@lru_cache(maxsize=64)
def _document_convention(text: str) -> tuple[int, str]:
    counts = [
        (len(cue.findall(text)), start_month, named_by) for _, start_month, named_by, cue in _fiscal_conventions()
    ]
    best = max(counts, default=(0, 1, "start"))
    return (best[1], best[2]) if best[0] else (1, "start")


def _fiscal_span(m: re.Match[str], ctx: Context) -> tuple[date, date] | None:
    y1 = int(m["y1"]) if len(m["y1"]) == 4 else 2000 + int(m["y1"])
    start_month, named_by = _fiscal_convention(ctx)
    if m["y2"]:  # "FY2025/26", "fiscal 2026-27": the years it spans, named directly
        y2 = int(m["y2"][-2:]) + (y1 // 100) * 100
        if y2 != y1 + 1:
            return None
        start_month = start_month if start_month != 1 else 4
        first_year = y1
    else:
        first_year = y1 if named_by == "start" or start_month == 1 else y1 - 1
    start = date(first_year, start_month, 1)
    return start, _month_span(first_year, start_month, 12)[1]


_FY_YEARS = r"(?P<y1>(?:19|20)?\d\d)(?:\s*[-–/]\s*(?P<y2>(?:19|20)?\d\d))?"


def _fiscal_value(m: re.Match[str], ctx: Context) -> DateValue | None:
    span = _fiscal_span(m, ctx)
    if span is None:
        return None
    edge = m.groupdict().get("edge") or ("end" if m.groupdict().get("poss") else None)
    if edge:  # the last (or first) third of the fiscal year
        months = {"end": 8, "middle": 4, "beginning": 0, "start": 0}[edge.casefold()]
        index = span[0].year * 12 + span[0].month - 1 + months
        return _value(*_month_span(index // 12, index % 12 + 1, 4), "part_of_year")
    return _value(*span, "fiscal_year")


@rule(
    "fiscal_year",
    r"(?:\b(?:the\s+)?(?P<edge>end|beginning|start|middle)\s+of\s+)?\b(?:fiscal|financial)"
    r"(?:\s+year)?\s+(?:the\s+)?" + _FY_YEARS + r"\b(?P<poss>['’]s\s+end)?(?!\s*%)",
)
def fiscal_year(m: re.Match[str], ctx: Context) -> DateValue | None:
    if len(m["y1"]) == 2 and "year" not in m.group(0).casefold():
        return None  # "fiscal 26" is not how news writes years
    return _fiscal_value(m, ctx)


@rule(
    "fiscal_year_code",
    r"(?:\b(?:the\s+)?(?P<edge>end|beginning|start|middle)\s+of\s+)?\bFY\s?-?"
    + _FY_YEARS
    + r"\b(?P<poss>['’]s\s+end)?",
)
def fiscal_year_code(m: re.Match[str], ctx: Context) -> DateValue | None:
    return _fiscal_value(m, ctx)


@rule(
    "fiscal_year_after",
    r"(?:\bthe\s+)?(?<![\w$€£¥₹.,/-])(?P<y1>(?:19|20)\d\d)(?:\s*[-–/]\s*(?P<y2>(?:19|20)?\d\d))?"
    r"\s+(?:fiscal|financial)\s+year\b",
)
def fiscal_year_after(m: re.Match[str], ctx: Context) -> DateValue | None:
    return _fiscal_value(m, ctx)


@rule(
    "year_ending",
    r"\bthe\s+(?:fiscal\s+|financial\s+)?year\s+(?P<verb>ending|ended|that\s+ends|that\s+ended|to)\s+(?:in\s+)?"
    + _mon("mon")
    + r"(?:,?\s+"
    + _year("y")
    + r")?",
    relative=True,
)
def year_ending(m: re.Match[str], ctx: Context) -> DateValue | None:
    """ "the year ending in March": the twelve months to that month's end, the one nearest the article (the
    last one past when it "ended")."""
    month = _month_number(m["mon"])
    if m["y"]:
        year = int(m["y"])
    elif ctx.published is None:
        return None
    else:
        published = ctx.published
        ends = [_month_span(y, month)[1] for y in (published.year - 1, published.year, published.year + 1)]
        if "ended" in m["verb"]:
            ends = [end for end in ends if end <= published] or ends[:1]
        year = min(ends, key=lambda end: abs((end - published).days)).year
    index = year * 12 + month - 12  # the first month of the twelve, counted from year 0
    return _value(*_month_span(index // 12, index % 12 + 1, 12), "fiscal_year")


# --- relative to the publication date ------------------------------------------


@rule(
    "weekday",
    r"\b(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>"
    + alternation(_WEEKDAY_FULL)
    + r")(?:\s+(?:morning|afternoon|evening|night))?\b"
    # "Thursday, 5 February" is a dated weekday, its own rule; "Thursday, 72 hours after" is not
    r"(?!,?\s+(?:the\s+)?(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?!\s*(?:hours?|minutes?|days?|weeks?|%)))",
    relative=True,
)
def weekday(m: re.Match[str], ctx: Context) -> DateValue | None:
    if ctx.published is None or _weekday_in_name(m, ctx):
        return None
    day = _weekday_day(WEEKDAYS[m["wd"].casefold()], (m["rel"] or "").casefold(), ctx, m.span(), ctx.published)
    return _value(day, day, "day")


def _weekday_day(target: int, rel: str, ctx: Context, at: tuple[int, int], published: date) -> date:
    """The day a weekday names: this week's for "this", the week before or after for "last"/"next", and
    alone the nearest in the clause's tense (the publication's own weekday is that day)."""
    today = published.weekday()
    monday = published - timedelta(days=today)
    if rel in ("last", "past"):
        return monday + timedelta(days=target - 7)
    if rel in ("next", "coming"):
        return monday + timedelta(days=target + 7)
    if rel == "this" or target == today:
        return monday + timedelta(days=target)
    if ctx.tense_at(*at) == "future":
        return published + timedelta(days=(target - today) % 7)
    return published - timedelta(days=(today - target) % 7)


def _weekday_in_name(m: re.Match[str], ctx: Context) -> bool:
    """ "The Sunday Times", "the Monday Night Football": a title, not a day."""
    text = ctx.document.text
    before = text[max(0, m.start() - 4) : m.start()]
    after = _NEXT_WORD.search(text[m.end() : m.end() + 20])
    return (
        before.casefold() == "the "
        and after is not None
        and after.group(1)[:1].isupper()
        and after.group(1).casefold() not in MONTHS
    )


@rule(
    "weekday_range",
    r"\b(?P<lead>from|between)\s+(?P<wd1>"
    + alternation(_WEEKDAY_FULL)
    + r")"
    + _JOIN
    + r"(?P<wd2>"
    + alternation(_WEEKDAY_FULL)
    + r")\b",
    relative=True,
)
def weekday_range(m: re.Match[str], ctx: Context) -> DateValue | None:
    """ "from Friday to Sunday": the first day placed by the tense, the last the next such day after it."""
    if ctx.published is None or not _range_ok(m):
        return None
    first = _weekday_day(WEEKDAYS[m["wd1"].casefold()], "", ctx, m.span(), ctx.published)
    last = first + timedelta(days=(WEEKDAYS[m["wd2"].casefold()] - first.weekday()) % 7)
    return _value(first, last, "day")


_DAY_WORDS = {
    "yesterday": -1,
    "today": 0,
    "tonight": 0,
    "tomorrow": 1,
    "last night": -1,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "later today": 0,
}


@rule("relative_day", r"\b(?P<w>" + alternation(_DAY_WORDS) + r")\b(?!['’]s)", flags=re.I, relative=True)
def relative_day(m: re.Match[str], ctx: Context) -> DateValue | None:
    if ctx.published is None:
        return None
    day = ctx.published + timedelta(days=_DAY_WORDS[m["w"].casefold()])
    return _value(day, day, "day")


@rule(
    "relative_period",
    r"\b(?P<rel>last|this|next|earlier this|later this|the end of (?:the|this)|(?<=by )the|(?<=over )the)\s+"
    r"(?P<unit>week|weekend|month|year)\b",
    flags=re.I,
    relative=True,
)
def relative_period(m: re.Match[str], ctx: Context) -> DateValue | None:
    p = ctx.published
    if p is None:
        return None
    rel, unit = m["rel"].casefold(), m["unit"].casefold()
    if rel == "the":
        # "by the weekend" is the coming one, "over the weekend" the one just past
        if unit != "weekend":
            return None
        rel = "last" if m.string[max(0, m.start() - 5) : m.start()].casefold().strip() == "over" else "this"
    step = {"last": -1, "next": 1}.get(rel, 0)
    if unit in ("week", "weekend"):
        monday = p - timedelta(days=p.weekday()) + timedelta(weeks=step)
        if unit == "weekend":
            if rel == "last" and p.weekday() >= 5:
                monday += timedelta(weeks=1)  # on a Sunday, "last weekend" is the one before this
            return _value(monday + timedelta(days=5), monday + timedelta(days=6), "weekend")
        start, end = monday, monday + timedelta(days=6)
        grain = "week"
    elif unit == "month":
        index = p.year * 12 + p.month - 1 + step
        start, end = _month_span(index // 12, index % 12 + 1)
        grain = "month"
    else:
        start, end = date(p.year + step, 1, 1), date(p.year + step, 12, 31)
        grain = "year"
    if rel.startswith("earlier"):
        return _value(start, p - timedelta(days=1), "part_of_year" if unit == "year" else grain)
    if rel.startswith("later"):
        return _value(p + timedelta(days=1), end, "part_of_year" if unit == "year" else grain)
    if rel.startswith("the end"):
        if unit == "year":
            return _value(*_year_part(start.year, "end"), "part_of_year")
        if unit == "month":
            return _value(start.replace(day=21), end, "part_of_month")
    return _value(start, end, grain)


_NUMBER_WORDS = {"a": 1, "an": 1, **NUMBER_WORDS}


@rule(
    "ago",
    r"\b(?P<n>\d{1,3}|" + alternation(_NUMBER_WORDS) + r")\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b",
    flags=re.I,
    relative=True,
)
def ago(m: re.Match[str], ctx: Context) -> DateValue | None:
    if ctx.published is None:
        return None
    n = m["n"].casefold()
    count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
    unit = m["unit"].casefold().rstrip("s")
    if unit == "decade":
        unit, count = "year", count * 10
    day = _ago(f"{count} {unit}s ago" if count != 1 else f"1 {unit} ago", ctx.published)
    if day is None:
        return None
    if unit == "month":
        return _value(*_month_span(day.year, day.month), "month")
    if unit == "year":
        return _value(date(day.year, 1, 1), date(day.year, 12, 31), "year")
    return _value(day, day, "day")


# Cheap prerequisites, so a sentence without a digit or a month or weekday name skips those rules.
DATES.require(
    re.compile(r"\d"),
    "iso_date",
    "month_day",
    "day_month",
    "month_day_range",
    "month_day_to_month_day",
    "day_range_month",
    "day_month_to_day_month",
    "month_year",
    "part_of_year",
    "half_year_code",
    "quarter_code",
    "decade",
    "year_range",
    "year",
    "fiscal_year",
    "fiscal_year_code",
    "fiscal_year_after",
)
DATES.require(
    re.compile(r"\b(?:" + alternation(_FULL_MONTHS + _SHORT_MONTHS) + r")\b"),
    "month_range",
    "month_alone",
    "part_of_month",
)
DATES.require(re.compile(r"\b(?:" + alternation(_WEEKDAY_FULL) + r")\b"), "weekday", "weekday_range")
