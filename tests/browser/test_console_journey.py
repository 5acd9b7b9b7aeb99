"""A subscriber's first day in the console, in one browser session with no console error and no API
refusal: sign up, log out and back in, create a customer and an item, post a manual journal, find it in
the trial balance, drill down to the account's ledger, and switch to Simplified Chinese. Writes the
screenshots the README lists (artifacts/screenshots/journey-*.png)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import expect

from tests.support.console import choose, fill_address, fill_sign_up, log_in, log_out, new_from_list, settled_screenshot


def sign_up(page: Any, legal_name: str, email: str) -> None:
    page.goto("/signup")
    fill_sign_up(page, legal_name, "Nurul Huda", email, brn="202301098765")
    page.get_by_role("button", name="Create company").click()
    expect(page.get_by_test_id("company-name")).to_have_text(legal_name, timeout=45_000)


def menu(page: Any, entry: str) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=entry, exact=True).click()


def open_new_form(page: Any, collection: str) -> None:
    # the list the menu opened, not the one before it (its New button is there until the route changes)
    expect(page).to_have_url(re.compile(rf"/{collection}(\?.*)?$"))
    new_from_list(page, collection)
    expect(page).to_have_url(re.compile(rf"/{collection}/new$"))
    expect(page.get_by_test_id("record-form")).to_be_visible()


def create_customer(page: Any) -> str:
    menu(page, "Customers")
    open_new_form(page, "customers")
    page.get_by_label("Name", exact=True).fill("Syarikat Seri Murni")
    page.get_by_label("TIN", exact=True).fill("C2584563209")
    page.get_by_label("Email", exact=True).fill("akaun@serimurni.com.my")
    billing = page.get_by_role("group", name="Billing address")
    fill_address(page, billing, "8 Jalan Tun Razak", "Kuala Lumpur", "50400", state=("Kuala", "14 —"))
    settled_screenshot(page, "journey-form")
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/customers/cus_[0-9A-Z]{26}$"))
    heading = page.get_by_role("heading", level=2)
    expect(heading).to_contain_text("Syarikat Seri Murni")
    code = heading.inner_text().split(" — ")[0]
    menu(page, "Customers")
    expect(page.get_by_test_id("record-table").get_by_role("link", name=code)).to_be_visible()
    settled_screenshot(page, "journey-list")
    return code


def create_item(page: Any) -> None:
    menu(page, "Items")
    open_new_form(page, "items")
    page.get_by_label("Name", exact=True).fill("Kopi Putih 3-in-1")
    page.get_by_label("Sales price", exact=True).fill("12.50")
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/items/itm_[0-9A-Z]{26}$"))
    expect(page.get_by_role("heading", level=2)).to_contain_text("Kopi Putih 3-in-1")
    expect(page.get_by_text("RM 12.50").first).to_be_visible()


def post_journal(page: Any) -> None:
    menu(page, "Manual journals")
    open_new_form(page, "journals")
    page.get_by_label("Memo", exact=True).fill("Owner's capital paid into the bank")
    choose(page, "Account, line 1", "1030")
    page.get_by_label("Debit, line 1").fill("25000")
    choose(page, "Account, line 2", "3100")
    page.get_by_label("Credit, line 2").fill("25000")
    expect(page.get_by_test_id("journal-difference")).to_have_attribute("data-balanced", "true")
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/journals/jv_[0-9A-Z]{26}$"))
    expect(page.get_by_test_id("posting-state")).to_have_attribute("data-state", "posted", timeout=30_000)


def see_it_in_the_trial_balance(page: Any) -> None:
    menu(page, "Trial balance")
    table = page.get_by_test_id("trial-balance-table")
    bank, capital = table.locator("tr[data-code='1030']"), table.locator("tr[data-code='3100']")
    expect(bank.locator("td").nth(3)).to_have_text("25,000.00")
    expect(capital.locator("td").nth(4)).to_have_text("25,000.00")
    expect(page.get_by_test_id("total-debit")).to_have_text("25,000.00")
    expect(page.get_by_test_id("balanced")).to_have_attribute("data-balanced", "true")
    settled_screenshot(page, "journey-trial-balance")
    # Drill down: the bank account's ledger shows the journal with its running balance.
    bank.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/ledger/accounts/"))
    expect(page.get_by_test_id("closing-balance")).to_contain_text("25,000.00")
    page.go_back()
    expect(page.get_by_test_id("trial-balance-table")).to_be_visible()


def test_a_subscribers_first_day(page: Any) -> None:
    suffix = uuid.uuid4().hex[:6]
    legal_name = f"Kedai Kopi {suffix.upper()} Sdn Bhd"
    email = f"owner+{suffix}@kedaikopi.com.my"

    sign_up(page, legal_name, email)
    log_out(page)
    log_in(page, email)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    create_customer(page)
    create_item(page)
    post_journal(page)
    see_it_in_the_trial_balance(page)

    menu(page, "Dashboard")
    expect(page.get_by_test_id("kpi-cash-value")).to_contain_text("25,000.00")
    expect(page.get_by_test_id("chart-cash").locator("canvas, svg").first).to_be_visible()
    settled_screenshot(page, "journey-dashboard")

    # Simplified Chinese: the menu, the page and its figures; the choice survives a reload.
    menu(page, "Trial balance")
    choose(page, "Language", "简体中文")
    expect(page.get_by_role("heading", name="试算平衡表")).to_be_visible()
    expect(page.get_by_role("navigation", name="主菜单").get_by_role("link", name="客户", exact=True)).to_be_visible()
    expect(page.get_by_test_id("total-debit")).to_have_text("25,000.00")
    page.reload()
    expect(page.get_by_role("heading", name="试算平衡表")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    settled_screenshot(page, "journey-trial-balance-zh")
