"""What other applets may ask of the inventory: stock moved for their documents (a delivery issues what
it delivers, a return brings it back), in the same transaction as their own writes, refused whole when
the stock is not there. Everything else in ``ledgerlet.inventory`` is the inventory's own."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ledgerlet.hub.documents import Actor, DocumentStore, ExtraRefused

__all__ = [
    "ExtraRefused",
    "StockLine",
    "cancel_movement",
    "move_stock",
    "new_entry_id",
    "release_stock",
    "reserve_stock",
]

StockLine = dict[str, Any]  # item_id, qty; batch_no or serials for tracked items


def move_stock(
    store: DocumentStore,
    actor: Actor,
    *,
    purpose: str,
    date: str,
    location_id: str,
    lines: Sequence[StockLine],
    source: dict[str, Any],
    reference: str | None = None,
    extra: Sequence[dict[str, Any]] = (),
    entry_id: str | None = None,
    reservations: Sequence[str] = (),
) -> dict[str, Any]:
    """Write a stock entry (``purpose``: ``issue``, or ``customer_return`` with ``returns_entry_id`` in
    ``source``) for another document (``source``: its ``type``, ``id`` and ``code``), with ``extra``
    operations in the same transaction. Bad lines are a 422 naming them (``body.lines.N...``); stock
    that is not there a 409 naming the item; an ``extra`` condition that fails raises :class:`ExtraRefused`
    (positions in ``extra``). ``entry_id``: the entry's id, chosen beforehand (:func:`new_entry_id`) when
    ``extra`` must name it. ``reservations``: the document's own reservations, which an issue takes its
    stock from first (what they hold is reserved for it), each consumed or lowered in the same transaction.
    Answers the stock entry."""
    from ledgerlet.inventory.entries import STOCK_ENTRIES, StockEntryCreate, create_entry, prepare_entry
    from ledgerlet.kind_service import revalidate

    body: dict[str, Any] = {
        "purpose": purpose,
        "date": date,
        "location_id": location_id,
        "lines": [dict(line) for line in lines],
        **({"reference": reference} if reference else {}),
        **({"returns_entry_id": source["returns_entry_id"]} if source.get("returns_entry_id") else {}),
    }
    revalidate(StockEntryCreate, body)
    fields = StockEntryCreate.model_validate(body).model_dump(mode="python", exclude_none=True)
    prepared = {
        **prepare_entry(store, fields),
        "source_type": source["type"],
        "source_id": source["id"],
        "source_code": source.get("code"),
    }
    consumed, held = _consuming(store, actor, reservations, fields["lines"]) if reservations else ({}, [])
    return create_entry(
        store,
        STOCK_ENTRIES,
        prepared,
        actor,
        (*extra, *held),
        stop_on_extra=True,
        entry_id=entry_id,
        consumed=consumed,
    )


def _consuming(
    store: DocumentStore, actor: Actor, reservation_ids: Sequence[str], lines: Sequence[StockLine]
) -> tuple[dict[tuple[str, str], Any], list[dict[str, Any]]]:
    """What an issue takes from each key's reservations, and the reservations' updates (each on its
    version: consumed whole, or holding what is left)."""
    from decimal import Decimal

    from ledgerlet.inventory.reservations import RESERVATIONS

    wanted: dict[str, Decimal] = {}
    for line in lines:
        wanted[line["item_id"]] = wanted.get(line["item_id"], Decimal(0)) + Decimal(str(line["qty"]))
    consumed: dict[tuple[str, str], Decimal] = {}
    operations: list[dict[str, Any]] = []
    for reservation_id in reservation_ids:
        held = store.get(RESERVATIONS.doc_type, reservation_id)
        if held is None or held.get("state") != "active" or wanted.get(held["item_id"], Decimal(0)) <= 0:
            continue
        qty = Decimal(str(held["qty"]))
        take = min(qty, wanted[held["item_id"]])
        wanted[held["item_id"]] -= take
        key = (held["item_id"], held["location_id"])
        consumed[key] = consumed.get(key, Decimal(0)) + take
        used = Decimal(str(held.get("consumed_qty") or 0)) + take
        changes = (
            {"state": "consumed", "consumed_qty": used} if take == qty else {"qty": qty - take, "consumed_qty": used}
        )
        _, _, update = store.update_operations(
            RESERVATIONS.doc_type,
            reservation_id,
            changes,
            actor,
            expected_version=held["version"],
            label="reservation",
            action="consume",
        )
        operations += update
    return consumed, operations


def new_entry_id() -> str:
    """An id for a stock entry :func:`move_stock` will write."""
    from ledgerlet.ids import new_id
    from ledgerlet.inventory.entries import STOCK_ENTRIES

    return new_id(STOCK_ENTRIES.id_prefix)


def cancel_movement(
    store: DocumentStore, actor: Actor, entry_id: str, reason: str, extra: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """Cancel a stock entry written by :func:`move_stock`, with ``extra`` operations at once."""
    from ledgerlet.inventory.entries import CancelRequest, cancel_entry

    return cancel_entry(store, actor, entry_id, CancelRequest(reason=reason), extra)


def reserve_stock(
    store: DocumentStore, actor: Actor, *, item_id: str, location_id: str, qty: Any, against: str
) -> dict[str, Any]:
    """Hold available stock for a document (``against``: its code): a reservation, 409 ``stock.short`` when
    not enough is available. Answers the reservation."""
    from ledgerlet.inventory.reservations import RESERVATIONS, create_reservation, prepare_reservation

    fields = prepare_reservation(
        store, {"item_id": item_id, "location_id": location_id, "qty": qty, "against": against}
    )
    return create_reservation(store, RESERVATIONS, fields, actor)


def release_stock(store: DocumentStore, actor: Actor, reservation_id: str, reason: str) -> dict[str, Any] | None:
    """Give a reservation's stock back (nothing when it is no longer active). Answers the reservation."""
    from ledgerlet.errors import Conflict
    from ledgerlet.inventory.reservations import release_reservation

    try:
        return release_reservation(store, actor, reservation_id, reason=reason)
    except Conflict:
        return None


STOCK_HEAD_SK = "HEAD"  # a stock key's head item (its on hand, reserved and available), as the hub's events carry it


def available_stock(tenant_id: str, item_id: str, location_id: str) -> Decimal:
    """What is available of an item at a location now: on hand less what is reserved (0 when never moved)."""
    from ledgerlet.inventory.stock_ledger import StockLedger

    head = StockLedger(tenant_id).head(item_id, location_id)
    return Decimal(str((head or {}).get("available") or 0))


def stock_key_of(partition_key: str) -> tuple[str, str, str] | None:
    """(tenant, item, location) of a stock key's partition (``<tenant>#STOCK#<item>#<location>``), None for
    any other partition."""
    tenant_id, _, rest = partition_key.partition("#")
    kind, _, key = rest.partition("#")
    item_id, _, location_id = key.partition("#")
    if kind != "STOCK" or not item_id or not location_id or "#" in location_id:
        return None
    return tenant_id, item_id, location_id
