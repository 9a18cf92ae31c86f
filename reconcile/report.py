"""Sources in, report out: the whole pipeline, and the report's stable order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rapidfuzz import fuzz

from .align import align
from .copies import Copy, detect_copies, roots
from .extract import story_claims
from .gazetteer import is_demonym
from .ingest import ingest
from .judge import DISPLAY, Judgement, judge
from .settings import Settings
from .text import fold
from .types import (
    DateValue,
    Document,
    Finding,
    FramedClaim,
    Itinerary,
    Report,
    Source,
    SourceInfo,
    Stop,
    StoryInfo,
    Summary,
    ValueGroup,
)

_VERDICT_ORDER = {"conflict": 0, "agree": 1, "addition": 2}
_KIND_ORDER = {"date": 0, "duration": 1, "money": 2, "quantity": 3, "place": 4, "person": 5}


def source_ids(sources: Sequence[Source]) -> list[str]:
    """Each source's id: its own, else its position."""
    return [s.id or f"source{i}" for i, s in enumerate(sources, start=1)]


def reconcile(sources: Sequence[Source], story: StoryInfo, settings: Settings | None = None) -> Report:
    """The story's report: ingest each source, extract and frame claims, align them, judge each alignment."""
    settings = settings or Settings()
    documents = [ingest(source, sid, settings) for source, sid in zip(sources, source_ids(sources), strict=True)]
    framed = story_claims(documents, settings)
    judgements = [judge(group, settings) for group in align(framed, settings)]
    return build_report(story, documents, framed, judgements, detect_copies(documents, settings))


def _position(documents: list[Document]) -> dict[str, int]:
    return {d.id: i for i, d in enumerate(documents)}


def build_report(
    story: StoryInfo,
    documents: list[Document],
    framed: list[FramedClaim],
    judgements: list[Judgement],
    copies: list[Copy] | None = None,
) -> Report:
    order = _position(documents)
    copies = copies or []
    root = roots(copies)
    copied = {c.source: c for c in copies}

    def independent(sources: list[str]) -> int:
        return len({root.get(s, s) for s in sources})

    def first_claim(j: Judgement) -> tuple[int, int]:
        return min((order[f.claim.source], f.claim.span[0]) for f in j.claims)

    def support(j: Judgement) -> int:
        return independent([f.claim.source for f in j.claims])

    # Conflicts first, those with the most independent sources behind them first; then agreements, additions.
    ranked = sorted(
        judgements, key=lambda j: (_VERDICT_ORDER[j.verdict], -support(j), _KIND_ORDER[j.kind], first_claim(j))
    )
    findings = []
    for n, j in enumerate(ranked, start=1):
        claims = sorted(j.claims, key=lambda f: (order[f.claim.source], f.claim.span[0], f.claim.id))
        sources = list(dict.fromkeys(f.claim.source for f in claims))
        findings.append(
            Finding(
                id=f"f{n}",
                kind=j.kind,
                subject=j.subject,
                verdict=j.verdict,
                relation=j.relation,
                claims=[f.claim.id for f in claims],
                sources=sources,
                explanation=_with_note(j.explanation, _copies_note(sources, copied, independent(sources))),
                values=[
                    ValueGroup(
                        value=s.value,
                        display=DISPLAY[j.kind](s.value, True),
                        claims=[f.claim.id for f in s.claims],
                        sources=s.sources,
                        independent_sources=independent(s.sources),
                        attributions=sorted({f.claim.attribution for f in s.claims if f.claim.attribution}),
                        modalities=sorted({f.claim.modality for f in s.claims}),
                    )
                    for s in j.sides
                ],
                independent_sources=independent(sources),
            )
        )
    counts = {v: sum(1 for f in findings if f.verdict == v) for v in _VERDICT_ORDER}
    return Report(
        story=story,
        sources=[
            SourceInfo(
                id=d.id,
                outlet=d.outlet,
                url=d.url,
                title=d.title,
                published=d.published,
                published_inferred=d.published_inferred,
                text=d.text if d.from_html else None,
                furniture=list(d.furniture),
                copy_of=copied[d.id].original if d.id in copied else None,
                copy_share=copied[d.id].share if d.id in copied else None,
            )
            for d in documents
        ],
        claims=[f.claim for f in sorted(framed, key=lambda f: (order[f.claim.source], f.claim.span[0], f.claim.id))],
        findings=findings,
        summary=Summary(
            agree=counts["agree"],
            addition=counts["addition"],
            conflict=counts["conflict"],
            sources=len(documents),
            independent_sources=independent([d.id for d in documents]),
        ),
        itineraries=itineraries(documents, framed),
        warnings=[w for d in documents for w in d.warnings],
    )


def itineraries(documents: list[Document], framed: list[FramedClaim]) -> list[Itinerary]:
    """Each source's stops: the places its dated trip and meeting claims put the traveller, in date order."""
    by_source: dict[str, list[FramedClaim]] = {}
    for f in framed:
        by_source.setdefault(f.claim.source, []).append(f)
    result = []
    for document in documents:
        claims = by_source.get(document.id, [])
        own = [f for f in claims if isinstance(f.claim.value, DateValue)]
        # a stop is a place the source's own place claims name ("visit to Istanbul"), never a person or a list
        places = [fold(f.claim.text) for f in claims if f.claim.kind == "place"]
        stops: dict[str, list[FramedClaim]] = {}
        for f in own:
            place = f.key.place
            if f.key.event != "itinerary" or not place or is_demonym(place):
                continue
            if any(fuzz.token_set_ratio(place, p) >= 90 for p in places):
                stops.setdefault(place, []).append(f)
        if not stops:
            continue
        entries = []
        for claims in stops.values():
            days = [f.claim.value for f in claims if isinstance(f.claim.value, DateValue)]
            entries.append(
                Stop(
                    place=_stop_place(claims[0]),
                    start=min(d.start for d in days),
                    end=max(d.end for d in days),
                    claims=[f.claim.id for f in claims],
                )
            )
        entries.sort(key=lambda stop: (stop.start or date.max, stop.claims[0]))
        dated = [stop for stop in entries if stop.start and stop.end]
        span = None
        if len(dated) > 1:
            start, end = min(s.start for s in dated if s.start), max(s.end for s in dated if s.end)
            span = DateValue(start=start, end=end, granularity="day")
        result.append(Itinerary(source=document.id, stops=entries, span=span))
    return result


def _stop_place(claim: FramedClaim) -> str:
    """The place as the subject names it: "visit to Istanbul" -> "Istanbul"."""
    subject = claim.claim.subject
    for preposition in (" to ", " in ", " of ", " at "):
        if preposition in subject:
            return subject.rsplit(preposition, 1)[1]
    return subject


def _with_note(explanation: str, note: str) -> str:
    return explanation.rstrip(".") + note + "." if note else explanation


def _copies_note(sources: list[str], copied: dict[str, Copy], independent: int) -> str:
    """ "(2 independent sources of 3: pacific-wire is reprinted by borneo-today)": copies confirm nothing."""
    pairs = [f"{copied[s].source} reprints {copied[s].original}" for s in sources if s in copied]
    if not pairs or independent == len(sources):
        return ""
    return f" ({independent} independent sources of {len(sources)}: {'; '.join(pairs)})"
