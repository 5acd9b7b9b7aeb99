"""The product under load, as a business would load it: 50 concurrent clients for 60 seconds.

Two companies, 25 clients each, against the product started as `make dev` starts it. Each client
loops over a mix: create a customer with an ``Idempotency-Key`` (one in five sent again), post a
journal (bank fees, a random amount, with a key), list customers, read the trial balance. A client
gives up on a request after 30 s (counted as a timeout).

It prints requests per second, p50, p99 and the maximum latency per kind of request and in all,
the answers by status and the timeouts; then the mean latency that throughput implies (Little's law:
clients / requests per second) and the processor time the local cloud spent per request, with the
throughput this machine's cores could give at that cost. Then, once every journal has posted, it checks what a
business relies on:

- no answer was a 5xx;
- each company's customer codes run without a gap, one per distinct customer created;
- each trial balance balances, and its bank-fee debits equal the sum of the journals answered 201
  (the amounts written down by the clients, added here by hand).

Then it runs the same load against a product keeping its data (as `make dev` does), kills it
(SIGKILL) in the middle, starts it again on the same data and checks the same invariants over what
survived: everything acknowledged more than two seconds before the kill is there, codes have no gap,
every journal posts once, the trial balances balance.

First it measures short runs of 1, 10 and 25 clients (``--ramp``), to show how throughput
follows the number of clients.

Goal (issue 10): p99 under 2 s and no timeouts on this 2-core machine, throughput not falling as
clients are added. Run: `python bench/load.py [--seconds 60] [--clients 50] [--kill-after 20]
[--ramp 1,10,25]` (part of `make bench`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.load import customer  # noqa: E402
from tests.support.product import Client, running_product, sign_up, started_product  # noqa: E402

CLIENT_TIMEOUT = 30.0
MIX = (("create customer", 35), ("post journal", 30), ("list customers", 20), ("trial balance", 15))


@dataclass(frozen=True)
class Result:
    company: str
    kind: str
    status: int | None  # None: the client gave up (timeout)
    seconds: float
    detail: dict[str, Any]
    at: float = 0.0  # time.monotonic() when answered


def call(client: Client, method: str, path: str, body: Any = None, key: str | None = None) -> tuple[int | None, Any]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {client.token}"}
    if key:
        headers["Idempotency-Key"] = key
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(client.base_url + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, None
    except TimeoutError:
        return None, None
    except urllib.error.URLError as error:  # a timeout while connecting, or the product gone
        if isinstance(error.reason, (TimeoutError, ConnectionError)):
            return None, None
        raise
    except (ConnectionError, http.client.HTTPException):  # the product went away mid-answer (killed)
        return None, None


class Company:
    def __init__(self, client: Client, label: str) -> None:
        self.client, self.label = client, label
        accounts = {a["code"]: a["id"] for a in client.list_all("/v1/accounts") if a["code"] in ("1030", "6410")}
        self.bank, self.fees = accounts["1030"], accounts["6410"]

    def one(self, kind: str, rng: random.Random) -> Result:
        started = time.perf_counter()
        detail: dict[str, Any] = {}
        if kind == "create customer":
            tag = f"{self.label}-{uuid.uuid4().hex[:10]}"
            status, _ = call(self.client, "POST", "/v1/customers", customer(tag), key=f"{tag}-key")
            detail = {"tag": tag}
            if status == 201 and rng.random() < 0.2:  # the client did not see the answer: sends it again
                again, _ = call(self.client, "POST", "/v1/customers", customer(tag), key=f"{tag}-key")
                detail["replayed"] = again
        elif kind == "post journal":
            amount = Decimal(rng.randint(100, 9999)) / 100
            body = {
                "date": "2026-06-15",
                "memo": "Bank fees",
                "lines": [
                    {"account_id": self.fees, "debit": f"{amount:.2f}"},
                    {"account_id": self.bank, "credit": f"{amount:.2f}"},
                ],
            }
            status, _ = call(self.client, "POST", "/v1/journals", body, key=uuid.uuid4().hex)
            detail = {"amount": amount}
        elif kind == "list customers":
            status, _ = call(self.client, "GET", "/v1/customers?limit=20")
        else:
            status, _ = call(self.client, "GET", "/v1/ledger/trial-balance?period_from=2026-06&period_to=2026-06")
        return Result(self.label, kind, status, time.perf_counter() - started, detail, time.monotonic())


def run(companies: list[Company], clients: int, seconds: float) -> tuple[list[Result], float]:
    results: list[Result] = []
    lock, stop = threading.Lock(), threading.Event()
    kinds, weights = [kind for kind, _ in MIX], [weight for _, weight in MIX]

    def client_loop(company: Company, seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            result = company.one(rng.choices(kinds, weights)[0], rng)
            with lock:
                results.append(result)

    threads = [
        threading.Thread(target=client_loop, args=(companies[n % len(companies)], n), daemon=True)
        for n in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(CLIENT_TIMEOUT + 5)
    return results, time.perf_counter() - started


def tree_cpu_seconds(root_pid: int) -> float:
    """Processor time (user and system) so far of a process and its live descendants, read from /proc:
    the local cloud with its execution environments."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        parents[int(entry.name)], ticks[int(entry.name)] = int(fields[1]), int(fields[11]) + int(fields[12])

    def descends(pid: int) -> bool:
        while pid > 1:
            if pid == root_pid:
                return True
            pid = parents.get(pid, 1)
        return False

    return sum(n for pid, n in ticks.items() if descends(pid)) / os.sysconf("SC_CLK_TCK")


def bounds(results: list[Result], elapsed: float, clients: int, cpu_seconds: float) -> None:
    """What the run's own figures allow. Clients that send again as soon as they are answered wait, on
    average, clients / throughput (Little's law); the processors' time per request caps the throughput,
    so it sets the least mean wait, and a p99 goal then needs every answer within a multiple of that."""
    rate = len(results) / elapsed
    mean = clients / rate
    spread = percentile([r.seconds for r in results], 0.99) / mean
    per_request = cpu_seconds / len(results)
    cores = os.cpu_count() or 1
    ceiling = cores / per_request
    print(
        f"  mean latency {mean:.2f} s = {clients} clients / {rate:.1f} requests/s (Little's law); "
        f"p99 {spread:.1f}x the mean"
    )
    print(
        f"  the local cloud used {per_request * 1000:.0f} ms of CPU a request: {cores} cores serve at most "
        f"{ceiling:.0f} requests/s, a mean of at least {clients / ceiling:.2f} s; a p99 under 2 s would need "
        f"it within {2 / (clients / ceiling):.1f}x the mean"
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(results: list[Result], elapsed: float, clients: int) -> None:
    print(f"{clients} concurrent clients for {elapsed:.0f} s, two companies")
    print(f"  {'request':16} {'count':>6} {'per s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind in [*(k for k, _ in MIX), "all"]:
        chosen = [r.seconds for r in results if kind in ("all", r.kind)]
        if chosen:
            print(
                f"  {kind:16} {len(chosen):6d} {len(chosen) / elapsed:7.1f} {statistics.median(chosen) * 1000:8.0f} "
                f"{percentile(chosen, 0.99) * 1000:8.0f} {max(chosen) * 1000:8.0f}"
            )
    statuses = Counter(str(r.status) if r.status else "timeout" for r in results)
    print(f"  answers: {dict(sorted(statuses.items()))}")


def wait_until_posted(company: Company, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while True:
        pending = company.client.list_all("/v1/journals?posting_state=pending")
        if not pending or time.monotonic() > deadline:
            return len(pending)
        time.sleep(1)


def check(companies: list[Company], results: list[Result]) -> list[str]:
    """What must hold after the run (an empty list: all of it)."""
    problems = []
    server_errors = [r for r in results if r.status is not None and r.status >= 500]
    if server_errors:
        problems.append(f"{len(server_errors)} answers were 5xx")
    for company in companies:
        mine = [r for r in results if r.company == company.label]
        left = wait_until_posted(company)
        if left:
            problems.append(f"{company.label}: {left} journals still pending")
        created = {r.detail["tag"] for r in mine if r.kind == "create customer" and r.status == 201}
        listed = company.client.list_all("/v1/customers")
        numbers = sorted(int(c["code"].rsplit("-", 1)[-1]) for c in listed)
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"{company.label}: customer codes have gaps")
        if len(listed) != len(created) or {c["name"] for c in listed} != created:
            problems.append(f"{company.label}: {len(listed)} customers for {len(created)} distinct creates")
        posted = sum((r.detail["amount"] for r in mine if r.kind == "post journal" and r.status == 201), Decimal(0))
        tb = company.client.get("/v1/ledger/trial-balance?period_from=2026-06&period_to=2026-06").body
        lines = {line["code"]: line for line in tb["lines"]}
        if Decimal(tb["total_debit"]) != Decimal(tb["total_credit"]):
            problems.append(f"{company.label}: the trial balance does not balance")
        fees = Decimal(lines["6410"]["debit"]) if "6410" in lines else Decimal(0)
        if fees != posted:
            problems.append(f"{company.label}: bank fees {fees} in the ledger, {posted} in journals answered 201")
        print(f"  {company.label}: {len(created)} customers, codes 1..{len(numbers)}; journals for {posted:.2f} posted")
    return problems


def survived(companies: list[Company], results: list[Result], killed_at: float) -> list[str]:
    """After a kill and a restart: what must hold of what is there."""
    problems = []
    settled = killed_at - 2.0
    for company in companies:
        mine = [r for r in results if r.company == company.label and r.status == 201 and r.at < settled]
        left = wait_until_posted(company)
        if left:
            problems.append(f"{company.label}: {left} journals still pending after the restart")
        listed = company.client.list_all("/v1/customers")
        numbers = sorted(int(c["code"].rsplit("-", 1)[-1]) for c in listed)
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"{company.label}: customer codes have gaps")
        lost = {r.detail["tag"] for r in mine if r.kind == "create customer"} - {c["name"] for c in listed}
        if lost:
            problems.append(f"{company.label}: {len(lost)} customers acknowledged before the kill are gone")
        journals = company.client.list_all("/v1/journals")
        if {j["posting_state"] for j in journals} - {"posted"}:
            problems.append(f"{company.label}: journals not posted")
        tb = company.client.get("/v1/ledger/trial-balance?period_from=2026-06&period_to=2026-06").body
        fees = next((Decimal(line["debit"]) for line in tb["lines"] if line["code"] == "6410"), Decimal(0))
        if Decimal(tb["total_debit"]) != Decimal(tb["total_credit"]):
            problems.append(f"{company.label}: the trial balance does not balance")
        if fees != sum((Decimal(j["total"]) for j in journals), Decimal(0)):
            problems.append(f"{company.label}: bank fees {fees} differ from the journals that survived")
        print(f"  {company.label}: {len(listed)} customers and {len(journals)} journals survived, none lost")
    return problems


def kill_and_restart(clients: int, seconds: float) -> list[str]:
    import signal
    import tempfile

    from tests.support.product import ADMIN_PASSWORD

    with tempfile.TemporaryDirectory() as folder:
        with started_product(data_dir=Path(folder)) as product:
            companies = [
                Company(sign_up(product.url, "Kill Alpha"), "A"),
                Company(sign_up(product.url, "Kill Bravo"), "B"),
            ]
            time.sleep(2.5)  # both companies in a snapshot
            results: list[Result] = []
            worker = threading.Thread(target=lambda: results.extend(run(companies, clients, seconds + 1)[0]))
            worker.start()
            time.sleep(seconds)
            killed_at = time.monotonic()
            product.process.send_signal(signal.SIGKILL)
            worker.join()
        with running_product(data_dir=Path(folder)) as url:
            for company in companies:
                login = Client(url).post(
                    "/v1/platform/login", {"email": company.client.email, "password": ADMIN_PASSWORD}
                )
                company.client = Client(url, login.body["id_token"], company.client.email)
            print(f"killed after {seconds:.0f} s of load ({len(results)} answers), restarted on the same data:")
            return survived(companies, results, killed_at)


def ramp(companies: list[Company], steps: list[int], seconds: float) -> list[Result]:
    """Throughput and latency as clients are added (the same mix, a short run each)."""
    print(f"as clients are added ({seconds:.0f} s each):")
    every: list[Result] = []
    for clients in steps:
        results, elapsed = run(companies, clients, seconds)
        every += results
        latencies = [r.seconds for r in results]
        print(
            f"  {clients:3d} clients: {len(results) / elapsed:5.1f} requests/s, "
            f"p50 {statistics.median(latencies) * 1000:5.0f} ms, p99 {percentile(latencies, 0.99) * 1000:5.0f} ms"
        )
    return every


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--kill-after", type=float, default=20.0, help="0: no kill and restart")
    parser.add_argument("--ramp", default="1,10,25", help="client counts to measure first ('' for none)")
    parser.add_argument("--ramp-seconds", type=float, default=15.0)
    args = parser.parse_args()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with started_product() as product:
        url = product.url
        companies = [Company(sign_up(url, "Load Alpha"), "A"), Company(sign_up(url, "Load Bravo"), "B")]
        ramped = ramp(companies, [int(n) for n in args.ramp.split(",")], args.ramp_seconds) if args.ramp else []
        cpu_before = tree_cpu_seconds(product.process.pid)
        results, elapsed = run(companies, args.clients, args.seconds)
        cpu_seconds = tree_cpu_seconds(product.process.pid) - cpu_before
        report(results, elapsed, args.clients)
        bounds(results, elapsed, args.clients, cpu_seconds)
        problems = check(companies, ramped + results)  # what the ramp wrote is checked too
    print("invariants: " + ("all hold" if not problems else "BROKEN: " + "; ".join(problems)))
    if args.kill_after:
        problems += (after_kill := kill_and_restart(args.clients, args.kill_after))
        print("after the kill: " + ("all hold" if not after_kill else "BROKEN: " + "; ".join(after_kill)))
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
