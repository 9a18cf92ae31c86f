"""Properties of ingestion and extraction on any text: only input errors escape, spans quote the text, time is linear.

A page is untrusted input: whatever it holds, the core either says why it is not an article
(`InputError`) or extracts claims whose spans reproduce their text. And no text of a given
length costs much more than another: adversarial runs (digits, capitalized words, month names,
"Aug. 19-" repeated, blank lines) are handled in time linear in their length.
"""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from reconcile.errors import EncodingError, InputError
from reconcile.extract import extract_claims
from reconcile.ingest import ingest
from reconcile.settings import Settings
from reconcile.types import PUBLISHED_YEARS, Document, FramedClaim, Source

from .conftest import one_sentence

PUBLISHED = date(2025, 8, 21)
SETTINGS = Settings()
BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What check_text counts as binary debris; any other character may stand in an article.
_REJECTED_CONTROLS = "".join(chr(c) for c in [*range(0x09), *range(0x0E, 0x20), 0x7F])
ARTICLE_CHARACTERS = st.characters(exclude_categories=["Cs"], exclude_characters=_REJECTED_CONTROLS)

# Words of news prose, and Unicode that trips offset arithmetic: letters whose case mapping changes
# length ("İ", "ß", "ﬁ"), combining marks, digits of other scripts, invisible and exotic white space,
# astral characters. Sentences of them, with enough lower-case words, read as an article's body.
NEWS_WORDS = [
    *"Aug. August 19 20 17–22 2025 2026 Wednesday Tuesday on from to between and until by since the the the".split(),
    *"visit talks trip meeting began ended will was scheduled slated said reportedly minister in at of".split(),
    *"Istanbul Ankara Türkiye TUSAŞ fiscal FY2026 2026-27 Q3 H1 minutes hours days weeks more than a".split(),
    *"about nearly least over-90-minute half year last next this week month ago early mid- late for".split(),
    *"mid-August end of spring summer 1990s , ; : ( ) “ ” ' ’ – — - / $ % 1.4 billion yen two ninety".split(),
    *"İstanbul İ ı ß ẞ ﬁscal e\u0301 ２０２５ ١٩ ৭ Ⅻ 👍🏽 \U0001d7d9 ǅ Σ date 2025-08-19 ANKARA 1. Mr. U.S.".split(),
    "\n",
    "\t",
    "\r\n",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\ufeff",
    "\u0085",
]
word = st.one_of(st.sampled_from(NEWS_WORDS), st.text(ARTICLE_CHARACTERS, min_size=1, max_size=6))
sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(word, min_size=4, max_size=30),
    st.sampled_from([".", ".", "?", "!", ".”", "", ":"]),
)
paragraph = st.lists(sentence, min_size=1, max_size=5).map(" ".join)
news_text = st.builds(
    lambda paragraphs, glue: glue.join(paragraphs),
    st.lists(paragraph, min_size=1, max_size=6),
    st.sampled_from(["\n\n", "\n", " ", "\r\n\r\n"]),
)
article_text = st.one_of(st.text(ARTICLE_CHARACTERS, max_size=600), news_text, news_text)


def _ingest(text: str, published: date | None = PUBLISHED) -> Document:
    return ingest(Source(outlet="x", published=published, text=text), "x", SETTINGS)


def _check_document(document: Document) -> None:
    """Sentences are ordered, disjoint, inside the text, and quote it."""
    text = document.text
    previous_end = 0
    for sentence in document.sentences:
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        previous_end = sentence.end
    for start, end in document.furniture:
        assert 0 <= start < end <= len(text)


def _check_claims(document: Document, framed: list[FramedClaim]) -> None:
    """Every claim quotes its span, sits in a body sentence, and derives only from claims that exist."""
    text = document.text
    ids = [f.claim.id for f in framed]
    assert len(ids) == len(set(ids))
    for f in framed:
        claim = f.claim
        start, end = claim.span
        assert 0 <= start < end <= len(text), claim
        assert text[start:end] == claim.text, claim
        assert any(s.start <= start and end <= s.end and s.text == claim.sentence for s in document.sentences), claim
        assert set(claim.derived_from) <= set(ids)
        assert claim.model_dump_json()  # serializable: what the report and `extract` print


@BOUNDED
@given(text=article_text)
@example(text="Nakatani visited İstanbul on Aug. 20 and the talks lasted more than 90 minutes.")
@example(text="İİİİ İİİİ visit on Wednesday, officials said, and the ﬁscal 2026 budget grew.")
@example(text="ANKARA – The visit began Aug. 19–20, 2025, officials said on Tuesday.")
@example(text="date 2025-08-19\nThe minister will visit Istanbul on Wednesday, a source said.")
def test_any_text_is_an_input_error_or_claims_that_quote_their_spans(text: str) -> None:
    try:
        document = _ingest(text)
    except InputError:
        return
    assert document.text == text
    _check_document(document)
    _check_claims(document, extract_claims(document, SETTINGS))


@BOUNDED
@given(text=st.text(st.characters(), max_size=300))  # every code point: controls, surrogates, unassigned
def test_ingest_of_any_string_raises_nothing_but_input_errors(text: str) -> None:
    try:
        document = _ingest(text, published=None)
    except InputError as e:
        if re.search(r"[\ud800-\udfff]", text):  # unless rejected as empty or binary first
            assert isinstance(e, EncodingError) or e.code in ("input.empty", "input.binary"), e
        return
    assert not re.search(r"[\ud800-\udfff]", text), "a lone surrogate passed check_text"
    _check_document(document)


HTML_PIECES = [
    "<p>",
    "</p>",
    "<br>",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<nav>",
    "</nav>",
    "<li>",
    "<!--",
    "-->",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#xD800;",
    "&#x1F600;",
    "&bogus;",
    "<a href='x'>",
    "</a>",
    "<",
    ">",
    "<![CDATA[",
    "]]>",
    "<?php ?>",
]
html_text = st.lists(st.one_of(st.sampled_from(HTML_PIECES), sentence), max_size=40).map(" ".join)


@BOUNDED
@given(html=html_text)
@example(html="<p>Nakatani visited Istanbul on Aug. 20.</p><script>var d = 'Aug. 21';</script>")
def test_any_html_is_an_input_error_or_claims_that_quote_the_extracted_text(html: str) -> None:
    try:
        document = ingest(Source(outlet="x", published=PUBLISHED, html=html), "x", SETTINGS)
    except InputError:
        return
    _check_document(document)
    _check_claims(document, extract_claims(document, SETTINGS))


@settings(max_examples=60, deadline=None)
@given(published=st.dates())
@example(published=date(9999, 12, 31))
@example(published=date(1, 1, 1))
def test_any_publication_date_anchors_or_is_refused_at_the_boundary(published: date) -> None:
    """Dates outside the years an article can have are refused with the field named; all others anchor
    relative dates without raising (no date.max overflow)."""
    text = "The talks will begin next year and end tomorrow, officials said on Tuesday, a week after Aug. 19."
    if not PUBLISHED_YEARS[0] <= published.year <= PUBLISHED_YEARS[1]:
        with pytest.raises(ValidationError, match="published"):
            _ingest(text, published=published)
        return
    document = _ingest(text, published=published)
    _check_claims(document, extract_claims(document, SETTINGS))


def test_a_date_in_the_first_sentence_is_a_claim_not_a_date_stamp() -> None:
    text = (
        "The minister toured Baykar on Aug. 19, 2025, officials said on Thursday.\n\n"
        "The talks lasted more than 90 minutes, a diplomatic source said."
    )
    document = _ingest(text)
    assert document.sentences[0].text.startswith("The minister toured Baykar")
    assert "Aug. 19, 2025" in [f.claim.text for f in extract_claims(document, SETTINGS)]


# --- time linear in length ---------------------------------------------------------------------------


def _run(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _article(run: str) -> str:
    """The run as a paragraph of its own and inside a sentence of prose, between two paragraphs of an article."""
    lede = "ANKARA – Japan's defence minister visited Istanbul on Wednesday, officials said on Thursday."
    tail = "The talks lasted more than 90 minutes, a diplomatic source said, and will resume next year."
    return f"{lede}\n\n{run}\n\nOfficials said on Tuesday that the record read {run} before the talks ended.\n\n{tail}"


def _pipeline(text: str) -> None:
    try:
        document = _ingest(text)
    except InputError:
        return
    extract_claims(document, SETTINGS)


def _one_sentence(text: str) -> None:
    """The rules and framing on the whole run at once, as on a page with no sentence breaks."""
    extract_claims(one_sentence(text, str(PUBLISHED)), SETTINGS)


def _seconds(work: Callable[[str], None], text: str) -> float:
    """CPU time of this process: what the work costs, not what a busy neighbour on the machine adds, nor a
    garbage collection of what earlier tests left (the collector is off while timing)."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        work(text)
        return time.process_time() - start
    finally:
        gc.enable()


def assert_linear(work: Callable[[str], None], make: Callable[[int], str], small: int, large: int) -> None:
    """A 4x longer input takes less than 8x the time (best of a few runs, after a warm-up call)."""
    assert large == 4 * small
    work(make(small // 4))  # warm-up: caches, lazily compiled patterns, dateparser's first call
    short, long = make(small), make(large)
    t_small = min(_seconds(work, short) for _ in range(3))
    # 5 ms of slack keeps timer noise on tiny inputs from failing a linear run; a quadratic one is 16x.
    bound = 8 * t_small + 0.005
    t_large = float("inf")
    for _ in range(2):  # a second chance against a noisy neighbour, unless the first was far over
        t_large = min(t_large, _seconds(work, long))
        if t_large < bound or t_large > 2 * bound:
            break
    assert t_large < bound, f"{small:,} chars: {t_small * 1000:.1f} ms; {large:,}: {t_large * 1000:.1f} ms"


ADVERSARIAL_RUNS = {
    "digits": "7",
    "capitalized words": "Aaa Bbb ",
    "dashes and digits": "1-2-3-",
    "month names": "May ",
    "Aug. 19- repeated": "Aug. 19-",
    "spaces and newlines": " \n  \n\n \t",
    "dotted initials": "A. B. ",
    "numbered lines": "1. Aaa bbb ccc ddd eee fff.\n",
}


@pytest.mark.parametrize("unit", list(ADVERSARIAL_RUNS.values()), ids=list(ADVERSARIAL_RUNS))
def test_adversarial_runs_in_an_article_take_linear_time(unit: str) -> None:
    assert_linear(_pipeline, lambda n: _article(_run(unit, n)), 20_000, 80_000)


# Runs that hold no claim: the rules must scan them in one pass.
CLAIMLESS_RUNS = ["digits", "capitalized words", "dashes and digits", "month names", "spaces and newlines"]


@pytest.mark.parametrize("name", CLAIMLESS_RUNS)
def test_rules_scan_a_long_claimless_sentence_in_linear_time(name: str) -> None:
    unit = ADVERSARIAL_RUNS[name]
    assert_linear(_one_sentence, lambda n: "x " + _run(unit, n), 20_000, 80_000)


# Sentences dense with claims: each claim is framed from a bounded window of its sentence, so the
# work grows with the number of claims, not with claims x sentence length.
DENSE_SENTENCES = {
    "Aug. 19- repeated": ("x ", "Aug. 19-"),
    "run-on prose with dates": ("", "the talks ran Aug. 19- "),
    "run-on prose with durations": ("", "the talks lasted 90 minutes and "),
}


@pytest.mark.parametrize("name", list(DENSE_SENTENCES))
def test_a_sentence_dense_with_claims_takes_linear_time(name: str) -> None:
    prefix, unit = DENSE_SENTENCES[name]
    if prefix:  # the run as one sentence, straight to the rules
        assert_linear(_one_sentence, lambda n: prefix + _run(unit, n), 1_000, 4_000)
    else:  # prose with no sentence break: the whole pipeline reads it as one sentence
        assert_linear(_pipeline, lambda n: _run(unit, n) + "ended.", 800, 3_200)
