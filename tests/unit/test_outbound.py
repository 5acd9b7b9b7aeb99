"""What the clients of other services share (ledgerlet.outbound): reading Retry-After, and the sliding
window that keeps a process within a service's rate limit."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from types import SimpleNamespace

import pytest

from ledgerlet import outbound
from ledgerlet.outbound import SlidingWindow, retry_after


def test_retry_after_reads_seconds_or_a_date_and_caps_them() -> None:
    assert retry_after("7") == 7.0
    assert retry_after("2.5", cap=1.0) == 1.0
    assert retry_after("-3") == 0.0  # never negative
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert retry_after(in_a_minute) == pytest.approx(60, abs=2)  # an HTTP date: seconds from now
    assert retry_after(in_a_minute, cap=30.0) == 30.0
    assert retry_after(None) is None and retry_after("") is None and retry_after("soon") is None


class Clock:
    """Time that moves only when slept through."""

    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_window_lets_the_limit_through_and_then_waits_for_the_oldest_to_leave(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    monkeypatch.setattr(outbound, "time", SimpleNamespace(monotonic=clock.monotonic, sleep=clock.sleep, time=time.time))
    window, waits = SlidingWindow(), list[float]()
    window.acquire("shop", 2, 0.5, waits.append)
    clock.sleep(0.1)
    window.acquire("shop", 2, 0.5, waits.append)
    assert waits == []  # two in half a second: both at once
    window.acquire("other shop", 2, 0.5, waits.append)
    assert waits == []  # each key has its own window
    window.acquire("shop", 2, 0.5, waits.append)
    assert waits == [pytest.approx(0.4)]  # the third waited until the first (0.1 s ago) left the 0.5 s window
    assert clock.now == pytest.approx(100.5)
