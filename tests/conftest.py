"""Settings for the whole suite."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.support.product import RUNNING_LOGS

# Property tests run on a 2-core machine shared by two pytest workers, a browser and the local cloud: how
# fast their inputs are generated says nothing about the code, so generation speed and per-example
# deadlines are not checked (the examples and their assertions are the same).
settings.register_profile("shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shared-machine")


# A failed test shows what the products it ran against logged meanwhile: the local cloud's warnings name
# answers that took over 10 s and environments slow to start, which tell a loaded machine from a fault.
_LOG_TAIL = 40


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[_log_sizes] = {path: _size(path) for path in RUNNING_LOGS}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not report.failed or report.when == "teardown":
        return
    sizes = item.stash.get(_log_sizes, {})
    for path in sorted(RUNNING_LOGS | set(sizes)):
        try:
            with path.open("rb") as log:
                log.seek(sizes.get(path, 0))
                gained = log.read().decode("utf-8", "replace").splitlines()
        except OSError:
            continue
        if gained:
            report.sections.append((f"{path.name} during the test", "\n".join(gained[-_LOG_TAIL:])))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_log_sizes = pytest.StashKey[dict[Path, int]]()
