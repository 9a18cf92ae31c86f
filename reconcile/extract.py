"""Document -> claims: every dimension's mentions, framed, plus claims derived from several of them."""

from __future__ import annotations

from .dimensions import DIMENSIONS
from .dimensions.base import longest_first
from .frames import attribution_of, modality_of, subject_of
from .settings import Settings
from .types import Claim, DateValue, Document, FramedClaim, Mention, SubjectKey

TRIP_SPAN = SubjectKey(event="trip", place=None, role="span", cls="trip")


def mentions_of(document: Document) -> list[tuple[int, Mention]]:
    """(sentence index, mention) for every mention the dimensions find, overlaps settled."""
    found: list[tuple[int, Mention]] = []
    for index, sentence in enumerate(document.sentences):
        candidates = [m for dimension in DIMENSIONS for m in dimension.mentions(document, sentence)]
        found.extend((index, m) for m in longest_first(candidates))
    return found


def extract_claims(document: Document, settings: Settings) -> list[FramedClaim]:
    framed: list[FramedClaim] = []
    text = document.text
    for n, (index, mention) in enumerate(mentions_of(document), start=1):
        sentence = document.sentences[index]
        subject, key = subject_of(document, sentence, mention)
        claim = Claim(
            id=f"{document.id}:{n}",
            source=document.id,
            kind=mention.kind,
            subject=subject,
            value=mention.value,
            text=text[mention.start : mention.end],
            span=(mention.start, mention.end),
            sentence=sentence.text,
            modality=modality_of(text, sentence, mention),
            attribution=attribution_of(sentence),
            rule=mention.rule,
        )
        framed.append(FramedClaim(claim, key, document.published, document.outlet, mention.relative))
    span = _trip_span(framed, settings, len(framed) + 1)
    return [*framed, span] if span else framed


def _trip_span(framed: list[FramedClaim], settings: Settings, number: int) -> FramedClaim | None:
    """The days a trip covers, from its dated stops and its stated start ("began Aug. 19", "Istanbul on Aug. 20")."""
    stops = [
        f
        for f in framed
        if f.claim.kind == "date"
        and isinstance(f.claim.value, DateValue)
        and f.claim.value.granularity == "day"
        and f.claim.value.days == 1
        and (f.key.event == "itinerary" or (f.key.event == "trip" and f.key.role == "start"))
    ]
    days = sorted({f.claim.value.start for f in stops if isinstance(f.claim.value, DateValue)})
    if len(days) < 2 or (days[-1] - days[0]).days > settings.max_trip_days:
        return None
    if not any(f.key.cls == "trip" for f in stops):
        return None  # talks on two days are two meetings, not a journey
    first = min(stops, key=lambda f: f.claim.span[0])
    named = next((f.claim.subject.removeprefix("start of ") for f in stops if f.key.role == "start"), "trip")
    claim = first.claim.model_copy(
        update={
            "id": f"{first.claim.source}:{number}",
            "subject": f"{named} (from its dated stops)",
            "value": DateValue(start=days[0], end=days[-1], granularity="day"),
            "derived_from": [f.claim.id for f in sorted(stops, key=lambda f: f.claim.span[0])],
            "rule": "trip_span_from_stops",
        }
    )
    return FramedClaim(claim, TRIP_SPAN, first.published, first.outlet, supports=tuple(claim.derived_from))
