"""The API's documents: the contract's models (`reconcile.types`) and the few envelopes around them."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from reconcile.types import Claim, Source, StoryInfo

MAX_ID_CHARS = 200
_ID_FORBIDDEN = set("/?#%\\")


def id_problem(value: str) -> str | None:
    """Why a story or source id cannot name a resource in a URL path, or None when it can."""
    if not value or len(value) > MAX_ID_CHARS:
        return f"must be 1 to {MAX_ID_CHARS} characters"
    if value in (".", "..") or value != value.strip():
        return "must not be '.' or '..', nor start or end with white space"
    if any(c in _ID_FORBIDDEN or unicodedata.category(c) == "Cc" for c in value):
        return "must not hold '/', '?', '#', '%', '\\' or control characters"
    return None


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NewSources(RootModel[Source | list[Source]]):
    """One source, or a list of them: all are added, or none is."""

    model_config = ConfigDict(frozen=True)


class ReconcileRequest(_Model):
    """Sources in, report out: nothing is stored."""

    story: StoryInfo = Field(default=StoryInfo(id="story"), description="The report's `story`.")
    sources: list[Source] = Field(min_length=1, description="In the report's order; ids default to source1, 2...")


class ExtractResult(_Model):
    """One source's claims, as `reconcile extract` writes them."""

    id: str
    claims: list[Claim]
    warnings: list[str] = Field(default_factory=list)


class StoryOut(_Model):
    id: str
    title: str | None
    sources: int = Field(description="How many sources the story holds.")
    revision: int = Field(description="Goes up by one with every source added or deleted.")
    created: datetime
    updated: datetime


class StoryList(_Model):
    stories: list[StoryOut]


class SourceOut(_Model):
    """A stored source, without its text (GET the source itself for that)."""

    id: str
    outlet: str
    url: str | None
    title: str | None
    published: date | None
    position: int = Field(description="The order sources were added in, which is the report's order.")
    chars: int = Field(description="Characters of the text the claims' spans index.")
    added: datetime


class SourceList(_Model):
    sources: list[SourceOut]


class Health(_Model):
    status: Literal["ok"]
    schema_version: str
    database: str = Field(description="`sqlite` or `postgresql`.")


class CheckRequest(_Model):
    """A draft to check against a stored story's sources, or against sources sent with it."""

    draft: str = Field(min_length=1, max_length=2_000_000, description="The draft, Markdown or plain text.")
    path: str = Field(default="draft.md", max_length=300, description="Its name in messages; .md is read as Markdown.")
    published: date | None = Field(default=None, description="The draft's date; else its front matter's, else today.")
    story: str | None = Field(default=None, max_length=200, description="A stored story's id (or give `sources`).")
    sources: list[Source] | None = Field(default=None, min_length=1, description="Sources sent with the draft.")
    fail_on: Literal["conflict", "unsupported", "never"] = "conflict"
