"""Opening balances from a CSV file: every row checked, then one manual journal that posts as usual.

The file's header is ``account_code,debit,credit`` with optional ``currency,amount,rate`` for a
foreign-currency balance (``amount`` of ``currency`` at ``rate`` MYR per unit; ``debit`` or
``credit`` is its MYR value and must equal ``amount x rate`` to the sen). Rows are numbered as a
spreadsheet shows them (the header is row 1), and every problem names its cell:
``body.row 7.account_code``. Debits must equal credits.

The journal ("Opening balances") goes through the journal applet's own checks (``prepare_journal``:
postable accounts, lock dates) and posts from the hub stream. It is in MYR: the journal rule takes one
currency per journal, so a foreign row's currency, amount and rate are kept on the journal
(``opening_foreign``) but post as their MYR value.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ledgerlet.errors import FieldError, Unprocessable
from ledgerlet.money import BASE_CURRENCY, is_quantized, to_base

REQUIRED = ("account_code", "debit", "credit")
OPTIONAL = ("currency", "amount", "rate")
MAX_ROWS = 500
MEMO = "Opening balances"


@dataclass(frozen=True)
class OpeningRow:
    row: int
    account_code: str
    debit: Decimal
    credit: Decimal
    currency: str = BASE_CURRENCY
    amount: Decimal | None = None
    rate: Decimal | None = None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "")) if text else Decimal(0)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse(text: str) -> list[OpeningRow]:
    """The rows of the file, each checked on its own (not yet against the company's accounts)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in next(reader, [])]
    if (
        tuple(header[:3]) != REQUIRED
        or any(name not in OPTIONAL for name in header[3:])
        or len(set(header)) < len(header)
    ):
        raise Unprocessable(
            "the first line must be the header account_code,debit,credit[,currency,amount,rate]",
            [FieldError("body.row 1", "expected account_code,debit,credit[,currency,amount,rate]", "opening.header")],
        )
    rows: list[OpeningRow] = []
    problems: list[FieldError] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        found = _row(number, values, problems)
        if found:
            rows.append(found)
    if not rows and not problems:
        problems.append(FieldError("body", "the file has no rows", "file.empty"))
    if len(rows) > MAX_ROWS:
        problems.append(FieldError("body", f"at most {MAX_ROWS} rows", "file.rows", {"max": MAX_ROWS}))
    if problems:
        raise _unprocessable(problems)
    debit = sum((r.debit for r in rows), Decimal(0))
    credit = sum((r.credit for r in rows), Decimal(0))
    if debit != credit:
        raise Unprocessable(
            f"debits ({debit}) and credits ({credit}) differ by {debit - credit}",
            [
                FieldError(
                    "body",
                    f"debits and credits differ by {debit - credit}",
                    "opening.unbalanced",
                    {"difference": str(debit - credit)},
                )
            ],
        )
    return rows


def _row(number: int, values: dict[str, str], problems: list[FieldError]) -> OpeningRow | None:
    where = f"body.row {number}"
    before = len(problems)
    code = values.get("account_code", "")
    if not code:
        problems.append(FieldError(f"{where}.account_code", "required", "required"))
    sides: dict[str, Decimal] = {}
    for side in ("debit", "credit"):
        amount = _decimal(values.get(side, ""))
        if amount is None or amount < 0 or not is_quantized(amount, BASE_CURRENCY):
            problems.append(
                FieldError(f"{where}.{side}", "an MYR amount >= 0 with at most 2 decimals", "opening.amount")
            )
        else:
            sides[side] = amount
    if len(sides) == 2 and bool(sides["debit"]) == bool(sides["credit"]):
        problems.append(
            FieldError(f"{where}.debit", "a row has either a debit or a credit, greater than zero", "opening.side")
        )
    currency = (values.get("currency") or BASE_CURRENCY).upper()
    amount = rate = None
    if currency != BASE_CURRENCY:
        amount, rate = _decimal(values.get("amount", "")), _decimal(values.get("rate", ""))
        if len(currency) != 3 or not currency.isalpha():
            problems.append(FieldError(f"{where}.currency", "a three-letter currency code", "code.currencies"))
        elif amount is None or amount <= 0 or not is_quantized(amount, currency):
            problems.append(
                FieldError(
                    f"{where}.amount",
                    f"a {currency} amount > 0 at its precision",
                    "opening.foreign_amount",
                    {"currency": currency},
                )
            )
        if rate is None or rate <= 0:
            problems.append(FieldError(f"{where}.rate", "MYR per unit, > 0", "opening.rate"))
        elif amount and len(sides) == 2 and len(problems) == before:
            myr = sides["debit"] or sides["credit"]
            if to_base(amount, rate) != myr:
                problems.append(
                    FieldError(
                        f"{where}.rate",
                        f"{amount} {currency} x {rate} is {to_base(amount, rate)}, not {myr}",
                        "opening.conversion",
                        {
                            "amount": str(amount),
                            "currency": currency,
                            "rate": str(rate),
                            "expected": str(to_base(amount, rate)),
                            "given": str(myr),
                        },
                    )
                )
    if len(problems) > before:
        return None
    return OpeningRow(number, code, sides["debit"], sides["credit"], currency, amount, rate)


def _unprocessable(problems: list[FieldError]) -> Unprocessable:
    shown = "; ".join(f"{p.field}: {p.message}" for p in problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return Unprocessable(shown + more, problems[:100])


def import_opening(store: Any, actor: Any, text: str, day: str) -> dict[str, Any]:
    """Check the file against the company's accounts and currencies and create the journal (once per file)."""
    from pydantic import ValidationError

    from ledgerlet.errors import Conflict, field_errors_from_pydantic
    from ledgerlet.finance.contract import JOURNALS, JournalCreate, create_journal, prepare_journal
    from ledgerlet.masterdata.contract import MasterData

    master_data = MasterData(store)

    rows = parse(text)
    problems: list[FieldError] = []
    lines: list[dict[str, Any]] = []
    for row in rows:
        where = f"body.row {row.row}"
        account = master_data.account_by_code(row.account_code)
        if account is None or account.archived:
            problems.append(
                FieldError(
                    f"{where}.account_code",
                    f"no account {row.account_code}",
                    "account.unknown",
                    {"account": row.account_code},
                )
            )
        elif account.is_header:
            problems.append(
                FieldError(
                    f"{where}.account_code",
                    f"{row.account_code} is a header account",
                    "account.header",
                    {"account": row.account_code},
                )
            )
        elif account.control:
            problems.append(
                FieldError(
                    f"{where}.account_code",
                    f"{row.account_code} is the {account.control} control account",
                    "account.control",
                    {"account": row.account_code},
                )
            )
        else:
            side = {"debit": row.debit} if row.debit else {"credit": row.credit}
            lines.append({"account_id": account.id, **side, "memo": f"Opening balance, row {row.row}"[:200]})
        if row.currency != BASE_CURRENCY and not master_data.has_active_currency(row.currency):
            problems.append(
                FieldError(
                    f"{where}.currency",
                    f"{row.currency} is not one of this company's currencies",
                    "currency.inactive",
                    {"currency": row.currency},
                )
            )
    if problems:
        raise _unprocessable(problems)
    try:
        body = JournalCreate.model_validate({"date": day, "memo": MEMO, "reference": "OPENING", "lines": lines})
    except ValidationError as error:
        raise _unprocessable(field_errors_from_pydantic(error.errors(), prefix="body")) from None
    fields = prepare_journal(store, body.model_dump(mode="python", exclude_none=True))
    foreign = [
        {"row": r.row, "account_code": r.account_code, "currency": r.currency, "amount": r.amount, "rate": r.rate}
        for r in rows
        if r.currency != BASE_CURRENCY
    ]
    if foreign:
        fields["opening_foreign"] = foreign
    journal_id = _journal_id(store.tenant_id, day, rows)
    existing = store.get(JOURNALS.doc_type, journal_id)
    if existing is not None:
        raise Conflict(f"this file was imported already, as journal {existing['code']} ({journal_id})")
    return create_journal(store, fields, actor, doc_id=journal_id)


def content_key(rows: list[OpeningRow]) -> str:
    """What an import says, whatever its layout: its rows sorted, each as account, side amounts,
    currency, foreign amount and rate in canonical form ("1000" and "1,000.00" are the same amount;
    the order of rows, blank lines and spacing do not matter)."""

    def number(value: Decimal | None) -> str:
        return "" if value is None else format(value.normalize(), "f")

    canonical = sorted(
        (
            row.account_code.upper(),
            number(row.debit),
            number(row.credit),
            row.currency,
            number(row.amount),
            number(row.rate),
        )
        for row in rows
    )
    return "\n".join("|".join(fields) for fields in canonical)


def _journal_id(tenant_id: str, day: str, rows: list[OpeningRow]) -> str:
    """The same balances for the same date make the same journal id: importing them twice is refused."""
    digest = int(hashlib.sha256(f"{tenant_id}:{day}:{content_key(rows)}".encode()).hexdigest(), 16)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "jv_" + "".join(alphabet[(digest >> (5 * n)) & 31] for n in range(26))
