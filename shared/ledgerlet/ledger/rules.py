"""Posting rules: how each kind of business document becomes journal entries. One table, pure code.

A rule reads the stored document (plain values) and a :class:`Lookup` of the master data it needs,
and returns the entries to post. Rules never touch storage; the posting service does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from ledgerlet.ledger.entries import Dimensions, JournalEntry, JournalLine, balance_entry, convert_line, reversal
from ledgerlet.money import BASE_CURRENCY, quantize, to_base

if TYPE_CHECKING:
    from ledgerlet.masterdata.contract import CashBook, TaxCode


class Lookup(Protocol):
    def cash_book(self, cash_book_id: str) -> CashBook: ...
    def tax_code(self, tax_code_id: str) -> TaxCode: ...
    def system_account(self, role: str) -> str: ...
    def carried(self, account_id: str, currency: str, up_to: date) -> tuple[Decimal, Decimal]: ...
    def posted_entry(self, entry_id: str) -> JournalEntry: ...


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
    """Receipts (+1) debit the cash book's account; payments (-1) credit it. Lines and tax take the other side.

    Tax on a receipt is collected, owed to customs: credited to the tax code's account. Tax on a
    payment was paid: Malaysian SST gives no input credit in general, so it is part of the cost and
    posts with the line's own account, unless the tax code is deductible (its deduction account).

    A reversal (a document that ``reverses`` another) posts the mirror of the original's entries."""

    def build(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
        if document.get("reverses"):
            return _mirror(document, lookup, entry_id)
        currency, rate = document["currency"], Decimal(document["rate"])
        bank_account = lookup.cash_book(document["cash_book_id"]).account_id
        fixed = {int(tax["line"]): Decimal(str(tax["amount"])) for tax in document.get("taxes") or []}
        lines: list[JournalLine] = []
        total = Decimal(0)
        inclusive = document.get("amounts_are") == "inclusive"
        for position, line in enumerate(document["lines"]):
            written = Decimal(line["amount"])
            # the line's own amount: as written, or without the tax it includes (fixed at creation)
            amount = written - fixed.get(position, Decimal(0)) if inclusive else written
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
                # as fixed when the document was created (documents from before that: at today's rate)
                tax = fixed[position] if position in fixed else quantize(amount * tax_code.rate / 100, currency)
                if tax:
                    tax_account = tax_code.account_id if direction > 0 else tax_code.deduction_account_id
                    if direction < 0 and tax_account is None:
                        tax_account = line["account_id"]  # no input credit: the tax is part of the cost
                    if not tax_account:
                        raise PostingRefused(f"tax code {tax_code.code} has no account to post tax to")
                    lines.append(
                        convert_line(
                            tax_account,
                            -direction * tax,
                            currency,
                            rate,
                            dimensions=dims,
                            memo=f"{tax_code.code} on {line.get('memo') or 'line'}",
                        )
                    )
                    total += tax
        lines.insert(0, convert_line(bank_account, direction * total, currency, rate))
        return [_entry(document, lines, lookup, entry_id(0))]

    return build


def _mirror(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
    """The entries of the document ``document`` reverses (``reverses_entry_ids``, copied from it when
    the reversal was made), every amount and base amount negated, dated and sourced as ``document``.

    Mirrored from the entries as they were written, not rebuilt from the document: a cash book's account
    or a tax code's account changed since cannot make the reversal differ from what it undoes."""
    originals = document.get("reverses_entry_ids") or []
    if not originals:
        raise PostingRefused(f"{document['reverses']} has no posted entries to reverse")
    return [
        replace(
            reversal(
                lookup.posted_entry(original), entry_id(n), _day(document["date"]), memo=document.get("memo") or ""
            ),
            source_type=document["entity"],
            source_id=document["id"],
            source_code=document.get("code") or "",
        )
        for n, original in enumerate(originals)
    ]


def transfer(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
    """Money moves between two cash books. Across currencies it passes through the exchange clearing
    account, so the entry balances per currency, and the amount leaving is measured at the MYR the
    source account carries it at: the difference to what arrives is a realised exchange gain or loss."""
    source = lookup.cash_book(document["from_cash_book_id"]).account_id
    target = lookup.cash_book(document["to_cash_book_id"]).account_id
    sent, sent_currency = Decimal(document["amount"]), document["from_currency"]
    received, received_currency = Decimal(document["received_amount"]), document["to_currency"]
    if sent_currency == received_currency:
        lines = [
            convert_line(target, received, received_currency, Decimal(document["rate"])),
            convert_line(source, -sent, sent_currency, Decimal(document["rate"])),
        ]
        return [_entry(document, lines, lookup, entry_id(0))]
    sent_base = _carried_value(
        lookup, source, sent, sent_currency, rate=Decimal(document["rate"]), day=_day(document["date"])
    )
    received_base = to_base(received, Decimal(document["to_rate"]))
    clearing = lookup.system_account("fx_clearing")
    lines = [
        JournalLine(source, -sent, sent_currency, -sent_base, memo="Converted"),
        JournalLine(clearing, sent, sent_currency, received_base, memo=f"{sent_currency} converted"),
        JournalLine(target, received, received_currency, received_base, memo="Received"),
        JournalLine(clearing, -received, received_currency, -received_base, memo=f"{received_currency} received"),
    ]
    gain = received_base - sent_base
    if gain:
        role = "fx_gain_realised" if gain > 0 else "fx_loss_realised"
        zero = quantize(Decimal(0), BASE_CURRENCY)
        lines.append(
            JournalLine(lookup.system_account(role), zero, BASE_CURRENCY, -gain, memo="Realised exchange difference")
        )
    return [_entry(document, lines, lookup, entry_id(0))]


def _carried_value(
    lookup: Lookup, account: str, amount: Decimal, currency: str, *, rate: Decimal, day: date
) -> Decimal:
    """The MYR value ``amount`` of ``currency`` is carried at in ``account``: its share of the open
    balance's carried MYR (average rate); today's rate when the account holds none of that currency."""
    if currency == BASE_CURRENCY:
        return amount
    held, carried = lookup.carried(account, currency, day)
    if held <= 0 or carried <= 0:
        return to_base(amount, rate)
    return quantize(amount * carried / held, BASE_CURRENCY)


def _sales_document(sign: int) -> Callable[[dict[str, Any], Lookup, EntryId], list[JournalEntry]]:
    """A sales invoice (``sign`` 1): the receivable (a cash sale: its cash book) is debited with the total;
    revenue is credited with the lines' net, per revenue account; SST payable with each tax code's tax; and
    the cash rounding (what the customer paid over the lines, or under) to the rounding account. A credit
    note (-1) posts the same the other way."""

    def build(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
        currency, rate = document["currency"], Decimal(document["rate"])
        if document.get("cash_book_id"):
            debit = lookup.cash_book(document["cash_book_id"]).account_id
        else:
            debit = document.get("receivable_account_id") or lookup.system_account("receivable")
        total = sign * Decimal(document["total"])
        lines = [convert_line(debit, total, currency, rate, memo=document.get("customer_name") or "")]
        revenue: dict[str, Decimal] = {}
        for line in document["lines"]:
            account = line["revenue_account_id"]
            revenue[account] = revenue.get(account, Decimal(0)) + Decimal(line["net"])
        lines += [convert_line(a, -sign * amount, currency, rate, memo="Sales") for a, amount in revenue.items()]
        for tax in document.get("taxes") or []:
            amount = Decimal(tax["tax"])
            if not amount:
                continue
            account = lookup.tax_code(tax["tax_code_id"]).account_id
            if not account:
                raise PostingRefused(f"tax code {tax['tax_code']} has no account to post tax to")
            memo = f"{tax['tax_code']} {tax['rate']}%"
            lines.append(convert_line(account, -sign * amount, currency, rate, memo=memo))
        rounding = sign * Decimal(document.get("rounding") or 0)
        if rounding:
            rounding_account = lookup.system_account("rounding")
            lines.append(convert_line(rounding_account, -rounding, currency, rate, memo="Cash rounding"))
        return [_entry(document, lines, lookup, entry_id(0))]

    return build


sales_invoice = _sales_document(+1)
credit_note = _sales_document(-1)


def customer_receipt(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
    """A customer's receipt: the cash book is debited with what came in (at the receipt's rate); each invoice
    it settles credits its receivable at the invoice's rate, so the receivable leaves at what it was booked
    at and a change of rate since is a realised exchange gain or loss; an advance credits customer deposits."""
    currency, rate = document["currency"], Decimal(document["rate"])
    bank = lookup.cash_book(document["cash_book_id"]).account_id
    amount = Decimal(document["amount"])
    lines = [convert_line(bank, amount, currency, rate, memo=document.get("customer_name") or "")]
    gain = Decimal(0)
    for allocation in document.get("allocations") or []:
        taken, booked_at = Decimal(allocation["amount"]), Decimal(allocation["invoice_rate"])
        receivable = allocation.get("receivable_account_id") or lookup.system_account("receivable")
        lines.append(convert_line(receivable, -taken, currency, booked_at, memo=allocation.get("invoice_code") or ""))
        gain += to_base(taken, rate) - to_base(taken, booked_at)
    advance = Decimal(document.get("advance") or 0)
    if advance:
        deposits = lookup.system_account("customer_deposits")
        lines.append(convert_line(deposits, -advance, currency, rate, memo="Advance"))
    if gain:
        role = "fx_gain_realised" if gain > 0 else "fx_loss_realised"
        zero = quantize(Decimal(0), BASE_CURRENCY)
        lines.append(
            JournalLine(lookup.system_account(role), zero, BASE_CURRENCY, -gain, memo="Realised exchange difference")
        )
    return [_entry(document, lines, lookup, entry_id(0))]


def customer_refund(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
    """Money paid back out of a customer's credit: the credit debited at the rate it was booked at (the
    receivable for a credit note's credit, customer deposits for an advance), the cash book credited at
    today's; a difference of rates is a realised exchange gain or loss."""
    currency, rate = document["currency"], Decimal(document["rate"])
    booked_at = Decimal(document.get("source_rate") or document["rate"])
    amount = Decimal(document["amount"])
    if document.get("credit_note_id"):
        credit = document.get("receivable_account_id") or lookup.system_account("receivable")
    else:
        credit = lookup.system_account("customer_deposits")
    bank = lookup.cash_book(document["cash_book_id"]).account_id
    lines = [
        convert_line(credit, amount, currency, booked_at, memo=document.get("customer_name") or ""),
        convert_line(bank, -amount, currency, rate, memo="Refund"),
    ]
    gain = to_base(amount, booked_at) - to_base(amount, rate)
    if gain:
        role = "fx_gain_realised" if gain > 0 else "fx_loss_realised"
        zero = quantize(Decimal(0), BASE_CURRENCY)
        lines.append(
            JournalLine(lookup.system_account(role), zero, BASE_CURRENCY, -gain, memo="Realised exchange difference")
        )
    return [_entry(document, lines, lookup, entry_id(0))]


def _drawer(document: dict[str, Any], lookup: Lookup) -> str:
    """Where a register's cash posts: its drawer's account; for what was synced after its shift was closed
    (``late``), the register's over/short account, since the count at the close already held that cash and
    posted it as over or short."""
    if document.get("late"):
        return str(document["over_short_account_id"])
    return lookup.cash_book(document["cash_book_id"]).account_id


def pos_sale(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
    """A sale at a register: the drawer debited with the cash kept (rounded, net of change), the card and
    e-wallet clearing cash books with what they paid; revenue credited per line's account with its net, SST
    payable per tax code, and the cash rounding. A return (``kind: return``) posts the same the other way."""
    sign = -1 if document.get("kind") == "return" else 1
    currency, rate = document["currency"], Decimal(document["rate"])
    lines: list[JournalLine] = []
    tenders = (("cash", None), ("card", "card_cash_book_id"), ("ewallet", "ewallet_cash_book_id"))
    for tender, book in tenders:
        amount = Decimal(document.get(tender) or 0)
        if amount:
            account = _drawer(document, lookup) if book is None else lookup.cash_book(document[book]).account_id
            lines.append(convert_line(account, sign * amount, currency, rate, memo=f"{document.get('code')} {tender}"))
    revenue: dict[str, Decimal] = {}
    for line in document["lines"]:
        revenue[line["revenue_account_id"]] = revenue.get(line["revenue_account_id"], Decimal(0)) + Decimal(line["net"])
    lines += [convert_line(a, -sign * amount, currency, rate, memo="Sales") for a, amount in revenue.items() if amount]
    for tax in document.get("taxes") or []:
        amount = Decimal(tax["tax"])
        if amount:
            tax_account = lookup.tax_code(tax["tax_code_id"]).account_id
            if not tax_account:
                raise PostingRefused(f"tax code {tax['tax_code']} has no account to post tax to")
            lines.append(
                convert_line(tax_account, -sign * amount, currency, rate, memo=f"{tax['tax_code']} {tax['rate']}%")
            )
    rounding = sign * Decimal(document.get("rounding") or 0)
    if rounding:
        lines.append(convert_line(lookup.system_account("rounding"), -rounding, currency, rate, memo="Cash rounding"))
    return [_entry(document, lines, lookup, entry_id(0))]


def pos_shift(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
    """A register's shift closed with its drawer over (+) or short (-): the drawer takes the difference, the
    register's over/short account the other side (short: an expense; over: it comes back)."""
    difference = Decimal(document["over_short"])
    drawer = lookup.cash_book(document["cash_book_id"]).account_id
    memo = "Cash over" if difference > 0 else "Cash short"
    lines = [
        convert_line(drawer, difference, "MYR", Decimal(1), memo=memo),
        convert_line(document["over_short_account_id"], -difference, "MYR", Decimal(1), memo=memo),
    ]
    return [_entry(document, lines, lookup, entry_id(0))]


def pos_cash(document: dict[str, Any], lookup: Lookup, entry_id: EntryId) -> list[JournalEntry]:
    """Cash put into a register's drawer (``in``) or taken out (``out``), against the movement's account (a float
    from the safe, a pickup to it, an expense paid out)."""
    amount = Decimal(document["amount"]) * (1 if document["kind"] == "in" else -1)
    memo = str(document.get("reason") or "")
    lines = [
        convert_line(_drawer(document, lookup), amount, "MYR", Decimal(1), memo=memo),
        convert_line(document["account_id"], -amount, "MYR", Decimal(1), memo=memo),
    ]
    return [_entry(document, lines, lookup, entry_id(0))]


RULES: dict[str, Rule] = {
    "JOURNAL": Rule("general", journal),
    "RECEIPT": Rule("cash", _cash(+1)),
    "PAYMENT": Rule("cash", _cash(-1)),
    "TRANSFER": Rule("cash", transfer),
    # The inventory's bookings of stock value (ledgerlet.inventory.valuation): balanced MYR lines
    "STOCKVALUATION": Rule("inventory", journal),
    "SALESINVOICE": Rule("sales", sales_invoice),
    "CUSTOMERRECEIPT": Rule("cash", customer_receipt),
    "SALESCREDITNOTE": Rule("sales", credit_note),
    "SALESDEBITNOTE": Rule("sales", sales_invoice),
    "CUSTOMERREFUND": Rule("cash", customer_refund),
    # The point of sale (ledgerlet.pos): sales and returns, a shift's over or short, cash in and out
    "POSSALE": Rule("sales", pos_sale),
    "POSSHIFT": Rule("cash", pos_shift),
    "POSCASH": Rule("cash", pos_cash),
}
