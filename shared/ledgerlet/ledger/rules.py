"""Posting rules: how each kind of business document becomes journal entries. One table, pure code.

A rule reads the stored document (plain values) and a :class:`Lookup` of the master data it needs,
and returns the entries to post. Rules never touch storage; the posting service does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from ledgerlet.ledger.entries import Dimensions, JournalEntry, JournalLine, balance_entry, convert_line, reversal
from ledgerlet.ledger.money import quantize


class Lookup(Protocol):
    def cash_book(self, cash_book_id: str) -> dict[str, Any]: ...
    def tax_code(self, tax_code_id: str) -> dict[str, Any]: ...
    def system_account(self, role: str) -> str: ...


class PostingRefused(Exception):
    """The document cannot post as it stands (a business reason a user can act on)."""


EntryId = Callable[[int], str]  # the id of the n-th entry a document posts


@dataclass(frozen=True)
class Rule:
    module: str  # which lock date guards it: "general", "cash", "sales", ...
    build: Callable[[dict[str, Any], Lookup, EntryId], list[JournalEntry]]


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _dimensions(line: dict[str, Any]) -> Dimensions:
    return Dimensions(line.get("branch_id"), line.get("department_id"), line.get("project_id"))


def _entry(document: dict[str, Any], lines: list[JournalLine], lookup: Lookup, entry_id: str) -> JournalEntry:
    return balance_entry(
        entry_id,
        _day(document["date"]),
        lines,
        rounding_account_id=lookup.system_account("rounding"),
        memo=document.get("memo") or "",
        source_type=document["entity"],
        source_id=document["id"],
        source_code=document.get("code") or "",
    )


def journal(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
    """A manual journal posts its lines as written; an auto-reversing one also posts the reversal."""
    currency, rate = document["currency"], Decimal(document["rate"])
    lines = [
        convert_line(
            line["account_id"],
            quantize(Decimal(line.get("debit", 0)) - Decimal(line.get("credit", 0)), currency),
            currency,
            rate,
            dimensions=_dimensions(line),
            memo=line.get("memo") or "",
        )
        for line in document["lines"]
    ]
    entry = _entry(document, lines, lookup, entry_id(0))
    entries = [entry]
    if document.get("auto_reverse_on"):
        entries.append(reversal(entry, entry_id(1), _day(document["auto_reverse_on"])))
    return entries


def _cash(direction: int) -> Callable[[dict[str, Any], Lookup, EntryId], list[JournalEntry]]:
    """Receipts (+1) debit the cash book's account; payments (-1) credit it. Lines and tax take the other side."""

    def build(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
        currency, rate = document["currency"], Decimal(document["rate"])
        bank_account = lookup.cash_book(document["cash_book_id"])["account_id"]
        lines: list[JournalLine] = []
        total = Decimal(0)
        for line in document["lines"]:
            amount = Decimal(line["amount"])
            dims = _dimensions(line)
            lines.append(
                convert_line(
                    line["account_id"],
                    -direction * amount,
                    currency,
                    rate,
                    dimensions=dims,
                    memo=line.get("memo") or "",
                )
            )
            total += amount
            if line.get("tax_code_id"):
                tax_code = lookup.tax_code(line["tax_code_id"])
                tax = quantize(amount * Decimal(tax_code["rate"]) / 100, currency)
                if tax:
                    if not tax_code.get("account_id"):
                        raise PostingRefused(f"tax code {tax_code['code']} has no account to post tax to")
                    lines.append(
                        convert_line(
                            tax_code["account_id"],
                            -direction * tax,
                            currency,
                            rate,
                            dimensions=dims,
                            memo=f"{tax_code['code']} on {line.get('memo') or 'line'}",
                        )
                    )
                    total += tax
        lines.insert(0, convert_line(bank_account, direction * total, currency, rate))
        return [_entry(document, lines, lookup, entry_id(0))]

    return build


RULES: dict[str, Rule] = {
    "JOURNAL": Rule("general", journal),
    "RECEIPT": Rule("cash", _cash(+1)),
    "PAYMENT": Rule("cash", _cash(-1)),
}
