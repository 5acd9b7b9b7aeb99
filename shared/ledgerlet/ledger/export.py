"""Any report as rows, rendered to CSV or XLSX for download.

A report lays itself out as a :class:`Table` (a header row, then rows of text, ``Decimal`` amounts or
None for an empty cell). CSV writes amounts as plain decimals (``1250.00``, ``-35.10``); XLSX writes
them as numbers with a two-decimal number format, so totals can be re-added in a spreadsheet.
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
    """A report as rows. ``money`` holds the positions of the amount columns."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    money: set[int] = field(default_factory=set)


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


def to_csv(table: Table) -> str:
    """The table as CSV text with a header row (RFC 4180 line endings). Every text cell is neutralised,
    since names, memos and references are the users' own (an account named ``=1+1``)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralised(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return out.getvalue()


def to_xlsx(table: Table) -> bytes:
    """The table as a one-sheet workbook: a bold header row, amounts as numbers at 2 decimals."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = workbook.add_worksheet(_sheet_name(table.title))
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": MONEY_FORMAT})
    sheet.write_row(0, 0, table.columns, bold)
    widths = [len(name) for name in table.columns]
    for number, row in enumerate(table.rows, start=1):
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
    sheet.freeze_panes(1, 0)
    workbook.close()
    return out.getvalue()


def _sheet_name(title: str) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    return cleaned[:31] or "Report"
