"""A receipt or a payment on paper: the company's heading, the document, its lines and totals, the amount
in words, its reversal if any, and lines to sign. A4, drawn with reportlab's flowables.

:func:`cash_voucher` gathers what the page shows (plain values, :class:`Voucher`); :func:`render` draws
it and is pure. reportlab is imported here only, on the first print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ledgerlet.finance.printing.texts import texts
from ledgerlet.finance.printing.words import amount_in_words
from ledgerlet.money import money_text

if TYPE_CHECKING:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.kinds import MasterKind

CJK_FONT = "STSong-Light"  # reportlab's built-in CID font: the viewer supplies its glyphs
LATIN_FONT, LATIN_BOLD = "Helvetica", "Helvetica-Bold"
_NOT_LATIN = re.compile(r"[^\u0000-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]+")


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
        text = money_text(amount, self.currency)
        whole, _, fraction = text.partition(".")
        return f"{int(whole):,}" + (f".{fraction}" if fraction else "")


def cash_voucher(store: DocumentStore, kind: MasterKind, doc_id: str, language: str) -> Voucher:
    """The printed form of receipt or payment ``doc_id``, in ``language``."""
    from ledgerlet.company import company_profile
    from ledgerlet.errors import NotFound
    from ledgerlet.ids import is_id
    from ledgerlet.ledger.contract import company_today
    from ledgerlet.masterdata.contract import MasterData

    if not is_id(doc_id, kind.id_prefix):
        raise NotFound(f"{kind.label} {doc_id} does not exist")
    document = store.require(kind.doc_type, doc_id, kind.label)
    master_data = MasterData(store)
    profile = company_profile(store.db, store.table, store.tenant_id) or {}
    table = texts(language)
    company_lines = [
        table[key].format(value=profile[name])
        for key, name in (("company.brn", "brn"), ("company.tin", "tin"), ("company.sst", "sst_number"))
        if profile.get(name)
    ]
    company_lines += _address_lines(profile.get("address"))
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
        company_name=str(profile.get("legal_name") or ""),
        company_lines=tuple(company_lines),
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


def _address_lines(address: Any) -> list[str]:
    """The address as printed: its street lines, then "postcode city", then the state's name."""
    if not isinstance(address, dict):
        return []
    from ledgerlet.reference.codes import states

    lines = [str(address[name]) for name in ("line1", "line2", "line3") if address.get(name)]
    town = " ".join(str(address[name]) for name in ("postcode", "city") if address.get(name))
    if town:
        lines.append(town)
    if address.get("state"):
        lines.append(states().get(str(address["state"]), str(address["state"])).title())
    return lines


def _markup(text: str, cjk: bool) -> str:
    """``text`` as paragraph markup: escaped, and in a Latin document any run a Latin font lacks (a
    Chinese name) set in the CJK font."""
    if cjk:
        return escape(text)
    return _NOT_LATIN.sub(lambda run: f'<font name="{CJK_FONT}">{escape(run.group())}</font>', escape(text))


class _Page:
    """The flowables of one voucher, in its language's fonts (reportlab already imported)."""

    def __init__(self, voucher: Voucher) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER, TA_RIGHT
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm

        self.voucher = voucher
        self.colors, self.mm = colors, mm
        self.width = A4[0] - 36 * mm
        self.cjk = voucher.language == "zh-CN"
        self.regular, bold = (CJK_FONT, CJK_FONT) if self.cjk else (LATIN_FONT, LATIN_BOLD)
        self.body = ParagraphStyle("body", fontName=self.regular, fontSize=9, leading=12)
        self.small = ParagraphStyle(
            "small", parent=self.body, fontSize=8, leading=10, textColor=colors.HexColor("#555")
        )
        self.strong = ParagraphStyle("strong", parent=self.body, fontName=bold)
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT)
        self.right_strong = ParagraphStyle("right_strong", parent=self.strong, alignment=TA_RIGHT)
        self.heading = ParagraphStyle("heading", parent=self.body, fontName=bold, fontSize=14, leading=18)
        self.title = ParagraphStyle(
            "title", parent=self.body, fontName=bold, fontSize=16, leading=22, alignment=TA_CENTER
        )
        self.alert = ParagraphStyle("alert", parent=self.strong, textColor=colors.HexColor("#b42318"))

    def p(self, text: str, style: Any = None) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(_markup(text, self.cjk), style or self.body)

    def heading_part(self) -> list[Any]:
        """The company, the title and the document's state."""
        from reportlab.platypus import Spacer

        voucher, mm = self.voucher, self.mm
        story: list[Any] = [self.p(voucher.company_name, self.heading)] if voucher.company_name else []
        story += [self.p(line, self.small) for line in voucher.company_lines]
        story += [Spacer(1, 4 * mm), self.p(voucher.title, self.title), Spacer(1, 3 * mm)]
        if voucher.reversed_by:
            code, day, reason = voucher.reversed_by
            story.append(self.p(voucher.text("status.reversed", date=day, code=code, reason=reason), self.alert))
        if voucher.reverses:
            code, reason = voucher.reverses
            story.append(self.p(voucher.text("status.reversal", code=code, reason=reason), self.alert))
        if voucher.pending:
            story.append(self.p(voucher.text("status.pending"), self.alert))
        return story

    def details(self) -> Any:
        """Number, date, who from or to, cash book, reference, amounts, memo: two label-value pairs a row."""
        from reportlab.platypus import Table, TableStyle

        voucher, text = self.voucher, self.voucher.text
        party_label = "field.received_from" if voucher.kind == "receipt" else "field.paid_to"
        amounts = f"{voucher.currency}, {text(f'amounts_are.{voucher.amounts_are}')}"
        rows = [
            (text("field.number"), voucher.number, text("field.date"), voucher.date),
            (text(party_label), voucher.party, text("field.cash_book"), voucher.cash_book),
            (text("field.reference"), voucher.reference, text("field.amounts_are"), amounts),
        ]
        if voucher.memo:
            rows.append((text("field.memo"), voucher.memo, "", ""))
        table = Table(
            [[self.p(a, self.strong), self.p(b), self.p(c, self.strong), self.p(d)] for a, b, c, d in rows],
            colWidths=[share * self.width for share in (0.17, 0.38, 0.15, 0.30)],
        )
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        return table

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
        from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

        voucher, mm = self.voucher, self.mm
        signers = ("sign.prepared", "sign.approved", f"sign.received_{'by' if voucher.kind == 'receipt' else 'from'}")
        signatures = Table(
            [["", "", ""], [self.p(voucher.text(key), self.small) for key in signers]],
            colWidths=[self.width / 3] * 3,
            rowHeights=[12 * mm, None],
        )
        signatures.setStyle(
            TableStyle(
                [
                    *[("LINEABOVE", (column, 1), (column, 1), 0.6, self.colors.black) for column in range(3)],
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 16),
                ]
            )
        )
        words = [self.p(voucher.text("words.label"), self.strong), self.p(voucher.words)]
        return KeepTogether([*words, Spacer(1, 16 * mm), signatures])

    def footer(self, canvas: Any, document: Any) -> None:
        from reportlab.lib.pagesizes import A4

        canvas.saveState()
        canvas.setFont(self.regular, 7)
        canvas.setFillColor(self.colors.HexColor("#777777"))
        canvas.drawString(
            18 * self.mm, 10 * self.mm, self.voucher.text("footer.computer", printed=self.voucher.printed)
        )
        canvas.drawRightString(A4[0] - 18 * self.mm, 10 * self.mm, self.voucher.text("footer.page", page=document.page))
        canvas.restoreState()


def render(voucher: Voucher) -> bytes:
    """The voucher as a one-or-more-page A4 PDF."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Spacer

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
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
    output = BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{voucher.title} {voucher.number}",
        author=voucher.company_name,
        invariant=True,
    )
    document.build(story, onFirstPage=page.footer, onLaterPages=page.footer)
    return output.getvalue()
