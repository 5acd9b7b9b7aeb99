"""The ledger screens and the dashboard on a company with a few posted journals: the dashboard's charts
and headline figures, the trial balance (totals, period change, CSV download), the drill-down from a
trial balance line to the account's general ledger and on to the source journal and the entry, the
balance sheet and the profit and loss."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.support.console import log_in as login
from tests.support.console import screenshot
from tests.support.languages import open_in, text
from tests.support.product import Client, sign_up

TIME_ZONE = ZoneInfo("Asia/Kuala_Lumpur")  # the company's (the sign-up default)
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1366, "height": 860}


def shift(period: str, months: int) -> str:
    year, month = map(int, period.split("-"))
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass
class Books:
    """A company with a capital journal last month and, this month, cash sales and rent paid."""

    client: Client
    email: str
    this_month: str
    last_month: str
    capital: dict[str, Any]
    sales: dict[str, Any]
    rent: dict[str, Any]


def account_ids(client: Client) -> dict[str, str]:
    return {account["code"]: account["id"] for account in client.list_all("/v1/accounts")}


def post_journal(client: Client, date: str, memo: str, lines: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Post a journal of (account id, "debit"|"credit", amount) lines and wait until the ledger posted it."""
    answer = client.post(
        "/v1/journals",
        {"date": date, "memo": memo, "lines": [{"account_id": acc, side: amount} for acc, side, amount in lines]},
    )
    assert answer.status == 201, answer.body
    deadline = time.monotonic() + 30
    while True:
        journal = client.get(f"/v1/journals/{answer.body['id']}").body
        if journal["posting_state"] != "pending" or time.monotonic() > deadline:
            assert journal["posting_state"] == "posted", journal
            return journal
        time.sleep(0.2)


@pytest.fixture(scope="module")
def books(console_url: str) -> Books:
    client = sign_up(console_url, "Ledger Screens")
    email = client.get("/v1/platform/me").body["user"]["email"]
    accounts = account_ids(client)
    this_month = datetime.now(TIME_ZONE).strftime("%Y-%m")
    last_month = shift(this_month, -1)
    bank, capital_account, sales_account, rent_account = (accounts[c] for c in ("1030", "3100", "4100", "6110"))
    capital = post_journal(
        client,
        f"{last_month}-03",
        "Paid-up capital",
        [(bank, "debit", "50000.00"), (capital_account, "credit", "50000.00")],
    )
    sales = post_journal(
        client,
        f"{this_month}-01",
        "Cash sales",
        [(bank, "debit", "12000.00"), (sales_account, "credit", "12000.00")],
    )
    rent = post_journal(
        client, f"{this_month}-01", "Shop rent", [(rent_account, "debit", "2500.00"), (bank, "credit", "2500.00")]
    )
    return Books(client, email, this_month, last_month, capital, sales, rent)


def log_in(page: Any, books: Books) -> None:
    login(page, books.email)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def tb_row(page: Any, code: str) -> Any:
    return page.get_by_test_id("trial-balance-table").locator(f'tr[data-code="{code}"]')


def expect_tb_line(page: Any, code: str, debit: str, credit: str) -> None:
    cells = tb_row(page, code).locator("td")
    expect(cells.nth(3)).to_have_text(debit)
    expect(cells.nth(4)).to_have_text(credit)


def test_dashboard_shows_charts_and_headline_figures(page: Any, books: Books) -> None:
    log_in(page, books)
    for chart in ("chart-sales", "chart-debtors", "chart-cash"):
        drawing = page.get_by_test_id(chart)
        expect(drawing).to_have_attribute("role", "img")
        expect(drawing).to_have_attribute("aria-label", re.compile(r"\w+"))
        expect(drawing.locator("svg").first).to_be_visible()
    # Cash: 50,000 capital + 12,000 sales - 2,500 rent, all in the bank account
    expect(page.get_by_test_id("kpi-cash-value")).to_have_text(re.compile(r"RM\s?59,500\.00"))
    expect(page.get_by_test_id("kpi-profit-value")).to_have_text(re.compile(r"RM\s?9,500\.00"))
    expect(page.get_by_test_id("kpi-receivables-value")).to_have_text(re.compile(r"RM\s?0\.00"))
    expect(page.get_by_test_id("dashboard-empty")).to_have_count(0)
    page.wait_for_timeout(600)  # the charts' entry animation
    screenshot(page, "dashboard")
    page.set_viewport_size(TABLET)
    expect(page.get_by_test_id("chart-sales").locator("svg").first).to_be_visible()
    page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth")  # charts resize
    page.wait_for_timeout(600)
    screenshot(page, "dashboard-tablet")
    # The charts follow the language
    page.set_viewport_size(DESKTOP)
    page.get_by_test_id("language-switch").click()
    page.get_by_title("简体中文").click()
    expect(page.get_by_text("每月销售额与利润")).to_be_visible()
    expect(page.get_by_test_id("chart-sales")).to_have_attribute("aria-label", re.compile("净利润"))
    page.get_by_test_id("language-switch").click()
    page.get_by_title("English").click()
    expect(page.get_by_text("Sales and profit per month")).to_be_visible()


def test_trial_balance_totals_period_and_download(page: Any, books: Books, tmp_path: Path) -> None:
    log_in(page, books)
    page.goto("/ledger/trial-balance")
    expect(page.get_by_role("heading", name="Trial balance")).to_be_visible()
    # The fiscal year to date: every journal
    expect_tb_line(page, "1030", "59,500.00", "")
    expect_tb_line(page, "3100", "", "50,000.00")
    expect_tb_line(page, "4100", "", "12,000.00")
    expect_tb_line(page, "6110", "2,500.00", "")
    expect(page.get_by_test_id("total-debit")).to_have_text("62,000.00")
    expect(page.get_by_test_id("total-credit")).to_have_text("62,000.00")
    expect(page.get_by_test_id("balanced")).to_have_attribute("data-balanced", "true")
    screenshot(page, "trial-balance")
    page.set_viewport_size(TABLET)
    page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth")  # charts resize
    screenshot(page, "trial-balance-tablet")
    page.set_viewport_size(DESKTOP)

    # CSV of the report shown, named as the API names it
    with page.expect_download() as pending:
        page.get_by_role("button", name="CSV").click()
    download = pending.value
    assert re.fullmatch(r"trial-balance-\d{4}-\d{2}-\d{4}-\d{2}\.csv", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = saved.read_text()
    assert text.startswith("Company,") and "\nReport,Trial balance\n" in text  # the heading block first
    assert "\n\nCode,Account,Type,Debit,Credit\n" in text
    assert "1030,Bank - Current Account,asset,59500.00,0.00" in text
    assert ",Total,,62000.00,62000.00" in text

    # Last month only: the capital journal alone
    page.get_by_label("From month").click()
    page.get_by_text("Last month", exact=True).click()
    expect(page).to_have_url(re.compile(f"from={books.last_month}&to={books.last_month}"))
    expect_tb_line(page, "1030", "50,000.00", "")
    expect(tb_row(page, "4100")).to_have_count(0)
    expect(page.get_by_test_id("total-debit")).to_have_text("50,000.00")

    # Back to this month
    page.get_by_label("From month").click()
    page.get_by_text("This month", exact=True).click()
    expect(page).to_have_url(re.compile(f"from={books.this_month}&to={books.this_month}"))
    expect_tb_line(page, "1030", "59,500.00", "")
    expect_tb_line(page, "4100", "", "12,000.00")


def test_drill_down_to_general_ledger_entry_and_journal(page: Any, books: Books) -> None:
    log_in(page, books)
    page.goto(f"/ledger/trial-balance?from={books.this_month}&to={books.this_month}")
    page.get_by_role("link", name="General ledger of 1030 Bank - Current Account").click()
    expect(page).to_have_url(re.compile(r"/ledger/accounts/acc_\w+\?from=" + books.this_month))
    expect(page.get_by_role("heading", name=re.compile("General ledger detail: 1030"))).to_be_visible()
    expect(page.get_by_test_id("opening-balance")).to_have_text(re.compile(r"50,000\.00\s*Dr"))
    running = page.get_by_test_id("running-balance")
    expect(running).to_have_count(2)
    # Both journals are dated the 1st: either may come first
    expect(running.nth(0)).to_have_text(re.compile(r"(62,000|47,500)\.00\s*Dr"))
    expect(running.nth(1)).to_have_text(re.compile(r"59,500\.00\s*Dr"))
    expect(page.get_by_test_id("closing-balance")).to_have_text(re.compile(r"59,500\.00\s*Dr"))
    screenshot(page, "gl-detail")

    # The line's entry, with its lines balanced
    page.get_by_role("link", name=re.compile(r"^Open journal entry ")).first.click()
    expect(page).to_have_url(re.compile(r"/ledger/entries/jnl_\w+$"))
    expect(page.get_by_test_id("entry-lines")).to_contain_text("1030 Bank - Current Account")
    expect(page.get_by_test_id("entry-balanced")).to_have_attribute("data-balanced", "true")
    page.go_back()

    # The line's source document: the journal's page
    page.get_by_role("link", name=f"Journal {books.sales['code']}").click()
    expect(page).to_have_url(re.compile(f"/journals/{books.sales['id']}$"))
    expect(page.get_by_role("heading", level=2)).to_contain_text(books.sales["code"])


def test_balance_sheet_and_profit_and_loss(page: Any, books: Books) -> None:
    log_in(page, books)
    page.goto("/ledger/balance-sheet")
    table = page.get_by_test_id("balance-sheet-table")
    expect(table.locator('tr[data-code="1030"]')).to_contain_text("59,500.00")
    # This month's profit sits in current year earnings, so the sheet balances
    expect(table.locator('tr[data-code="3300"]')).to_contain_text("9,500.00")
    expect(table.locator('tr[data-kind="result"]')).to_contain_text("59,500.00")
    expect(page.get_by_test_id("balanced")).to_have_attribute("data-balanced", "true")
    screenshot(page, "balance-sheet")

    page.goto("/ledger/profit-and-loss")
    table = page.get_by_test_id("profit-and-loss-table")
    expect(table.locator('tr[data-code="4100"]')).to_contain_text("12,000.00")
    expect(table.locator('tr[data-code="6110"]')).to_contain_text("2,500.00")
    expect(table.locator('tr[data-kind="result"]').last).to_contain_text("9,500.00")
    # Beside the previous period: a comparison and a change column
    page.get_by_text("Previous period", exact=True).click()
    expect(page).to_have_url(re.compile("compare=previous"))
    expect(table.get_by_role("columnheader", name="Change")).to_be_visible()
    screenshot(page, "profit-and-loss")


def test_period_close_runs_to_the_lock_and_is_listed(page: Any, console_url: str) -> None:
    """A new company closes last month from the console: the page opens on a month never closed without
    a refused request, the close runs its four steps, and the list of closes names the month."""
    client = sign_up(console_url, "Tutup Buku")
    last_month = shift(datetime.now(TIME_ZONE).strftime("%Y-%m"), -1)
    login(page, client.get("/v1/platform/me").body["user"]["email"], "/ledger/closes")
    expect(page.get_by_text(f"Close of {last_month}")).to_be_visible()
    expect(page.get_by_text("This month's close has not been started.")).to_be_visible()

    start = page.get_by_role("button", name="Start close")
    start.click()
    expect(page.get_by_test_id("close-status")).to_have_text("Closed", timeout=60_000)
    expect(start).to_be_disabled()
    listed = page.get_by_test_id("close-history").locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text(last_month)
    expect(listed.first).to_contain_text("Closed")
    screenshot(page, "period-close")
    assert client.get("/v1/ledger/settings").body["hard_lock"].startswith(last_month)


@pytest.mark.parametrize("language", ["ms"])  # the suite covers the three languages between its tests
def test_the_dashboard_loads_from_one_summary_request(page: Any, books: Books, language: str) -> None:
    """Issue 11, point 8: the dashboard asks one summary endpoint, not a trial balance per month, and shows
    its figures in the user's language. By hand: cash 50,000 + 12,000 - 2,500 = 59,500.00."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/v1/ledger/" in request.url else None)
    open_in(page, language, books.client, "/")
    expect(page.get_by_role("heading", name=text(language, "dashboard:title"))).to_be_visible()
    expect(page.get_by_test_id("kpi-cash-value")).to_contain_text("59,500.00")
    page.wait_for_load_state("networkidle")
    ledger_paths = [url.split("/v1/ledger/", 1)[1].split("?", 1)[0] for url in asked]
    assert ledger_paths.count("dashboard") == 1, ledger_paths
    assert "trial-balance" not in ledger_paths, ledger_paths
