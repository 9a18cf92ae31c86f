"""Place rules: countries and cities from the gazetteer, datelines, facilities and organizations by the
head of their name ("... Industries", "... Air Base") or the word that introduces them ("drone maker X")."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from ...gazetteer import lookup
from ...text import NAME_WORD, UPPER
from ...types import PlaceValue
from ..base import Context, Dimension
from ..dates.lexicon import alternation

PLACES = Dimension(kind="place", trigger=re.compile(UPPER))
rule = PLACES.rule

_CONNECTOR = r"(?:\s+(?:of|de|del|da|do|dos|al|el|la|le|the)\s+|\s+|-)"
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
        patterns.append((kind, re.compile(rf"(?:.+\s(?:{heads})|(?:{heads})\s+of\s+.+)$")))
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


@rule("introduced_name", r"\b(?:" + alternation(_heads()["introducers"]) + rf")\s+(?P<span>{NAME_RUN})")
def introduced_name(m: re.Match[str], ctx: Context) -> PlaceValue | None:
    name = _strip(m["span"])
    if lookup(name) is not None or len(name) < 2:
        return None
    aliases = _aliases(m, ctx)
    return _organization(name, aliases) or PlaceValue(name=name, kind="organization", aliases=aliases)
