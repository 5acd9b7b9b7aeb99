"""The monthly consolidated e-invoice: sales to the general public (buyers without a TIN) of RM 10,000 or
less are not issued one by one; once their month is over, the company's run gathers them into one
e-invoice per month, type and currency, with LHDN's general-public buyer (``EI00000000010``), the month as
its billing period and classification 004 on every line. LHDN wants it within 7 days of the month's end;
the first run of the new month makes it. Larger sales to the public are issued individually (queueing
decides: :func:`ledgerlet.einvoice.submission.enqueue`).

Lines: one per tax type and rate, for up to ``SALES_PER_LINE`` sales, described by the range of their
numbers and how many they are (LHDN's "continuous receipt numbers" form), so a busy month stays within
MyInvois's 300 KB per document.

Never twice: the consolidated item is written first (conditional, with its members' ids), then each
member moves ``consolidate`` -> ``consolidated`` conditionally. A run that dies in between is finished
by the next, which finds the item listing the same members. A sale queued after its month was
consolidated (issued late) goes into a supplementary consolidated e-invoice (``-2``, ``-3`` ...).
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from ledgerlet.einvoice import lifecycle as lc
from ledgerlet.einvoice.model import ZERO, BillingPeriod, EInvoice, Line, Party, Reference
from ledgerlet.einvoice.queue import Changed, EInvoiceQueue

SOURCE_TYPE = "CONSOLIDATED"
SALES_PER_LINE = 100
MAX_MEMBERS = 5000  # per consolidated e-invoice (the item lists them: well inside DynamoDB's 400 KB)
CLASSIFICATION = "004"  # LHDN: "Consolidated e-Invoice"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def consolidate(queue: EInvoiceQueue, today: date, now: datetime) -> int:
    """Gather the sales of months before ``today``'s (the company's own date) still waiting; how many
    consolidated e-invoices were queued or completed."""
    waiting = queue.due(lc.CONSOLIDATE, MAX_MEMBERS)
    this_month = today.strftime("%Y-%m")
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in waiting:
        month = str(item.get("date") or "")[:7]
        if month and month < this_month:
            groups[(month, item["type_code"], item.get("currency") or "MYR")].append(item)
    done = 0
    for (month, type_code, currency), members in sorted(groups.items()):
        consolidated = _claim(queue, (month, type_code, currency), members, now)
        for member in members:
            with contextlib.suppress(Changed):  # moved by a run before this one
                queue.move(member["id"], lc.CONSOLIDATE, lc.CONSOLIDATED, _iso(now), consolidated_in=consolidated)
        done += 1
    return done


def _claim(queue: EInvoiceQueue, group: tuple[str, str, str], members: list[dict[str, Any]], now: datetime) -> str:
    """The consolidated e-invoice for these members of (month, type, currency): the one already listing
    them (a run died after writing it), else a new one (the month's first, or a supplementary one)."""
    month, type_code, currency = group
    wanted = sorted(member["id"] for member in members)
    base = f"CONS-{type_code}-{month.replace('-', '')}{'' if currency == 'MYR' else '-' + currency}"
    for n in range(1, 100):
        code = base if n == 1 else f"{base}-{n}"
        einvoice_id = f"ein_{code.lower().replace('-', '_')}"
        found = queue.get(einvoice_id)
        if found is not None:
            if sorted(found.get("members") or []) == wanted:
                return einvoice_id
            continue
        first = date.fromisoformat(f"{month}-01")
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        total = sum((Decimal(str(member.get("total") or 0)) for member in members), ZERO)
        item = {
            "id": einvoice_id,
            "code": code,
            "state": lc.PENDING,
            "source_type": SOURCE_TYPE,
            "source_id": einvoice_id,
            "type_code": type_code,
            "customer_name": "General Public",
            "date": last.isoformat(),
            "period_start": first.isoformat(),
            "period_end": last.isoformat(),
            "currency": currency,
            "total": str(total),
            "members": wanted,
            "queued_at": _iso(now),
            "attempts": 0,
        }
        if queue.add(item, due=_iso(now)):
            return einvoice_id
    raise RuntimeError(f"too many consolidated e-invoices for {base}")


def compose_consolidated(
    item: dict[str, Any], documents: list[dict[str, Any]], supplier: Party, buyer: Party, issued_at: datetime
) -> EInvoice:
    """The consolidated e-invoice of ``item`` from its members' documents (as stored)."""
    currency = str(item.get("currency") or "MYR")
    by_tax: dict[tuple[str, Decimal], list[tuple[str, Decimal, Decimal]]] = defaultdict(list)
    for document in sorted(documents, key=lambda d: str(d.get("code") or "")):
        for tax_type, rate, net, tax in _taxes_of(document):
            by_tax[(tax_type, rate)].append((str(document.get("code") or document["id"]), net, tax))
    lines: list[Line] = []
    for (tax_type, rate), sales in by_tax.items():
        for first in range(0, len(sales), SALES_PER_LINE):
            chunk = sales[first : first + SALES_PER_LINE]
            net = sum((sale[1] for sale in chunk), ZERO)
            lines.append(
                Line(
                    number=str(len(lines) + 1),
                    classification=CLASSIFICATION,
                    description=f"{chunk[0][0]} - {chunk[-1][0]} ({len(chunk)})",
                    quantity=Decimal(1),
                    unit_price=net,
                    subtotal=net,
                    tax_type=tax_type,
                    tax_rate=rate,
                    tax_amount=sum((sale[2] for sale in chunk), ZERO),
                    exemption_reason="Exempt sales" if tax_type == "E" else None,
                    summed=len(chunk),
                )
            )
    rounding = sum((Decimal(str(document.get("rounding") or 0)) for document in documents), ZERO)
    references: tuple[Reference, ...] = ()
    if item["type_code"] in ("02", "03", "04"):
        references = (Reference(uuid="NA", number="NA"),)
    return EInvoice(
        type_code=str(item["type_code"]),
        number=str(item["code"]),
        issued_at=issued_at,
        currency=currency,
        exchange_rate=None if currency == "MYR" else _average_rate(documents),
        supplier=supplier,
        buyer=buyer,
        lines=tuple(lines),
        rounding=rounding,
        original=references,
        billing_period=BillingPeriod(
            date.fromisoformat(str(item["period_start"])), date.fromisoformat(str(item["period_end"])), "Monthly"
        ),
        consolidated=True,
    )


def _taxes_of(document: dict[str, Any]) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    """(tax type, rate, net, tax) of each line of a sales document; a refund is one untaxed amount."""
    if "lines" not in document:
        return [("06", ZERO, Decimal(str(document.get("amount") or 0)), ZERO)]
    return [
        (
            str(line.get("tax_type") or "06"),
            Decimal(str(line.get("tax_rate") or 0)),
            Decimal(str(line.get("net") or 0)),
            Decimal(str(line.get("tax") or 0)),
        )
        for line in document.get("lines") or []
    ]


def _average_rate(documents: list[dict[str, Any]]) -> Decimal:
    rates = [Decimal(str(document.get("rate") or 1)) for document in documents]
    return (sum(rates, ZERO) / len(rates)).quantize(Decimal("0.000001")) if rates else Decimal(1)
