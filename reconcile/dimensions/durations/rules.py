"""Duration rules: a number, a unit, and the bound the words around them set."""

from __future__ import annotations

import re
from fractions import Fraction

from ...types import Bound, DurationValue
from ..base import Context, Dimension
from ..dates.lexicon import alternation
from ..numbers import NUMBER_WORDS

DURATIONS = Dimension(
    kind="duration",
    trigger=re.compile(
        r"\b(?:secs?|seconds?|mins?|minutes?|hours?|hrs?|days?|weeks?|months?|years?|decades?)\b|-long\b", re.I
    ),
)
rule = DURATIONS.rule

UNIT_SECONDS = {
    "second": 1,
    "sec": 1,
    "minute": 60,
    "min": 60,
    "hour": 3600,
    "hr": 3600,
    "day": 86400,
    "week": 604800,
    "month": 2592000,
    "year": 31536000,
    "decade": 315360000,
}
_NUMBERS = {"a": 1, "an": 1, **NUMBER_WORDS}
BOUNDS: dict[str, Bound] = {
    "about": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "some": "about",
    "an estimated": "about",
    "close to": "about",
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "upwards of": "more_than",
    "in excess of": "more_than",
    "just over": "more_than",
    "at least": "at_least",
    "no less than": "at_least",
    "a minimum of": "at_least",
    "less than": "less_than",
    "under": "less_than",
    "nearly": "less_than",
    "almost": "less_than",
    "just under": "less_than",
    "fewer than": "less_than",
    "up to": "at_most",
    "no more than": "at_most",
    "at most": "at_most",
    "a maximum of": "at_most",
}

_NUM = r"(?:\d{1,4}(?:\.\d+)?|" + alternation(_NUMBERS) + ")"
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|decades?)"
_BOUND = r"(?:(?P<bound>" + alternation(BOUNDS) + r")[\s-]+)?"
# Ages and relative dates look like durations and are not.
_NOT_AFTER = r"(?![-\s]+(?:old|ago|of age|younger|older)\b)"
# "a day after the quake": the time between two events; "marched for three weeks before ...": a length.
_OFFSET_AFTER = re.compile(r"\s+(?:later|earlier|before|after|since)\b", re.I)
_LENGTH_BEFORE = re.compile(r"\b(?:for|lasted|lasting|lasts|last|spent|took|takes|in)\s+(?:\w+\s+)?$", re.I)


def _number(text: str) -> Fraction | None:
    text = text.casefold()
    if text in _NUMBERS:
        return Fraction(_NUMBERS[text])
    try:
        return Fraction(text)
    except ValueError:
        return None


def _unit(text: str) -> int:
    unit = text.casefold().rstrip("s")
    return UNIT_SECONDS.get(unit, UNIT_SECONDS.get(unit[:3], 0))


def _duration(seconds: Fraction, m: re.Match[str], ctx: Context) -> DurationValue | None:
    if seconds <= 0:
        return None
    bound = BOUNDS.get((m.groupdict().get("bound") or "").casefold(), "exact")
    if m.groupdict().get("odd"):
        bound = "about"
    return DurationValue(seconds=float(seconds), bound=bound)


def is_offset(text: str, start: int, end: int) -> bool:
    """ "72 hours after the quake", "about 40 minutes later": the time from one event to the next, a length
    that dates the later one; "marched for three weeks before ..." is a length of what comes before it."""
    if not _OFFSET_AFTER.match(text, end):
        return False
    return not _LENGTH_BEFORE.search(text, max(0, start - 20), start)


def _calendar_period(m: re.Match[str], ctx: Context) -> bool:
    """ "in two years": when something happens, not an event's length ("over the past five years" is one); but
    "won the final in 19.46 seconds" is a length, so only day-sized units and larger are read this way."""
    return not m["bound"] and bool(_PERIOD_BEFORE.search(ctx.document.text, max(0, m.start() - 12), m.start()))


_PERIOD_BEFORE = re.compile(r"\bin\s+$", re.I)


@rule(
    "number_unit",
    r"(?<![\w$€£¥₹.,/])" + _BOUND + r"(?P<n>" + _NUM + r")(?P<half>\s+and\s+a\s+half)?"
    r"(?:\s+(?:more|additional|further|extra))?"  # "for three more days"
    r"[\s-]+(?P<unit>" + _UNIT + r")\b(?P<odd>\s+or\s+so)?" + _NOT_AFTER + r"(?!-old)",
    flags=re.I,
)
def number_unit(m: re.Match[str], ctx: Context) -> DurationValue | None:
    n = _number(m["n"])
    if n is None or (_unit(m["unit"]) >= UNIT_SECONDS["day"] and _calendar_period(m, ctx)):
        return None
    if m["half"]:
        n += Fraction(1, 2)
    return _duration(n * _unit(m["unit"]), m, ctx)


@rule(
    "hyphenated_and_a_half",
    r"(?<![\w$€£¥₹.,/])" + _BOUND + r"(?P<n>" + _NUM + r")-and-a-half[\s-]+(?P<unit>" + _UNIT + r")\b" + _NOT_AFTER,
    flags=re.I,
)
def hyphenated_and_a_half(m: re.Match[str], ctx: Context) -> DurationValue | None:
    n = _number(m["n"])
    return _duration((n + Fraction(1, 2)) * _unit(m["unit"]), m, ctx) if n is not None else None


@rule(
    "unit_and_a_half",
    r"\b" + _BOUND + r"(?:an?|one)\s+(?P<unit>hour|day|week|month|year|minute)\s+and\s+a\s+half\b",
    flags=re.I,
)
def unit_and_a_half(m: re.Match[str], ctx: Context) -> DurationValue | None:
    return _duration(Fraction(3, 2) * _unit(m["unit"]), m, ctx)


@rule("quarter_hour", r"\b" + _BOUND + r"(?P<n>three[- ]quarters|a quarter)\s+of\s+an\s+hour\b", flags=re.I)
def quarter_hour(m: re.Match[str], ctx: Context) -> DurationValue | None:
    quarters = 3 if m["n"].casefold().startswith("three") else 1
    return _duration(Fraction(quarters * 900), m, ctx)


@rule("half_unit", r"\b" + _BOUND + r"(?:half\s+an?|a\s+half[\s-])\s*(?P<unit>hour|day|minute|year)\b", flags=re.I)
def half_unit(m: re.Match[str], ctx: Context) -> DurationValue | None:
    return _duration(Fraction(1, 2) * _unit(m["unit"]), m, ctx)


@rule(
    "compound",
    r"(?<![\w$€£¥₹.,/])" + _BOUND + r"(?P<n1>" + _NUM + r")\s+(?P<u1>hours?|hrs?|days?|years?|minutes?)"
    r",?\s+(?:and\s+)?(?P<n2>\d{1,3}|"
    + alternation(_NUMBERS)
    + r")\s+(?P<u2>minutes?|mins?|hours?|seconds?|months?|days?)\b"
    r"(?:,?\s+(?:and\s+)?(?P<n3>\d{1,3})\s+(?P<u3>seconds?|minutes?)\b)?" + _NOT_AFTER,
    flags=re.I,
)
def compound(m: re.Match[str], ctx: Context) -> DurationValue | None:
    """ "1 hour 40 minutes", "2 hours 1 minute 9 seconds": each part smaller than the one before."""
    n1, n2 = _number(m["n1"]), _number(m["n2"])
    if n1 is None or n2 is None or _unit(m["u2"]) >= _unit(m["u1"]):
        return None
    seconds = n1 * _unit(m["u1"]) + n2 * _unit(m["u2"])
    if m["n3"]:
        if _unit(m["u3"]) >= _unit(m["u2"]):
            return None
        seconds += int(m["n3"]) * _unit(m["u3"])
    return _duration(seconds, m, ctx)


@rule("unit_long", r"\b(?P<unit>day|week|month|year|decade|hour)-long\b", flags=re.I)
def unit_long(m: re.Match[str], ctx: Context) -> DurationValue | None:
    return _duration(Fraction(_unit(m["unit"])), m, ctx)
