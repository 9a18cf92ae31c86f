"""The report as a page people read: one self-contained HTML file, conflicts first.

`render(report, texts)` returns the whole page as a string: styles and script inline (from
`data/report_page.css` and `data/report_page.js`), no network, no third-party code, and a
Content-Security-Policy that lets the page fetch nothing. The CLI (`reconcile report --format html`)
and the API call it the same way.

What the page holds, top to bottom: the story's headline figures; filters by kind and verdict;
the conflicts, each with its competing values side by side and, under each value, who says it
(outlet, date, attribution, plan or report) and the source's sentence with the claim highlighted;
a timeline of the dated claims and the figures that changed over time (inline SVG); agreements
and additions (collapsible); then every source in full with all its claims highlighted, where
clicking a claim shows its finding.

Claims are highlighted by their span in the full source text (`text[start:end] == claim.text`).
The text of an HTML source comes with the report (`sources[].text`); the text of a plain-text
source is the source's own, which the caller passes in `texts` (a mapping of source id to text, or
the `Source` objects the report was made from). A claim whose span does not fit the text given is
listed, not highlighted.

The renderer is pure: no clock, no environment, no network; the same report gives the same page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from html import escape
from importlib import resources
from itertools import pairwise

from .report import source_ids
from .types import (
    Claim,
    DateValue,
    DurationValue,
    Finding,
    MoneyValue,
    QuantityValue,
    Report,
    Source,
    SourceInfo,
    Summary,
    ValueGroup,
)

VERDICTS = ("conflict", "agree", "addition")
KINDS = ("date", "duration", "money", "quantity", "place", "person")
_HEADING = {"conflict": "Conflicts", "agree": "Agreements", "addition": "Additions"}
_NOUN = {"conflict": "conflict", "agree": "agreement", "addition": "addition"}
_SECTION = {"conflict": "conflicts", "agree": "agreements", "addition": "additions"}
_MODALITY = {"reported": "report", "planned": "plan", "hedged": "hedged"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
# ids the page gives its own elements: a finding id like these gets another id on the page
_PAGE_IDS = re.compile(
    r"[sc][0-9]+|finding-[0-9]+|main|panel(-h)?|filters|filter-sets|shown|[a-z]+s(-h)?|timeline(-h)?"
)
_QUOTE_WIDTH = 420  # characters of a sentence shown around its claim in a finding
_FINE_DAYS = 62  # dated values at most this long (a day, a week, a month) go on the timeline
_NEAR_DAYS = 60  # ... when they lie within this many days of the publication dates
_TIMELINE_ROWS = 60
_FIGURE_CHARTS = 12
_BIG_CLAIMS, _BIG_FINDINGS = 400, 150  # past these, off-screen parts of the page skip layout until shown


def render(report: Report, texts: Mapping[str, str] | Sequence[Source] | None = None) -> str:
    """The report's page: one self-contained HTML document.

    `texts` gives the text of each plain-text source, by source id or as the sources themselves
    (`story.load_story`'s); an HTML source's text comes with the report.
    """
    return _Page(report, source_texts(report, texts)).html()


def source_texts(report: Report, texts: Mapping[str, str] | Sequence[Source] | None) -> dict[str, str | None]:
    """The text each source's spans index, by source id: the report's own for HTML input, else the caller's."""
    given: Mapping[str, str]
    if texts is None:
        given = {}
    elif isinstance(texts, Mapping):
        given = texts
    else:
        given = {sid: s.text for sid, s in zip(source_ids(texts), texts, strict=True) if s.text is not None}
    return {s.id: s.text if s.text is not None else given.get(s.id) for s in report.sources}


@dataclass(frozen=True)
class StoryEntry:
    """One line of the list of stories: its id, title, figures, and where its page is."""

    id: str
    title: str | None = None
    summary: Summary | None = None
    href: str | None = None  # default: /v1/stories/{id}/report.html


def render_index(entries: Iterable[StoryEntry], title: str = "Stories") -> str:
    """A page listing stories, each linking to its report page, in the report page's style."""
    rows = []
    for e in entries:
        href = e.href if e.href is not None else f"/v1/stories/{e.id}/report.html"
        s = e.summary
        figures = (
            f"<td>{s.sources}</td><td>{s.independent_sources}</td><td>{s.conflict}</td>"
            f"<td>{s.agree}</td><td>{s.addition}</td>"
            if s
            else '<td colspan="5">no report yet</td>'
        )
        rows.append(
            f'<tr><th scope="row"><a href="{_attr(href)}">{_text(e.title or e.id)}</a>'
            f'<span class="muted"> · {_text(e.id)}</span></th>{figures}</tr>'
        )
    body = (
        f'<main id="main"><h1>{_text(title)}</h1>'
        '<div class="table-wrap"><table class="stories"><thead><tr><th scope="col">Story</th>'
        '<th scope="col">Sources</th><th scope="col">Independent</th><th scope="col">Conflicts</th>'
        '<th scope="col">Agreements</th><th scope="col">Additions</th></tr></thead><tbody>'
        + ("".join(rows) or '<tr><td colspan="6">No stories yet.</td></tr>')
        + "</tbody></table></div></main>"
    )
    return _document(title, body, script=False)


# --- the page -------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A piece of markup around [start, end) of a source text; `rank` orders equal spans, outer first."""

    start: int
    end: int
    open: str
    close: str
    again: str  # the opening tag of a continuation, when a crossing span is split
    rank: int


class _Page:
    def __init__(self, report: Report, texts: dict[str, str | None]) -> None:
        self.report = report
        self.texts = texts
        self.claims = {c.id: c for c in report.claims}
        self.sources = {s.id: s for s in report.sources}
        self.source_dom = {s.id: f"s{i}" for i, s in enumerate(report.sources, start=1)}
        self.findings = {f.id: f for f in report.findings}
        self.finding_dom = {
            f.id: f.id if _SAFE_ID.match(f.id) and not _PAGE_IDS.fullmatch(f.id) else f"finding-{i}"
            for i, f in enumerate(report.findings, start=1)
        }
        self.finding_of: dict[str, Finding] = {}
        for f in report.findings:
            for cid in f.claims:
                self.finding_of.setdefault(cid, f)
        self.claim_dom: dict[str, str] = {}  # claim id -> the id of its highlight in the source text
        self.unplaced: list[Claim] = []  # claims whose span does not fit the text given
        self.marks: dict[str, list[_Span]] = {}
        self._place_claims()

    # -- claims in their sources

    def _place_claims(self) -> None:
        by_source: dict[str, list[Claim]] = defaultdict(list)
        for c in self.report.claims:
            by_source[c.source].append(c)
        n = 0
        for sid, claims in by_source.items():
            text = self.texts.get(sid)
            groups: dict[tuple[int, int], list[Claim]] = {}
            for c in claims:
                start, end = c.span
                if text is None or not 0 <= start < end <= len(text) or text[start:end] != c.text:
                    self.unplaced.append(c)
                    continue
                groups.setdefault((start, end), []).append(c)
            spans = []
            for (start, end), group in sorted(groups.items()):
                n += 1
                dom = f"c{n}"
                for c in group:
                    self.claim_dom[c.id] = dom
                spans.append(self._claim_span(dom, start, end, group))
            info = self.sources.get(sid)
            for start, end in info.furniture if info else []:
                spans.append(
                    _Span(
                        start,
                        end,
                        '<span class="furn" title="Set aside as page furniture (navigation, other stories)">',
                        "</span>",
                        '<span class="furn">',
                        rank=0,
                    )
                )
            self.marks[sid] = spans

    def _claim_span(self, dom: str, start: int, end: int, claims: list[Claim]) -> _Span:
        findings = list(dict.fromkeys(self.finding_of[c.id].id for c in claims if c.id in self.finding_of))
        verdict = self._worst(findings)
        kinds = " ".join(sorted({f"k-{c.kind}" for c in claims}))
        title = "; ".join(
            f"{c.kind} · {c.subject}"
            + (f" — {_NOUN[self.findings[f].verdict]} ({f})" if (f := self._finding_id(c)) else "")
            for c in claims
        )
        data = (
            f'data-claims="{_attr(" ".join(c.id for c in claims))}" '
            f'data-findings="{_attr(" ".join(self.finding_dom[f] for f in findings))}"'
        )
        classes = f"hl v-{verdict} {kinds}"
        return _Span(
            start,
            end,
            f'<mark class="{classes}" id="{dom}" tabindex="0" role="button" {data} title="{_attr(title)}">',
            "</mark>",
            f'<mark class="{classes} cont" {data}>',
            rank=1,
        )

    def _finding_id(self, c: Claim) -> str | None:
        f = self.finding_of.get(c.id)
        return f.id if f else None

    def _worst(self, finding_ids: Sequence[str]) -> str:
        verdicts = {self.findings[f].verdict for f in finding_ids}
        return next((v for v in VERDICTS if v in verdicts), "none")

    # -- the document

    def html(self) -> str:
        r = self.report
        title = r.story.title or r.story.id
        parts = [
            '<a class="skip" href="#conflicts">Skip to the conflicts</a>',
            self._header(),
            '<main id="main">',
            self._filters(),
            self._warnings(),
            self._group("conflict", open_=True),
            self._timeline(),
            self._group("agree", open_=True),
            self._group("addition", open_=False),
            self._sources(),
            "</main>",
            self._panel(),
            '<footer class="foot"><p>Made by <code>reconcile</code> from report schema version '
            f"{_text(r.schema_version)}. Every highlight is the claim's exact span in its source's text.</p></footer>",
        ]
        big = len(r.claims) > _BIG_CLAIMS or len(r.findings) > _BIG_FINDINGS
        return _document(f"{title} — where the sources disagree", "".join(parts), script=True, big=big)

    def _header(self) -> str:
        r = self.report
        s = r.summary
        sources = s.sources or len(r.sources)
        independent = s.independent_sources or sum(1 for x in r.sources if not x.copy_of)
        tiles = [
            ("sources", "Sources", sources, "#sources"),
            ("independent", "Independent sources", independent, "#sources"),
            ("conflict", "Conflicts", s.conflict, "#conflicts"),
            ("agree", "Agreements", s.agree, "#agreements"),
            ("addition", "Additions", s.addition, "#additions"),
            ("claims", "Claims", len(r.claims), "#sources"),
        ]
        stats = "".join(
            f'<li class="stat stat-{key}"><a href="{href}"><span class="num">{value:,}</span>'
            f'<span class="label">{label}</span></a></li>'
            for key, label, value, href in tiles
        )
        dates = sorted(x.published for x in r.sources if x.published)
        span = ""
        if dates:
            span = _day(dates[0]) if dates[0] == dates[-1] else f"{_day(dates[0])} – {_day(dates[-1])}"
            span = f" · published {span}"
        return (
            '<header class="top"><p class="eyebrow">Story report · '
            f"<code>{_text(r.story.id)}</code>{_text(span)}</p>"
            f"<h1>{_text(r.story.title or r.story.id)}</h1>"
            f'<ul class="stats" aria-label="Headline figures">{stats}</ul>'
            '<nav class="toc" aria-label="Sections"><a href="#conflicts">Conflicts</a>'
            '<a href="#timeline">Timeline</a><a href="#agreements">Agreements</a>'
            '<a href="#additions">Additions</a><a href="#sources">Sources</a></nav></header>'
        )

    def _filters(self) -> str:
        findings = self.report.findings
        verdicts = "".join(
            f'<label class="chip v-{v}"><input type="checkbox" name="verdict" value="{v}" checked> '
            f'{_HEADING[v]} <span class="count">{sum(1 for f in findings if f.verdict == v)}</span></label>'
            for v in VERDICTS
        )
        present = [k for k in KINDS if any(f.kind == k for f in findings)]
        present += sorted({f.kind for f in findings} - set(KINDS))
        kinds = "".join(
            f'<label class="chip"><input type="checkbox" name="kind" value="{_attr(k)}" checked> '
            f'{_text(k)} <span class="count">{sum(1 for f in findings if f.kind == k)}</span></label>'
            for k in present
        )
        return (
            '<section class="filters" id="filters" aria-label="Filters" hidden>'
            '<button type="button" class="filter-toggle" aria-expanded="false" aria-controls="filter-sets">'
            'Filters</button><div class="filter-sets" id="filter-sets">'
            f"<fieldset><legend>Verdict</legend>{verdicts}</fieldset>"
            f"<fieldset><legend>Kind</legend>{kinds}</fieldset></div>"
            f'<p class="shown" id="shown" role="status" aria-live="polite">{len(findings)} of {len(findings)} '
            "findings shown</p></section>"
        )

    def _warnings(self) -> str:
        notes = [_text(w) for w in self.report.warnings]
        missing = [s for s in self.report.sources if self.texts.get(s.id) is None]
        if missing:
            names = ", ".join(_text(s.outlet) for s in missing)
            notes.append(f"The text of {names} was not given, so its claims are listed but not highlighted in it.")
        elsewhere = [c for c in self.unplaced if self.texts.get(c.source) is not None]
        if elsewhere:
            ids = ", ".join(_text(c.id) for c in elsewhere[:10]) + ("…" if len(elsewhere) > 10 else "")
            notes.append(f"{len(elsewhere)} claims do not fit their source's text and are not highlighted: {ids}.")
        if not notes:
            return ""
        items = "".join(f"<li>{n}</li>" for n in notes)
        return f'<section class="warnings" aria-label="Warnings"><h2>Warnings</h2><ul>{items}</ul></section>'

    # -- findings

    def _group(self, verdict: str, open_: bool) -> str:
        findings = [f for f in self.report.findings if f.verdict == verdict]
        section = _SECTION[verdict]
        cards = "".join(self._card(f) for f in findings)
        empty = f"No {section} in this story." if not findings else f"No {section} match the filters."
        none = f'<p class="none" {"" if not findings else "hidden"}>{empty}</p>'
        heading = (
            f'<h2 id="{section}-h">{_HEADING[verdict]} <span class="count" data-total="{len(findings)}">'
            f"({len(findings)})</span></h2>"
        )
        if verdict == "conflict":
            return (
                f'<section class="group g-{verdict}" id="{section}" aria-labelledby="{section}-h">'
                f'{heading}<p class="hint">Where outlets disagree: each value, who states it and in which words.</p>'
                f"{none}{cards}</section>"
            )
        hint = (
            "Two or more outlets state compatible values."
            if verdict == "agree"
            else "Only some outlets state these; the others are silent."
        )
        return (
            f'<section class="group g-{verdict}" id="{section}" aria-labelledby="{section}-h">'
            f'<details class="fold"{" open" if open_ else ""}><summary>{heading}</summary>'
            f'<p class="hint">{hint}</p>{none}{cards}</details></section>'
        )

    def _card(self, f: Finding) -> str:
        dom = self.finding_dom[f.id]
        relation = f" · {_text(f.relation)}" if f.relation else ""
        n = len(f.sources)
        independent = f.independent_sources
        count = f"{n} source{'s' if n != 1 else ''}"
        if 0 < independent < n:
            count += f" ({independent} independent)"
        sides = [(v.display, v.claims, len(v.sources), v.independent_sources) for v in f.values]
        if not sides:  # a finding without value groups: its claims in one column
            sides = [("", f.claims, n, independent)]
        columns = "".join(self._value(f, *side) for side in sides)
        return (
            f'<article class="finding v-{f.verdict} k-{_attr(f.kind)}" id="{dom}" data-finding="{_attr(f.id)}" '
            f'data-kind="{_attr(f.kind)}" data-verdict="{f.verdict}" tabindex="-1" aria-labelledby="{dom}-h">'
            f'<header class="fhead"><h3 id="{dom}-h"><a class="fid" href="#{dom}">{_text(f.id)}</a> '
            f'<span class="subject">{_text(f.subject)}</span></h3>'
            f'<p class="badges"><span class="badge kind">{_text(f.kind)}</span>'
            f'<span class="badge verdict v-{f.verdict}">{_NOUN[f.verdict]}{relation}</span>'
            f'<span class="badge n">{count}</span></p></header>'
            f'<p class="explanation">{_text(f.explanation)}</p>'
            f'<div class="values{" many" if len(sides) > 1 else ""}">{columns}</div></article>'
        )

    def _value(self, f: Finding, shown: str, claim_ids: list[str], n: int, independent: int) -> str:
        claims = [self.claims[c] for c in claim_ids if c in self.claims]
        who = f"{n} source{'s' if n != 1 else ''}"
        if 0 < independent < n:
            who += f", {independent} independent"
        items = "".join(self._claim_item(c, f.verdict) for c in claims)
        display = f'<p class="display">{_text(shown)}</p>' if shown else ""
        return (
            f'<section class="value" aria-label="{_attr(shown or f.subject)}">{display}'
            f'<p class="who">{who}</p><ul class="claims">{items}</ul></section>'
        )

    def _claim_item(self, c: Claim, verdict: str) -> str:
        info = self.sources.get(c.source)
        meta = [self._outlet(c.source)]
        if info and info.published:
            inferred = ' <span class="muted">(date inferred)</span>' if info.published_inferred else ""
            meta.append(f'<time datetime="{info.published.isoformat()}">{_day(info.published)}</time>{inferred}')
        meta.append(f'<span class="badge m-{_attr(c.modality)}">{_text(_MODALITY.get(c.modality, c.modality))}</span>')
        more = []
        if c.attribution:
            said = c.attribution if c.attribution.lower().startswith("according") else f"according to {c.attribution}"
            more.append(f'<span class="attr">{_text(said)}</span>')
        if info and info.copy_of:
            share = f" ({info.copy_share:.0%} shared)" if info.copy_share is not None else ""
            more.append(f'<span class="copy-of">copy of {self._outlet(info.copy_of, link=False)}{share}</span>')
        attributed = f'<p class="meta more">{" · ".join(more)}</p>' if more else ""
        derived = ""
        if c.derived_from:  # its span and text are its first mention's: the others follow, folded
            parts = [self.claims[d] for d in c.derived_from if d in self.claims]
            meta.append(f'<span class="inferred">inferred from {len(parts)} dated mentions</span>')
            others = [d for d in parts if d.span != c.span]
            quotes = "".join(f"<li>{self._quote(d, verdict)}{self._goto(d)}</li>" for d in others)
            if others:
                derived = (
                    f'<details class="derived"{" open" if verdict == "conflict" else ""}><summary>'
                    f"{len(others)} more in {_text(self._outlet_name(c.source))}</summary><ul>{quotes}</ul></details>"
                )
        return (
            f'<li class="claim" data-claim="{_attr(c.id)}"><p class="meta">{" · ".join(meta)}</p>{attributed}'
            f"{self._quote(c, verdict)}{derived}{self._goto(c)}</li>"
        )

    def _outlet_name(self, sid: str) -> str:
        info = self.sources.get(sid)
        return info.outlet if info else sid

    def _outlet(self, sid: str, link: bool = True) -> str:
        info = self.sources.get(sid)
        name = _text(info.outlet if info else sid)
        if link and sid in self.source_dom:
            return f'<a class="outlet" href="#{self.source_dom[sid]}">{name}</a>'
        return f'<span class="outlet">{name}</span>'

    def _goto(self, c: Claim) -> str:
        dom = self.claim_dom.get(c.id)
        if not dom:
            return ""
        info = self.sources.get(c.source)
        outlet = _text(info.outlet if info else c.source)
        return f'<a class="goto" href="#{dom}">Show in {outlet}</a>'

    def _quote(self, c: Claim, verdict: str) -> str:
        sentence = c.sentence
        at = -1
        text = self.texts.get(c.source)
        start, end = c.span
        if text is not None and sentence:
            i = text.find(sentence, max(0, end - len(sentence)))
            if 0 <= i <= start and i + len(sentence) >= end:
                at = start - i
        if at < 0 or sentence[at : at + len(c.text)] != c.text:
            at = sentence.find(c.text)
        mark = f'<mark class="hl v-{verdict} k-{_attr(c.kind)}" data-claim="{_attr(c.id)}">{_text(c.text)}</mark>'
        if at < 0:
            body = f"{_text(_clip(sentence, _QUOTE_WIDTH))} <span class='muted'>[{mark}]</span>"
        else:
            before, after = sentence[:at], sentence[at + len(c.text) :]
            room = max(60, (_QUOTE_WIDTH - len(c.text)) // 2)
            if len(before) > room:
                before = "…" + before[-room:].lstrip()
            if len(after) > room:
                after = after[:room].rstrip() + "…"
            body = f"{_text(before)}{mark}{_text(after)}"
        return f'<blockquote class="sentence" cite="#{self.source_dom.get(c.source, "")}">{body}</blockquote>'

    # -- the timeline

    def _timeline(self) -> str:
        dated = self._dated_rows()
        charts = self._figure_charts()
        if not dated and not charts:
            body = '<p class="none">No dated claims or changing figures in this story.</p>'
        else:
            body = dated + charts
        return (
            '<section class="group timeline" id="timeline" aria-labelledby="timeline-h">'
            '<h2 id="timeline-h">Timeline</h2>'
            '<p class="hint">When things happen, as each outlet dates them, and figures that changed from report to '
            "report. Click a bar or point to open its finding.</p>"
            f"{body}</section>"
        )

    def _dated_rows(self) -> str:
        findings = [f for f in self.report.findings if f.kind == "date" and f.values]
        if not findings:
            return ""
        pubs = sorted(s.published for s in self.report.sources if s.published)

        def interval(v: ValueGroup) -> tuple[date, date] | None:
            return (v.value.start, v.value.end) if isinstance(v.value, DateValue) else None

        fine = [iv for f in findings for v in f.values if (iv := interval(v)) and (iv[1] - iv[0]).days < _FINE_DAYS]
        if not fine:
            return self._far_list(findings)
        if pubs:
            lo_anchor, hi_anchor = pubs[0], pubs[-1]
        else:
            middle = sorted(iv[0] for iv in fine)[len(fine) // 2]
            lo_anchor = hi_anchor = middle
        near_gap = timedelta(days=_NEAR_DAYS)

        def near(iv: tuple[date, date] | None) -> bool:
            return (
                iv is not None
                and (iv[1] - iv[0]).days < _FINE_DAYS
                and iv[1] >= lo_anchor - near_gap
                and iv[0] <= hi_anchor + near_gap
            )

        rows = [f for f in findings if any(near(interval(v)) for v in f.values)]
        far = [f for f in findings if f not in rows]
        if not rows:
            return self._far_list(findings)
        ranked = sorted(rows, key=lambda f: (VERDICTS.index(f.verdict), -len(f.sources)))
        drawn, dropped = ranked[:_TIMELINE_ROWS], ranked[_TIMELINE_ROWS:]
        ivs = [iv for f in drawn for v in f.values if near(iv := interval(v)) and iv is not None]
        lo = min([iv[0] for iv in ivs] + [p for p in pubs if p >= lo_anchor - near_gap]) - timedelta(days=1)
        hi = max([iv[1] for iv in ivs] + [p for p in pubs if p <= hi_anchor + near_gap]) + timedelta(days=1)
        drawn.sort(key=lambda f: min(iv[0] for v in f.values if near(iv := interval(v)) and iv is not None))
        svg = _TimelineSvg(lo, hi).draw(self, drawn, [(p, self._published_on(p)) for p in sorted(set(pubs))])
        extra = ""
        if dropped:
            extra += f'<p class="muted">{len(dropped)} more dated findings are not drawn; see the lists below.</p>'
        if far:
            extra += self._far_list(far, heading=f"{len(far)} dated findings outside this window")
        return f'<figure class="tl-wrap"><div class="scroll-x">{svg}</div>{extra}</figure>'

    def _published_on(self, day: date) -> list[str]:
        return [s.outlet for s in self.report.sources if s.published == day]

    def _far_list(self, findings: list[Finding], heading: str | None = None) -> str:
        def first(f: Finding) -> date:
            return min((v.value.start for v in f.values if isinstance(v.value, DateValue)), default=date.max)

        items = "".join(
            f'<li><a href="#{self.finding_dom[f.id]}">{_text(" vs ".join(v.display for v in f.values))}</a> — '
            f"{_text(f.subject)} <span class='badge verdict v-{f.verdict}'>{_NOUN[f.verdict]}</span></li>"
            for f in sorted(findings, key=first)
        )
        heading = heading or f"{len(findings)} dated findings"
        return f'<details class="far"><summary>{_text(heading)}</summary><ul>{items}</ul></details>'

    def _figure_charts(self) -> str:
        findings = [f for f in self.report.findings if f.relation == "updated"][:_FIGURE_CHARTS]
        charts = [c for f in findings if (c := self._figure_chart(f))]
        if not charts:
            return ""
        return (
            '<h3 class="tl-sub">Figures over time</h3><div class="charts">'
            + "".join(f'<figure class="chart">{c}</figure>' for c in charts)
            + "</div>"
        )

    def _figure_chart(self, f: Finding) -> str:
        points: list[tuple[date, float, str, str]] = []  # published, amount, display, outlet
        for v in f.values:
            amount = _amount(v)
            if amount is None:
                continue
            for sid in v.sources:
                info = self.sources.get(sid)
                if info and info.published:
                    points.append((info.published, amount, v.display, info.outlet))
        if len({p[0] for p in points}) < 2:
            return ""
        points.sort(key=lambda p: (p[0], p[1]))
        w, h, left, right, top, bottom = 460, 210, 16, 16, 28, 40
        d0, d1 = points[0][0], points[-1][0]
        span = max(1, (d1 - d0).days)
        top_value = max(p[1] for p in points) or 1.0

        def x(d: date) -> float:
            return left + 40 + (d - d0).days / span * (w - left - right - 80)

        def y(a: float) -> float:
            return top + (1 - a / (top_value * 1.1)) * (h - top - bottom)

        dom = self.finding_dom[f.id]
        line = " ".join(f"{x(p[0]):.1f},{y(p[1]):.1f}" for p in points)
        dots = []
        for i, (d, a, display, outlet) in enumerate(points):
            label_y = y(a) - 9
            dots.append(
                f'<a href="#{dom}"><circle class="pt v-{f.verdict}" cx="{x(d):.1f}" cy="{y(a):.1f}" r="5">'
                f"<title>{_text(display)} — {_text(outlet)}, {_day(d)}</title></circle></a>"
                f'<text class="pt-label" x="{x(d):.1f}" y="{label_y:.1f}" text-anchor="middle">'
                f"{_text(_clip(display, 22))}</text>"
                if i == 0 or points[i - 1][:2] != (d, a)
                else ""
            )
        ticks = "".join(
            f'<line class="tick" x1="{x(d):.1f}" x2="{x(d):.1f}" y1="{h - bottom}" y2="{h - bottom + 5}"/>'
            f'<text class="axis" x="{x(d):.1f}" y="{h - bottom + 18}" text-anchor="middle">{_short(d)}</text>'
            for d in sorted({p[0] for p in points})
        )
        title = f"{f.subject}: {' → '.join(f'{p[2]} ({p[3]}, {_short(p[0])})' for p in points)}"
        return (
            f'<svg class="fig" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
            f'aria-label="{_attr(title)}"><title>{_text(title)}</title>'
            f'<text class="chart-title" x="{left}" y="16">{_text(_clip(f.subject, 60))} '
            f'<tspan class="muted">({_text(f.id)})</tspan></text>'
            f'<line class="base" x1="{left}" x2="{w - right}" y1="{h - bottom}" y2="{h - bottom}"/>'
            f'<polyline class="trend v-{f.verdict}" points="{line}"/>{"".join(dots)}{ticks}</svg>'
        )

    # -- the sources

    def _sources(self) -> str:
        r = self.report
        first = next((f for f in r.findings if f.verdict == "conflict"), r.findings[0] if r.findings else None)
        open_ids = set((first.sources if first else [s.id for s in r.sources])[:2])
        if not open_ids and r.sources:
            open_ids = {r.sources[0].id}
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(VERDICTS, 0))
        for c in r.claims:
            f = self.finding_of.get(c.id)
            if f:
                counts[c.source][f.verdict] += 1
        cards = "".join(self._source(s, s.id in open_ids, counts[s.id]) for s in r.sources)
        return (
            '<section class="group" id="sources" aria-labelledby="sources-h">'
            f'<h2 id="sources-h">Sources <span class="count">({len(r.sources)})</span></h2>'
            '<p class="hint">Each source in full, side by side, with every claim highlighted. '
            "Click or press Enter on a highlight to see its finding.</p>"
            '<p class="legend">Highlights: <mark class="hl v-conflict">in a conflict</mark> '
            '<mark class="hl v-agree">in an agreement</mark> <mark class="hl v-addition">an addition</mark> '
            '<span class="furn">set aside as page furniture</span></p>'
            f'<div class="sources">{cards}</div></section>'
        )

    def _source(self, s: SourceInfo, open_: bool, counts: dict[str, int]) -> str:
        dom = self.source_dom[s.id]
        text = self.texts.get(s.id)
        n = sum(1 for c in self.report.claims if c.source == s.id)
        facts = [f"{n} claim{'s' if n != 1 else ''}"]
        if counts["conflict"]:
            facts.append(f"{counts['conflict']} in conflict")
        when = ""
        if s.published:
            inferred = " (inferred)" if s.published_inferred else ""
            when = f'<time datetime="{s.published.isoformat()}">{_day(s.published)}</time>{inferred}'
        copy = ""
        if s.copy_of:
            share = f", {s.copy_share:.0%} shared" if s.copy_share is not None else ""
            copy = f'<p class="copy">Copy of {self._outlet(s.copy_of)}{share}: not independent confirmation.</p>'
        link = ""
        if s.url:
            label = _text(s.title or s.url)
            link = (
                f'<p class="src-title"><a href="{_attr(s.url)}" rel="noopener noreferrer nofollow">{label}</a></p>'
                if s.url.startswith(("https://", "http://"))
                else f'<p class="src-title">{label} <span class="muted">({_text(s.url)})</span></p>'
            )
        elif s.title:
            link = f'<p class="src-title">{_text(s.title)}</p>'
        if text is None:
            own = [c for c in self.report.claims if c.source == s.id]
            listed = "".join(f"<li>{self._quote(c, self._verdict_of(c))}</li>" for c in own)
            body = f'<p class="muted">The text of this source was not given; its claims:</p><ul>{listed}</ul>'
        else:
            body = (
                f'<div class="text" tabindex="0" role="region" aria-label="Text of {_attr(s.outlet)}">'
                f"{_layered(text, self.marks.get(s.id, []))}</div>"
            )
        return (
            f'<details class="src" id="{dom}" data-source="{_attr(s.id)}"{" open" if open_ else ""}>'
            f'<summary><span class="outlet">{_text(s.outlet)}</span> <span class="muted">{when}</span>'
            f'<span class="facts">{" · ".join(facts)}</span></summary>{link}{copy}{body}</details>'
        )

    def _verdict_of(self, c: Claim) -> str:
        f = self.finding_of.get(c.id)
        return f.verdict if f else "none"

    def _panel(self) -> str:
        return (
            '<aside class="panel" id="panel" hidden tabindex="-1" role="dialog" aria-modal="false" '
            'aria-labelledby="panel-h"><div class="panel-head"><h2 id="panel-h">Claim</h2>'
            '<button type="button" class="close" aria-label="Close the finding">×</button></div>'
            '<div class="panel-body"></div></aside>'
        )


class _TimelineSvg:
    """Dated findings as bars over a shared day axis, one row per finding, one bar per value."""

    width, gutter, pad, bar, gap, axis = 960, 230, 16, 14, 6, 44

    def __init__(self, lo: date, hi: date) -> None:
        self.lo, self.hi = lo, hi
        self.days = (hi - lo).days + 1
        self.plot = self.width - self.gutter - self.pad

    def x(self, d: date) -> float:
        return self.gutter + (d - self.lo).days / self.days * self.plot

    def draw(self, page: _Page, findings: list[Finding], pubs: list[tuple[date, list[str]]]) -> str:
        rows, y = [], self.axis + 8
        for f in findings:
            height = len(f.values) * (self.bar + 4) + self.gap
            rows.append(self._row(page, f, y, height))
            y += height
        grid_bottom = y
        pub_y = y + 14
        marks = []
        radius = max(4.0, min(8.0, self.plot / self.days / 2 - 1))  # neighbouring days' circles do not overlap
        for d, outlets in pubs:
            if not self.lo <= d <= self.hi:
                continue
            cx = self.x(d) + self.plot / self.days / 2
            names = ", ".join(outlets)
            count = f'<text x="{cx:.1f}" y="{pub_y + 4:.1f}" text-anchor="middle">{len(outlets)}</text>'
            marks.append(
                f'<g class="pub"><line x1="{cx:.1f}" x2="{cx:.1f}" y1="{self.axis}" y2="{pub_y - radius:.1f}"/>'
                f'<circle cx="{cx:.1f}" cy="{pub_y:.1f}" r="{radius:.1f}"/>{count if radius >= 7 else ""}'
                f"<title>Published {_day(d)}: {_text(names)}</title></g>"
            )
        height = pub_y + 16
        label = (
            f"Timeline of {len(findings)} dated findings from {_day(self.lo)} to {_day(self.hi)}; "
            "numbered circles at the bottom mark publication dates."
        )
        return (
            f'<svg class="tl" viewBox="0 0 {self.width} {height:.0f}" width="{self.width}" height="{height:.0f}" '
            f'role="img" aria-label="{_attr(label)}"><title>{_text(label)}</title>'
            f"{self._axis(grid_bottom)}{''.join(rows)}"
            f'<text class="axis lead" x="{self.gutter - 8}" y="{pub_y + 4:.1f}" text-anchor="end">Published</text>'
            f"{''.join(marks)}</svg>"
        )

    def _axis(self, bottom: float) -> str:
        day_px = self.plot / self.days
        parts = []
        if day_px >= 9:  # day ticks, labelled as often as there is room
            every = next(n for n in (1, 2, 3, 7, 14) if n * day_px >= 34)
            d = self.lo
            while d <= self.hi:
                x = self.x(d)
                parts.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{self.axis - 4}" y2="{bottom:.1f}"/>')
                if (d - self.lo).days % every == 0:
                    parts.append(
                        f'<text class="axis" x="{x + day_px / 2:.1f}" y="{self.axis - 10}" '
                        f'text-anchor="middle">{d.day}</text>'
                    )
                if (d.day == 1 or d == self.lo) and x <= self.width - self.pad - 60:
                    month = f"{_MONTHS[d.month - 1]} {d.year}"
                    parts.append(f'<text class="axis month" x="{x + 2:.1f}" y="14">{month}</text>')
                d += timedelta(days=1)
        else:  # month ticks
            months = _month_starts(self.lo, self.hi)
            every = next((n for n in (1, 2, 3, 6, 12) if n * 30 * day_px >= 72), 12)
            for i, m in enumerate(months):
                x = self.x(m)
                parts.append(f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{self.axis - 4}" y2="{bottom:.1f}"/>')
                if i % every == 0 and x <= self.width - self.pad - 60:
                    parts.append(
                        f'<text class="axis month" x="{x + 2:.1f}" y="{self.axis - 10}">'
                        f"{_MONTHS[m.month - 1]} {m.year}</text>"
                    )
        parts.append(
            f'<line class="base" x1="{self.gutter}" x2="{self.width - self.pad}" y1="{self.axis}" y2="{self.axis}"/>'
        )
        return "".join(parts)

    def _row(self, page: _Page, f: Finding, y: float, height: float) -> str:
        dom = page.finding_dom[f.id]
        out = [
            f'<g class="row v-{f.verdict}" data-verdict="{f.verdict}" data-finding="{_attr(f.id)}">'
            f'<rect class="band" x="0" y="{y - 2:.1f}" width="{self.width}" height="{height:.1f}"/>'
            f'<a href="#{dom}"><text class="row-label" x="{self.gutter - 8}" y="{y + self.bar - 2:.1f}" '
            f'text-anchor="end">{_text(_clip(f.subject, 32))}<title>{_text(f.subject)} ({_text(f.id)}, '
            f"{_NOUN[f.verdict]})</title></text></a>"
        ]
        for i, v in enumerate(f.values):
            if not isinstance(v.value, DateValue):
                continue
            top = y + i * (self.bar + 4)
            start, end = v.value.start, v.value.end
            outlets = ", ".join(page.sources[s].outlet if s in page.sources else s for s in v.sources)
            tip = f"{v.display} — {outlets} ({f.subject}, {_NOUN[f.verdict]})"
            label = _clip(f"{v.display} · {outlets}", 48)
            if end < self.lo or start > self.hi:  # outside the window: an arrow at its edge
                left = end < self.lo
                ax = self.gutter + 2 if left else self.width - self.pad - 2
                arrow = "◀ " + label if left else label + " ▶"
                out.append(
                    f'<a href="#{dom}"><text class="bar-label off" x="{ax:.1f}" y="{top + self.bar - 3:.1f}" '
                    f'text-anchor="{"start" if left else "end"}">{_text(arrow)}<title>{_text(tip)}</title></text></a>'
                )
                continue
            x0 = self.x(max(start, self.lo))
            x1 = self.x(min(end, self.hi) + timedelta(days=1))
            out.append(
                f'<a href="#{dom}"><rect class="bar v-{f.verdict}" x="{x0:.1f}" y="{top:.1f}" '
                f'width="{max(3.0, x1 - x0):.1f}" height="{self.bar}" rx="3"><title>{_text(tip)}</title></rect></a>'
            )
            room = len(label) * 6.6 + 10  # about 6.6 px a character at 12 px
            if x1 + room <= self.width:  # after the bar, else inside it, else before it
                at, anchor = x1 + 5, "start"
            elif x1 - x0 >= room:
                at, anchor = x0 + 5, "start"
            else:
                at, anchor = max(x0 - 5, room), "end"
            out.append(
                f'<text class="bar-label" x="{at:.1f}" y="{top + self.bar - 3:.1f}" text-anchor="{anchor}">'
                f"{_text(label)}</text>"
            )
        out.append("</g>")
        return "".join(out)


# --- helpers ---------------------------------------------------------------------


def _layered(text: str, spans: Sequence[_Span]) -> str:
    """The text, escaped, with each span's markup around it: nested where spans nest, split where they cross."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    if not spans:
        return _text(text)
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(spans):
        starting[s.start].append(i)
        ending[s.end].append(i)
    points = sorted({0, len(text), *starting, *ending})
    out: list[str] = []
    stack: list[int] = []
    active: set[int] = set()
    opened: set[int] = set()
    for p, q in pairwise(points):
        active.difference_update(ending.get(p, ()))
        active.update(starting.get(p, ()))
        keep = next((j for j, i in enumerate(stack) if i not in active), len(stack))
        for i in reversed(stack[keep:]):
            out.append(spans[i].close)
        del stack[keep:]
        on = set(stack)
        for i in sorted(active - on, key=lambda i: (-spans[i].end, spans[i].rank, spans[i].start, i)):
            out.append(spans[i].again if i in opened else spans[i].open)
            opened.add(i)
            stack.append(i)
        out.append(_text(text[p:q]))
    out.extend(spans[i].close for i in reversed(stack))
    return "".join(out)


def _amount(v: ValueGroup) -> float | None:
    value = v.value
    if isinstance(value, QuantityValue):
        return float(value.amount)
    if isinstance(value, MoneyValue):
        return value.usd if value.usd is not None else float(value.amount)
    if isinstance(value, DurationValue):
        return value.seconds
    return None


def _month_starts(lo: date, hi: date) -> list[date]:
    out, d = [], date(lo.year, lo.month, 1)
    while d <= hi:
        if d >= lo:
            out.append(d)
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out


def _day(d: date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.day}, {d.year}"


def _short(d: date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.day}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _text(value: str) -> str:
    return escape(value, quote=False)


def _attr(value: str) -> str:
    return escape(value, quote=True)


@cache
def _asset(name: str) -> str:
    return resources.files("reconcile").joinpath("data", name).read_text(encoding="utf-8")


def _hash(content: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode("ascii")


def _document(title: str, body: str, script: bool, big: bool = False) -> str:
    """A whole page: its one stylesheet and script inline, and a policy that lets it load nothing else."""
    css = _asset("report_page.css")
    js = _asset("report_page.js") if script else ""
    policy = (
        f"default-src 'none'; style-src '{_hash(css)}'; img-src data:; "
        + (f"script-src '{_hash(js)}'; " if script else "")
        + "base-uri 'none'; form-action 'none'"
    )
    big_class = ' class="big"' if big else ""
    return (
        f'<!DOCTYPE html>\n<html lang="en"{big_class}><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'  # no quote or ampersand in it
        '<meta name="color-scheme" content="light">'
        f"<title>{_text(title)}</title><style>{css}</style></head>"
        f"<body>{body}" + (f"<script>{js}</script>" if script else "") + "</body></html>\n"
    )
