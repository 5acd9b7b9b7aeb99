"""Execution environments as Lambda gives them: one invocation at a time each, own module state,
own variables, more environments up to the function's limit, a queue beyond it, and environments
that time out or die replaced by new ones."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests


def _get(cloud: Any, path: str) -> requests.Response:
    return requests.get(f"{cloud.url}{path}", timeout=30)


def test_an_environment_stays_warm_between_invocations(cloud: Any) -> None:
    # Given a function that counts its invocations in module state
    first, second = _get(cloud, "/public/warm-1").json(), _get(cloud, "/public/warm-2").json()
    # Then one request after another reuses the same environment, whose module state carried over
    assert second["pid"] == first["pid"]
    assert second["invocations"] == first["invocations"] + 1
    assert first["awsRequestId"] != second["awsRequestId"]


def test_concurrent_invocations_never_share_an_environment(cloud: Any) -> None:
    # The fixture's "slow" handler fails if a second invocation enters its environment while busy
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda i: _get(cloud, f"/public/slow?i={i}"), range(8)))
    assert [a.status_code for a in answers] == [200] * 8
    pids = {a.json()["pid"] for a in answers}
    assert 2 <= len(pids) <= 4  # more environments for concurrency, no more than the limit (4)


def test_invocations_beyond_the_limit_queue(cloud: Any) -> None:
    # LimitedFunction has ReservedConcurrentExecutions: 2; six 0.2 s invocations at once
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda i: _get(cloud, f"/limited/slow?i={i}"), range(6)))
    elapsed = time.monotonic() - started
    assert [a.status_code for a in answers] == [200] * 6
    assert len({a.json()["pid"] for a in answers}) <= 2
    # 6 invocations, 2 at a time, 0.2 s each: at least 3 rounds = 0.6 s (none ran a third at once)
    assert elapsed >= 0.6
    assert cloud.functions["LimitedFunction"].environments <= 2


def test_each_function_sees_only_its_own_variables(cloud: Any) -> None:
    public = _get(cloud, "/public/vars").json()
    assert public["secureOnly"] is None  # SECURE_ONLY is SecureFunction's variable
    assert public["lambdaFunctionName"] == "local-PublicFunction" == public["functionName"]
    limited = _get(cloud, "/limited/vars").json()  # the same code, another function
    assert limited["lambdaFunctionName"] == "local-LimitedFunction"
    assert limited["pid"] != public["pid"]


def test_a_timed_out_invocation_ends_its_environment(cloud: Any) -> None:
    # ShortFunction has Timeout: 1; "hang" sleeps 30 s
    before = _get(cloud, "/short/before").json()
    started = time.monotonic()
    timed_out = _get(cloud, "/short/hang")
    assert timed_out.status_code == 502
    assert time.monotonic() - started < 20  # answered at the 1 s timeout, not after the handler's 30 s
    after = _get(cloud, "/short/after").json()
    assert after["pid"] != before["pid"]  # the environment that timed out is gone
    assert after["invocations"] == 1  # a cold start: fresh module state


def test_a_timeout_and_a_death_are_reported_as_lambda_reports_them(cloud: Any) -> None:
    from localcloud.functions import FunctionError

    for name, error_type in (("hang", "Sandbox.Timedout"), ("exit", "Runtime.ExitError"), ("boom", "RuntimeError")):
        with pytest.raises(FunctionError) as raised:
            cloud.invoke("ShortFunction", {"pathParameters": {"name": name}})
        assert raised.value.error_type == error_type, name


def test_a_process_that_dies_is_replaced(cloud: Any) -> None:
    before = _get(cloud, "/short/before-exit").json()
    assert _get(cloud, "/short/exit").status_code == 502
    after = _get(cloud, "/short/after-exit").json()
    assert after["pid"] != before["pid"] and after["invocations"] == 1


def test_a_raised_error_keeps_the_environment(cloud: Any) -> None:
    before = _get(cloud, "/public/before-boom").json()
    assert _get(cloud, "/public/boom").status_code == 502
    after = _get(cloud, "/public/after-boom").json()
    assert after["pid"] == before["pid"] and after["invocations"] == before["invocations"] + 2


def test_results_are_marshalled_as_lambda_does(cloud: Any) -> None:
    # A Decimal becomes a JSON number, as in Lambda's Python runtime; a result JSON cannot hold fails
    assert _get(cloud, "/public/decimal").text == "1.5"
    assert _get(cloud, "/public/unmarshallable").status_code == 502


def test_environments_idle_too_long_are_shut_down(cloud: Any) -> None:
    # The reaper's rule, with a threshold the test can wait out (the runtime's default is 300 s)
    pid = _get(cloud, "/public/x").json()["pid"]
    cloud.fleet.reap_idle(60.0)
    assert cloud.functions["PublicFunction"].pool.live >= 1  # just used: not idle for 60 s, so kept
    time.sleep(0.3)
    assert cloud.fleet.reap_idle(0.2) >= 1  # idle 0.3 s > 0.2 s: shut
    assert cloud.functions["PublicFunction"].pool.live == 0
    assert _get(cloud, "/public/y").json()["pid"] != pid  # the next invocation starts cold


def test_past_the_cap_the_longest_idle_environment_goes_first(cloud: Any) -> None:
    fleet, public = cloud.fleet, cloud.functions["PublicFunction"].pool
    saved = fleet.max_environments
    schedules = list(cloud.scheduler.schedules.values())
    try:
        for schedule in schedules:  # the per-second tick would start and use environments meanwhile
            schedule.enabled = False
        for fn in cloud.functions:
            fn.pool.reap(None)
        # Given public's environment idle longest, and a cap that the live environments already reach
        first = _get(cloud, "/public/oldest").json()
        _get(cloud, "/limited/newer")
        fleet.max_environments = fleet.live
        # When another function needs a cold start
        assert _get(cloud, "/short/needs-room").status_code == 200
        # Then public's idle environment made room (a busy one never would), so public starts cold again
        assert public.live == 0
        again = _get(cloud, "/public/again").json()
        assert again["pid"] != first["pid"] and again["invocations"] == 1
    finally:
        fleet.max_environments = saved
        for schedule in schedules:
            schedule.enabled = True


@pytest.mark.parametrize(
    ("available_kb", "cap"),
    [
        # A quarter of 24,000,000 kB is 6,000,000 kB: at 48 MB (49,152 kB) each, 122.07 -> 122
        (24_000_000, 122),
        # 8 GB laptop with 5,000,000 kB available: 1,250,000 / 49,152 = 25.4 -> 25
        (5_000_000, 25),
        # Little memory left: 1,000,000 / 4 / 49,152 = 5.1, raised to the floor of 16
        (1_000_000, 16),
        # A large machine: 200,000,000 / 4 / 49,152 = 1,017, held to the ceiling of 128
        (200_000_000, 128),
    ],
)
def test_the_cap_on_live_environments_is_what_a_quarter_of_the_available_memory_holds(
    available_kb: int, cap: int
) -> None:
    from localcloud.environments import environments_memory_holds

    meminfo = f"MemTotal:       25000000 kB\nMemFree:          900000 kB\nMemAvailable:   {available_kb} kB\n"
    assert environments_memory_holds(meminfo) == cap


def test_without_a_reading_of_the_memory_the_cap_is_32() -> None:
    from localcloud.environments import environments_memory_holds

    assert environments_memory_holds("MemTotal:       25000000 kB\n") == 32
