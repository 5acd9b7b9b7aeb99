"""Stock value in the ledger (perpetual inventory): what each stock-ledger row books, and the valuation
documents that book the changes.

Every row books its ``value_change`` to the item's stock account and the same amount, the other way, to
its counter-accounts, so each row balances on its own:

=================  ====================================================================================
row                counter-accounts
=================  ====================================================================================
receipt            stock received not billed for its cost (``value_in``); the stock adjustment account
                   for the difference when it refills a negative balance
issue              cost of goods sold (the item's expense account, if it has one); an adjustment
                   (write-off, damage, expiry, loss): stock adjustment
transfer out / in  the stock account itself (value moves between locations, not accounts); a transfer
                   into a negative balance books its difference to stock adjustment
customer return    cost of goods sold for what came back; stock adjustment for any difference
supplier return    stock received not billed
count              stock adjustment
=================  ====================================================================================

A row remembers what it has booked (``posted``). After a key is re-costed, each row whose booking
should now differ gets the difference booked: one ``STOCKVALUATION`` document per stock entry, dated
as the entry, which the ledger posts like any document (posting rules, exactly once), written in one
transaction with the rows' new ``posted`` on their revisions. So the stock account always equals the
sum of the rows' value changes, which is the valuation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.inventory.costing import ZERO

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping


@dataclass(frozen=True)
class ItemAccounts:
    stock: str
    cost_of_sales: str
    received_not_billed: str
    adjustment: str


def bookings(row: Mapping[str, Any], accounts: ItemAccounts) -> dict[str, Decimal]:
    """What a stored row books, by account (debit > 0); nothing for a cancelled or not yet costed row."""
    if row.get("cancelled") or row.get("after") is None:
        return {}
    change = Decimal(str(row["value_change"]))
    value_in = Decimal(str(row.get("value_in") or 0))
    kind = row["kind"]
    counter: list[tuple[str, Decimal]]
    if kind == "receipt":
        counter = [(accounts.received_not_billed, -value_in), (accounts.adjustment, value_in - change)]
    elif kind == "transfer_in":
        counter = [(accounts.stock, -value_in), (accounts.adjustment, value_in - change)]
    elif kind == "customer_return":
        counter = [(accounts.cost_of_sales, -value_in), (accounts.adjustment, value_in - change)]
    elif kind == "issue" and row.get("books_to") == "adjustment":  # a write-off, damage, loss
        counter = [(accounts.adjustment, -change)]
    elif kind == "issue":
        counter = [(accounts.cost_of_sales, -change)]
    elif kind == "transfer_out":
        counter = [(accounts.stock, -change)]
    elif kind == "supplier_return":
        counter = [(accounts.received_not_billed, -change)]
    else:  # count
        counter = [(accounts.adjustment, -change)]
    booked: defaultdict[str, Decimal] = defaultdict(Decimal)
    for account, amount in [(accounts.stock, change), *counter]:
        booked[account] += amount
    return {account: amount for account, amount in booked.items() if amount}


def differences(booked: Mapping[str, Any] | None, now: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """What to book so that ``booked`` becomes ``now``."""
    before = {account: Decimal(str(amount)) for account, amount in (booked or {}).items()}
    change = {account: now.get(account, ZERO) - before.get(account, ZERO) for account in {*before, *now}}
    return {account: amount for account, amount in change.items() if amount}


@dataclass(frozen=True)
class Booking:
    """The rows of one stock entry whose bookings change, and the journal lines of the change."""

    entry_id: str
    day: str
    rows: list[tuple[dict[str, Any], dict[str, Decimal]]]  # (stored row, what it books now)
    lines: dict[str, Decimal]


def changed_bookings(stored: Iterable[dict[str, Any]], accounts_of: Callable[[str], ItemAccounts]) -> list[Booking]:
    """Per stock entry, the rows whose bookings changed and the sum of the changes by account."""
    by_entry: dict[str, list[tuple[dict[str, Any], dict[str, Decimal]]]] = defaultdict(list)
    for row in stored:
        now = bookings(row, accounts_of(row["item_id"]))
        if differences(row.get("posted"), now):
            by_entry[row["id"].split(".")[0]].append((row, now))
    result = []
    for entry_id, rows in by_entry.items():
        lines: defaultdict[str, Decimal] = defaultdict(Decimal)
        for row, now in rows:
            for account, amount in differences(row.get("posted"), now).items():
                lines[account] += amount
        day = rows[0][0]["posted_on"]
        result.append(Booking(entry_id, day, rows, {a: v for a, v in lines.items() if v}))
    return result
