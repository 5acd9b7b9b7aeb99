"""Small helpers shared by the control-plane services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import PynamoDBException

from ledgerlet.errors import Problem


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_iso() -> str:
    return iso(now())


def older_than(timestamp: str, age: timedelta) -> bool:
    moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return now() - moment > age


def error_code(exc: BaseException) -> str:
    """The AWS error code of a botocore ``ClientError`` or a PynamoDB exception (``""`` if none)."""
    if isinstance(exc, PynamoDBException):
        return exc.cause_response_code or ""
    response: Any = getattr(exc, "response", None)
    if isinstance(response, dict):
        return str(response.get("Error", {}).get("Code", ""))
    return ""


def is_condition_failure(exc: BaseException) -> bool:
    return error_code(exc) in ("ConditionalCheckFailedException", "TransactionCanceledException")


def cancellation_codes(exc: BaseException) -> list[str]:
    """Per-item reasons of a cancelled transaction (``"None"`` for items that were fine)."""
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return [(reason.code if reason else "None") or "None" for reason in reasons]


class ServiceUnavailable(Problem):
    def __init__(self, detail: str) -> None:
        super().__init__(detail, [], 503, "Service unavailable")
