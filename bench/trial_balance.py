"""Trial-balance time against ledger size: ~1k and ~100k journal lines, in one run, and their ratio.

The trial balance reads the maintained balances (accounts x months), not the lines, so its time should
barely move as the ledger grows 100-fold (goal: ratio < 1.5). Runs on moto in process, with entries
posted as the stream consumer posts them: a batch of documents at a time through LedgerStore.
Both ledgers are a business's: 25 accounts in use, postings every month. Run: `make bench`.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "infra"), str(ROOT)]

ACCOUNTS = [f"acc_{n:026d}" for n in range(25)]
LINES_PER_ENTRY = 20
BATCH = 25  # documents per stream batch (template.yaml, LedgerPostingFunction)


def load(tenant_id: str, lines: int, seed: int) -> None:
    from ledgerlet.ledger.entries import JournalLine, balance_entry
    from ledgerlet.ledger.store import LedgerStore

    store = LedgerStore(tenant_id)
    rng = random.Random(seed)
    batch = []
    for number in range(lines // LINES_PER_ENTRY):
        amounts = [Decimal(rng.randint(1, 10**6)) / 100 for _ in range(LINES_PER_ENTRY - 1)]
        legs = [JournalLine(rng.choice(ACCOUNTS), amount, "MYR", amount) for amount in amounts]
        total = -sum(amounts, Decimal(0))
        legs.append(JournalLine(rng.choice(ACCOUNTS), total, "MYR", total))
        day = date(2026, number % 12 + 1, rng.randint(1, 28))
        batch.append(balance_entry(f"jnl_{seed}_{number}", day, legs, rounding_account_id=ACCOUNTS[0]))
        if len(batch) == BATCH:
            store.post_entries(batch, "bench")
            batch = []
    store.post_entries(batch, "bench")


def trial_balance_seconds(tenant_id: str, runs: int = 7) -> float:
    from ledgerlet.ledger.statements import AccountInfo, BalanceRow, trial_balance
    from ledgerlet.ledger.store import LedgerStore

    accounts = [AccountInfo(a, f"{n:04d}", f"Account {n}", "asset", "current_asset") for n, a in enumerate(ACCOUNTS)]
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        rows = [
            BalanceRow(b.account_id, b.period, b.dimensions_key, b.base_debit, b.base_credit, b.by_currency)
            for b in LedgerStore(tenant_id).balances(months)
        ]
        report = trial_balance(rows, accounts)
        timings.append(time.perf_counter() - started)
        assert report.is_balanced
    return statistics.median(timings)


def main() -> None:
    from tests.support.hub import moto_hub

    with moto_hub():
        started = time.perf_counter()
        load("tnt_small", 1_000, seed=1)
        load("tnt_large", 100_000, seed=2)
        print(f"loaded 1,000 + 100,000 journal lines in {time.perf_counter() - started:.0f} s")
        small = trial_balance_seconds("tnt_small")
        large = trial_balance_seconds("tnt_large")
    print(f"trial balance, ~1k lines:   {small * 1000:8.1f} ms")
    print(f"trial balance, ~100k lines: {large * 1000:8.1f} ms")
    print(f"ratio: {large / small:.2f} (goal < 1.5)")


if __name__ == "__main__":
    main()
