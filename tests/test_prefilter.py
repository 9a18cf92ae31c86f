"""Speed that must not change a match: word tries, and the literals and start characters rules are filtered by."""

from __future__ import annotations

import importlib
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.dimensions import DIMENSIONS
from reconcile.dimensions.base import Rule, scan
from reconcile.dimensions.prefilter import analyse, fold
from reconcile.dimensions.trie import literal_trie
from reconcile.ingest import ingest
from reconcile.report import source_ids
from reconcile.settings import Settings
from reconcile.story import load_story

from .conftest import STORIES

RULES = [pytest.param(rule, id=f"{d.kind}:{rule.name}") for d in DIMENSIONS for rule in d.rules]


def _sentences() -> list[str]:
    """Every corpus example and negative, and every sentence of the fixture stories."""
    texts = []
    for dimension in DIMENSIONS:
        corpus = importlib.import_module(dimension.rules[0].resolve.__module__.rsplit(".", 1)[0] + ".corpus")
        texts += [example.text for example in [*corpus.EXAMPLES, *corpus.NEGATIVES]]
    for story in sorted(p for p in STORIES.iterdir() if p.is_dir()):
        _, sources = load_story(story, Settings())
        for source, sid in zip(sources, source_ids(sources), strict=True):
            texts += [s.text for s in ingest(source, sid, Settings()).sentences]
    return texts


SENTENCES = _sentences()


def test_fold_makes_every_character_ignorecase_equates_with_ascii_that_character() -> None:
    """What a case-insensitive literal matches, folded, is the literal folded: no sentence is skipped wrongly."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    for char in map(chr, range(128)):
        for found in re.finditer(re.escape(char), everything, re.IGNORECASE):
            assert fold(found.group(0)) == char.lower(), (char, found.group(0))


@pytest.mark.parametrize("rule", RULES)
def test_a_rule_finds_what_its_pattern_finds_everywhere(rule: Rule) -> None:
    """Skipping sentences without the rule's literals and positions where no match can begin loses no match."""
    for text in SENTENCES:
        expected = [m.span() for m in rule.pattern.finditer(text)]
        if rule.where.literals is not None and not rule.where.literals.search(fold(text)):
            assert expected == [], text
        assert [m.span() for m in scan(rule.pattern, rule.where.starts, text, 0, len(text))] == expected, text


def test_the_analysis_reads_literals_and_beginnings() -> None:
    quarter = analyse(re.compile(r"\b(?:(?P<n>\d+)\s+)?(?:quarter|Q[1-4])\b", re.I))
    assert quarter["literals"] == "q(?:uarter|)"
    assert quarter["starts"] is not None
    assert [re.match(quarter["starts"], t) is not None for t in ("QUA", "q3", "12 ", "tq")] == [True, True, True, False]
    name = analyse(re.compile(r"(?<![\w'])(?:The\s+)?[A-Z]\w+(?:\s+[A-Z]\w+)*"))
    assert name["literals"] is None
    assert name["starts"] is not None and re.match(name["starts"], "Tu") and not re.search(name["starts"], "tu")
    assert analyse(re.compile(r"\w*"))["starts"] is None  # a match may be empty: it begins nowhere in particular
    assert analyse(re.compile(r"[a-z]+"))["starts"] is None  # any letter may begin one: no filter


def test_a_lookahead_alone_is_tried_where_what_it_looks_for_begins() -> None:
    pattern = re.compile(r"(?=(?P<name>[A-Z]\w+),)")
    starts = analyse(pattern)["starts"]
    assert starts is not None
    text = "Then Ann, Bo, and Cy, left."
    expected = [(m.span(), m.span("name")) for m in pattern.finditer(text)]
    assert [(m.span(), m.span("name")) for m in scan(pattern, re.compile(starts), text, 0, len(text))] == expected


_WORDS = st.lists(st.text(alphabet="aAbB-. ", min_size=0, max_size=4), max_size=8)


@settings(max_examples=300, deadline=None)
@given(words=_WORDS, text=st.text(alphabet="aAbB-. x", max_size=12), flags=st.sampled_from([0, re.IGNORECASE]))
def test_a_trie_matches_as_its_flat_alternation(words: list[str], text: str, flags: int) -> None:
    """The same spans, and the same branch preferred where several match (the group after it sees which)."""
    escaped = [re.escape(w) for w in words]
    flat = re.compile(f"(?:{'|'.join(escaped)})(x?)", flags)
    trie = re.compile(f"(?:{literal_trie(escaped)})(x?)", flags)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
    for start in range(len(text) + 1):
        a, b = flat.match(text, start), trie.match(text, start)
        assert (a and (a.span(), a.span(1))) == (b and (b.span(), b.span(1)))


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(alphabet="aAéÉ- ", max_size=4), max_size=8), text=st.text(alphabet="aAéÉ- x", max_size=9))
def test_a_case_sensitive_trie_matches_as_its_flat_alternation(words: list[str], text: str) -> None:
    escaped = [re.escape(w) for w in words]
    flat = re.compile(f"(?:{'|'.join(escaped)})(x?)")
    trie = re.compile(f"(?:{literal_trie(escaped, ignorecase=False)})(x?)")
    for start in range(len(text) + 1):
        a, b = flat.match(text, start), trie.match(text, start)
        assert (a and (a.span(), a.span(1))) == (b and (b.span(), b.span(1)))
