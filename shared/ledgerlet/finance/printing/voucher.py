"""A receipt or a payment on paper: the company's heading, the document, its lines and totals, the amount
in words, its reversal if any, and lines to sign. A4, drawn with reportlab's flowables.

:func:`cash_voucher` gathers what the page shows (plain values, :class:`Voucher`); :func:`render` draws
it and is pure, on the page every printed document shares (:mod:`ledgerlet.printing.page`, which imports
reportlab on the first print).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.finance.printing.texts import texts
from ledgerlet.money import money_text
from ledgerlet.printing.company import address_lines as _address_lines  # noqa: F401  (tests/platform reads it here)
from ledgerlet.printing.page import Page, amount_text
from ledgerlet.printing.words import amount_in_words

if TYPE_CHECKING:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.kinds import MasterKind


@dataclass(frozen=True)
class VoucherLine:
    account: str  # "4100 Sales"
    memo: str
    tax: str  # "SR5 51.00" or ""
    amount: Decimal


@dataclass(frozen=True)
class Voucher:
    """Everything one printed receipt or payment voucher shows."""

    kind: str  # "receipt" or "payment"
    language: str
    company_name: str
    company_lines: tuple[str, ...]  # registration numbers, address
    number: str
    date: str
    party: str
    cash_book: str
    reference: str
    memo: str
    currency: str
    amounts_are: str
    lines: tuple[VoucherLine, ...]
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    printed: str
    reversed_by: tuple[str, str, str] | None = None  # (code, date, reason)
    reverses: tuple[str, str] | None = None  # (code, reason)
    pending: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self, key: str, **params: Any) -> str:
        return texts(self.language)[key].format(**params)

    @property
    def title(self) -> str:
        return self.text(f"title.{self.kind}_reversal" if self.reverses else f"title.{self.kind}")

    @property
    def words(self) -> str:
        return amount_in_words(self.total, self.currency, self.language)

    def money(self, amount: Decimal) -> str:
        return amount_text(amount, self.currency)


def cash_voucher(store: DocumentStore, kind: MasterKind, doc_id: str, language: str) -> Voucher:
    """The printed form of receipt or payment ``doc_id``, in ``language``."""
    from ledgerlet.errors import NotFound
    from ledgerlet.ids import is_id
    from ledgerlet.ledger.contract import company_today
    from ledgerlet.masterdata.contract import MasterData
    from ledgerlet.printing.company import read_company

    if not is_id(doc_id, kind.id_prefix):
        raise NotFound(f"{kind.label} {doc_id} does not exist")
    document = store.require(kind.doc_type, doc_id, kind.label)
    master_data = MasterData(store)
    company = read_company(store)
    currency = document["currency"]
    taxes = {int(tax["line"]): tax for tax in document.get("taxes") or []}
    accounts: dict[str, str] = {}
    lines = []
    for position, line in enumerate(document["lines"]):
        account_id = line["account_id"]
        if account_id not in accounts:
            found = master_data.account(account_id)
            accounts[account_id] = f"{found.code} {found.name}" if found else account_id
        tax = taxes.get(position)
        lines.append(
            VoucherLine(
                accounts[account_id],
                line.get("memo") or "",
                f"{tax['tax_code']} {money_text(tax['amount'], currency)}" if tax else "",
                Decimal(str(line["amount"])),
            )
        )
    book = master_data.cash_book(document["cash_book_id"])
    reversed_by = reverses = None
    if document.get("reversed_by"):
        reversal = store.get(kind.doc_type, document["reversed_by"]) or {}
        reversed_by = (
            str(reversal.get("code") or document["reversed_by"]),
            str(document.get("reversed_on") or reversal.get("date") or ""),
            str(document.get("reversal_reason") or ""),
        )
    if document.get("reverses"):
        original = store.get(kind.doc_type, document["reverses"]) or {}
        reverses = (str(original.get("code") or document["reverses"]), str(document.get("reversal_reason") or ""))
    return Voucher(
        kind=kind.label,
        language=language,
        company_name=company.name,
        company_lines=company.lines(texts(language)),
        number=str(document.get("code") or doc_id),
        date=document["date"],
        party=str(document.get("party") or ""),
        cash_book=f"{book.code} {book.name}".strip() if book else document["cash_book_id"],
        reference=str(document.get("reference") or ""),
        memo=str(document.get("memo") or ""),
        currency=currency,
        amounts_are=document.get("amounts_are") or "exclusive",
        lines=tuple(lines),
        subtotal=Decimal(str(document.get("amount") or 0)),
        tax=Decimal(str(document.get("tax_total") or 0)),
        total=Decimal(str(document.get("total") or 0)),
        printed=company_today(store.tenant_id).isoformat(),
        reversed_by=reversed_by,
        reverses=reverses,
        pending=document.get("posting_state") != "posted",
    )


class _Page(Page):
    """The flowables of one voucher, in its language's fonts (reportlab imported by :class:`Page`)."""

    def __init__(self, voucher: Voucher) -> None:
        super().__init__(voucher.language)
        self.voucher = voucher

    def heading_part(self) -> list[Any]:
        """The company, the title and the document's state."""
        voucher = self.voucher
        alerts = []
        if voucher.reversed_by:
            code, day, reason = voucher.reversed_by
            alerts.append(voucher.text("status.reversed", date=day, code=code, reason=reason))
        if voucher.reverses:
            code, reason = voucher.reverses
            alerts.append(voucher.text("status.reversal", code=code, reason=reason))
        if voucher.pending:
            alerts.append(voucher.text("status.pending"))
        return self.company_heading(voucher.company_name, voucher.company_lines, voucher.title, alerts)

    def details(self) -> Any:
        """Number, date, who from or to, cash book, reference, amounts, memo: two label-value pairs a row."""
        voucher, text = self.voucher, self.voucher.text
        party_label = "field.received_from" if voucher.kind == "receipt" else "field.paid_to"
        amounts = f"{voucher.currency}, {text(f'amounts_are.{voucher.amounts_are}')}"
        rows = [
            (text("field.number"), voucher.number),
            (text("field.date"), voucher.date),
            (text(party_label), voucher.party),
            (text("field.cash_book"), voucher.cash_book),
            (text("field.reference"), voucher.reference),
            (text("field.amounts_are"), amounts),
        ]
        if voucher.memo:
            rows.append((text("field.memo"), voucher.memo))
        return self.pairs(rows, (0.17, 0.38, 0.15, 0.30))

    def lines(self) -> Any:
        """The lines (column heads again on every page), then subtotal, tax and total."""
        from reportlab.platypus import Table, TableStyle

        voucher, text, p = self.voucher, self.voucher.text, self.p
        heads = ("column.number", "column.account", "column.memo", "column.tax")
        rows: list[list[Any]] = [
            [*(p(text(key), self.strong) for key in heads), p(text("column.amount"), self.right_strong)]
        ]
        for number, line in enumerate(voucher.lines, start=1):
            amount = p(voucher.money(line.amount), self.right)
            rows.append([p(str(number)), p(line.account), p(line.memo), p(line.tax), amount])
        for key, amount in (("total.subtotal", voucher.subtotal), ("total.tax", voucher.tax)):
            rows.append(
                [p(f"{text(key)} ({voucher.currency})", self.right), "", "", "", p(voucher.money(amount), self.right)]
            )
        total = p(voucher.money(voucher.total), self.right_strong)
        rows.append([p(f"{text('total.total')} ({voucher.currency})", self.right_strong), "", "", "", total])
        count, colors = len(voucher.lines), self.colors
        table = Table(rows, colWidths=[share * self.width for share in (0.05, 0.30, 0.31, 0.16, 0.18)], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, count), (-1, count), 0.4, colors.grey),
                    ("LINEABOVE", (3, count + 3), (-1, count + 3), 0.8, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f0f0")),
                    *[("SPAN", (0, row), (3, row)) for row in range(count + 1, count + 4)],  # totals' labels
                ]
            )
        )
        return table

    def closing(self) -> Any:
        """The amount in words and the lines to sign, kept together after the last line."""
        from reportlab.platypus import KeepTogether, Spacer

        voucher = self.voucher
        signers = ("sign.prepared", "sign.approved", f"sign.received_{'by' if voucher.kind == 'receipt' else 'from'}")
        words = [self.p(voucher.text("words.label"), self.strong), self.p(voucher.words)]
        signatures = self.signatures([voucher.text(key) for key in signers])
        return KeepTogether([*words, Spacer(1, 16 * self.mm), signatures])


def render(voucher: Voucher) -> bytes:
    """The voucher as a one-or-more-page A4 PDF."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from ledgerlet.printing.page import render as render_story

    page = _Page(voucher)
    story = [
        *page.heading_part(),
        Spacer(1, 3 * mm),
        page.details(),
        Spacer(1, 4 * mm),
        page.lines(),
        Spacer(1, 4 * mm),
        page.closing(),
    ]
    footer = page.footer(
        voucher.text("footer.computer", printed=voucher.printed),
        lambda number: voucher.text("footer.page", page=number),
    )
    return render_story(story, title=f"{voucher.title} {voucher.number}", author=voucher.company_name, footer=footer)
