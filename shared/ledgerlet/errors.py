"""Domain errors. The API layer renders each as RFC 9457 problem details; nothing else maps them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    field: str  # e.g. "body.address.state"
    message: str


@dataclass
class Problem(Exception):
    """A client-facing failure with an HTTP status. Subclasses fix status and title."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)
    status: int = 400
    title: str = "Bad request"

    def __str__(self) -> str:
        return self.detail


class BadRequest(Problem):
    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 400, "Bad request")


class Unauthorized(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 401, "Unauthorized")


class Forbidden(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 403, "Forbidden")


class NotFound(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 404, "Not found")


class Conflict(Problem):
    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 409, "Conflict")


class Unprocessable(Problem):
    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 422, "Unprocessable content")


def invalid_field(field_path: str, message: str) -> Unprocessable:
    """The usual business-rule failure: one named field is wrong."""
    return Unprocessable(f"{field_path}: {message}", [FieldError(field_path, message)])


def field_errors_from_pydantic(errors: Any, prefix: str = "") -> list[FieldError]:
    """Pydantic validation errors (``error.errors()``) as named fields, e.g. ``body.address.state``."""
    found = []
    for error in errors:
        parts = [prefix] if prefix else []
        parts += [str(part) for part in error.get("loc", ()) if part != ""]
        location = ".".join(parts) or "body"
        found.append(FieldError(location, str(error.get("msg", "invalid"))))
    return found
