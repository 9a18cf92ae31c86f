"""A draft against its sources, the way a linter checks code: `check_draft(...) -> CheckResult`.

The draft is ingested as one more source (id ``draft``); the story's pipeline extracts, frames and
aligns every claim; then each alignment that holds a draft claim decides that claim:

- **conflict** (an error): the group has source claims, and none of them states a value compatible
  with the draft's (by the kind's ordered comparison levels): it is the draft that disagrees. A source
  that is compatible only as a coarser form ("August" for "Aug 21", "Gen Sato" for "Foreign Minister
  Gen Sato") does not save a draft that a more precise source contradicts. Where
  the figure is one that changes as reports come in (a toll), the draft must fit the latest report;
  fitting only an older one is a conflict `updated`.
- **agree** (a note): some source states a compatible value; when the sources disagree among
  themselves the finding says so.
- **unsupported** (a warning): no source claim is in the group: no source states it.

Claims the draft's pipeline derives (a trip's span from its dated stops) are not checked: the stops
they come from are. The result is also the `--format json` document and the body of
``POST /v1/check``. It never reads the clock: a caller with no date for the draft passes `today`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .align import align
from .dimensions.base import Level, compare
from .draft import Draft, parse_draft
from .errors import InputError
from .extract import story_claims
from .ingest import check_text, ingest
from .judge import DISPLAY, LEVELS, judge
from .report import source_ids
from .settings import Settings
from .types import SCHEMA_VERSION, DateValue, FramedClaim, Kind, Modality, Relation, Source, Value

DRAFT_ID = "draft"
FailOn = Literal["conflict", "unsupported", "never"]
CheckVerdict = Literal["conflict", "unsupported", "agree"]
Severity = Literal["error", "warning", "note"]
PublishedFrom = Literal["option", "front_matter", "today"]
SEVERITY: dict[CheckVerdict, Severity] = {"conflict": "error", "unsupported": "warning", "agree": "note"}
_RANK: dict[str, int] = {"agree": 0, "unsupported": 1, "conflict": 2, "never": 3}
BASELINE_VERSION: Literal[1] = 1


class ConfigError(InputError):
    """A setting that cannot be used: an unknown key, a value of the wrong type, a path that is not there."""

    code = "input.config"


class BaselineError(InputError):
    """A baseline file that is not the JSON `--write-baseline` writes."""

    code = "input.baseline"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """One source claim in the draft claim's group: what it says and how it compares with the draft."""

    source: str
    outlet: str
    claim: str = Field(description="The claim's id in the story (`hurriyet:20`).")
    value: Annotated[Value, Field(union_mode="left_to_right")]
    display: str = Field(description="The value as a reader sees it ('Aug 20').")
    text: str = Field(description="The claim's exact text in the source.")
    sentence: str
    modality: Modality
    agrees: bool = Field(description="Whether this source's value is compatible with the draft's.")
    relation: Relation = Field(description="How the draft's value compares with this one.")


class DraftFinding(_Frozen):
    """One claim of the draft and what the sources say about it."""

    id: str = Field(description="d1, d2, ... in the draft's order; use `fingerprint` to follow a finding across runs.")
    verdict: CheckVerdict
    severity: Severity = Field(description="conflict: error; unsupported: warning; agree: note.")
    kind: Kind
    subject: str
    relation: Relation | None = Field(description="For conflict and agree: how the draft's value compares.")
    message: str = Field(description="One sentence a reporter can act on.")
    text: str = Field(description="The claim's exact text, as the draft reads without its Markdown syntax.")
    value: Annotated[Value, Field(union_mode="left_to_right")]
    display: str
    span: tuple[int, int] = Field(description="Half-open character offsets into the draft as written.")
    line: int = Field(description="1-based line of the claim's first character in the draft.")
    column: int = Field(description="1-based column (in characters) of the claim's first character.")
    end_line: int
    end_column: int = Field(description="1-based column just after the claim's last character (exclusive).")
    sentence: str
    modality: Modality
    evidence: list[Evidence] = Field(
        description="The sources' claims in the group: for a conflict those that contradict the draft first, "
        "else those that agree first."
    )
    sources_disagree: bool = Field(default=False, description="The sources state incompatible values themselves.")
    fingerprint: str = Field(description="Stable key of kind, subject and values: what a baseline matches.")
    suppressed: Literal["baseline", "unchanged_line"] | None = Field(
        default=None, description="Why the finding is not reported: accepted in the baseline, or on an unchanged line."
    )


class DraftInfo(_Frozen):
    path: str
    title: str | None
    published: date | None
    published_from: PublishedFrom | None = Field(
        description="Where the date came from: `--published`, the front matter, or today (neither given)."
    )


class CheckSource(_Frozen):
    id: str
    outlet: str
    published: date | None
    published_inferred: bool


class CheckSummary(_Frozen):
    conflict: int = Field(description="Reported conflicts (errors); suppressed ones are not counted.")
    unsupported: int
    agree: int
    suppressed: int


class CheckResult(_Frozen):
    """The check of one draft: the `--format json` document (its schema: `reconcile schema check`)."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    draft: DraftInfo
    sources: list[CheckSource]
    fail_on: FailOn
    failed: bool = Field(description="A reported finding is at or above `fail_on`: the CLI exits 1.")
    findings: list[DraftFinding] = Field(description="Every claim of the draft, in the draft's order.")
    summary: CheckSummary
    notes: list[str] = Field(default_factory=list)

    def reported(self, verbose: bool = False) -> list[DraftFinding]:
        """What a person or a CI annotation sees: unsuppressed errors and warnings, and notes when verbose."""
        return [f for f in self.findings if f.suppressed is None and (verbose or f.verdict != "agree")]


# --- baseline -----------------------------------------------------------------


class BaselineEntry(_Frozen):
    draft: str
    fingerprint: str
    verdict: CheckVerdict
    kind: Kind
    subject: str
    value: str = Field(description="The draft's value, as displayed.")
    sources: list[str] = Field(description="The sources' values, as displayed.")
    text: str
    line: int = Field(description="Where it was when accepted: for readers only, never matched.")


class Baseline(_Frozen):
    """Accepted findings: a finding whose fingerprint is here stays quiet until its kind, subject or values change."""

    version: Literal[1] = BASELINE_VERSION
    findings: list[BaselineEntry] = Field(default_factory=list)

    def accepted(self, draft_path: str) -> frozenset[str]:
        return frozenset(e.fingerprint for e in self.findings if e.draft == draft_path)


def parse_baseline(text: str, where: str) -> Baseline:
    try:
        return Baseline.model_validate_json(text)
    except ValidationError as e:
        first = e.errors()[0]
        at = ".".join(str(p) for p in first["loc"])
        raise BaselineError(f"not a reconcile baseline: {at + ': ' if at else ''}{first['msg']}", where=where) from e


def updated_baseline(baseline: Baseline | None, results: Iterable[CheckResult]) -> Baseline:
    """The baseline with each checked draft's entries replaced by its current conflicts and unsupported claims."""
    results = list(results)
    checked = {r.draft.path for r in results}
    kept = [e for e in (baseline.findings if baseline else []) if e.draft not in checked]
    new = [
        BaselineEntry(
            draft=r.draft.path,
            fingerprint=f.fingerprint,
            verdict=f.verdict,
            kind=f.kind,
            subject=f.subject,
            value=f.display,
            sources=sorted({e.display for e in f.evidence}),
            text=f.text,
            line=f.line,
        )
        for r in results
        for f in r.findings
        if f.verdict != "agree"
    ]
    unique = {(e.draft, e.fingerprint): e for e in [*kept, *new]}
    return Baseline(findings=sorted(unique.values(), key=lambda e: (e.draft, e.line, e.fingerprint)))


# --- changed lines ----------------------------------------------------------------

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


def changed_lines(diff: str) -> frozenset[int]:
    """The new file's lines that a unified diff (`git diff -U0`) adds or changes."""
    lines: set[int] = set()
    for m in _HUNK.finditer(diff):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        lines.update(range(start, start + count))
    return frozenset(lines)


# --- the check --------------------------------------------------------------------


def check_draft(
    draft_text: str,
    draft_path: str,
    sources: Sequence[Source],
    published: date | None = None,
    settings: Settings | None = None,
    *,
    today: date | None = None,
    fail_on: FailOn = "conflict",
    baseline: Baseline | None = None,
    lines: frozenset[int] | None = None,
) -> CheckResult:
    """Check a draft against its sources.

    `published` (from `--published`) wins over the front matter's `published:`/`date:`; `today` is used
    only when neither gives a date, and the result notes it. `baseline` silences accepted findings;
    `lines` (from `changed_lines`) limits what is reported to findings on those lines of the draft.
    """
    settings = settings or Settings()
    check_text(draft_text, draft_path, settings)
    if not sources:
        raise InputError("no sources to check the draft against", where=draft_path)
    try:
        draft = parse_draft(draft_text, draft_path)
        front_date = draft.published
    except InputError as e:
        e.where = e.where if e.where and e.where != "draft" else draft_path
        raise
    notes: list[str] = []
    published_from: PublishedFrom | None = None
    if published is not None:
        published_from = "option"
    elif front_date is not None:
        published, published_from = front_date, "front_matter"
    elif today is not None:
        published, published_from = today, "today"
        notes.append(
            f"{draft_path}: no publication date given (--published or `date:` in the front matter): "
            f"relative dates were read against today, {today.isoformat()}"
        )
    else:
        notes.append(f"{draft_path}: no publication date given: relative dates were not resolved")
    if not draft.blocks:
        notes.append(f"{draft_path}: the draft has no text to check (only front matter or Markdown syntax)")

    ids = source_ids(sources)
    draft_id = DRAFT_ID
    while draft_id in ids:
        draft_id += "~"
    documents = [ingest(source, sid, settings) for source, sid in zip(sources, ids, strict=True)]
    draft_document = draft.document(draft_id, published)
    framed = story_claims([*documents, draft_document], settings)
    outlets = {d.id: d.outlet for d in documents}

    findings: list[DraftFinding] = []
    for group in align(framed, settings):
        from_sources = [f for f in group if f.claim.source != draft_id]
        for mine in group:
            if mine.claim.source == draft_id and not mine.claim.derived_from:
                findings.append(_decide(mine, from_sources, draft, outlets, settings))
    findings.sort(key=lambda f: (f.span, f.kind))

    accepted = baseline.accepted(draft_path) if baseline else frozenset()
    numbered = []
    for n, f in enumerate(findings, start=1):
        suppressed: Literal["baseline", "unchanged_line"] | None = None
        if f.verdict != "agree" and f.fingerprint in accepted:
            suppressed = "baseline"
        elif lines is not None and not any(line in lines for line in range(f.line, f.end_line + 1)):
            suppressed = "unchanged_line"
        numbered.append(f.model_copy(update={"id": f"d{n}", "suppressed": suppressed}))

    shown = [f for f in numbered if f.suppressed is None]
    failed = any(_RANK[f.verdict] >= _RANK[fail_on] for f in shown)
    return CheckResult(
        draft=DraftInfo(path=draft_path, title=draft.title, published=published, published_from=published_from),
        sources=[
            CheckSource(id=d.id, outlet=d.outlet, published=d.published, published_inferred=d.published_inferred)
            for d in documents
        ],
        fail_on=fail_on,
        failed=failed,
        findings=numbered,
        summary=CheckSummary(
            conflict=sum(f.verdict == "conflict" for f in shown),
            unsupported=sum(f.verdict == "unsupported" for f in shown),
            agree=sum(f.verdict == "agree" for f in shown),
            suppressed=len(numbered) - len(shown),
        ),
        notes=[*notes, *(w for d in documents for w in d.warnings)],
    )


def _decide(
    mine: FramedClaim, theirs: list[FramedClaim], draft: Draft, outlets: dict[str, str], settings: Settings
) -> DraftFinding:
    claim = mine.claim
    kind = claim.kind
    years = {v.start.year for v in [claim.value, *(f.claim.value for f in theirs)] if isinstance(v, DateValue)}
    years |= {f.published.year for f in [mine, *theirs] if f.published}

    def show(value: Value) -> str:
        return DISPLAY[kind](value, len(years) > 1)

    levels = {f.claim.id: compare(LEVELS[kind], claim.value, f.claim.value, settings) for f in theirs}
    latest = _latest_report(theirs, settings)
    verdict: CheckVerdict
    relation: Relation | None
    # A source that only "refines" the draft's value (a coarser or bare form: "August", a name without its title)
    # does not outweigh one that states a precise value the draft contradicts.
    strong = any(level.agrees and level.relation != "refines" for level in levels.values())
    fits = strong or (any(level.agrees for level in levels.values()) and all(level.agrees for level in levels.values()))
    if not theirs:
        verdict, relation = "unsupported", None
    elif fits and latest is not None and not any(levels[f.claim.id].agrees for f in latest):
        verdict, relation = "conflict", "updated"  # it fits an earlier report only
    elif fits:
        verdict = "agree"
        agreeing: list[Relation] = [lv.relation for lv in levels.values() if lv.agrees]
        relation = min(agreeing, key=lambda r: _AGREEMENT_ORDER.index(r) if r in _AGREEMENT_ORDER else 99)
    else:
        verdict = "conflict"
        relation = _majority_level(theirs, levels).relation

    evidence = sorted(
        (
            Evidence(
                source=f.claim.source,
                outlet=outlets.get(f.claim.source, f.claim.source),
                claim=f.claim.id,
                value=f.claim.value,
                display=show(f.claim.value),
                text=f.claim.text,
                sentence=f.claim.sentence,
                modality=f.claim.modality,
                agrees=levels[f.claim.id].agrees,
                relation=levels[f.claim.id].relation,
            )
            for f in theirs
        ),
        key=lambda e: e.agrees == (verdict == "conflict"),  # what decides the verdict first
    )
    several = len({f.claim.source for f in theirs}) > 1
    disagree = several and judge(theirs, settings).verdict == "conflict"
    start, end = draft.raw_span(*claim.span)
    line, column = draft.position(start)
    end_line, end_column = draft.position(end)
    display = show(claim.value)
    return DraftFinding(
        id="",
        verdict=verdict,
        severity=SEVERITY[verdict],
        kind=kind,
        subject=claim.subject,
        relation=relation,
        message=_message(
            verdict, relation, claim.subject, display, claim.text, evidence, levels, theirs, latest, disagree
        ),
        text=claim.text,
        value=claim.value,
        display=display,
        span=(start, end),
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        sentence=claim.sentence,
        modality=claim.modality,
        evidence=evidence,
        sources_disagree=disagree,
        fingerprint=fingerprint(verdict, kind, claim.subject, claim.value, [f.claim.value for f in theirs]),
    )


_AGREEMENT_ORDER: list[Relation] = ["equal", "equivalent", "within_tolerance", "refines"]


def _latest_report(theirs: list[FramedClaim], settings: Settings) -> list[FramedClaim] | None:
    """For a figure that changes as reports come in (a toll): the latest day's claims, when the sources' values
    changed over their days; None for anything else."""
    if not theirs or not (theirs[0].key.event or "").startswith("figure:"):
        return None
    dated = [f for f in theirs if f.published is not None]
    days = {f.published for f in dated}
    if len(days) < 2 or len({f.claim.value for f in dated}) < 2:
        return None
    last = max(d for d in days if d is not None)
    return [f for f in dated if f.published == last]


def _majority_level(theirs: list[FramedClaim], levels: dict[str, Level]) -> Level:
    """The draft's comparison with the value most of the sources that contradict it give."""
    against = [f for f in theirs if not levels[f.claim.id].agrees] or theirs
    by_value: dict[Value, set[str]] = {}
    for f in against:
        by_value.setdefault(f.claim.value, set()).add(f.claim.source)
    value = max(by_value, key=lambda v: len(by_value[v]))
    return next(levels[f.claim.id] for f in against if f.claim.value == value)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _sides(evidence: list[Evidence]) -> list[tuple[str, str, bool]]:
    """(display, outlets, planned only) for each distinct value the sources give, most sources first."""
    by_display: dict[str, list[Evidence]] = {}
    for e in evidence:
        by_display.setdefault(e.display, []).append(e)
    sides = sorted(by_display.items(), key=lambda kv: -len({e.source for e in kv[1]}))
    return [
        (display, _names(list(dict.fromkeys(e.outlet for e in es))), all(e.modality == "planned" for e in es))
        for display, es in sides
    ]


def _says(outlets: str) -> str:
    return "say" if " and " in outlets else "says"


def _message(
    verdict: CheckVerdict,
    relation: Relation | None,
    subject: str,
    display: str,
    text: str,
    evidence: list[Evidence],
    levels: dict[str, Level],
    theirs: list[FramedClaim],
    latest: list[FramedClaim] | None,
    disagree: bool,
) -> str:
    quoted = f"“{text}”"
    if verdict == "unsupported":
        return f"{subject}: no source states {display} ({quoted})."
    if verdict == "agree":
        agreeing = _sides([e for e in evidence if e.agrees])
        said = "; ".join(f"{outlets} ({value})" for value, outlets, _ in agreeing)
        others = _sides([e for e in evidence if not e.agrees]) if disagree else []
        but = "; but " + "; ".join(f"{o} {_says(o)} {v}" for v, o, _ in others) if others else ""
        return f"{subject}: {display} ({quoted}) agrees with {said}{but}."
    sides = _sides([e for e in evidence if not e.agrees] or evidence)
    said = "; ".join(f"{who} {_says(who)} {value}{' (as a plan)' if plan else ''}" for value, who, plan in sides)
    if relation == "updated" and latest:
        newest = latest[0]
        day = newest.published
        when = f" of {day:%b} {day.day}" if day else ""
        return (
            f"{subject}: the draft says {display} ({quoted}), an earlier figure; the latest report, "
            f"{newest.outlet}{when}, gives {DISPLAY[newest.claim.kind](newest.claim.value, True)}."
        )
    label = _majority_level(theirs, levels).label
    return f"{subject}: the draft says {display} ({quoted}), but {said}: {label}."


def _canonical(value: Value) -> str:
    return json.dumps(value.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def fingerprint(verdict: str, kind: str, subject: str, value: Value, theirs: Iterable[Value]) -> str:
    """A stable key of what the finding says: verdict, kind, subject, the draft's value, the sources' values.

    Where the finding is in the draft is not part of it, so moving a paragraph does not revive an accepted
    finding; a changed value, on either side, does."""
    key = json.dumps(
        [verdict, kind, subject.casefold(), _canonical(value), sorted({_canonical(v) for v in theirs})],
        ensure_ascii=False,
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
