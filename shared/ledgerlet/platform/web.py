"""Chalice glue: routes registered from :data:`.operations.OPERATIONS`, bodies validated with pydantic,
callers taken from the verified token, and every failure answered as RFC 9457 problem details.

API Gateway sends most requests through the greedy ``/v1/platform/{proxy+}`` resource; Chalice routes
by ``requestContext.resourcePath``, so :class:`PlatformChalice` first maps the actual path to its route.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from chalice import Chalice, Response
from pydantic import BaseModel, ValidationError

from ledgerlet.api.problems import PROBLEM_JSON, problem_body
from ledgerlet.errors import (
    BadRequest,
    FieldError,
    NotFound,
    Problem,
    field_errors_from_pydantic,
    invalid_fields,
)
from ledgerlet.platform.operations import BY_OPERATION_ID, Operation

log = logging.getLogger("ledgerlet.platform")
JSON = "application/json"

View = Callable[..., Any]


class MethodNotAllowed(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 405, "Method not allowed")


class InternalError(Problem):
    def __init__(self) -> None:
        super().__init__("something went wrong on our side", [], 500, "Internal server error")


_request: ContextVar[tuple[Any, Any]] = ContextVar("platform_request", default=(None, None))


class PlatformChalice(Chalice):
    """A Chalice app that also serves requests arriving through a greedy proxy resource.

    Chalice keeps the current request and Lambda context on the app object, which every request in
    the process shares; here they live in a context variable for the duration of the call.
    """

    @property
    def current_request(self) -> Any:
        return _request.get()[0]

    @current_request.setter
    def current_request(self, value: Any) -> None:
        _request.set((value, _request.get()[1]))

    @property
    def lambda_context(self) -> Any:
        return _request.get()[1]

    @lambda_context.setter
    def lambda_context(self, value: Any) -> None:
        _request.set((_request.get()[0], value))

    def __call__(self, event: Any, context: Any) -> dict[str, Any]:
        token = _request.set((None, context))
        try:
            return self._route_and_call(event, context)
        finally:
            _request.reset(token)

    def _route_and_call(self, event: Any, context: Any) -> dict[str, Any]:
        request_context = dict(event.get("requestContext") or {})
        resource = request_context.get("resourcePath")
        method = str(request_context.get("httpMethod") or event.get("httpMethod") or "GET").upper()
        path = str(event.get("path") or "")
        if resource not in self.routes:
            found = self._match(path, request_context)
            if found is None:
                return problem_dict(NotFound(f"no route for {method} {path}"), path)
            resource, params = found
            request_context.update(resourcePath=resource, httpMethod=method)
            event = {**event, "resource": resource, "pathParameters": params or None, "requestContext": request_context}
        if method not in self.routes[resource]:
            return problem_dict(
                MethodNotAllowed(f"{method} is not supported on {path or resource}"),
                path,
                {"Allow": ", ".join(sorted(self.routes[resource]))},
            )
        return super().__call__(event, context)

    def _match(self, path: str, request_context: dict[str, Any]) -> tuple[str, dict[str, str]] | None:
        candidates = [path]
        stage = request_context.get("stage")
        if stage and path.startswith(f"/{stage}/"):
            candidates.append(path[len(stage) + 1 :])
        patterns = sorted(self.routes, key=lambda route: (route.count("{"), -len(route)))
        for candidate in candidates:
            clean = "/" + candidate.strip("/")
            for route in patterns:
                match = _pattern(route).fullmatch(clean)
                if match:
                    return route, match.groupdict()
        return None


def _pattern(route: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\{(\w+)\\}", r"(?P<\1>[^/]+)", re.escape(route)))


def problem_dict(problem: Problem, instance: str | None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """A problem as a Lambda proxy response (for answers given before Chalice routes the request)."""
    return {
        "statusCode": problem.status,
        "headers": {"Content-Type": PROBLEM_JSON, **(headers or {})},
        "body": problem_body(problem, instance or None),
        "isBase64Encoded": False,
    }


def problem_response(problem: Problem, instance: str | None) -> Response:
    return Response(
        body=problem_body(problem, instance or None), status_code=problem.status, headers={"Content-Type": PROBLEM_JSON}
    )


def parse_body(raw: bytes | None, model: type[BaseModel]) -> BaseModel:
    """400 for malformed JSON, 422 naming each offending field (``body.<field>``) for invalid content."""
    try:
        data = json.loads(raw) if raw else {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("the body is not valid JSON", [FieldError("body", str(exc), "body.json")]) from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields = field_errors_from_pydantic(exc.errors(include_input=False), prefix="body")
        raise invalid_fields(fields, named=5) from exc


def claims_of(request: Any) -> dict[str, Any]:
    context = getattr(request, "context", None) or {}
    return dict((context.get("authorizer") or {}).get("claims") or {})


def endpoint(app: Chalice, operation_id: str) -> Callable[[View], View]:
    """Register ``view`` as the Chalice route of an operation.

    The view is called with ``ctx`` (the authorized :class:`~.authz.CallerContext`, on non-public
    routes), ``body`` (the validated request model, if the operation has one) and the path
    parameters; it returns the response model, ``(status, model)``, or None (no content).
    """
    op = BY_OPERATION_ID[operation_id]

    def register(view: View) -> View:
        def route(**path_params: str) -> Response:
            request = app.current_request
            instance = (request.to_original_event() or {}).get("path") if request else None
            try:
                return _respond(op, view(**_arguments(op, request), **path_params))
            except Problem as problem:
                return problem_response(problem, instance)
            except Exception:
                log.exception("%s %s failed", op.method, op.path)
                return problem_response(InternalError(), instance)

        route.__name__ = op.operation_id
        route.__doc__ = op.summary
        app.route(op.path, methods=[op.method], content_types=[JSON, "text/plain"])(route)
        return view

    return register


def _arguments(op: Operation, request: Any) -> dict[str, Any]:
    from ledgerlet.platform.authz import caller_context, principal_from_claims

    arguments: dict[str, Any] = {}
    if not op.public:
        arguments["ctx"] = caller_context(principal_from_claims(claims_of(request)), op.permission)
    if op.request_model is not None:
        arguments["body"] = parse_body(request.raw_body, op.request_model)
    return arguments


def _respond(op: Operation, result: Any) -> Response:
    status = op.status
    if isinstance(result, tuple):
        status, result = result
    if result is None:
        return Response(body="", status_code=status if status != 200 else 204, headers={})
    payload = result.model_dump_json() if isinstance(result, BaseModel) else json.dumps(result, default=str)
    return Response(body=payload, status_code=status, headers={"Content-Type": JSON})
