"""Order to cash as two state machines: the machine-only steps on Express
(statemachines/order_fulfilment.asl.json, billed by duration), and the waits for people on Standard
(statemachines/order_to_cash.asl.json, billed per transition, started only when a person is needed):

    confirm (credit) -> reserve stock -> deliver -> invoice -> e-invoice hand-off -> payment

- **Confirm**: a blocked order (over its customer's credit limit, or with invoices overdue: decided when
  the order was submitted) raises ``CreditBlocked``; the fulfilment hands the order to people (the
  Standard machine waits on a task token kept on the order, sent by ``POST /v1/sales-orders/{id}/approve``)
  and starts again once it is approved.
- **Reserve**: the order's stock lines are held at its location; not enough raises ``StockShort`` and
  the order waits the same way until someone resumes it, once stock came in.
- **Deliver** and **invoice** write and submit the documents any user could (a delivery takes the stock
  the order's reservations hold, consuming them in the same write); **e-invoice** queues the invoice for
  MyInvois. These run as one task of plain code (:func:`fulfil`).
- **Payment**: the order waits for its invoice to be paid (``awaiting_payment``); the receipts that settle
  it mark it ``paid`` (:func:`paid`). No execution stays open while a customer takes 60 days to pay.

Every step reads what is done on the documents and skips it, so a step retried or a fulfilment started
again resumes where it stopped and never delivers or invoices twice."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any

from ledgerlet.errors import Conflict, FieldError, invalid_field
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.hub.tally import left
from ledgerlet.masterdata.contract import MasterData

WORKFLOW = Actor("order-to-cash")


class CreditBlocked(Exception):
    """The order waits for an approver (the state machine's error name)."""


class StockShort(Exception):
    """The order's stock is not all there (the state machine's error name)."""


# --- credit control ---------------------------------------------------------------------------------------------


def credit_state(store: DocumentStore, order: dict[str, Any]) -> dict[str, Any]:
    """Whether a submitted order may go ahead: ``blocked`` with its reason when the customer has invoices
    overdue on the order's date, or when what it owes plus the order passes its credit limit."""
    customer = MasterData(store).customer(order["customer_id"])
    invoices = store.every("SALESINVOICE", equals={"customer_id": order["customer_id"], "state": "submitted"})
    open_items = [i for i in invoices if Decimal(str(i.get("outstanding") or 0)) > 0]
    overdue = [i for i in open_items if (i.get("due_date") or i["date"]) < order["date"]]
    if overdue:
        codes = ", ".join(sorted(i.get("code") or i["id"] for i in overdue))
        return {"credit_state": "blocked", "credit_reason": f"overdue: {codes}"}
    if customer is not None and customer.credit_limit is not None:
        owed = sum(
            (Decimal(str(i["outstanding"])) for i in open_items if i["currency"] == order["currency"]), Decimal(0)
        )
        exposure = owed + Decimal(order["total"])
        if exposure > customer.credit_limit:
            return {
                "credit_state": "blocked",
                "credit_reason": f"over credit limit: {exposure:f} > {customer.credit_limit:f}",
            }
    return {"credit_state": "clear", "credit_reason": None}


def approve(store: DocumentStore, actor: Actor, order_id: str, approved: bool, reason: str | None) -> dict[str, Any]:
    """An approver's decision on a blocked order; a workflow waiting for it goes on (or fails, rejected)."""
    order = store.require("SALESORDER", order_id, "sales order")
    if order.get("credit_state") not in ("blocked", "awaiting_approval"):
        raise Conflict(
            f"{order.get('code')} is not waiting for credit approval",
            [FieldError("id", "not blocked", "sales.not_blocked")],
        )
    changes = {
        "credit_state": "approved" if approved else "rejected",
        "credit_decision_by": actor.user_id,
        "credit_decision_reason": reason,
        "approval_token": None,
    }
    done = store.update(
        "SALESORDER", order_id, changes, actor, expected_version=order["version"], label="sales order", action="approve"
    )
    token = order.get("approval_token")
    if token:
        if approved:
            _states().send_task_success(taskToken=token, output=json.dumps({"approved": True}))
        else:
            _states().send_task_failure(taskToken=token, error="CreditRejected", cause=reason or "rejected")
    return done


# --- starting and resuming ------------------------------------------------------------------------------------------


def start(store: DocumentStore, actor: Actor, order_id: str) -> dict[str, Any]:
    """Start the fulfilment of a submitted order (once: one under way is a 409)."""
    order = store.require("SALESORDER", order_id, "sales order")
    if order.get("state") != "submitted":
        raise invalid_field("id", "only a submitted order is fulfilled", "sales.source_state", source="sales order")
    if order.get("workflow_state") in ("running", "awaiting_approval", "awaiting_stock", "awaiting_payment"):
        raise Conflict(
            f"{order.get('code')}'s workflow is {order['workflow_state']}",
            [FieldError("id", "already running", "sales.workflow_running")],
        )
    return _run_fulfilment(store, order, {"actor": actor.user_id})


def hand_to_people(event: dict[str, Any]) -> dict[str, Any]:
    """The fulfilment stopped where a person is needed: the Standard machine waits for them."""
    name = _execution_name(event["order_id"])
    _start("ORDER_TO_CASH_STATE_MACHINE_ARN", name, event)
    return {"waiting": name}


def fulfil_again(event: dict[str, Any]) -> dict[str, Any]:
    """A person acted (approved, or resumed once stock came in): the fulfilment runs again."""
    store, order = _order(event)
    return {"fulfilment": _run_fulfilment(store, order, event)["workflow_execution"]}


def _run_fulfilment(store: DocumentStore, order: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """Mark the order running, then start its fulfilment: marked first, so a fulfilment quicker than this
    task finds it running (its last step's write is conditional on it)."""
    name = _execution_name(order["id"])
    marked = _mark(store, order, workflow_state="running", workflow_execution=name, workflow_error=None)
    try:
        _start(
            "ORDER_FULFILMENT_STATE_MACHINE_ARN", name, {**event, "tenant_id": store.tenant_id, "order_id": order["id"]}
        )
    except Exception as error:
        _mark(store, marked, workflow_state="failed", workflow_error=f"not started: {error}")
        raise
    return marked


def resume(store: DocumentStore, actor: Actor, order_id: str) -> dict[str, Any]:
    """Stock came in: a workflow waiting for it tries to reserve again."""
    order = store.require("SALESORDER", order_id, "sales order")
    token = order.get("stock_token")
    if order.get("workflow_state") != "awaiting_stock" or not token:
        raise Conflict(
            f"{order.get('code')} is not waiting for stock",
            [FieldError("id", "not waiting for stock", "sales.not_waiting")],
        )
    _mark(store, order, workflow_state="running", stock_token=None)
    _states().send_task_success(taskToken=token, output=json.dumps({"resumed_by": actor.user_id}))
    return store.require("SALESORDER", order_id, "sales order")


def paid(store: DocumentStore, invoice_ids: list[str]) -> None:
    """Receipts settled these invoices: an order waiting for one that is now paid in full is paid."""
    for invoice_id in invoice_ids:
        invoice = store.get("SALESINVOICE", invoice_id) or {}
        if invoice.get("source_id") and Decimal(str(invoice.get("outstanding") or 0)) == 0:
            order = store.get("SALESORDER", invoice["source_id"]) or {}
            if order.get("payment_invoice_id") == invoice_id:
                _paid(store, order["id"])


# --- the steps ---------------------------------------------------------------------------------------------------


def fulfil(event: dict[str, Any]) -> dict[str, Any]:
    """The machine-only steps in order: confirm, reserve, deliver, invoice, hand off. Answers the event
    with the invoice's id."""
    for step in (confirm, reserve, deliver):
        step(event)
    return hand_off(invoice(event))


def confirm(event: dict[str, Any]) -> dict[str, Any]:
    _, order = _order(event)
    if order.get("credit_state") in ("blocked", "awaiting_approval"):
        raise CreditBlocked(order.get("credit_reason") or "credit blocked")
    if order.get("credit_state") == "rejected":
        raise CreditBlocked("credit rejected")
    return event


def reserve(event: dict[str, Any]) -> dict[str, Any]:
    """Hold what is left to deliver of each stock line at the order's location, once."""
    from ledgerlet.inventory.contract import reserve_stock

    store, order = _order(event)
    held = list(order.get("reservation_ids") or [])
    if held or not order.get("location_id"):
        return event
    items = MasterData(store).items({line["item_id"] for line in order["lines"]})
    wanted: dict[str, Decimal] = {}
    for number, line in enumerate(order["lines"]):
        item = items.get(line["item_id"])
        if item is not None and item.kind == "stock":
            wanted[item.id] = wanted.get(item.id, Decimal(0)) + left(order, "delivered", number)
    try:
        for item_id, qty in wanted.items():
            if qty > 0:
                found = reserve_stock(
                    store, WORKFLOW, item_id=item_id, location_id=order["location_id"], qty=qty, against=order["code"]
                )
                held.append(found["id"])
    except Conflict as short:
        _release(store, held, "stock short")
        _mark(store, order, workflow_state="stock_short", workflow_error=short.detail)
        raise StockShort(short.detail) from None
    _mark(store, order, reservation_ids=held)
    return event


def deliver(event: dict[str, Any]) -> dict[str, Any]:
    """Deliver everything left on the order (the delivery consumes the order's reservations)."""
    from ledgerlet.sales.deliveries import DELIVERY_ORDERS

    store, order = _order(event)
    if not any(left(order, "delivered", n) > 0 for n in range(len(order["lines"]))):
        return event
    body = {"customer_id": order["customer_id"], "date": _today(store), "order_id": order["id"]}
    _create_and_submit(store, DELIVERY_ORDERS, body)  # it consumes the order's reservations as it issues
    return event


def invoice(event: dict[str, Any]) -> dict[str, Any]:
    """Invoice everything delivered and not yet invoiced."""
    from ledgerlet.sales.invoices import SALES_INVOICES

    store, order = _order(event)
    if not any(left(order, "invoiced", n) > 0 for n in range(len(order["lines"]))):
        return {**event, "invoice_id": _last_invoice(order)}
    body = {"customer_id": order["customer_id"], "date": _today(store), "order_id": order["id"]}
    done = _create_and_submit(store, SALES_INVOICES, body)
    return {**event, "invoice_id": done["id"]}


def hand_off(event: dict[str, Any]) -> dict[str, Any]:
    """Queue the invoice for MyInvois (its batch submission picks it up)."""
    store = DocumentStore(event["tenant_id"])
    invoice_id = event.get("invoice_id")
    if invoice_id:
        found = store.get("SALESINVOICE", invoice_id) or {}
        if not found.get("einvoice_state"):
            store.set_state("SALESINVOICE", invoice_id, "einvoice_state", "queued")
    return event


def why_stopped(event: dict[str, Any]) -> dict[str, str]:
    """What a stopped fulfilment waits for: an approver, stock, or nothing a person can give (it failed)."""
    _, order = _order(event)
    if order.get("credit_state") in ("blocked", "awaiting_approval"):
        return {"wait": "approval"}
    if order.get("workflow_state") == "stock_short":
        return {"wait": "stock"}
    return {"wait": "none"}


def await_approval(event: dict[str, Any]) -> None:
    store, order = _order(event)
    _mark(
        store,
        order,
        credit_state="awaiting_approval",
        approval_token=event["token"],
        workflow_state="awaiting_approval",
    )


def await_stock(event: dict[str, Any]) -> None:
    store, order = _order(event)
    _mark(store, order, workflow_state="awaiting_stock", stock_token=event["token"])


def await_payment(event: dict[str, Any]) -> None:
    """The order waits for its invoice to be paid (:func:`paid` ends the wait), or is paid already. Both
    writes are conditional, so a receipt settling the invoice meanwhile is never overwritten."""
    store, order = _order(event)
    invoice_id = str(event.get("invoice_id") or "")
    if invoice_id:
        store.set_state(
            "SALESORDER",
            order["id"],
            "workflow_state",
            "awaiting_payment",
            expected="running",
            payment_invoice_id=invoice_id,
            workflow_at=_now(),
        )
    found = store.get("SALESINVOICE", invoice_id) if invoice_id else None
    if found is None or Decimal(str(found.get("outstanding") or 0)) == 0:
        _paid(store, order["id"], expected="awaiting_payment" if invoice_id else "running")


def record_failure(event: dict[str, Any]) -> dict[str, Any]:
    store, order = _order(event)
    error = event.get("error") or event.get("failure") or {}
    _mark(store, order, workflow_state="failed", workflow_error=str(error.get("Cause") or error.get("Error") or ""))
    return event


# --- helpers -------------------------------------------------------------------------------------------------------


def _order(event: dict[str, Any]) -> tuple[DocumentStore, dict[str, Any]]:
    store = DocumentStore(event["tenant_id"])
    return store, store.require("SALESORDER", event["order_id"], "sales order")


def _mark(store: DocumentStore, order: dict[str, Any], **states: Any) -> dict[str, Any]:
    """Record the workflow's own bookkeeping on the order (no new version: it is not a user's change; a
    None removes the field)."""
    from ledgerlet.hub.table import now_iso

    store.set_state("SALESORDER", order["id"], "workflow_at", now_iso(), **states)
    return store.require("SALESORDER", order["id"], "sales order")


def _paid(store: DocumentStore, order_id: str, expected: str = "awaiting_payment") -> None:
    store.set_state("SALESORDER", order_id, "workflow_state", "paid", expected=expected, workflow_at=_now())


def _execution_name(order_id: str) -> str:
    from ledgerlet.ids import new_id

    return f"{order_id}-{new_id('run')[-12:]}"  # unique: Standard names stay taken for 90 days


def _start(machine: str, name: str, payload: dict[str, Any]) -> None:
    """Start an execution of a machine (its ARN in the environment variable ``machine``)."""
    _states().start_execution(stateMachineArn=os.environ[machine], name=name, input=json.dumps(payload))


def _release(store: DocumentStore, reservation_ids: list[str], reason: str) -> None:
    from ledgerlet.inventory.contract import release_stock

    for reservation_id in reservation_ids:
        release_stock(store, WORKFLOW, reservation_id, reason)


def _create_and_submit(store: DocumentStore, sales: Any, body: dict[str, Any]) -> dict[str, Any]:
    from ledgerlet.kind_service import KindService
    from ledgerlet.sales.documents import SubmitRequest, submit

    draft = KindService(sales.kind, store, WORKFLOW).create(sales.kind.create_model.model_validate(body))
    return submit(store, WORKFLOW, sales, draft["id"], SubmitRequest(version=draft["version"]))


def _last_invoice(order: dict[str, Any]) -> str | None:
    invoices = [link["id"] for link in order.get("flow") or [] if link["type"] == "SALESINVOICE"]
    return invoices[-1] if invoices else None


def _now() -> str:
    from ledgerlet.hub.table import now_iso

    return now_iso()


def _today(store: DocumentStore) -> str:
    from ledgerlet.ledger.contract import company_today

    return company_today(store.tenant_id).isoformat()


def _states() -> Any:
    from ledgerlet.hub.aws import client

    return client("stepfunctions")
