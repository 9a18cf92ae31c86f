"""Rules, dimensions and the one place where overlapping mentions are resolved.

A rule is a name, a compiled pattern and a function from the match (and the
sentence's context) to a value, or None when the span is not what it seemed.
A named group ``span`` in the pattern narrows the mention to that group, so a
pattern may look at context ("in", "the") without swallowing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, Literal

from ..settings import Settings
from ..types import Document, Kind, Mention, Relation, Sentence, Value
from .prefilter import Prefilter, compile_rule, fold

Tense = Literal["past", "future", "none"]

_FUTURE = re.compile(
    r"\b(?:will|shall|won't|is to|are to|(?:is|are|was|were) due to|(?:is|are) due\b|scheduled|slated|set to|"
    r"expected to|(?:is|are|be)\s+expected|plans? to|planning to|planned|going to|aims? to|intends? to|to be held|"
    r"upcoming|forecasts?|predicts?|"
    # news writes schedules in the simple present: "She returns to Ottawa on Saturday"
    r"returns|leaves|departs|arrives|travels|heads|flies|opens|begins|starts|resumes|kicks off|"
    r"would)\b|['’]ll\b",
    re.I,
)
# Past cues: auxiliaries and frequent irregular verbs (unambiguous), and -ed words (less the ones that mark
# plans), which may be adjectives ("flooded areas").
_PAST_VERBS = (
    r"was|were|had|did|said|told|ago|began|begun|met|held|struck|took|came|went|made|saw|won|became|"
    r"lost|left|arrived|flew|spoke|gave|brought|killed|hit|led|fell|rose|sent|kept|paid|sold|"
    r"bought|put|set off|wrote|signed"
)
_PAST = re.compile(rf"\b(?:{_PAST_VERBS}|[a-z]{{2,}}ed)\b")
# Forms that are only ever a simple past, never a participle a plan may use ("will be held", "to be paid").
_STRONG_PAST = re.compile(
    r"\b(?:was|were|did|said|ago|began|came|went|saw|took|became|flew|spoke|gave|fell|rose|wrote)\b"
)
_NOT_PAST_ED = frozenset(
    {
        "scheduled",
        "expected",
        "planned",
        "slated",
        "proposed",
        "intended",
        "unmanned",
        "armed",
        "united",
        "based",
        "related",
        "advanced",
        "red",
        "need",
        "speed",
        "feed",
        "seed",
        "bed",
        "shed",
        "embed",
        "indeed",
        "hundred",
        "allied",
    }
)


@lru_cache(maxsize=1024)
def clause_tense(text: str) -> Tense:
    """Future when a plan cue is present, past when a past verb is, else none."""
    if _FUTURE.search(text):
        return "future"
    for m in _PAST.finditer(text):
        if m.group(0).casefold() not in _NOT_PAST_ED:
            return "past"
    return "none"


# A plan told as past, one that was changed or never kept: "had originally been planned for Wednesday"
_FORMER_PLAN = re.compile(
    r"\b(?:had\s+(?:\w+\s+)?been|(?:was|were)\s+originally|originally)\s+(?:scheduled|planned|slated|set|due|expected)\b"
)


def _nearest_tense(text: str) -> Tense:
    """The tense of what leads up to a date: a past verb after the last plan cue wins ("It will be her first
    trip since she took office in May"), else the clause's tense."""
    future = [m.end() for m in _FUTURE.finditer(text)]
    past = [m.end() for m in (*_STRONG_PAST.finditer(text), *_FORMER_PLAN.finditer(text))]
    if future and past and max(past) >= future[-1]:
        return "past"
    return clause_tense(text)


CLAUSE_CHARS = 300  # the reach of a clause's tense either side of a mention: bounds the work per mention
_CLAUSE_BREAK = re.compile(r"[;—–]|,\s+(?:but|while|though|although|as|and|which|who)\b|\.\s")


@dataclass
class Context:
    """What a rule may know besides its match: the sentence and the article's anchor date."""

    document: Document
    sentence: Sentence

    @property
    def published(self) -> date | None:
        return self.document.published

    @cached_property
    def sentence_tense(self) -> Tense:
        return clause_tense(self.sentence.text)

    def tense_at(self, start: int, end: int | None = None) -> Tense:
        """The tense of the clause around the offset: what leads up to it, else what follows it up to the
        next clause break ("Foreign ministers on Friday agreed ..."), else the whole sentence's."""
        text = self.document.text
        before = text[max(self.sentence.start, start - CLAUSE_CHARS) : start]
        breaks = list(_CLAUSE_BREAK.finditer(before))
        tense = _nearest_tense(before[breaks[-1].end() :] if breaks else before)
        if tense == "none" and end is not None:
            after = text[end : min(self.sentence.end, end + CLAUSE_CHARS)]
            cut = _CLAUSE_BREAK.search(after)
            tense = clause_tense(after[: cut.start()] if cut else after)
        return tense if tense != "none" else self.sentence_tense


Resolver = Callable[[re.Match[str], Context], Value | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    relative: bool = False  # resolved against the publication date
    # cheap test a sentence must pass for this rule to run at all: a pattern, or words one of which it holds
    needs: re.Pattern[str] | frozenset[str] | None = None
    # where a match must be: the rule runs only in windows (chars before, after) around this pattern's hits
    anchor: tuple[re.Pattern[str], int, int] | None = None
    # what every match holds and where one can begin (prefilter.py): sentences and positions it need not try
    where: Prefilter = field(default_factory=lambda: Prefilter(None, None))


@dataclass
class Dimension:
    kind: Kind
    trigger: re.Pattern[str]  # cheap test a sentence must pass before any rule runs
    rules: list[Rule] = field(default_factory=list)

    def rule(
        self, name: str, pattern: str, *, flags: int = 0, relative: bool = False, needs: re.Pattern[str] | None = None
    ) -> Callable[[Resolver], Resolver]:
        """Register a rule; reject duplicate names and patterns that match the empty string."""
        compiled, where = compile_rule(pattern, flags)
        if compiled.fullmatch(""):
            raise ValueError(f"{self.kind} rule {name!r} matches the empty string")
        if any(r.name == name for r in self.rules):
            raise ValueError(f"{self.kind} rule {name!r} is registered twice")

        def register(resolve: Resolver) -> Resolver:
            self.rules.append(Rule(name, compiled, resolve, relative, needs, where=where))
            return resolve

        return register

    def require(self, needs: re.Pattern[str] | frozenset[str], *names: str) -> None:
        """Run these rules only on sentences where `needs` finds something: most sentences hold no digit."""
        unknown = set(names) - {r.name for r in self.rules}
        if unknown:
            raise ValueError(f"{self.kind}: no rules named {sorted(unknown)}")
        self.rules[:] = [replace(r, needs=needs) if r.name in names else r for r in self.rules]

    def anchor(self, pattern: re.Pattern[str], before: int, after: int, *names: str) -> None:
        """Run these rules only around `pattern`'s hits: a rule whose match must hold a title word or a number
        then costs one cheap scan of the sentence instead of its whole pattern tried at every position."""
        unknown = set(names) - {r.name for r in self.rules}
        if unknown:
            raise ValueError(f"{self.kind}: no rules named {sorted(unknown)}")
        self.rules[:] = [replace(r, anchor=(pattern, before, after)) if r.name in names else r for r in self.rules]

    def mentions(self, document: Document, sentence: Sentence) -> list[Mention]:
        """Every span a rule finds and resolves in the sentence, overlapping ones included."""
        if not self.trigger.search(sentence.text):
            return []
        context = Context(document, sentence)
        folded = fold(sentence.text)
        # rules share their literals, needs and anchors: each is searched for once
        holds: dict[re.Pattern[str], bool] = {}
        searched: dict[re.Pattern[str], bool] = {}
        windows: dict[tuple[re.Pattern[str], int, int], list[tuple[int, int]]] = {}
        found = []
        for order, rule in enumerate(self.rules):
            literals = rule.where.literals
            if literals is not None:
                if literals not in holds:
                    holds[literals] = literals.search(folded) is not None
                if not holds[literals]:
                    continue
            if isinstance(rule.needs, frozenset):
                if rule.needs.isdisjoint(sentence_words(sentence)):
                    continue
            elif rule.needs is not None:
                if rule.needs not in searched:
                    searched[rule.needs] = rule.needs.search(sentence.text) is not None
                if not searched[rule.needs]:
                    continue
            if rule.anchor is None:
                spans = [(sentence.start, sentence.end)]
            else:
                if rule.anchor not in windows:
                    windows[rule.anchor] = _windows(rule.anchor, document.text, sentence)
                spans = windows[rule.anchor]
            for m in _matches(rule.pattern, rule.where.starts, document.text, spans):
                start, end = m.span("span") if "span" in rule.pattern.groupindex else m.span()
                if end <= start:
                    continue
                value = rule.resolve(m, context)
                if value is not None:
                    found.append(Mention(self.kind, start, end, rule.name, value, rule.relative, order))
        return found


def _windows(anchor: tuple[re.Pattern[str], int, int], text: str, sentence: Sentence) -> list[tuple[int, int]]:
    """The parts of the sentence within reach of the anchor's hits, overlapping reaches merged."""
    pattern, before, after = anchor
    windows: list[tuple[int, int]] = []
    for hit in pattern.finditer(text, sentence.start, sentence.end):
        lo, hi = max(sentence.start, hit.start() - before), min(sentence.end, hit.end() + after)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows


def _matches(
    pattern: re.Pattern[str], starts: re.Pattern[str] | None, text: str, windows: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """The pattern's matches in each window, a span found in two windows once."""
    if len(windows) == 1:
        yield from scan(pattern, starts, text, *windows[0])
        return
    seen: set[tuple[int, int]] = set()
    for lo, hi in windows:
        for m in scan(pattern, starts, text, lo, hi):
            if m.span() not in seen:
                seen.add(m.span())
                yield m


def scan(
    pattern: re.Pattern[str], starts: re.Pattern[str] | None, text: str, lo: int, hi: int
) -> Iterator[re.Match[str]]:
    """What finditer finds, trying the pattern only where a match can begin. Such a pattern's matches are either
    never empty or, a lookahead alone, always empty: finditer then goes on one character further."""
    if starts is None:
        yield from pattern.finditer(text, lo, hi)
        return
    at = starts.search(text, lo, hi)
    while at is not None:
        m = pattern.match(text, at.start(), hi)
        if m is not None:
            yield m
        at = starts.search(text, m.end() if m is not None and m.end() > m.start() else at.start() + 1, hi)


_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@lru_cache(maxsize=512)
def sentence_words(sentence: Sentence) -> frozenset[str]:
    """A sentence's words, case-folded, for rules that need one of a list of words to run at all."""
    return frozenset(w.casefold() for w in _WORDS.findall(sentence.text))


def longest_first(mentions: Iterable[Mention]) -> list[Mention]:
    """The one place overlaps are settled: the longest span wins, then the rule registered first."""
    taken: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.priority)):
        if not any(m.start < t.end and t.start < m.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


@dataclass(frozen=True)
class Level:
    """One labelled comparison level; a kind's levels are tried in order and the first that holds wins."""

    label: str
    agrees: bool
    relation: Relation
    holds: Callable[[Any, Any, Settings], bool]


def compare(levels: list[Level], a: Value, b: Value, settings: Settings) -> Level:
    for level in levels:
        if level.holds(a, b, settings):
            return level
    raise ValueError(f"no comparison level holds for {a!r} and {b!r}")  # the last level must always hold
