"""Places: when two mentions are one place, and how a place reads. A place is stated or not; it never conflicts."""

from __future__ import annotations

from rapidfuzz import fuzz

from ...settings import Settings
from ...text import fold
from ...types import PlaceValue
from ..base import Level
from .rules import HEAD_KIND

GAZETTEER_KINDS = ("country", "city", "region")  # the gazetteer gives every spelling of these one name
LOCAL_KINDS = ("feature", "locality")  # named by the sources alone: a river, a district, a village
_VOWELS = "aeiou"
_MIN_VARIANT = 6  # shorter names are too often other words or other places one vowel away


def _initials(name: str) -> str:
    return "".join(w[0] for w in fold(name).split() if w not in ("of", "the", "and", "de"))


def _core(name: str) -> str:
    """The folded name less a trailing head: "Brahmaputra River" -> "brahmaputra"."""
    words = fold(name).split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] in HEAD_KIND else " ".join(words)


def _one_vowel_apart(a: str, b: str) -> bool:
    """ "morigaon" and "marigaon": one vowel for another, as one local name is romanized two ways."""
    if len(a) != len(b) or len(a) < _MIN_VARIANT:
        return False
    changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(changed) == 1 and changed[0][0] in _VOWELS and changed[0][1] in _VOWELS


def other_forms(place: PlaceValue) -> list[str]:
    """Other ways a story writes a place it has named once: a local name's one-vowel romanizations ("Marigaon" for
    "Morigaon"), a body's name without the place that opens it ("state disaster management authority")."""
    name, words = place.name, place.name.split()
    if place.kind in LOCAL_KINDS and len(words) == 1 and len(name) >= _MIN_VARIANT:
        return [name[:i] + v + name[i + 1 :] for i, c in enumerate(name) if c in _VOWELS for v in _VOWELS if v != c]
    if place.kind == "organization" and place.country and len(words) >= 4:
        return [" ".join(words[1:]).lower()]
    return []


def same_place(a: PlaceValue, b: PlaceValue, settings: Settings) -> bool:
    """Same canonical name, a defined alias or acronym ("KAI"), a local name with or without its head ("Teesta",
    "Teesta River") or in another romanization, or an organization's near-identical name."""
    names_a = {fold(a.name), *map(fold, a.aliases)}
    names_b = {fold(b.name), *map(fold, b.aliases)}
    if names_a & names_b:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.kind in GAZETTEER_KINDS or b.kind in GAZETTEER_KINDS:
        return False
    if a.kind in LOCAL_KINDS or b.kind in LOCAL_KINDS:
        # never the organizations' looser match below: local names are short and many differ by a letter or two
        core_a, core_b = _core(a.name), _core(b.name)
        return core_a in names_b or core_b in names_a or _one_vowel_apart(core_a, core_b)
    if _initials(a.name) in names_b or _initials(b.name) in names_a:
        return True
    return fuzz.token_set_ratio(fold(a.name), fold(b.name)) >= settings.name_similarity


LEVELS = [
    Level("the same place", True, "equal", lambda a, b, s: a.name == b.name),
    Level("the same place under another name", True, "equivalent", lambda a, b, s: True),
]


def display(value: PlaceValue, with_year: bool = True) -> str:
    return value.name + (f" ({', '.join(value.aliases)})" if value.aliases else "")
