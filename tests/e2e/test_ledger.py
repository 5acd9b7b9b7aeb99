"""Over HTTP on the started product: documents post through the stream into the trial balance, balance
sheet and P&L; posting into a locked period is refused."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from tests.support.product import Client, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def account_id(company: Client, code: str) -> str:
    return next(a["id"] for a in company.list_all(f"/v1/accounts?q={code}") if a["code"] == code)


def posted(company: Client, path: str, timeout: float = 30) -> dict[str, Any]:
    """The document once the ledger's stream consumer has posted it."""
    deadline = time.monotonic() + timeout
    while True:
        document = company.get(path).body
        if document["posting_state"] != "pending" or time.monotonic() > deadline:
            assert document["posting_state"] == "posted", document
            return document
        time.sleep(0.2)


def amounts(lines: list[dict[str, Any]], code: str) -> tuple[Decimal, Decimal]:
    line = next(line for line in lines if line["code"] == code)
    return Decimal(line["debit"]), Decimal(line["credit"])


@pytest.fixture(scope="module")
def company(product_url: str) -> Client:
    return sign_up(product_url, "Ledger")


def test_documents_reach_the_statements_and_locked_periods_refuse_postings(company: Client) -> None:
    # Given a manual journal (owner's capital into the bank) and a receipt for services with SST
    journal = company.post(
        "/v1/journals",
        {
            "date": "2026-03-02",
            "memo": "Paid-up capital",
            "lines": [
                {"account_id": account_id(company, "1030"), "debit": "50000.00"},
                {"account_id": account_id(company, "3100"), "credit": "50000.00"},
            ],
        },
    )
    assert journal.status == 201, journal.body
    book = company.post(
        "/v1/cash-books",
        {"code": "MBB", "name": "Maybank current", "kind": "bank", "account_id": account_id(company, "1030")},
    )
    sv8 = next(t for t in company.list_all("/v1/tax-codes?q=SV8") if t["code"] == "SV8")
    receipt = company.post(
        "/v1/receipts",
        {
            "cash_book_id": book.body["id"],
            "date": "2026-03-10",
            "party": "Klinik Sejahtera",
            "lines": [{"account_id": account_id(company, "4200"), "amount": "2000.00", "tax_code_id": sv8["id"]}],
        },
    )
    assert receipt.status == 201, receipt.body
    # When the stream consumer has posted them
    entry_id = posted(company, f"/v1/journals/{journal.body['id']}")["entry_ids"][0]
    posted(company, f"/v1/receipts/{receipt.body['id']}")
    # Then the trial balance shows them and ties
    tb = company.get("/v1/ledger/trial-balance?period_from=2026-01&period_to=2026-12").body
    assert tb["total_debit"] == tb["total_credit"] == "52160.00"
    assert amounts(tb["lines"], "1030") == (Decimal("52160.00"), Decimal(0))
    assert amounts(tb["lines"], "3100") == (Decimal(0), Decimal("50000.00"))
    assert amounts(tb["lines"], "2210") == (Decimal(0), Decimal("160.00"))
    # and the P&L and the balance sheet agree with each other
    pl = company.get("/v1/ledger/profit-and-loss?period_from=2026-01&period_to=2026-12").body
    assert Decimal(pl["net_profit"]) == Decimal("2000.00")
    bs = company.get("/v1/ledger/balance-sheet?as_of=2026-12").body
    assert Decimal(bs["total_assets"]) == Decimal("52160.00") == Decimal(bs["total_liabilities_and_equity"])
    # and the journal's entry links back to it
    entry = company.get(f"/v1/ledger/entries/{entry_id}").body
    assert entry["source_id"] == journal.body["id"] and entry["source_code"] == journal.body["code"]
    # When March is locked, a journal into it is refused with a clear error on its date
    settings = company.get("/v1/ledger/settings").body
    locked = company.request("PUT", "/v1/ledger/settings", {"version": settings["version"], "hard_lock": "2026-03-31"})
    assert locked.status == 200, locked.body
    refused = company.post(
        "/v1/journals",
        {
            "date": "2026-03-15",
            "memo": "Too late",
            "lines": [
                {"account_id": account_id(company, "6110"), "debit": "10.00"},
                {"account_id": account_id(company, "1030"), "credit": "10.00"},
            ],
        },
    )
    assert refused.status == 422 and refused.body["errors"][0]["field"] == "body.date"
    assert "locked" in refused.body["detail"]
