"""RFC 9457 problem details: the one rendering of every client error."""

from __future__ import annotations

import json
from typing import Any

from ledgerlet.errors import Problem

PROBLEM_JSON = "application/problem+json"


def problem_body(problem: Problem, instance: str | None = None) -> str:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "errors": [
            {"field": e.field, "code": e.code, "params": e.params, "message": e.message} for e in problem.errors
        ],
    }
    if problem.code:
        body["code"] = problem.code
        body["params"] = problem.params
    if instance:
        body["instance"] = instance
    return json.dumps(body)


ERROR_RESPONSES: dict[int, Any] = {
    status: {
        "description": title,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}},
    }
    for status, title in (
        (400, "Bad request"),
        (401, "Missing or invalid token"),
        (403, "Not permitted, or the applet is switched off"),
        (404, "No such document for this tenant"),
        (409, "Conflict: stale version, duplicate code or idempotency key in use"),
        (422, "A field is invalid"),
    )
}


def answers(model: Any, status: int = 200, description: str = "Success") -> dict[int, Any]:
    """A route's documented responses: its success (Powertools drops its own once ``responses`` is
    given) and the problem details every route may answer."""
    return {status: {"description": description, "content": {"application/json": {"model": model}}}, **ERROR_RESPONSES}
