"""Concurrent clients over HTTP: what each request sent and what it was answered (tests and benchmarks)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from tests.support.product import Answer, Client


@dataclass(frozen=True)
class Exchange:
    """One request and its answer; ``replayed`` is the answer to sending the same request again."""

    client: str
    tag: str
    key: str | None
    answer: Answer
    seconds: float
    replayed: Answer | None = None


def customer(tag: str) -> dict[str, Any]:
    return {"name": tag, "billing_address": {"line1": "1 Jalan Ampang", "city": "Kuala Lumpur", "state": "14"}}


def create_customers(
    client: Client,
    label: str,
    *,
    keyed: bool,
    resend_every: int = 0,
    stop: threading.Event,
    record: Callable[[Exchange], None],
) -> None:
    """Create customers until ``stop`` is set; with ``keyed`` each carries its own ``Idempotency-Key``,
    and every ``resend_every``-th is sent again (after its answer) with the same key and body."""
    count = 0
    while not stop.is_set():
        count += 1
        tag = f"{label}-{uuid.uuid4().hex[:8]}"
        key = f"{tag}-key" if keyed else None
        headers = {"Idempotency-Key": key} if key else None
        started = time.perf_counter()
        answer = client.post("/v1/customers", customer(tag), headers)
        seconds = time.perf_counter() - started
        replayed = None
        if key and resend_every and count % resend_every == 0:
            replayed = client.post("/v1/customers", customer(tag), headers)
        record(Exchange(label, tag, key, answer, seconds, replayed))


@dataclass(frozen=True)
class Writers:
    """Threads of one client creating customers."""

    client: Client
    label: str
    threads: int
    keyed: bool
    resend_every: int = 0


def run_writers(writers: list[Writers], seconds: float) -> list[Exchange]:
    """Run every writer's threads at once for ``seconds``; every exchange, in the order answered."""
    exchanges: list[Exchange] = []
    lock = threading.Lock()
    stop = threading.Event()

    def record(exchange: Exchange) -> None:
        with lock:
            exchanges.append(exchange)

    jobs = [w for w in writers for _ in range(w.threads)]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [
            pool.submit(
                create_customers,
                w.client,
                w.label,
                keyed=w.keyed,
                resend_every=w.resend_every,
                stop=stop,
                record=record,
            )
            for w in jobs
        ]
        time.sleep(seconds)
        stop.set()
        for future in futures:
            future.result()
    return exchanges
