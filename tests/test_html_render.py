"""The report page as a string: self-contained, escaped, every claim highlighted by its exact span.

What a browser does with the page is tested in test_html_page.py; these run without one.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from datetime import date
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.render_html import StoryEntry, _layered, _Span, render, render_index, source_texts
from reconcile.report import reconcile
from reconcile.settings import Settings
from reconcile.story import load_story
from reconcile.types import Report, Source, StoryInfo, Summary

from .conftest import ROOT, STORIES

SEED = STORIES / "nakatani-turkey"


@cache
def story(directory: Path) -> tuple[Report, tuple[Source, ...]]:
    info, sources = load_story(directory, Settings())
    return reconcile(sources, info, Settings()), tuple(sources)


class _Marks(HTMLParser):
    """The text inside each highlight (pieces of a split one joined), and the page's external references."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int | None]] = []  # tag, the highlight it opens
        self.marks: list[tuple[str, str, list[str]]] = []  # where, claim ids, text: each highlight element
        self.where: list[str] = []
        self.references: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div" and "text" in (a.get("class") or "").split():
            self.where.append("source")
        elif tag == "blockquote":
            self.where.append("sentence")
        elif tag == "div":
            self.where.append("")
        claims = a.get("data-claims") or a.get("data-claim") if tag == "mark" else None
        where = next((w for w in reversed(self.where) if w), "")
        if claims and where:
            self.marks.append((where, claims, []))
            self.open.append((tag, len(self.marks) - 1))
        else:
            self.open.append((tag, None))
        self.references += [v or "" for k, v in attrs if k in ("src", "srcset", "data", "poster", "action")]
        if tag == "link":
            self.references.append(a.get("href") or "")
        self.scripts += tag == "script"

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            t, _ = self.open.pop()
            if t == tag:
                break
        if tag in ("div", "blockquote") and self.where:
            self.where.pop()

    def handle_data(self, data: str) -> None:
        for _, index in self.open:
            if index is not None:
                self.marks[index][2].append(data)

    def text(self, where: str) -> dict[str, list[str]]:
        """Each claim's highlighted text, one entry a highlight (the pieces of a split one joined)."""
        out: dict[str, list[str]] = defaultdict(list)
        pieces: dict[str, list[str]] = defaultdict(list)
        for w, ids, text in self.marks:
            if w == where:
                for cid in ids.split():
                    (pieces[cid] if where == "source" else out[cid]).append("".join(text))
        for cid, parts in pieces.items():
            out[cid].append("".join(parts))
        return out


def marks_of(page: str) -> _Marks:
    parser = _Marks()
    parser.feed(page)
    parser.close()
    return parser


def test_every_claim_of_every_story_is_highlighted_in_its_source_with_its_exact_text() -> None:
    for directory in sorted(p for p in STORIES.iterdir() if p.is_dir()):
        report, sources = story(directory)
        marks = marks_of(render(report, sources))
        in_source, in_sentences = marks.text("source"), marks.text("sentence")
        for claim in report.claims:
            assert in_source[claim.id] == [claim.text], (directory.name, claim.id)
            assert in_sentences[claim.id], (directory.name, claim.id)
            assert set(in_sentences[claim.id]) == {claim.text}, (directory.name, claim.id)


def test_the_page_is_self_contained_and_loads_nothing() -> None:
    report, sources = story(SEED)
    page = render(report, sources)
    marks = marks_of(page)
    assert page.startswith("<!DOCTYPE html>")
    assert marks.references == []
    assert marks.scripts == 1
    assert "default-src 'none'" in page
    assert "<script src" not in page and "@import" not in page and "url(" not in page


def test_conflicts_come_first_and_the_trip_dates_conflict_leads() -> None:
    report, sources = story(SEED)
    page = render(report, sources)
    first = page.index('<article class="finding')
    assert page[first : first + 200].count('data-verdict="conflict"') == 1
    assert page.index('id="conflicts"') < page.index('id="agreements"') < page.index('id="additions"')
    lead = report.findings[0]
    assert (lead.verdict, lead.kind, lead.relation) == ("conflict", "date", "contains")
    assert sorted(v.display for v in lead.values) == ["Aug 17–22, 2025", "Aug 19–20, 2025"]


def test_html_sources_are_highlighted_in_the_text_the_report_carries() -> None:
    html = (
        "<html><body><nav>Home | World</nav><article><p>ANKARA - Japan's defence minister visited Istanbul "
        "on Aug. 20, officials said.</p></article></body></html>"
    )
    sources = [Source(id="wire", outlet="Wire", published=date(2025, 8, 21), html=html)]
    report = reconcile(sources, StoryInfo(id="s"))
    assert report.sources[0].text is not None
    assert report.claims
    marks = marks_of(render(report))  # no texts given: the report's own
    assert marks.text("source") == {c.id: [c.text] for c in report.claims}


def test_a_source_without_its_text_is_listed_not_highlighted() -> None:
    report, _ = story(SEED)
    page = render(report)
    assert "was not given" in page
    assert 'class="text"' not in page
    assert all(c.id in page for c in report.claims)


def test_texts_may_be_given_by_source_id() -> None:
    report, sources = story(SEED)
    texts = {s.id or "": s.text or "" for s in sources}
    assert render(report, texts) == render(report, sources)
    assert source_texts(report, texts) == {s.id: texts[s.id] for s in report.sources}


def test_the_same_report_gives_the_same_page() -> None:
    report, sources = story(SEED)
    assert render(report, sources) == render(report, sources)


def test_what_sources_say_is_escaped() -> None:
    text = (
        'date 2025-08-19 ANKARA - <script>alert(1)</script> "quoted" & <b>bold</b> '
        "Japan's defence minister will visit Istanbul on Wednesday."
    )
    source = Source(id="x", outlet='Evil "><img src=x onerror=alert(1)>', url="javascript:alert(1)", text=text)
    report = reconcile([source], StoryInfo(id="s", title="<i>title</i>"))
    page = render(report, [source])
    assert "<script>alert" not in page
    assert "<img" not in page and "<b>" not in page and "<i>title" not in page
    assert 'href="javascript:' not in page
    marks = marks_of(page)
    assert marks.references == []
    assert marks.text("source")


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(0, 3, "a")], "[a:abc]def"),
        ([(1, 5, "a"), (2, 4, "b")], "a[a:b[b:cd]e]f"),
        ([(1, 4, "a"), (2, 6, "b")], "a[a:b[b:cd]][b+:ef]"),  # crossing: the second is split
        ([(0, 6, "f"), (2, 4, "a")], "[f:ab[a:cd]ef]"),
        ([(3, 3, "e"), (5, 9, "x")], "abcdef"),  # empty or out-of-range spans are dropped
    ],
)
def test_spans_nest_and_crossing_spans_split(spans: list[tuple[int, int, str]], expected: str) -> None:
    markup = [_Span(s, e, f"[{n}:", "]", f"[{n}+:", rank=0) for s, e, n in spans]
    assert _layered("abcdef", markup) == expected


@given(st.text(alphabet="ab<&\n", min_size=1, max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40))))
def test_highlighting_keeps_the_text_and_each_span_covers_exactly_its_text(
    text: str, pairs: list[tuple[int, int]]
) -> None:
    spans = [(min(a, b), max(a, b)) for a, b in pairs]
    markup = [
        _Span(s, e, f'<mark data-claims="n{i}">', "</mark>", f'<mark data-claims="n{i}">', rank=0)
        for i, (s, e) in enumerate(spans)
    ]
    page = f'<div class="text">{_layered(text, markup)}</div>'
    marks = marks_of(page)
    highlighted = marks.text("source")
    for i, (s, e) in enumerate(spans):
        if s < e <= len(text):
            assert highlighted[f"n{i}"] == [text[s:e]]
    stripped = _Strip()
    stripped.feed(page)
    assert "".join(stripped.data) == text


class _Strip(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: list[str] = []

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def test_the_list_of_stories_links_each_page_and_escapes_titles() -> None:
    page = render_index(
        [
            StoryEntry("nakatani-turkey", "Japanese <defence> minister", Summary(agree=1, addition=2, conflict=3)),
            StoryEntry("empty", None, None, href="/elsewhere"),
        ]
    )
    assert 'href="/v1/stories/nakatani-turkey/report.html"' in page
    assert 'href="/elsewhere"' in page
    assert "Japanese &lt;defence&gt; minister" in page
    assert "<script" not in page


def test_the_command_line_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    done = subprocess.run(
        [sys.executable, "-m", "reconcile", "report", str(SEED), "--format", "html", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    report, sources = story(SEED)
    assert page == render(report, sources)


def test_a_finding_whose_id_the_page_already_uses_gets_another_one() -> None:
    report, sources = story(SEED)
    first = report.findings[0].model_copy(update={"id": "sources"})
    page = render(report.model_copy(update={"findings": [first, *report.findings[1:]]}), sources)
    assert page.count('id="sources"') == 1
    assert 'id="finding-1" data-finding="sources"' in page
    assert 'data-findings="finding-1"' in page
