"""Alignment -> finding: a verdict from the kind's ordered comparison levels, and one sentence why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from .dimensions.base import Level, compare
from .dimensions.dates import compare as date_compare
from .dimensions.durations import compare as duration_compare
from .dimensions.money import compare as money_compare
from .dimensions.people import compare as person_compare
from .dimensions.places import compare as place_compare
from .dimensions.quantities import compare as quantity_compare
from .settings import Settings
from .types import DateValue, FramedClaim, Kind, PersonValue, QuantityValue, Relation, Value, Verdict

LEVELS: dict[Kind, list[Level]] = {
    "date": date_compare.LEVELS,
    "duration": duration_compare.LEVELS,
    "money": money_compare.LEVELS,
    "quantity": quantity_compare.LEVELS,
    "place": place_compare.LEVELS,
    "person": person_compare.LEVELS,
}
DISPLAY: dict[Kind, Callable[[Any, bool], str]] = {
    "date": date_compare.display,
    "duration": duration_compare.display,
    "money": money_compare.display,
    "quantity": quantity_compare.display,
    "place": place_compare.display,
    "person": person_compare.display,
}
# How loose an agreement is, for the relation of a finding whose values agree in different ways.
_LOOSENESS: list[Relation] = ["equal", "equivalent", "within_tolerance", "refines"]


@dataclass(frozen=True)
class ValueSide:
    value: Value
    claims: list[FramedClaim]

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(f.claim.source for f in self.claims))

    @property
    def outlets(self) -> str:
        return _names(list(dict.fromkeys(f.outlet for f in self.claims)))


@dataclass(frozen=True)
class Judgement:
    kind: Kind
    subject: str
    verdict: Verdict
    relation: Relation | None
    explanation: str
    sides: list[ValueSide]
    claims: list[FramedClaim]


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _subject(claims: list[FramedClaim]) -> str:
    """The subject most claims give, preferring claims read from the text over derived ones."""
    stated = [f.claim.subject for f in claims if not f.claim.derived_from] or [f.claim.subject for f in claims]
    return Counter(stated).most_common(1)[0][0]


def _sides(claims: list[FramedClaim]) -> list[ValueSide]:
    by_value: dict[Value, list[FramedClaim]] = {}
    for f in claims:
        by_value.setdefault(f.claim.value, []).append(f)
    sides = [ValueSide(v, fs) for v, fs in by_value.items()]
    return sorted(sides, key=lambda s: -len(s.sources))  # stable: first stated first among equals


def judge(claims: list[FramedClaim], settings: Settings) -> Judgement:
    kind = claims[0].claim.kind
    subject = _subject(claims)
    sides = _sides(claims)
    sources = list(dict.fromkeys(f.claim.source for f in claims))
    years = {v.value.start.year for v in sides if isinstance(v.value, DateValue)}
    years |= {f.published.year for f in claims if f.published}

    def show(side: ValueSide) -> str:
        return DISPLAY[kind](side.value, len(years) > 1)

    if len(sources) == 1:
        values = " and ".join(show(s) for s in sides)
        return Judgement(
            kind, subject, "addition", None, f"Only {sides[0].outlets} gives {subject}: {values}.", sides, claims
        )

    running = bool(claims[0].key.event and claims[0].key.event.startswith("figure:"))
    stated = _as_stated if running else _as_is
    pairs = [
        (a, b, compare(LEVELS[kind], stated(a.value), stated(b.value), settings)) for a, b in combinations(sides, 2)
    ]
    conflicts = [(a, b, level) for a, b, level in pairs if not level.agrees]
    if conflicts and running:
        # a running figure whose values cannot all hold, reported on different days: it changed
        timeline = _timeline(claims)
        if len({day for day, _ in timeline}) > 1:
            return Judgement(kind, subject, "conflict", "updated", _updates(subject, timeline, show), sides, claims)
    if not conflicts:
        relations = [level.relation for _, _, level in pairs] or ["equal"]
        relation = max(relations, key=_LOOSENESS.index)
        if relation == "equal" and len({f.relative for f in claims}) > 1:
            relation = "equivalent"
        return Judgement(
            kind, subject, "agree", relation, _agreement(subject, sides, relation, show, claims), sides, claims
        )
    a, b, level = max(conflicts, key=lambda c: len(c[0].sources) + len(c[1].sources))
    return Judgement(kind, subject, "conflict", level.relation, _conflict(kind, a, b, level, show), sides, claims)


def _as_is(value: Value) -> Value:
    return value


def _as_stated(value: Value) -> Value:
    """A running figure as its number says, to the precision it is written in: "more than 3,500" rescued on
    Monday and "more than 14,000" on Thursday can both hold, but the figure moved, as "about 3.1 lakh" to "nearly
    2.7 lakh" did; "420,000" and "more than 4 lakh" did not. The figure's key says what it counts, so the noun
    a source counts it by is no difference: "112 people", "112 deaths" and "rose to 112" are one toll."""
    if not isinstance(value, QuantityValue):
        return value
    if value.bound != "exact" and value.amount_high is None:
        return value.model_copy(update={"bound": "exact", "unit": None})
    return value.model_copy(update={"unit": None})


def _timeline(claims: list[FramedClaim]) -> list[tuple[date, list[FramedClaim]]]:
    """Claims by publication date, oldest first: a running figure's reports in the order they came."""
    by_day: dict[date, list[FramedClaim]] = {}
    for f in claims:
        if f.published is not None:
            by_day.setdefault(f.published, []).append(f)
    return sorted(by_day.items())


def _updates(subject: str, timeline: list[tuple[date, list[FramedClaim]]], show: Callable[[ValueSide], str]) -> str:
    """ "250 -> 800 -> 1,411": a figure that changed as reports came in; the latest report is named."""
    steps = []
    for day, claims in timeline:
        values = list(dict.fromkeys(show(ValueSide(f.claim.value, [f])) for f in claims))
        steps.append(
            f"{' / '.join(values)} ({_names(list(dict.fromkeys(f.outlet for f in claims)))}, {day:%b} {day.day})"
        )
    latest_day, latest = timeline[-1]
    latest_value = show(ValueSide(latest[0].claim.value, latest))
    return (
        f"The {subject} figure changed as reports came in: "
        + " → ".join(steps)
        + f"; the latest, {latest[0].outlet} of {latest_day:%b} {latest_day.day}, gives {latest_value}."
    )


def _agreement(
    subject: str,
    sides: list[ValueSide],
    relation: Relation,
    show: Callable[[ValueSide], str],
    claims: list[FramedClaim],
) -> str:
    outlets = _names(list(dict.fromkeys(f.outlet for f in claims)))
    if relation == "refines":
        coarse = max(sides, key=lambda s: getattr(s.value, "days", 0))
        fine = [s for s in sides if s is not coarse]
        return (
            f"{outlets} agree on {subject}: {show(coarse)} ({coarse.outlets}) is made more precise as "
            + ", ".join(f"{show(s)} ({s.outlets})" for s in fine)
            + "."
        )
    if relation == "equivalent":
        written = "; ".join(f"“{f.claim.text}” in {f.outlet}" for f in {f.outlet: f for f in claims}.values())
        return f"{outlets} agree on {subject}: {show(sides[0])}, written {written}."
    if relation == "within_tolerance":
        return (
            f"{outlets} agree on {subject}: " + ", ".join(f"{show(s)} ({s.outlets})" for s in sides) + " can all hold."
        )
    return f"{outlets} agree on {subject}: {show(sides[0])}."


def _conflict(kind: Kind, a: ValueSide, b: ValueSide, level: Level, show: Callable[[ValueSide], str]) -> str:
    first, second = (a, b)
    if (
        level.relation == "contains"
        and isinstance(a.value, DateValue)
        and isinstance(b.value, DateValue)
        and a.value.days < b.value.days
    ):
        first, second = b, a  # name the wider range first: "the second lies inside the first"
    text = f"{show(first)} ({first.outlets}) vs {show(second)} ({second.outlets})"
    subjects = (_subject(first.claims), _subject(second.claims))
    if level.relation == "contains":
        text += ": the second lies inside the first"
        if subjects[0] != subjects[1]:
            text += f", likely a difference of scope ({subjects[0]} vs {subjects[1]})"
        else:
            text += ", perhaps one counts only part of it"
    elif level.relation == "overlaps":
        text += ": the ranges overlap but neither holds the other"
    elif level.relation == "disjoint":
        text += ": the dates do not overlap"
    elif isinstance(first.value, PersonValue) and isinstance(second.value, PersonValue):
        text += ": " + person_compare.conflict_note(first.value, second.value)
    else:
        text += ": they cannot both hold"
    modalities = [{f.claim.modality for f in side.claims} for side in (first, second)]
    if {"planned"} in modalities and {"reported"} in modalities:
        planned, reported = (first, second) if modalities[0] == {"planned"} else (second, first)
        text += f"; {planned.outlets} states a plan, {reported.outlets} a report"
    return text + "."
