"""Claims of N sources -> alignments: groups of claims about the same thing.

Blocking first (kind, event, role), so claims are only ever compared inside a
block; within a block, places are matched with rapidfuzz on folded names, and
dates far apart in time are kept apart as different occurrences of the event
("the 1999 quake" is not this week's quake).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import count

from rapidfuzz import fuzz

from .dimensions.people.compare import same_person
from .dimensions.places.compare import same_place
from .settings import Settings
from .text import fold
from .types import DateValue, FramedClaim, MoneyValue, PersonValue, PlaceValue, SubjectKey

Block = tuple[str, str | None, str | None, str]


def _block(f: FramedClaim) -> Block:
    k = f.key
    return (f.claim.kind, k.event, k.role, "")


def _same_place(a: str, b: str, settings: Settings) -> bool:
    return a == b or fuzz.token_set_ratio(a, b) >= settings.subject_similarity


def _same_subject(a: SubjectKey, b: SubjectKey, settings: Settings) -> bool:
    """Two claims of one event class are about one occurrence: never when they act on different things (the
    budget presented and the survey tabled); by who met when both sources say, since a minister's two meetings
    in one city are two things; else by where; else by what they act on."""
    if a.what and b.what and not _same_place(a.what, b.what, settings):
        return False
    if a.who and b.who:
        return _same_place(a.who, b.who, settings)
    if a.place is not None and b.place is not None:
        return _same_place(a.place, b.place, settings)
    return bool(a.what and b.what)


def _by_place(claims: list[FramedClaim], settings: Settings) -> list[list[FramedClaim]]:
    groups: list[list[FramedClaim]] = []
    seen: list[set[SubjectKey]] = []
    unplaced: list[FramedClaim] = []
    for f in claims:
        if f.key.place is None and f.key.who is None and f.key.what is None:
            unplaced.append(f)
            continue
        # compared with each group's distinct keys, not its every claim: a wire's reprints share one
        hits = [i for i, keys in enumerate(seen) if any(_same_subject(f.key, k, settings) for k in keys)]
        if not hits:
            groups.append([f])
            seen.append({f.key})
            continue
        at = hits[0]
        for i in reversed(hits[1:]):  # the claim bridges groups ("Lima" and "the Palacio" by who met there)
            groups[at].extend(groups.pop(i))
            seen[at] |= seen.pop(i)
        groups[at].append(f)
        seen[at].add(f.key)
    if unplaced:
        # An event named without its place is the one the story places, when it places only one.
        if len(groups) == 1:
            groups[0].extend(unplaced)
        else:
            groups.append(unplaced)
    return groups


def _by_time(claims: list[FramedClaim], settings: Settings) -> list[list[FramedClaim]]:
    """Split date claims into occurrences. Day-grain dates of one event more than `same_event_days` apart
    (`same_measure_days` for a fiscal measure) are different occurrences ("the 1999 quake"); coarser periods
    meet only when they overlap, since "2025-26" and "2026-27" in one budget story name two years, not one."""
    window = settings.same_measure_days if claims and claims[0].key.cls == "measure" else settings.same_event_days
    dated = [(f, f.claim.value) for f in claims if isinstance(f.claim.value, DateValue)]
    dated.sort(key=lambda fv: fv[1].start)
    groups: list[list[FramedClaim]] = []
    reach: date | None = None
    reach_is_day = False
    for f, value in dated:
        is_day = value.granularity == "day"
        gap = timedelta(days=window if is_day and reach_is_day else 0)
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


def _related(shared: int, a: frozenset[str], b: frozenset[str]) -> bool:
    """Two mentions' words say they are about one thing: two content words in common, or one when it is
    half of what either says."""
    return shared >= 2 or (shared == 1 and min(len(a), len(b)) <= 2)


_COMMON_SHARE = 0.25  # a word around a quarter of a block's claims says nothing about which thing one is


def _common_words(claims: list[FramedClaim]) -> frozenset[str]:
    """Words found around many claims ("minister", the protagonist's name): no evidence that two are one."""
    contexts = {f.context for f in claims}  # a wire story's reprints count once
    counts = Counter(word for context in contexts for word in context)
    floor = max(5, _COMMON_SHARE * len(contexts))
    return frozenset(word for word, n in counts.items() if n >= floor)


def _ties(contexts: list[frozenset[str]]) -> Iterator[tuple[int, int]]:
    """Pairs (i, j), j before i, whose words tie them, the most words shared first. Only items sharing a word
    are ever compared: an inverted index from word to the items around which it stands."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, context in enumerate(contexts):
        shared: Counter[int] = Counter(j for word in context for j in index[word])
        for j, n in shared.most_common():
            if _related(n, context, contexts[j]):
                yield i, j
        for word in context:
            index[word].append(i)


def _by_context(claims: list[FramedClaim], common: frozenset[str]) -> list[list[FramedClaim]]:
    """Equal values that their sentences tie to one thing: "crossed the danger level at Neamatighat on
    Sunday" in two outlets, not the landslides of the same Sunday. Only claims sharing a word are ever
    compared (an inverted index), and related claims join through any member (union-find)."""
    parent = list(range(len(claims)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _ties([f.context - common for f in claims]):
        parent[root(i)] = root(j)
    groups: dict[int, list[FramedClaim]] = defaultdict(list)
    for i, f in enumerate(claims):
        groups[root(i)].append(f)
    return list(groups.values())


_PRECISIONS_APART = 31  # the most one date may be longer than another it holds and still be it told more loosely


def _nested(a: object, b: object) -> bool:
    """One date lies within the other, not equal and not much longer: the same deadline at two precisions ("by
    March 2027", "by the end of fiscal 2027"), not a five-year plan's period and the month it starts."""
    if not isinstance(a, DateValue) or not isinstance(b, DateValue) or a == b:
        return False
    inner, outer = sorted((a, b), key=lambda v: v.days)
    return outer.start <= inner.start and inner.end <= outer.end and outer.days <= _PRECISIONS_APART * inner.days


def _by_nesting(groups: list[list[FramedClaim]], common: frozenset[str]) -> list[list[FramedClaim]]:
    """Event-less dates whose words tie them and whose values nest are one thing told at two precisions ("would
    reach every village by March 2027", "by the end of fiscal 2027"): they meet, and agree. Dates that do not
    nest never meet this way, so no conflict is ever made from words alone."""
    values = [{f.claim.value for f in g} for g in groups]
    merged: dict[int, int] = {}  # group -> the group it joined
    for i, j in _ties([frozenset().union(*(f.context for f in g)) - common for g in groups]):
        while j in merged:
            j = merged[j]
        if i not in merged and j != i and all(_nested(a, b) for a in values[i] for b in values[j]):
            groups[j].extend(groups[i])
            values[j] |= values[i]
            merged[i] = j
    return [g for i, g in enumerate(groups) if i not in merged]


def _by_scope(claims: list[FramedClaim]) -> list[list[FramedClaim]]:
    """A trip's lengths: where sources list the places a tour covers, a length given for one of them is that
    leg's ("three-day visit to Kenya" in a "five-day tour of Kenya, Ethiopia and Ivory Coast")."""
    if not any(len(f.key.scope) > 1 for f in claims):
        return [claims]
    whole = [f for f in claims if len(f.key.scope) != 1]
    legs: dict[str, list[FramedClaim]] = defaultdict(list)
    for f in claims:
        if len(f.key.scope) == 1:
            legs[f.key.scope[0]].append(f)
    return [g for g in (whole, *legs.values()) if g]


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
            # Without an event we do not know what the claim is about: only equal values meet, so two
            # unrelated figures can never be called a conflict, and only when their sentences share words.
            common = _common_words(members)
            grouped = [g for same in _by_value(members) for g in _by_context(same, common)]
            alignments.extend(_by_nesting(grouped, common) if block[0] == "date" else grouped)
            continue
        if block[1] == "fiscal year":
            alignments.extend(_by_value(members))  # "2026-27" = "fiscal 2027"; "2026-31" is another period
            continue
        if block[0] == "date":
            # occurrences first, so a date told without its place joins the one place the story gives that
            # occurrence ("the 2019 floods" beside "the 2019 floods, when Kesi was cut off"); then each place's
            # dates split again, since other places' dates may have bridged a gap in its own
            for occurrence in _by_time(members, settings):
                alignments.extend(g for placed in _by_place(occurrence, settings) for g in _by_time(placed, settings))
            continue
        for placed in _by_place(members, settings):
            if block[0] == "duration":
                scoped = _by_scope(placed) if block[1] == "trip" else [placed]
                alignments.extend(g for s in scoped for g in _by_scale(s, settings.max_duration_ratio))
            elif block[0] == "money":
                alignments.extend(_by_scale(placed, settings.max_money_ratio))
            else:
                alignments.append(placed)
    return alignments
