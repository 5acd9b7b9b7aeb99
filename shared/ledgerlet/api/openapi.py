"""One OpenAPI document for every function: applet routes as declared, control-plane routes from
their operation list. Built from the same pydantic models that validate the requests."""

import inspect
import json
from functools import cache
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import BaseModel, Field

from ledgerlet.api.problems import ERROR_RESPONSES, answers


class FieldProblem(BaseModel):
    field: str = Field(description="Where the problem is, e.g. `body.billing_address.state`.")
    code: str = Field(
        description="Stable error code, e.g. `format.tin`, `number.invalid`, `required`; `rule` for a business "
        "rule whose `message` is the reason. Translate from the code and `params`; show `message` otherwise."
    )
    params: dict[str, Any] = Field(default_factory=dict, description="What the code's message names, e.g. `example`.")
    message: str = Field(description="The message in English, e.g. `A TIN looks like C2584563200 or IG12345678901.`")


class ProblemDetails(BaseModel):
    """An error answer (RFC 9457)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str | None = Field(
        default=None,
        description="What the whole problem is, when it has a code of its own, e.g. `forbidden.permission` "
        "(its `params` name the `permission` to ask an administrator for).",
    )
    params: dict[str, Any] = Field(default_factory=dict, description="What the problem's code names.")
    instance: str | None = None
    errors: list[FieldProblem] = Field(default_factory=list)


BEARER: dict[str, list[str]] = {"bearerAuth": []}
DESCRIPTION = """Ledgerlet's API. Send the `id_token` from `POST /v1/platform/login` as
`Authorization: Bearer <id_token>`; the company (tenant) is taken from that token only.

Conventions: JSON bodies; money as decimal strings; errors as RFC 9457 problem details naming the
offending field; lists paginate with `limit` and `cursor` (`next_cursor` of the previous page);
updates carry the `version` read (a stale one answers 409); POSTs honour `Idempotency-Key`."""


def register_all(app: APIGatewayRestResolver) -> None:
    """Every domain's routes, as each domain's declaration names them."""
    from importlib import import_module

    from ledgerlet.domains import DOMAINS

    for domain in DOMAINS:
        if domain.openapi:
            module, _, function = domain.openapi.partition(":")
            getattr(import_module(module), function)(app)


def _control_plane_path(name: str) -> Any:
    """A control-plane path parameter with the constraints its handler enforces."""
    from typing import Literal

    from ledgerlet.applets import CATALOGUE
    from ledgerlet.formats import ROLE_NAME_PATTERN

    if name == "role":
        return Annotated[str, Path(pattern=ROLE_NAME_PATTERN, description="The role's name.")]
    if name == "applet_id":
        return Annotated[Literal[tuple(applet.id for applet in CATALOGUE)], Path(description="The applet.")]
    return Annotated[str, Path(max_length=128)]


def describe_operation(app: APIGatewayRestResolver, operation: Any) -> None:
    """Document a control-plane route (served by the Chalice app, never dispatched here)."""

    def route(**_: Any) -> None:  # pragma: no cover - documentation only
        raise NotImplementedError

    params = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=_control_plane_path(name))
        for name in operation.path_params
    ]
    if operation.request_model is not None:
        params.append(inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=operation.request_model))
    returns = operation.response_model if operation.response_model is not None else inspect.Signature.empty
    route.__signature__ = inspect.Signature(params, return_annotation=returns)  # type: ignore[attr-defined]
    rule = operation.path.replace("{", "<").replace("}", ">")
    app.route(
        rule,
        operation.method,
        summary=operation.summary,
        description=operation.description or None,
        tags=list(operation.tags),
        operation_id=f"platform_{operation.operation_id}",
        responses=answers(operation.response_model, operation.status)
        if operation.response_model is not None
        else ERROR_RESPONSES,
        status_code=operation.status,
        security=None if operation.public else [BEARER],
    )(route)


@cache
def document() -> str:
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

    from ledgerlet.api.app import new_resolver

    app = new_resolver()
    register_all(app)
    for route in app._static_routes + app._dynamic_routes:  # authenticated unless declared otherwise
        if route.security is None and not route.path.startswith("/v1/platform"):
            route.security = [BEARER]
    schema = json.loads(
        app.get_openapi_json_schema(
            title="Ledgerlet API",
            version="1.0.0",
            description=DESCRIPTION,
            security_schemes={"bearerAuth": HTTPBearer(bearerFormat="JWT")},
        )
    )
    problem = ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(problem.pop("$defs", {}))
    components["ProblemDetails"] = problem
    return json.dumps(schema, separators=(",", ":"))


def register_openapi(app: APIGatewayRestResolver) -> None:
    @app.get("/v1/openapi.json", include_in_schema=False)
    def openapi():  # type: ignore[no-untyped-def,unused-ignore]  # no return type: nothing to validate
        return Response(200, "application/json", document())
