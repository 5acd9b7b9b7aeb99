"""Domain errors. The API layer renders each as RFC 9457 problem details; nothing else maps them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One wrong field: where, what a person reads, and the stable code (with params) it comes from.

    Codes are those of ``ledgerlet.field_errors.MESSAGES`` (the console translates them); a rule
    without a code of its own answers ``rule``, its message being the reason."""

    field: str  # e.g. "body.address.state"
    message: str
    code: str = "rule"
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code == "rule" and not self.params:
            object.__setattr__(self, "params", {"reason": self.message})


@dataclass
class Problem(Exception):
    """A client-facing failure with an HTTP status. Subclasses fix status and title.

    ``code`` and ``params``: what the whole problem is, for the console to say in the user's language
    (``ledgerlet.field_errors.PROBLEMS``); field problems carry their own."""

    detail: str
    errors: list[FieldError] = field(default_factory=list)
    status: int = 400
    title: str = "Bad request"
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.detail


class BadRequest(Problem):
    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 400, "Bad request")


class Unauthorized(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 401, "Unauthorized")


class Forbidden(Problem):
    def __init__(self, detail: str, code: str | None = None, **params: Any) -> None:
        super().__init__(detail, [], 403, "Forbidden", code, params)


def not_permitted(applet: str, action: str) -> Forbidden:
    """The user's roles do not grant ``applet:action`` (the console names the permission to ask for)."""
    permission = f"{applet}:{action}"
    return Forbidden(f"your roles do not grant {permission}", "forbidden.permission", permission=permission)


def applet_off(applet: str) -> Forbidden:
    return Forbidden(f"the {applet} applet is not switched on for this company", "forbidden.applet_off", applet=applet)


def user_disabled() -> Forbidden:
    return Forbidden("this user is disabled", "forbidden.user_disabled")


def no_access() -> Forbidden:
    return Forbidden("this user has no access to this company", "forbidden.no_access")


class NotFound(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 404, "Not found")


class Conflict(Problem):
    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 409, "Conflict")


class Unprocessable(Problem):
    def __init__(self, detail: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(detail, errors or [], 422, "Unprocessable content")


def invalid_fields(errors: list[FieldError], *, named: int | None = None) -> Unprocessable:
    """Several fields wrong at once: the detail names the first ``named`` of them (all when None)."""
    return Unprocessable("; ".join(f"{e.field}: {e.message}" for e in errors[:named]), errors)


def invalid_field(field_path: str, message: str, code: str = "rule", **params: Any) -> Unprocessable:
    """The usual business-rule failure: one named field is wrong (``code`` and ``params``: see FieldError)."""
    return Unprocessable(f"{field_path}: {message}", [FieldError(field_path, message, code, params)])


def field_errors_from_pydantic(errors: Any, prefix: str = "") -> list[FieldError]:
    """Pydantic validation errors (``error.errors()``) as named fields, e.g. ``body.address.state``,
    each with its code and a plain message (``ledgerlet.field_errors``)."""
    from ledgerlet.field_errors import describe_all, message

    return [
        FieldError(name, message(code, params), code, params) for name, code, params in describe_all(errors, prefix)
    ]
