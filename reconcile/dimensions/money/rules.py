"""Money rules: a currency (symbol, code or word), a number, a magnitude, a bound; an equivalent in
parentheses stays with its figure ("200 billion yen (about $1.4 billion)" is one claim)."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

import pycountry

from ...rates import to_usd
from ...types import Bound, MoneyAmount, MoneyValue
from ..base import Context, Dimension
from ..dates.lexicon import alternation, cased
from ..durations.rules import BOUNDS
from ..numbers import NUMBER_WORDS

MONEY = Dimension(kind="money", trigger=re.compile(r"\d|\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten)\s+\w"))
rule = MONEY.rule


_LEX = json.loads(resources.files("reconcile.data").joinpath("currencies.json").read_text("utf-8"))
SYMBOLS: dict[str, str] = _LEX["symbols"]
WORDS: dict[str, dict[str, str]] = _LEX["words"]  # word -> {qualifier ("" when none) -> ISO code}
MAGNITUDES: dict[str, int] = _LEX["magnitudes"]
YEN_AS_YUAN: list[str] = _LEX["yen_as_yuan"]
# ISO 4217 codes: matched as any three capitals, then checked against the table (an alternation of all
# of them would be tried at every position of every sentence).
_CODES = frozenset(c.alpha_3 for c in pycountry.currencies)
_SYMBOLS = alternation(re.escape(s) for s in SYMBOLS)
_WORDS = cased(WORDS)
_QUALIFIERS = cased(q for forms in WORDS.values() for q in forms if q)
_MAGNITUDES = alternation(MAGNITUDES)
_NUMBER_WORDS: dict[str, float] = {"half a": 0.5, "a": 1, **NUMBER_WORDS}

# A number as written: "1.4", "87,500", "12.2"; at most 15 digits, so a 400-digit run is no amount.
_NUM = r"(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(?:\.\d{1,4})?"
_NUM_OR_WORD = rf"(?:{_NUM}|{alternation(_NUMBER_WORDS)})"
_MAG = rf"(?:[\s-]?(?:{_MAGNITUDES})\b)"  # "$1.4 billion", "$1.4bn", "US$500-million"
_BOUND = r"(?:(?P<{g}>" + alternation(BOUNDS) + r")\s+)?"


def _amount_pattern(g: str) -> str:
    """One amount with its currency, named groups suffixed with g: "$1.4 billion", "200 billion yen", "USD 5m"."""
    return (
        rf"(?:(?P<sym{g}>{_SYMBOLS})\s?(?P<num{g}>{_NUM})(?:\s*(?:-|–|to)\s*(?P<high{g}>{_NUM}))?(?P<mag{g}>{_MAG})?"
        rf"|(?P<code{g}>[A-Z]{{3}})\s?(?P<cnum{g}>{_NUM})(?P<cmag{g}>{_MAG})?"
        rf"|(?P<wnum{g}>{_NUM_OR_WORD})(?:\s*(?:-|–|to)\s*(?P<whigh{g}>{_NUM}))?(?P<wmag{g}>{_MAG})?\s+"
        rf"(?:(?P<qual{g}>{_QUALIFIERS})\s+)?(?P<word{g}>{_WORDS})(?:e?s)?\b(?P<odd{g}>\s+or\s+so\b)?"
        rf"|(?P<xnum{g}>{_NUM})(?P<xmag{g}>{_MAG})?\s?(?P<xcode{g}>[A-Z]{{3}})\b)"
    )


def _decimal(text: str) -> Decimal | None:
    word = " ".join(text.casefold().split())
    if word in _NUMBER_WORDS:
        return Decimal(str(_NUMBER_WORDS[word]))
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _magnitude(text: str | None) -> int:
    if not text:
        return 0
    word = " ".join(text.strip(" -").split())
    return MAGNITUDES.get(word.casefold(), 0)


@lru_cache(maxsize=64)
def _bare_dollar(text: str) -> str:
    """What "$" means in this article: US dollars unless it names another dollar and never the US one."""
    lowered = text.casefold()
    if re.search(r"\b(?:us|u\.s\.|american)\s+dollars?\b|us\$", lowered):
        return "USD"
    named = {
        code
        for qualifier, code in WORDS["dollar"].items()
        if qualifier and re.search(rf"\b{re.escape(qualifier)}\s+dollars?\b", lowered)
    }
    return named.pop() if len(named) == 1 else "USD"


def _currency(m: re.Match[str], g: str, ctx: Context) -> str | None:
    sentence = ctx.sentence.text.casefold()
    if m[f"sym{g}"]:
        symbol = m[f"sym{g}"]
        if symbol == "$":
            return _bare_dollar(ctx.document.text)
        if symbol == "¥" and any(re.search(rf"\b{cue}\b", sentence) for cue in YEN_AS_YUAN):
            return "CNY"  # the same sign for China's currency, when the sentence is about it
        return SYMBOLS[symbol]
    if m[f"code{g}"] or m[f"xcode{g}"]:
        code = m[f"code{g}"] or m[f"xcode{g}"]
        return code if code in _CODES else None
    word = m[f"word{g}"].casefold()
    if word == "pound" and re.search(r"\bweigh", sentence):
        return None  # "the panda weighed 7 pounds"
    forms = WORDS[word]
    qualifier = (m[f"qual{g}"] or "").casefold()
    if qualifier and qualifier in forms:
        return forms[qualifier]
    named = _named(word, sentence) or _named(word, ctx.document.text[:_LEAD_CHARS].casefold())
    return named or forms[""]


_LEAD_CHARS = 300  # an article's dateline and lead: where it says which country it is about


def _named(word: str, text: str) -> str | None:
    """The currency a country or qualifier named in the text gives the word: "pesos" in a sentence about
    Colombia, else in an article datelined "ARMENIA, Colombia", are Colombian pesos."""
    return next((code for cue, code in WORDS[word].items() if cue and re.search(rf"\b{re.escape(cue)}\b", text)), None)


def _amount(m: re.Match[str], g: str, ctx: Context, bound_group: str) -> MoneyAmount | None:
    number = m[f"num{g}"] or m[f"cnum{g}"] or m[f"wnum{g}"] or m[f"xnum{g}"]
    magnitude = _magnitude(m[f"mag{g}"] or m[f"cmag{g}"] or m[f"wmag{g}"] or m[f"xmag{g}"])
    value = _decimal(number) if number else None
    currency = _currency(m, g, ctx)
    if value is None or currency is None or value <= 0:
        return None
    high_text = m[f"high{g}"] or m[f"whigh{g}"]
    bound: Bound | str = BOUNDS.get((m[bound_group] or "").casefold(), "exact")
    if m.groupdict().get(f"odd{g}"):
        bound = "about"
    high_value = _decimal(high_text) if high_text else None
    high = high_value.scaleb(magnitude) if high_value is not None else None
    if high is not None:
        bound = "range"
    return MoneyAmount.model_validate(
        {"amount": value.scaleb(magnitude), "currency": currency, "bound": bound, "amount_high": high}
    )


@rule(
    "money_range",
    rf"(?:\b(?P<lead>between|from)\s+)?(?P<low>{_amount_pattern('1')})\s*(?:-|–|to|and)\s*(?P<top>{_amount_pattern('2')})",
)
def money_range(m: re.Match[str], ctx: Context) -> MoneyValue | None:
    """ "$1.5bn-$2bn", "between €300 million and €400 million", "£20m to £25m": one claim, both ends."""
    low, high = _amount(m, "1", ctx, "lead"), _amount(m, "2", ctx, "lead")
    if low is None or high is None or low.currency != high.currency or not low.amount < high.amount:
        return None
    if " and " in m.group(0) and m["lead"] != "between":
        return None  # "$3bn and $4bn" names two sums
    usd = to_usd(low.amount, low.currency, ctx.published)
    return MoneyValue(amount=low.amount, amount_high=high.amount, currency=low.currency, bound="range", usd=usd)


@rule(
    "money_range_shared",
    rf"\bbetween\s+(?P<lo>{_NUM})\s+and\s+{_amount_pattern('1')}",
)
def money_range_shared(m: re.Match[str], ctx: Context) -> MoneyValue | None:
    """ "between 2 and 3 trillion yen": the low end shares the high end's magnitude and currency."""
    high = _amount(m, "1", ctx, "lo")
    low = _decimal(m["lo"])
    if high is None or low is None:
        return None
    low = low.scaleb(_magnitude(m["mag1"] or m["cmag1"] or m["wmag1"] or m["xmag1"]))
    if not low < high.amount:
        return None
    usd = to_usd(low, high.currency, ctx.published)
    return MoneyValue(amount=low, amount_high=high.amount, currency=high.currency, bound="range", usd=usd)


_EQUIVALENT = rf"\s*\(\s*{_BOUND.format(g='bound2')}{_amount_pattern('2')}\s*\)"


@rule("money", _BOUND.format(g="bound1") + rf"(?<![\w.,])(?:{_amount_pattern('1')})(?P<eq>{_EQUIVALENT})?")
def money(m: re.Match[str], ctx: Context) -> MoneyValue | None:
    first = _amount(m, "1", ctx, "bound1")
    if first is None:
        return None
    second = _amount(m, "2", ctx, "bound2") if m["eq"] else None
    usd = to_usd(first.amount, first.currency, ctx.published)
    return MoneyValue.model_validate({**first.model_dump(), "usd": usd, "equivalent": second})


# Money needs a currency: a symbol, an ISO code or a currency word (checked cheaply, before any money rule runs,
# and the anchor money rules are run around).
_CURRENCY_CUE = re.compile(r"[$€£¥₹₺₦₩₽₱₫₴₪]|\bRs\b|\b[A-Z]{3}\b|\bK?Sh\b|\bR\d|\b(?:" + _WORDS + r")")
MONEY.require(
    _CURRENCY_CUE,
    "money",
    "money_range",
    "money_range_shared",
)
MONEY.anchor(_CURRENCY_CUE, 70, 70, "money", "money_range", "money_range_shared")
