"""A sales invoice on paper: a Tax Invoice when the company is registered for SST (a Cash Sale when paid
at once into a cash book), with the company's heading, the customer, the lines with their tax, the totals,
the tax per tax code (what SST requires: each rate's taxable amount and tax), the rounding, the total in
words and, once something was paid or credited, what is still due. Once its e-invoice is valid at MyInvois,
LHDN's UUID, the validation date and link, and the link as a QR code (issue 14).

:func:`invoice_page` turns a stored invoice into what the page shows (plain values, :class:`PrintedInvoice`)
and is pure; :func:`printed_invoice` reads what it needs; :func:`render` draws it (reportlab imported on the
first print).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.printing.company import Company
from ledgerlet.printing.page import amount_text, price_text, quantity_text, rate_text
from ledgerlet.printing.words import amount_in_words
from ledgerlet.sales.printing.parts import Customer, SalesPage, decimal, read_customer, say

if TYPE_CHECKING:
    from ledgerlet.einvoice.contract import Validation
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.kinds import MasterKind


@dataclass(frozen=True)
class InvoiceLine:
    item_code: str
    description: str
    qty: Decimal
    unit: str  # the item's base unit, a UN/ECE code ("C62")
    unit_price: Decimal  # including tax when the invoice's prices do
    discount: Decimal  # the line's own and its share of the invoice's
    net: Decimal  # excluding tax
    tax_code: str  # "" for a line without tax
    tax_rate: Decimal
    tax: Decimal
    total: Decimal  # net + tax
    exemption_reason: str = ""
    memo: str = ""


@dataclass(frozen=True)
class TaxSummary:
    """One tax code over the invoice: the net of its lines (``taxable``) and their tax."""

    tax_code: str
    tax_type: str  # LHDN's: "01" sales tax, "02" service tax, "E" exempt, ...
    rate: Decimal
    taxable: Decimal
    tax: Decimal


@dataclass(frozen=True)
class EInvoiceMark:
    """What the page prints of a valid e-invoice: LHDN's id, when it validated it, and its public page
    (the QR code's content)."""

    uuid: str
    validated_at: str  # as printed: Malaysian time
    link: str


MALAYSIA = timezone(timedelta(hours=8), "MYT")


def einvoice_mark(validation: Validation | None) -> EInvoiceMark | None:
    """The e-invoice's mark as printed (the time in Malaysia), None without a valid e-invoice."""
    if validation is None:
        return None
    printed = validation.validated_at
    try:
        moment = datetime.fromisoformat(validation.validated_at.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            printed = moment.astimezone(MALAYSIA).strftime("%Y-%m-%d %H:%M:%S (UTC+08:00)")
    except ValueError:
        pass
    return EInvoiceMark(uuid=validation.uuid, validated_at=printed, link=validation.validation_link)


@dataclass(frozen=True)
class PrintedInvoice:
    """Everything one printed sales invoice shows."""

    language: str
    company: Company
    customer: Customer
    customer_name: str  # as invoiced
    number: str
    date: str
    due_date: str
    reference: str
    order: str  # the sales order's number
    currency: str
    prices_include_tax: bool
    cash_book: str  # a cash sale's cash book, "" for an invoice on credit
    lines: tuple[InvoiceLine, ...]
    subtotal: Decimal  # the lines after their own discounts
    discount: Decimal  # the invoice's own discount
    net: Decimal
    tax: Decimal
    rounding: Decimal
    total: Decimal
    taxes: tuple[TaxSummary, ...]
    settled: Decimal  # what receipts and credit notes took off it
    state: str
    cancel_reason: str
    memo: str
    printed: str
    einvoice: EInvoiceMark | None = None  # once its e-invoice is valid at MyInvois

    def text(self, key: str, **params: Any) -> str:
        return say(self.language, key, **params)

    @property
    def cash_sale(self) -> bool:
        return bool(self.cash_book)

    @property
    def title(self) -> str:
        """A Tax Invoice when the company is registered for SST, a Cash Sale when paid at once."""
        sst = bool(self.company.sst_number)
        if self.cash_sale:
            return self.text("title.tax_cash_sale" if sst else "title.cash_sale")
        return self.text("title.tax_invoice" if sst else "title.invoice")

    @property
    def words(self) -> str:
        return amount_in_words(self.total, self.currency, self.language)

    @property
    def outstanding(self) -> Decimal:
        return self.total - self.settled

    @property
    def partly_settled(self) -> bool:
        """Something was paid or credited on an invoice on credit: the page shows what is still due."""
        return not self.cash_sale and self.settled != 0

    def money(self, amount: Decimal) -> str:
        return amount_text(amount, self.currency)


def invoice_page(
    document: dict[str, Any],
    company: Company,
    customer: Customer,
    language: str,
    *,
    printed: str,
    cash_book: str = "",
    einvoice: EInvoiceMark | None = None,
) -> PrintedInvoice:
    """What the page of the stored invoice ``document`` shows, in ``language`` (``einvoice``: its valid
    e-invoice's mark)."""
    total = decimal(document.get("total"))
    open_item = document.get("state") == "submitted" and document.get("outstanding") is not None
    outstanding = decimal(document["outstanding"]) if open_item else total  # nothing settles a draft
    return PrintedInvoice(
        language=language,
        company=company,
        customer=customer,
        customer_name=str(document.get("customer_name") or customer.name),
        number=str(document.get("code") or document.get("id") or ""),
        date=str(document.get("date") or ""),
        due_date=str(document.get("due_date") or ""),
        reference=str(document.get("reference") or ""),
        order=str(document.get("source_code") or "") if document.get("source_type") == "SALESORDER" else "",
        currency=str(document.get("currency") or "MYR"),
        prices_include_tax=bool(document.get("prices_include_tax")),
        cash_book=cash_book if document.get("cash_book_id") else "",
        lines=tuple(_line(line) for line in document.get("lines") or []),
        subtotal=decimal(document.get("subtotal")),
        discount=decimal(document.get("discount")),
        net=decimal(document.get("net")),
        tax=decimal(document.get("tax")),
        rounding=decimal(document.get("rounding")),
        total=total,
        taxes=tuple(
            TaxSummary(
                tax_code=str(tax.get("tax_code") or ""),
                tax_type=str(tax.get("tax_type") or ""),
                rate=decimal(tax.get("rate")),
                taxable=decimal(tax.get("taxable")),
                tax=decimal(tax.get("tax")),
            )
            for tax in document.get("taxes") or []
        ),
        settled=Decimal(0) if document.get("cash_book_id") else total - outstanding,
        state=str(document.get("state") or ""),
        cancel_reason=str(document.get("cancel_reason") or ""),
        memo=str(document.get("memo") or ""),
        printed=printed,
        einvoice=einvoice,
    )


def _line(line: dict[str, Any]) -> InvoiceLine:
    return InvoiceLine(
        item_code=str(line.get("item_code") or ""),
        description=str(line.get("description") or line.get("item_name") or ""),
        qty=decimal(line.get("qty")),
        unit=str(line.get("uom") or ""),
        unit_price=decimal(line.get("unit_price")),
        discount=decimal(line.get("discount")),
        net=decimal(line.get("net")),
        tax_code=str(line.get("tax_code") or ""),
        tax_rate=decimal(line.get("tax_rate")),
        tax=decimal(line.get("tax")),
        total=decimal(line.get("total")),
        exemption_reason=str(line.get("exemption_reason") or ""),
        memo=str(line.get("memo") or ""),
    )


def printed_invoice(store: DocumentStore, doc_id: str, language: str) -> PrintedInvoice:
    """The printed form of sales invoice ``doc_id`` (404 when there is none), in ``language``; with its
    e-invoice's UUID, validation and QR code once MyInvois validated it."""
    from ledgerlet.einvoice.contract import validation_of
    from ledgerlet.ledger.contract import company_today
    from ledgerlet.masterdata.contract import MasterData
    from ledgerlet.printing.company import read_company
    from ledgerlet.sales.invoices import SALES_INVOICES

    document, customer = stored_document(store, SALES_INVOICES.kind, doc_id)
    book = MasterData(store).cash_book(document["cash_book_id"]) if document.get("cash_book_id") else None
    return invoice_page(
        document,
        read_company(store),
        customer,
        language,
        printed=company_today(store.tenant_id).isoformat(),
        cash_book=f"{book.code} {book.name}".strip() if book else str(document.get("cash_book_id") or ""),
        einvoice=einvoice_mark(validation_of(store.tenant_id, doc_id))
        if document.get("state") == "submitted"
        else None,
    )


def stored_document(store: DocumentStore, kind: MasterKind, doc_id: str) -> tuple[dict[str, Any], Customer]:
    """A stored sales document of ``kind`` to print (404 when there is none), and its customer as printed
    (as the document names it, when the customer is gone)."""
    from ledgerlet.errors import NotFound
    from ledgerlet.ids import is_id

    if not is_id(doc_id, kind.id_prefix):
        raise NotFound(f"{kind.label} {doc_id} does not exist")
    document = store.require(kind.doc_type, doc_id, kind.label)
    customer = read_customer(store, document["customer_id"]) or Customer(
        code=str(document.get("customer_code") or ""), name=str(document.get("customer_name") or "")
    )
    return document, customer


# --- the page ---------------------------------------------------------------------------------------------------

# The lines' columns: each heading, whether it holds figures (set to the right), and its share of the width
COLUMNS = (
    ("column.number", False),
    ("column.item", False),
    ("column.qty", True),
    ("column.unit", False),
    ("column.unit_price", True),
    ("column.discount", True),
    ("column.net", True),
    ("column.tax_code", False),
    ("column.tax", True),
    ("column.total", True),
)
LINE_WIDTHS = (0.04, 0.24, 0.07, 0.06, 0.10, 0.09, 0.11, 0.08, 0.09, 0.12)
QR_LEVEL = "M"  # QR error correction: 15% of the code may be lost (a folded, stamped page still scans)
QR_MM = 28  # the QR code's side, its quiet zone included


class InvoicePage(SalesPage):
    """The invoice's page; a page of a document printed like it (a proforma invoice) changes its parts."""

    def __init__(self, invoice: PrintedInvoice) -> None:
        super().__init__(invoice.language)
        self.invoice = invoice

    def heading_part(self) -> list[Any]:
        invoice = self.invoice
        alerts = []
        if invoice.state == "draft":
            alerts.append(self.text("status.draft"))
        if invoice.state == "cancelled":
            alerts.append(self.text("status.cancelled", reason=invoice.cancel_reason))
        return self.company_heading(invoice.company.name, invoice.company.lines(self.table), invoice.title, alerts)

    def parties(self) -> Any:
        """Who it is billed to, beside its number, dates, references and currency."""
        invoice, text = self.invoice, self.text
        customer = invoice.customer
        small = customer.numbers(self.table)
        if customer.code:
            small.append(text("party.account", value=customer.code))
        label = text("party.customer" if invoice.cash_sale else "party.bill_to")
        left = self.party(label, invoice.customer_name, customer.billing, small)
        prices = text("prices.inclusive" if invoice.prices_include_tax else "prices.exclusive")
        rows = [(text("field.number"), invoice.number), (text("field.date"), invoice.date)]
        if invoice.cash_sale:
            rows.append((text("field.paid_into"), invoice.cash_book))
        elif invoice.due_date:
            rows.append((text("field.due_date"), invoice.due_date))
        rows += [(text(key), value) for key, value in self.references() if value]
        rows += [(text("field.currency"), invoice.currency), (text("field.prices"), prices)]
        if invoice.memo:
            rows.append((text("field.memo"), invoice.memo))
        return self.beside(left, rows)

    def references(self) -> list[tuple[str, str]]:
        """The details beside its dates (those with a value are printed): the customer's reference, the order."""
        return [("field.reference", self.invoice.reference), ("field.order", self.invoice.order)]

    def below_total(self) -> list[tuple[str, Decimal, bool]]:
        """The figures under the total (key, amount, emphasised): what is still due once something settled it."""
        invoice = self.invoice
        if not invoice.partly_settled:
            return []
        return [("total.settled", -invoice.settled, False), ("total.due", invoice.outstanding, True)]

    def lines(self) -> Any:
        """Item, quantity, unit, unit price, discount, amount, tax code and rate, tax, total; the head on
        every page."""
        invoice, text, p = self.invoice, self.text, self.p
        rows: list[list[Any]] = [
            [p(text(key), self.cell_right_strong if figure else self.cell_strong) for key, figure in COLUMNS]
        ]
        money = invoice.money
        for number, line in enumerate(invoice.lines, start=1):
            item_cell = [p(line.item_code, self.cell_strong)]
            if line.description and line.description != line.item_code:
                item_cell.append(p(line.description, self.cell))
            if line.memo:
                item_cell.append(p(line.memo, self.cell_small))
            if line.exemption_reason:
                item_cell.append(p(text("line.exempt", reason=line.exemption_reason), self.cell_small))
            tax = [line.tax_code, rate_text(line.tax_rate)] if line.tax_code else [""]
            rows.append(
                [
                    p(str(number), self.cell),
                    item_cell,
                    p(quantity_text(line.qty), self.cell_right),
                    p(self.unit(line.unit), self.cell),
                    p(price_text(line.unit_price, invoice.currency), self.cell_right),
                    p(money(line.discount) if line.discount else "", self.cell_right),
                    p(money(line.net), self.cell_right),
                    self.lines_of(tax, self.cell),
                    p(money(line.tax), self.cell_right),
                    p(money(line.total), self.cell_right),
                ]
            )
        return self.lined(rows, LINE_WIDTHS)

    def totals(self) -> Any:
        """The totals on the right (then what is still due), the tax per tax code on the left."""
        from reportlab.platypus import Table, TableStyle

        invoice, text, p = self.invoice, self.text, self.p
        currency = invoice.currency
        figures: list[tuple[str, Decimal]] = []
        if invoice.discount:
            figures += [("total.subtotal", invoice.subtotal), ("total.discount", -invoice.discount)]
        figures += [("total.net", invoice.net), ("total.tax", invoice.tax)]
        if invoice.rounding:
            figures.append(("total.rounding", invoice.rounding))

        def figure(key: str, amount: Decimal, strong: bool = False) -> list[Any]:
            style = self.right_strong if strong else self.right
            return [p(f"{text(key)} ({currency})", style), p(invoice.money(amount), style)]

        rows = [figure(key, amount) for key, amount in figures]
        rows.append(figure("total.total", invoice.total, strong=True))
        emphasised = [len(rows) - 1]
        for key, amount, strong in self.below_total():
            rows.append(figure(key, amount, strong))
            if strong:
                emphasised.append(len(rows) - 1)
        totals = Table(rows, colWidths=[0.29 * self.width, 0.16 * self.width])
        totals.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    *[("LINEABOVE", (1, row), (1, row), 0.8, self.colors.black) for row in emphasised],
                ]
            )
        )
        left: Any = self.tax_summary() if invoice.taxes else ""
        table = Table([[left, totals]], colWidths=[0.55 * self.width, 0.45 * self.width])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table

    def tax_summary(self) -> Any:
        """Per tax code: its type, rate, taxable amount and tax, then their sums."""
        from reportlab.platypus import Table, TableStyle

        invoice, text, p = self.invoice, self.text, self.p
        heads = [
            p(text("tax.code"), self.cell_strong),
            p(text("column.tax_type"), self.cell_strong),
            p(text("column.rate"), self.cell_right_strong),
            p(text("column.taxable"), self.cell_right_strong),
            p(text("column.tax"), self.cell_right_strong),
        ]
        rows: list[list[Any]] = [[p(text("tax.summary"), self.cell_strong), "", "", "", ""], heads]
        for tax in invoice.taxes:
            rows.append(
                [
                    p(tax.tax_code, self.cell),
                    p(self.table.get(f"tax_type.{tax.tax_type}", tax.tax_type), self.cell),
                    p(rate_text(tax.rate), self.cell_right),
                    p(invoice.money(tax.taxable), self.cell_right),
                    p(invoice.money(tax.tax), self.cell_right),
                ]
            )
        taxable = sum((tax.taxable for tax in invoice.taxes), Decimal(0))
        tax_total = sum((tax.tax for tax in invoice.taxes), Decimal(0))
        rows.append(
            [
                p(text("total.total"), self.cell_strong),
                "",
                "",
                p(invoice.money(taxable), self.cell_right_strong),
                p(invoice.money(tax_total), self.cell_right_strong),
            ]
        )
        last = len(rows) - 1
        table = Table(rows, colWidths=[share * self.width for share in (0.09, 0.15, 0.07, 0.13, 0.10)])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("SPAN", (0, 0), (-1, 0)),
                    ("LEFTPADDING", (1, 0), (-1, -1), 3),  # the first column keeps 6, in line with the text
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 1), (-1, 1), 0.6, self.colors.black),
                    ("LINEABOVE", (0, last), (-1, last), 0.6, self.colors.black),
                ]
            )
        )
        return table

    def closing(self) -> Any:
        """The total in words, then how to pay (or that it is paid), kept together."""
        from reportlab.platypus import KeepTogether, Spacer

        invoice, text = self.invoice, self.text
        story = [self.p(text("words.label"), self.strong), self.p(invoice.words), Spacer(1, 4 * self.mm)]
        if invoice.cash_sale:
            story.append(self.p(text("note.paid")))
        elif invoice.state == "submitted" and invoice.outstanding > 0 and invoice.due_date:
            story.append(self.p(text("note.pay", due_date=invoice.due_date, number=invoice.number)))
        return KeepTogether(story)

    def einvoice_part(self) -> Any:
        """A valid e-invoice's QR code (its validation link), beside its UUID, validation date and link;
        None without one."""
        mark = self.invoice.einvoice
        if mark is None:
            return None
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import KeepTogether, Paragraph, Table, TableStyle

        text, p = self.text, self.p
        side = QR_MM * self.mm
        # The link in a narrow fixed-width face across the whole box, so that it is printed on one line
        # (LHDN's links are about a hundred characters) and can be typed from the page.
        link_style = ParagraphStyle("einvoice_link", parent=self.cell, fontName="Courier", fontSize=6.5, leading=8)
        link = Paragraph(mark.link.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), link_style)
        rows = [
            [p(text("einvoice.heading"), self.strong), ""],
            [p(text("einvoice.uuid"), self.cell_strong), p(mark.uuid, self.cell)],
            [p(text("einvoice.validated"), self.cell_strong), p(mark.validated_at, self.cell)],
            [p(text("einvoice.scan"), self.cell_small), ""],
            [p(text("einvoice.link"), self.cell_strong), ""],
        ]
        details = Table(rows, colWidths=[0.18 * self.width, self.width - side - 0.18 * self.width])
        details.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("SPAN", (0, 0), (-1, 0)),
                    ("SPAN", (0, 3), (-1, 3)),
                    ("SPAN", (0, 4), (-1, 4)),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        table = Table([[qr_drawing(mark.link, side), details], [link, ""]], colWidths=[side, self.width - side])
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("SPAN", (0, 1), (-1, 1)),
                    ("LEFTPADDING", (0, 0), (-1, 0), 0),
                    ("RIGHTPADDING", (0, 0), (-1, 0), 0),
                    ("LEFTPADDING", (0, 1), (-1, 1), 3),
                    ("RIGHTPADDING", (0, 1), (-1, 1), 3),
                    ("BOTTOMPADDING", (0, 1), (-1, 1), 4),
                    ("BOX", (0, 0), (-1, -1), 0.6, self.colors.HexColor("#999999")),
                ]
            )
        )
        return KeepTogether([table])


def qr_drawing(value: str, side: float) -> Any:
    """A QR code of ``value``, ``side`` points square (a vector drawing: one filled rectangle per run of
    dark modules in a row), drawn with reportlab's own QR encoder."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    drawing = Drawing(side, side)
    drawing.add(QrCodeWidget(value, barWidth=side, barHeight=side, barLevel=QR_LEVEL))
    return drawing


def render(invoice: PrintedInvoice, page: InvoicePage | None = None) -> bytes:
    """The invoice as a one-or-more-page A4 PDF (``page``: another document's page printed like it)."""
    from reportlab.platypus import Spacer

    from ledgerlet.printing.page import render as render_story

    page = page or InvoicePage(invoice)
    mm = page.mm
    story = [
        *page.heading_part(),
        Spacer(1, 2 * mm),
        page.parties(),
        Spacer(1, 4 * mm),
        page.lines(),
        Spacer(1, 3 * mm),
        page.totals(),
        Spacer(1, 4 * mm),
        page.closing(),
    ]
    einvoice = page.einvoice_part()
    if einvoice is not None:
        story += [Spacer(1, 5 * mm), einvoice]
    return render_story(
        story, title=f"{invoice.title} {invoice.number}", author=invoice.company.name, footer=page.foot(invoice.printed)
    )
