"""A customer's statement of account for a period: per currency, the balance brought forward, each invoice,
debit note, credit note and receipt of the period in date order with the running balance, the closing
balance, and the aging of what is owed as at the period's last day (the AR aging of
:mod:`ledgerlet.sales.reports`, plus what the customer paid that no invoice took).

The balance is what the customer owes: invoices and debit notes add their totals, credit notes and
receipts take theirs off. Cash sales are paid when made and never owed, so they are left out; so are
drafts and cancelled documents.

:func:`statement_section` is pure (documents in, the section out); :func:`customer_statement` reads the
documents and the aging; :func:`render` draws it (reportlab imported on the first print).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.printing.company import Company
from ledgerlet.printing.page import amount_text
from ledgerlet.sales.printing.parts import Customer, SalesPage, decimal, read_customer, say

if TYPE_CHECKING:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.sales.reports import Receivables

# What a statement lists, by the kind it prints as: its hub type, and whether it adds to what is owed
KINDS = {
    "invoice": ("SALESINVOICE", 1),
    "debit_note": ("SALESDEBITNOTE", 1),
    "credit_note": ("SALESCREDITNOTE", -1),
    "receipt": ("CUSTOMERRECEIPT", -1),
}
ORDER = {kind: position for position, kind in enumerate(KINDS)}  # on one day: what is owed, then what is paid


@dataclass(frozen=True)
class StatementEntry:
    date: str
    kind: str  # a key of KINDS
    number: str
    reference: str
    due_date: str
    debit: Decimal
    credit: Decimal
    balance: Decimal  # after it


@dataclass(frozen=True)
class Aging:
    """What is owed as at the statement's date by days past due (``buckets``: ``current``, ``1-30``, ...,
    ``over 90``, as :func:`ledgerlet.sales.reports.aging` names them), and what the customer paid that no
    invoice took (``unapplied``, negative)."""

    buckets: tuple[str, ...]
    amounts: tuple[Decimal, ...]
    unapplied: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, Decimal(0)) + self.unapplied


@dataclass(frozen=True)
class StatementSection:
    """The statement in one currency."""

    currency: str
    opening: Decimal
    entries: tuple[StatementEntry, ...]
    closing: Decimal
    aging: Aging


@dataclass(frozen=True)
class PrintedStatement:
    language: str
    company: Company
    customer: Customer
    start: str
    end: str
    sections: tuple[StatementSection, ...]
    printed: str

    def text(self, key: str, **params: Any) -> str:
        return say(self.language, key, **params)

    @property
    def title(self) -> str:
        return self.text("title.statement")


def listed(kind: str, document: dict[str, Any]) -> bool:
    """Whether ``document`` (of ``kind``) is on a statement: submitted, and not a cash sale."""
    if kind == "receipt":
        return True
    return document.get("state") == "submitted" and not document.get("cash_book_id")


def entry_amount(kind: str, document: dict[str, Any]) -> Decimal:
    """What ``document`` adds to what the customer owes (negative: takes off)."""
    amount = decimal(document.get("amount" if kind == "receipt" else "total"))
    return amount * KINDS[kind][1]


def statement_section(
    currency: str, documents: Iterable[tuple[str, dict[str, Any]]], start: str, end: str, aging: Aging
) -> StatementSection:
    """The section of ``currency``: ``documents`` (kind, stored document; those on a statement, in the
    currency) dated before ``start`` make the balance brought forward, those from ``start`` to ``end``
    are listed in date order with the balance after each; later ones are left out."""
    opening = Decimal(0)
    listed_now: list[tuple[str, dict[str, Any]]] = []
    for kind, document in documents:
        if document["date"] < start:
            opening += entry_amount(kind, document)
        elif document["date"] <= end:
            listed_now.append((kind, document))
    listed_now.sort(key=lambda found: (found[1]["date"], ORDER[found[0]], found[1].get("code") or ""))
    balance, entries = opening, []
    for kind, document in listed_now:
        amount = entry_amount(kind, document)
        balance += amount
        notes = kind in ("credit_note", "debit_note")  # a note names the invoice it corrects or adds to
        reference = document.get("reference") or (document.get("source_code") if notes else "")
        entries.append(
            StatementEntry(
                date=document["date"],
                kind=kind,
                number=str(document.get("code") or document.get("id") or ""),
                reference=str(reference or ""),
                due_date=str(document.get("due_date") or "") if amount > 0 else "",
                debit=amount if amount > 0 else Decimal(0),
                credit=-amount if amount < 0 else Decimal(0),
                balance=balance,
            )
        )
    return StatementSection(currency, opening, tuple(entries), balance, aging)


def customer_aging(receivables: Receivables, customer_id: str, currency: str, unapplied: Decimal) -> Aging:
    """The customer's row of the AR aging in ``currency`` (zeros when it owes nothing there)."""
    row = next(
        (row for row in receivables.customers if row.customer_id == customer_id and row.currency == currency), None
    )
    amounts = (
        tuple(Decimal(amount) for amount in row.amounts) if row else tuple(Decimal(0) for _ in receivables.buckets)
    )
    return Aging(tuple(receivables.buckets), amounts, unapplied)


def customer_statement(store: DocumentStore, customer_id: str, start: str, end: str, language: str) -> PrintedStatement:
    """The statement of customer ``customer_id`` (404 when there is none) from ``start`` to ``end``."""
    from ledgerlet.errors import NotFound
    from ledgerlet.ledger.contract import company_today
    from ledgerlet.printing.company import read_company
    from ledgerlet.sales.reports import aging

    customer = read_customer(store, customer_id)
    if customer is None:
        raise NotFound(f"customer {customer_id} does not exist")
    documents = [
        (kind, document)
        for kind, (doc_type, _) in KINDS.items()
        for document in store.every(doc_type, equals={"customer_id": customer_id})
        if listed(kind, document) and document["date"] <= end
    ]
    currencies = sorted({str(document["currency"]) for _, document in documents})
    if not currencies:
        from ledgerlet.masterdata.contract import MasterData

        found = MasterData(store).customer(customer_id)
        currencies = [found.currency if found else "MYR"]
    receivables = aging(store, end)
    sections = []
    for currency in currencies:
        mine = [(kind, document) for kind, document in documents if document["currency"] == currency]
        unapplied = -sum((decimal(d.get("advance")) for kind, d in mine if kind == "receipt"), Decimal(0))
        section_aging = customer_aging(receivables, customer_id, currency, unapplied)
        sections.append(statement_section(currency, mine, start, end, section_aging))
    return PrintedStatement(
        language=language,
        company=read_company(store),
        customer=customer,
        start=start,
        end=end,
        sections=tuple(sections),
        printed=company_today(store.tenant_id).isoformat(),
    )


def bucket_label(bucket: str, language: str) -> str:
    """``current`` → Current; ``1-30`` → 1-30 days; ``over 90`` → Over 90 days (in ``language``)."""
    if bucket == "current":
        return say(language, "aging.current")
    if bucket.startswith("over "):
        return say(language, "aging.over", days=bucket.removeprefix("over "))
    low, _, high = bucket.partition("-")
    return say(language, "aging.days", low=low, high=high)


# --- the page ---------------------------------------------------------------------------------------------------

ENTRY_WIDTHS = (0.11, 0.15, 0.14, 0.14, 0.11, 0.115, 0.115, 0.115)


class _StatementPage(SalesPage):
    def __init__(self, statement: PrintedStatement) -> None:
        super().__init__(statement.language)
        self.statement = statement

    def heading_part(self) -> list[Any]:
        statement = self.statement
        return self.company_heading(statement.company.name, statement.company.lines(self.table), statement.title)

    def parties(self) -> Any:
        statement, text = self.statement, self.text
        customer = statement.customer
        small = customer.numbers(self.table)
        if customer.code:
            small.append(text("party.account", value=customer.code))
        left = self.party(text("party.customer"), customer.name, customer.billing, small)
        period = text("statement.period", start=statement.start, end=statement.end)
        return self.beside(left, [(text("field.as_at"), statement.end), (text("field.period"), period)])

    def section(self, section: StatementSection) -> list[Any]:
        """The currency's entries between the balance brought forward and the closing balance, then its
        aging."""
        from reportlab.platypus import KeepTogether, Spacer

        text, p, statement = self.text, self.p, self.statement

        def money(amount: Decimal) -> str:
            return amount_text(amount, section.currency)

        heads = ("column.date", "column.document", "field.number", "column.reference", "column.due_date")
        rows: list[list[Any]] = [
            [
                *(p(text(key), self.cell_strong) for key in heads),
                *(p(text(key), self.cell_right_strong) for key in ("column.debit", "column.credit", "column.balance")),
            ]
        ]

        def balance(day: str, label: str, amount: Decimal) -> list[Any]:  # over the document's four columns
            blank = ["", "", "", "", ""]
            return [p(day, self.cell), p(label, self.cell_strong), *blank, p(money(amount), self.cell_right_strong)]

        rows.append(balance(statement.start, text("statement.opening"), section.opening))
        for entry in section.entries:
            rows.append(
                [
                    p(entry.date, self.cell),
                    p(text(f"doc.{entry.kind}"), self.cell),
                    p(entry.number, self.cell),
                    p(entry.reference, self.cell),
                    p(entry.due_date, self.cell),
                    p(money(entry.debit) if entry.debit else "", self.cell_right),
                    p(money(entry.credit) if entry.credit else "", self.cell_right),
                    p(money(entry.balance), self.cell_right),
                ]
            )
        if not section.entries:
            rows.append(["", p(text("statement.none"), self.cell_small), "", "", "", "", "", ""])
        rows.append(balance(statement.end, text("statement.closing"), section.closing))
        last, black = len(rows) - 1, self.colors.black
        spans = [("SPAN", (1, 1), (4, 1)), ("SPAN", (1, last), (4, last))]
        entries = self.lined(rows, ENTRY_WIDTHS, [*spans, ("LINEABOVE", (0, last), (-1, last), 0.8, black)])
        heading = self.p(text("statement.section", currency=section.currency), self.strong)
        return [heading, Spacer(1, 1 * self.mm), entries, Spacer(1, 4 * self.mm), KeepTogether(self.aging(section))]

    def aging(self, section: StatementSection) -> list[Any]:
        """The aging as at the statement's date: each bucket, what no invoice took, the total due."""
        from reportlab.platypus import Table, TableStyle

        text, p, language = self.text, self.p, self.statement.language
        aged = section.aging
        labels = [bucket_label(bucket, language) for bucket in aged.buckets]
        amounts = list(aged.amounts)
        if aged.unapplied:
            labels.append(text("aging.unapplied"))
            amounts.append(aged.unapplied)
        labels.append(text("aging.total"))
        amounts.append(aged.total)
        table = Table(
            [
                [p(label, self.cell_right_strong) for label in labels],
                [p(amount_text(amount, section.currency), self.cell_right) for amount in amounts],
            ],
            colWidths=[self.width / len(labels)] * len(labels),
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("BACKGROUND", (0, 0), (-1, 0), self.colors.HexColor("#f0f0f0")),
                    ("BOX", (0, 0), (-1, -1), 0.6, self.colors.black),
                    ("INNERGRID", (0, 0), (-1, -1), 0.3, self.colors.grey),
                ]
            )
        )
        return [p(text("statement.aging", date=self.statement.end), self.strong), table]


def render(statement: PrintedStatement) -> bytes:
    """The statement as a one-or-more-page A4 PDF."""
    from reportlab.platypus import Spacer

    from ledgerlet.printing.page import render as render_story

    page = _StatementPage(statement)
    mm = page.mm
    story = [*page.heading_part(), Spacer(1, 2 * mm), page.parties(), Spacer(1, 5 * mm)]
    for section in statement.sections:
        story += [*page.section(section), Spacer(1, 6 * mm)]
    story.append(page.p(page.text("statement.note"), page.small))
    customer = statement.customer.code or statement.customer.name
    return render_story(
        story,
        title=f"{statement.title} {customer} {statement.end}",
        author=statement.company.name,
        footer=page.foot(statement.printed),
    )
