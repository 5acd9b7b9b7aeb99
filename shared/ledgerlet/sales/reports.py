"""Sales reports: what customers owe as at a day, by how long it is overdue (AR aging). An invoice's amount
owed on a day is its total less what receipts dated up to that day settled (each invoice lists them), so
the aging as at any past day is exact; the sum of the open invoices is the receivable control account."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Any

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
