"""create_app(): the litestar application. Thin handlers: read the request, call the service, answer.

GET    /health                                   is the service up, and its database
POST   /v1/stories                               create a story {id, title}
GET    /v1/stories                               the newsroom's stories (?limit=&offset=)
GET    /v1/stories/{story}                       one story
DELETE /v1/stories/{story}                       delete it, with its sources and report
POST   /v1/stories/{story}/sources               add one source, or a list of them (all or none)
GET    /v1/stories/{story}/sources               the story's sources, without their texts
GET    /v1/stories/{story}/sources/{source}      one source, as sent
DELETE /v1/stories/{story}/sources/{source}      delete it
GET    /v1/stories/{story}/report                the report (ETag; 304 when unchanged)
GET    /v1/stories/{story}/report.html           the report as a page people read
GET    /                                         the newsroom's stories, as a page
POST   /v1/check                                 a draft against a story's sources (check's json)
POST   /v1/reconcile                             sources in, report out; nothing stored
POST   /v1/extract                               one source in, its claims out
GET    /v1/schemas/report, /v1/schemas/source    the contract's JSON Schemas
GET    /schema                                   the OpenAPI document, interactive (/schema/openapi.json)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, cast
from urllib.parse import quote

import anyio.to_thread
from litestar import Litestar, Request, Response, Router, delete, get, post
from litestar.di import NamedDependency, Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Components, SecurityScheme
from litestar.params import HeaderParameter, JSONBody, PathParameter, QueryParameter
from litestar.types import BeforeRequestHookHandler
from litestar.utils.scope.state import ScopeState
from sqlalchemy import text

from reconcile.check import CheckResult
from reconcile.types import SCHEMA_VERSION, Report, Source, StoryInfo

from . import bodies
from .auth import authenticate, principal
from .config import ApiConfig
from .errors import EXCEPTION_HANDLERS, ApiError, responses
from .models import CheckRequest, ExtractResult, Health, NewSources, ReconcileRequest, SourceList, StoryList, StoryOut
from .openapi import ContractJson, ContractSwagger
from .service import Service
from .store import Principal, Store

BODY_KEY = "reconcile.body"  # where a handler's checked body waits for it in the ASGI scope
JSON = "application/json"


# --- plumbing -----------------------------------------------------------------


def body_of(parse: Callable[[Any, Service], Any]) -> BeforeRequestHookHandler:
    """A hook that reads the body and checks it through the core before the handler runs.

    Its errors are the core's (or `ApiError`), mapped like any other; litestar then builds the handler's
    `data` from the JSON decoded here, and the handler takes the checked documents from `checked()`.
    """

    async def hook(request: Request[Any, Any, Any]) -> None:
        raw = await request.body()  # over the size limit: 413 before it is all read
        service: Service = request.app.state.service

        def check() -> Any:
            value = bodies.decode(raw)
            return value, parse(value, service)

        value, checked = await anyio.to_thread.run_sync(check)
        # litestar reads `data` from the JSON we decoded (not its own decoding, which is stricter about a BOM).
        ScopeState.from_scope(request.scope).json = value
        cast(dict[str, Any], request.scope)[BODY_KEY] = checked

    return hook


def checked(request: Request[Any, Any, Any]) -> Any:
    return cast(dict[str, Any], request.scope)[BODY_KEY]


def service_of(request: Request[Any, Any, Any]) -> Service:
    return cast(Service, request.app.state.service)


def _json(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response[bytes]:
    return Response(content=body.encode("utf-8"), status_code=status, media_type=JSON, headers=headers)


Caller = NamedDependency[Principal]
StoryId = Annotated[str, PathParameter(description="The story's id, as created.", min_length=1, max_length=200)]
SourceId = Annotated[str, PathParameter(description="The source's id in its story.", min_length=1, max_length=200)]


# --- public -------------------------------------------------------------------


@get("/health", sync_to_thread=True, responses=responses(), tags=["service"])
def health(request: Request[Any, Any, Any]) -> Health:
    """Whether the service and its database answer."""
    service = service_of(request)
    try:
        with service.store.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as e:
        raise ApiError(503, "unavailable", "the database does not answer") from e
    return Health(status="ok", schema_version=SCHEMA_VERSION, database=service.store.backend)


@get("/v1/schemas/report", sync_to_thread=False, tags=["contract"])
def report_schema() -> dict[str, Any]:
    """The JSON Schema of a report (as `reconcile schema report` prints it)."""
    return Report.model_json_schema(mode="serialization")


@get("/v1/schemas/source", sync_to_thread=False, tags=["contract"])
def source_schema() -> dict[str, Any]:
    """The JSON Schema of a source (as `reconcile schema source` prints it)."""
    return Source.model_json_schema(mode="validation")


# --- stories ------------------------------------------------------------------


@post(
    "/stories",
    sync_to_thread=True,
    opt={"write": True},
    before_request=body_of(lambda data, _: bodies.story(data)),
    responses=responses(400, 401, 403, 409, 413, 422),
    tags=["stories"],
)
def create_story(request: Request[Any, Any, Any], data: JSONBody[StoryInfo], who: Caller) -> Response[StoryOut]:
    """Create a story; its id is the client's, unique in the newsroom."""
    story = service_of(request).create_story(who, checked(request))
    return Response(story, status_code=201, headers={"Location": f"/v1/stories/{quote(story.id, safe='')}"})


@get("/stories", sync_to_thread=True, responses=responses(400, 401), tags=["stories"])
def list_stories(
    request: Request[Any, Any, Any],
    who: Caller,
    limit: Annotated[int, QueryParameter(ge=1, le=1000, description="At most this many.")] = 100,
    offset: Annotated[int, QueryParameter(ge=0, description="Skip this many (oldest first).")] = 0,
) -> StoryList:
    """The newsroom's stories, oldest first."""
    service = service_of(request)
    found = service.store.stories(who.newsroom_id, limit=limit, offset=offset)
    return StoryList(stories=[service.story_out(s) for s in found])


@get("/stories/{story_id:str}", sync_to_thread=True, responses=responses(401, 404), tags=["stories"])
def get_story(request: Request[Any, Any, Any], who: Caller, story_id: StoryId) -> StoryOut:
    service = service_of(request)
    found = service.store.story(who.newsroom_id, story_id)
    if found is None:
        raise ApiError(404, "not_found", f"no story {story_id!r}")
    return service.story_out(found)


@delete(
    "/stories/{story_id:str}",
    sync_to_thread=True,
    opt={"write": True},
    responses=responses(401, 403, 404),
    tags=["stories"],
)
def delete_story(request: Request[Any, Any, Any], who: Caller, story_id: StoryId) -> None:
    """Delete the story, its sources and its report."""
    service_of(request).store.delete_story(who.newsroom_id, story_id)


# --- sources ------------------------------------------------------------------


@post(
    "/stories/{story_id:str}/sources",
    sync_to_thread=True,
    opt={"write": True},
    before_request=body_of(lambda data, service: bodies.sources(data, "", service.limits, stored=True)),
    responses=responses(400, 401, 403, 404, 409, 413, 422),
    tags=["sources"],
)
def add_sources(
    request: Request[Any, Any, Any], data: JSONBody[NewSources], who: Caller, story_id: StoryId
) -> SourceList:
    """Add one source or a list of them, stored as sent; sources without an id get `source<N>`."""
    new = [stored for _, stored in checked(request)]
    return SourceList(sources=service_of(request).add_sources(who, story_id, new))


@get("/stories/{story_id:str}/sources", sync_to_thread=True, responses=responses(401, 404), tags=["sources"])
def list_sources(request: Request[Any, Any, Any], who: Caller, story_id: StoryId) -> SourceList:
    """The story's sources in their order, without their texts."""
    service = service_of(request)
    return SourceList(sources=[service.source_out(r) for r in service.store.sources(who.newsroom_id, story_id)])


@get(
    "/stories/{story_id:str}/sources/{source_id:str}",
    sync_to_thread=True,
    responses=responses(401, 404),
    tags=["sources"],
)
def get_source(request: Request[Any, Any, Any], who: Caller, story_id: StoryId, source_id: SourceId) -> Source:
    """One source, with its exact text."""
    return service_of(request).source(who, story_id, source_id)


@delete(
    "/stories/{story_id:str}/sources/{source_id:str}",
    sync_to_thread=True,
    opt={"write": True},
    responses=responses(401, 403, 404),
    tags=["sources"],
)
def delete_source(request: Request[Any, Any, Any], who: Caller, story_id: StoryId, source_id: SourceId) -> None:
    service_of(request).store.delete_source(who.newsroom_id, story_id, source_id)


# --- reports ------------------------------------------------------------------


@get(
    "/stories/{story_id:str}/report",
    sync_to_thread=True,
    responses={
        200: ResponseSpec(Report, description="The story's report.", generate_examples=False),
        304: ResponseSpec(None, description="Not modified: the report matches If-None-Match."),
        **responses(401, 404, 413, 422),
    },
    tags=["reports"],
)
def story_report(
    request: Request[Any, Any, Any],
    who: Caller,
    story_id: StoryId,
    if_none_match: Annotated[
        str | None,
        HeaderParameter(name="If-None-Match", description="The ETag of the report you have.", required=False),
    ] = None,
) -> Response[bytes]:
    """The story's report, computed when its sources changed, else as last computed."""
    answer = service_of(request).report(who, story_id, if_none_match)
    headers = {
        "ETag": answer.etag,
        "Cache-Control": "private, no-cache",
        "X-Reconcile-Cache": "hit" if answer.cached else "miss",
    }
    if answer.body is None:
        return Response(content=b"", status_code=304, headers=headers)
    return _json(answer.body, headers=headers)


@post(
    "/reconcile",
    status_code=200,
    sync_to_thread=True,
    before_request=body_of(lambda data, service: bodies.reconcile_request(data, service.limits)),
    responses={
        200: ResponseSpec(Report, description="The sources' report.", generate_examples=False),
        **responses(400, 401, 413, 422),
    },
    tags=["reports"],
)
def reconcile_now(request: Request[Any, Any, Any], data: JSONBody[ReconcileRequest]) -> Response[bytes]:
    """Sources in, report out; nothing is stored."""
    story, sources = checked(request)
    return _json(service_of(request).reconcile(story, sources))


@post(
    "/extract",
    status_code=200,
    sync_to_thread=True,
    before_request=body_of(lambda data, service: bodies.source(data, "", service.limits)[0]),
    responses={
        200: ResponseSpec(ExtractResult, description="The source's claims.", generate_examples=False),
        **responses(400, 401, 413, 422),
    },
    tags=["reports"],
)
def extract(request: Request[Any, Any, Any], data: JSONBody[Source]) -> Response[bytes]:
    """One source in, its claims out (as `reconcile extract` gives them)."""
    return _json(service_of(request).extract(checked(request)))


HTML = "text/html; charset=utf-8"


@get(
    "/stories/{story_id:str}/report.html",
    sync_to_thread=True,
    media_type=HTML,
    responses=responses(401, 404),
    tags=["reports"],
)
def story_report_page(request: Request[Any, Any, Any], who: Caller, story_id: StoryId) -> Response[bytes]:
    """The story's report as a page people read (the same report, over its sources' texts)."""
    page = service_of(request).report_page(who, story_id)
    return Response(content=page.encode("utf-8"), media_type=HTML, headers={"Cache-Control": "private, no-cache"})


@get("/", sync_to_thread=True, media_type=HTML, responses=responses(401), tags=["reports"])
def stories_page(request: Request[Any, Any, Any], who: Caller) -> Response[bytes]:
    """The newsroom's stories, each linking to its report page."""
    return Response(content=service_of(request).stories_page(who).encode("utf-8"), media_type=HTML)


@post(
    "/check",
    status_code=200,
    sync_to_thread=True,
    responses={
        200: ResponseSpec(CheckResult, description="The check's json document.", generate_examples=False),
        **responses(400, 401, 404, 413, 422),
    },
    tags=["reports"],
)
def check(request: Request[Any, Any, Any], who: Caller, data: JSONBody[CheckRequest]) -> Response[bytes]:
    """A draft against a story's sources, as `reconcile check --format json` reports it; nothing is stored."""
    return _json(service_of(request).check(who, data, today=date.today()))  # the edge reads the clock


# --- the application ----------------------------------------------------------


def create_app(config: ApiConfig | None = None) -> Litestar:
    """The application; it opens (and migrates) its database when it starts, and closes it when it stops."""
    config = config or ApiConfig.from_env()

    def startup(app: Litestar) -> None:
        store = Store.open(config.database_url)
        app.state.store = store
        app.state.service = Service(store, config)
        app.state.open_principal = store.open_principal() if config.open else None

    def shutdown(app: Litestar) -> None:
        if getattr(app.state, "store", None) is not None:
            app.state.store.close()

    v1 = Router(
        "/v1",
        route_handlers=[
            create_story,
            list_stories,
            get_story,
            delete_story,
            add_sources,
            list_sources,
            get_source,
            delete_source,
            story_report,
            story_report_page,
            reconcile_now,
            extract,
            check,
        ],
        guards=[authenticate],
        dependencies={"who": Provide(principal, sync_to_thread=False)},
        security=[{"bearer": []}],
    )
    pages = Router(
        "/",
        route_handlers=[stories_page],
        guards=[authenticate],
        dependencies={"who": Provide(principal, sync_to_thread=False)},
        security=[{"bearer": []}],
    )
    return Litestar(
        route_handlers=[health, report_schema, source_schema, v1, pages],
        on_startup=[startup],
        on_shutdown=[shutdown],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        request_max_body_size=config.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="reconcile",
            version=SCHEMA_VERSION,
            description=(
                "Where do news outlets disagree about one story? Stories, their sources and their reports. "
                "Send `Authorization: Bearer <key>` (keys: `reconcile keys create`)."
            ),
            path="/schema",
            render_plugins=[ContractSwagger(path="/"), ContractJson(path="/openapi.json")],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(type="http", scheme="bearer", description="A newsroom's API key.")
                }
            ),
        ),
        debug=False,
    )
