"""The OpenAPI document at /schema/openapi.json, and the interactive page at /schema.

litestar writes the paths, parameters and statuses. The schemas of the bodies are replaced by
pydantic's own JSON Schema of the same models, so the API publishes exactly the documents that
`reconcile schema report|source` prints (litestar's translation drops `additionalProperties: false`
and the contract's "text or html" rule, among others).
"""

from __future__ import annotations

import copy
from typing import Any

from litestar import Litestar, Request
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from reconcile.check import CheckResult
from reconcile.types import Report, Source, StoryInfo

from .errors import ErrorBody
from .models import (
    CheckRequest,
    ExtractResult,
    Health,
    NewSources,
    ReconcileRequest,
    SourceList,
    SourceOut,
    StoryList,
    StoryOut,
)

REQUEST_MODELS: tuple[type[BaseModel], ...] = (Source, StoryInfo, NewSources, ReconcileRequest, CheckRequest)
RESPONSE_MODELS: tuple[type[BaseModel], ...] = (
    Report,
    CheckResult,
    Source,
    ExtractResult,
    StoryOut,
    StoryList,
    SourceOut,
    SourceList,
    Health,
    ErrorBody,
)
_PREFIX = "#/components/schemas/"
REPORT_HEADERS = {
    "ETag": {"description": "The report's entity tag: send it back in If-None-Match.", "schema": {"type": "string"}},
}


def contract_openapi(document: dict[str, Any]) -> dict[str, Any]:
    """litestar's document with pydantic's schemas of our models, and the ETag header documented."""
    pairs = [(m, "validation") for m in REQUEST_MODELS] + [(m, "serialization") for m in RESPONSE_MODELS]
    refs, definitions = models_json_schema(pairs, ref_template=_PREFIX + "{model}")  # type: ignore[arg-type]
    inputs = {m.__name__: refs[(m, "validation")]["$ref"] for m in REQUEST_MODELS}
    outputs = {m.__name__: refs[(m, "serialization")]["$ref"] for m in RESPONSE_MODELS}
    document = copy.deepcopy(document)
    for path, item in document.get("paths", {}).items():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            if "requestBody" in operation:
                _rewrite(operation["requestBody"], inputs)
            for status, response in operation.get("responses", {}).items():
                _rewrite(response, outputs)
                if path.endswith("/report") and status in ("200", "304"):
                    response["headers"] = REPORT_HEADERS
    document.setdefault("components", {})["schemas"] = definitions.get("$defs", {})
    return document


def _rewrite(node: Any, names: dict[str, str]) -> None:
    """Point litestar's `$ref`s (by class name) at pydantic's definitions of the same models."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_PREFIX):
            name = ref.removeprefix(_PREFIX)
            node["$ref"] = names.get(name, ref)
        for value in node.values():
            _rewrite(value, names)
    elif isinstance(node, list):
        for value in node:
            _rewrite(value, names)


class _Contract:
    """Render the document with the contract's schemas (computed once)."""

    _rendered: dict[str, Any] | None = None

    def contract(self, document: dict[str, Any]) -> dict[str, Any]:
        if self._rendered is None:
            self._rendered = contract_openapi(document)
        return self._rendered


class ContractJson(_Contract, JsonRenderPlugin):
    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, self.contract(openapi_schema))


class ContractSwagger(_Contract, SwaggerRenderPlugin):
    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, self.contract(openapi_schema))


def openapi_document(app: Litestar) -> dict[str, Any]:
    """The document the app serves at /schema/openapi.json, without serving it (no database needed)."""
    return contract_openapi(app.openapi_schema.to_schema())
