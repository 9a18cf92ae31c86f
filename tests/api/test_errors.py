"""The one mapping from what went wrong to what the client is told (api/errors.py), cause by cause."""

from __future__ import annotations

import inspect

import pytest
from litestar.exceptions import MethodNotAllowedException, NotFoundException, ValidationException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from sqlalchemy.exc import OperationalError

import reconcile.errors as core
from api import store
from api.errors import ApiError, ErrorBody, describe, error_response

CORE_ERRORS = [cls for _, cls in inspect.getmembers(core, inspect.isclass) if issubclass(cls, core.InputError)]


@pytest.mark.parametrize("cls", CORE_ERRORS, ids=lambda cls: cls.code)
def test_every_input_error_of_the_core_is_a_4xx_with_its_own_code_and_field(cls: type[core.InputError]) -> None:
    problem = describe(cls("what is wrong", where="sources[1]", field="sources[1].text"))
    assert problem.status == (413 if cls is core.TooLargeError else 422)
    assert (problem.code, problem.field) == (cls.code, "sources[1].text")
    assert problem.message == "sources[1]: what is wrong"


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (store.NotFound("no story 's'"), 404, "not_found"),
        (store.AlreadyExists("story 's' already exists", field="id"), 409, "conflict"),
        (store.TooManySources("a story holds at most 3 sources"), 413, "limit.sources"),
        (ApiError(401, "auth.required", "send a key"), 401, "auth.required"),
        (NotFoundException(), 404, "not_found"),
        (MethodNotAllowedException(), 405, "method_not_allowed"),
        (RequestEntityTooLarge(), 413, "request.too_large"),
        (ValidationException(extra=[{"key": "limit", "message": "Expected `int`"}]), 400, "input.format"),
        (OperationalError("SELECT 1", {}, Exception("connection refused")), 503, "unavailable"),
        (core.ReconcileError("a bug in the core"), 500, "reconcile.error"),
    ],
)
def test_each_cause_has_its_status_and_code(error: Exception, status: int, code: str) -> None:
    problem = describe(error)
    assert (problem.status, problem.code) == (status, code)


def test_an_unexpected_error_says_nothing_of_its_insides() -> None:
    problem = describe(KeyError("/srv/secret/path.py line 12"))
    assert (problem.status, problem.code, problem.message) == (500, "internal", "internal error")
    response = error_response(problem)
    assert response.status_code == 500
    assert ErrorBody.model_validate_json(response.content).error.message == "internal error"
