"""Documents -> claims: every dimension's mentions, framed, plus claims that need more than one mention.

Two passes over a story: the first finds what each source says with its own cues; the names it
learns ("Defense Minister Gen Sato", "drone maker Aerovane", "... (KAI)") then let the second
pass recognize bare mentions of them in every source ("Sato", "Aerovane", "KAI").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .dimensions import DIMENSIONS
from .dimensions.base import longest_first, scan
from .dimensions.people.compare import same_person
from .dimensions.places.compare import GAZETTEER_KINDS, other_forms
from .dimensions.trie import literal_trie
from .frames import Entities, attribution_of, context_of, modality_of, subject_of
from .settings import Settings
from .text import fold
from .types import Claim, DateValue, Document, FramedClaim, Kind, Mention, PersonValue, PlaceValue, SubjectKey

TRIP_SPAN = SubjectKey(event="trip", place=None, role="span", cls="trip")
Found = list[tuple[int, Mention]]


def mentions_of(document: Document) -> Found:
    """(sentence index, mention) for every mention the dimensions find, overlaps settled."""
    found: Found = []
    for index, sentence in enumerate(document.sentences):
        candidates = [m for dimension in DIMENSIONS for m in dimension.mentions(document, sentence)]
        found.extend((index, m) for m in longest_first(candidates))
    return found


@dataclass
class KnownNames:
    """People and organizations the story's sources name with a cue, by every form a bare mention may take."""

    forms: dict[str, PersonValue | PlaceValue] = field(default_factory=dict)

    @classmethod
    def learn(cls, mentions: Iterable[Mention]) -> KnownNames:
        known = cls()
        for m in mentions:
            if isinstance(m.value, PersonValue):
                bare = PersonValue(name=m.value.name)
                known.forms.setdefault(m.value.name, bare)
                surname = m.value.name.split()[-1]
                if len(surname) > 2:
                    known.forms.setdefault(surname, bare)
            elif isinstance(m.value, PlaceValue) and m.value.kind not in GAZETTEER_KINDS:
                known.forms.setdefault(m.value.name, m.value)
                for alias in m.value.aliases:
                    known.forms.setdefault(alias, m.value)
                for variant in other_forms(m.value):
                    known.forms.setdefault(variant, m.value)
        return known

    def pattern(self) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
        """The names, longest first, and the characters they begin with (where the pattern is tried)."""
        if not self.forms:
            return None
        names = sorted(self.forms, key=len, reverse=True)
        alternation = literal_trie([re.escape(n) for n in names], ignorecase=False)
        starts = "[" + "".join(sorted({re.escape(n[0]) for n in names})) + "]"
        return re.compile(r"(?<![\w'’-])(?:" + alternation + r")(?![\w-])"), re.compile(starts)


def _linked(
    document: Document, found: Found, known: KnownNames, pattern: tuple[re.Pattern[str], re.Pattern[str]] | None
) -> Found:
    """Bare mentions of names the story learned (`pattern`, from known.pattern()), where no rule found anything."""
    if pattern is None:
        return []
    taken = [(m.start, m.end) for _, m in found]
    linked: Found = []
    for index, sentence in enumerate(document.sentences):
        for hit in scan(*pattern, document.text, sentence.start, sentence.end):
            if any(hit.start() < e and s < hit.end() for s, e in taken):
                continue
            value = known.forms[hit.group(0)]
            kind: Kind = "person" if isinstance(value, PersonValue) else "place"
            linked.append((index, Mention(kind, hit.start(), hit.end(), "known_name", value)))
    return linked


def _entity(value: object) -> str | None:
    if isinstance(value, PersonValue):
        return "person:" + fold(value.name)
    if isinstance(value, PlaceValue):
        return "place:" + fold(value.name)
    return None


def _first_per_entity(found: Found) -> Found:
    """One claim per person or place per source: the first mention, which carries the title or the alias."""
    seen: set[str] = set()
    kept: Found = []
    for index, mention in sorted(found, key=lambda f: f[1].start):
        entity = _entity(mention.value)
        if entity is not None:
            if entity in seen:
                continue
            seen.add(entity)
        kept.append((index, mention))
    return kept


@dataclass
class _Named:
    """One person across a story's sources, for finding whom the story follows."""

    spelling: PersonValue
    surnames: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    leads: int = 0  # sources that name this person before anyone else


def principal_of(found: dict[str, Found], settings: Settings) -> frozenset[str]:
    """The person the story follows (the traveller, the minister who briefs): named by the most sources, in
    every spelling ("Brückner", "Brueckner"), first among the people named when sources tie. As folded surnames:
    who met whom is told by the others."""
    people: list[_Named] = []
    by_surname: dict[str, _Named] = {}  # a spelling seen once is never compared again
    for source, mentions in found.items():
        named = [m.value for _, m in sorted(mentions, key=lambda f: f[1].start) if isinstance(m.value, PersonValue)]
        for rank, person in enumerate(named):
            surname = fold(person.name).split()[-1]
            one = by_surname.get(surname) or next(
                (p for p in people if same_person(person, p.spelling, settings)), None
            )
            if one is None:
                one = _Named(person)
                people.append(one)
            by_surname[surname] = one
            one.surnames.add(surname)
            one.leads += rank == 0
            one.sources.add(source)
    top = max(people, key=lambda p: (len(p.sources), p.leads), default=None)
    return frozenset(top.surnames) if top is not None and len(top.sources) >= 2 else frozenset()


def _entities(found: Found, principal: frozenset[str]) -> dict[int, Entities]:
    """Each sentence's places, people and dates, for framing the claims in it."""
    by_sentence: dict[int, tuple[list[Mention], list[Mention], list[Mention]]] = {}
    for index, m in sorted(found, key=lambda f: f[1].start):
        places, people, dates = by_sentence.setdefault(index, ([], [], []))
        {"place": places, "person": people, "date": dates}.get(m.kind, []).append(m)
    return {i: Entities(tuple(p), tuple(h), tuple(d), principal) for i, (p, h, d) in by_sentence.items()}


def story_claims(documents: list[Document], settings: Settings) -> list[FramedClaim]:
    found = {d.id: mentions_of(d) for d in documents}
    known = KnownNames.learn(m for mentions in found.values() for _, m in mentions)
    pattern = known.pattern()  # once per story: it is the same for every source
    linked = {d.id: found[d.id] + _linked(d, found[d.id], known, pattern) for d in documents}
    principal = principal_of(linked, settings)
    claims = []
    for document in documents:
        entities = _entities(linked[document.id], principal)
        claims.extend(frame(document, _first_per_entity(linked[document.id]), settings, entities))
    return claims


def extract_claims(document: Document, settings: Settings) -> list[FramedClaim]:
    """One source's claims, on its own (the `extract` command)."""
    return story_claims([document], settings)


def frame(
    document: Document, mentions: Found, settings: Settings, entities: dict[int, Entities] | None = None
) -> list[FramedClaim]:
    framed: list[FramedClaim] = []
    text = document.text
    entities = entities or {}
    for n, (index, mention) in enumerate(mentions, start=1):
        sentence = document.sentences[index]
        subject, key = subject_of(document, sentence, mention, entities.get(index))
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
        framed.append(
            FramedClaim(
                claim,
                key,
                document.published,
                document.outlet,
                mention.relative,
                context=context_of(sentence, mention) if key.event is None else frozenset(),  # what aligns it
            )
        )
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
    if not any(f.key.role == "start" for f in stops):
        # Talks on two days are two meetings, not a journey; and a source that names a few stops without saying
        # when the journey began gives the days it covers, not the journey's span.
        return None
    first = min(stops, key=lambda f: f.claim.span[0])
    named = next((f.claim.subject.removeprefix("start of ") for f in stops if f.key.role == "start"), "trip")
    claim = first.claim.model_copy(
        update={
            "id": f"{first.claim.source}:{number}",
            "subject": f"{named}, from its dated stops",
            "value": DateValue(start=days[0], end=days[-1], granularity="day"),
            "derived_from": [f.claim.id for f in sorted(stops, key=lambda f: f.claim.span[0])],
            "rule": "trip_span_from_stops",
        }
    )
    return FramedClaim(claim, TRIP_SPAN, first.published, first.outlet, supports=tuple(claim.derived_from))
