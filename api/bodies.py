"""Request bodies: bytes to checked documents, through the core's own validation.

Every body is read here before litestar sees it (a `before_request` hook), so whatever is wrong with
it becomes one of the core's errors (`reconcile.errors`) or an `ApiError`, naming the field at fault:
bytes that are not UTF-8, text that is not JSON, lone surrogates and NUL characters anywhere, unknown
fields, wrong types, sources with no text, texts over the length limit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from reconcile.errors import BinarySourceError, EncodingError, ReconcileError, SourceFormatError
from reconcile.ingest import check_text, html_to_text
from reconcile.settings import Settings
from reconcile.story import lone_surrogate, parse_source, validation_message
from reconcile.types import Source, StoryInfo

from .errors import ApiError
from .models import id_problem
from .store import NewSource


@dataclass(frozen=True)
class Limits:
    max_sources: int
    settings: Settings


def decode(raw: bytes) -> Any:
    """The JSON value of a request body, or a 400 that says why there is none."""
    if not raw.strip():
        raise ApiError(400, "input.json", "the request has no body: send a JSON document")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ApiError(
            400, "input.encoding", f"the body is not UTF-8 (byte {e.start}: {raw[e.start : e.start + 1]!r})"
        ) from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise ApiError(
            400, "input.json", f"the body is not JSON: {e.msg} at line {e.lineno} column {e.colno}"
        ) from None
    except (ValueError, RecursionError) as e:  # NaN, a 5000-digit number, nesting deeper than the parser goes
        raise ApiError(400, "input.json", f"the body is not JSON we accept: {str(e) or type(e).__name__}") from None
    _check_strings(value)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _check_strings(value: Any) -> None:
    """No string anywhere in the body may hold a lone surrogate ("\\ud800") or a NUL: no text holds them."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                _check_string(key, path or "(keys)")
                stack.append((_join(path, key), inner))
        elif isinstance(item, list):
            stack.extend((_join(path, f"[{i}]"), inner) for i, inner in enumerate(item))
        elif isinstance(item, str):
            _check_string(item, path)


def _check_string(value: str, path: str) -> None:
    field = path or None
    where = path or "body"
    if "\x00" in value:
        raise BinarySourceError(
            f"a NUL character at {value.index(chr(0))}, which no text holds", where=where, field=field
        )
    at = lone_surrogate(value)
    if at is not None:
        raise EncodingError(f"not valid Unicode (a lone surrogate at character {at})", where=where, field=field)


def _join(path: str, key: str) -> str:
    if key.startswith("["):
        return f"{path}{key}"
    return f"{path}.{key}" if path else key


def _prefixed(error: ReconcileError, prefix: str, default_field: str | None = None) -> ReconcileError:
    """The error with its field given from the body's root ("sources[2].outlet")."""
    error.field = _join(prefix, error.field or default_field or "") if prefix else error.field or default_field
    if error.field == "":
        error.field = None
    return error


def _model(model: type[BaseModel], data: Any, prefix: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        message, field = validation_message(e)
        where = prefix or None
        raise SourceFormatError(message, where=where, field=_join(prefix, field or "") or None) from e


def check_id(value: str | None, field: str) -> None:
    if value is not None and (problem := id_problem(value)):
        raise SourceFormatError(f"{field}: {problem}", field=field)


def source(data: Any, prefix: str, limits: Limits, *, stored: bool = False) -> tuple[Source, NewSource]:
    """A source as the core reads it, and as the store keeps it (the object as sent, its exact text).

    A source to store needs an id that can name it in a URL path (`/v1/stories/{story}/sources/{id}`).
    """
    try:
        parsed = parse_source(data, prefix)
    except ReconcileError as e:
        raise _prefixed(e, prefix) from e
    text = parsed.text if parsed.text is not None else html_to_text(parsed.html or "")
    try:
        check_text(text, prefix, limits.settings)
    except ReconcileError as e:
        raise _prefixed(e, prefix, "text" if parsed.text is not None else "html") from e
    if stored:
        check_id(parsed.id, _join(prefix, "id"))
    return parsed, NewSource(parsed.id, data, text, parsed.outlet)


def sources(data: Any, prefix: str, limits: Limits, *, stored: bool = False) -> list[tuple[Source, NewSource]]:
    items = data if isinstance(data, list) else [data]
    if not items:
        raise SourceFormatError("no sources: send a source object or a non-empty list of them", field=prefix or None)
    if len(items) > limits.max_sources:
        raise ApiError(
            413, "limit.sources", f"{len(items)} sources: at most {limits.max_sources} are taken at once", field=prefix
        )
    found: list[tuple[Source, NewSource]] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        path = _join(prefix, f"[{index}]") if isinstance(data, list) else prefix
        parsed, new = source(item, path, limits, stored=stored)
        if parsed.id is not None:
            if parsed.id in seen:
                raise SourceFormatError(f"source id {parsed.id!r} is given twice", field=_join(path, "id"))
            seen.add(parsed.id)
        found.append((parsed, new))
    return found


def story(data: Any) -> StoryInfo:
    info: StoryInfo = _model(StoryInfo, data, "")
    check_id(info.id, "id")
    return info


def reconcile_request(data: Any, limits: Limits) -> tuple[StoryInfo, list[Source]]:
    if not isinstance(data, dict):
        raise SourceFormatError(f"the body must be a JSON object, not {_json_type(data)}")
    for key in data:
        if key not in ("story", "sources"):
            raise SourceFormatError(f"{key}: unknown field (the body has `story` and `sources`)", field=key)
    info = _model(StoryInfo, data["story"], "story") if "story" in data else StoryInfo(id="story")
    if not isinstance(data.get("sources"), list):
        raise SourceFormatError("sources: a list of source objects is required", field="sources")
    found = sources(data["sources"], "sources", limits)
    return info, [parsed for parsed, _ in found]


def _json_type(value: Any) -> str:
    names: dict[type, str] = {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
