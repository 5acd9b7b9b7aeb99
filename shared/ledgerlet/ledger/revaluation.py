"""Unrealised exchange revaluation of monetary balances at a period end.

The rule (pure): for every monetary account (bank, cash, receivable and payable subtypes, and accounts
flagged ``monetary``; see ``ledgerlet.reference.sme_chart.MONETARY_SUBTYPES``) x dimensions x foreign currency
whose transaction balance up to the period end is not zero, the balance is restated at the rate in
force on the period's last day::

    difference = quantize(amount x rate, MYR) - carried MYR

Each difference is a base-only line (the balance's currency, amount 0, base = difference) on the
account; gains (credits) go to the unrealised FX gain account and losses (debits) to the unrealised
FX loss account, as base-only MYR lines. The entry is dated the period's last day and reversed on the
first day of the next period, so next month starts again from the carried amounts and the
revaluation never compounds. Entry ids are derived from ``REVAL:<period>``, so posting twice writes
nothing the second time (:meth:`LedgerStore.post` is exactly-once per id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.ledger.entries import Dimensions, JournalEntry, JournalLine, reversal
from ledgerlet.ledger.periods import Period, period_keys
from ledgerlet.money import BASE_CURRENCY, quantize

if TYPE_CHECKING:
    from ledgerlet.ledger.store import BalanceItem

SOURCE_TYPE = "REVALUATION"
ZERO = Decimal(0)


class MissingRate(Exception):
    """A foreign currency with an open balance has no rate on or before the period end."""


@dataclass(frozen=True)
class OpenBalance:
    """A monetary account's balance in one foreign currency: the amount and the MYR it carries."""

    account_id: str
    dimensions_key: str
    currency: str
    amount: Decimal
    carried: Decimal


def source_id(period: str) -> str:
    return f"REVAL:{period}"


def source_code(period: str) -> str:
    return f"REVAL-{period}"


def entry_ids(period: str) -> tuple[str, str]:
    """The revaluation entry of ``period`` and its reversal (deterministic)."""
    from ledgerlet.ledger.store import entry_id_for

    return entry_id_for(source_id(period), 0), entry_id_for(source_id(period), 1)


def open_balances(items: Iterable[BalanceItem], monetary_accounts: set[str]) -> list[OpenBalance]:
    """Sum balance items (any periods) per account x dimensions x foreign currency; keep the open ones."""
    amounts: dict[tuple[str, str, str], Decimal] = {}
    carried: dict[tuple[str, str, str], Decimal] = {}
    for item in items:
        if item.account_id not in monetary_accounts:
            continue
        for currency, amount in item.by_currency.items():
            if currency == BASE_CURRENCY:
                continue
            key = (item.account_id, item.dimensions_key, currency)
            amounts[key] = amounts.get(key, ZERO) + amount
            carried[key] = carried.get(key, ZERO) + item.base_by_currency.get(currency, ZERO)
    return [
        OpenBalance(account_id, dims, currency, amounts[key], carried[key])
        for key in sorted(amounts)
        for account_id, dims, currency in [key]
        if amounts[key]
    ]


def difference(balance: OpenBalance, rate: Decimal) -> Decimal:
    """What the balance must move by in MYR to stand at ``rate``."""
    return quantize(balance.amount * rate, BASE_CURRENCY) - balance.carried


def revaluation_lines(
    balances: Iterable[OpenBalance], rates: Mapping[str, Decimal], *, gain_account: str, loss_account: str
) -> list[JournalLine]:
    """Base-only lines restating each balance at its currency's rate, offset on the FX gain/loss accounts.

    Raises :class:`MissingRate` naming the currencies without a rate. Empty when nothing moves.
    """
    balances = list(balances)
    missing = sorted({b.currency for b in balances if b.currency not in rates})
    if missing:
        raise MissingRate(f"no exchange rate for {', '.join(missing)}")
    lines: list[JournalLine] = []
    gains = losses = ZERO
    for balance in balances:
        moved = difference(balance, rates[balance.currency])
        if not moved:
            continue
        memo = f"Revaluation of {balance.currency} {balance.amount} at {rates[balance.currency]}"
        dims = Dimensions.from_key(balance.dimensions_key)
        lines.append(
            JournalLine(balance.account_id, quantize(ZERO, balance.currency), balance.currency, moved, dims, memo)
        )
        if moved > 0:
            gains += moved
        else:
            losses -= moved
    zero = quantize(ZERO, BASE_CURRENCY)
    if gains:
        lines.append(JournalLine(gain_account, zero, BASE_CURRENCY, -gains, memo="Unrealised exchange gain"))
    if losses:
        lines.append(JournalLine(loss_account, zero, BASE_CURRENCY, losses, memo="Unrealised exchange loss"))
    return lines


def revaluation_entries(period: str, lines: list[JournalLine]) -> list[JournalEntry]:
    """The revaluation entry dated the period's last day and its reversal on the next period's first day."""
    if not lines:
        return []
    current = Period.from_key(period)
    entry_id, reversal_id = entry_ids(period)
    entry = JournalEntry(
        entry_id,
        current.last_day,
        tuple(lines),
        memo=f"Unrealised exchange revaluation {period}",
        source_type=SOURCE_TYPE,
        source_id=source_id(period),
        source_code=source_code(period),
    )
    return [entry, reversal(entry, reversal_id, current.next().first_day)]


# --- the service -------------------------------------------------------------------------------------


def rate_in_force(documents: Any, currency: str, day: date) -> Decimal | None:
    """The currency's rate on or before ``day``, or None."""
    from ledgerlet.masterdata.contract import MasterData

    return MasterData(documents).rate_in_force(currency, day.isoformat())


def monetary_accounts(documents: Any) -> set[str]:
    from ledgerlet.masterdata.contract import MasterData

    return {a.id for a in MasterData(documents).accounts() if a.monetary and not a.is_header}


def revalue(tenant_id: str, period: str, posted_by: str) -> dict[str, Any]:
    """Post the revaluation of ``period`` (and its reversal) for one tenant, once.

    Returns what it did: ``{"entry_ids": [...], "lines": n, "already": bool}``. Raises
    :class:`MissingRate` when a currency with an open balance has no rate, and ``PostingRefused``
    when the period end is locked.
    """
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.ledger.posting import HubLookup
    from ledgerlet.ledger.rules import PostingRefused
    from ledgerlet.ledger.store import LedgerStore

    ledger, documents = LedgerStore(tenant_id), DocumentStore(tenant_id)
    ids = entry_ids(period)
    if ledger.entry(ids[0]) is not None:  # posted before (a re-run): the balances now include it
        for entry in revaluation_entries(period, _stored_lines(ledger, ids[0])):
            ledger.post(entry, posted_by)  # completes a posting cut off midway; otherwise writes nothing
        return {"entry_ids": list(ids), "already": True}
    last_day = Period.from_key(period).last_day
    first = ledger.first_period(period)
    periods = period_keys(first, period) if first else []
    balances = open_balances(ledger.balances(periods), monetary_accounts(documents))
    rates = {}
    for currency in sorted({b.currency for b in balances}):
        rate = rate_in_force(documents, currency, last_day)
        if rate is not None:
            rates[currency] = rate
    lookup = HubLookup(documents, ledger)
    lines = revaluation_lines(
        balances,
        rates,
        gain_account=lookup.system_account("fx_gain_unrealised"),
        loss_account=lookup.system_account("fx_loss_unrealised"),
    )
    entries = revaluation_entries(period, lines)
    locks = ledger.lock_dates()
    for entry in entries:
        reason = locks.refusal("general", entry.date)
        if reason:
            raise PostingRefused(f"cannot post the revaluation: {reason}")
    for entry in entries:
        ledger.post(entry, posted_by)
    return {"entry_ids": [e.entry_id for e in entries], "lines": len(lines), "already": False}


def _stored_lines(ledger: Any, entry_id: str) -> list[JournalLine]:
    from ledgerlet.ledger.store import line_from_document

    stored = ledger.entry(entry_id)
    return [line_from_document(line) for line in stored["lines"]] if stored else []
