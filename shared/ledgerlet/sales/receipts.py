"""Customer receipts (official receipts): money a customer paid into a cash book, settling one or many of
its invoices, in part or whole. What no invoice takes is an advance (the customer's deposit). A receipt
posts when written: the cash book is debited with what came in, each invoice's receivable credited with
what it settles at the invoice's rate, a foreign-currency invoice's difference of rates being a realised
exchange gain or loss, and an advance credited to customer deposits.

Each invoice keeps what it still owes (``outstanding``) and the receipts that settled it (``allocations``,
with their dates: the receivables as at any day follow from them), changed in the receipt's own
transaction on the condition that nobody settled it meanwhile, so two receipts never settle the same
money twice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ledgerlet.errors import Conflict, invalid_field
from ledgerlet.fields import Date, PositiveMoney, Rate, ShortText
from ledgerlet.fields import Reference as Id
from ledgerlet.hub.documents import Actor, DocumentStore, ExtraRefused
from ledgerlet.hub.tally import revised_update
from ledgerlet.ids import new_id
from ledgerlet.kinds import DocumentMeta, Input, MasterKind
from ledgerlet.masterdata.contract import MasterData, rate_on
from ledgerlet.money import money_text

ATTEMPTS = 5


class AllocationInput(Input):
    invoice_id: Id
    amount: PositiveMoney = Field(description="What it settles of the invoice, in the invoice's currency.")


class CustomerReceiptCreate(Input):
    customer_id: Id
    cash_book_id: Id = Field(description="Where the money came in.")
    date: Date
    amount: PositiveMoney = Field(description="What came in, in the cash book's currency.")
    rate: Rate | None = Field(default=None, description="MYR per unit of the currency; none: the rate in force.")
    reference: ShortText | None = Field(default=None, description="Cheque, transfer or slip number.")
    memo: ShortText | None = None
    allocations: list[AllocationInput] | None = Field(
        default=None,
        max_length=200,
        description="The invoices it settles; none: the customer's open invoices, the oldest due first. What "
        "is left is an advance.",
    )

    @model_validator(mode="after")
    def _once_each(self) -> CustomerReceiptCreate:
        invoices = [allocation.invoice_id for allocation in self.allocations or []]
        if len(set(invoices)) != len(invoices):
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("receipt.invoice_twice", "each invoice is settled on one line")
        return self


class AllocationView(BaseModel):
    model_config = ConfigDict(extra="ignore")

    invoice_id: str
    invoice_code: str | None = None
    amount: str
    invoice_rate: str | None = None


class CustomerReceiptMeta(DocumentMeta):
    currency: str
    customer_code: str | None = None
    customer_name: str | None = None
    allocations: list[AllocationView] | None = None
    allocated: str | None = Field(default=None, description="What the invoices took.")
    advance: str | None = Field(default=None, description="What none took: the customer's deposit.")
    posting_state: str | None = None
    posting_error: str | None = None
    entry_ids: list[str] | None = None


def prepare_receipt(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    """The receipt checked against its customer, cash book and currency, its rate fixed."""
    from ledgerlet.ledger.contract import refuse_locked

    refuse_locked(store.tenant_id, "cash", fields["date"])
    master = MasterData(store)
    customer = master.customer(fields["customer_id"])
    if customer is None or customer.archived:
        raise invalid_field(
            "body.customer_id",
            f"customer {fields['customer_id']} does not exist",
            "reference.missing",
            id=fields["customer_id"],
        )
    book = master.cash_book(fields["cash_book_id"])
    if book is None or book.archived:
        raise invalid_field(
            "body.cash_book_id",
            f"cash book {fields['cash_book_id']} does not exist",
            "reference.missing",
            id=fields["cash_book_id"],
        )
    currency = book.currency
    rate = rate_on(store, currency, fields["date"], fields.get("rate"))
    return {
        **fields,
        "currency": currency,
        "rate": f"{rate.normalize():f}",
        "amount": money_text(fields["amount"], currency),
        "customer_code": customer.code,
        "customer_name": customer.name,
    }


def create_receipt(
    store: DocumentStore, kind: MasterKind, fields: dict[str, Any], actor: Actor, doc_id: str | None = None
) -> dict[str, Any]:
    """Write the receipt and settle its invoices at once; on a race with another receipt, read them again."""
    receipt_id = doc_id or new_id(kind.id_prefix)
    for _ in range(ATTEMPTS):
        allocations, operations = _settle(store, fields, receipt_id)
        allocated = sum((Decimal(a["amount"]) for a in allocations), Decimal(0))
        amount = Decimal(fields["amount"])
        document = {
            **fields,
            "allocations": allocations,
            "allocated": money_text(allocated, fields["currency"]),
            "advance": money_text(amount - allocated, fields["currency"]),
            "posting_state": "pending",
        }
        try:
            written = store.create(
                kind.doc_type,
                kind.id_prefix,
                document,
                actor,
                series_code=kind.series,
                search_text=kind.search_text(document),
                extra=operations,
                doc_id=receipt_id,
            )
        except ExtraRefused:
            continue  # an invoice was settled meanwhile: read them again
        from ledgerlet.sales.workflow import paid

        paid(store, [allocation["invoice_id"] for allocation in allocations])  # a workflow waiting on one ends
        return written
    raise Conflict("the invoices kept changing while the receipt was written, retry")


def _settle(
    store: DocumentStore, fields: dict[str, Any], receipt_id: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What the receipt settles of each invoice, and the invoices' updates (each on the revision read)."""
    currency, amount = fields["currency"], Decimal(fields["amount"])
    asked = fields.get("allocations")
    if asked:
        invoices = [(n, a, _invoice(store, fields, n, a["invoice_id"])) for n, a in enumerate(asked)]
        plan = [(n, invoice, Decimal(str(a["amount"]))) for n, a, invoice in invoices]
    else:
        plan, left = [], amount
        for invoice in _open_invoices(store, fields["customer_id"], currency):
            take = min(left, Decimal(invoice["outstanding"]))
            if take > 0:
                plan.append((len(plan), invoice, take))
                left -= take
    if sum((take for _, _, take in plan), Decimal(0)) > amount:
        raise invalid_field("body.allocations", "the invoices take more than was received", "receipt.over_allocated")
    allocations, operations = [], []
    for number, invoice, take in plan:
        owed = Decimal(invoice["outstanding"])
        if take > owed:
            raise invalid_field(
                f"body.allocations.{number}.amount",
                f"{invoice.get('code')} has {owed:f} outstanding",
                "receipt.over_invoice",
                invoice=invoice.get("code") or invoice["id"],
                outstanding=money_text(owed, currency),
            )
        allocations.append(
            {
                "invoice_id": invoice["id"],
                "invoice_code": invoice.get("code"),
                "amount": money_text(take, currency),
                "invoice_rate": str(invoice["rate"]),
                "receivable_account_id": invoice.get("receivable_account_id"),
            }
        )
        operations.append(settling(store, invoice, take, {"receipt_id": receipt_id, "date": fields["date"]}))
    return allocations, operations


OPEN_ITEMS = {"si": "SALESINVOICE", "dn": "SALESDEBITNOTE"}  # what receipts settle, by id prefix


def open_item_type(doc_id: str) -> str:
    return OPEN_ITEMS.get(doc_id.split("_", 1)[0], "SALESINVOICE")


def _invoice(store: DocumentStore, fields: dict[str, Any], number: int, invoice_id: str) -> dict[str, Any]:
    invoice = store.get(open_item_type(invoice_id), invoice_id)
    field = f"body.allocations.{number}.invoice_id"
    if invoice is None or invoice.get("state") != "submitted":
        raise invalid_field(field, f"{invoice_id} is not a submitted invoice", "receipt.invoice")
    if invoice["customer_id"] != fields["customer_id"]:
        raise invalid_field(field, f"{invoice.get('code')} is another customer's", "receipt.invoice_customer")
    if invoice["currency"] != fields["currency"]:
        raise invalid_field(
            field,
            f"{invoice.get('code')} is in {invoice['currency']}, the cash book in {fields['currency']}",
            "receipt.invoice_currency",
            currency=invoice["currency"],
        )
    return invoice


def _open_invoices(store: DocumentStore, customer_id: str, currency: str) -> list[dict[str, Any]]:
    """The customer's invoices with something outstanding in the currency, the oldest due first."""
    invoices = [
        found
        for doc_type in OPEN_ITEMS.values()
        for found in store.every(doc_type, equals={"customer_id": customer_id, "state": "submitted"})
    ]
    owing = [i for i in invoices if i["currency"] == currency and Decimal(str(i.get("outstanding") or 0)) > 0]
    return sorted(owing, key=lambda i: (i.get("due_date") or i["date"], i.get("code") or ""))


def settling(
    store: DocumentStore, invoice: dict[str, Any], take: Decimal, allocation: dict[str, Any]
) -> dict[str, Any]:
    """The invoice's outstanding lowered by ``take`` and the allocation listed, on the condition that nothing
    else settled it since it was read."""
    currency = invoice["currency"]
    sets = {
        "outstanding": money_text(Decimal(invoice["outstanding"]) - take, currency),
        "allocations": [*(invoice.get("allocations") or []), {**allocation, "amount": money_text(take, currency)}],
    }
    return revised_update(store, open_item_type(invoice["id"]), invoice, "settled_revision", sets)


CUSTOMER_RECEIPTS = MasterKind(
    label="customer receipt",
    applet="customer-receipts",
    doc_type="CUSTOMERRECEIPT",
    id_prefix="rct",
    create_model=CustomerReceiptCreate,
    series="RCPT",
    filters=("customer_id", "cash_book_id", "posting_state"),
    search_fields=("reference", "customer_name"),
    prepare=prepare_receipt,
    creator=create_receipt,
    view_base=CustomerReceiptMeta,
)
