"""A proforma invoice on paper: printed like a sales invoice (:mod:`.invoice`: the company's heading with its
SST number, the customer, the lines with their tax, the totals and the tax per tax code, the total in
words), titled PROFORMA INVOICE, saying under the title that it is not a tax invoice, with its validity
beside its dates and the deposit asked under the total.

:func:`proforma_page` is pure; :func:`printed_proforma` reads what it needs; :func:`render` draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.sales.printing.invoice import InvoicePage, PrintedInvoice, invoice_page
from ledgerlet.sales.printing.invoice import render as render_invoice
from ledgerlet.sales.printing.parts import decimal

if TYPE_CHECKING:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.printing.company import Company
    from ledgerlet.sales.printing.parts import Customer


@dataclass(frozen=True)
class PrintedProforma(PrintedInvoice):
    """Everything one printed proforma invoice shows: an invoice's, with its validity, the quotation it
    comes from and the deposit asked (None: none asked)."""

    valid_until: str = ""
    quotation: str = ""
    deposit: Decimal | None = None

    @property
    def title(self) -> str:
        return self.text("title.proforma")


def proforma_page(
    document: dict[str, Any], company: Company, customer: Customer, language: str, *, printed: str
) -> PrintedProforma:
    """What the page of the stored proforma invoice ``document`` shows, in ``language`` (nothing settles
    it and it falls due on no day: it is no open item)."""
    base = invoice_page(
        {**document, "due_date": None, "cash_book_id": None}, company, customer, language, printed=printed
    )
    from_quotation = document.get("source_type") == "QUOTATION"
    return PrintedProforma(
        **{field.name: getattr(base, field.name) for field in fields(PrintedInvoice)},
        valid_until=str(document.get("valid_until") or ""),
        quotation=str(document.get("source_code") or "") if from_quotation else "",
        deposit=decimal(document["deposit"]) if document.get("deposit") is not None else None,
    )


def printed_proforma(store: DocumentStore, doc_id: str, language: str) -> PrintedProforma:
    """The printed form of proforma invoice ``doc_id`` (404 when there is none), in ``language``."""
    from ledgerlet.ledger.contract import company_today
    from ledgerlet.printing.company import read_company
    from ledgerlet.sales.printing.invoice import stored_document
    from ledgerlet.sales.proforma import PROFORMA_INVOICES

    document, customer = stored_document(store, PROFORMA_INVOICES.kind, doc_id)
    return proforma_page(
        document, read_company(store), customer, language, printed=company_today(store.tenant_id).isoformat()
    )


class _ProformaPage(InvoicePage):
    def __init__(self, proforma: PrintedProforma) -> None:
        super().__init__(proforma)
        self.invoice: PrintedProforma = proforma

    def heading_part(self) -> list[Any]:
        """The invoice's heading, then (catching the eye) that this is not a tax invoice."""
        return [*super().heading_part(), self.p(self.text("note.not_tax_invoice"), self.alert)]

    def references(self) -> list[tuple[str, str]]:
        proforma = self.invoice
        return [
            ("field.valid_until", proforma.valid_until),
            *super().references(),
            ("field.quotation", proforma.quotation),
        ]

    def below_total(self) -> list[tuple[str, Decimal, bool]]:
        deposit = self.invoice.deposit
        return [] if deposit is None else [("total.deposit", deposit, True)]

    def closing(self) -> Any:
        """The total in words, that it is not a tax invoice, and how to pay the deposit asked."""
        from reportlab.platypus import KeepTogether, Spacer

        proforma, text = self.invoice, self.text
        story = [self.p(text("words.label"), self.strong), self.p(proforma.words), Spacer(1, 4 * self.mm)]
        story.append(self.p(text("note.not_tax_invoice"), self.strong))
        if proforma.deposit and proforma.state != "cancelled":
            story.append(self.p(text("note.deposit", number=proforma.number)))
        return KeepTogether(story)


def render(proforma: PrintedProforma) -> bytes:
    """The proforma invoice as a one-or-more-page A4 PDF."""
    return render_invoice(proforma, _ProformaPage(proforma))
