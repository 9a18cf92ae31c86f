"""Claims of N sources -> alignments: groups of claims about the same thing.

Blocking first (kind, event, role), so claims are only ever compared inside a
block; within a block, places are matched with rapidfuzz on folded names, and
dates far apart in time are kept apart as different occurrences of the event
("the 1999 quake" is not this week's quake).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import count

from rapidfuzz import fuzz

from .dimensions.people.compare import same_person
from .dimensions.places.compare import same_place
from .settings import Settings
from .text import fold
from .types import DateValue, FramedClaim, MoneyValue, PersonValue, PlaceValue

Block = tuple[str, str | None, str | None, str]


def _block(f: FramedClaim) -> Block:
    k = f.key
    return (f.claim.kind, k.event, k.role, k.label if k.event is None else "")


def _same_place(a: str, b: str, settings: Settings) -> bool:
    return a == b or fuzz.token_set_ratio(a, b) >= settings.subject_similarity


def _by_place(claims: list[FramedClaim], settings: Settings) -> list[list[FramedClaim]]:
    clusters: list[tuple[str, list[FramedClaim]]] = []
    unplaced: list[FramedClaim] = []
    for f in claims:
        place = f.key.place
        if place is None:
            unplaced.append(f)
            continue
        for name, members in clusters:
            if _same_place(name, place, settings):
                members.append(f)
                break
        else:
            clusters.append((place, [f]))
    groups = [members for _, members in clusters]
    if unplaced:
        # An event named without its place is the one the story places, when it places only one.
        if len(groups) == 1:
            groups[0].extend(unplaced)
        else:
            groups.append(unplaced)
    return groups


def _by_time(claims: list[FramedClaim], settings: Settings) -> list[list[FramedClaim]]:
    """Split date claims into occurrences. Day-grain dates of one event more than `same_event_days` apart are
    different occurrences ("the 1999 quake"); coarser periods meet only when they overlap, since "2025-26" and
    "2026-27" in one budget story name two years, not one year told two ways."""
    dated = [(f, f.claim.value) for f in claims if isinstance(f.claim.value, DateValue)]
    dated.sort(key=lambda fv: fv[1].start)
    groups: list[list[FramedClaim]] = []
    reach: date | None = None
    reach_is_day = False
    for f, value in dated:
        is_day = value.granularity == "day"
        gap = timedelta(days=settings.same_event_days if is_day and reach_is_day else 0)
        if reach is None or value.start > reach + gap:
            groups.append([f])
            reach, reach_is_day = value.end, is_day
        else:
            groups[-1].append(f)
            if value.end >= reach:
                reach, reach_is_day = value.end, is_day
    return groups


def _size(value: object) -> float:
    if isinstance(value, MoneyValue):
        return value.usd if value.usd is not None else float(value.amount)
    return float(getattr(value, "seconds", 0.0))


def _by_scale(claims: list[FramedClaim], ratio: float) -> list[list[FramedClaim]]:
    """Figures of one subject at very different scales (a three-day summit and a 45-minute bilateral; a
    ministry's budget and one line of it) are different things, not a disagreement."""
    timed = sorted(claims, key=lambda f: _size(f.claim.value))
    groups: list[list[FramedClaim]] = []
    last = 0.0
    for f in timed:
        size = _size(f.claim.value)
        if not groups or size > last * ratio:
            groups.append([f])
        else:
            groups[-1].append(f)
        last = size
    return groups


def _entity_tokens(value: object) -> set[str]:
    """Blocking keys: a person's name words, a place's names and aliases and their words and initials. Two
    mentions of one entity share at least one, so only groups sharing a key are ever compared."""
    if isinstance(value, PersonValue):
        return set(fold(value.name).split())
    if isinstance(value, PlaceValue):
        names = [fold(n) for n in (value.name, *value.aliases)]
        return {*names, *(w for n in names for w in n.split() if len(w) > 3), "".join(w[0] for w in names[0].split())}
    return set()


def _by_entity(claims: list[FramedClaim], settings: Settings) -> list[list[FramedClaim]]:
    """People and places: one group per entity, whatever the spelling. A claim is compared only with the
    distinct values of groups that share a blocking key with it, never with every other claim."""
    groups: dict[int, list[FramedClaim]] = {}
    values: dict[int, set[object]] = {}  # each group's distinct values
    index: dict[str, set[int]] = defaultdict(set)
    fresh = count()
    for f in claims:
        value, keys = f.claim.value, _entity_tokens(f.claim.value)
        candidates = {g for key in keys for g in index.get(key, ()) if g in groups}
        hits = sorted(
            g for g in candidates if value in values[g] or any(_same_entity(value, v, settings) for v in values[g])
        )
        target = hits[0] if hits else next(fresh)
        groups.setdefault(target, [])
        values.setdefault(target, set())
        for g in hits[1:]:  # the claim bridges groups: they were one entity all along
            groups[target].extend(groups.pop(g))
            values[target] |= values.pop(g)
        groups[target].append(f)
        values[target].add(value)
        for key in keys | {k for v in values[target] for k in _entity_tokens(v)}:
            index[key].add(target)
    return list(groups.values())


def _same_entity(a: object, b: object, settings: Settings) -> bool:
    if isinstance(a, PersonValue) and isinstance(b, PersonValue):
        return same_person(a, b, settings)
    if isinstance(a, PlaceValue) and isinstance(b, PlaceValue):
        return same_place(a, b, settings)
    return False


def _by_value(claims: list[FramedClaim]) -> list[list[FramedClaim]]:
    groups: dict[object, list[FramedClaim]] = defaultdict(list)
    for f in claims:
        groups[f.claim.value].append(f)
    return list(groups.values())


def align(claims: list[FramedClaim], settings: Settings) -> list[list[FramedClaim]]:
    blocks: dict[Block, list[FramedClaim]] = defaultdict(list)
    for f in claims:
        blocks[_block(f)].append(f)
    alignments = []
    for block, members in blocks.items():
        if block[0] in ("place", "person"):
            alignments.extend(_by_entity(members, settings))
            continue
        if block[1] is None:
            # Without an event we do not know what the claim is about: only equal values meet,
            # so two unrelated figures can never be called a conflict.
            alignments.extend(_by_value(members))
            continue
        for placed in _by_place(members, settings):
            if block[0] == "date":
                alignments.extend(_by_time(placed, settings))
            elif block[0] == "duration":
                alignments.extend(_by_scale(placed, settings.max_duration_ratio))
            elif block[0] == "money":
                alignments.extend(_by_scale(placed, settings.max_money_ratio))
            else:
                alignments.append(placed)
    return alignments
