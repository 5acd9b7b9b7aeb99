"""The five routes of a master-data applet, declared once for every kind.

Each applet function registers only its own action on its own resolver (``crud_handler``); the
OpenAPI function registers every action of every kind on one resolver to describe the whole API.
Route functions get explicit signatures so Powertools validates and documents them like hand-written
routes (this module must not use ``from __future__ import annotations``).
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.metrics import MetricUnit, single_metric
from pydantic import BaseModel, Field, create_model

from ledgerlet.api.app import Handler, authorize, caller, route_handler
from ledgerlet.api.idempotency import idempotent_post
from ledgerlet.api.paging import Cursor, Limit
from ledgerlet.api.problems import answers
from ledgerlet.hub.documents import DocumentStore, ListQuery
from ledgerlet.kind_service import KindService
from ledgerlet.kinds import ArchiveRequest, MasterKind

Action = Literal["create", "get", "list", "update", "archive"]
ACTIONS: tuple[Action, ...] = ("create", "get", "list", "update", "archive")
PERMISSION = {"create": "create", "get": "read", "list": "read", "update": "update", "archive": "archive"}

IdPath = Annotated[str, Path(max_length=64, description="The document's id.")]


class AuditEntry(BaseModel):
    version: int
    action: str = Field(description="`create`, `update` or `archive`.")
    at: str
    actor: str
    actor_email: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any]


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next_cursor: str | None = None


def crud_handler(kind: MasterKind, action: Action) -> Handler:
    """The Lambda handler of one applet action."""
    return route_handler(lambda app: register(app, kind, action))


def register(app: APIGatewayRestResolver, kind: MasterKind, action: Action) -> None:
    ROUTES[action](app, kind)


def _service(app: APIGatewayRestResolver, kind: MasterKind) -> KindService:
    who = caller(app)
    return KindService(kind, DocumentStore(who.tenant_id), who.actor)


def _route_options(kind: MasterKind, action: Action, summary: str, model: Any, status: int = 200) -> dict[str, Any]:
    middlewares: list[Any] = [authorize(kind.applet, kind.permissions.get(action, PERMISSION[action]))]
    if action in ("create",):
        middlewares.append(idempotent_post)
    return {
        "summary": summary,
        "tags": [kind.applet],
        "operation_id": f"{kind.path.replace('-', '_').replace('/', '_')}_{action}",
        "responses": answers(model, status),
        "middlewares": middlewares,
    }


def _signed(func: Callable[..., Any], params: list[inspect.Parameter], returns: Any) -> Callable[..., Any]:
    func.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    return func


def _kw(name: str, annotation: Any, default: Any = inspect.Parameter.empty) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)


def _base(kind: MasterKind) -> str:
    return f"/v1/{kind.path}"


def _view(kind: MasterKind, document: dict[str, Any]) -> BaseModel:
    return kind.view_model.model_validate(document)


def _create(app: APIGatewayRestResolver, kind: MasterKind) -> None:
    def create(**kwargs: Any) -> Response:
        document = _service(app, kind).create(kwargs["body"])
        with single_metric(name="DocumentsCreated", unit=MetricUnit.Count, value=1, namespace="Ledgerlet") as metric:
            metric.add_dimension(name="applet", value=kind.applet)
        location = {"Location": f"{_base(kind)}/{document['id']}"}
        return Response(201, "application/json", _view(kind, document), headers=location)

    signed = _signed(create, [_kw("body", kind.create_model)], Response[kind.view_model])  # type: ignore[name-defined]
    app.post(
        _base(kind), status_code=201, **_route_options(kind, "create", f"Create {kind.a_label}", kind.view_model, 201)
    )(signed)


def _get(app: APIGatewayRestResolver, kind: MasterKind) -> None:
    def get(**kwargs: Any) -> BaseModel:
        return _view(kind, _service(app, kind).get(kwargs["id"]))

    def history(**kwargs: Any) -> AuditPage:
        page = _service(app, kind).history(kwargs["id"], kwargs["limit"], kwargs["cursor"])
        return AuditPage.model_validate({"items": page.items, "next_cursor": page.next_cursor})

    options = _route_options(kind, "get", f"Get {kind.a_label}", kind.view_model)
    app.get(f"{_base(kind)}/<id>", **options)(_signed(get, [_kw("id", IdPath)], kind.view_model))
    options = {
        **options,
        "summary": f"The change history of {kind.a_label} (newest first)",
        "responses": answers(AuditPage),
    }
    options["operation_id"] += "_history"
    params = [_kw("id", IdPath), _kw("limit", Limit, 50), _kw("cursor", Cursor, None)]
    app.get(f"{_base(kind)}/<id>/history", **options)(_signed(history, params, AuditPage))


def _list(app: APIGatewayRestResolver, kind: MasterKind) -> None:
    page_model = create_model(
        f"{kind.view_model.__name__}Page",
        items=(list[kind.view_model], ...),  # type: ignore[name-defined]
        next_cursor=(str | None, None),
    )

    named = "name" in kind.create_model.model_fields

    def list_documents(**kwargs: Any) -> BaseModel:
        sort: str = kwargs["sort"]
        query = ListQuery(
            order="name" if sort.lstrip("-") == "name" and named else "code",  # a nameless kind: by code
            descending=sort.startswith("-"),
            limit=kwargs["limit"],
            cursor=kwargs["cursor"],
            status=kwargs["status"],
            search=kwargs["q"],
            equals={name: kwargs[name] for name in kind.filters if kwargs.get(name) is not None},
        )
        page = _service(app, kind).list(query)
        return page_model.model_validate({"items": page.items, "next_cursor": page.next_cursor})

    params = [
        _kw("limit", Limit, 50),
        _kw("cursor", Cursor, None),
        _kw("sort", Annotated[Literal["code", "-code", "name", "-name"], Query(description="Order.")], "code"),
        _kw("status", Annotated[Literal["active", "archived", "all"], Query()], "active"),
        _kw(
            "q",
            Annotated[str | None, Query(max_length=100, description="Text contained in code or name.")],
            None,
        ),
        *[_kw(name, Annotated[str | None, Query(max_length=100)], None) for name in kind.filters],
    ]
    options = _route_options(kind, "list", f"List {kind.path.replace('-', ' ').replace('/', ' ')}", page_model)
    app.get(_base(kind), **options)(_signed(list_documents, params, page_model))


def _update(app: APIGatewayRestResolver, kind: MasterKind) -> None:
    def update(**kwargs: Any) -> BaseModel:
        return _view(kind, _service(app, kind).update(kwargs["id"], kwargs["body"]))

    params = [_kw("id", IdPath), _kw("body", kind.update_model)]
    options = _route_options(
        kind, "update", f"Update {kind.a_label} (fields sent are changed; null clears)", kind.view_model
    )
    app.patch(f"{_base(kind)}/<id>", **options)(_signed(update, params, kind.view_model))


def _archive(app: APIGatewayRestResolver, kind: MasterKind) -> None:
    def archive(**kwargs: Any) -> BaseModel:
        body: ArchiveRequest | None = kwargs["body"]
        return _view(kind, _service(app, kind).archive(kwargs["id"], body.version if body else None))

    params = [_kw("id", IdPath), _kw("body", ArchiveRequest | None, None)]
    options = _route_options(kind, "archive", f"Archive {kind.a_label}", kind.view_model)
    app.post(f"{_base(kind)}/<id>/archive", **options)(_signed(archive, params, kind.view_model))


ROUTES: dict[Action, Callable[[APIGatewayRestResolver, MasterKind], None]] = {
    "create": _create,
    "get": _get,
    "list": _list,
    "update": _update,
    "archive": _archive,
}
