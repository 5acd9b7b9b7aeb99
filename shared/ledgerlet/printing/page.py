"""An A4 page drawn with reportlab's flowables, in its language's fonts, and the parts every printed
document has: the company's heading and the title, label-value details, lines to sign, the footer.

reportlab is imported inside the functions only, on the first print. Latin text is set in Helvetica;
Chinese in reportlab's built-in CID font ``STSong-Light``, whose glyphs the PDF viewer supplies. In a
Latin document a run Helvetica lacks (a customer's Chinese name) is set in the CJK font.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from ledgerlet.money import quantize
from ledgerlet.reference.codes import currency_precision

CJK_FONT = "STSong-Light"  # reportlab's built-in CID font: the viewer supplies its glyphs
LATIN_FONT, LATIN_BOLD = "Helvetica", "Helvetica-Bold"
MARGIN_MM = 18
_NOT_LATIN = re.compile(r"[^\u0000-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]+")


def markup(text: str, cjk: bool) -> str:
    """``text`` as paragraph markup: escaped, and in a Latin document any run a Latin font lacks (a
    Chinese name) set in the CJK font."""
    if cjk:
        return escape(text)
    return _NOT_LATIN.sub(lambda run: f'<font name="{CJK_FONT}">{escape(run.group())}</font>', escape(text))


# --- numbers as printed ----------------------------------------------------------------------------------------


def amount_text(amount: Decimal | str | int, currency: str) -> str:
    """``1071`` MYR → ``1,071.00``: at the currency's precision, thousands grouped, the sign kept."""
    return f"{quantize(Decimal(str(amount)), currency):,f}"


def quantity_text(quantity: Decimal | str | int) -> str:
    """``12.000`` → ``12``; ``2.50`` → ``2.5``; ``1500`` → ``1,500``."""
    value = Decimal(str(quantity))
    return f"{value.normalize():,f}" if value else "0"


def price_text(price: Decimal | str | int, currency: str) -> str:
    """A unit price: at least the currency's places, more when it has them (``59.9`` → ``59.90``,
    ``1.234567`` → ``1.234567``)."""
    value = Decimal(str(price))
    exponent = value.normalize().as_tuple().exponent
    places = max(currency_precision(currency), -exponent if isinstance(exponent, int) else 0)
    return f"{value:,.{places}f}"


def rate_text(rate: Decimal | str | int) -> str:
    """A tax rate in percent: ``10`` → ``10%``, ``6.5`` → ``6.5%``."""
    return f"{quantity_text(rate)}%"


# --- the page --------------------------------------------------------------------------------------------------


class Page:
    """The styles of one printed document in ``language``'s fonts (reportlab imported on construction),
    and the parts every document has."""

    def __init__(self, language: str) -> None:
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_CENTER, TA_RIGHT
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm

        register_fonts()
        self.colors, self.mm = colors, mm
        self.width = A4[0] - 2 * MARGIN_MM * mm
        self.cjk = language == "zh-CN"
        self.regular, self.bold = (CJK_FONT, CJK_FONT) if self.cjk else (LATIN_FONT, LATIN_BOLD)
        self.body = ParagraphStyle("body", fontName=self.regular, fontSize=9, leading=12)
        self.small = ParagraphStyle(
            "small", parent=self.body, fontSize=8, leading=10, textColor=colors.HexColor("#555")
        )
        self.strong = ParagraphStyle("strong", parent=self.body, fontName=self.bold)
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT)
        self.right_strong = ParagraphStyle("right_strong", parent=self.strong, alignment=TA_RIGHT)
        self.heading = ParagraphStyle("heading", parent=self.body, fontName=self.bold, fontSize=14, leading=18)
        self.title = ParagraphStyle(
            "title", parent=self.body, fontName=self.bold, fontSize=16, leading=22, alignment=TA_CENTER
        )
        self.alert = ParagraphStyle("alert", parent=self.strong, textColor=colors.HexColor("#b42318"))
        # the lines of a wide table (an invoice's ten columns)
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=8, leading=10)
        self.cell_strong = ParagraphStyle("cell_strong", parent=self.cell, fontName=self.bold)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.cell_right_strong = ParagraphStyle("cell_right_strong", parent=self.cell_strong, alignment=TA_RIGHT)
        self.cell_small = ParagraphStyle(
            "cell_small", parent=self.cell, fontSize=7, leading=9, textColor=colors.HexColor("#555")
        )

    def p(self, text: str, style: Any = None) -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(markup(text, self.cjk), style or self.body)

    def lines_of(self, lines: Sequence[str], style: Any = None) -> Any:
        """Several lines in one paragraph (one table cell), each escaped."""
        from reportlab.platypus import Paragraph

        return Paragraph("<br/>".join(markup(line, self.cjk) for line in lines), style or self.body)

    def company_heading(self, name: str, lines: Sequence[str], title: str, alerts: Sequence[str] = ()) -> list[Any]:
        """The company's name and its lines (registration numbers, address), the title, then what must
        catch the eye (a reversal, a draft, a cancellation)."""
        from reportlab.platypus import Spacer

        mm = self.mm
        story: list[Any] = [self.p(name, self.heading)] if name else []
        story += [self.p(line, self.small) for line in lines]
        story += [Spacer(1, 4 * mm), self.p(title, self.title), Spacer(1, 3 * mm)]
        story += [self.p(alert, self.alert) for alert in alerts]
        return story

    def pairs(self, rows: Sequence[tuple[str, str]], widths: Sequence[float]) -> Any:
        """Label-value pairs, as many a row as ``widths`` has pairs of columns (shares of the width)."""
        from reportlab.platypus import Table, TableStyle

        per_row = len(widths) // 2
        cells: list[list[Any]] = []
        for start in range(0, len(rows), per_row):
            row: list[Any] = []
            for label, value in rows[start : start + per_row]:
                row += [self.p(label, self.strong), self.p(value)]
            cells.append(row + [""] * (len(widths) - len(row)))
        table = Table(cells or [[""] * len(widths)], colWidths=[share * self.width for share in widths])
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        return table

    def signatures(self, labels: Sequence[str]) -> Any:
        """A line to sign above each label, side by side, a gap between the lines."""
        from reportlab.platypus import Table, TableStyle

        count, gap = len(labels), 8 * self.mm
        width = (self.width - gap * (count - 1)) / count
        widths = [width if column % 2 == 0 else gap for column in range(2 * count - 1)]
        label_row: list[Any] = []
        for label in labels:
            label_row += [self.p(label, self.small), ""]
        table = Table([[""] * len(widths), label_row[:-1]], colWidths=widths, rowHeights=[12 * self.mm, None])
        table.setStyle(
            TableStyle(
                [
                    *[
                        ("LINEABOVE", (column, 1), (column, 1), 0.6, self.colors.black)
                        for column in range(0, len(widths), 2)
                    ],
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return table

    def footer(self, note: str, page_label: Callable[[int], str]) -> Callable[[Any, Any], None]:
        """What every page carries at its foot: ``note`` on the left, the page's number on the right."""

        def draw(canvas: Any, document: Any) -> None:
            from reportlab.lib.pagesizes import A4

            mm = self.mm
            canvas.saveState()
            canvas.setFont(self.regular, 7)
            canvas.setFillColor(self.colors.HexColor("#777777"))
            canvas.drawString(MARGIN_MM * mm, 10 * mm, note)
            canvas.drawRightString(A4[0] - MARGIN_MM * mm, 10 * mm, page_label(document.page))
            canvas.restoreState()

        return draw


def render(story: list[Any], *, title: str, author: str, footer: Callable[[Any, Any], None]) -> bytes:
    """``story`` as a one-or-more-page A4 PDF, ``footer`` drawn on every page."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    output = BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=MARGIN_MM * mm,
        rightMargin=MARGIN_MM * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=author,
        invariant=True,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return output.getvalue()


def register_fonts() -> None:
    """The CJK font registered with reportlab, once per process (before a :class:`Page` draws)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
