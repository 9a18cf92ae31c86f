"""Where a rule's pattern can match, read from the pattern itself: most sentences and positions are never tried.

Python's re tries a pattern at every position of a sentence, and most rules find nothing in most sentences. Two
facts about a pattern, both read from re's own parse tree, let a rule skip that work without changing what it
finds:

- literals: strings one of which every match contains ("quarter", "fiscal", a month's name). They are looked for
  in the sentence folded by ``fold``, which maps every character re's IGNORECASE equates with an ASCII character
  to that character's lower case, so neither a case-sensitive nor a case-insensitive pattern is skipped where it
  could match. A sentence without any is not scanned.
- starts: the characters a match can begin with, when they are few (a capital letter: a name). The pattern is then
  tried only where one stands, instead of at every position.

Reading every rule's tree takes about 0.2 s and compiling the rules as much again, which every process would pay
at import. Both ship in ``generated/patterns.json`` (written by ``scripts/generate``; ``tests/test_generated.py``
checks it is current), keyed by a hash of the pattern: the facts, and the code re compiles the pattern to, which
makes the same compiled pattern (for the Python it was generated with; another compiles as usual). A rule
written or changed since is compiled and read when it is registered.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .trie import literal_trie

# re's own parser, compiler and opcodes (private, and as stable as Python's minor version: the shipped code is
# used only on the version that made it)
_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")
_c: Any = importlib.import_module("re._constants")
_sre: Any = importlib.import_module("_sre")

# Non-ASCII characters that IGNORECASE matches with an ASCII letter, whatever str.lower makes of them
# (tests/test_prefilter.py checks every code point).
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})
_MAX_EXACT = 64  # texts a literal part may spell before it is not worth tracking


def fold(text: str) -> str:
    """Lower case, with the characters IGNORECASE equates with ASCII letters made those letters."""
    return text.lower() if text.isascii() else text.translate(_FOLD).lower()


@dataclass(frozen=True)
class Prefilter:
    literals: re.Pattern[str] | None  # finds, in a sentence's folded text, what every match holds
    starts: re.Pattern[str] | None  # one character a match can begin with


_RULES: dict[str, tuple[str, int]] = {}  # every (source, flags) compile_rule was asked for, by key


def compile_rule(source: str, flags: int) -> tuple[re.Pattern[str], Prefilter]:
    """re.compile(source, flags), from the shipped code when there is some, and the pattern's prefilter."""
    shipped = _shipped()
    _RULES[key(source, flags)] = (source, flags)
    found = shipped["patterns"].get(key(source, flags))
    if found is None:
        pattern = re.compile(source, flags)
        found = analyse(pattern)
    elif shipped["python"] == python():
        flags, code, groups, groupindex, indexgroup = found["compiled"]
        pattern = _sre.compile(source, flags, code, groups, groupindex, tuple(indexgroup))
    else:
        pattern = re.compile(source, flags)
    literals, starts = found["literals"], found["starts"]
    return pattern, Prefilter(re.compile(literals) if literals else None, re.compile(starts) if starts else None)


def key(source: str, flags: int) -> str:
    return hashlib.sha256(f"{flags}:{source}".encode()).hexdigest()[:32]


def rules() -> dict[str, re.Pattern[str]]:
    """The rule patterns compiled so far, by key, compiled as re.compile does: what generated/patterns.json holds."""
    return {k: re.compile(source, flags) for k, (source, flags) in _RULES.items()}


def python() -> list[int]:
    """What re's compiled code depends on: Python's version and the regex engine's."""
    return [*sys.version_info[:2], _sre.MAGIC, _sre.CODESIZE]


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(
        resources.files("reconcile.generated").joinpath("patterns.json").read_text("utf-8")
    )
    return found


def analyse(pattern: re.Pattern[str]) -> dict[str, Any]:
    """The pattern's literals and start characters as regex sources (None where there is no filter), and the
    arguments after the source that _sre.compile takes to make the pattern, as re.compile passes them."""
    tree = _parser.parse(pattern.pattern, pattern.flags)
    need = _sequence(list(tree)).need
    literals = literal_trie(sorted(map(re.escape, need), key=lambda s: (-len(s), s))) if need else None
    groups = tree.state.groupdict
    names = [None] * tree.state.groups
    for name, index in groups.items():
        names[index] = name
    compiled = [pattern.flags, _compiler._code(tree, pattern.flags), tree.state.groups - 1, groups, names]
    return {
        "literals": literals,
        "starts": _start_set(list(tree), bool(pattern.flags & re.IGNORECASE)),
        "compiled": compiled,
    }


# --- literals ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Info:
    exact: frozenset[str] | None  # every text the part can match (folded), when it is a few literals
    need: frozenset[str] | None  # texts (folded) one of which every match of the part contains


_UNKNOWN = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


def _better(a: frozenset[str] | None, b: frozenset[str]) -> frozenset[str]:
    """The more selective of two needs: the longer shortest text, then fewer texts."""
    if a is None:
        return b
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items: Iterable[tuple[Any, Any]]) -> _Info:
    need: frozenset[str] | None = None
    run = frozenset({""})  # what the literal stretch read so far can spell
    literal = True
    for op, av in items:
        info = _node(op, av)
        if info.need:
            need = _better(need, info.need)
        if info.exact is not None and len(run) * len(info.exact) <= _MAX_EXACT:
            run = frozenset(a + b for a in run for b in info.exact)
            continue
        literal = False
        if "" not in run:
            need = _better(need, run)
        run = info.exact if info.exact is not None else frozenset({""})
    if "" not in run:
        need = _better(need, run)
    return _Info(run if literal else None, need)


def _char(code: int) -> str | None:
    """A literal character as folded text; only ASCII folds the same for a pattern and for the text it matches."""
    char = chr(code)
    return char.lower() if char.isascii() else None


def _node(op: Any, av: Any) -> _Info:
    if op is _c.LITERAL:
        char = _char(av)
        return _Info(frozenset({char}), None) if char is not None else _UNKNOWN
    if op is _c.IN:
        chars = {_char(v) if o is _c.LITERAL else None for o, v in av}
        if None in chars or len(chars) > 8:
            return _UNKNOWN  # a range, a category, a negated class, a non-ASCII character
        return _Info(frozenset(c for c in chars if c is not None), None)
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return _EMPTY  # no text of its own (what a lookahead needs may lie past the match)
    if op is _c.SUBPATTERN:
        return _sequence(av[3])
    if op is _c.ATOMIC_GROUP:
        return _sequence(av)
    if op is _c.BRANCH:
        infos = [_sequence(alt) for alt in av[1]]
        exact = None
        if all(i.exact is not None for i in infos):
            union = frozenset(s for i in infos if i.exact is not None for s in i.exact)
            exact = union if len(union) <= _MAX_EXACT else None
        need = None
        if all(i.need is not None for i in infos):
            need = frozenset(s for i in infos if i.need is not None for s in i.need)
        return _Info(exact, need)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, sub = av
        info = _sequence(sub)
        if info.exact is not None and high == 1:
            return _Info(info.exact | ({""} if low == 0 else set()), info.need if low else None)
        return _Info(None, info.need if low else None)
    return _UNKNOWN


# --- where a match can begin ------------------------------------------------------------------------------------

_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}
# What news copy is like, to tell how often a pattern's first characters occur: trying it only where one stands
# pays when they are seldom (capitals, digits), not when nearly any letter may begin a match.
_SAMPLE = (
    "The minister said on Tuesday that at least 2,500 people had been moved from villages along the river, "
    "and that the state would spend about $1.4 billion (Rs 11,600 crore) on relief over the next three years. "
    "Officials in the district, where more than 40 homes were destroyed, expect the water to fall by the weekend; "
    "an aid convoy left the capital early in the morning and was due to arrive before nightfall, a spokesperson "
    "for the disaster agency told reporters."
)
_MAX_DENSITY = 0.05  # first characters per character of the sample


class _Unknown(Exception):
    """A part whose first character this reading cannot bound, or not as one character class."""


def _start_set(tree: list[tuple[Any, Any]], icase: bool) -> str | None:
    """One character class of every character a match can begin with, when they are seldom; None otherwise.

    A lookahead alone matches the empty string where what it looks for begins: its first characters count."""
    if len(tree) == 1 and tree[0][0] is _c.ASSERT and tree[0][1][0] == 1:
        tree = list(tree[0][1][1])
    members: set[str] = set()
    try:
        if _first(tree, icase, members):
            return None  # a match may be empty: it begins with no character
    except _Unknown:
        return None
    starts = "[" + "".join(sorted(members)) + "]"
    return starts if len(re.findall(starts, _SAMPLE)) <= _MAX_DENSITY * len(_SAMPLE) else None


def _cased(code: int, icase: bool) -> set[str]:
    """A literal character as class members: with every character IGNORECASE equates with it."""
    char = chr(code)
    if not icase or not char.isalpha():
        return {re.escape(char)}
    if not char.isascii():
        raise _Unknown("a non-ASCII letter ignoring case")
    return {re.escape(c) for c in {char.lower(), char.upper(), *(t for t in "İıſK" if fold(t) == char.lower())}}


def _members(items: list[tuple[Any, Any]], icase: bool) -> set[str]:
    members: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            members |= _cased(av, icase)
        elif op is _c.RANGE and not (icase and any(chr(c).isalpha() for c in range(av[0], av[1] + 1))):
            members.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and av in _CATEGORIES and not (icase and av != _c.CATEGORY_DIGIT):
            members.add(_CATEGORIES[av])
        else:
            raise _Unknown(op)  # a negated class, or one whose letters ignore case
    return members


def _first(items: Iterable[tuple[Any, Any]], icase: bool, members: set[str]) -> bool:
    """Add to members what the part's first character can be; return whether the part can match nothing at all."""
    for op, av in items:
        if op is _c.LITERAL:
            members |= _cased(av, icase)
            return False
        if op is _c.IN:
            members |= _members(av, icase)
            return False
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # zero width: what follows begins the match
        if op is _c.SUBPATTERN:
            _, add, remove, sub = av
            if not _first(sub, (icase or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE, members):
                return False
        elif op is _c.ATOMIC_GROUP:
            if not _first(av, icase, members):
                return False
        elif op is _c.BRANCH:
            empty = False
            for alt in av[1]:  # every branch, for its first characters: not any(), which stops at the first
                empty |= _first(alt, icase, members)
            if not empty:
                return False
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _, sub = av
            if not _first(sub, icase, members) and low > 0:
                return False
        else:
            raise _Unknown(op)  # any character, a back reference
    return True
