"""The report page, the list of stories and the draft check over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.store import Store
from reconcile import Settings
from reconcile.story import load_story

from ..conftest import STORIES
from .server import Server

DRAFTS = Path(__file__).resolve().parents[2] / "fixtures" / "drafts"


@pytest.fixture(scope="module")
def seeded(module_database_url: str) -> Iterator[tuple[Server, str]]:
    store = Store.open(module_database_url)
    key = store.create_key("daily", can_write=True)[1]
    store.close()
    server = Server(module_database_url, "--no-open").start()
    with server.client(key) as client:
        info, sources = load_story(STORIES / "nakatani-turkey", Settings())
        assert client.post("/v1/stories", json={"id": info.id, "title": info.title}).status_code == 201
        body = [s.model_dump(mode="json", exclude_none=True) for s in sources]
        assert client.post(f"/v1/stories/{info.id}/sources", json=body).status_code == 201
    yield server, key
    server.stop()


def test_the_report_page_is_served_for_a_stored_story(seeded: tuple[Server, str]) -> None:
    server, key = seeded
    with server.client(key) as client:
        page = client.get("/v1/stories/nakatani-turkey/report.html")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "regional tour" in page.text and "<script" in page.text
        stories = client.get("/")
        assert stories.status_code == 200 and "/v1/stories/nakatani-turkey/report.html" in stories.text
    assert httpx.get(server.base + "/v1/stories/nakatani-turkey/report.html").status_code == 401


def test_a_draft_is_checked_against_a_stored_story(seeded: tuple[Server, str]) -> None:
    server, key = seeded
    with server.client(key) as client:
        wrong = (DRAFTS / "nakatani-wrong.md").read_text(encoding="utf-8")
        answer = client.post("/v1/check", json={"draft": wrong, "path": "draft.md", "story": "nakatani-turkey"})
        assert answer.status_code == 200, answer.text
        result = answer.json()
        errors = [f for f in result["findings"] if f["verdict"] == "conflict" and not f.get("suppressed")]
        assert errors and errors[0]["line"] == 14
        right = (DRAFTS / "nakatani-right.md").read_text(encoding="utf-8")
        answer = client.post("/v1/check", json={"draft": right, "story": "nakatani-turkey"})
        assert [f for f in answer.json()["findings"] if f["verdict"] == "conflict"] == []
        neither = client.post("/v1/check", json={"draft": right})
        assert neither.status_code == 422 and neither.json()["error"]["field"] == "story"
        missing = client.post("/v1/check", json={"draft": right, "story": "no-such-story"})
        assert missing.status_code == 404
