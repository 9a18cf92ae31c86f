"""Places: when two mentions are one place, and how a place reads. A place is stated or not; it never conflicts."""

from __future__ import annotations

from rapidfuzz import fuzz

from ...settings import Settings
from ...text import fold
from ...types import PlaceValue
from ..base import Level


def _initials(name: str) -> str:
    return "".join(w[0] for w in fold(name).split() if w not in ("of", "the", "and", "de"))


def same_place(a: PlaceValue, b: PlaceValue, settings: Settings) -> bool:
    """Same canonical name, a defined alias or acronym ("KAI"), or an organization's near-identical name."""
    names_a = {fold(a.name), *map(fold, a.aliases)}
    names_b = {fold(b.name), *map(fold, b.aliases)}
    if names_a & names_b:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.kind in ("country", "city", "region") or b.kind in ("country", "city", "region"):
        return False  # the gazetteer already gave every spelling of these one name
    if _initials(a.name) in names_b or _initials(b.name) in names_a:
        return True
    return fuzz.token_set_ratio(fold(a.name), fold(b.name)) >= settings.name_similarity


LEVELS = [
    Level("the same place", True, "equal", lambda a, b, s: a.name == b.name),
    Level("the same place under another name", True, "equivalent", lambda a, b, s: True),
]


def display(value: PlaceValue, with_year: bool = True) -> str:
    return value.name + (f" ({', '.join(value.aliases)})" if value.aliases else "")
