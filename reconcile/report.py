"""Sources in, report out: the whole pipeline, and the report's stable order."""

from __future__ import annotations

from collections.abc import Sequence

from .align import align
from .extract import story_claims
from .ingest import ingest
from .judge import DISPLAY, Judgement, judge
from .settings import Settings
from .types import (
    Document,
    Finding,
    FramedClaim,
    Report,
    Source,
    SourceInfo,
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
    return build_report(story, documents, framed, judgements)


def _position(documents: list[Document]) -> dict[str, int]:
    return {d.id: i for i, d in enumerate(documents)}


def build_report(
    story: StoryInfo, documents: list[Document], framed: list[FramedClaim], judgements: list[Judgement]
) -> Report:
    order = _position(documents)

    def first_claim(j: Judgement) -> tuple[int, int]:
        return min((order[f.claim.source], f.claim.span[0]) for f in j.claims)

    ranked = sorted(
        judgements,
        key=lambda j: (
            _VERDICT_ORDER[j.verdict],
            _KIND_ORDER[j.kind],
            -len({f.claim.source for f in j.claims}),
            first_claim(j),
        ),
    )
    findings = []
    for n, j in enumerate(ranked, start=1):
        claims = sorted(j.claims, key=lambda f: (order[f.claim.source], f.claim.span[0], f.claim.id))
        findings.append(
            Finding(
                id=f"f{n}",
                kind=j.kind,
                subject=j.subject,
                verdict=j.verdict,
                relation=j.relation,
                claims=[f.claim.id for f in claims],
                sources=list(dict.fromkeys(f.claim.source for f in claims)),
                explanation=j.explanation,
                values=[
                    ValueGroup(
                        value=s.value,
                        display=DISPLAY[j.kind](s.value, True),
                        claims=[f.claim.id for f in s.claims],
                        sources=s.sources,
                    )
                    for s in j.sides
                ],
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
            )
            for d in documents
        ],
        claims=[f.claim for f in sorted(framed, key=lambda f: (order[f.claim.source], f.claim.span[0], f.claim.id))],
        findings=findings,
        summary=Summary(agree=counts["agree"], addition=counts["addition"], conflict=counts["conflict"]),
        warnings=[w for d in documents for w in d.warnings],
    )
