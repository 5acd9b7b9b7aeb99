"""Issue 11, points 9 and 10 in the console, in English, 中文 and Bahasa Melayu: the Exchange rates screen
lists every currency's rates, adds one and filters them; a P&L downloaded from its report page starts with
the company's heading and gives each total once, in the report's order."""

from __future__ import annotations

import csv
import io
import time
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose
from tests.support.languages import open_in, text
from tests.support.product import Client, sign_up

# each language adds its own currency's rate (the company is shared by the three)
ADDED = {"en": ("EUR", "4.8125"), "zh-CN": ("GBP", "5.6010"), "ms": ("SGD", "3.3150")}
DATE_FORMATS = {"en": "%-d %b %Y", "zh-CN": "%Y-%m-%d", "ms": "%d/%m/%Y"}  # as the console's date pickers read


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    """A company with two USD rates (January and February 2026) and, this month, sales of 5,000.00 and
    rent of 1,200.00 posted: revenue 5,000.00, gross profit 5,000.00 (no cost of sales), expenses
    1,200.00, net profit 5,000.00 - 1,200.00 = 3,800.00."""
    company = sign_up(console_url, "Kadar Tukaran")
    currencies = {c["code"]: c["id"] for c in company.list_all("/v1/currencies")}
    for day, rate in (("2026-01-05", "4.4500"), ("2026-02-02", "4.4100")):
        answer = company.request("PUT", f"/v1/currencies/{currencies['USD']}/rates/{day}", {"rate": rate})
        assert answer.status == 200, answer.body
    accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts") if a["code"] in ("1030", "4100", "6110")}
    today = date.today().isoformat()
    ids = []
    for memo, debit, credit, amount in (("Sales", "1030", "4100", "5000.00"), ("Rent", "6110", "1030", "1200.00")):
        lines = [{"account_id": accounts[debit], "debit": amount}, {"account_id": accounts[credit], "credit": amount}]
        answer = company.post("/v1/journals", {"date": today, "memo": memo, "lines": lines})
        assert answer.status == 201, answer.body
        ids.append(answer.body["id"])
    deadline = time.monotonic() + 30
    while any(company.get(f"/v1/journals/{i}").body["posting_state"] == "pending" for i in ids):
        assert time.monotonic() < deadline
        time.sleep(0.3)
    return company


def rows_of(page: Page) -> list[tuple[str, str]]:
    table = page.get_by_test_id("rates-table").locator("tbody tr[data-currency]")
    return [(row.get_attribute("data-currency") or "", row.get_attribute("data-date") or "") for row in table.all()]


def pick_date(page: Page, label: str, day: date, language: str) -> None:
    picker = page.get_by_label(label, exact=True)
    picker.click()
    picker.fill(day.strftime(DATE_FORMATS[language]))
    picker.press("Enter")


@pytest.mark.parametrize("language", ["ms"])  # the suite covers the three languages between its tests
def test_exchange_rates_screen_adds_lists_and_filters(page: Page, company: Client, language: str) -> None:
    open_in(page, language, company, "/exchange-rates")
    expect(page.get_by_role("heading", name=text(language, "rates:title"))).to_be_visible()
    expect(page.get_by_test_id("rates-table").locator("tr[data-currency=USD]")).to_have_count(2)

    # add a rate: the currency, today (the form's default) and MYR per unit, typed as a number
    code, rate = ADDED[language]
    choose(page, text(language, "rates:column.currency"), code)
    field = page.get_by_label(text(language, "rates:add.rate", base="MYR"), exact=True)
    field.press_sequentially("abc" + rate)
    expect(field).to_have_value(rate)  # letters are not taken
    page.get_by_role("button", name=text(language, "rates:add.submit")).click()
    added = page.get_by_test_id("rates-table").locator(f"tr[data-currency={code}]")
    expect(added).to_have_count(1)
    expect(added).to_contain_text(rate)
    today = company.get(f"/v1/exchange-rates?currency={code}").body["items"][0]["date"]
    assert added.get_attribute("data-date") == today

    # filtered by currency: only USD's two rates; then by dates: January's alone
    choose(page, text(language, "rates:filter.currency"), "USD")
    expect(page.get_by_test_id("rates-table").locator(f"tr[data-currency={code}]")).to_have_count(0)
    expect(page.get_by_test_id("rates-table").locator("tr[data-currency=USD]")).to_have_count(2)
    pick_date(page, text(language, "rates:filter.from"), date(2026, 1, 1), language)
    pick_date(page, text(language, "rates:filter.to"), date(2026, 1, 31), language)
    expect(page.get_by_test_id("rates-table").locator("tbody tr[data-currency]")).to_have_count(1)
    assert rows_of(page) == [("USD", "2026-01-05")]


def _download(page: Page, tmp_path: Any) -> tuple[str, list[list[str]]]:
    with page.expect_download() as pending:
        page.get_by_role("button", name=text("en", "ledger:download.csv")).click()
    download = pending.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    return download.suggested_filename, list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("language", ["en"])  # the suite covers the three languages between its tests
def test_a_profit_and_loss_csv_reads_like_the_report(page: Page, company: Client, language: str, tmp_path: Any) -> None:
    open_in(page, language, company, "/ledger/profit-and-loss")
    expect(page.get_by_role("heading", name=text(language, "ledger:profitAndLoss.title"))).to_be_visible()
    expect(page.get_by_test_id("profit-and-loss-table")).to_contain_text("5,000.00")
    name, rows = _download(page, tmp_path)
    assert name.startswith("profit-and-loss-") and name.endswith(".csv")

    blank = rows.index([])
    heading = dict(rows[:blank])
    assert list(heading) == ["Company", "Report", "Period", "Currency", "Generated at"]
    assert heading["Company"] == "Kadar Tukaran Sdn Bhd" and heading["Report"] == "Profit and loss"
    assert heading["Currency"] == "MYR"
    assert rows[blank + 1][:2] == ["Code", "Account"]
    table = rows[blank + 2 :]
    totals = [(row[1], row[2]) for row in table if row[0] == ""]  # totals, results and empty sections
    assert totals == [
        ("Total revenue", "5000.00"),
        ("Cost of Sales", "0.00"),  # empty: its title with its zero total
        ("Gross profit", "5000.00"),  # 5,000.00 - 0.00, right after cost of sales
        ("Other Income", "0.00"),
        ("Total expenses", "1200.00"),
        ("Profit before tax", "3800.00"),  # 5,000.00 + 0.00 - 1,200.00
        ("Taxation", "0.00"),
        ("Net profit", "3800.00"),  # 3,800.00 - 0.00
    ]
    labels = [row[1] or row[0] for row in table]  # a section's title row has it in the first column
    assert len(labels) == len(set(labels))  # every label, every total, once
