"""Sources in, report out: the whole pipeline, and the report's stable order."""

from __future__ import annotations

from collections.abc import Sequence

from .align import align
from .copies import Copy, detect_copies, roots
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
        warnings=[w for d in documents for w in d.warnings],
    )


def _with_note(explanation: str, note: str) -> str:
    return explanation.rstrip(".") + note + "." if note else explanation


def _copies_note(sources: list[str], copied: dict[str, Copy], independent: int) -> str:
    """ "(2 independent sources of 3: pacific-wire is reprinted by borneo-today)": copies confirm nothing."""
    pairs = [f"{copied[s].source} reprints {copied[s].original}" for s in sources if s in copied]
    if not pairs or independent == len(sources):
        return ""
    return f" ({independent} independent sources of {len(sources)}: {'; '.join(pairs)})"
