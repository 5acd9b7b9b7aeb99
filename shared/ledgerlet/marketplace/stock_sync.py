"""Stock sync back to the marketplaces: when what is available of an item at a connection's warehouse
changes, the shop is told, debounced per item and paced to the platform's rate limit.

- **Marked.** The hub's events carry every change of a stock key's head (on hand, reserved, available).
  One whose ``available`` moved marks the item due for each active connection syncing that warehouse:
  one hub item per (connection, item) under ``<tenant>#MKTSTOCK#<connection>``, its ``due_at`` set by
  the first change only (``if_not_exists``) and a ``changes`` counter added to by every one. A burst of
  sales of one item is one update, at most ``DEBOUNCE_SECONDS`` after the first.
- **Flushed.** Every minute each shop's due items (at most ``BATCH`` of them) are sent: the quantity
  read then, not the one the event carried, so a late or repeated event never sends a stale figure. A
  sent item is unmarked on the condition that no change came meanwhile (else it stays due). When the
  platform throttles or fails, the item waits longer each time (``backoff``) and the shop's flush stops
  there: the platform's rate limit is never pushed."""

from __future__ import annotations

import logging
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_value

if TYPE_CHECKING:
    from ledgerlet.marketplace.connections import Connection

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 30
BATCH = 50  # updates per shop per flush (a minute): well inside the platforms' limits
MAX_BACKOFF = 3600
_connections: dict[str, tuple[float, list[Connection]]] = {}  # tenant -> (read at, its connections)
CONNECTIONS_TTL = 60.0


def partition(tenant_id: str, connection_id: str) -> str:
    return f"{keys.tenant_prefix(tenant_id)}MKTSTOCK{keys.SEP}{connection_id}"


def stock_changed(change: dict[str, Any], now: float | None = None) -> int:
    """A hub change record of a stock head: mark its item due where a connection syncs it. Answers how many
    connections it marked."""
    from ledgerlet.inventory.contract import stock_key_of

    record = change.get("dynamodb") or {}
    new, old = record.get("NewImage") or {}, record.get("OldImage") or {}
    found = stock_key_of(str((record.get("Keys") or {}).get("PK", {}).get("S", "")))
    if found is None or "available" not in new:
        return 0
    if old and from_item(old).get("available") == from_item(new).get("available"):
        return 0  # on hand and reserved moved together (a reservation taken by its delivery)
    tenant_id, item_id, location_id = found
    marked = 0
    for connection in tenant_connections(tenant_id):
        if (
            connection.active
            and connection.settings.get("stock_sync", True)
            and (connection.settings.get("location_id") == location_id)
        ):
            mark_due(tenant_id, connection.connection_id, item_id, now)
            marked += 1
    return marked


def mark_due(tenant_id: str, connection_id: str, item_id: str, now: float | None = None) -> None:
    from ledgerlet.hub.table import TenantTable

    table = TenantTable(tenant_id)
    due = int((now if now is not None else time.time()) + DEBOUNCE_SECONDS)
    table.db.update_item(
        TableName=table.table,
        Key={"PK": to_value(partition(tenant_id, connection_id)), "SK": to_value(item_id)},
        UpdateExpression="SET due_at = if_not_exists(due_at, :due) ADD changes :one",
        ExpressionAttributeValues={":due": to_value(due), ":one": to_value(1)},
    )


def flush(connection: Connection, now: float | None = None) -> dict[str, int]:
    """Send the shop what is available of its due items (those due by ``now``); counts of what happened."""
    from ledgerlet.hub.table import TenantTable
    from ledgerlet.inventory.contract import available_stock
    from ledgerlet.marketplace.connections import api_client
    from ledgerlet.marketplace.platforms import MarketplaceError, UnknownSku

    moment = int(now if now is not None else time.time())
    table = TenantTable(connection.tenant_id)
    due = _due(table, connection, moment)
    counts = {"sent": 0, "unknown": 0, "deferred": 0}
    if not due:
        return counts
    api = api_client(connection)
    location_id = str(connection.settings["location_id"])
    for marker in due:
        item_id = str(marker["SK"])
        available = max(int(available_stock(connection.tenant_id, item_id, location_id)), 0)
        try:
            sent = _send(api, _skus(connection.tenant_id, item_id), available)
        except UnknownSku:
            sent = False
        except MarketplaceError as error:  # throttled or failing: this item waits longer, the rest next time
            _defer(table, connection, marker, moment)
            counts["deferred"] += 1
            log.warning("stock sync to %s deferred: %s", connection.connection_id, error)
            break
        counts["sent" if sent else "unknown"] += 1
        _unmark(table, connection, marker)
    return counts


def tenant_connections(tenant_id: str) -> list[Connection]:
    """The company's connections (cached a minute per execution environment)."""
    from ledgerlet.marketplace.connections import connection
    from ledgerlet.platform.contract import connected_shops

    cached = _connections.get(tenant_id)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    found = [c for c in (connection(p, s) for p, s in connected_shops(tenant_id)) if c is not None]
    _connections[tenant_id] = (time.monotonic() + CONNECTIONS_TTL, found)
    return found


def backoff(attempts: int) -> int:
    """Seconds a deferred item waits: 1, 2, 4 ... minutes, at most an hour."""
    return int(min(60 * 2 ** max(attempts - 1, 0), MAX_BACKOFF))


def _due(table: Any, connection: Connection, moment: int) -> list[dict[str, Any]]:
    answer = table.db.query(
        TableName=table.table,
        KeyConditionExpression="PK = :pk",
        FilterExpression="due_at <= :now",
        ExpressionAttributeValues={
            ":pk": to_value(partition(connection.tenant_id, connection.connection_id)),
            ":now": to_value(moment),
        },
        ConsistentRead=True,
    )
    found = [from_item(item) for item in answer.get("Items", [])]
    return sorted(found, key=lambda marker: (marker["due_at"], marker["SK"]))[:BATCH]


def _send(api: Any, skus: list[str], available: int) -> bool:
    """Tell the shop under the first SKU it lists; False when it lists none of them."""
    from ledgerlet.marketplace.platforms import UnknownSku

    for sku in skus:
        try:
            api.update_stock(sku, available)
        except UnknownSku:
            continue
        return True
    return False


def _skus(tenant_id: str, item_id: str) -> list[str]:
    """The SKUs an item may be listed under: its barcodes, then its code."""
    from ledgerlet.hub.documents import DocumentStore

    item = DocumentStore(tenant_id).get("ITEM", item_id) or {}
    return [*(item.get("barcodes") or []), *([item["code"]] if item.get("code") else [])]


def _unmark(table: Any, connection: Connection, marker: dict[str, Any]) -> None:
    """Sent: no longer due, unless a change came meanwhile (then the next flush sends the newer figure)."""
    from contextlib import suppress

    with suppress(table.db.exceptions.ConditionalCheckFailedException):
        table.db.delete_item(
            TableName=table.table,
            Key={
                "PK": to_value(partition(connection.tenant_id, connection.connection_id)),
                "SK": to_value(marker["SK"]),
            },
            ConditionExpression="changes = :seen",
            ExpressionAttributeValues={":seen": to_value(Decimal(str(marker["changes"])))},
        )


def _defer(table: Any, connection: Connection, marker: dict[str, Any], moment: int) -> None:
    attempts = int(marker.get("attempts") or 0) + 1
    table.db.update_item(
        TableName=table.table,
        Key={"PK": to_value(partition(connection.tenant_id, connection.connection_id)), "SK": to_value(marker["SK"])},
        UpdateExpression="SET due_at = :later, attempts = :attempts",
        ConditionExpression="attribute_exists(PK)",
        ExpressionAttributeValues={":later": to_value(moment + backoff(attempts)), ":attempts": to_value(attempts)},
    )
