"""Sales orders: what a customer ordered, from a quotation or not; deliveries and invoices take from them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, model_validator

from ledgerlet.fields import Date
from ledgerlet.fields import Reference as Id
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.kinds import MasterKind
from ledgerlet.sales.documents import (
    Change,
    SalesDocumentInput,
    SalesDocumentMeta,
    SalesKind,
    Source,
    lines_required,
    only_drafts,
    prepared,
    revised,
)

FROM_QUOTATION = Source(field="quotation_id", doc_type="QUOTATION", label="quotation", taken="ordered")


class SalesOrderCreate(SalesDocumentInput):
    quotation_id: Id | None = Field(
        default=None, description="The quotation it takes from (its lines, when the order names none)."
    )
    delivery_date: Date | None = Field(default=None, description="When the customer wants it.")
    location_id: Id | None = Field(default=None, description="Where its stock ships from.")

    @model_validator(mode="after")
    def _complete(self) -> SalesOrderCreate:
        lines_required(self, "quotation_id")
        return self


class SalesOrderMeta(SalesDocumentMeta):
    credit_state: str | None = Field(
        default=None, description="`clear`, `blocked` (waiting for an approver), `approved` or `rejected`."
    )
    credit_reason: str | None = Field(default=None, description="Why it was blocked.")
    credit_decision_by: str | None = Field(default=None, description="The approver who decided on a blocked order.")
    credit_decision_reason: str | None = Field(default=None, description="What the approver gave as the reason.")
    workflow_state: str | None = Field(
        default=None,
        description="Its order-to-cash workflow: `running`, `awaiting_approval`, `awaiting_stock`, "
        "`awaiting_payment`, `paid` or `failed`.",
    )
    workflow_error: str | None = None
    payment_invoice_id: str | None = Field(default=None, description="The invoice whose payment it waits for.")
    delivered: dict[str, Decimal] | None = Field(default=None, description="Per line (from 0): how much was delivered.")
    invoiced: dict[str, Decimal] | None = Field(default=None, description="Per line (from 0): how much was invoiced.")


def _confirm(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
    """Submitted with its credit decided: blocked (waiting for an approver) when the customer has invoices
    overdue or the order takes it past its credit limit."""
    from ledgerlet.sales.workflow import credit_state

    order = {**change.document, **change.changes}
    return store.update(
        "SALESORDER",
        order["id"],
        {**change.changes, **credit_state(store, order)},
        actor,
        expected_version=change.version,
        label="sales order",
        action="submit",
        extra=change.extra,
    )


def _withdraw(store: DocumentStore, actor: Actor, change: Change) -> dict[str, Any]:
    """Cancelled: the stock its workflow reserved is given back."""
    from ledgerlet.inventory.contract import release_stock

    for reservation_id in change.document.get("reservation_ids") or []:
        release_stock(store, actor, reservation_id, f"{change.document.get('code')} cancelled")
    return store.update(
        "SALESORDER",
        change.document["id"],
        change.changes,
        actor,
        expected_version=change.version,
        label="sales order",
        action="cancel",
        extra=change.extra,
    )


SALES_ORDERS = SalesKind(
    MasterKind(
        label="sales order",
        applet="sales-orders",
        doc_type="SALESORDER",
        id_prefix="so",
        create_model=SalesOrderCreate,
        series="SO",
        filters=("customer_id", "state", "quotation_id"),
        search_fields=("reference", "customer_name"),
        rules=(only_drafts,),
        prepare=prepared(FROM_QUOTATION),
        revise=revised(SalesOrderCreate, FROM_QUOTATION),
        view_base=SalesOrderMeta,
    ),
    source=FROM_QUOTATION,
    tallies=("delivered", "invoiced"),
    commit=_confirm,
    uncommit=_withdraw,
)
