"""The data that flows through the pipeline.

Pydantic models are the contract (``../shared/report-contract.md``): what goes in
(``Source``) and what comes out (``Report`` and its parts); their JSON Schema is
published. Frozen dataclasses are internal stages that never leave the core.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, model_validator

Kind = Literal["date", "duration", "money", "quantity", "place", "person"]
Granularity = Literal[
    "day",
    "weekend",
    "week",
    "part_of_month",
    "month",
    "quarter",
    "half",
    "part_of_year",
    "season",
    "year",
    "fiscal_year",
    "decade",
]
Bound = Literal["exact", "about", "more_than", "at_least", "less_than", "at_most"]
Modality = Literal["reported", "planned", "hedged"]
Verdict = Literal["agree", "addition", "conflict"]
Relation = Literal[
    "equal",
    "within_tolerance",
    "equivalent",
    "refines",
    "contains",
    "overlaps",
    "disjoint",
    "differs",
    "updated",
]
SCHEMA_VERSION: Literal["1"] = "1"
PUBLISHED_YEARS = (1800, 2200)  # a publication date outside these years is a typo, not an article


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- values -----------------------------------------------------------------


class DateValue(_Frozen):
    """An inclusive interval of days with the grain it was written at."""

    start: date
    end: date
    granularity: Granularity

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class DurationValue(_Frozen):
    seconds: float
    bound: Bound = "exact"


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# Money is Decimal inside (no float drift in sums and comparisons) and a plain number in JSON.
Amount = Annotated[Decimal, PlainSerializer(_json_number, return_type=int | float, when_used="json")]


class MoneyAmount(_Frozen):
    amount: Amount
    currency: str = Field(description="ISO 4217")
    bound: Bound | Literal["range"] = "exact"
    amount_high: Amount | None = Field(default=None, description="The top of a range ('$1-2 billion').")


class MoneyValue(MoneyAmount):
    usd: float | None = Field(default=None, description="In US dollars at the ECB rate of the publication date.")
    equivalent: MoneyAmount | None = Field(
        default=None, description="The same sum as the text also gives it: '200 billion yen (about $1.4 billion)'."
    )


class QuantityValue(_Frozen):
    amount: Amount
    unit: str | None = Field(description="What is counted or measured, as written ('people', 'km', '%').")
    bound: Bound | Literal["range"] = "exact"
    amount_high: Amount | None = None


class PlaceValue(_Frozen):
    """A country, city, region, facility or organization, under its canonical name."""

    name: str
    country: str | None = Field(default=None, description="ISO 3166 alpha-2")
    kind: Literal["country", "city", "region", "facility", "organization", "feature", "locality"]
    aliases: tuple[str, ...] = Field(default=(), description="Other names the sources give it (KAI).")


class PersonValue(_Frozen):
    name: str = Field(description="The full name as the article first writes it.")
    title: str | None = Field(default=None, description="Normalized: lower case, 'defense minister', 'ceo'.")
    organization: str | None = None


Value = DateValue | DurationValue | MoneyValue | QuantityValue | PlaceValue | PersonValue


# --- input ------------------------------------------------------------------


class Source(BaseModel):
    """One article from one outlet, as the contract's input describes it."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={"oneOf": [{"required": ["text"]}, {"required": ["html"]}]},
    )

    id: str | None = Field(default=None, description="Stable id; default: the file's stem.")
    outlet: str = Field(min_length=1, description="The outlet's name, free text.")
    url: str | None = None
    published: date | None = Field(
        default=None, description="ISO date or datetime; inferred from the text when missing."
    )
    title: str | None = None
    text: str | None = Field(default=None, description="Plain text of the page (or give `html`).")
    html: str | None = Field(default=None, description="The page's HTML (or give `text`).")

    @model_validator(mode="before")
    @classmethod
    def _datetime_to_date(cls, data: object) -> object:
        # A datetime ("2025-08-21T09:30:00Z") anchors relative dates by its day.
        if isinstance(data, dict) and isinstance(data.get("published"), str):
            raw = data["published"]
            if len(raw) > 10 and raw[10:11] in ("T", " "):
                try:
                    parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
                except ValueError:
                    return data
                return {**data, "published": parsed.date()}
        return data

    @model_validator(mode="after")
    def _published_in_range(self) -> Source:
        if self.published is not None and not PUBLISHED_YEARS[0] <= self.published.year <= PUBLISHED_YEARS[1]:
            raise ValueError(
                f"published: {self.published} is outside the years {PUBLISHED_YEARS[0]}-{PUBLISHED_YEARS[1]}"
            )
        return self

    @model_validator(mode="after")
    def _one_body(self) -> Source:
        if (self.text is None) == (self.html is None):
            raise ValueError("a source needs exactly one of `text` or `html`")
        return self


# --- output -----------------------------------------------------------------


class Claim(_Frozen):
    id: str
    source: str
    kind: Kind
    subject: str
    value: Annotated[Value, Field(union_mode="left_to_right")]
    text: str
    span: tuple[int, int] = Field(description="Half-open character offsets into the source's text.")
    sentence: str
    modality: Modality
    attribution: str | None
    derived_from: list[str] = Field(default_factory=list)
    rule: str = Field(description="The extraction rule that found the span.")


class ValueGroup(_Frozen):
    """One distinct value in a finding and who states it."""

    value: Annotated[Value, Field(union_mode="left_to_right")]
    display: str
    claims: list[str]
    sources: list[str]
    independent_sources: int = Field(description="Sources behind this value, copies of one report counted once.")
    attributions: list[str] = Field(default_factory=list, description="Who the sources say the value comes from.")
    modalities: list[Modality] = Field(default_factory=list, description="Reported, planned or hedged, as stated.")


class Finding(_Frozen):
    id: str
    kind: Kind
    subject: str
    verdict: Verdict
    relation: Relation | None
    claims: list[str]
    sources: list[str]
    explanation: str
    values: list[ValueGroup]
    independent_sources: int = Field(description="Sources in the finding, a report and its copies counted once.")


class SourceInfo(_Frozen):
    id: str
    outlet: str
    url: str | None
    title: str | None
    published: date | None
    published_inferred: bool
    text: str | None = Field(default=None, description="The text extracted from `html` input, which spans index.")
    furniture: list[tuple[int, int]] = Field(
        default_factory=list, description="Spans set aside as page furniture (navigation, headline lists)."
    )
    copy_of: str | None = Field(default=None, description="The source this one reprints (wire copy, syndication).")
    copy_share: float | None = Field(default=None, description="The share of this source's text found in `copy_of`.")


class Stop(_Frozen):
    """One stop of a traveller's trip as one source tells it."""

    place: str
    start: date | None
    end: date | None
    claims: list[str] = Field(description="The date claims that place the stop.")


class Itinerary(_Frozen):
    source: str
    stops: list[Stop] = Field(description="In the order of their dates, then of the text.")
    span: DateValue | None = Field(default=None, description="The trip's days, from its dated stops.")


class StoryInfo(_Frozen):
    id: str
    title: str | None = None


class Summary(_Frozen):
    agree: int
    addition: int
    conflict: int
    sources: int = 0
    independent_sources: int = Field(default=0, description="Sources less the copies of another source.")


class Report(_Frozen):
    schema_version: Literal["1"] = SCHEMA_VERSION
    story: StoryInfo
    sources: list[SourceInfo]
    claims: list[Claim]
    findings: list[Finding]
    summary: Summary
    itineraries: list[Itinerary] = Field(
        default_factory=list, description="Per source, the stops of the story's trip with their dates."
    )
    warnings: list[str] = Field(default_factory=list)


# --- internal stages ----------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """A source made ready for extraction: the text spans index, its body sentences, its anchor date."""

    id: str
    outlet: str
    url: str | None
    title: str | None
    text: str
    published: date | None
    published_inferred: bool
    from_html: bool
    sentences: tuple[Sentence, ...]
    furniture: tuple[tuple[int, int], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A span a rule found and the value it resolved to."""

    kind: Kind
    start: int
    end: int
    rule: str
    value: Value
    relative: bool = False  # resolved against the publication date ("on Wednesday")
    priority: int = 0  # the rule's rank in its dimension: breaks ties between equal spans


@dataclass(frozen=True)
class SubjectKey:
    """What a claim is about, in the form alignment compares."""

    event: str | None  # event class from the lexicon ("trip", "meeting", "disaster"...)
    place: str | None  # folded name of the place or entity the event is at or about
    role: str | None = None  # "start"/"end" of the event, "span" of a whole trip
    label: str = ""  # folded head words when no event class is known
    cls: str | None = None  # the event's class, whatever the key aligns on
    scope: tuple[str, ...] = ()  # the places a trip's length covers, as its sentence lists them
    who: str | None = None  # folded surnames of who met, besides the person the story follows
    what: str | None = None  # the thing an event acts on, folded: "presented the budget", "the survey, tabled"


@dataclass(frozen=True)
class FramedClaim:
    """A claim with what alignment needs to know about it."""

    claim: Claim
    key: SubjectKey
    published: date | None
    outlet: str
    relative: bool = False
    supports: tuple[str, ...] = field(default=())
    context: frozenset[str] = frozenset()  # the content words around the mention: what else it is about
