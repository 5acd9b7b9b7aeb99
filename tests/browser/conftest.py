"""Browser tests of the console: Debian's Chromium driven by Playwright (its executable path, nothing
downloaded), against the product started as `make dev` starts it. Every page records console errors and
uncaught exceptions; a test fails when there was any. Screenshots (`tests.support.console`) go to
artifacts/screenshots/.

Chromium logs each error answer of the API as "Failed to load resource: ... status of 422". A test that
provokes refusals on purpose declares the statuses it expects, `@pytest.mark.refusals(409, 422)`, and
only those lines are tolerated; anything else in the console (5xx, exceptions, React warnings) fails it."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.events import ROOT
from tests.support.product import running_product

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "browser":
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def marketplace() -> Iterator[Any]:
    """The Shopee and Lazada simulator the product talks to, in this process (a test makes its orders)."""
    from marketplace_sim import start

    simulator = start(port=0)
    yield simulator
    simulator.stop()


@pytest.fixture(scope="session")
def console_url(marketplace: Any) -> Iterator[str]:
    assert (ROOT / "console" / "dist" / "index.html").exists(), "build the console first: make console"
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_product(marketplace_url=marketplace.url) as url:
        marketplace.push_url = {platform: f"{url}/v1/webhooks/{platform}" for platform in ("shopee", "lazada")}
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    # The suite shares two cores with the other tests: wait as long for an assertion as for an action.
    expect.set_options(timeout=15_000)

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class ConsoleErrors(list[str]):
    """Console errors and uncaught exceptions seen on a page, but for the refusals a test expects."""

    def __init__(self, expected_statuses: tuple[int, ...] = ()) -> None:
        super().__init__()
        statuses = "|".join(str(status) for status in expected_statuses) or "(?!)"
        self.expected = re.compile(rf"^Failed to load resource: the server responded with a status of ({statuses})\b")

    def watch(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.append(f"pageerror: {error}"))

    def _console(self, message: Any) -> None:
        if message.type == "error" and not self.expected.match(message.text):
            self.append(f"console: {message.text}")


class InFlight(dict[Any, float]):
    """The page's requests not yet answered, with when each was sent (shown when a test fails)."""

    def watch(self, page: Any) -> None:
        page.on("request", lambda sent: self.__setitem__(sent, time.monotonic()))
        page.on("requestfinished", lambda done: self.pop(done, None))
        page.on("requestfailed", lambda done: self.pop(done, None))

    def describe(self) -> str:
        now = time.monotonic()
        waiting = sorted(self.items(), key=lambda pair: pair[1])
        return "\n".join(f"{now - sent:6.1f} s  {request.method} {request.url}" for request, sent in waiting) or "none"


_in_flight = pytest.StashKey[InFlight]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failed browser test shows where its page was, what it said, and the requests still unanswered."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    page = item.funcargs.get("page") if isinstance(item, pytest.Function) else None
    if report.when != "call" or not report.failed or page is None:
        return
    try:
        shown = page.locator("body").inner_text(timeout=2_000)
    except Exception as error:  # whatever the page's state, the report still goes out
        shown = f"(could not be read: {error})"
    in_flight = item.stash[_in_flight].describe() if _in_flight in item.stash else "not watched"
    report.sections.append(("page at the failure", f"{page.url}\n{shown[:1_500]}"))
    report.sections.append(("requests unanswered at the failure", in_flight))


@pytest.fixture
def page(browser: Any, console_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(
        base_url=console_url,
        viewport={"width": 1366, "height": 860},
        locale="en-GB",
        timezone_id="Asia/Kuala_Lumpur",
    )
    context.set_default_timeout(15_000)
    marker = request.node.get_closest_marker("refusals")
    errors = ConsoleErrors(tuple(marker.args) if marker else ())
    tab = context.new_page()
    errors.watch(tab)
    in_flight = request.node.stash[_in_flight] = InFlight()
    in_flight.watch(tab)
    yield tab
    context.close()
    assert not errors, "errors in the browser console:\n" + "\n".join(errors)
