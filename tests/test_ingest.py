"""Ingest: the article's own sentences, its publication date, HTML, furniture set aside by general signals."""

from __future__ import annotations

from datetime import date

import pytest

from reconcile.ingest import html_to_text, infer_published, ingest
from reconcile.settings import Settings
from reconcile.text import fold, split_sentences
from reconcile.types import Source

from .conftest import STORIES

SEED = STORIES / "nakatani-turkey"


def test_the_seed_page_furniture_yields_no_sentence() -> None:
    text = (SEED / "hurriyet.txt").read_text(encoding="utf-8")
    document = ingest(Source(outlet="Hurriyet", text=text), "hurriyet", Settings())
    end_of_article = text.index("according to reports.") + len("according to reports.")
    assert max(s.end for s in document.sentences) == end_of_article
    assert document.sentences[0].text.startswith("ANKARA – Japanese Defense Minister")
    assert any(start >= end_of_article for start, _ in document.furniture)


def test_headline_lists_between_paragraphs_are_skipped_and_the_article_goes_on() -> None:
    text = (
        "Officials said the new bridge will open to traffic on March 3 after two years of work on the river.\n"
        "RELATED\n1. Ministers meet in Rome\n2. Markets fall on Tuesday\n3. Storm hits coast\n"
        "The bridge cost more than the city had planned, and the mayor said the overrun would be audited.\n"
        "Residents have waited for the crossing since the old ferry stopped running in the spring of 2019.\n"
    )
    document = ingest(Source(outlet="x", published=date(2025, 2, 1), text=text), "x", Settings())
    sentences = [s.text for s in document.sentences]
    assert sentences[0].startswith("Officials said")
    assert sentences[-1].startswith("Residents have waited")
    assert not any("Markets fall" in s for s in sentences)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (" date 2025-08-19 MENAFN - Live Mint) ANKARA, - Japan's defence minister", date(2025, 8, 19)),
        ("Published: 2024-02-07T09:15:00Z\nThe quake", date(2024, 2, 7)),
        ("JAKARTA, Oct. 2, 2025 — Leaders gathered", date(2025, 10, 2)),
        ("By Staff Writer | 14 March 2023\nThe budget", date(2023, 3, 14)),
    ],
)
def test_publication_date_is_inferred_from_the_top_of_the_text(head: str, expected: date) -> None:
    found = infer_published(head)
    assert found is not None and found[0] == expected


def test_a_stated_date_wins_over_the_inferred_one_and_the_report_says_which() -> None:
    text = "date 2025-08-19 The minister will hold talks in the capital on Tuesday, officials said."
    given = ingest(Source(outlet="x", published=date(2025, 8, 20), text=text), "x", Settings())
    inferred = ingest(Source(outlet="x", text=text), "x", Settings())
    assert (given.published, given.published_inferred) == (date(2025, 8, 20), False)
    assert (inferred.published, inferred.published_inferred) == (date(2025, 8, 19), True)


def test_no_date_anywhere_is_a_warning_not_a_guess() -> None:
    document = ingest(
        Source(outlet="x", text="The minister will visit the port on Friday, aides said."), "x", Settings()
    )
    assert document.published is None
    assert "no publication date" in document.warnings[0]


def test_html_keeps_the_article_and_drops_scripts_and_navigation() -> None:
    html = (
        "<html><head><script>var x = 'Aug. 19';</script><style>p{}</style></head><body>"
        "<nav>Home | World | Sport on Sunday</nav><article><h1>Talks end</h1>"
        "<p>The talks ended on Aug. 19 &amp; both sides said they would meet again.</p></article>"
        "<footer>© 2025</footer></body></html>"
    )
    text = html_to_text(html)
    assert "The talks ended on Aug. 19 & both sides" in text
    assert "var x" not in text and "Home | World" not in text and "2025" not in text


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Gen. Smith arrived on Aug. 19 in the U.S. capital. He left on Friday.", 2),
        ("The H.E. Ambassador spoke. It was brief.", 2),
        ('"We are ready," he said. "So are we."', 2),
        ("Prices rose 3.5 percent in Q2. Analysts expected 3.1.", 2),
    ],
)
def test_sentences_split_at_ends_not_at_abbreviations(text: str, count: int) -> None:
    assert len(list(split_sentences(text, 0, len(text)))) == count


def test_folding_treats_turkish_and_accented_letters_alike() -> None:
    assert fold("Yaşar Güler") == fold("YASAR GULER") == "yasar guler"
    assert fold("İstanbul") == fold("Istanbul") and fold("TUSAŞ") == "tusas"


def test_the_date_stamp_heading_a_line_is_metadata_not_a_claim() -> None:
    text = (SEED / "livemint.txt").read_text(encoding="utf-8")
    document = ingest(Source(outlet="Live Mint", text=text), "livemint", Settings())
    assert document.sentences[0].text.startswith("MENAFN - Live Mint)")
    assert (document.published, document.published_inferred) == (date(2025, 8, 19), True)


def test_a_text_with_no_running_prose_is_reported_not_silently_empty() -> None:
    shouting = "THE MINISTER MET THE PRESIDENT IN ANKARA ON TUESDAY AND SAID TALKS WOULD RESUME.\n" * 5
    document = ingest(Source(outlet="x", published=date(2025, 8, 21), text=shouting), "x", Settings())
    assert document.sentences == ()
    assert "no article text found" in document.warnings[0]
