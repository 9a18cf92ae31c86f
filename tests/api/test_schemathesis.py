"""schemathesis against the running server, from the app's own OpenAPI document: valid and invalid
requests to every operation (a few examples each), and not one server error, undocumented status,
wrong content type, missing header or body that breaks its documented schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.config import ApiConfig
from api.openapi import openapi_document
from api.store import Store

from .server import Server, bearer

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
DOCUMENT = openapi_document(create_app(ApiConfig(database_url="sqlite://")))  # builds no database
schema = schemathesis.openapi.from_dict(DOCUMENT)


@pytest.fixture(scope="module")
def live(module_database_url: str) -> Iterator[tuple[Server, str]]:
    store = Store.open(module_database_url)
    key = store.create_key("fuzz", can_write=True)[1]
    store.close()
    server = Server(module_database_url, "--no-open", "--max-sources=8", "--max-text-chars=20000").start()
    with server.client(key) as http:  # something for the path parameters to find
        http.post("/v1/stories", json={"id": "story", "title": "A story"})
        http.post("/v1/stories/story/sources", json={"id": "source", "outlet": "A", "text": "On Aug. 20 it rained."})
    yield server, key
    server.stop()


def test_the_server_serves_the_document_the_fuzzing_reads(live: tuple[Server, str]) -> None:
    assert httpx.get(live[0].base + "/schema/openapi.json").json() == DOCUMENT


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_to_its_openapi_document(case: Any, live: tuple[Server, str]) -> None:
    server, key = live
    case.call_and_validate(base_url=server.base, headers=bearer(key), checks=CHECKS, timeout=60)
