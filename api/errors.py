"""Every error the API answers, in one body shape, mapped from its cause in one place (`describe`).

    {"error": {"code": "input.format", "message": "outlet: Field required", "field": "outlet"}}

| cause | status | code |
|---|---|---|
| body not JSON / not UTF-8 / empty | 400 | input.json, input.encoding |
| a query parameter of the wrong type | 400 | input.format |
| no key, unknown or revoked key | 401 | auth.required, auth.invalid |
| a read-only key on a write | 403 | auth.read_only |
| no such story or source (or another newsroom's) | 404 | not_found |
| no such method on the path | 405 | method_not_allowed |
| a story or source id already used | 409 | conflict |
| a body, a story or a text over its limit | 413 | request.too_large, limit.sources, input.too_large |
| the core's input errors (`reconcile.errors`): wrong fields, bad date, empty text... | 422 | the core's code |
| anything else | 500 | internal (the traceback goes to the log, never to the client) |
| the database does not answer | 503 | unavailable |
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import OperationalError

from reconcile.errors import InputError, ReconcileError, TooLargeError

from . import store

logger = logging.getLogger("api")


class ErrorDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable and dotted: `input.format`, `auth.required`, `not_found`...")
    message: str = Field(description="One sentence for a person.")
    field: str | None = Field(default=None, description="The input field at fault, where one is.")


class ErrorBody(BaseModel):
    """The body of every 4xx and 5xx answer."""

    model_config = ConfigDict(frozen=True)

    error: ErrorDetail


class ApiError(Exception):
    """An error of the request itself (not of the core's input), with its status and code."""

    def __init__(
        self, status: int, code: str, message: str, *, field: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers or {}


def unauthorized(code: str, message: str) -> ApiError:
    return ApiError(401, code, message, headers={"WWW-Authenticate": 'Bearer realm="reconcile"'})


@dataclasses.dataclass(frozen=True)
class Problem:
    status: int
    code: str
    message: str
    field: str | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)


_HTTP_CODES = {
    400: "request.invalid",
    401: "auth.required",
    403: "auth.forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request.too_large",
}
_STORE_ERRORS: tuple[tuple[type[store.StoreError], int, str], ...] = (
    (store.NotFound, 404, "not_found"),
    (store.AlreadyExists, 409, "conflict"),
    (store.TooManySources, 413, "limit.sources"),
)


def describe(exc: Exception) -> Problem:
    """The one mapping from whatever went wrong to what the client is told."""
    if isinstance(exc, ApiError):
        return Problem(exc.status, exc.code, exc.message, exc.field, exc.headers)
    if isinstance(exc, ReconcileError):
        status = 413 if isinstance(exc, TooLargeError) else 422 if isinstance(exc, InputError) else 500
        return Problem(status, exc.code, str(exc), exc.field)
    for kind, status, code in _STORE_ERRORS:
        if isinstance(exc, kind):
            return Problem(status, code, exc.message, exc.field)
    if isinstance(exc, ValidationException):  # litestar's: a query or path parameter of the wrong type
        extra = exc.extra if isinstance(exc.extra, list) else []
        key = next((str(e["key"]) for e in extra if isinstance(e, dict) and e.get("key")), None)
        message = next((str(e["message"]) for e in extra if isinstance(e, dict) and e.get("message")), exc.detail)
        return Problem(400, "input.format", f"{key}: {message}" if key else message, key)
    if isinstance(exc, OperationalError):  # the database is down, unreachable or out of connections
        return Problem(503, "unavailable", "the database does not answer; try again later", None, {"Retry-After": "5"})
    if isinstance(exc, HTTPException):
        status = exc.status_code
        if status == 413:
            return Problem(413, "request.too_large", "the request body is over the size limit", None, exc.headers or {})
        code = _HTTP_CODES.get(status, "internal" if status >= 500 else f"http.{status}")
        message = exc.detail if status < 500 else "internal error"
        return Problem(status, code, message, None, exc.headers or {})
    return Problem(500, "internal", "internal error")


def error_response(problem: Problem) -> Response[bytes]:
    body = ErrorBody(error=ErrorDetail(code=problem.code, message=problem.message, field=problem.field))
    return Response(
        content=body.model_dump_json().encode("utf-8"),
        status_code=problem.status,
        media_type="application/json",
        headers=problem.headers,
    )


def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """litestar's exception handler for every exception."""
    problem = describe(exc)
    if problem.status >= 500:
        logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(problem)


EXCEPTION_HANDLERS = {Exception: handle}


def responses(*statuses: int) -> dict[int, ResponseSpec]:
    """The error answers an operation documents: these, and 400 (a malformed parameter), 500 and 503 (no
    database), which any may give."""
    descriptions = {
        400: "The body is not JSON, or a parameter has the wrong type.",
        401: "No key, or an unknown or revoked one.",
        403: "A read-only key on an operation that writes.",
        404: "No such story or source in the caller's newsroom.",
        405: "No such method on this path.",
        409: "The id is already used.",
        413: "The body, a text or the number of sources is over its limit.",
        422: "The body is JSON but not a valid document (the field says where).",
        500: "An internal error (reported in the server's log).",
        503: "The database does not answer.",
    }
    return {
        status: ResponseSpec(ErrorBody, description=descriptions[status], generate_examples=False)
        for status in sorted({400, *statuses, 500, 503})
    }
