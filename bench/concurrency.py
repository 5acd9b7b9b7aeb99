"""The API under 50 concurrent clients: requests per second, p50, p99 and maximum latency.

Two companies, 25 clients each, create customers over HTTP for the whole run (company A with an
``Idempotency-Key`` per request, 1 in 5 re-sent; company B without), against the product started
as `make dev` starts it. A probe asks GET /health twice a second meanwhile, to show the local API
gateway stays responsive. Goal: no request past 30 s. Run: `make bench` (or `--seconds N`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.load import Writers, run_writers  # noqa: E402
from tests.support.product import running_product, sign_up  # noqa: E402

CLIENTS = 50
GOAL_SECONDS = 30.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def probe_health(url: str, stop: threading.Event, latencies: list[float]) -> None:
    while not stop.wait(0.5):
        started = time.perf_counter()
        with urllib.request.urlopen(f"{url}/health", timeout=60) as answer:
            answer.read()
        latencies.append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, default=None, help="environments per function (product default)")
    args = parser.parse_args()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_product(concurrency=args.concurrency) as url:
        a, b = sign_up(url, "Bench Alpha"), sign_up(url, "Bench Bravo")
        stop, health = threading.Event(), []
        prober = threading.Thread(target=probe_health, args=(url, stop, health), daemon=True)
        prober.start()
        started = time.perf_counter()
        writers = [
            Writers(a, "A", threads=CLIENTS // 2, keyed=True, resend_every=5),
            Writers(b, "B", threads=CLIENTS - CLIENTS // 2, keyed=False),
        ]
        exchanges = run_writers(writers, args.seconds)
        elapsed = time.perf_counter() - started
        stop.set()
        prober.join()
    latencies = [e.seconds for e in exchanges]
    statuses: dict[int, int] = {}
    for exchange in exchanges:
        statuses[exchange.answer.status] = statuses.get(exchange.answer.status, 0) + 1
    print(f"{CLIENTS} concurrent clients, {elapsed:.1f} s, POST /v1/customers (two companies)")
    print(f"  requests:            {len(exchanges)} (answers by status: {dict(sorted(statuses.items()))})")
    print(f"  requests per second: {len(exchanges) / elapsed:.1f}")
    print(f"  latency p50:         {statistics.median(latencies) * 1000:.0f} ms")
    print(f"  latency p99:         {percentile(latencies, 0.99) * 1000:.0f} ms")
    print(f"  latency max:         {max(latencies) * 1000:.0f} ms  (goal: at most {GOAL_SECONDS:.0f} s)")
    if health:
        print(f"  GET /health meanwhile: max {max(health) * 1000:.0f} ms over {len(health)} probes")


if __name__ == "__main__":
    main()
