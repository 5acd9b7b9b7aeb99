"""The demo company `make dev` creates starts with a month of sample data (issue 11, point 10): the product
started as `make dev` starts it (with the demo company, in memory) seeds the last 30 days through the API;
its trial balance balances, the month's P&L shows revenue and expenses, a download of it reads like the
report (point 9), and seeding again posts nothing twice."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.support.events import ROOT
from tests.support.product import Client, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

EMAIL, PASSWORD = "demo@ledgerlet.my", "Demo-Ledgerlet-2026"


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[str, Any]]:
    """The product as `make dev` starts it (demo company and its sample month), kept in memory."""
    import demo_data

    port = free_port()
    (ROOT / "artifacts").mkdir(exist_ok=True)
    log_path = ROOT / "artifacts" / f"product-demo-{port}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "infra" / "dev.py"), "--in-memory"],
            env={**os.environ, "PORT": str(port), "LOG_LEVEL": "WARNING"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 180
            while "Demo data:" not in log_path.read_text():
                text = log_path.read_text()
                assert "could not be seeded" not in text and process.poll() is None, text[-3000:]
                assert time.monotonic() < deadline, "no demo data within 180 s"
                time.sleep(0.5)
            yield f"http://127.0.0.1:{port}", demo_data
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def logged_in(url: str) -> Client:
    answer = Client(url).post("/v1/platform/login", {"email": EMAIL, "password": PASSWORD})
    assert answer.status == 200, answer.body
    return Client(url, answer.body["id_token"], EMAIL)


def balances(company: Client, query: str) -> dict[str, Decimal]:
    tb = company.get(f"/v1/ledger/trial-balance?{query}").body
    return {line["code"]: Decimal(line["balance"]) for line in tb["lines"]}


def when_posted(company: Client, query: str, code: str, expected: Decimal, timeout: float = 60) -> None:
    """Wait until the ledger's consumer has posted what was seeded (the bank shows its balance)."""
    deadline = time.monotonic() + timeout
    while balances(company, query).get(code) != expected:
        assert time.monotonic() < deadline, balances(company, query)
        time.sleep(0.5)


def test_the_demo_company_shows_a_month_of_live_reports_once(demo: tuple[str, Any]) -> None:
    url, demo_data = demo
    company = logged_in(url)
    today = demo_data.today_in_kuala_lumpur()
    first = today - timedelta(days=demo_data.DAYS - 1)
    periods = f"period_from={first.isoformat()[:7]}&period_to={today.isoformat()[:7]}"
    # Maybank current account 1030: opening 85,000.00
    # + receipts with their SST: 3,200 x 1.10 = 3,520.00; 2,500 x 1.08 = 2,700.00; 1,450 x 1.05 = 1,522.50;
    #   860.00; 5,600 x 1.10 = 6,160.00; 2,700.00; 1,980 x 1.05 = 2,079.00; 1,240.00  -> 20,781.50
    # - payments 4,500 + 3,800 + 612.40 + 188 + 2,450 + 4,800 + 1,900 = 18,250.40 (stationery is petty cash)
    # - 4,430.00 converted into USD
    # = 85,000.00 + 20,781.50 - 18,250.40 - 4,430.00 = 83,101.10
    bank = Decimal("83101.10")
    when_posted(company, periods, "1030", bank)

    tb = company.get(f"/v1/ledger/trial-balance?{periods}").body
    assert tb["balanced"] is True and tb["total_debit"] == tb["total_credit"], tb
    found = balances(company, periods)
    assert found["1040"] == Decimal("7970.00")  # USD 1,000 at 4.4300 = 4,430.00 + USD 800 at 4.4250 = 3,540.00
    assert found["2200"] == Decimal("-1051.50")  # sales tax 320.00 + 72.50 + 560.00 + 99.00, a credit
    assert found["2210"] == Decimal("-400.00")  # service tax 200.00 + 200.00

    pl = company.get(f"/v1/ledger/profit-and-loss?{periods}").body
    totals = {section["name"]: Decimal(section["total"]) for section in pl["sections"]}
    # goods 3,200 + 1,450 + 860 + 5,600 + 3,540 (USD 800 x 4.4250) + 1,980 + 1,240 = 17,870.00;
    # services 2,500 + 2,500 = 5,000.00; revenue 22,870.00
    assert totals["revenue"] == Decimal("22870.00")
    assert totals["cost_of_sales"] == Decimal("8150.00")  # purchases 3,800 + 2,450 + 1,900
    # wages 4,800 + rent 4,500 + electricity 612.40 + broadband 188 + stationery 86.50 + audit fee 1,500
    # + depreciation 400 = 12,086.90
    assert totals["expenses"] == Decimal("12086.90")
    assert Decimal(pl["gross_profit"]) == Decimal("14720.00")  # 22,870.00 - 8,150.00
    assert Decimal(pl["net_profit"]) == Decimal("2633.10")  # 14,720.00 - 12,086.90, no other income or tax

    # the P&L downloaded: the company's heading, then each total once, in the report's order
    request = urllib.request.Request(
        f"{url}/v1/ledger/profit-and-loss?{periods}&format=csv", headers={"Authorization": f"Bearer {company.token}"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        rows = list(csv.reader(io.StringIO(answer.read().decode())))
    blank = rows.index([])
    heading = dict(rows[:blank])
    assert list(heading) == ["Company", "Report", "Period", "Currency", "Generated at"]
    assert heading["Company"] == "Kedai Contoh Sdn Bhd"  # from the profile the sign-up gave
    assert heading["Report"] == "Profit and loss" and heading["Currency"] == "MYR"
    assert heading["Period"] == f"{first.isoformat()[:7]} to {today.isoformat()[:7]}"
    # the rows without an account code: totals, results and empty sections, in the order the console shows
    results = [row[1] for row in rows[blank + 2 :] if row[0] == ""]
    assert results == [
        "Total revenue",  # the lone "Revenue" group repeats the section: no subtotal of its own
        "Total cost of sales",
        "Gross profit",
        "Other Income",  # empty: one row with its zero total
        "Total Staff Costs",  # wages (6010)
        "Total Administrative Expenses",  # rent, utilities, broadband, stationery, audit, depreciation
        "Total expenses",
        "Profit before tax",
        "Taxation",  # empty
        "Net profit",
    ]
    figures = {row[1]: row[2] for row in rows[blank + 2 :]}
    assert figures["Gross profit"] == "14720.00" and figures["Net profit"] == "2633.10"

    # seeding again (a retried start) replays every request: nothing is posted twice
    receipts = len(company.list_all("/v1/receipts"))
    assert receipts == len(demo_data.RECEIPTS) == 9
    demo_data.seed(url, EMAIL, PASSWORD, today)
    time.sleep(3)  # what would have been posted twice would be by now
    assert len(company.list_all("/v1/receipts")) == receipts
    assert len(company.list_all("/v1/customers")) == len(demo_data.CUSTOMERS)
    assert balances(company, periods)["1030"] == bank
    again = company.get(f"/v1/ledger/profit-and-loss?{periods}").body
    assert again["net_profit"] == pl["net_profit"] and again["gross_profit"] == pl["gross_profit"]
