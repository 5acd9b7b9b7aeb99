"""Back-dating in the stock ledger (issue 12): a back-dated receipt re-costs one item, whatever else moved.

One item (20 movements in July at WH1) shares the hub with 1,000, then 20,000, later movements of 100
other items. The benchmark records a receipt back-dated to 1 July for that item and times its re-cost,
then counts the DynamoDB requests of recording and costing one ordinary (not back-dated) movement.
Goals: the 20k / 1k time ratio stays under 1.5, and requests per movement do not grow with history.
Runs on moto in process. Run: `.venv/bin/python bench/stock_recost.py` (or `--others 1000 20000`).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "shared"))
sys.path.insert(0, str(ROOT / "infra"))

from tests.support.hub import moto_hub  # noqa: E402

ITEM, OTHER_ITEMS, BATCH = "ITEM-X", 100, 50


class Entries:
    def __init__(self) -> None:
        self.seq = 0

    def __call__(self, kind: str, item: str, day: date, qty: str, rate: str | None = None) -> Any:
        from ledgerlet.inventory.costing import Movement

        self.seq += 1
        return Movement(
            id=f"mv{self.seq:07d}",
            item_id=item,
            location_id="WH1",
            posted_on=day,
            posted_at="10:00:00",  # the same time: entry order decides
            seq=self.seq,
            kind=kind,  # type: ignore[arg-type]
            qty=Decimal(qty),
            rate=Decimal(rate) if rate else None,
        )


def policies() -> dict[str, Any]:
    from ledgerlet.inventory.costing import Policy

    return {ITEM: Policy("fifo"), **{f"OTHER-{n:03d}": Policy("moving_average") for n in range(OTHER_ITEMS)}}


def counted(stock: Any) -> Counter[str]:
    calls: Counter[str] = Counter()
    stock.table.db.meta.events.register("before-call.dynamodb", lambda model, **_: calls.update([model.name]))
    return calls


def scenario(tenant: str, others: int) -> tuple[float, int, int]:
    from ledgerlet.inventory.stock_ledger import StockLedger

    stock, make = StockLedger(tenant), Entries()
    days = [date(2026, 7, 2 + n) for n in range(20)]
    own = [
        make("receipt", ITEM, day, "10", "3.00") if n % 2 == 0 else make("issue", ITEM, day, "4")
        for n, day in enumerate(days)
    ]
    stock.record(own)
    stock.settle([(ITEM, "WH1")], policies())
    for start in range(0, others, BATCH):
        batch = [
            make("receipt", f"OTHER-{n % OTHER_ITEMS:03d}", date(2026, 8, 1), "5", "1.00")  # in entry order
            for n in range(start, min(start + BATCH, others))
        ]
        stock.record(batch)
        stock.settle({m.key for m in batch}, policies())
    calls = counted(stock)
    started = time.perf_counter()
    stock.record([make("receipt", ITEM, date(2026, 7, 1), "10", "2.50")])
    stock.settle([(ITEM, "WH1")], policies())
    elapsed = time.perf_counter() - started
    back_dated_requests = sum(calls.values())
    calls.clear()
    stock.record([make("issue", ITEM, date(2026, 7, 31), "1")])
    stock.settle([(ITEM, "WH1")], policies())
    return elapsed, back_dated_requests, sum(calls.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--others", type=int, nargs="+", default=[1000, 20000])
    args = parser.parse_args()
    results = {}
    with moto_hub():
        for n, others in enumerate(args.others):
            started = time.perf_counter()
            results[others] = scenario(f"tnt_BENCH{n}", others)
            print(f"{others:>6} later movements of other items recorded in {time.perf_counter() - started:.1f} s")
    for others, (elapsed, back_dated, ordinary) in results.items():
        print(
            f"{others:>6} others: back-dated receipt re-cost {elapsed * 1000:.1f} ms ({back_dated} requests); "
            f"one ordinary movement: {ordinary} DynamoDB requests"
        )
    low, high = min(results), max(results)
    ratio = results[high][0] / results[low][0]
    print(
        f"ratio {high} / {low}: {ratio:.2f} (goal < 1.5); requests per ordinary movement: "
        f"{results[low][2]} and {results[high][2]} (goal: equal)"
    )


if __name__ == "__main__":
    main()
