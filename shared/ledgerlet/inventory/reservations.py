"""Stock reservations: stock held at a location for a document (a sales order, a job), until it is
released, or it expires. A reservation and its key's head change in one transaction, on the condition
that enough stock is available (on hand less what is already reserved), so two reservations never hold
the same units; an issue that is not the reservation's own cannot take reserved stock either."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from ledgerlet.errors import Conflict, FieldError, NotFound
from ledgerlet.fields import Date, PositiveQuantity, ShortText
from ledgerlet.fields import Reference as Id
from ledgerlet.hub.documents import Actor, DocumentStore, ExtraRefused
from ledgerlet.ids import is_id
from ledgerlet.kinds import DocumentMeta, Input, MasterKind
from ledgerlet.masterdata.contract import MasterData

State = Literal["active", "released", "expired", "consumed"]


class ReservationCreate(Input):
    item_id: Id
    location_id: Id
    qty: PositiveQuantity = Field(description="In the item's base unit.")
    against: ShortText = Field(min_length=1, description="What it is held for, e.g. `SO-000123`.")
    expires_on: Date | None = Field(default=None, description="Released by itself after this day.")


class ReservationMeta(DocumentMeta):
    state: State | None = Field(
        default=None, description="`active`, `released`, `expired` or `consumed` (its document's issue took it)."
    )
    consumed_qty: Decimal | None = Field(default=None, description="What its document's issues took of it.")
    item_code: str | None = None
    name: str | None = Field(default=None, description="What it is held for.")
    release_reason: str | None = Field(default=None, description="Why it was released, when given.")


class ReleaseRequest(Input):
    reason: ShortText | None = None


def prepare_reservation(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    from ledgerlet.inventory.entries import check_location, check_stock_item

    check_location(MasterData(store), "location_id", fields["location_id"])
    item = check_stock_item(MasterData(store), "body.item_id", fields["item_id"])
    return {**fields, "item_code": item.code, "name": fields["against"], "state": "active"}


def create_reservation(store: DocumentStore, kind: MasterKind, fields: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """Hold the stock and write the reservation at once; 409 ``stock.short`` when not enough is available."""
    from ledgerlet.inventory.stock_ledger import StockLedger

    key = (fields["item_id"], fields["location_id"])
    qty = Decimal(str(fields["qty"]))
    try:
        return store.create(
            kind.doc_type,
            kind.id_prefix,
            fields,
            actor,
            search_text=kind.search_text(fields),
            extra=[StockLedger(store.tenant_id).reserve(key, qty)],
        )
    except ExtraRefused:
        head = StockLedger(store.tenant_id).head(*key) or {}
        available = Decimal(str(head.get("available") or 0))
        short = qty - max(available, Decimal(0))
        raise Conflict(
            f"not enough {fields['item_code']} available",
            [
                FieldError(
                    "body.qty", f"{short:f} short", "stock.short", {"item": fields["item_code"], "short": f"{short:f}"}
                )
            ],
        ) from None


def release_reservation(
    store: DocumentStore, actor: Actor, reservation_id: str, state: State = "released", reason: str | None = None
) -> dict[str, Any]:
    """Give a reservation's stock back to what is available (``expired`` when its day has passed)."""
    from ledgerlet.inventory.stock_ledger import StockLedger

    if not is_id(reservation_id, RESERVATIONS.id_prefix):
        raise NotFound(f"reservation {reservation_id} does not exist")
    reservation = store.require(RESERVATIONS.doc_type, reservation_id, "reservation")
    if reservation.get("state") != "active":
        raise Conflict(
            f"reservation {reservation['id']} is {reservation.get('state')}",
            [FieldError("id", "not active", "reservation.inactive", {"state": reservation.get("state")})],
        )
    key = (reservation["item_id"], reservation["location_id"])
    release = StockLedger(store.tenant_id).release(key, Decimal(str(reservation["qty"])))
    changes = {"state": state, "release_reason": reason}
    return store.update(
        RESERVATIONS.doc_type,
        reservation_id,
        changes,
        actor,
        expected_version=reservation["version"],
        label="reservation",
        action=state,
        extra=[release],
    )


def expire_reservations(tenant_id: str, today: date) -> int:
    """Release every active reservation whose ``expires_on`` is before ``today``; how many."""
    store = DocumentStore(tenant_id)
    expired = 0
    for reservation in store.every(RESERVATIONS.doc_type, {"state": "active"}):
        if reservation.get("expires_on") and reservation["expires_on"] < today.isoformat():
            release_reservation(store, Actor("stock-reservations"), reservation["id"], "expired")
            expired += 1
    return expired


RESERVATIONS = MasterKind(
    label="reservation",
    applet="stock-reservations",
    doc_type="STOCKRESERVATION",
    id_prefix="rsv",
    create_model=ReservationCreate,
    filters=("item_id", "location_id", "state", "against"),
    search_fields=("against",),
    prepare=prepare_reservation,
    creator=create_reservation,
    view_base=ReservationMeta,
)
