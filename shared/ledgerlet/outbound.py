"""Calls out to other services' HTTP APIs (the marketplaces, MyInvois): what every such client shares.

One connection pool per process (created on first use, no retries of its own: each client retries as its
service asks), a process-wide sliding window to stay within a service's rate limits, and the reading of a
``Retry-After`` header."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import urllib3

_POOL: urllib3.PoolManager | None = None
_POOL_LOCK = threading.Lock()


def pool() -> urllib3.PoolManager:
    """The process's connection pool (keep-alive to each host the process calls)."""
    global _POOL  # noqa: PLW0603 - one pool per process, created on first use
    with _POOL_LOCK:
        if _POOL is None:
            import urllib3

            _POOL = urllib3.PoolManager(num_pools=8, maxsize=10, retries=False)
        return _POOL


class SlidingWindow:
    """At most ``limit`` requests in any ``window`` seconds per key, process wide: ``acquire`` waits its turn."""

    def __init__(self) -> None:
        self._hits: dict[Hashable, deque[float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: Hashable, limit: int, window: float, on_wait: Callable[[float], None] | None = None) -> None:
        """Take a place in ``key``'s window, first sleeping until one is free (``on_wait`` hears how long)."""
        while True:
            with self._lock:
                now = time.monotonic()
                hits = self._hits.setdefault(key, deque())
                while hits and hits[0] <= now - window:
                    hits.popleft()
                if len(hits) < limit:
                    hits.append(now)
                    return
                wait = hits[0] + window - now
            if on_wait is not None:
                on_wait(wait)
            time.sleep(max(wait, 0.005))

    def clear(self) -> None:
        with self._lock:
            self._hits.clear()


def retry_after(value: str | None, cap: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), at most ``cap``; None without one."""
    if not value:
        return None
    try:
        seconds = max(0.0, float(value))
    except ValueError:
        try:
            stamp = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = max(0.0, stamp.timestamp() - time.time())
    return seconds if cap is None else min(cap, seconds)
