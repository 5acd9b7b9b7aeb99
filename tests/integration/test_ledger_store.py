"""Property tests of the ledger as stored in the hub (moto): balanced books, and replays change nothing."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerlet.ledger.entries import JournalEntry
from tests.unit.test_ledger_entries import ledgers

MONTHS = [f"2026-{month:02d}" for month in range(1, 13)]
_tenants = itertools.count()


def snapshot(tenant_id: str) -> dict[tuple[str, str, str], tuple[Decimal, Decimal, tuple[tuple[str, Decimal], ...]]]:
    from ledgerlet.ledger.store import LedgerStore

    return {
        (item.account_id, item.period, item.dimensions_key): (
            item.base_debit,
            item.base_credit,
            tuple(sorted((c, a) for c, a in item.by_currency.items() if a)),
        )
        for item in LedgerStore(tenant_id).balances(MONTHS)
    }


def expected(ledger: tuple[JournalEntry, ...]) -> dict[tuple[str, str, str], tuple[Decimal, Decimal, tuple]]:
    sums: dict[tuple[str, str, str], list] = defaultdict(lambda: [Decimal(0), Decimal(0), defaultdict(Decimal)])
    for entry in ledger:
        for line in entry.lines:
            found = sums[(line.account_id, f"{entry.date:%Y-%m}", line.dimensions.key())]
            found[0] += line.base_debit
            found[1] += line.base_credit
            found[2][line.currency] += line.amount
    return {key: (d, c, tuple(sorted((k, v) for k, v in by.items() if v))) for key, (d, c, by) in sums.items()}


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(ledger=ledgers(days=st.dates(date(2026, 1, 1), date(2026, 12, 31)), max_size=6))
def test_posted_books_balance_and_a_replay_changes_nothing(hub: object, ledger: tuple[JournalEntry, ...]) -> None:
    from ledgerlet.ledger.store import LedgerStore

    tenant_id = f"tnt_prop{next(_tenants)}"
    store = LedgerStore(tenant_id)
    for entry in ledger:
        store.post(entry, "property-test")
    posted = snapshot(tenant_id)
    # The stored balances are exactly the entries' totals ...
    assert posted == expected(ledger)
    # ... the books balance in MYR and in every transaction currency ...
    assert sum(d for d, _, _ in posted.values()) == sum(c for _, c, _ in posted.values())
    per_currency: dict[str, Decimal] = defaultdict(Decimal)
    for _, _, by_currency in posted.values():
        for currency, amount in by_currency:
            per_currency[currency] += amount
    assert all(total == 0 for total in per_currency.values())
    # ... and replaying every posting (in another order) changes nothing
    for entry in reversed(ledger):
        assert store.post(entry, "replay") is False
    assert snapshot(tenant_id) == posted
