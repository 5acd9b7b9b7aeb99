"""Browser tests of the console: Debian's Chromium driven by Playwright (its executable path, nothing
downloaded), against the product started as `make dev` starts it. Every page records console errors and
uncaught exceptions; a test fails when there was any. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.events import ROOT
from tests.support.product import running_product

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
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
def console_url() -> Iterator[str]:
    assert (ROOT / "console" / "dist" / "index.html").exists(), "build the console first: make console"
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with running_product() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class ConsoleErrors(list[str]):
    """Console errors and uncaught exceptions seen on a page."""

    def watch(self, page: Any) -> None:
        page.on("console", lambda message: self.append(f"console: {message.text}") if message.type == "error" else None)
        page.on("pageerror", lambda error: self.append(f"pageerror: {error}"))


@pytest.fixture
def page(browser: Any, console_url: str) -> Iterator[Any]:
    context = browser.new_context(
        base_url=console_url,
        viewport={"width": 1366, "height": 860},
        locale="en-GB",
        timezone_id="Asia/Kuala_Lumpur",
    )
    context.set_default_timeout(15_000)
    errors = ConsoleErrors()
    tab = context.new_page()
    errors.watch(tab)
    yield tab
    context.close()
    assert not errors, "errors in the browser console:\n" + "\n".join(errors)


def screenshot(page: Any, name: str) -> Path:
    """Write a full-page screenshot to artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
