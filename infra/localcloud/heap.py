"""Keeps the runtime's own garbage collector from pausing the local cloud.

This process holds moto's state (every item of every table, every queued message): hundreds of thousands of
long-lived objects. A full collection walks them all, and while it does every request waits: pauses of
100 to 400 ms under load, which were the whole tail of the API's latency (a webhook's p99 of 200 ms at 100
pushes a second fell to 50 ms with the collector off). So, as long-running Python servers do, what has
survived is frozen (``gc.freeze``: never walked again): once the cloud is up, after a full collection, and
then every ``interval`` seconds, after a collection of the young generations only. A full collection then
walks only what came since: its pauses under that load fell from 190-270 ms to 30-70 ms. The cost: a
reference cycle that was already garbage in the old generation when it froze is never freed; requests'
short-lived cycles die young, before that.
"""

from __future__ import annotations

import gc
import threading

INTERVAL_S = 10.0


class HeapKeeper(threading.Thread):
    def __init__(self, interval: float = INTERVAL_S) -> None:
        super().__init__(name="localcloud-heap", daemon=True)
        self.interval = interval
        self._stop_evt = threading.Event()

    def freeze(self, generation: int = 1) -> None:
        gc.collect(generation)
        gc.freeze()

    def run(self) -> None:
        self.freeze(2)
        while not self._stop_evt.wait(self.interval):
            self.freeze()

    def stop(self) -> None:
        self._stop_evt.set()
