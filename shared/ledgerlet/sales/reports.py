"""Sales reports: what customers owe as at a day, by how long it is overdue (AR aging). An invoice's amount
owed on a day is its total less what receipts dated up to that day settled (each invoice lists them), so
the aging as at any past day is exact; the sum of the open invoices is the receivable control account."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BaseModel, Field

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Date
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.money import money_text

DEFAULT_BUCKETS = (30, 60, 90)


class AgedCustomer(BaseModel):
    customer_id: str
    customer_code: str
    customer_name: str
    currency: str
    amounts: list[str] = Field(description="Per bucket, in the order of `buckets`.")
    total: str
    invoices: int = Field(description="How many invoices are open (credits a customer holds show as current).")


class Receivables(BaseModel):
    as_of: str
    buckets: list[str] = Field(description="`current` (not yet due), then days overdue: `1-30`, ..., `over 90`.")
    customers: list[AgedCustomer]
    totals: dict[str, list[str]] = Field(description="Per currency, per bucket.")


def aging(store: DocumentStore, as_of: str, limits: tuple[int, ...] = DEFAULT_BUCKETS) -> Receivables:
    """Every customer's open invoices as at ``as_of``, by days past their due date."""
    day = date.fromisoformat(as_of)
    labels = [
        "current",
        *(f"{low + 1}-{high}" for low, high in zip((0, *limits), limits, strict=False)),
        f"over {limits[-1]}",
    ]
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    open_items = [i for t in ("SALESINVOICE", "SALESDEBITNOTE") for i in store.every(t, equals={"state": "submitted"})]
    for invoice in open_items:
        if invoice["date"] > as_of:
            continue
        owed = Decimal(invoice["total"]) - sum(
            (Decimal(a["amount"]) for a in invoice.get("allocations") or [] if a["date"] <= as_of), Decimal(0)
        )
        if owed <= 0 or invoice.get("cash_book_id"):
            continue
        overdue = (day - date.fromisoformat(invoice.get("due_date") or invoice["date"])).days
        bucket = 0 if overdue <= 0 else 1 + next((n for n, limit in enumerate(limits) if overdue <= limit), len(limits))
        key = (invoice["customer_id"], invoice["currency"])
        row = rows.setdefault(
            key,
            {"invoice": invoice, "amounts": [Decimal(0)] * len(labels), "count": 0},
        )
        row["amounts"][bucket] += owed
        row["count"] += 1
    for note in store.every("SALESCREDITNOTE", equals={"state": "submitted"}):
        credit = Decimal(str(note.get("outstanding") or 0))  # negative: what the customer holds
        if note["date"] > as_of or not credit:
            continue
        row = rows.setdefault(
            (note["customer_id"], note["currency"]),
            {"invoice": note, "amounts": [Decimal(0)] * len(labels), "count": 0},
        )
        row["amounts"][0] += credit
    customers: list[AgedCustomer] = []
    totals: dict[str, list[Decimal]] = {}
    for (customer_id, currency), row in sorted(
        rows.items(), key=lambda kv: kv[1]["invoice"].get("customer_code") or ""
    ):
        invoice = row["invoice"]
        customers.append(
            AgedCustomer(
                customer_id=customer_id,
                customer_code=invoice.get("customer_code") or "",
                customer_name=invoice.get("customer_name") or "",
                currency=currency,
                amounts=[money_text(amount, currency) for amount in row["amounts"]],
                total=money_text(sum(row["amounts"], Decimal(0)), currency),
                invoices=row["count"],
            )
        )
        sums = totals.setdefault(currency, [Decimal(0)] * len(labels))
        for n, amount in enumerate(row["amounts"]):
            sums[n] += amount
    return Receivables(
        as_of=as_of,
        buckets=labels,
        customers=customers,
        totals={currency: [money_text(a, currency) for a in sums] for currency, sums in totals.items()},
    )


def register_receivables(app: APIGatewayRestResolver) -> None:
    from ledgerlet.api.app import authorize, caller
    from ledgerlet.api.problems import answers

    @app.get(
        "/v1/sales/receivables",
        summary="What customers owe, by how long it is overdue (AR aging)",
        description="Open invoices as at `as_of` (receipts dated up to it taken off), per customer and "
        "currency, in buckets of days past their due date (`buckets`: their upper limits, e.g. `30,60,90`).",
        tags=["sales-reports"],
        operation_id="sales_receivables",
        responses=answers(Receivables),
        middlewares=[authorize("sales-reports", "read")],
    )
    def receivables(
        as_of: Annotated[Date | None, Query(description="The day, `YYYY-MM-DD`; none: today.")] = None,
        buckets: Annotated[
            str | None,
            Query(pattern=r"^[0-9]{1,3}(,[0-9]{1,3}){0,5}$", max_length=30, description="Upper limits in days."),
        ] = None,
    ) -> Receivables:
        limits = tuple(int(n) for n in buckets.split(",")) if buckets else DEFAULT_BUCKETS
        if any(low >= high for low, high in pairwise(limits)) or limits[0] < 1:
            raise invalid_field("query.buckets", "limits go up from 1, e.g. 30,60,90", "aging.buckets")
        from ledgerlet.ledger.contract import company_today

        tenant_id = caller(app).tenant_id
        return aging(DocumentStore(tenant_id), as_of or company_today(tenant_id).isoformat(), limits)


class SalesLine(BaseModel):
    key: str = Field(description="The customer's, item's or salesperson's id, or the month (`YYYY-MM`).")
    code: str | None = None
    name: str | None = None
    qty: str | None = Field(default=None, description="By item: the quantity sold, in its base unit.")
    net: str = Field(description="Sales excluding tax, in MYR (credit notes taken off).")
    tax: str
    documents: int


class SalesAnalysis(BaseModel):
    group_by: str
    date_from: str
    date_to: str
    lines: list[SalesLine]
    net: str
    tax: str


SOLD = {"SALESINVOICE": 1, "SALESDEBITNOTE": 1, "SALESCREDITNOTE": -1}


def analysis(store: DocumentStore, group_by: str, date_from: str, date_to: str) -> SalesAnalysis:
    """Submitted invoices and debit notes less credit notes dated in the range, by customer, item,
    salesperson or month; each document's figures converted to MYR at its own rate."""
    from ledgerlet.money import BASE_CURRENCY, to_base

    rows: dict[str, dict[str, Any]] = {}
    for doc_type, sign in SOLD.items():
        for document in store.every(doc_type, equals={"state": "submitted"}):
            if not date_from <= document["date"] <= date_to:
                continue
            rate = Decimal(str(document["rate"]))
            for key, code, name, line in _keys(group_by, document):
                row = rows.setdefault(
                    key,
                    {
                        "code": code,
                        "name": name,
                        "qty": Decimal(0),
                        "net": Decimal(0),
                        "tax": Decimal(0),
                        "docs": set(),
                    },
                )
                row["net"] += sign * to_base(Decimal(line["net"]), rate)
                row["tax"] += sign * to_base(Decimal(line["tax"]), rate)
                row["qty"] += sign * Decimal(str(line["qty"])) if group_by == "item" else 0
                row["docs"].add(document["id"])
    lines = [
        SalesLine(
            key=key,
            code=row["code"],
            name=row["name"],
            qty=f"{row['qty'].normalize():f}" if group_by == "item" else None,
            net=money_text(row["net"], BASE_CURRENCY),
            tax=money_text(row["tax"], BASE_CURRENCY),
            documents=len(row["docs"]),
        )
        for key, row in sorted(rows.items(), key=lambda kv: kv[1]["code"] or kv[0])
    ]
    return SalesAnalysis(
        group_by=group_by,
        date_from=date_from,
        date_to=date_to,
        lines=lines,
        net=money_text(sum((row["net"] for row in rows.values()), Decimal(0)), BASE_CURRENCY),
        tax=money_text(sum((row["tax"] for row in rows.values()), Decimal(0)), BASE_CURRENCY),
    )


def _keys(group_by: str, document: dict[str, Any]) -> list[tuple[str, str | None, str | None, dict[str, Any]]]:
    """Each line of the document with the row it adds to."""
    lines = document["lines"]
    if group_by == "item":
        return [(line["item_id"], line.get("item_code"), line.get("item_name"), line) for line in lines]
    if group_by == "customer":
        key, code, name = document["customer_id"], document.get("customer_code"), document.get("customer_name")
    elif group_by == "salesperson":
        key, code, name = document.get("salesperson_id") or "-", None, None
    else:
        key, code, name = document["date"][:7], document["date"][:7], None
    return [(key, code, name, line) for line in lines]


def register_analysis(app: APIGatewayRestResolver) -> None:
    from ledgerlet.api.app import authorize, caller
    from ledgerlet.api.problems import answers

    @app.get(
        "/v1/sales/analysis",
        summary="Sales by customer, item, salesperson or month",
        description="Submitted invoices and debit notes less credit notes dated from `from` to `to`, excluding "
        "tax, in MYR (each document at its own rate).",
        tags=["sales-reports"],
        operation_id="sales_analysis",
        responses=answers(SalesAnalysis),
        middlewares=[authorize("sales-reports", "read")],
    )
    def sales_analysis(
        date_from: Annotated[Date, Query(alias="from", description="The first day, `YYYY-MM-DD`.")],
        date_to: Annotated[Date, Query(alias="to", description="The last day, `YYYY-MM-DD`.")],
        group_by: Annotated[Literal["customer", "item", "salesperson", "month"], Query()] = "customer",
    ) -> SalesAnalysis:
        if date_to < date_from:
            raise invalid_field(
                "query.to", f"{date_from} is after {date_to}", "range.reversed", start=date_from, end=date_to
            )
        return analysis(DocumentStore(caller(app).tenant_id), group_by, date_from, date_to)
