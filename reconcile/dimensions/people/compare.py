"""People: when two mentions are one person, and levels for their titles."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ...settings import Settings
from ...text import fold
from ...types import PersonValue
from ..base import Level

_PARTICLES = frozenset("bin ibn bint al el de da do dos van von der den la le di du".split())


_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _tokens(name: str) -> list[str]:
    return [t for t in fold(name).split() if t not in _PARTICLES]


def same_person(a: PersonValue, b: PersonValue, settings: Settings) -> bool:
    """One person across spellings ("Cagri Sahin", "Çağrı Şahin"), name order ("Ishiba Shigeru"), middle names
    ("Bola Ahmed Tinubu"), short forms ("Lula", "López Obrador") and initials ("J. Smith"); never two people who
    share a surname ("Ahmet Demir", "Mehmet Demir") or differ in their initials ("George W." / "H.W.")."""
    x, y = _tokens(a.name), _tokens(b.name)
    if not x or not y:
        return False
    if {t for t in x if t in _GENERATIONS} != {t for t in y if t in _GENERATIONS}:
        return False  # "Donald Trump" and "Donald Trump Jr." are father and son
    if sorted(x) == sorted(y):
        return True
    initials_x, initials_y = {t for t in x if len(t) == 1}, {t for t in y if len(t) == 1}
    if initials_x and initials_y and initials_x != initials_y:
        return False
    short, long = sorted((x, y), key=len)
    if set(short) <= set(long) and (short[-1] == long[-1] or short[0] == long[0] or len(short) == 1):
        return True  # a short form that keeps the surname or the given name
    if fuzz.ratio(x[-1], y[-1]) < settings.name_similarity:
        return False
    if len(x[0]) == 1 or len(y[0]) == 1:
        return x[0][0] == y[0][0]
    return fuzz.ratio(fold(a.name), fold(b.name)) >= settings.name_similarity


# One office written two ways: a minister of state is a junior minister, a Kenyan cabinet secretary and a British
# secretary of state for a portfolio are its minister ("the Secretary of State" alone is an office of its own).
_OFFICES = (
    (re.compile(r"\bminister of state\b"), "junior minister"),
    (re.compile(r"\bcabinet secretary\b|\bsecretary of state(?= for\b)"), "minister"),
)
# Words that place an office without changing it: "union minister for home affairs" is the home minister.
_FILLER = frozenset({"of", "for", "the", "and", "affairs", "union", "federal"})


def _office(title: str) -> frozenset[str]:
    for pattern, office in _OFFICES:
        title = pattern.sub(office, title)
    return frozenset(title.split()) - _FILLER


def _same_title(a: PersonValue, b: PersonValue, _: Settings) -> bool:
    same = a.title == b.title or (a.title is not None and b.title is not None and _office(a.title) == _office(b.title))
    return same and (a.organization == b.organization or None in (a.organization, b.organization))


# Words that name a role without naming the post: "who heads the agency" fits "director" and "chairman".
_GENERIC_TITLES = frozenset({"head", "chief", "leader", "official", "boss"})


def _one_title_holds_the_other(a: PersonValue, b: PersonValue, _: Settings) -> bool:
    if a.title is None or b.title is None or {a.title, b.title} & _GENERIC_TITLES:
        return True
    if "former" in (a.title.split()[0], b.title.split()[0]):
        return False  # "former president" and "president" cannot both hold
    if a.title in b.title or b.title in a.title:
        return True
    x, y = _office(a.title), _office(b.title)
    return x <= y or y <= x


LEVELS = [
    Level("the same person with the same title", True, "equal", lambda a, b, s: a == b),
    Level("the same person, spelled differently", True, "equivalent", _same_title),
    Level("one title is a fuller form of the other", True, "refines", _one_title_holds_the_other),
    Level("the titles differ", False, "differs", lambda a, b, s: True),
]


def display(value: PersonValue, with_year: bool = True) -> str:
    role = ", ".join(x for x in (value.title, value.organization) if x)
    return f"{value.name} ({role})" if role else value.name


# Roles that outlets render differently from one original title: likely a translation, not a fact.
_EXECUTIVE = frozenset(
    {
        "ceo",
        "chief executive",
        "chief executive officer",
        "general manager",
        "managing director",
        "director general",
        "director-general",
        "president",
        "executive director",
        "head",
    }
)


def conflict_note(a: PersonValue, b: PersonValue) -> str:
    titles = {a.title or "", b.title or ""}
    if any(t.startswith("former ") for t in titles) and len({t.removeprefix("former ") for t in titles}) == 1:
        return "one calls the post a former one"
    if titles <= _EXECUTIVE:
        return "both name the top executive: possibly one title translated two ways"
    return "the titles differ"
