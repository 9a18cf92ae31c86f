"""Wire copies: detected with who copies whom and how much, and never counted as independent confirmation."""

from __future__ import annotations

import json
from datetime import date

import pytest

from reconcile import Settings, Source, StoryInfo, reconcile
from reconcile.copies import Copy, detect_copies, is_wire, roots
from reconcile.ingest import ingest
from reconcile.story import load_story

from .conftest import FIXTURES, STORIES

WIRE = (
    "Leaders from eleven countries will meet in Jakarta on Oct. 3 for a three-day summit on maritime security, "
    "the foreign ministry said on Wednesday. The talks are expected to produce a declaration on coast guard "
    "conduct and a fund of $500 million for port upgrades, officials said. Indonesia has chaired the group "
    "since January and hopes the meeting will end a year of deadlock over fishing rights in disputed waters."
)
REWORDED = WIRE.replace("will meet", "are set to meet").replace("officials said", "diplomats said") + (
    " Traffic around the venue will be restricted, the city said."
)
OWN = (
    "The maritime summit opens in Jakarta on Oct. 3, its organisers announced, with leaders expected to sign a "
    "declaration on fishing disputes. Analysts doubt the fund will reach its target before the next meeting."
)


def _docs() -> list[Source]:
    return [
        Source(id="wire", outlet="Pacific Wire", published=date(2025, 10, 1), text=WIRE),
        Source(id="copy", outlet="Borneo Daily", published=date(2025, 10, 2), text=REWORDED),
        Source(id="own", outlet="Straits Radio", published=date(2025, 10, 2), text=OWN),
    ]


def test_a_later_lightly_reworded_reprint_is_a_copy_of_the_earlier_report() -> None:
    settings = Settings()
    documents = [ingest(s, s.id or "", settings) for s in _docs()]
    copies = detect_copies(documents, settings)
    assert [(c.source, c.original) for c in copies] == [("copy", "wire")]
    assert 0.6 <= copies[0].share < 1.0


def test_agreement_among_copies_counts_one_independent_source() -> None:
    report = reconcile(_docs(), StoryInfo(id="summit"))
    assert (report.summary.sources, report.summary.independent_sources) == (3, 2)
    assert [s.copy_of for s in report.sources] == [None, "wire", None]
    summit_day = next(f for f in report.findings if f.kind == "date" and f.verdict == "agree")
    assert (len(summit_day.sources), summit_day.independent_sources) == (3, 2)
    assert "copy reprints wire" in summit_day.explanation


def test_copy_chains_resolve_to_the_first_report() -> None:
    assert roots([Copy("b", "a", 0.9), Copy("c", "b", 0.8)]) == {"b": "a", "c": "a"}


def test_the_summit_fixture_names_its_reprint() -> None:
    info, sources = load_story(STORIES / "summit", Settings())
    report = reconcile(sources, info)
    assert {(s.id, s.copy_of) for s in report.sources if s.copy_of} == {("borneo-today", "pacific-wire")}


GOLDS_WITH_COPIES = ["flood-toll", "minister-tour"]


@pytest.mark.parametrize("story", GOLDS_WITH_COPIES)
def test_copies_match_the_annotators(story: str) -> None:
    """The gold files name each reprint and what it reprints, and the count of independent sources."""
    gold = json.loads((FIXTURES / "gold" / f"{story}.json").read_text(encoding="utf-8"))
    info, sources = load_story(STORIES / story, Settings())
    report = reconcile(sources, info)
    found = {(s.id, s.copy_of) for s in report.sources if s.copy_of}
    assert found == {(c["source"], c["copy_of"]) for c in gold["copies"]}
    assert report.summary.independent_sources == gold["independent_sources"]


@pytest.mark.parametrize(
    ("outlet", "wire"),
    [
        ("Asia Wire", True),
        ("Pacific News Agency", True),
        ("Reuters", True),
        ("The Bengal Standard", False),
        ("Borneo Today", False),
        ("Press Trust of India", True),
        ("Daily Express", False),
    ],
)
def test_wires_are_known_by_their_names(outlet: str, wire: bool) -> None:
    assert is_wire(outlet) is wire
