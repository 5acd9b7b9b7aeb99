"""The resolver every applet function is built on, and the Lambda entry point around it.

A request passes, in order: the Lambda decorators (logger with tenant and correlation ids, tracer,
metrics) → the resolver's validation of path, query and body against the route's pydantic types →
the route's middlewares (caller from the verified token, then the permission check, then the
``Idempotency-Key`` replay for POSTs) → the route. Domain errors become problem details here.
"""

from __future__ import annotations

import base64
import json
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from ledgerlet.api.caller import Caller, caller_from_event
from ledgerlet.api.problems import PROBLEM_JSON, problem_body
from ledgerlet.errors import BadRequest, FieldError, NotFound, Problem, Unprocessable, field_errors_from_pydantic

logger = Logger(service="ledgerlet")
metrics = Metrics(namespace="Ledgerlet", service="ledgerlet")

# Reads publish no business metrics; Powertools would warn on every one of them.
warnings.filterwarnings("ignore", message="No application metrics to publish")

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


@dataclass
class _Request:
    """What belongs to the request being resolved, and to nothing after it."""

    event: Any
    lambda_context: Any
    context: dict[str, Any] = field(default_factory=dict)


_current: ContextVar[_Request | None] = ContextVar("ledgerlet_request", default=None)


class RequestScopedResolver(APIGatewayRestResolver):
    """Powertools' REST resolver with the current event, Lambda context and route context kept in the
    request being resolved.

    Powertools stores the current event and Lambda context on its ``BaseRouter`` class, one slot per
    process: two requests resolved at once in one process (threads) would read each other's. Here
    they live in a context variable set for the duration of :meth:`resolve`.
    """

    def resolve(self, event: Any, context: Any) -> dict[str, Any]:
        token = _current.set(_Request(self._to_proxy_event(event), context))
        try:
            return super().resolve(event, context)
        finally:
            _current.reset(token)

    @staticmethod
    def _request() -> _Request:
        request = _current.get()
        if request is None:
            raise RuntimeError("no request is being resolved")
        return request

    @property
    def current_event(self) -> Any:
        return self._request().event

    @current_event.setter
    def current_event(self, value: Any) -> None:
        self._request().event = value

    @property
    def lambda_context(self) -> Any:
        return self._request().lambda_context

    @lambda_context.setter
    def lambda_context(self, value: Any) -> None:
        self._request().lambda_context = value

    @property
    def context(self) -> dict[str, Any]:
        request = _current.get()
        return request.context if request is not None else self.__dict__.setdefault("_idle_context", {})

    @context.setter
    def context(self, value: dict[str, Any]) -> None:
        request = _current.get()
        if request is None:
            self.__dict__["_idle_context"] = value
        else:
            request.context = value


def new_resolver() -> APIGatewayRestResolver:
    app = RequestScopedResolver(enable_validation=True)

    @app.exception_handler(Problem)
    def render_problem(problem: Problem) -> Response:
        return _problem_response(app, problem)

    @app.exception_handler(RequestValidationError)
    def render_invalid(error: RequestValidationError) -> Response:
        fields = field_errors_from_pydantic(error.errors())
        detail = "; ".join(f"{f.field}: {f.message}" for f in fields[:5]) or "invalid request"
        return _problem_response(app, Unprocessable(detail, fields))

    @app.not_found
    def unknown_route(_: Exception) -> Response:
        return _problem_response(
            app, NotFound(f"no route for {app.current_event.http_method} {app.current_event.path}")
        )

    return app


def _problem_response(app: APIGatewayRestResolver, problem: Problem) -> Response:
    if problem.status >= 500:
        logger.error("server problem", extra={"detail": problem.detail})
    return Response(problem.status, PROBLEM_JSON, problem_body(problem, app.current_event.path))


def lambda_handler(app: APIGatewayRestResolver) -> Handler:
    """Wrap a resolver in Powertools' logger, tracer and metrics as the function's entry point.

    The tracer (and with it the X-Ray SDK, ~80 ms of imports) is set up on the first invocation.
    """
    traced: list[Handler] = []

    @logger.inject_lambda_context(clear_state=True)
    @metrics.log_metrics(raise_on_empty_metrics=False)
    def resolve(event: dict[str, Any], context: Any) -> dict[str, Any]:
        # Log keys of this request only (tenant and user are added once the caller is known)
        logger.thread_safe_append_keys(correlation_id=(event.get("requestContext") or {}).get("requestId"))
        try:
            unreadable = unreadable_body(event)
            if unreadable is not None:
                return {
                    "statusCode": unreadable.status,
                    "headers": {"Content-Type": PROBLEM_JSON},
                    "body": problem_body(unreadable, event.get("path")),
                    "isBase64Encoded": False,
                }
            return app.resolve(event, context)
        finally:
            logger.thread_safe_clear_keys()

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        if not traced:
            from aws_lambda_powertools import Tracer

            traced.append(Tracer(service="ledgerlet").capture_lambda_handler(resolve, capture_response=False))
        return traced[0](event, context)

    handler.app = app  # type: ignore[attr-defined]  # the local runtime and tests read the routes
    return handler


def route_handler(*registrations: Callable[[APIGatewayRestResolver], None]) -> Handler:
    """A function's entry point serving the routes that ``registrations`` declare."""
    app = new_resolver()
    for register in registrations:
        register(app)
    return lambda_handler(app)


CSV_ROUTES: set[str] = set()
"""Resource paths whose route reads a ``text/csv`` body itself (added by the route's registration)."""


def unreadable_body(event: dict[str, Any]) -> Problem | None:
    """A body the resolver cannot read as JSON (or as CSV, on a route in ``CSV_ROUTES``): another media
    type (415) or bytes that are not UTF-8 (400)."""
    body = event.get("body")
    if not body:
        return None
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    media_type = headers.get("content-type", "application/json").split(";")[0].strip().lower()
    csv_route = media_type == "text/csv" and (event.get("resource") in CSV_ROUTES or event.get("path") in CSV_ROUTES)
    if media_type != "application/json" and not media_type.endswith("+json") and not csv_route:
        return Problem(
            f"send JSON (Content-Type: application/json), not {media_type}", [], 415, "Unsupported media type"
        )
    try:
        raw = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode("utf-8", "surrogatepass")
        raw.decode("utf-8")
    except (ValueError, UnicodeError):
        return BadRequest("the body is not UTF-8 encoded JSON", [FieldError("body", "not UTF-8", "body.json")])
    return None


def caller(app: APIGatewayRestResolver) -> Caller:
    """The verified caller of the current request (set by :func:`authorize`)."""
    found = app.context.get("caller")
    if found is None:
        found = caller_from_event(app.current_event.raw_event)
    return found


def authorize(applet: str, action: str) -> Callable[[APIGatewayRestResolver, NextMiddleware], Response]:
    """Route middleware: the caller must hold ``applet:action`` and the applet must be switched on."""

    def check(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
        from ledgerlet.access import load_access
        from ledgerlet.hub.aws import tenant_dynamodb

        who = caller_from_event(app.current_event.raw_event)
        logger.thread_safe_append_keys(tenant_id=who.tenant_id, user_id=who.user_id)
        access = load_access(tenant_dynamodb(who.tenant_id), who.tenant_id, who.user_id)
        access.check(applet, action)
        # Audit entries name the user by the token's immutable subject, with the e-mail the control plane
        # holds for it: a user can change the e-mail attribute their own tokens carry.
        app.append_context(caller=replace(who, email=access.user_email or who.email))
        return next_middleware(app)

    return check


def json_response(status: int, payload: Any) -> Response:
    return Response(status, "application/json", json.dumps(payload, default=str))
