"""Pricing a large sales document (issue 13): a 500-line invoice computes in milliseconds, and ten times
the lines take about ten times as long (not a hundred). Prints the best of several runs.

Run: `.venv/bin/python bench/sales_pricing.py`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "shared"))

from ledgerlet.sales.pricing import compute_totals  # noqa: E402
from tests.unit.test_sales_pricing import _big_invoice  # noqa: E402


def fastest(lines: int, runs: int = 5) -> float:
    document = _big_invoice(lines)
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        compute_totals(document, tax_rounding="document")
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    small, large = fastest(500), fastest(5000, 3)
    print(
        f"500 lines: {small * 1000:.1f} ms; 5,000 lines: {large * 1000:.1f} ms; ratio {large / small:.1f} (linear: ~10)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
