"""Access to one tenant's part of the hub table: the client, transactions and resumable queries."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ledgerlet.errors import BadRequest, FieldError
from ledgerlet.hub import keys
from ledgerlet.hub.aws import tenant_dynamodb
from ledgerlet.hub.codec import from_item
from ledgerlet.settings import settings

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

CONTENDED = -1


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None = None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TenantTable:
    """The hub as one tenant sees it, through tenant-scoped credentials."""

    def __init__(self, tenant_id: str, db: DynamoDBClient | None = None) -> None:
        self.tenant_id = tenant_id
        self.table = settings().hub_table
        self._db = db

    @property
    def db(self) -> DynamoDBClient:
        if self._db is None:
            self._db = tenant_dynamodb(self.tenant_id)
        return self._db

    def collect(self, request: dict[str, Any], limit: int, start: dict[str, Any] | None) -> Page:
        """Query page after page until ``limit`` items pass the filter; the cursor resumes exactly. An
        index keeps only the keys and the attributes lists filter on (keys.LISTED_ATTRIBUTES), so the
        items an index query finds are read whole from the table."""
        items: list[dict[str, Any]] = []
        while True:
            if start:
                request["ExclusiveStartKey"] = start
            request["Limit"] = max(limit - len(items), 1) if "FilterExpression" not in request else 100
            answer = self.db.query(**request)
            page = answer.get("Items", [])
            for position, item in enumerate(page):
                items.append(item)
                if len(items) == limit:
                    more = position < len(page) - 1 or "LastEvaluatedKey" in answer
                    cursor = self.encode_cursor(item, request.get("IndexName")) if more else None
                    return Page(self._whole(items, request), cursor)
            start = answer.get("LastEvaluatedKey")
            if not start:
                return Page(self._whole(items, request), None)

    def whole_items(self, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The table's items (wire format) for index entries, in their order; one deleted meanwhile is left
        out. Eventually consistent, as the index they were found in."""
        whole = {
            (item["PK"]["S"], item["SK"]["S"]): item
            for item in self.batch_get([{"PK": entry["PK"], "SK": entry["SK"]} for entry in found])
        }
        return [whole[key] for key in ((e["PK"]["S"], e["SK"]["S"]) for e in found) if key in whole]

    def batch_get(self, wanted: list[dict[str, Any]], *, consistent: bool = False) -> list[dict[str, Any]]:
        """The items (wire format) of these distinct keys that exist, in no particular order: a hundred keys
        a request, the unprocessed ones asked again."""
        items: list[dict[str, Any]] = []
        for first in range(0, len(wanted), 100):
            request: Any = {self.table: {"Keys": wanted[first : first + 100], "ConsistentRead": consistent}}
            while request:
                answer = self.db.batch_get_item(RequestItems=request)
                items += answer["Responses"].get(self.table, [])
                request = answer.get("UnprocessedKeys") or None
        return items

    def _whole(self, items: list[dict[str, Any]], request: dict[str, Any]) -> list[dict[str, Any]]:
        if "IndexName" in request:
            items = self.whole_items(items)
        return [public(from_item(i)) for i in items]

    def encode_cursor(self, item: dict[str, Any], index: str | None) -> str:
        names = ["PK", "SK"] + ([f"{index}PK", f"{index}SK"] if index else [])
        last = {name: item[name] for name in names}
        return base64.urlsafe_b64encode(json.dumps(last, separators=(",", ":")).encode()).decode()

    def decode_cursor(self, cursor: str | None) -> dict[str, Any] | None:
        if not cursor:
            return None
        try:
            decoded = json.loads(base64.urlsafe_b64decode(cursor.encode()))
            plain = {name: value["S"] for name, value in decoded.items()}
        except (ValueError, TypeError, KeyError, AttributeError, binascii.Error, UnicodeError):
            raise BadRequest(
                "cursor is not one this API issued", [FieldError("query.cursor", "invalid", "cursor.invalid")]
            ) from None
        if not keys.belongs_to(self.tenant_id, plain):
            raise BadRequest(
                "cursor is not one this API issued", [FieldError("query.cursor", "invalid", "cursor.invalid")]
            )
        return {name: {"S": value} for name, value in plain.items()}

    def transact(self, operations: list[dict[str, Any]]) -> set[int]:
        """Run one transaction; the positions of the operations whose condition failed (empty: committed).

        ``CONTENDED`` stands for a clash with another transaction in flight (DynamoDB's
        TransactionConflict), which a retry can get past.
        """
        from botocore.exceptions import ClientError

        try:
            self.db.transact_write_items(TransactItems=operations)  # type: ignore[arg-type,unused-ignore]
            return set()
        except ClientError as error:
            if error.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = error.response.get("CancellationReasons", [])
            failed = {n for n, reason in enumerate(reasons) if reason.get("Code") == "ConditionalCheckFailed"}
            return failed or {CONTENDED}


def public(document: dict[str, Any]) -> dict[str, Any]:
    """A stored item without the hub's key bookkeeping."""
    hidden = {*keys.KEY_ATTRIBUTES, "entity", "search"}
    return {k: v for k, v in document.items() if k not in hidden}
