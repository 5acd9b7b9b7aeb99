"""Order-to-cash over HTTP on the started product (issue 13): a quotation becomes an order, delivered in two
parts, invoiced once and paid in part; the trial balance, the AR aging, the stock balance and the SST
payable are what a hand calculation gives."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.test_inventory import location, tb_balance
from tests.e2e.test_ledger import account_id
from tests.support.product import Client, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def created(company: Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = company.post(path, body)
    assert answer.status == 201, answer.body
    return dict(answer.body)


def submitted(company: Client, collection: str, document: dict[str, Any]) -> dict[str, Any]:
    answer = company.post(f"/v1/{collection}/{document['id']}/submit", {"version": document["version"]})
    assert answer.status == 200, answer.body
    return dict(answer.body)


def code(company: Client, path: str, wanted: str) -> str:
    return str(next(found for found in company.list_all(f"{path}?q={wanted}") if found["code"] == wanted)["id"])


def settled(company: Client, expected: dict[str, Decimal], timeout: float = 90) -> None:
    """Wait until the stock is costed, the documents posted and the ledger holds ``expected``."""
    deadline = time.monotonic() + timeout
    while True:
        now = {account: tb_balance(company, account) for account in expected}
        if now == expected:
            return
        assert time.monotonic() < deadline, now
        time.sleep(0.5)


def test_quotation_to_cash_agrees_with_a_hand_calculation(product_url: str) -> None:
    """By hand. 10 fridges are received at 1,200.00 (FIFO): stock 12,000.00, goods received not invoiced
    12,000.00. A quotation of 4 fridges at 2,000.00 less 5% and 4 installations at 150.00:
      fridges 4 x 2,000.00 = 8,000.00, less 5% = 400.00, net 7,600.00, sales tax 10% = 760.00;
      installations 4 x 150.00 = 600.00, service tax 8% = 48.00;
      total 7,600.00 + 760.00 + 600.00 + 48.00 = 9,008.00.
    The order takes the whole quotation; deliveries of 1 + 1 and then 3 + 3 issue 4 fridges at 1,200.00 =
    4,800.00 to cost of goods sold; one invoice of 9,008.00 (due 30 days after 8 Aug: 7 Sep); a receipt of
    5,000.00 on 20 Aug leaves 4,008.00 owed, not yet due (current) as at 20 Aug.
    Trial balance: inventory 1200 12,000.00 - 4,800.00 = 7,200.00 debit; 2120 12,000.00 credit; 5010
    4,800.00 debit; receivable 1100 9,008.00 - 5,000.00 = 4,008.00 debit; bank 1030 5,000.00 debit; sales of
    goods 4100 7,600.00 credit; of services 4200 600.00 credit; SST payable 2200 760.00 and 2210 48.00 credit.
    Debits 7,200 + 4,800 + 4,008 + 5,000 = 21,008.00 = credits 12,000 + 7,600 + 600 + 760 + 48."""
    company = sign_up(product_url, "Elektrik O2C")
    kl = location(company, "KL")
    fridge = created(
        company,
        "/v1/items",
        {
            "name": "Peti Sejuk 2 Pintu",
            "kind": "stock",
            "costing_method": "fifo",
            "sales_price": "2000.00",
            "sales_tax_code_id": code(company, "/v1/tax-codes", "SR10"),
        },
    )
    install = created(
        company,
        "/v1/items",
        {
            "name": "Pemasangan Peti Sejuk",
            "kind": "service",
            "sales_price": "150.00",
            "sales_tax_code_id": code(company, "/v1/tax-codes", "SV8"),
        },
    )
    created(
        company,
        "/v1/stock-entries",
        {
            "purpose": "receipt",
            "date": "2026-08-01",
            "location_id": kl,
            "lines": [{"item_id": fridge["id"], "qty": "10", "rate": "1200.00"}],
        },
    )
    buyer = created(company, "/v1/customers", {"name": "Hotel Sri Pantai"})
    quote = created(
        company,
        "/v1/quotations",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-03",
            "lines": [
                {"item_id": fridge["id"], "qty": "4", "discount_percent": "5"},
                {"item_id": install["id"], "qty": "4"},
            ],
        },
    )
    quote = submitted(company, "quotations", quote)
    assert (quote["net"], quote["tax"], quote["total"]) == ("8200.00", "808.00", "9008.00")
    order = created(
        company,
        "/v1/sales-orders",
        {"customer_id": buyer["id"], "date": "2026-08-04", "quotation_id": quote["id"], "location_id": kl},
    )
    order = submitted(company, "sales-orders", order)
    first = created(
        company,
        "/v1/delivery-orders",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-05",
            "order_id": order["id"],
            "lines": [
                {"item_id": fridge["id"], "qty": "1", "source_line": 0},
                {"item_id": install["id"], "qty": "1", "source_line": 1},
            ],
        },
    )
    submitted(company, "delivery-orders", first)
    second = created(
        company, "/v1/delivery-orders", {"customer_id": buyer["id"], "date": "2026-08-07", "order_id": order["id"]}
    )
    assert [line["qty"] for line in second["lines"]] == ["3", "3"]
    submitted(company, "delivery-orders", second)
    invoice = created(
        company, "/v1/sales-invoices", {"customer_id": buyer["id"], "date": "2026-08-08", "order_id": order["id"]}
    )
    invoice = submitted(company, "sales-invoices", invoice)
    assert (invoice["total"], invoice["due_date"]) == ("9008.00", "2026-09-07")
    book = created(
        company,
        "/v1/cash-books",
        {"code": "MBB", "name": "Maybank", "kind": "bank", "account_id": account_id(company, "1030")},
    )
    receipt = created(
        company,
        "/v1/customer-receipts",
        {"customer_id": buyer["id"], "cash_book_id": book["id"], "date": "2026-08-20", "amount": "5000.00"},
    )
    assert [(a["invoice_code"], a["amount"]) for a in receipt["allocations"]] == [(invoice["code"], "5000.00")]

    settled(
        company,
        {
            "1200": Decimal("7200.00"),
            "2120": Decimal("-12000.00"),
            "5010": Decimal("4800.00"),
            "1100": Decimal("4008.00"),
            "1030": Decimal("5000.00"),
            "4100": Decimal("-7600.00"),
            "4200": Decimal("-600.00"),
            "2200": Decimal("-760.00"),
            "2210": Decimal("-48.00"),
        },
    )
    tb = company.get("/v1/ledger/trial-balance?period_from=2026-01&period_to=2026-12").body
    assert sum(Decimal(line["debit"]) for line in tb["lines"]) == Decimal("21008.00")
    assert sum(Decimal(line["credit"]) for line in tb["lines"]) == Decimal("21008.00")
    aging = company.get("/v1/sales/receivables?as_of=2026-08-20").body
    assert [(row["customer_name"], row["amounts"][0], row["total"]) for row in aging["customers"]] == [
        ("Hotel Sri Pantai", "4008.00", "4008.00")
    ]
    stock = company.get("/v1/stock/balances").body
    assert [(line["qty"], line["value"]) for line in stock["lines"]] == [("6", "7200.00")]  # 6 x 1,200.00
    assert company.get(f"/v1/sales-invoices/{invoice['id']}").body["outstanding"] == "4008.00"
