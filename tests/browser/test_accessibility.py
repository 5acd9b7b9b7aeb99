"""axe-core (from the console's npm packages) finds no WCAG 2 A or AA violation on the public pages and
on the daily screens of a company with a customer and a posted journal: labels, names, roles, contrast."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.support.console import log_in
from tests.support.events import ROOT
from tests.support.product import Client, sign_up

AXE = ROOT / "console" / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa"]})).violations.map(
    v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`)"""


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    company = sign_up(console_url, "Mudah Capai")
    accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts")}
    assert company.post("/v1/customers", {"name": "Syarikat Capai", "tin": "C2584563200"}).status == 201
    journal = company.post(
        "/v1/journals",
        {
            "date": time.strftime("%Y-%m-%d"),
            "memo": "Capital",
            "lines": [
                {"account_id": accounts["1030"], "debit": "1000"},
                {"account_id": accounts["3100"], "credit": "1000"},
            ],
        },
    )
    assert journal.status == 201, journal.body
    return company


def violations(page: Any, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(RUN_AXE))


@pytest.mark.parametrize("path", ["/login", "/signup"])
def test_public_pages(page: Any, path: str) -> None:
    assert violations(page, path) == []


SCREENS = [
    "/",
    "/customers",
    "/customers/new",
    "/journals",
    "/journals/new",
    "/ledger/trial-balance",
    "/ledger/balance-sheet",
    "/ledger/profit-and-loss",
    "/settings/company",
    "/settings/users",
    "/settings/roles/new",
    "/settings/applets",
]


def test_daily_screens(page: Any, company: Client) -> None:
    assert company.email
    log_in(page, company.email)
    found = {path: violations(page, path) for path in SCREENS}
    assert {path: problems for path, problems in found.items() if problems} == {}
