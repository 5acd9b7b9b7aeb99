"""Steps the browser tests share: logging in through the login page, picking from a select, screenshots."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.support.events import ROOT
from tests.support.product import ADMIN_PASSWORD

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def log_in(page: Any, email: str, path: str = "/", password: str = ADMIN_PASSWORD) -> None:
    """Log in through the login page and wait until it has sent the browser on to `path`."""
    page.goto(f"/login?next={path}")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(re.escape(path) + r"(\?.*)?$"))


def fill_sign_up(
    page: Any, legal_name: str, admin: str, email: str, *, brn: str = "202301012345", tin: str = "C2584563200"
) -> None:
    """Fill the sign-up form's required fields (the page must be /signup); the caller submits."""
    page.get_by_label("Company legal name").fill(legal_name)
    page.get_by_label("Business registration number (SSM)").fill(brn)
    page.get_by_label("Tax identification number (LHDN TIN)").fill(tin)
    page.get_by_label("Your name").fill(admin)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)


def log_out(page: Any) -> None:
    page.get_by_test_id("user-menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))


SHOWS = "([input, wanted]) => (input.closest('.ant-select')?.textContent ?? '').includes(wanted)"


def choose(page: Any, label: str, search: str, option: str | None = None, *, within: Any = None) -> None:
    """Pick an option of the select labelled `label` (inside `within`, e.g. an address group): type
    `search` when it takes typing, then click the option containing `option` (default: `search`), until
    the select shows it (a search answer arriving mid-click re-renders the list and loses the click)."""
    wanted = option or search
    select = (within or page).get_by_label(label, exact=True).element_handle()  # its label may change with the choice
    shown = "input => input.closest('.ant-select').textContent"
    for _ in range(4):  # a loaded machine (the suite on two cores) may lose a click to a re-render
        if select.get_attribute("aria-expanded") != "true":
            select.click()
        if select.is_editable():
            select.fill(search)
        page.wait_for_load_state("networkidle")  # the debounced search has answered
        _option_of(page, select, wanted).click()
        try:  # a choice that navigates changes the address first and renders after: wait for the select
            page.wait_for_function(SHOWS, arg=[select, wanted], timeout=8_000)
            break
        except PlaywrightTimeout:
            continue
    assert wanted in select.evaluate(shown), f"could not choose {wanted!r} in {label!r}"
    if select.get_attribute("aria-expanded") == "true":
        select.press("Escape")  # a multiple select keeps its list open; Escape closes only the list


def _option_of(page: Any, select: Any, text: str) -> Any:
    """The select's own option (another select's list may still be fading out), found by its list's id;
    a select without search renders its options without ids."""
    listbox = select.get_attribute("aria-controls")
    own = page.locator(f'.ant-select-item-option[id^="{listbox}_"]').filter(has_text=text).first
    try:
        own.wait_for(timeout=3_000)
    except PlaywrightTimeout:
        return page.locator(".ant-select-dropdown:visible .ant-select-item-option", has_text=text).first
    return own


def screenshot(page: Any, name: str) -> Path:
    """Write a full-page screenshot to artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def settled_screenshot(page: Any, name: str) -> Path:
    """A screenshot once loading is over (no spinner, no animation), with the viewport as tall as the
    page so sticky form actions sit where they belong."""
    expect(page.locator(".ant-spin-spinning, .ant-skeleton")).to_have_count(0)
    still = page.add_style_tag(
        content="*, *::before, *::after { transition: none !important; animation: none !important; }"
    )
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    try:
        return screenshot(page, name)
    finally:
        page.set_viewport_size(size)
        still.evaluate("style => style.remove()")  # antd's popups wait for their animations to end


def fill_address(
    page: Any, within: Any, line1: str, city: str, postcode: str, *, state: tuple[str, str | None]
) -> None:
    """Fill an address group's fields; `state` is what to type in the State select and the option to pick."""
    within.get_by_label("Address line 1").fill(line1)
    within.get_by_label("City").fill(city)
    within.get_by_label("Postcode").fill(postcode)
    choose(page, "State", state[0], state[1], within=within)


def list_answers(page: Any, fragment: str) -> list[str]:
    """A growing list of the answers to requests whose URL contains `fragment` (URL, status, number of
    items), for a failure message to say what the screen was given."""
    seen: list[str] = []

    def note(response: Any) -> None:
        if fragment in response.url:
            try:
                seen.append(f"{response.url} -> {response.status}, {len(response.json()['items'])} items")
            except Exception as error:  # a note never fails the test itself
                seen.append(f"{response.url} -> {response.status}, {error!r}")

    page.on("response", note)
    return seen


OPENING = ", ".join(
    f".{kind}[class*='-{phase}']"
    for kind in ("ant-modal", "ant-modal-mask", "ant-popover")
    for phase in ("appear", "enter")
)


def new_from_list(page: Any, kind: str) -> None:
    """Press the New button of `kind`'s list. Just after a menu click the URL has changed but the page may
    still show the list before it, New button and all (the next route's code is loading): this waits
    for the button of `kind`'s own list."""
    page.locator(f"[data-testid='list-new'][data-kind='{kind}']").click()


def dialog_settled(page: Any) -> None:
    """Wait until an opening dialog or popover has finished its zoom: a click on its controls while it still
    moves can be lost on a loaded machine (the dialog stays open and nothing is sent)."""
    page.wait_for_function(f"() => !document.querySelector({OPENING!r})")
