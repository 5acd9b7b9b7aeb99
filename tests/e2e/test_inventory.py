"""Inventory over HTTP on the started product (issue 12): stock entries are costed from the hub's events
and booked to the ledger, a back-dated receipt re-costs what followed it, and the stock card, the
valuation and the trial balance agree with a hand calculation; racing issues never oversell."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest

from tests.support.product import Client, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


@pytest.fixture(scope="module")
def company(product_url: str) -> Client:
    return sign_up(product_url, "Gudang")


def location(company: Client, code: str) -> str:
    hq = next(unit for unit in company.list_all("/v1/org-units?q=HQ") if unit["code"] == "HQ")
    answer = company.post(
        "/v1/org-units", {"code": code, "name": f"Gudang {code}", "kind": "location", "parent_id": hq["id"]}
    )
    assert answer.status == 201, answer.body
    return str(answer.body["id"])


def stock_item(company: Client, name: str, method: str = "weighted_average") -> dict[str, Any]:
    answer = company.post("/v1/items", {"name": name, "kind": "stock", "costing_method": method})
    assert answer.status == 201, answer.body
    return dict(answer.body)


def tb_balance(company: Client, code: str) -> Decimal:
    """Debit minus credit of an account in the 2026 trial balance."""
    tb = company.get("/v1/ledger/trial-balance?period_from=2026-01&period_to=2026-12").body
    line = next((line for line in tb["lines"] if line["code"] == code), None)
    return Decimal(line["debit"]) - Decimal(line["credit"]) if line else Decimal(0)


def settled(company: Client, expected: dict[str, Decimal], timeout: float = 90) -> None:
    """Wait until every stock entry is valued and the ledger holds ``expected`` (account code: balance)."""
    deadline = time.monotonic() + timeout
    while True:
        entries = company.list_all("/v1/stock-entries")
        now = {code: tb_balance(company, code) for code in expected}
        if all(e["valuation_state"] == "valued" for e in entries) and now == expected:
            return
        assert time.monotonic() < deadline, (now, [e["valuation_state"] for e in entries])
        time.sleep(0.5)


def test_receipt_transfer_issue_and_a_back_dated_receipt_agree_everywhere(company: Client) -> None:
    """Weighted average, by hand. 1 Jul KL receives 10 @ 5.00 = 50.00; 2 Jul 4 go to PG at 5.00 (20.00);
    3 Jul PG issues 3 at 5.00 = 15.00. Then a receipt back-dated to 1 Jul 08:00, KL 10 @ 8.00 = 80.00:
    KL 10 for 80.00, then 20 for 130.00 (6.50 each); the transfer takes 4 x 6.50 = 26.00, leaving KL 16
    for 104.00; PG 4 for 26.00, issues 3 x 6.50 = 19.50, keeps 1 for 6.50. Valuation 104.00 + 6.50 =
    110.50 = stock account 1200; stock received not billed 2120: 50.00 + 80.00 = 130.00 (credit); cost
    of goods sold 5010: 19.50."""
    kl, pg = location(company, "KL"), location(company, "PG")
    rice = stock_item(company, "Beras Wangi 5kg")
    line = {"item_id": rice["id"]}
    for body in (
        {"purpose": "receipt", "date": "2026-07-01", "location_id": kl, "lines": [{**line, "qty": "10", "rate": "5"}]},
        {
            "purpose": "transfer",
            "date": "2026-07-02",
            "location_id": kl,
            "to_location_id": pg,
            "lines": [{**line, "qty": "4"}],
        },
        {"purpose": "issue", "date": "2026-07-03", "location_id": pg, "lines": [{**line, "qty": "3"}]},
    ):
        answer = company.post("/v1/stock-entries", body)
        assert answer.status == 201, answer.body
    settled(company, {"1200": Decimal("35.00"), "2120": Decimal("-50.00"), "5010": Decimal("15.00")})

    late = {
        "purpose": "receipt",
        "date": "2026-07-01",
        "time": "08:00:00",
        "location_id": kl,
        "lines": [{**line, "qty": "10", "rate": "8.00"}],
    }
    assert company.post("/v1/stock-entries", late).status == 201
    settled(company, {"1200": Decimal("110.50"), "2120": Decimal("-130.00"), "5010": Decimal("19.50")})

    card = company.get(f"/v1/stock/card?item_id={rice['id']}&location_id={kl}").body
    assert [(r["kind"], r["qty_change"], r["value_change"], r["qty"], r["value"]) for r in card["rows"]] == [
        ("receipt", "10", "80.00", "10", "80.00"),
        ("receipt", "10", "50.00", "20", "130.00"),
        ("transfer_out", "-4", "-26.00", "16", "104.00"),
    ]
    card = company.get(f"/v1/stock/card?item_id={rice['id']}&location_id={pg}").body
    assert [(r["kind"], r["qty_change"], r["value_change"], r["qty"], r["value"]) for r in card["rows"]] == [
        ("transfer_in", "4", "26.00", "4", "26.00"),
        ("issue", "-3", "-19.50", "1", "6.50"),
    ]
    balances = company.get("/v1/stock/balances").body
    assert balances["total_value"] == "110.50" == f"{tb_balance(company, '1200'):.2f}"
    assert {(b["location_code"], b["qty"], b["value"]) for b in balances["lines"]} == {
        ("KL", "16", "104.00"),
        ("PG", "1", "6.50"),
    }


def test_twenty_concurrent_issues_of_the_last_ten_units_over_http(company: Client) -> None:
    """Negative stock refused: exactly 10 of 20 one-unit issues succeed; the others are 409s naming the
    item; the stock card holds the receipt and exactly the 10 accepted issues."""
    shop = location(company, "SHOP")
    tea = stock_item(company, "Teh Tarik 3-in-1", "fifo")
    receipt = {
        "purpose": "receipt",
        "date": "2026-08-01",
        "location_id": shop,
        "lines": [{"item_id": tea["id"], "qty": "10", "rate": "12.00"}],
    }
    assert company.post("/v1/stock-entries", receipt).status == 201

    def issue(n: int) -> tuple[int, Any]:
        body = {
            "purpose": "issue",
            "date": "2026-08-02",
            "location_id": shop,
            "reference": f"POS-{n}",
            "lines": [{"item_id": tea["id"], "qty": "1"}],
        }
        answer = company.post("/v1/stock-entries", body)
        return answer.status, answer.body

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(issue, range(20)))
    assert sorted(status for status, _ in outcomes) == [201] * 10 + [409] * 10, outcomes
    for status, body in outcomes:
        if status == 409:
            assert body["errors"][0]["code"] == "stock.short" and body["errors"][0]["params"]["item"] == tea["code"]
    card = company.get(f"/v1/stock/card?item_id={tea['id']}&location_id={shop}").body
    assert len(card["rows"]) == 11
    issued = [e for e in company.list_all("/v1/stock-entries?purpose=issue") if e["location_id"] == shop]
    assert len(issued) == 10


def test_batches_over_http_pick_first_expiring_while_fifo_prices_the_issue(product_url: str) -> None:
    """A FIFO item tracked by batch, by hand. 1 Jul: batch L (expires 30 Jun 2027) 5 @ 4.00 = 20.00;
    2 Jul: batch E (expires 31 Dec 2026) 5 @ 6.00 = 30.00. An issue of 6 on 3 Jul names no batch: FEFO
    takes E's 5, then 1 of L. The batches say which units left; costing stays per item and location, so
    FIFO prices the issue from its oldest layer: 5 x 4.00 + 1 x 6.00 = 26.00 to cost of goods sold,
    leaving 4 @ 6.00 = 24.00 in stock (50.00 received - 26.00), with 4 of batch L on hand."""
    company = sign_up(product_url, "Gudang Kelompok")
    kl = location(company, "KL")
    answer = company.post(
        "/v1/items", {"name": "Ubat Batuk", "kind": "stock", "costing_method": "fifo", "tracking": "batch"}
    )
    assert answer.status == 201, answer.body
    syrup = answer.body
    for day, batch, expires, rate in (
        ("2026-07-01", "L", "2027-06-30", "4.00"),
        ("2026-07-02", "E", "2026-12-31", "6.00"),
    ):
        line = {"item_id": syrup["id"], "qty": "5", "rate": rate, "batch_no": batch, "expires_on": expires}
        answer = company.post(
            "/v1/stock-entries", {"purpose": "receipt", "date": day, "location_id": kl, "lines": [line]}
        )
        assert answer.status == 201, answer.body
    picked = company.get(f"/v1/stock/pick-list?item_id={syrup['id']}&location_id={kl}&qty=6&date=2026-07-03").body
    assert [(line["batch_no"], line["qty"]) for line in picked["lines"]] == [("E", "5"), ("L", "1")]
    issue = {
        "purpose": "issue",
        "date": "2026-07-03",
        "location_id": kl,
        "lines": [{"item_id": syrup["id"], "qty": "6"}],
    }
    answer = company.post("/v1/stock-entries", issue)
    assert answer.status == 201, answer.body
    assert [(lot["batch_no"], lot["qty"]) for lot in answer.body["lines"][0]["batches"]] == [("E", "5"), ("L", "1")]
    settled(company, {"1200": Decimal("24.00"), "2120": Decimal("-50.00"), "5010": Decimal("26.00")})
    batches = company.get(f"/v1/stock/batches?item_id={syrup['id']}&as_of=2026-07-03").body
    assert [(b["batch_no"], b["qty"], b["expires_on"]) for b in batches["lines"]] == [("L", "4", "2027-06-30")]
    balances = company.get("/v1/stock/balances").body
    assert [(b["qty"], b["value"]) for b in balances["lines"]] == [("4", "24.00")]
