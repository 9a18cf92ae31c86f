"""The store on SQLite and PostgreSQL: migrations, sources kept as sent, limits and ids under one lock, keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from api.config import ApiConfig
from api.migrate import HEAD, current, head, upgrade
from api.service import Service
from api.store import (
    AlreadyExists,
    NewSource,
    NotFound,
    Store,
    TooManySources,
    api_keys,
    metadata,
    reports,
)
from reconcile.types import StoryInfo

# Texts whose every character must come back as sent: line endings, tabs, astral and combining characters.
AWKWARD = (
    "Ankara,\r\nAug. 21 \u2014 Nakatani\tvisited Baykar on Wednesday \U0001f1f9\U0001f1f7 (Ba\u0308ykar).\r\n\u2028End"
)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store.open(database_url)
    yield opened
    opened.close()


def new(sid: str | None, text: str = "Nakatani visited Istanbul on Aug. 20.", outlet: str = "Outlet") -> NewSource:
    original: dict[str, object] = {"outlet": outlet, "text": text, "published": "2025-08-21"}
    if sid is not None:
        original = {"id": sid, **original}
    return NewSource(sid, original, text, outlet)


def test_migrations_reach_head_and_build_exactly_the_tables_the_store_declares(store: Store) -> None:
    assert current(store.engine) == head() == HEAD is not None
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_migrating_again_and_concurrently_changes_nothing(store: Store) -> None:
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: upgrade(store.engine), range(4)))
    assert current(store.engine) == head()


def test_sources_are_kept_as_sent_with_their_exact_text(store: Store) -> None:
    room = store.newsroom("daily")
    store.create_story(room, StoryInfo(id="visit", title="Visit"))
    sent = new("a", AWKWARD)
    store.add_sources(room, "visit", [sent], max_sources=10)
    kept = store.source(room, "visit", "a")
    assert kept.text == AWKWARD
    assert kept.original == sent.original
    assert json.dumps(kept.original, sort_keys=True) == json.dumps(sent.original, sort_keys=True)
    snapshot = store.snapshot(room, "visit")
    assert [s.text for s in snapshot.sources] == [AWKWARD]


def test_sources_keep_their_order_and_missing_ids_become_source_n_without_clashing(store: Store) -> None:
    room = store.newsroom("daily")
    store.create_story(room, StoryInfo(id="s"))
    store.add_sources(room, "s", [new("source2"), new(None)], max_sources=10)
    store.add_sources(room, "s", [new(None)], max_sources=10)
    listed = store.sources(room, "s")
    assert [s.source_id for s in listed] == ["source2", "source3", "source4"]
    assert [s.position for s in listed] == [1, 2, 3]
    story = store.story(room, "s")
    assert story is not None and story.revision == 2 and story.sources == 3


def test_a_batch_is_added_whole_or_not_at_all(store: Store) -> None:
    room = store.newsroom("daily")
    store.create_story(room, StoryInfo(id="s"))
    store.add_sources(room, "s", [new("a")], max_sources=10)
    with pytest.raises(AlreadyExists) as raised:
        store.add_sources(room, "s", [new("b"), new("a")], max_sources=10)
    assert raised.value.field == "[1].id"
    with pytest.raises(TooManySources):
        store.add_sources(room, "s", [new("c"), new("d"), new("e")], max_sources=3)
    assert [s.source_id for s in store.sources(room, "s")] == ["a"]
    story = store.story(room, "s")
    assert story is not None and story.revision == 1


def test_deleting_a_source_bumps_the_revision_and_deleting_a_story_takes_everything(store: Store) -> None:
    room = store.newsroom("daily")
    record = store.create_story(room, StoryInfo(id="s"))
    store.add_sources(room, "s", [new("a"), new("b")], max_sources=10)
    store.save_report(record.pk, 1, "engine", '"etag"', "{}")
    store.delete_source(room, "s", "a")
    story = store.story(room, "s")
    assert story is not None and story.revision == 2 and story.sources == 1
    with pytest.raises(NotFound):
        store.delete_source(room, "s", "a")
    store.delete_story(room, "s")
    assert store.story(room, "s") is None
    with store.engine.connect() as connection:
        assert connection.execute(select(reports)).all() == []
        assert connection.execute(text("SELECT count(*) FROM sources")).scalar() == 0


def test_one_newsroom_never_reaches_another_ones_stories(store: Store) -> None:
    mine, theirs = store.newsroom("mine"), store.newsroom("theirs")
    store.create_story(mine, StoryInfo(id="s"))
    store.add_sources(mine, "s", [new("a")], max_sources=10)
    store.create_story(theirs, StoryInfo(id="s"))  # the same id in another newsroom is another story
    assert store.stories(theirs, limit=10, offset=0)[0].sources == 0
    with pytest.raises(NotFound):
        store.source(theirs, "s", "a")
    with pytest.raises(NotFound):
        store.add_sources(theirs, "missing", [new("a")], max_sources=10)
    with pytest.raises(NotFound):
        store.snapshot(theirs, "missing")
    with pytest.raises(AlreadyExists):
        store.create_story(mine, StoryInfo(id="s"))


def test_concurrent_writers_lose_nothing_and_never_pass_the_limit(store: Store) -> None:
    room = store.newsroom("daily")
    store.create_story(room, StoryInfo(id="s"))

    def add(n: int) -> str:
        try:
            store.add_sources(room, "s", [new(None if n % 2 else f"w{n}")], max_sources=30)
        except TooManySources:
            return "full"
        return "added"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(add, range(40)))
    assert outcomes.count("added") == 30 and outcomes.count("full") == 10
    listed = store.sources(room, "s")
    assert len(listed) == 30 == len({s.source_id for s in listed}) == len({s.position for s in listed})
    story = store.story(room, "s")
    assert story is not None and story.revision == 30


def test_keys_are_stored_hashed_and_checked_whole(store: Store) -> None:
    info, token = store.create_key("daily", can_write=False, label="ci")
    with store.engine.connect() as connection:
        rows = [dict(r) for r in connection.execute(select(api_keys)).mappings()]
    assert token not in json.dumps(rows, default=str)
    who = store.authenticate(token)
    assert who is not None and who.newsroom == "daily" and not who.can_write and who.key_id == info.key_id
    for wrong in (
        token + "x",
        token[:-1],
        f"rk_{info.key_id}_",
        "rk__x",
        "",
        "Bearer " + token,
        "rk_" + "a" * 40 + "_x",
    ):
        assert store.authenticate(wrong) is None
    assert store.revoke_key(info.key_id)
    assert store.authenticate(token) is None
    assert not store.revoke_key(info.key_id)
    assert [(k.key_id, k.revoked_at is not None) for k in store.keys("daily")] == [(info.key_id, True)]


def test_a_report_of_an_older_revision_never_replaces_a_newer_one(store: Store) -> None:
    room = store.newsroom("daily")
    record = store.create_story(room, StoryInfo(id="s"))
    store.save_report(record.pk, 3, "e", '"new"', '{"n": 3}')
    store.save_report(record.pk, 2, "e", '"old"', '{"n": 2}')
    assert store.report_body(record.pk, 3, "e") == ('"new"', '{"n": 3}')
    assert store.report_body(record.pk, 2, "e") is None


def test_the_report_is_computed_once_per_revision_and_again_when_the_sources_change(store: Store) -> None:
    service = Service(store, ApiConfig(database_url="unused"))
    who = store.open_principal()
    store.create_story(who.newsroom_id, StoryInfo(id="s"))
    service.add_sources(who, "s", [new("a", "Nakatani visited Istanbul on Wednesday, Aug. 20.")])
    first = service.report(who, "s", None)
    again = service.report(who, "s", None)
    assert (first.cached, again.cached) == (False, True)
    assert first.body == again.body and first.etag == again.etag
    assert service.report(who, "s", first.etag).body is None  # the client's copy is current
    service.add_sources(who, "s", [new("b", "Nakatani was in Istanbul on Aug. 21.")])
    changed = service.report(who, "s", first.etag)
    assert changed.body is not None and not changed.cached and changed.etag != first.etag
    other_engine = Service(store, ApiConfig(database_url="unused", max_text_chars=5000))
    assert not other_engine.report(who, "s", None).cached  # another core or settings: computed anew
