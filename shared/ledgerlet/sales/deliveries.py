"""Delivery orders: what left for the customer, from a sales order. Submitting one issues its stock items
from its location (the inventory's stock entry, written in the same transaction: refused whole when the
stock is not there), taking first what the order's reservations hold for it (consumed in the same write),
and counts them delivered on the order's lines; the issue's cost goes to cost of
goods sold when the stock is costed. Cancelling it puts the stock back, while nothing was invoiced."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import Field, model_validator

from ledgerlet.errors import Conflict, FieldError, Problem, invalid_field
from ledgerlet.fields import Code
from ledgerlet.fields import Reference as Id
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.inventory.contract import cancel_movement, move_stock, new_entry_id
from ledgerlet.kinds import MasterKind
from ledgerlet.masterdata.contract import MasterData
from ledgerlet.sales.documents import (
    Change,
    SalesDocumentInput,
    SalesDocumentMeta,
    SalesKind,
    SalesLineInput,
    SalesLineView,
    Source,
    lines_required,
    only_drafts,
    prepared,
    revised,
)

FROM_ORDER = Source(field="order_id", doc_type="SALESORDER", label="sales order", taken="delivered", tolerance=True)


class DeliveryLineInput(SalesLineInput):
    batch_no: Code | None = Field(default=None, description="Items tracked by batch: none takes the first expiring.")
    serials: list[Code] | None = Field(default=None, max_length=100, description="Items tracked by serial number.")


class DeliveryOrderCreate(SalesDocumentInput):
    line_model: ClassVar[type[SalesLineInput]] = DeliveryLineInput

    order_id: Id = Field(description="The sales order it delivers (its lines left to deliver, when it names none).")
    location_id: Id | None = Field(default=None, description="Where the stock leaves from; none: the order's.")
    lines: list[DeliveryLineInput] | None = Field(  # type: ignore[assignment]
        default=None, max_length=500, description="None: every line left to deliver on the order."
    )

    @model_validator(mode="after")
    def _complete(self) -> DeliveryOrderCreate:
        lines_required(self, "order_id")
        return self


class DeliveryLineView(SalesLineView):
    batch_no: str | None = Field(default=None, description="The batch named (none: the first expiring).")
    serials: list[str] | None = Field(default=None, description="The serial numbers named.")


class DeliveryOrderMeta(SalesDocumentMeta):
    lines: list[DeliveryLineView]  # type: ignore[assignment]
    invoiced: dict[str, Decimal] | None = Field(default=None, description="Per line (from 0): how much was invoiced.")
    stock_entry_id: str | None = Field(default=None, description="The stock issue it wrote.")
    delivery_status: str | None = Field(
        default=None, description="On a delivery run: `scheduled`, then `delivered` or `failed` (its proof)."
    )
    delivery_run_id: str | None = None
    delivery_run_code: str | None = None
    delivery_stop: int | None = Field(default=None, description="Its stop on the run (from 0).")


def _location(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    """Its location: as given, else the order's (a location org unit). An order whose credit is blocked
    delivers nothing until an approver lets it go."""
    order = store.get("SALESORDER", fields["order_id"]) or {}
    _cleared(order)
    location_id = fields.get("location_id") or order.get("location_id")
    if not location_id:
        return fields
    unit = MasterData(store).org_unit(location_id)
    if unit is None or unit.archived or unit.kind != "location":
        raise invalid_field(
            "body.location_id", f"{location_id} is not a location", "stock.not_location", unit=location_id
        )
    return {**fields, "location_id": location_id}


def _cleared(order: dict[str, Any]) -> None:
    if order.get("credit_state") in ("blocked", "awaiting_approval", "rejected"):
        raise invalid_field(
            "body.order_id",
            f"{order.get('code')}'s credit is {order['credit_state']}: {order.get('credit_reason') or ''}",
            "sales.order_blocked",
            order=order.get("code") or order["id"],
        )


def _deliver(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
    """The delivery submitted, its stock items issued and the order's lines counted, in one transaction."""
    document = change.document
    order = store.get("SALESORDER", document["order_id"]) or {}
    _cleared(order)
    after = {**document, **change.changes}
    stock = _stock_lines(store, after)
    if stock and not after.get("location_id"):
        raise invalid_field("body.location_id", "name where the stock leaves from", "sales.location")
    entry_id = new_entry_id() if stock else None
    done, operations = _own_write(store, actor, change, {"stock_entry_id": entry_id} if entry_id else {})
    if not stock:
        store.transact_or_refuse([*operations, *change.extra])
        return done
    try:
        move_stock(
            store,
            actor,
            purpose="issue",
            date=after["date"],
            location_id=after["location_id"],
            lines=[line for _, line in stock],
            source={"type": "DELIVERYORDER", "id": document["id"], "code": document.get("code")},
            reference=document.get("code"),
            extra=[*operations, *change.extra],
            entry_id=entry_id,
            reservations=order.get("reservation_ids") or [],  # the order's held stock is for it
        )
    except Problem as refused:
        raise on_document_lines(refused, [number for number, _ in stock]) from None
    return done


def _undeliver(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
    """The delivery cancelled and its stock issue with it (the stock back), in one transaction. Not while a
    delivery run holds it (its write bumps the version, so a cancel read before it is refused too)."""
    if change.document.get("delivery_run_id") and change.document.get("delivery_status") != "failed":
        run = change.document.get("delivery_run_code") or change.document["delivery_run_id"]
        raise Conflict(
            f"{change.document.get('code')} is on delivery run {run}: cancel the run first",
            [FieldError("id", f"on delivery run {run}", "delivery_run.holds_order", {"run": run})],
        )
    done, operations = _own_write(store, actor, change, {})
    entry_id = change.document.get("stock_entry_id")
    if entry_id:
        reason = f"{change.document.get('code')} cancelled"
        cancel_movement(store, actor, entry_id, reason, [*operations, *change.extra])
    else:
        store.transact_or_refuse([*operations, *change.extra])
    return done


def _own_write(
    store: DocumentStore, actor: Actor, change: Change, more: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    _, done, operations = store.update_operations(
        "DELIVERYORDER",
        change.document["id"],
        {**change.changes, **more},
        actor,
        expected_version=change.version,
        label="delivery order",
        action=change.action,
    )
    return done, operations


def _stock_lines(store: DocumentStore, document: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The lines of stock items, as stock entry lines, with their line numbers on the delivery."""
    items = MasterData(store).items({line["item_id"] for line in document["lines"]})
    lines = []
    for number, line in enumerate(document["lines"]):
        item = items.get(line["item_id"])
        if item is None or item.kind != "stock":
            continue
        moved = {"item_id": line["item_id"], "qty": Decimal(str(line["qty"]))}
        moved.update({name: line[name] for name in ("batch_no", "serials") if line.get(name)})
        lines.append((number, moved))
    return lines


def on_document_lines(refused: Problem, numbers: list[int]) -> Problem:
    """A stock entry's refusal, its lines renamed as the document's (a stock entry has only the stock lines)."""

    def renamed(field: str) -> str:
        parts = field.split(".")
        if len(parts) > 2 and parts[:2] == ["body", "lines"] and parts[2].isdigit() and int(parts[2]) < len(numbers):
            parts[2] = str(numbers[int(parts[2])])
        return ".".join(parts)

    refused.errors = [dataclasses.replace(error, field=renamed(error.field)) for error in refused.errors]
    return refused


DELIVERY_ORDERS = SalesKind(
    MasterKind(
        label="delivery order",
        applet="delivery-orders",
        doc_type="DELIVERYORDER",
        id_prefix="do",
        create_model=DeliveryOrderCreate,
        series="DO",
        filters=("customer_id", "state", "order_id"),
        search_fields=("reference", "customer_name"),
        rules=(only_drafts,),
        prepare=prepared(FROM_ORDER, _location),
        revise=revised(DeliveryOrderCreate, FROM_ORDER),
        view_base=DeliveryOrderMeta,
    ),
    source=FROM_ORDER,
    tallies=("invoiced",),
    commit=_deliver,
    uncommit=_undeliver,
)
