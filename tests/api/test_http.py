"""The API over real HTTP: `reconcile serve` in a subprocess, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from pydantic import TypeAdapter

from api.errors import ErrorBody
from api.store import Store
from reconcile import Settings, reconcile
from reconcile.cli import schema
from reconcile.extract import extract_claims
from reconcile.ingest import ingest
from reconcile.story import load_story
from reconcile.types import Claim, Report, Source

from ..conftest import ROOT, STORIES
from .server import Server, bearer, source

MAX_SOURCES = 30
MAX_TEXT = 200_000
MAX_BODY = 1024 * 1024
CLAIMS = TypeAdapter(list[Claim])


@dataclass
class Api:
    server: Server
    writer: str  # newsroom "daily", read-write
    reader: str  # newsroom "daily", read-only
    rival: str  # newsroom "rival", read-write
    revoked: str

    def client(self, key: str | None = None) -> httpx.Client:
        return self.server.client(key)


@pytest.fixture(scope="module")
def api(module_database_url: str) -> Iterator[Api]:
    store = Store.open(module_database_url)
    writer = store.create_key("daily", can_write=True)[1]
    reader = store.create_key("daily", can_write=False)[1]
    rival = store.create_key("rival", can_write=True)[1]
    info, revoked = store.create_key("daily", can_write=True)
    store.revoke_key(info.key_id)
    store.close()
    server = Server(
        module_database_url,
        "--no-open",
        f"--max-sources={MAX_SOURCES}",
        f"--max-text-chars={MAX_TEXT}",
        f"--max-body-bytes={MAX_BODY}",
    ).start()
    yield Api(server, writer, reader, rival, revoked)
    server.stop()


@pytest.fixture
def http(api: Api) -> Iterator[httpx.Client]:
    with api.client(api.writer) as client:
        yield client


def new_story(http: httpx.Client, title: str | None = None) -> str:
    story_id = f"story-{secrets.token_hex(4)}"
    response = http.post("/v1/stories", json={"id": story_id, "title": title})
    assert response.status_code == 201, response.text
    return story_id


def assert_error(response: httpx.Response, status: int, code: str, field: str | None = None) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = ErrorBody.model_validate_json(response.content)
    assert body.error.code == code, response.text
    if field is not None:
        assert body.error.field == field, response.text
    assert "Traceback" not in response.text and 'File "' not in response.text


VISIT = "ANKARA, Aug. 21 — Nakatani visited Baykar on Wednesday, the ministry said. He began his trip on Aug. 19."
OTHER = "Japan's defence minister toured Baykar on Thursday, Aug. 21, a diplomatic source said."


# --- the service ------------------------------------------------------------------


def test_health_and_the_openapi_document_with_its_interactive_page(api: Api) -> None:
    with api.client() as client:
        health = client.get("/health").json()
        assert health["status"] == "ok" and health["database"] in ("sqlite", "postgresql")
        document = client.get("/schema/openapi.json").json()
        page = client.get("/schema")
    assert page.status_code == 200 and "swagger" in page.text.lower()
    assert document["openapi"].startswith("3.1")
    assert "/v1/stories/{story_id}/report" in document["paths"]
    schemas = document["components"]["schemas"]
    # The bodies are the contract's own JSON Schemas, as `reconcile schema source` prints them.
    source_schema = schema("source")
    assert schemas["Source"]["additionalProperties"] is False
    assert schemas["Source"]["properties"] == source_schema["properties"]
    refs = set(_refs(document))
    assert refs and all(ref.removeprefix("#/components/schemas/") in schemas for ref in refs)


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


# --- stories and sources --------------------------------------------------------


def test_stories_are_created_listed_and_read(http: httpx.Client) -> None:
    story_id = new_story(http, "A visit")
    assert_error(http.post("/v1/stories", json={"id": story_id}), 409, "conflict", "id")
    got = http.get(f"/v1/stories/{story_id}").json()
    assert (got["id"], got["title"], got["sources"], got["revision"]) == (story_id, "A visit", 0, 0)
    listed = [s["id"] for s in http.get("/v1/stories", params={"limit": 1000}).json()["stories"]]
    assert story_id in listed
    assert len(http.get("/v1/stories", params={"limit": 1}).json()["stories"]) == 1
    assert_error(http.get("/v1/stories/no-such-story"), 404, "not_found")


def test_sources_are_added_one_or_many_listed_read_back_exactly_and_deleted(http: httpx.Client) -> None:
    story_id = new_story(http)
    text = "Line one\r\nLine two\twith a tab, an emoji 🇹🇷 and a combining e\u0301.\u2028"
    one = http.post(f"/v1/stories/{story_id}/sources", json=source("a", text, published="2025-08-21T09:30:00Z"))
    assert one.status_code == 201, one.text
    assert [s["id"] for s in one.json()["sources"]] == ["a"]
    many = http.post(f"/v1/stories/{story_id}/sources", json=[source(None, VISIT), source(None, OTHER)])
    assert [s["id"] for s in many.json()["sources"]] == ["source2", "source3"]
    listed = http.get(f"/v1/stories/{story_id}/sources").json()["sources"]
    assert [(s["id"], s["position"], s["chars"]) for s in listed] == [
        ("a", 1, len(text)),
        ("source2", 2, len(VISIT)),
        ("source3", 3, len(OTHER)),
    ]
    kept = http.get(f"/v1/stories/{story_id}/sources/a").json()
    assert kept["text"] == text and kept["published"] == "2025-08-21" and kept["id"] == "a"
    assert http.delete(f"/v1/stories/{story_id}/sources/a").status_code == 204
    assert_error(http.delete(f"/v1/stories/{story_id}/sources/a"), 404, "not_found")
    assert_error(http.get(f"/v1/stories/{story_id}/sources/a"), 404, "not_found")
    story = http.get(f"/v1/stories/{story_id}").json()
    assert (story["sources"], story["revision"]) == (2, 3)
    assert http.delete(f"/v1/stories/{story_id}").status_code == 204
    assert_error(http.get(f"/v1/stories/{story_id}/sources"), 404, "not_found")


def test_a_duplicate_source_id_is_a_conflict_and_a_bad_batch_adds_nothing(http: httpx.Client) -> None:
    story_id = new_story(http)
    http.post(f"/v1/stories/{story_id}/sources", json=source("a", VISIT))
    assert_error(http.post(f"/v1/stories/{story_id}/sources", json=source("a", OTHER)), 409, "conflict", "id")
    bad = [source("b", OTHER), {"outlet": "x"}]
    assert_error(http.post(f"/v1/stories/{story_id}/sources", json=bad), 422, "input.format")
    assert [s["id"] for s in http.get(f"/v1/stories/{story_id}/sources").json()["sources"]] == ["a"]


# --- reports ----------------------------------------------------------------------


def test_the_report_has_an_etag_answers_304_and_is_recomputed_only_when_sources_change(http: httpx.Client) -> None:
    story_id = new_story(http)
    http.post(f"/v1/stories/{story_id}/sources", json=[source("a", VISIT, "A"), source("b", OTHER, "B")])
    first = http.get(f"/v1/stories/{story_id}/report")
    assert first.status_code == 200 and first.headers["x-reconcile-cache"] == "miss"
    etag = first.headers["etag"]
    again = http.get(f"/v1/stories/{story_id}/report")
    assert again.headers["x-reconcile-cache"] == "hit" and again.content == first.content
    assert again.headers["etag"] == etag
    unchanged = http.get(f"/v1/stories/{story_id}/report", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged.headers["etag"] == etag
    assert http.get(f"/v1/stories/{story_id}/report", headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    http.delete(f"/v1/stories/{story_id}/sources/b")
    changed = http.get(f"/v1/stories/{story_id}/report", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.headers["x-reconcile-cache"] == "miss"
    assert [s["id"] for s in changed.json()["sources"]] == ["a"]


def test_the_bundled_story_served_is_the_report_the_cli_prints(api: Api) -> None:
    directory = STORIES / "nakatani-turkey"
    info, sources = load_story(directory, Settings())
    with api.client(api.writer) as http:
        assert http.post("/v1/stories", json=info.model_dump()).status_code == 201
        for s in sources:
            response = http.post(f"/v1/stories/{info.id}/sources", json=s.model_dump(mode="json", exclude_none=True))
            assert response.status_code == 201, response.text
        served = http.get(f"/v1/stories/{info.id}/report").json()
        texts = {s.id: http.get(f"/v1/stories/{info.id}/sources/{s.id}").json()["text"] for s in sources}
    printed = subprocess.run(
        [sys.executable, "-m", "reconcile", "report", str(directory), "--format", "json"],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    assert served == json.loads(printed.stdout)
    for claim in served["claims"]:  # spans index the text as stored
        start, end = claim["span"]
        assert texts[claim["source"]][start:end] == claim["text"]


@pytest.mark.parametrize("story", ["summit", "quake-toll", "state-visit", "budget"])
def test_every_fixture_story_served_statelessly_is_the_cores_report(http: httpx.Client, story: str) -> None:
    info, sources = load_story(STORIES / story, Settings())
    body = {"story": info.model_dump(), "sources": [s.model_dump(mode="json", exclude_none=True) for s in sources]}
    served = http.post("/v1/reconcile", json=body)
    assert served.status_code == 200, served.text
    expected = reconcile(sources, info, Settings(max_source_chars=MAX_TEXT))
    assert Report.model_validate_json(served.content) == expected
    assert served.json() == json.loads(expected.model_dump_json())


def test_extract_gives_one_sources_claims_as_the_extract_command_does(http: httpx.Client) -> None:
    sent = source("hurriyet", VISIT)
    served = http.post("/v1/extract", json=sent)
    assert served.status_code == 200, served.text
    settings = Settings(max_source_chars=MAX_TEXT)
    document = ingest(Source.model_validate(sent), "hurriyet", settings)
    claims = [f.claim for f in extract_claims(document, settings)]
    assert served.json() == {"id": "hurriyet", "claims": json.loads(CLAIMS.dump_json(claims)), "warnings": []}
    assert claims, "the example states dates"


def test_the_schemas_route_publishes_the_contract(api: Api) -> None:
    with api.client() as client:
        for document in ("report", "source"):
            assert client.get(f"/v1/schemas/{document}").json() == json.loads(json.dumps(schema(document)))


# --- access ---------------------------------------------------------------------


def test_every_v1_call_needs_a_valid_key(api: Api) -> None:
    with api.client() as anonymous:
        response = anonymous.get("/v1/stories")
        assert_error(response, 401, "auth.required")
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert_error(anonymous.get("/v1/stories", headers={"Authorization": "Basic eDp5"}), 401, "auth.required")
        assert_error(anonymous.post("/v1/reconcile", content=b"{bad"), 401, "auth.required")  # before the body
        for key in (api.revoked, "rk_000000000000_nope", "nonsense"):
            assert_error(anonymous.get("/v1/stories", headers=bearer(key)), 401, "auth.invalid")


def test_a_read_only_key_reads_and_cannot_write(api: Api) -> None:
    with api.client(api.writer) as writer, api.client(api.reader) as reader:
        story_id = new_story(writer)
        writer.post(f"/v1/stories/{story_id}/sources", json=source("a", VISIT))
        assert reader.get(f"/v1/stories/{story_id}").status_code == 200
        assert reader.get(f"/v1/stories/{story_id}/report").status_code == 200
        assert reader.post("/v1/extract", json=source("a", VISIT)).status_code == 200
        assert_error(reader.post("/v1/stories", json={"id": "mine"}), 403, "auth.read_only")
        assert_error(reader.post(f"/v1/stories/{story_id}/sources", json=source("b", OTHER)), 403, "auth.read_only")
        assert_error(reader.delete(f"/v1/stories/{story_id}/sources/a"), 403, "auth.read_only")
        assert_error(reader.delete(f"/v1/stories/{story_id}"), 403, "auth.read_only")


def test_a_newsroom_never_sees_nor_changes_another_ones_story_and_cannot_tell_it_exists(api: Api) -> None:
    with api.client(api.writer) as daily, api.client(api.rival) as rival:
        story_id = new_story(daily)
        daily.post(f"/v1/stories/{story_id}/sources", json=source("a", VISIT))
        missing = "story-that-was-never-made"
        requests: list[tuple[str, str, dict[str, object] | None]] = [
            ("GET", "/v1/stories/{}", None),
            ("GET", "/v1/stories/{}/report", None),
            ("GET", "/v1/stories/{}/sources", None),
            ("GET", "/v1/stories/{}/sources/a", None),
            ("POST", "/v1/stories/{}/sources", source("b", OTHER)),
            ("DELETE", "/v1/stories/{}/sources/a", None),
            ("DELETE", "/v1/stories/{}", None),
        ]
        for method, path, body in requests:
            theirs = rival.request(method, path.format(story_id), json=body)
            nothing = rival.request(method, path.format(missing), json=body)
            assert_error(theirs, 404, "not_found")
            assert theirs.text.replace(story_id, missing) == nothing.text  # the same answer as for no story
        assert story_id not in [s["id"] for s in rival.get("/v1/stories", params={"limit": 1000}).json()["stories"]]
        # The rival may use the same id for a story of its own; daily's is untouched.
        assert rival.post("/v1/stories", json={"id": story_id}).status_code == 201
        assert daily.get(f"/v1/stories/{story_id}/sources").json()["sources"][0]["id"] == "a"


# --- errors ---------------------------------------------------------------------


def _deep(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


ERRORS: list[tuple[str, str, str, bytes, int, str, str | None]] = [
    # name, method, path ("{s}": a story of the test's), body, status, code, field
    ("malformed JSON", "POST", "/v1/stories/{s}/sources", b'{"outlet": "x",', 400, "input.json", None),
    ("empty body", "POST", "/v1/stories/{s}/sources", b"", 400, "input.json", None),
    (
        "not UTF-8",
        "POST",
        "/v1/stories/{s}/sources",
        b'{"outlet": "caf\xe9", "text": "x"}',
        400,
        "input.encoding",
        None,
    ),
    ("NaN", "POST", "/v1/extract", b'{"outlet": "x", "text": NaN}', 400, "input.json", None),
    ("a huge number", "POST", "/v1/stories", b'{"id": ' + b"9" * 5000 + b"}", 400, "input.json", None),
    ("deep nesting", "POST", "/v1/stories/{s}/sources", _deep(100_000), 400, "input.json", None),
    ("not an object", "POST", "/v1/extract", b'"text"', 422, "input.format", None),
    ("wrong type", "POST", "/v1/stories/{s}/sources", b'{"outlet": 3, "text": "x"}', 422, "input.format", "outlet"),
    ("unknown field", "POST", "/v1/extract", b'{"outlet": "x", "text": "y", "body": 1}', 422, "input.format", "body"),
    ("missing field", "POST", "/v1/stories", b'{"title": "t"}', 422, "input.format", "id"),
    ("bad date", "POST", "/v1/extract", b'{"outlet": "x", "text": "y", "published": "soon"}', 422, "input.date", None),
    ("lone surrogate", "POST", "/v1/extract", b'{"outlet": "\\ud800", "text": "y"}', 422, "input.encoding", "outlet"),
    ("NUL", "POST", "/v1/stories", b'{"id": "a\\u0000b"}', 422, "input.binary", "id"),
    ("no text", "POST", "/v1/stories/{s}/sources", b'{"outlet": "x", "text": "  "}', 422, "input.empty", "text"),
    ("text and html", "POST", "/v1/extract", b'{"outlet": "x", "text": "a", "html": "b"}', 422, "input.format", None),
    ("slash in a story id", "POST", "/v1/stories", b'{"id": "a/b"}', 422, "input.format", "id"),
    (
        "slash in a source id",
        "POST",
        "/v1/stories/{s}/sources",
        b'{"id": "a/b", "outlet": "x", "text": "y"}',
        422,
        "input.format",
        "id",
    ),
    (
        "field in a batch",
        "POST",
        "/v1/stories/{s}/sources",
        b'[{"outlet": "x", "text": "y"}, {"text": "z"}]',
        422,
        "input.format",
        "[1].outlet",
    ),
    ("empty batch", "POST", "/v1/stories/{s}/sources", b"[]", 422, "input.format", None),
    (
        "twice the same id",
        "POST",
        "/v1/reconcile",
        b'{"sources": [{"id": "a", "outlet": "x", "text": "y"}, {"id": "a", "outlet": "x", "text": "z"}]}',
        422,
        "input.format",
        "sources[1].id",
    ),
    ("no sources", "POST", "/v1/reconcile", b'{"story": {"id": "s"}}', 422, "input.format", "sources"),
    ("unknown envelope field", "POST", "/v1/reconcile", b'{"sources": [], "extra": 1}', 422, "input.format", "extra"),
    (
        "a text too long",
        "POST",
        "/v1/extract",
        json.dumps({"outlet": "x", "text": "y" * (MAX_TEXT + 1)}).encode(),
        413,
        "input.too_large",
        "text",
    ),
    (
        "too many sources",
        "POST",
        "/v1/reconcile",
        json.dumps({"sources": [{"outlet": "x", "text": "y"}] * (MAX_SOURCES + 1)}).encode(),
        413,
        "limit.sources",
        None,
    ),
    ("a body too large", "POST", "/v1/stories/{s}/sources", b" " * (MAX_BODY + 1), 413, "request.too_large", None),
    ("a bad query parameter", "GET", "/v1/stories?limit=many", b"", 400, "input.format", "limit"),
    ("a query parameter out of range", "GET", "/v1/stories?limit=0", b"", 400, "input.format", "limit"),
    ("no such route", "GET", "/v2/stories", b"", 404, "not_found", None),
    ("no such method", "PUT", "/v1/stories", b"{}", 405, "method_not_allowed", None),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code", "field"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_every_bad_request_gets_a_clear_4xx_in_the_one_error_shape(
    http: httpx.Client, method: str, path: str, body: bytes, status: int, code: str, field: str | None
) -> None:
    story_id = new_story(http) if "{s}" in path else ""
    response = http.request(
        method, path.replace("{s}", story_id), content=body, headers={"Content-Type": "application/json"}
    )
    assert_error(response, status, code, field)


def test_a_body_too_large_without_a_length_is_cut_off_with_413(http: httpx.Client) -> None:
    story_id = new_story(http)

    def chunks() -> Iterator[bytes]:
        for _ in range(4 * MAX_BODY // 65536):
            yield b" " * 65536

    response = http.post(f"/v1/stories/{story_id}/sources", content=chunks())
    assert_error(response, 413, "request.too_large")


def test_a_body_with_a_byte_order_mark_or_a_slash_in_a_source_id_not_stored_is_fine(http: httpx.Client) -> None:
    body = b"\xef\xbb\xbf" + json.dumps(source("a/b", VISIT)).encode()
    assert http.post("/v1/extract", content=body).json()["id"] == "a/b"
    body = json.dumps({"sources": [source("a/b", VISIT)]}).encode()
    assert http.post("/v1/reconcile", content=body).json()["sources"][0]["id"] == "a/b"


def test_a_story_without_sources_has_an_empty_report(http: httpx.Client) -> None:
    story_id = new_story(http)
    report = http.get(f"/v1/stories/{story_id}/report").json()
    assert (report["story"]["id"], report["sources"], report["findings"]) == (story_id, [], [])


def test_a_story_holds_at_most_max_sources(http: httpx.Client) -> None:
    story_id = new_story(http)
    full = [source(f"s{i}", VISIT) for i in range(MAX_SOURCES)]
    assert http.post(f"/v1/stories/{story_id}/sources", json=full).status_code == 201
    assert_error(http.post(f"/v1/stories/{story_id}/sources", json=source("one-more", OTHER)), 413, "limit.sources")


# --- concurrency and restarts -------------------------------------------------------


def test_concurrent_writers_adding_sources_to_one_story_lose_nothing(
    api: Api, http: httpx.Client, servers: list[Server]
) -> None:
    """Writers in two server processes on one database, many requests in flight at once."""
    second = Server(api.server.database_url, *api.server.args).start()
    servers.append(second)
    story_id = new_story(http)

    def add(n: int) -> int:
        with (api.server if n % 2 else second).client(api.writer) as client:
            sent = source(None if n % 3 == 0 else f"w{n}", f"{VISIT} Writer {n}.")
            return client.post(f"/v1/stories/{story_id}/sources", json=sent).status_code

    with ThreadPoolExecutor(12) as pool:
        statuses = list(pool.map(add, range(MAX_SOURCES + 6)))
    assert sorted(statuses) == [201] * MAX_SOURCES + [413] * 6  # and not one more than the limit
    listed = http.get(f"/v1/stories/{story_id}/sources").json()["sources"]
    assert len(listed) == MAX_SOURCES == len({s["id"] for s in listed})
    assert sorted(s["position"] for s in listed) == list(range(1, MAX_SOURCES + 1))
    assert http.get(f"/v1/stories/{story_id}").json()["revision"] == MAX_SOURCES
    report = http.get(f"/v1/stories/{story_id}/report").json()
    assert len(report["sources"]) == MAX_SOURCES


def test_stories_survive_a_restart(database_url: str, servers: list[Server]) -> None:
    store = Store.open(database_url)
    key = store.create_key("daily", can_write=True)[1]
    store.close()
    first = Server(database_url, "--no-open").start()
    servers.append(first)
    with first.client(key) as http:
        story_id = new_story(http, "Before the restart")
        http.post(f"/v1/stories/{story_id}/sources", json=[source("a", VISIT), source("b", OTHER)])
        before = http.get(f"/v1/stories/{story_id}/report")
    first.stop()
    second = Server(database_url, "--no-open").start()
    servers.append(second)
    with second.client(key) as http:
        assert http.get(f"/v1/stories/{story_id}").json()["title"] == "Before the restart"
        assert [s["id"] for s in http.get(f"/v1/stories/{story_id}/sources").json()["sources"]] == ["a", "b"]
        after = http.get(f"/v1/stories/{story_id}/report")
        assert after.headers["x-reconcile-cache"] == "hit"  # kept, not recomputed
        assert (after.content, after.headers["etag"]) == (before.content, before.headers["etag"])
        assert (
            http.get(f"/v1/stories/{story_id}/report", headers={"If-None-Match": after.headers["etag"]}).status_code
            == 304
        )
