"""A sale's receipt as a register's printer prints it: one page of an 80 mm roll, as long as the sale.

The company's name, registration and SST numbers and address (the control plane's copy of its profile), the
receipt number, register and time, each line (quantity x price, its discount, its amount), SST by code, the
rounding, the total, the tenders and the change. reportlab is imported on the first print
(:mod:`ledgerlet.printing.page`: Helvetica, and reportlab's built-in CJK font for a Chinese item name)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from ledgerlet.hub.documents import DocumentStore
from ledgerlet.printing.company import Company, read_company
from ledgerlet.printing.page import amount_text, quantity_text, rate_text

WIDTH_MM = 80
MARGIN_MM = 4
TENDERS = {"cash": "Cash", "card": "Card", "ewallet": "E-wallet"}


@dataclass(frozen=True)
class PrintedReceipt:
    company: Company
    number: str
    kind: str  # sale or return
    register: str
    sold_at: str
    lines: tuple[dict[str, Any], ...]
    taxes: tuple[dict[str, Any], ...]
    total_before_rounding: str
    rounding: str
    total: str
    tenders: tuple[tuple[str, str], ...]
    change: str
    return_of: str | None = None


def printed_receipt(store: DocumentStore, sale_id: str) -> PrintedReceipt:
    from ledgerlet.pos.sales import sale_of

    sale = sale_of(store, sale_id)
    return PrintedReceipt(
        company=read_company(store),
        number=str(sale["code"]),
        kind=str(sale["kind"]),
        register=str(sale.get("register_code") or ""),
        sold_at=str(sale["sold_at"]),
        lines=tuple(sale["lines"]),
        taxes=tuple(sale.get("taxes") or ()),
        total_before_rounding=str(sale["total_before_rounding"]),
        rounding=str(sale["rounding"]),
        total=str(sale["total"]),
        tenders=tuple((TENDERS.get(t["kind"], t["kind"]), str(t["amount"])) for t in sale.get("tenders") or []),
        change=str(sale.get("change") or "0.00"),
        return_of=sale.get("return_of_code"),
    )


def _moment(text: str) -> str:
    """``2026-12-05T14:30:00+08:00`` as printed: ``2026-12-05 14:30`` (the register's own clock)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.strftime("%Y-%m-%d %H:%M")


def render(receipt: PrintedReceipt) -> bytes:
    """The receipt as a one-page PDF, 80 mm wide and as long as it needs."""
    from io import BytesIO

    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ledgerlet.printing.page import LATIN_BOLD, LATIN_FONT, markup, register_fonts

    register_fonts()
    width = (WIDTH_MM - 2 * MARGIN_MM) * mm
    body = ParagraphStyle("receipt", fontName=LATIN_FONT, fontSize=8, leading=10)
    strong = ParagraphStyle("receipt_strong", parent=body, fontName=LATIN_BOLD)
    centre = ParagraphStyle("receipt_centre", parent=body, alignment=TA_CENTER)
    heading = ParagraphStyle("receipt_heading", parent=strong, fontSize=10, leading=13, alignment=TA_CENTER)

    def p(text: str, style: Any = body) -> Any:
        return Paragraph(markup(text, False), style)

    def rows(pairs: list[tuple[str, str]], bold: bool = False) -> Any:
        table = Table(
            [[p(label, strong if bold else body), p(value, strong if bold else body)] for label, value in pairs],
            colWidths=[width * 0.62, width * 0.38],
        )
        table.setStyle(
            TableStyle(
                [
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    company = receipt.company
    story: list[Any] = [p(company.name, heading)] if company.name else []
    numbers = [f"SSM {company.brn}" if company.brn else "", f"SST {company.sst_number}" if company.sst_number else ""]
    story += [p(line, centre) for line in (*[n for n in numbers if n], *company.address)]
    title = "RETURN" if receipt.kind == "return" else "RECEIPT"
    story += [Spacer(1, 2 * mm), p(f"{title} {receipt.number}", heading)]
    story.append(p(f"{_moment(receipt.sold_at)}  Register {receipt.register}", centre))
    if receipt.return_of:
        story.append(p(f"Returned from receipt {receipt.return_of}", centre))
    story.append(Spacer(1, 2 * mm))
    for line in receipt.lines:
        story.append(p(str(line.get("item_name") or line.get("item_code") or "")))
        quantity = f"{quantity_text(line['qty'])} x {amount_text(line['unit_price'], 'MYR')}"
        pairs = [(f"  {quantity}", amount_text(line["gross"], "MYR"))]
        if Decimal(str(line.get("discount") or 0)):
            pairs.append(("  Discount", f"-{amount_text(line['discount'], 'MYR')}"))
        story.append(rows(pairs))
    story.append(Spacer(1, 2 * mm))
    story.append(rows([("Subtotal (SST included)", amount_text(receipt.total_before_rounding, "MYR"))]))
    for tax in receipt.taxes:
        label = f"SST {tax.get('tax_code') or ''} {rate_text(tax['rate'])} on {amount_text(tax['taxable'], 'MYR')}"
        story.append(rows([(label, amount_text(tax["tax"], "MYR"))]))
    if Decimal(receipt.rounding):
        story.append(rows([("Rounding", amount_text(receipt.rounding, "MYR"))]))
    story.append(rows([("TOTAL RM", amount_text(receipt.total, "MYR"))], bold=True))
    story.append(Spacer(1, 1 * mm))
    refunded = "Refunded" if receipt.kind == "return" else "Paid"
    story.append(rows([(f"{refunded} by {kind}", amount_text(amount, "MYR")) for kind, amount in receipt.tenders]))
    if Decimal(receipt.change):
        story.append(rows([("Change", amount_text(receipt.change, "MYR"))]))
    story += [Spacer(1, 3 * mm), p("Prices include SST. Thank you!", centre)]

    height = sum(flowable.wrap(width, 10_000)[1] for flowable in story) + 2 * MARGIN_MM * mm + 6 * mm
    output = BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=(WIDTH_MM * mm, height),
        leftMargin=MARGIN_MM * mm,
        rightMargin=MARGIN_MM * mm,
        topMargin=MARGIN_MM * mm,
        bottomMargin=MARGIN_MM * mm,
        title=f"{title.title()} {receipt.number}",
        author=company.name,
        invariant=True,
    )
    document.build(story)
    return output.getvalue()
