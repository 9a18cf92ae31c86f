"""Persistence: newsrooms, API keys, stories, their sources as sent, and each story's latest report.

One SQLAlchemy code for SQLite (a file, WAL mode: readers never wait for the writer) and PostgreSQL.
The schema is created and upgraded by the migrations in `api/migrations` (`migrate()`), never by
`metadata.create_all`, so a database made by an older version is brought up to date the same way.

The store maps the core's objects to rows and back; it decides nothing about them. The only rules it
keeps are the ones that must hold under concurrent writers, so they live inside the write transaction:
a story holds at most `max_sources` sources, source ids are unique in their story, and every change
to a story's sources bumps its `revision` (which keys the cached report).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    null,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine, RowMapping, make_url
from sqlalchemy.exc import IntegrityError

from reconcile.types import StoryInfo

OPEN_NEWSROOM = "open"  # the newsroom of every caller when the server runs without keys (--open)
KEY_PREFIX = "rk"

metadata = MetaData()

newsrooms = Table(
    "newsrooms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key_id", String(32), nullable=False, unique=True),  # public: the token's middle part, and the CLI's handle
    Column("newsroom_id", Integer, ForeignKey("newsrooms.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("secret_hash", String(64), nullable=False),  # SHA-256 of the whole token, hex
    Column("can_write", Boolean, nullable=False),
    Column("label", String(200), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

stories = Table(
    "stories",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("newsroom_id", Integer, ForeignKey("newsrooms.id", ondelete="CASCADE"), nullable=False),
    Column("story_id", String(200), nullable=False),
    Column("title", Text, nullable=True),
    Column("revision", Integer, nullable=False),  # +1 on every change to the story's sources
    Column("source_seq", Integer, nullable=False),  # sources ever added: their positions and default ids
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("newsroom_id", "story_id", name="uq_stories_newsroom_story"),
)

sources = Table(
    "sources",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("story_pk", Integer, ForeignKey("stories.pk", ondelete="CASCADE"), nullable=False),
    Column("source_id", String(200), nullable=False),
    Column("position", Integer, nullable=False),  # the order sources were added in: the report's order
    Column("original", Text, nullable=False),  # the source object as sent, as JSON
    Column("text", Text, nullable=False),  # the exact text its claims' spans index (extracted text for HTML)
    Column("outlet", Text, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("story_pk", "source_id", name="uq_sources_story_source"),
    UniqueConstraint("story_pk", "position", name="uq_sources_story_position"),
)

reports = Table(
    "reports",
    metadata,
    Column("story_pk", Integer, ForeignKey("stories.pk", ondelete="CASCADE"), primary_key=True),
    Column("revision", Integer, nullable=False),  # the story's revision it was computed from
    Column("engine", String(64), nullable=False),  # the core (code and settings) that computed it
    Column("etag", String(80), nullable=False),
    Column("body", Text, nullable=False),  # the report as JSON
    Column("computed_at", DateTime(timezone=True), nullable=False),
)


# --- errors -------------------------------------------------------------------


class StoreError(Exception):
    """A write the store refused; api/errors.py gives each its HTTP status."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(StoreError):
    pass


class AlreadyExists(StoreError):
    pass


class TooManySources(StoreError):
    pass


# --- records ------------------------------------------------------------------


@dataclass(frozen=True)
class Principal:
    """Who is calling: the newsroom whose stories they see, and whether they may change them."""

    newsroom_id: int
    newsroom: str
    can_write: bool
    key_id: str | None = None


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    newsroom: str
    can_write: bool
    label: str | None
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class StoryRecord:
    pk: int
    story_id: str
    title: str | None
    revision: int
    sources: int
    created_at: datetime
    updated_at: datetime

    @property
    def info(self) -> StoryInfo:
        return StoryInfo(id=self.story_id, title=self.title)


@dataclass(frozen=True)
class NewSource:
    """A validated source to store: its id (None: the store gives one), the object as sent, its exact text."""

    source_id: str | None
    original: dict[str, Any]
    text: str
    outlet: str


@dataclass(frozen=True)
class SourceRecord:
    source_id: str
    position: int
    original: dict[str, Any]
    outlet: str
    chars: int
    added_at: datetime


@dataclass(frozen=True)
class StoredSource:
    source_id: str
    original: dict[str, Any]
    text: str


@dataclass(frozen=True)
class Snapshot:
    """A story and its sources at one revision, read in one statement."""

    story: StoryRecord
    sources: list[StoredSource]


@dataclass(frozen=True)
class CachedReport:
    revision: int
    engine: str
    etag: str
    body: str | None = None  # when asked for


# --- the store ----------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we stored is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _hash(token: str) -> str:
    # Keys are 256 random bits: a fast hash cannot be brute-forced, so a slow password hash buys nothing.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def make_engine(url: str, *, pool_size: int = 20) -> Engine:
    """An engine with each backend's settings: SQLite in WAL mode with explicit, immediate write locks."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=60)
        _sqlite_transactions(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_timeout=60, pool_pre_ping=True)


def _sqlite_transactions(engine: Engine) -> None:
    """SQLAlchemy's recipe for real SQLite transactions, with BEGIN IMMEDIATE for writers.

    pysqlite's own transaction handling is turned off so SQLAlchemy emits BEGIN itself: a write
    transaction takes the write lock up front (IMMEDIATE), so two writers queue on busy_timeout
    instead of one failing with "database is locked" when both try to upgrade a read lock.
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._locks = [threading.Lock() for _ in range(64)]

    @classmethod
    def open(cls, url: str, *, migrate: bool = True, pool_size: int = 20) -> Store:
        engine = make_engine(url, pool_size=pool_size)
        if migrate:
            from .migrate import upgrade

            upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(write=True) as connection, connection.begin():
            yield connection

    def story_lock(self, story_pk: int) -> threading.Lock:
        """A story's lock (one of a fixed set), so concurrent requests for a stale report compute it once."""
        return self._locks[story_pk % len(self._locks)]

    # --- newsrooms and keys ---------------------------------------------------

    def newsroom(self, name: str) -> int:
        """The newsroom's id, creating it on first use."""
        query = select(newsrooms.c.id).where(newsrooms.c.name == name)
        with self._read() as c:
            found = c.execute(query).scalar()
        if found is None:
            try:
                with self._write() as c:
                    c.execute(insert(newsrooms).values(name=name, created_at=_now()))
            except IntegrityError:  # created meanwhile by another process
                pass
            with self._read() as c:
                found = c.execute(query).scalar_one()
        return int(found)

    def open_principal(self) -> Principal:
        return Principal(self.newsroom(OPEN_NEWSROOM), OPEN_NEWSROOM, can_write=True)

    def create_key(self, newsroom: str, *, can_write: bool, label: str | None = None) -> tuple[KeyInfo, str]:
        """A new key for the newsroom; the token is returned once and only its hash is kept."""
        newsroom_id = self.newsroom(newsroom)
        key_id = secrets.token_hex(6)
        token = f"{KEY_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
        now = _now()
        with self._write() as c:
            c.execute(
                insert(api_keys).values(
                    key_id=key_id,
                    newsroom_id=newsroom_id,
                    secret_hash=_hash(token),
                    can_write=can_write,
                    label=label,
                    created_at=now,
                )
            )
        return KeyInfo(key_id, newsroom, can_write, label, now, None), token

    def keys(self, newsroom: str | None = None) -> list[KeyInfo]:
        query = (
            select(api_keys, newsrooms.c.name)
            .join(newsrooms, newsrooms.c.id == api_keys.c.newsroom_id)
            .order_by(newsrooms.c.name, api_keys.c.created_at, api_keys.c.id)
        )
        if newsroom is not None:
            query = query.where(newsrooms.c.name == newsroom)
        with self._read() as c:
            rows = c.execute(query).mappings().all()
        return [
            KeyInfo(
                r["key_id"],
                r["name"],
                bool(r["can_write"]),
                r["label"],
                _aware(r["created_at"]),
                _aware(r["revoked_at"]) if r["revoked_at"] else None,
            )
            for r in rows
        ]

    def revoke_key(self, key_id: str) -> bool:
        with self._write() as c:
            done = c.execute(
                update(api_keys)
                .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
            return done.rowcount == 1

    def authenticate(self, token: str) -> Principal | None:
        """The caller a bearer token stands for, or None for an unknown, malformed or revoked one."""
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or len(parts[1]) > 32:
            return None
        with self._read() as c:
            row = (
                c.execute(
                    select(api_keys, newsrooms.c.name)
                    .join(newsrooms, newsrooms.c.id == api_keys.c.newsroom_id)
                    .where(api_keys.c.key_id == parts[1])
                )
                .mappings()
                .first()
            )
        if row is None or row["revoked_at"] is not None or not hmac.compare_digest(row["secret_hash"], _hash(token)):
            return None
        return Principal(int(row["newsroom_id"]), str(row["name"]), bool(row["can_write"]), str(row["key_id"]))

    # --- stories --------------------------------------------------------------

    def _story_query(self, newsroom_id: int) -> Any:
        count = select(func.count(sources.c.pk)).where(sources.c.story_pk == stories.c.pk).scalar_subquery().label("n")
        return select(stories, count).where(stories.c.newsroom_id == newsroom_id)

    @staticmethod
    def _story(row: Any) -> StoryRecord:
        return StoryRecord(
            pk=int(row["pk"]),
            story_id=str(row["story_id"]),
            title=row["title"],
            revision=int(row["revision"]),
            sources=int(row["n"]),
            created_at=_aware(row["created_at"]),
            updated_at=_aware(row["updated_at"]),
        )

    def create_story(self, newsroom_id: int, story: StoryInfo) -> StoryRecord:
        now = _now()
        try:
            with self._write() as c:
                c.execute(
                    insert(stories).values(
                        newsroom_id=newsroom_id,
                        story_id=story.id,
                        title=story.title,
                        revision=0,
                        source_seq=0,
                        created_at=now,
                        updated_at=now,
                    )
                )
        except IntegrityError:
            raise AlreadyExists(f"story {story.id!r} already exists", field="id") from None
        found = self.story(newsroom_id, story.id)
        assert found is not None
        return found

    def stories(self, newsroom_id: int, *, limit: int, offset: int) -> list[StoryRecord]:
        query = self._story_query(newsroom_id).order_by(stories.c.created_at, stories.c.pk).limit(limit).offset(offset)
        with self._read() as c:
            return [self._story(r) for r in c.execute(query).mappings()]

    def story(self, newsroom_id: int, story_id: str) -> StoryRecord | None:
        with self._read() as c:
            row = c.execute(self._story_query(newsroom_id).where(stories.c.story_id == story_id)).mappings().first()
        return self._story(row) if row else None

    def delete_story(self, newsroom_id: int, story_id: str) -> None:
        with self._write() as c:
            done = c.execute(
                delete(stories).where(stories.c.newsroom_id == newsroom_id, stories.c.story_id == story_id)
            )
            if done.rowcount != 1:
                raise NotFound(f"no story {story_id!r}")

    def _lock_story(self, c: Connection, newsroom_id: int, story_id: str) -> Any:
        """The story's row, locked until the transaction ends (SQLite: BEGIN IMMEDIATE already locked it all)."""
        row = (
            c.execute(
                select(stories)
                .where(stories.c.newsroom_id == newsroom_id, stories.c.story_id == story_id)
                .with_for_update()
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"no story {story_id!r}")
        return row

    # --- sources --------------------------------------------------------------

    def add_sources(
        self, newsroom_id: int, story_id: str, new: Sequence[NewSource], *, max_sources: int
    ) -> list[SourceRecord]:
        """Add all the sources or none; those without an id get `source<N>`, N their position in the story."""
        now = _now()
        with self._write() as c:
            story = self._lock_story(c, newsroom_id, story_id)
            taken = set(c.execute(select(sources.c.source_id).where(sources.c.story_pk == story["pk"])).scalars())
            if len(taken) + len(new) > max_sources:
                raise TooManySources(
                    f"a story holds at most {max_sources} sources: it has {len(taken)}, this adds {len(new)}"
                )
            seq = int(story["source_seq"])
            rows = []
            for index, source in enumerate(new):
                seq += 1
                source_id = source.source_id
                if source_id is None:
                    n = seq
                    while f"source{n}" in taken:
                        n += 1
                    source_id = f"source{n}"
                elif source_id in taken:
                    field = "id" if len(new) == 1 else f"[{index}].id"
                    raise AlreadyExists(f"the story already has a source {source_id!r}", field=field)
                taken.add(source_id)
                rows.append(
                    {
                        "story_pk": story["pk"],
                        "source_id": source_id,
                        "position": seq,
                        "original": json.dumps(source.original, ensure_ascii=False),
                        "text": source.text,
                        "outlet": source.outlet,
                        "added_at": now,
                    }
                )
            if rows:
                c.execute(insert(sources), rows)
            c.execute(
                update(stories)
                .where(stories.c.pk == story["pk"])
                .values(revision=stories.c.revision + 1, source_seq=seq, updated_at=now)
            )
        return [
            SourceRecord(r["source_id"], r["position"], new[i].original, r["outlet"], len(r["text"]), now)
            for i, r in enumerate(rows)
        ]

    def _story_with_sources(self, newsroom_id: int, story_id: str, *columns: Any) -> Sequence[RowMapping]:
        """A story's row joined with each of its sources in their order (one row with no source when it has
        none), read in one statement, so from one revision."""
        query = (
            select(*columns)
            .select_from(stories.outerjoin(sources, sources.c.story_pk == stories.c.pk))
            .where(stories.c.newsroom_id == newsroom_id, stories.c.story_id == story_id)
            .order_by(sources.c.position)
        )
        with self._read() as c:
            rows = c.execute(query).mappings().all()
        if not rows:
            raise NotFound(f"no story {story_id!r}")
        return rows

    def sources(self, newsroom_id: int, story_id: str) -> list[SourceRecord]:
        rows = self._story_with_sources(newsroom_id, story_id, stories.c.pk, sources)
        return [
            SourceRecord(
                r["source_id"],
                int(r["position"]),
                json.loads(r["original"]),
                r["outlet"],
                len(r["text"]),
                _aware(r["added_at"]),
            )
            for r in rows
            if r["source_id"] is not None
        ]

    def source(self, newsroom_id: int, story_id: str, source_id: str) -> StoredSource:
        query = (
            select(sources.c.source_id, sources.c.original, sources.c.text)
            .join(stories, stories.c.pk == sources.c.story_pk)
            .where(
                stories.c.newsroom_id == newsroom_id, stories.c.story_id == story_id, sources.c.source_id == source_id
            )
        )
        with self._read() as c:
            row = c.execute(query).mappings().first()
        if row is None:
            raise NotFound(f"no source {source_id!r} in story {story_id!r}")
        return StoredSource(row["source_id"], json.loads(row["original"]), row["text"])

    def delete_source(self, newsroom_id: int, story_id: str, source_id: str) -> None:
        with self._write() as c:
            story = self._lock_story(c, newsroom_id, story_id)
            done = c.execute(delete(sources).where(sources.c.story_pk == story["pk"], sources.c.source_id == source_id))
            if done.rowcount != 1:
                raise NotFound(f"no source {source_id!r} in story {story_id!r}")
            c.execute(
                update(stories)
                .where(stories.c.pk == story["pk"])
                .values(revision=stories.c.revision + 1, updated_at=_now())
            )

    # --- reports --------------------------------------------------------------

    def cached_report(
        self, newsroom_id: int, story_id: str, *, with_body: bool
    ) -> tuple[int, int, CachedReport | None]:
        """The story's key and revision, and what its cached report was computed from (and the report)."""
        columns = [stories.c.pk, stories.c.revision, reports.c.revision, reports.c.engine, reports.c.etag]
        query = (
            select(*columns, reports.c.body if with_body else null())
            .select_from(stories.outerjoin(reports, reports.c.story_pk == stories.c.pk))
            .where(stories.c.newsroom_id == newsroom_id, stories.c.story_id == story_id)
        )
        with self._read() as c:
            row = c.execute(query).first()
        if row is None:
            raise NotFound(f"no story {story_id!r}")
        pk, revision, report_revision, engine, etag, body = tuple(row)
        cached = None if etag is None else CachedReport(int(report_revision), str(engine), str(etag), body)
        return int(pk), int(revision), cached

    def report_body(self, story_pk: int, revision: int, engine: str) -> tuple[str, str] | None:
        """The cached report's ETag and JSON, if it is still the one of this revision and engine."""
        query = select(reports.c.etag, reports.c.body).where(
            reports.c.story_pk == story_pk, reports.c.revision == revision, reports.c.engine == engine
        )
        with self._read() as c:
            row = c.execute(query).first()
        return (str(row[0]), str(row[1])) if row else None

    def snapshot(self, newsroom_id: int, story_id: str) -> Snapshot:
        """The story and its sources in their order, from one statement (so from one revision)."""
        columns = (stories, sources.c.source_id, sources.c.original, sources.c.text.label("source_text"))
        rows = self._story_with_sources(newsroom_id, story_id, *columns)
        found = [
            StoredSource(r["source_id"], json.loads(r["original"]), r["source_text"])
            for r in rows
            if r["source_id"] is not None
        ]
        story = self._story({**rows[0], "n": len(found)})
        return Snapshot(story, found)

    def save_report(self, story_pk: int, revision: int, engine: str, etag: str, body: str) -> None:
        """Keep the report unless one of a later revision is already there (a slower, older computation)."""
        values = {"revision": revision, "engine": engine, "etag": etag, "body": body, "computed_at": _now()}
        with self._write() as c:
            current = c.execute(select(reports.c.revision).where(reports.c.story_pk == story_pk)).scalar()
            if current is None:
                exists = c.execute(select(stories.c.pk).where(stories.c.pk == story_pk)).scalar()
                if exists is not None:
                    try:
                        with c.begin_nested():
                            c.execute(insert(reports).values(story_pk=story_pk, **values))
                    except IntegrityError:  # another process saved it first: theirs is as good
                        pass
            elif current <= revision:
                c.execute(update(reports).where(reports.c.story_pk == story_pk).values(**values))
