"""Quantity rules: counts with what they count ("at least 800 people", "2,500 injured", "160 jets"), tolls
with no noun ("the death toll rose to 1,200"), percentages and percentage points, measures ("17 miles",
"3 to 4 metres"), quake magnitudes, and records ("for the fourth straight year", "for the 15th time")."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from importlib import resources

from ...types import Bound, QuantityValue
from ..base import Context, Dimension
from ..dates.lexicon import MONTHS, alternation, cased
from ..durations.rules import BOUNDS
from ..numbers import NUMBER_WORDS

_COUNTED = json.loads(resources.files("reconcile.data").joinpath("counted.json").read_text("utf-8"))
TOLLS: dict[str, list[str]] = _COUNTED["tolls"]  # the figure's name -> the words that count it
UNITS: dict[str, dict[str, float]] = _COUNTED["units"]  # family -> unit as written -> factor to the family's first
_UNITS = {word: family for family, words in UNITS.items() for word in words}


def unit_family(unit: str | None) -> str:
    """What a unit measures, so miles and kilometres compare and people and kilometres never do."""
    return _UNITS.get(unit or "", unit or "")


_WORD_NUMBERS: dict[str, float] = {"half a": 0.5, **NUMBER_WORDS}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}  # fmt: skip
QUANTITIES = Dimension(
    kind="quantity",
    trigger=re.compile(r"\d|\b(?:" + alternation([*_WORD_NUMBERS, *_ORDINALS]) + r")\b", re.I),
)
rule = QUANTITIES.rule

_NUM = r"(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,9})(?:\.\d{1,3})?"
_NUMBER = rf"(?:{_NUM}|{cased(_WORD_NUMBERS)})"
_SCALE = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "mn": 6, "mln": 6, "bn": 9, "lakh": 5, "crore": 7}
_SCALED = rf"(?P<n>{_NUMBER})(?:\s+(?P<scale>{alternation(_SCALE)}))?"
_BOUND = r"(?:(?P<bound>" + cased(BOUNDS) + r")\s+)?"
# The low end of a range: "between 300 and 400 people", "200–300 fighters", "3 to 4 metres", "5% and 6%"
_LOW = rf"(?:(?P<lead>[Bb]etween)\s+)?(?:(?P<lo>{_NUM})%?\s*(?P<join>-|–|to|and)\s*)?"
_START = r"(?<![\w$€£¥₹.,/-])"
# Words after a number that are not what it counts: time (durations), money, calendar and function words.
_NOT_COUNTED = frozenset(MONTHS) | frozenset(
    """seconds second minutes minute hours hour days day weeks week months month years year decades decade
    dollars dollar euros euro pounds yen rupees lira percent per cent and or to of in on at by for from with
    the a an than as times points point am pm gmt utc mph its their his her this that which who were was are
    is be has have had will would could may might remain remained remains died said more other such percentage
    crore lakh""".split()
)
# Function words that end in s, so could pass for the plural head of a two-word unit ("people across").
_NOT_HEADS = frozenset("across was has is as this its his thus plus unless besides towards perhaps always".split())
_MONTH_BEFORE = re.compile(r"\b(?:" + alternation(MONTHS) + r")\.?\s*$", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:[$€£¥₹₺₦₩₽]|\bRs\.?|\b[A-Z]{3})\s*$")
_NAME_BEFORE = re.compile(r"\b[a-z]?[A-Z][\w-]*\s+$")  # "Boeing 737", "iPhone 16"


def _number(text: str, scale: str | None = None) -> Decimal | None:
    word = " ".join(text.casefold().split())
    try:
        value = Decimal(str(_WORD_NUMBERS[word])) if word in _WORD_NUMBERS else Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value.scaleb(_SCALE.get((scale or "").casefold(), 0))


def _bound(m: re.Match[str]) -> Bound:
    if m.groupdict().get("odd"):
        return "about"
    return BOUNDS.get((m.groupdict().get("bound") or "").casefold(), "exact")


def _quantity(m: re.Match[str], value: Decimal | None, unit: str | None, ctx: Context) -> QuantityValue | None:
    """The value, as a range when the match has a low end; None when the number belongs to money or a name."""
    if value is None or value <= 0:
        return None
    text = ctx.document.text
    before = text[max(ctx.sentence.start, m.start() - 14) : m.start()]
    if _CURRENCY_BEFORE.search(before):
        return None  # "Rs 500 crore" is money
    name = _NAME_BEFORE.search(before)
    if (
        name
        and not before.rstrip().endswith(("'s", "’s"))
        and text[ctx.sentence.start : m.start() - len(name.group(0))].strip()
    ):
        return None  # "The Boeing 737", "Chapter 11", "Nikkei 225" are names
    low = m.groupdict().get("lo")
    if not low:
        return QuantityValue(amount=value, unit=unit, bound=_bound(m))
    if (m["join"] == "and") != ((m["lead"] or "").casefold() == "between"):
        return None  # "300 and 400 people" are two figures; "between 300 to 400" is no English
    bottom = _number(low, m.groupdict().get("scale"))
    if bottom is None or not bottom < value:
        return None
    return QuantityValue(amount=bottom, amount_high=value, unit=unit, bound="range")


@rule(
    "count",
    # "10,000 more workers", "seven other gauging stations": a word between the number and what it counts
    _BOUND + _LOW + _START + _SCALED + r"(?P<odd>\s+or\s+so)?\s+(?:(?:more|other|additional|extra)\s+)?"
    r"(?P<unit>[A-Za-z][a-z-]{2,24}(?:\s+(?!(?:" + "|".join(sorted(_NOT_HEADS)) + r")\b)[a-z][a-z-]{1,20}s)?)\b",
)
def count(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    unit = m["unit"]
    if unit[0].isupper() and not unit.endswith("s"):
        return None  # "400 Tomahawks" counts missiles; "737 Max" is a name
    unit = unit.casefold()
    head, _, rest = unit.partition(" ")
    if rest and (head.endswith("s") or rest in _NOT_COUNTED or rest in _NOT_HEADS):
        unit = head  # "5,400 houses destroyed", "120 passengers across": the noun is the first word
    before = ctx.document.text[max(0, m.start() - 12) : m.start()]
    if before.casefold().endswith(("magnitude ", "magnitude-")):
        return None  # "a magnitude 6.9 earthquake": a measure, its own rule
    if _MONTH_BEFORE.search(before):
        return None  # "the Feb. 2 earthquake": a date
    if head in _NOT_COUNTED or unit in _UNITS:
        return None
    if re.fullmatch(r"(?:19|20)\d\d", m["n"]) and not m["scale"]:
        return None  # "2022 invasion" is a date
    return _quantity(m, _number(m["n"], m["scale"]), unit, ctx)


# Words that may follow a toll with no noun of its own: "rose to 300 by Sunday", "killed 26 in the blast"
_FOLLOWERS = r"(?:by|on|in|at|as|and|after|since|from|with|according|when|while|amid)"


@rule(
    "toll_figure",
    r"\b(?:killed|killing|injured|injuring|(?:toll|number)\b[^.;:\d]{0,100}?\s(?:has\s+|had\s+)?(?:rose|risen|climbed|"
    r"reached|stood|rises|climbs|reaches|stands|jumped)\s+(?:to|at))\s+(?P<span>"
    + _BOUND
    + rf"(?P<n>{_NUM}))(?!\d|\.\d|\s+(?!{_FOLLOWERS}\b)[a-z])",
    flags=re.I,
)
def toll_figure(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    """ "The death toll rose to 1,200", "the number of people killed in the floods rose to 112", "killed at least
    26": a count whose noun is the toll itself."""
    value = _number(m["n"])
    return QuantityValue(amount=value, unit=None, bound=_bound(m)) if value is not None else None


@rule(
    "partitive",
    _BOUND + _START + rf"(?P<span>(?P<n>{_NUMBER}))\s+(?:out\s+)?of\s+(?:the|its|their|all)\s+(?:[\w-]+['’]s\s+)?"
    rf"(?P<whole>{_NUM}\s+)?(?P<unit>[a-z][a-z-]{{2,24}}s)\b",
)
def partitive(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    """ "24 of the state's 35 districts", "Nine of the deaths": a count of districts (of deaths), named after
    the whole it is part of. "One of the" with no whole is an idiom ("one of the reasons"), not a count."""
    if m["unit"] in _NOT_COUNTED or (not m["whole"] and m["n"].casefold() == "one"):
        return None
    return _quantity(m, _number(m["n"]), m["unit"], ctx)


@rule(
    "still_missing",
    _BOUND + _START + rf"(?P<span>(?P<n>{_NUMBER}))\s+(?:(?:people|others|more)\s+)?(?:remain|remained|are|were|is|was)"
    r"\s+(?:still\s+)?(?:missing|unaccounted\s+for)\b",
)
def still_missing(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    """ "14 remain missing", "11 people are still unaccounted for": the missing, with no noun of their own."""
    return _quantity(m, _number(m["n"]), "missing", ctx)


@rule(
    "driven_from_homes",
    r"\b(?:forced|forcing|forces|drove|driven|driving|drives|chased)\s+(?P<span>"
    + _BOUND
    + rf"(?P<n>{_NUM})(?:\s+(?P<scale>{alternation(_SCALE)}))?)\s+(?:people\s+)?(?:from|out\s+of)\s+their\s+homes\b",
)
def driven_from_homes(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    """ "forced about 420,000 from their homes": people displaced, with no noun of their own."""
    return _quantity(m, _number(m["n"], m["scale"]), "people", ctx)


@rule(
    "percent",
    _BOUND + _LOW + r"(?<![\w.,])" + rf"(?P<n>{_NUMBER})\s?(?P<unit>%|percent\b|per\s+cent\b|percentage\s+points?\b)",
)
def percent(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    unit = "percentage points" if m["unit"].casefold().startswith("percentage") else "%"
    return _quantity(m, _number(m["n"]), unit, ctx)


@rule(
    "measure",
    _BOUND + _LOW + r"(?<![\w.,])" + rf"(?P<n>{_NUM})(?:\s+(?P<scale>{alternation(_SCALE)}))?[\s-]?"
    rf"(?P<unit>{alternation(re.escape(u) for u in _UNITS)})(?![\w/])",
)
def measure(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    return _quantity(m, _number(m["n"], m["scale"]), m["unit"], ctx)


@rule("magnitude", r"\b(?:magnitude[\s-](?P<n1>\d(?:\.\d)?)|(?P<n2>\d(?:\.\d)?)[\s-]magnitude)\b", flags=re.I)
def magnitude(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    value = _number(m["n1"] or m["n2"])
    return QuantityValue(amount=value, unit="magnitude") if value is not None else None


_RECORD_NOUNS = "year|time|season|month|week|day|term|quarter|title|session|meeting|game|match|race|win|victory"


@rule(
    "ordinal",
    rf"\b(?P<ord>{alternation(_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))\s+(?P<unit>(?:straight|consecutive|successive|"
    rf"running)\s+(?:{_RECORD_NOUNS})s?|times?)\b",
    flags=re.I,
)
def ordinal(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    """ "for the fourth straight year", "for the 15th time": a record, counted."""
    word = m["ord"].casefold()
    value = _ORDINALS.get(word) or int(re.sub(r"\D", "", word))
    return QuantityValue(amount=Decimal(value), unit=m["unit"].casefold())


@rule(
    "first_to",
    r"\bthe\s+(?P<span>first)\s+(?:[\w-]+\s+){1,4}?to\s+(?:make|visit|win|hold|become|be|lead|reach)\b",
    flags=re.I,
)
def first_to(m: re.Match[str], ctx: Context) -> QuantityValue | None:
    """ "the first Japanese defence minister to visit": a first, which a later report may contest."""
    return QuantityValue(amount=Decimal(1), unit="first")


rule(
    "first_since",
    r"(?:['’]s|\b(?:his|her|their|its|our|my))\s+(?P<span>first)\s+(?:(?:trip|visit|tour|journey|foray|meeting|"
    r"appearance|time)\s+)?(?:to|since|abroad|outside)\b",
    flags=re.I,
)(first_to)  # "her first trip to sub-Saharan Africa", "The trip is Brückner's first to ...": a first too


QUANTITIES.require(re.compile(r"\btheir\s+homes\b"), "driven_from_homes")
QUANTITIES.require(re.compile(r"\b(?:missing|unaccounted)\b"), "still_missing")
QUANTITIES.require(re.compile(r"%|\bper\s*cent|\bpercentage\b", re.I), "percent")
QUANTITIES.require(re.compile(r"magnitude", re.I), "magnitude")
QUANTITIES.require(re.compile(r"\d"), "measure", "toll_figure")
QUANTITIES.require(re.compile(r"\bof\s+(?:the|its|their|all)\b"), "partitive")
QUANTITIES.anchor(re.compile(rf"\d|\b(?:{cased(_WORD_NUMBERS)})\b"), 50, 60, "count", "percent", "measure")
