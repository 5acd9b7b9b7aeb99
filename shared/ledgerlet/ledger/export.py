"""Any report as rows, rendered to CSV or XLSX for download.

A report lays itself out as a :class:`Table` (its title, the period or date it covers, the filters it
was run with, a header row, then rows of text, ``Decimal`` amounts or None for an empty cell). A file
reads like the report: a heading block first (company, report, period or as-at date, currency, the
organisation unit filters, when it was generated), one blank row, then the table, each subtotal and
total once, in the order the console shows them. CSV writes amounts as plain decimals (``1250.00``,
``-35.10``); XLSX writes them as numbers with a two-decimal number format, so totals can be re-added
in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00;-#,##0.00"


@dataclass(frozen=True)
class Table:
    """A report as rows. ``money`` holds the positions of the amount columns; ``period`` is the heading
    line naming what the report covers (``("Period", "2026-01 to 2026-03")``, ``("As at", ...)``);
    ``filters`` are further heading lines (an organisation unit, an account)."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    money: set[int] = field(default_factory=set)
    period: tuple[str, str] | None = None
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Letterhead:
    """What every download says about where it comes from: the company, its currency, and when."""

    company: str
    currency: str
    generated_at: str


def heading(table: Table, letterhead: Letterhead) -> list[list[str]]:
    """The heading block: one ``label, value`` line each, in a fixed order."""
    lines = [["Company", letterhead.company], ["Report", table.title]]
    if table.period:
        lines.append(list(table.period))
    lines.append(["Currency", letterhead.currency])
    lines += [list(line) for line in table.filters]
    lines.append(["Generated at", letterhead.generated_at])
    return lines


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet opening a CSV runs a cell starting with one of these as a formula (OWASP, CSV injection)."""


def neutralised(text: str) -> str:
    """Text as a spreadsheet shows it, never runs it: a leading ``'`` before a formula-like start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: Any) -> str:
    """Amounts as plain decimals (a negative one is a number, not a formula); text neutralised."""
    return _text(value) if value is None or isinstance(value, Decimal) else neutralised(str(value))


def to_csv(table: Table, letterhead: Letterhead) -> str:
    """The heading block, a blank line, then the table with its header row (RFC 4180 line endings).
    Every text cell is neutralised, heading cells too, since names, memos and references are the users'
    own (an account named ``=1+1``, a company named ``@Home``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for line in heading(table, letterhead):
        writer.writerow([neutralised(cell) for cell in line])
    writer.writerow([])
    writer.writerow([neutralised(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue()


def to_xlsx(table: Table, letterhead: Letterhead) -> bytes:
    """The table as a one-sheet workbook: the heading block (labels bold), a blank row, a bold header
    row, amounts as numbers at 2 decimals. Every cell is written as text or a number, never a formula."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet(_sheet_name(table.title))
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": MONEY_FORMAT})
    lines = heading(table, letterhead)
    for number, (label, value) in enumerate(lines):
        sheet.write_string(number, 0, label, bold)
        sheet.write_string(number, 1, value)
    top = len(lines) + 1  # after a blank row
    sheet.write_row(top, 0, table.columns, bold)
    widths = [len(name) for name in table.columns]
    widths[0] = max([widths[0], *(len(label) for label, _ in lines)])
    for number, row in enumerate(table.rows, start=top + 1):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, Decimal):
                sheet.write_number(number, column, float(value), money)
            else:
                sheet.write_string(number, column, str(value))
            widths[column] = max(widths[column], len(_text(value)))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(width + 2, 60))
    sheet.freeze_panes(top + 1, 0)
    workbook.close()
    return out.getvalue()


def _sheet_name(title: str) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return cleaned[:31] or "Report"
