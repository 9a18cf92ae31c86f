"""Place rules: countries and cities from the gazetteer, datelines, facilities and organizations by the
head of their name ("... Industries", "... Air Base") or the word that introduces them ("drone maker X"), and
local places the gazetteer cannot know by the common noun around them ("the Teesta river", "X and Y districts",
"the town of X") or the preposition before them ("at Neamatighat")."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ...gazetteer import is_demonym, lookup
from ...text import NAME_WORD, UPPER
from ...types import PlaceValue
from ..base import Context, Dimension
from ..dates.lexicon import MONTHS, WEEKDAYS, alternation

PLACES = Dimension(kind="place", trigger=re.compile(UPPER))
rule = PLACES.rule

# "d'" before a capital joins words as "of" does: "Côte d'Ivoire", "Valle d'Aosta"
_CONNECTOR = r"(?:\s+(?:of|de|del|da|do|dos|al|el|la|le|the)\s+|\s+d['’]|\s+|-)"
# A run of capitalized words, not starting inside a word or after an apostrophe.
NAME_RUN = rf"(?<![\w'’.-]){NAME_WORD}(?:{_CONNECTOR}{NAME_WORD}){{0,6}}"
_GEO_MODIFIERS = "Northern|Southern|Eastern|Western|Central|North|South|East|West|Upper|Lower|Greater|Mainland"


@lru_cache(maxsize=1)
def _heads() -> dict[str, list[str]]:
    raw: dict[str, list[str]] = json.loads(
        resources.files("reconcile.data").joinpath("org_heads.json").read_text("utf-8")
    )
    return raw


def _strip(name: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


_FUNCTION_WORDS = frozenset(
    {
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "But",
        "And",
        "For",
        "From",
        "With",
        "By",
        "As",
        "To",
        "After",
        "Before",
        "During",
        "While",
        "When",
        "If",
        "Its",
        "His",
        "Her",
        "Their",
        "This",
    }
)


@rule("dateline", r"^\W*(?P<span>[A-ZÀ-Þ]{2,}(?:[ -][A-ZÀ-Þ]{2,}){0,3})(?=\s*(?:,|\(|[—–-]))")
def dateline(m: re.Match[str], ctx: Context) -> PlaceValue | None:
    place = lookup(m["span"])
    return PlaceValue(name=place.name, country=place.country, kind=place.kind) if place else None


_LEAD = r"(?:\b(?:" + "|".join(sorted(_FUNCTION_WORDS)) + r")\s+)?"
_ALIAS = re.compile(r"\s*\((?P<alias>" + UPPER + r"[\w&.-]{1,11})\)")


# Things named after places: "Brazil nuts", "Turkey sandwiches", "Panama hats", "China plates".
_NAMED_AFTER = re.compile(
    r"\s+(?:nuts?|hats?|plates?|wings?|breast|sandwich(?:es)?|coffee|tea|rugs?|carpets?|cheese|sauce|"
    r"bread|pepper|ware|dishes|porcelain|fever|flu)\b"
)


@rule("gazetteer", _LEAD + rf"(?:\b(?:{_GEO_MODIFIERS})\s+)?(?P<span>{NAME_RUN})")
def gazetteer(m: re.Match[str], ctx: Context) -> PlaceValue | None:
    if _NAMED_AFTER.match(ctx.document.text, m.end("span")):
        return None
    place = lookup(_strip(m["span"]))
    if place is None:
        return None
    return PlaceValue(name=place.name, country=place.country, kind=place.kind)


# The same lookup over the whole run, a leading "North" or "West" included: "North Korea", "West Bengal"
rule("gazetteer_whole_run", _LEAD + rf"(?P<span>{NAME_RUN})")(gazetteer)


def _located(words: list[str]) -> str | None:
    """The country a facility's or organization's own name places it in: "Istanbul Airport" -> TR."""
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            place = lookup(" ".join(words[i : i + size]))
            if place is not None and place.country:
                return place.country
    return None


@lru_cache(maxsize=1)
def _head_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """One pattern per kind: a name ending in one of its heads, or opening with "<head> of"."""
    patterns = []
    for kind in ("facility", "organization"):
        heads = alternation(map(re.escape, _heads()[kind]))
        # "Indian Institute of Technology Guwahati": modifiers may come before "<head> of", but no "of" ("Minister
        # of Defense of Japan" is a title)
        patterns.append((kind, re.compile(rf"(?:.+\s(?:{heads})|(?:(?!of\s)\S+\s)*(?:{heads})\s+of\s+.+)$")))
    return patterns


def _organization(name: str, aliases: tuple[str, ...]) -> PlaceValue | None:
    for kind, pattern in _head_patterns():
        if pattern.fullmatch(name):
            located = _located(name.split())
            return PlaceValue.model_validate({"name": name, "kind": kind, "aliases": aliases, "country": located})
    return None


def _aliases(m: re.Match[str], ctx: Context) -> tuple[str, ...]:
    """ "Korea Aerospace Industries (KAI)": the short form the article defines."""
    found = _ALIAS.match(ctx.document.text, m.end("span"))
    return (found["alias"],) if found else ()


@rule("headed_name", _LEAD + rf"(?:{NAME_WORD}['’]s\s+)?(?P<span>{NAME_RUN})")
def headed_name(m: re.Match[str], ctx: Context) -> PlaceValue | None:
    # "Türkiye's Revenue Administration": the possessor is where it is, not part of its name
    return _organization(_strip(m["span"]), _aliases(m, ctx))


# A government body named for two portfolios: "Ministry of Foreign and Expatriate Affairs", "Department of Health
# and Human Services". A plain name run stops at "and", which joins two places far more often.
_PORTFOLIO_HEADS = "Ministry|Department|Secretariat|Directorate|Commission|Committee"


@rule(
    "portfolio_body",
    _LEAD + rf"(?P<span>(?:{NAME_WORD}\s+)?(?:{_PORTFOLIO_HEADS})\s+(?:of|for)\s+(?:the\s+)?"
    rf"{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}},?\s+and\s+{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})",
)
def portfolio_body(m: re.Match[str], ctx: Context) -> PlaceValue | None:
    return PlaceValue(name=m["span"], kind="organization", aliases=_aliases(m, ctx))


@rule("introduced_name", r"\b(?:" + alternation(_heads()["introducers"]) + rf")\s+(?P<span>{NAME_RUN})")
def introduced_name(m: re.Match[str], ctx: Context) -> PlaceValue | None:
    name = _strip(m["span"])
    if lookup(name) is not None or len(name) < 2:
        return None
    aliases = _aliases(m, ctx)
    return _organization(name, aliases) or PlaceValue(name=name, kind="organization", aliases=aliases)


# --- Local places the gazetteer cannot know: districts, villages, rivers, hills, wetlands

_LOCAL: dict[str, list[str]] = json.loads(
    resources.files("reconcile.data").joinpath("feature_heads.json").read_text("utf-8")
)
HEAD_KIND = {head: kind for kind in ("feature", "locality", "facility") for head in _LOCAL[kind]}
_HEAD = rf"(?P<head>{alternation(map(re.escape, HEAD_KIND))})(?![\w-])"
_MEMBER = rf"(?:the\s+)?{NAME_RUN}"
_AND = r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
# Names a lowercase head makes places, alone or in a list that shares it: "the Teesta river", "X and Y districts"
_FOLLOWED = re.compile(rf"(?:{_AND}{_MEMBER})*\s+{_HEAD}")
# An appositive that says what the name is: "Majuli, the river island district, ..."
_APPOSITIVE = re.compile(rf",\s+(?:the|a|an)\s+(?:[a-z][\w-]*\s+){{0,3}}?{_HEAD}(?=\s*[,.;:])")
# A head that opens a list of names: "the districts of X and Y", "its tributaries, including the X and the Y"
_OPENED = re.compile(rf"\b{_HEAD},?\s+(?:of|including|such as|like|namely)\s+(?:{_MEMBER}{_AND})*(?:the\s+)?$")
_OPENING = tuple(word + " " for word in _LOCAL["opening"])
_LIST_REACH = 200  # chars back to a list's opening head: bounds the work per name
_NOT_PLACES = frozenset(
    w.casefold() for w in (*_LOCAL["not_places"], *MONTHS, *WEEKDAYS, *_heads()["organization"], *_heads()["facility"])
)
# Words before "at" or "in" that make the name after them an employer or an asset: "an analyst at X", "a stake in X"
_NOT_LOCATIVE = re.compile(
    r"\b(?:analysts?|economists?|strategists?|spokes(?:man|woman|person)|engineers?|executives?|officers?|directors?|"
    r"managers?|employees?|staff|workers?|researchers?|scientists?|professors?|students?|jobs?|roles?|stakes?|shares|"
    r"invest\w*|interests?|work(?:s|ed|ing)?|career|chief|head|founder|partners?|layoffs|strikes?|sales|profits?|"
    r"revenues?|earnings|orders|output|production|deliveries)\s+(?:at|in)\s+$",
    re.I,
)


def _local(name: str, kind: str) -> PlaceValue:
    return PlaceValue.model_validate({"name": name, "kind": kind})


def _may_name(name: str) -> bool:
    """Not a word only capitalization makes look like a name: a month, a demonym, an institution ("in Parliament"),
    nor a name the gazetteer knows (its own rules read those)."""
    if name.casefold() in _NOT_PLACES or name.split()[0] in _FUNCTION_WORDS or lookup(name) is not None:
        return False
    return " " in name or not is_demonym(name)


def _opens_sentence(start: int, ctx: Context) -> bool:
    text = ctx.sentence.text
    return start == ctx.sentence.start + len(text) - len(text.lstrip("\"“‘'( "))


def _run_kind(name: str) -> str | None:
    """The kind a feature's own name gives it: "the Rift Valley", "Deepor Beel", "Lake Turkana", "Bay of Biscay"."""
    last = name.rsplit(maxsplit=1)[-1]
    if " " in name and last[0].isupper() and last.casefold() in HEAD_KIND:
        return HEAD_KIND[last.casefold()]
    return "feature" if name.startswith(_OPENING) else None


def _context_kind(m: re.Match[str], ctx: Context) -> str | None:
    """The kind the words around a name give it: a head after it or after its list, or a head opening its list."""
    text = ctx.document.text
    found = _FOLLOWED.match(text, m.end("span"), ctx.sentence.end) or _OPENED.search(
        text, max(ctx.sentence.start, m.start("span") - _LIST_REACH), m.start("span")
    )
    return HEAD_KIND[found["head"]] if found else None


@rule("local_name", _LEAD + rf"(?P<span>{NAME_RUN})")
def local_name(m: re.Match[str], ctx: Context) -> PlaceValue | None:
    name = _strip(m["span"])
    if not _may_name(name) or _organization(name, ()) is not None:
        return None
    apposed = _APPOSITIVE.match(ctx.document.text, m.end("span"), ctx.sentence.end)
    if apposed is None and " " not in name and _opens_sentence(m.start("span"), ctx):
        return None  # "Flood district officials ...": a sentence's first word is capitalized whatever it is
    kind = _run_kind(name) or (HEAD_KIND[apposed["head"]] if apposed else _context_kind(m, ctx))
    return _local(name, kind) if kind else None


@rule(
    "locative",
    rf"\b(?:[Ii]n|at|near|outside|(?P<river>along|across|upstream of|downstream of)\s+the)\s+"
    rf"(?P<span>{UPPER}[^\W\d_]{{3,}})(?![\w'’-])(?!\s+(?:{UPPER}|\d))",
)
def locative(m: re.Match[str], ctx: Context) -> PlaceValue | None:
    """A single unknown name after "in", "at" or "near": a village or a gauging station ("at Neamatighat"); after
    "along the" or "across the", a river."""
    if _NOT_LOCATIVE.search(ctx.document.text, max(ctx.sentence.start, m.start() - 40), m.start("span")):
        return None
    if not _may_name(m["span"]):
        return None
    return _local(m["span"], "feature" if m["river"] else "locality")  # one goes along or across a river


# Local names need a head word, a feature's opening word or a preposition in their sentence: most have none
PLACES.require(frozenset(w.casefold() for head in (*HEAD_KIND, *_LOCAL["opening"]) for w in head.split()), "local_name")
PLACES.require(frozenset({"in", "at", "near", "outside", "along", "across", "upstream", "downstream"}), "locative")
