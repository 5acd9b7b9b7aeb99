"""Revaluation and the period close, through the product's template in the local runtime.

A company signs up over HTTP (onboarding state machine), books a USD balance, and closes September
2026 over HTTP: the period-close state machine revalues the balance, refuses while a receipt is
unposted (``UnpostedDocuments`` on the close record), resumes after the fix and locks the period.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from tests.support.product import Client, local_product, sign_up, tenant_of

pytestmark = pytest.mark.xdist_group("localcloud-product")

PERIOD = "2026-09"


@pytest.fixture(scope="module")
def cloud() -> Iterator[Any]:
    with local_product() as running:
        yield running


@pytest.fixture
def company(cloud: Any) -> Client:
    """A new company per test: each test stands alone (xdist may run other modules in between)."""
    return sign_up(cloud.url, "Tutup Buku")


@pytest.fixture
def codes(company: Client) -> dict[str, str]:
    return {a["code"]: a["id"] for a in company.list_all("/v1/accounts")}


def set_rate(company: Client, code: str, day: str, rate: str) -> None:
    currency = next(c for c in company.list_all("/v1/currencies") if c["code"] == code)
    answer = company.request("PUT", f"/v1/currencies/{currency['id']}/rates/{day}", {"rate": rate})
    assert answer.status == 200, answer.body


def posted(cloud: Any, company: Client, path: str, state: str = "posted") -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while True:
        cloud.drain(timeout=10)
        found = company.get(path).body
        if found["posting_state"] == state or time.monotonic() > deadline:
            assert found["posting_state"] == state, found
            return dict(found)
        time.sleep(0.1)


def close_until_done(company: Client, period: str) -> dict[str, Any]:
    started = company.post("/v1/ledger/closes", {"period": period})
    assert started.status == 202, started.body
    assert started.body["status"] == "running" and started.body["period"] == period
    deadline = time.monotonic() + 60
    while True:
        record = company.get(f"/v1/ledger/closes/{period}")
        assert record.status == 200, record.body
        if record.body["status"] != "running":
            return dict(record.body)
        assert time.monotonic() < deadline, record.body
        time.sleep(0.2)


def test_a_close_needs_an_ended_period_and_a_missing_rate_is_named(
    cloud: Any, company: Client, codes: dict[str, str]
) -> None:
    future = company.post("/v1/ledger/closes", {"period": "2099-01"})
    assert future.status == 422 and future.body["errors"][0]["field"] == "body.period"
    assert company.get("/v1/ledger/closes/2026-01").status == 404
    # EUR in the bank in August with no EUR rate at the end of August: the close stops at Revalue
    journal = company.post(
        "/v1/journals",
        {
            "date": "2026-08-10",
            "memo": "EUR float",
            "currency": "EUR",
            "rate": "5.00",
            "lines": [
                {"account_id": codes["1030"], "debit": "10.00"},
                {"account_id": codes["3100"], "credit": "10.00"},
            ],
        },
    )
    assert journal.status == 201, journal.body
    posted(cloud, company, f"/v1/journals/{journal.body['id']}")
    failed = close_until_done(company, "2026-08")
    assert failed["status"] == "failed" and failed["failure"]["error"] == "RevaluationRateMissing", failed
    assert "EUR" in failed["failure"]["cause"] and failed["steps"] == []
    # With the rate set, the close resumes at Revalue (10 EUR at 5.00 already: nothing to post) and completes
    set_rate(company, "EUR", "2026-08-31", "5.00")
    done = close_until_done(company, "2026-08")
    assert done["status"] == "closed", done


def test_a_close_revalues_stops_on_an_unposted_receipt_resumes_after_the_fix_and_locks(
    cloud: Any, company: Client, codes: dict[str, str]
) -> None:
    from ledgerlet.ledger.store import LedgerStore, entry_id_for

    tenant_id = tenant_of(company)
    # USD 1,000.00 into the bank at 4.40 ...
    set_rate(company, "USD", "2026-09-01", "4.40")
    usd = company.post(
        "/v1/journals",
        {
            "date": "2026-09-10",
            "memo": "USD capital",
            "currency": "USD",
            "lines": [
                {"account_id": codes["1030"], "debit": "1000.00"},
                {"account_id": codes["3100"], "credit": "1000.00"},
            ],
        },
    )
    assert usd.status == 201, usd.body
    posted(cloud, company, f"/v1/journals/{usd.body['id']}")
    # ... 4.50 at the month end: +100.00 unrealised gain. And a receipt whose tax code has no account
    set_rate(company, "USD", "2026-09-30", "4.50")
    tax = company.post(
        "/v1/tax-codes", {"code": "SV8X", "name": "Service tax 8% (no account)", "tax_type": "02", "rate": "8"}
    )
    assert tax.status == 201, tax.body
    book = company.post(
        "/v1/cash-books", {"code": "MBB", "name": "Maybank", "kind": "bank", "account_id": codes["1030"]}
    )
    assert book.status == 201, book.body
    receipt = company.post(
        "/v1/receipts",
        {
            "cash_book_id": book.body["id"],
            "date": "2026-09-20",
            "party": "Kedai Runcit Ah Seng",
            "lines": [{"account_id": codes["4200"], "amount": "100.00", "tax_code_id": tax.body["id"]}],
        },
    )
    assert receipt.status == 201, receipt.body
    posted(cloud, company, f"/v1/receipts/{receipt.body['id']}", "failed")

    first = close_until_done(company, PERIOD)
    assert first["status"] == "failed", first
    assert first["failure"]["error"] == "UnpostedDocuments" and receipt.body["code"] in first["failure"]["cause"]
    assert [s["name"] for s in first["steps"]] == ["revalue"]
    revalued_at = first["steps"][0]["done_at"]
    ledger = LedgerStore(tenant_id)
    entry = ledger.entry(entry_id_for(f"REVAL:{PERIOD}", 0))
    reversal = ledger.entry(entry_id_for(f"REVAL:{PERIOD}", 1))
    assert entry and reversal and entry["date"] == "2026-09-30" and reversal["date"] == "2026-10-01"
    assert {(line["account_id"], line["currency"], line["base_amount"]) for line in entry["lines"]} == {
        (codes["1030"], "USD", Decimal("100.00")),
        (codes["4560"], "MYR", Decimal("-100.00")),
    }
    assert entry["source_type"] == "REVALUATION" and entry["source_code"] == "REVAL-2026-09"

    # Fix the cause, post the receipt again, close again: only the steps left run
    fixed = company.patch(
        f"/v1/tax-codes/{tax.body['id']}", {"version": tax.body["version"], "account_id": codes["2210"]}
    )
    assert fixed.status == 200, fixed.body
    retry = company.post(f"/v1/ledger/exceptions/RECEIPT/{receipt.body['id']}/retry")
    assert retry.status == 202, retry.body
    posted(cloud, company, f"/v1/receipts/{receipt.body['id']}")
    second = close_until_done(company, PERIOD)
    assert second["status"] == "closed", second
    assert [s["name"] for s in second["steps"]] == ["revalue", "check_all_posted", "check_trial_balance", "lock"]
    assert second["steps"][0]["done_at"] == revalued_at  # resumed, not revalued again
    assert second["failure"] is None and len(second["executions"]) == 2 and second["pending_steps"] == []
    # The list of closes names it first (the latest period), page by page
    first_page = company.get("/v1/ledger/closes?limit=1")
    assert first_page.status == 200, first_page.body
    assert [(c["period"], c["status"]) for c in first_page.body["items"]] == [(PERIOD, "closed")]
    assert all(c["period"] < PERIOD for c in company.list_all("/v1/ledger/closes")[1:])

    # The period is locked: a journal into it is refused, and closing again is a conflict
    assert company.get("/v1/ledger/settings").body["hard_lock"] == "2026-09-30"
    refused = company.post(
        "/v1/journals",
        {
            "date": "2026-09-15",
            "memo": "Too late",
            "lines": [
                {"account_id": codes["6110"], "debit": "10.00"},
                {"account_id": codes["1030"], "credit": "10.00"},
            ],
        },
    )
    assert refused.status == 422 and refused.body["errors"][0]["field"] == "body.date", refused.body
    assert company.post("/v1/ledger/closes", {"period": PERIOD}).status == 409

    # Revaluing again changes nothing
    from ledgerlet.ledger.revaluation import revalue

    months = ["2026-09", "2026-10"]
    before = sorted(map(repr, ledger.balances(months)))
    assert revalue(tenant_id, PERIOD, "test")["already"] is True
    assert sorted(map(repr, ledger.balances(months))) == before


def test_buying_usd_through_a_transfer_then_closing_shows_the_banks_gain_alone(
    cloud: Any, company: Client, codes: dict[str, str]
) -> None:
    """The issue's case: USD 1,000 bought at 4.30, the month closed at 4.50. Before, the clearing
    account's USD leg was revalued too (-200.00), cancelling the bank's +200.00."""
    myr = company.post(
        "/v1/cash-books", {"code": "MBB", "name": "Maybank", "kind": "bank", "account_id": codes["1030"]}
    )
    usd = company.post(
        "/v1/cash-books",
        {"code": "MBB-USD", "name": "Maybank USD", "kind": "bank", "account_id": codes["1040"], "currency": "USD"},
    )
    assert myr.status == 201 and usd.status == 201, (myr.body, usd.body)
    # MYR 4,300.00 leaves, USD 1,000.00 arrives: 4.30 MYR per USD
    transfer = company.post(
        "/v1/transfers",
        {
            "from_cash_book_id": myr.body["id"],
            "to_cash_book_id": usd.body["id"],
            "date": "2026-08-10",
            "amount": "4300.00",
            "received_amount": "1000.00",
        },
    )
    assert transfer.status == 201, transfer.body
    posted(cloud, company, f"/v1/transfers/{transfer.body['id']}")
    set_rate(company, "USD", "2026-08-31", "4.50")

    closed = close_until_done(company, "2026-08")

    assert closed["status"] == "closed", closed
    # USD 1,000.00 x 4.50 = 4,500.00 against 4,300.00 carried: +200.00 on the bank, and nothing else
    pl = company.get("/v1/ledger/profit-and-loss?period_from=2026-08&period_to=2026-08").body
    assert pl["net_profit"] == "200.00", pl
    gains = [line for s in pl["sections"] for g in s["groups"] for line in g["lines"] if line["code"] == "4560"]
    assert [line["amount"] for line in gains] == ["200.00"]
    tb = company.get("/v1/ledger/trial-balance?period_from=2026-08&period_to=2026-08").body
    by_code = {line["code"]: line for line in tb["lines"]}
    assert by_code["1040"]["debit"] == "4500.00"  # 4,300.00 + 200.00
    assert "1150" not in by_code or (by_code["1150"]["debit"], by_code["1150"]["credit"]) == ("0.00", "0.00")
