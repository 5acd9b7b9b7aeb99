"""Quotations and sales orders (issue 13): priced from the price books and the items, SST worked out on
each line, editable as drafts, fixed when submitted (a later change of a tax rate or a price never
changes them), and an order takes from its quotation, never more than is left, also when two
companies' orders race for the same lines."""

from __future__ import annotations

import json
import threading
from decimal import Decimal
from typing import Any

import pytest

from tests.integration.test_posting import create, get, tax_code
from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader


@pytest.fixture(scope="module")
def tenant(hub: StreamReader) -> Identity:
    return seed_tenant("tnt_SALESDOCS")


def customer(who: Identity, name: str, **extra: Any) -> dict[str, Any]:
    status, found = create(who, "customers", {"name": name, **extra})
    assert status == 201, found
    return found


def item(who: Identity, name: str, kind: str = "non_stock", **extra: Any) -> dict[str, Any]:
    status, found = create(who, "items", {"name": name, "kind": kind, **extra})
    assert status == 201, found
    return found


def action(who: Identity, applet: str, doc_id: str, name: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    event = api_event(
        "POST",
        f"/v1/{applet}/{doc_id}/{name}",
        who,
        body=body,
        resource=f"/v1/{applet}/{{id}}/{name}",
        path_params={"id": doc_id},
    )
    return invoke(load_handler(f"{applet.replace('-', '_')}/{name}.py"), event)


def patch(who: Identity, applet: str, doc_id: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    event = api_event(
        "PATCH", f"/v1/{applet}/{doc_id}", who, body=body, resource=f"/v1/{applet}/{{id}}", path_params={"id": doc_id}
    )
    return invoke(load_handler(f"{applet.replace('-', '_')}/update.py"), event)


def submitted(who: Identity, applet: str, document: dict[str, Any]) -> dict[str, Any]:
    status, done = action(who, applet, document["id"], "submit", {"version": document["version"]})
    assert status == 200, done
    return done


def stock_in(who: Identity, location_id: str, thing: dict[str, Any], qty: str, rate: str, *, day: str) -> None:
    """``qty`` of ``thing`` received at ``location_id`` at ``rate``."""
    from tests.integration.test_stock_entries import entry

    line = {"item_id": thing["id"], "qty": qty, "rate": rate}
    status, received = entry(who, {"purpose": "receipt", "date": day, "location_id": location_id, "lines": [line]})
    assert status == 201, received


def order_for(
    who: Identity, buyer: dict[str, Any], location_id: str, day: str, *lines: dict[str, Any]
) -> dict[str, Any]:
    """A submitted sales order shipping from ``location_id``."""
    body = {"customer_id": buyer["id"], "date": day, "location_id": location_id, "lines": list(lines)}
    status, order = create(who, "sales-orders", body)
    assert status == 201, order
    return submitted(who, "sales-orders", order)


def problem(answer: dict[str, Any]) -> tuple[str, str]:
    return answer["errors"][0]["field"], answer["errors"][0]["code"]


def test_a_quotation_is_priced_taxed_and_fixed_when_submitted(tenant: Identity) -> None:
    sr10 = tax_code(tenant, "SR10")["id"]
    sv8 = tax_code(tenant, "SV8")["id"]
    buyer = customer(tenant, "Kedai Runcit Ah Kow", group="retail")
    kettle = item(tenant, "Cerek Elektrik", sales_price="59.90", sales_tax_code_id=sr10)
    setup = item(tenant, "Pemasangan", kind="service", sales_price="80.00", sales_tax_code_id=sv8)
    status, book = create(
        tenant,
        "price-books",
        {
            "code": "RETAIL",
            "name": "Retail",
            "customer_group": "retail",
            "lines": [
                {"item_id": kettle["id"], "unit_price": "55.00"},
                {"item_id": kettle["id"], "unit_price": "52.00", "min_quantity": "10"},
            ],
        },
    )
    assert status == 201, book
    body = {
        "customer_id": buyer["id"],
        "date": "2026-08-03",
        "discount_amount": "10.00",
        "lines": [
            {"item_id": kettle["id"], "qty": "12", "discount_percent": "5"},
            {"item_id": setup["id"], "qty": "2"},
        ],
    }
    status, quote = create(tenant, "quotations", body)
    assert status == 201, quote
    # By hand. Kettle: the retail group's book, 12 >= 10 so the 52.00 break: 12 x 52.00 = 624.00; 5% off
    # = 31.20, leaving 592.80. Installation: no book price, the item's 80.00: 2 x 80.00 = 160.00.
    # Subtotal 592.80 + 160.00 = 752.80. The 10.00 off the document is shared 592.80 : 160.00:
    # 10.00 x 592.80 / 752.80 = 7.8746 -> 7.87 and 2.13 (the remainder). Net 584.93 and 157.87.
    # SST 10% of 584.93 = 58.493 -> 58.49; service tax 8% of 157.87 = 12.6296 -> 12.63.
    # Total 584.93 + 58.49 + 157.87 + 12.63 = 813.92
    kettle_line, setup_line = quote["lines"]
    assert (kettle_line["unit_price"], kettle_line["price_source"]) == ("52", "price_book:RETAIL")
    assert (kettle_line["gross"], kettle_line["discount"], kettle_line["net"], kettle_line["tax"]) == (
        "624.00",
        "39.07",  # 31.20 + 7.87
        "584.93",
        "58.49",
    )
    assert (setup_line["unit_price"], setup_line["price_source"], setup_line["net"], setup_line["tax"]) == (
        "80",
        "item",
        "157.87",
        "12.63",
    )
    assert (quote["subtotal"], quote["discount"], quote["net"], quote["tax"], quote["total"]) == (
        "752.80",
        "10.00",
        "742.80",
        "71.12",
        "813.92",
    )
    assert [(t["tax_code"], t["taxable"], t["tax"]) for t in quote["taxes"]] == [
        ("SR10", "584.93", "58.49"),
        ("SV8", "157.87", "12.63"),
    ]
    assert quote["state"] == "draft" and quote["valid_until"] == "2026-09-02"  # 3 Aug + 30 days
    assert quote["code"].startswith("QT-")

    # A draft is edited: 20 kettles now; 20 x 52.00 = 1,040.00, 5% off = 52.00, leaving 988.00; subtotal
    # 988.00 + 160.00 = 1,148.00; 10.00 shared: 10 x 988 / 1148 = 8.606 -> 8.61, and 1.39. Net 979.39
    # and 158.61; SST 97.939 -> 97.94; service tax 12.6888 -> 12.69. Total 979.39 + 97.94 + 158.61 + 12.69
    # = 1,248.63
    lines = [{"item_id": kettle["id"], "qty": "20", "discount_percent": "5"}, {"item_id": setup["id"], "qty": "2"}]
    status, edited = patch(tenant, "quotations", quote["id"], {"version": quote["version"], "lines": lines})
    assert status == 200, edited
    # net 979.39 + 158.61 = 1,138.00; tax 97.94 + 12.69 = 110.63
    assert (edited["net"], edited["tax"], edited["total"]) == ("1138.00", "110.63", "1248.63")
    fixed = submitted(tenant, "quotations", edited)
    assert fixed["state"] == "submitted" and fixed["total"] == "1248.63"
    status, refused = patch(tenant, "quotations", quote["id"], {"version": fixed["version"], "memo": "late"})
    assert status == 409 and problem(refused) == ("state", "document.not_draft")
    # The kettle's price and the tax rate change; the submitted quotation keeps its figures
    status, _ = patch(tenant, "tax-codes", sr10, {"version": tax_code(tenant, "SR10")["version"], "rate": "12"})
    assert status == 200
    assert get(tenant, "quotations", quote["id"])["lines"][0]["tax"] == "97.94"
    status, _ = patch(tenant, "tax-codes", sr10, {"version": tax_code(tenant, "SR10")["version"], "rate": "10"})
    assert status == 200


def test_an_order_takes_what_is_left_on_its_quotation(tenant: Identity) -> None:
    buyer = customer(tenant, "Syarikat Maju Jaya")
    chair = item(tenant, "Kerusi Pejabat", sales_price="250.00")
    desk = item(tenant, "Meja Pejabat", sales_price="600.00")
    status, quote = create(
        tenant,
        "quotations",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-03",
            "valid_until": "2026-08-31",
            "lines": [{"item_id": chair["id"], "qty": "10"}, {"item_id": desk["id"], "qty": "2"}],
        },
    )
    assert status == 201, quote
    quote = submitted(tenant, "quotations", quote)
    # The first order takes 4 chairs; the second names none, so it takes what is left: 6 chairs, 2 desks
    status, first = create(
        tenant,
        "sales-orders",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-05",
            "quotation_id": quote["id"],
            "lines": [{"item_id": chair["id"], "qty": "4", "source_line": 0}],
        },
    )
    assert status == 201, first
    first = submitted(tenant, "sales-orders", first)
    assert first["source_code"] == quote["code"] and first["total"] == "1000.00"  # 4 x 250.00
    status, second = create(
        tenant, "sales-orders", {"customer_id": buyer["id"], "date": "2026-08-06", "quotation_id": quote["id"]}
    )
    assert status == 201, second
    assert [(line["qty"], line["source_line"]) for line in second["lines"]] == [("6", 0), ("2", 1)]
    # 6 x 250.00 + 2 x 600.00 = 1,500.00 + 1,200.00 = 2,700.00
    assert second["total"] == "2700.00"
    second = submitted(tenant, "sales-orders", second)
    after = get(tenant, "quotations", quote["id"])
    assert {k: Decimal(v) for k, v in after["ordered"].items()} == {"0": Decimal(10), "1": Decimal(2)}
    assert [link["code"] for link in after["flow"]] == [first["code"], second["code"]]
    # Nothing is left: another order from it is refused, naming the quotation
    status, refused = create(
        tenant, "sales-orders", {"customer_id": buyer["id"], "date": "2026-08-07", "quotation_id": quote["id"]}
    )
    assert status == 422 and problem(refused) == ("body.quotation_id", "sales.source_done")
    # The quotation cannot be cancelled while orders took from it; an order can, and gives back its lines
    status, refused = action(tenant, "quotations", quote["id"], "cancel", {"reason": "changed mind"})
    assert status == 409 and problem(refused) == ("id", "sales.has_downstream")
    status, cancelled = action(tenant, "sales-orders", first["id"], "cancel", {"reason": "customer called"})
    assert status == 200 and cancelled["state"] == "cancelled"
    assert Decimal(get(tenant, "quotations", quote["id"])["ordered"]["0"]) == 6  # 10 - 4 given back
    # After 31 August the quotation no longer holds
    status, refused = create(
        tenant,
        "sales-orders",
        {"customer_id": buyer["id"], "date": "2026-09-01", "quotation_id": quote["id"]},
    )
    assert status == 422 and problem(refused) == ("body.quotation_id", "sales.source_expired")


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"lines": [{"qty": "-1"}]}, "body.lines.0.qty", "number.min"),
        ({"lines": [{"item_id": "itm_01JD3V1T7Q8ZK4N2M5P6R7S8T9"}]}, "body.lines.0.item_id", "reference.missing"),
        ({"lines": [{"unit_price": None, "item": "unpriced"}]}, "body.lines.0.unit_price", "sales.no_price"),
        ({"lines": [{"discount_amount": "500.00"}]}, "body.lines.0.discount_amount", "discount.exceeds"),
        ({"lines": [{"tax": "EX"}]}, "body.lines.0.exemption_reason", "tax.exemption_reason"),
        ({"customer_id": "cus_01JD3V1T7Q8ZK4N2M5P6R7S8T9"}, "body.customer_id", "reference.missing"),
        ({"lines": []}, "body", "sales.lines"),
    ],
)
def test_bad_input_is_refused_naming_the_field(tenant: Identity, change: dict[str, Any], field: str, code: str) -> None:
    buyer = customer(tenant, "Pelanggan Salah")
    priced = item(tenant, "Barang Berharga", sales_price="10.00")
    unpriced = item(tenant, "Barang Tanpa Harga")
    line: dict[str, Any] = {"item_id": priced["id"], "qty": "1"}
    for changed in change.get("lines", [{}])[:1]:
        if changed.get("item") == "unpriced":
            line = {"item_id": unpriced["id"], "qty": "1"}
        elif changed.get("tax"):
            line["tax_code_id"] = tax_code(tenant, changed["tax"])["id"]
        else:
            line.update(changed)
    body: dict[str, Any] = {"customer_id": buyer["id"], "date": "2026-08-03", "lines": [line]}
    if change.get("lines") == []:
        body["lines"] = []
    if "customer_id" in change:
        body["customer_id"] = change["customer_id"]
    status, refused = create(tenant, "quotations", body)
    assert status == 422, refused
    assert problem(refused) == (field, code)


def test_concurrent_orders_from_two_companies_never_take_more_than_quoted(hub: StreamReader) -> None:
    """Per company, a quotation of 5 units; 10 orders of 1 each, from drafts made beforehand, submitted at
    once. By hand: exactly 5 submit, the quotation's line has ordered 5, the others are refused with a
    409 or 422, and each company sees only its own documents."""
    companies = [seed_tenant(f"tnt_SALESRACE{n}") for n in (1, 2)]
    drafts: dict[str, list[dict[str, Any]]] = {}
    quotes: dict[str, dict[str, Any]] = {}
    for who in companies:
        buyer = customer(who, "Pelanggan Serentak")
        lamp = item(who, "Lampu Meja", sales_price="45.00")
        status, quote = create(
            who,
            "quotations",
            {"customer_id": buyer["id"], "date": "2026-08-03", "lines": [{"item_id": lamp["id"], "qty": "5"}]},
        )
        assert status == 201, quote
        quotes[who.tenant_id] = submitted(who, "quotations", quote)
        drafts[who.tenant_id] = []
        for _ in range(10):
            body = {
                "customer_id": buyer["id"],
                "date": "2026-08-04",
                "quotation_id": quote["id"],
                "lines": [{"item_id": lamp["id"], "qty": "1", "source_line": 0}],
            }
            status, order = create(who, "sales-orders", body)
            assert status == 201, order
            drafts[who.tenant_id].append(order)
    answers: list[tuple[str, int, dict[str, Any]]] = []
    lock = threading.Lock()

    def submit_one(who: Identity, order: dict[str, Any]) -> None:
        status, answer = action(who, "sales-orders", order["id"], "submit", {"version": order["version"]})
        with lock:
            answers.append((who.tenant_id, status, answer))

    threads = [
        threading.Thread(target=submit_one, args=(who, order)) for who in companies for order in drafts[who.tenant_id]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for who in companies:
        mine = [(status, answer) for tenant_id, status, answer in answers if tenant_id == who.tenant_id]
        assert [status for status, _ in mine].count(200) == 5, [status for status, _ in mine]
        assert all(status in (200, 409, 422) for status, _ in mine), mine
        assert all(answer["source_id"] == quotes[who.tenant_id]["id"] for status, answer in mine if status == 200)
        quote = get(who, "quotations", quotes[who.tenant_id]["id"])
        assert Decimal(quote["ordered"]["0"]) == 5
        assert len(quote["flow"]) == 5


def post_pending(hub: StreamReader) -> None:
    """Post what earlier tests of the company left pending, so a test's ``balances`` see only its own."""
    post_everything(hub)


def post_everything(hub: StreamReader) -> None:
    """Cost the stock entries written, then post every pending document (invoices and stock valuations)."""
    from tests.integration.test_posting import poster
    from tests.integration.test_stock_entries import stock_entries_written
    from tests.support.streams import deliver, pending_documents

    records = hub.read()
    if stock_entries_written(records):
        assert deliver(load_handler("stock_entries/cost.py"), stock_entries_written(records)) == {
            "batchItemFailures": []
        }
    pending = pending_documents(records + hub.read())
    if pending:
        assert deliver(poster(), pending) == {"batchItemFailures": []}


def test_two_partial_deliveries_then_one_invoice_move_stock_and_post(hub: StreamReader, tenant: Identity) -> None:
    """By hand. 10 mattresses are received at 300.00 (3,000.00 of stock). An order of 5 mattresses at 500.00
    (sales tax 10%) and 5 installations at 50.00 (service tax 8%) is delivered in two parts, 2 + 2 and then
    what is left, 3 + 3. Before the second part, invoicing all 5 mattresses is refused: 2 are delivered.
    The invoice then takes everything: 5 x 500.00 = 2,500.00 + SST 250.00; 5 x 50.00 = 250.00 + service tax
    20.00; total 3,020.00. Books: receivable 1100 debit 3,020.00; sales of goods 4100 credit 2,500.00;
    sales of services 4200 credit 250.00; sales tax 2200 credit 250.00; service tax 2210 credit 20.00; the
    deliveries issue 5 x 300.00 = 1,500.00 from stock 1200 to cost of goods sold 5010, leaving 1,500.00."""
    from ledgerlet.hub.documents import DocumentStore
    from tests.integration.test_posting import balances, movements
    from tests.integration.test_stock_entries import location, on_hand

    post_pending(hub)
    before = balances(tenant)
    kl = location(tenant, "SALES-KL")
    mattress = item(
        tenant, "Tilam Queen", kind="stock", sales_price="500.00", sales_tax_code_id=tax_code(tenant, "SR10")["id"]
    )
    install = item(
        tenant, "Pasang Katil", kind="service", sales_price="50.00", sales_tax_code_id=tax_code(tenant, "SV8")["id"]
    )
    stock_in(tenant, kl, mattress, "10", "300.00", day="2026-08-01")
    buyer = customer(tenant, "Hotel Seri Malaysia")
    order = order_for(
        tenant, buyer, kl, "2026-08-02", {"item_id": mattress["id"], "qty": "5"}, {"item_id": install["id"], "qty": "5"}
    )
    partial = [
        {"item_id": mattress["id"], "qty": "2", "source_line": 0},
        {"item_id": install["id"], "qty": "2", "source_line": 1},
    ]
    status, first = create(
        tenant,
        "delivery-orders",
        {"customer_id": buyer["id"], "date": "2026-08-03", "order_id": order["id"], "lines": partial},
    )
    assert status == 201, first
    first = submitted(tenant, "delivery-orders", first)
    assert first["location_id"] == kl and first["stock_entry_id"]
    assert on_hand(tenant, mattress["id"], kl) == 8  # 10 - 2
    status, early = create(
        tenant, "sales-invoices", {"customer_id": buyer["id"], "date": "2026-08-04", "order_id": order["id"]}
    )
    assert status == 201, early
    status, refused = action(tenant, "sales-invoices", early["id"], "submit", {"version": early["version"]})
    assert status == 422 and problem(refused) == ("body.lines.0.qty", "sales.not_delivered"), refused
    status, _ = action(tenant, "sales-invoices", early["id"], "cancel", {"reason": "too early"})
    assert status == 200
    status, second = create(
        tenant, "delivery-orders", {"customer_id": buyer["id"], "date": "2026-08-05", "order_id": order["id"]}
    )
    assert status == 201, second
    assert [(line["qty"], line["source_line"]) for line in second["lines"]] == [("3", 0), ("3", 1)]
    second = submitted(tenant, "delivery-orders", second)
    assert on_hand(tenant, mattress["id"], kl) == 5  # 8 - 3
    status, invoice = create(
        tenant, "sales-invoices", {"customer_id": buyer["id"], "date": "2026-08-06", "order_id": order["id"]}
    )
    assert status == 201, invoice
    invoice = submitted(tenant, "sales-invoices", invoice)
    assert (invoice["net"], invoice["tax"], invoice["total"], invoice["outstanding"]) == (
        "2750.00",
        "270.00",
        "3020.00",
        "3020.00",
    )
    assert invoice["due_date"] == "2026-09-05"  # 30 days' terms from 6 Aug
    post_everything(hub)
    assert DocumentStore(tenant.tenant_id).get("SALESINVOICE", invoice["id"])["posting_state"] == "posted"  # type: ignore[index]
    moved = movements(before, balances(tenant))
    zero = Decimal(0)
    assert {code: moved(code) for code in ("1100", "4100", "4200", "2200", "2210", "5010", "1200")} == {
        "1100": (Decimal("3020.00"), zero),
        "4100": (zero, Decimal("2500.00")),
        "4200": (zero, Decimal("250.00")),
        "2200": (zero, Decimal("250.00")),
        "2210": (zero, Decimal("20.00")),
        "5010": (Decimal("1500.00"), zero),
        "1200": (Decimal("3000.00"), Decimal("1500.00")),
    }
    final = get(tenant, "sales-orders", order["id"])
    assert {k: Decimal(v) for k, v in final["delivered"].items()} == {"0": 5, "1": 5}
    assert {k: Decimal(v) for k, v in final["invoiced"].items()} == {"0": 5, "1": 5}
    # A posted invoice is not cancelled; a delivery that was invoiced is not either
    status, refused = action(tenant, "sales-invoices", invoice["id"], "cancel", {"reason": "oops"})
    assert status == 409 and problem(refused) == ("id", "sales.invoice_posted")
    status, refused = action(tenant, "sales-orders", order["id"], "cancel", {"reason": "oops"})
    assert status == 409 and problem(refused) == ("id", "sales.has_downstream")


def test_a_delivery_of_stock_that_is_not_there_is_refused_whole(tenant: Identity) -> None:
    """3 fans are in stock; an order of 5 is delivered whole: refused (409 naming line 1, the fan line after
    a service line), and nothing is written: the order has nothing delivered, the stock is still 3."""
    from tests.integration.test_stock_entries import location, on_hand

    kl = location(tenant, "SALES-SHORT")
    fan = item(tenant, "Kipas Dinding", kind="stock", sales_price="120.00")
    service = item(tenant, "Hantar", kind="service", sales_price="15.00")
    stock_in(tenant, kl, fan, "3", "80.00", day="2026-08-01")
    buyer = customer(tenant, "Kedai Elektrik")
    order = order_for(
        tenant, buyer, kl, "2026-08-02", {"item_id": service["id"], "qty": "1"}, {"item_id": fan["id"], "qty": "5"}
    )
    status, delivery = create(
        tenant, "delivery-orders", {"customer_id": buyer["id"], "date": "2026-08-03", "order_id": order["id"]}
    )
    assert status == 201, delivery
    status, refused = action(tenant, "delivery-orders", delivery["id"], "submit", {"version": delivery["version"]})
    assert status == 409 and problem(refused) == ("body.lines.1.qty", "stock.short"), refused
    assert get(tenant, "delivery-orders", delivery["id"])["state"] == "draft"
    assert get(tenant, "sales-orders", order["id"]).get("delivered") is None
    assert on_hand(tenant, fan["id"], kl) == 3


def invoice_for(
    who: Identity, buyer: dict[str, Any], thing: dict[str, Any], day: str, qty: str, **extra: Any
) -> dict[str, Any]:
    status, draft = create(
        who,
        "sales-invoices",
        {"customer_id": buyer["id"], "date": day, "lines": [{"item_id": thing["id"], "qty": qty}], **extra},
    )
    assert status == 201, draft
    return submitted(who, "sales-invoices", draft)


def receive(who: Identity, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return create(who, "customer-receipts", body)


def test_receipts_settle_invoices_in_part_in_whole_and_in_advance(hub: StreamReader, tenant: Identity) -> None:
    """By hand, no tax. Invoices to one customer: A 1 Jul 1,000.00 (due 31 Jul), B 10 Jul 400.00 (due 9 Aug),
    C 20 Jul 250.00 (due 19 Aug); 30 days' terms. A receipt of 300.00 on 25 Jul names A: A owes 700.00.
    A receipt of 1,500.00 on 28 Jul names none: the oldest due first, A's 700.00, B's 400.00, C's 250.00,
    leaving 1,500.00 - 1,350.00 = 150.00 in advance. Books: bank debit 1,800.00; receivable credit
    1,800.00 - 150.00 = 1,650.00 (= 1,000.00 + 400.00 + 250.00, all three settled); deposits 150.00."""
    from tests.integration.test_posting import balances, cash_book, movements, poster
    from tests.support.streams import deliver, pending_documents

    post_pending(hub)
    before = balances(tenant)
    bank = cash_book(tenant, "SALES-BANK", "Maybank Jualan", "1030")
    buyer = customer(tenant, "Restoran Nasi Kandar")
    meal = item(tenant, "Katering", kind="service", sales_price="1.00")
    a = invoice_for(tenant, buyer, meal, "2026-07-01", "1000")
    b = invoice_for(tenant, buyer, meal, "2026-07-10", "400")
    c = invoice_for(tenant, buyer, meal, "2026-07-20", "250")
    assert (a["due_date"], b["due_date"], c["due_date"]) == ("2026-07-31", "2026-08-09", "2026-08-19")
    status, refused = receive(
        tenant,
        {
            "customer_id": buyer["id"],
            "cash_book_id": bank["id"],
            "date": "2026-07-25",
            "amount": "300.00",
            "allocations": [{"invoice_id": b["id"], "amount": "401.00"}],
        },
    )
    assert status == 422 and problem(refused) == ("body.allocations", "receipt.over_allocated"), refused
    status, first = receive(
        tenant,
        {
            "customer_id": buyer["id"],
            "cash_book_id": bank["id"],
            "date": "2026-07-25",
            "amount": "300.00",
            "allocations": [{"invoice_id": a["id"], "amount": "300.00"}],
        },
    )
    assert status == 201, first
    assert (first["allocated"], first["advance"]) == ("300.00", "0.00")
    assert get(tenant, "sales-invoices", a["id"])["outstanding"] == "700.00"  # 1,000.00 - 300.00
    status, second = receive(
        tenant, {"customer_id": buyer["id"], "cash_book_id": bank["id"], "date": "2026-07-28", "amount": "1500.00"}
    )
    assert status == 201, second
    assert [(x["invoice_code"], x["amount"]) for x in second["allocations"]] == [
        (a["code"], "700.00"),
        (b["code"], "400.00"),
        (c["code"], "250.00"),
    ]
    assert (second["allocated"], second["advance"]) == ("1350.00", "150.00")
    assert [get(tenant, "sales-invoices", i["id"])["outstanding"] for i in (a, b, c)] == ["0.00", "0.00", "0.00"]
    deliver(poster(), pending_documents(hub.read()))
    moved = movements(before, balances(tenant))
    assert moved("1030") == (Decimal("1800.00"), Decimal(0))  # 300.00 + 1,500.00
    assert moved("1100")[1] == Decimal("1650.00")  # credits: 300.00 + 1,350.00
    assert moved("2130") == (Decimal(0), Decimal("150.00"))


def test_aging_sorts_what_is_owed_by_days_overdue(tenant: Identity) -> None:
    """By hand, as at 15 Sep 2026 (buckets 30, 60, 90), 30 days' terms. Invoice D 1 Jun 100.00, due 1 Jul:
    76 days overdue (30 Jun... 1 Jul to 15 Sep = 30 + 31 + 15 = 76), bucket 61-90. Invoice E 1 Aug 200.00,
    due 31 Aug: 15 days overdue, bucket 1-30. Invoice F 10 Sep 50.00, due 10 Oct: current. A receipt on
    20 Sep of 100.00 for D is after the day and does not count; as at 20 Sep D is settled."""
    from tests.integration.test_posting import cash_book

    bank = cash_book(tenant, "AGING-BANK", "Bank Aging", "1030")
    buyer = customer(tenant, "Zzz Aging Sdn Bhd")
    meal = item(tenant, "Khidmat", kind="service", sales_price="1.00")
    d = invoice_for(tenant, buyer, meal, "2026-06-01", "100")
    invoice_for(tenant, buyer, meal, "2026-08-01", "200")
    invoice_for(tenant, buyer, meal, "2026-09-10", "50")
    status, _ = receive(
        tenant,
        {
            "customer_id": buyer["id"],
            "cash_book_id": bank["id"],
            "date": "2026-09-20",
            "amount": "100.00",
            "allocations": [{"invoice_id": d["id"], "amount": "100.00"}],
        },
    )
    assert status == 201

    def aged(day: str) -> dict[str, Any]:
        event = api_event("GET", "/v1/sales/receivables", tenant, query={"as_of": day, "buckets": "30,60,90"})
        status, answer = invoke(load_handler("sales_reports/receivables.py"), event)
        assert status == 200, answer
        return next(row for row in answer["customers"] if row["customer_id"] == buyer["id"]) | {
            "buckets": answer["buckets"]
        }

    row = aged("2026-09-15")
    assert row["buckets"] == ["current", "1-30", "31-60", "61-90", "over 90"]
    assert row["amounts"] == ["50.00", "200.00", "0.00", "100.00", "0.00"]
    assert (row["total"], row["invoices"]) == ("350.00", 3)
    row = aged("2026-09-20")  # D settled that day; E 20 days overdue, F current
    assert row["amounts"] == ["50.00", "200.00", "0.00", "0.00", "0.00"]


def test_concurrent_receipts_from_two_companies_never_settle_twice(hub: StreamReader) -> None:
    """Per company an invoice of 100.00; 8 receipts of 30.00 each name it at once. By hand: 100.00 / 30.00
    settles at most 3 (90.00), the 4th would need 120.00; so exactly 3 are written, the invoice owes 10.00,
    and the others are refused (409 or 422); each company sees only its own."""
    from tests.integration.test_posting import cash_book

    companies = [seed_tenant(f"tnt_RCPTRACE{n}") for n in (1, 2)]
    setups = {}
    for who in companies:
        bank = cash_book(who, "RACE-BANK", "Bank Race", "1030")
        buyer = customer(who, "Pelanggan Race")
        thing = item(who, "Servis", kind="service", sales_price="100.00")
        setups[who.tenant_id] = (bank, buyer, invoice_for(who, buyer, thing, "2026-07-01", "1"))
    answers: list[tuple[str, int]] = []
    lock = threading.Lock()

    def pay(who: Identity) -> None:
        bank, buyer, invoice = setups[who.tenant_id]
        body = {
            "customer_id": buyer["id"],
            "cash_book_id": bank["id"],
            "date": "2026-07-05",
            "amount": "30.00",
            "allocations": [{"invoice_id": invoice["id"], "amount": "30.00"}],
        }
        status, _ = receive(who, body)
        with lock:
            answers.append((who.tenant_id, status))

    threads = [threading.Thread(target=pay, args=(who,)) for who in companies for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for who in companies:
        statuses = [status for tenant_id, status in answers if tenant_id == who.tenant_id]
        assert statuses.count(201) == 3 and all(s in (201, 409, 422) for s in statuses), statuses
        invoice = get(who, "sales-invoices", setups[who.tenant_id][2]["id"])
        assert invoice["outstanding"] == "10.00" and len(invoice["allocations"]) == 3


def test_a_receipt_at_another_rate_realises_an_exchange_difference(hub: StreamReader, tenant: Identity) -> None:
    """By hand. An invoice of USD 100.00 at 4.40 books the receivable at 440.00 MYR. The customer pays USD
    100.00 into a USD bank account when USD is 4.50: the bank gets 450.00 MYR, the receivable leaves at
    its 440.00, and the 10.00 difference is a realised exchange gain (4550)."""
    from tests.integration.test_posting import account, balances, movements, poster
    from tests.support.streams import deliver, pending_documents

    post_pending(hub)
    before = balances(tenant)
    status, bank = create(
        tenant,
        "cash-books",
        {
            "code": "USD-BANK",
            "name": "HSBC USD",
            "kind": "bank",
            "currency": "USD",
            "account_id": account(tenant, "1040"),
        },
    )
    assert status == 201, bank
    buyer = customer(tenant, "Singapore Trading Pte", currency="USD")
    advice = item(tenant, "Nasihat", kind="service", sales_price="100.00")
    invoice = invoice_for(tenant, buyer, advice, "2026-07-01", "1", rate="4.40")
    assert (invoice["currency"], invoice["total"]) == ("USD", "100.00")
    status, paid = receive(
        tenant,
        {
            "customer_id": buyer["id"],
            "cash_book_id": bank["id"],
            "date": "2026-07-20",
            "amount": "100.00",
            "rate": "4.50",
        },
    )
    assert status == 201, paid
    deliver(poster(), pending_documents(hub.read()))
    moved = movements(before, balances(tenant))
    assert moved("1040") == (Decimal("450.00"), Decimal(0))
    assert moved("1100") == (Decimal("440.00"), Decimal("440.00"))  # booked by the invoice, settled by the receipt
    assert moved("4550") == (Decimal(0), Decimal("10.00"))


def test_an_invoice_of_500_lines_posts_and_costs_the_requests_of_one_of_5(hub: StreamReader) -> None:
    """Five items at 1.10, 2.20, 3.30, 4.40 and 5.50, sales tax 10% each. Invoice of 5 lines, one of each:
    net 16.50; tax per line 0.11 + 0.22 + 0.33 + 0.44 + 0.55 = 1.65; total 18.15. Invoice of 500 lines, each
    item 100 times: net 1,650.00, tax 165.00, total 1,815.00. Writing and submitting either takes the
    same number of DynamoDB requests: each item and tax code is read once, the lines are one item."""
    from collections import Counter

    from ledgerlet.hub.aws import tenant_dynamodb
    from tests.integration.test_posting import poster
    from tests.support.streams import deliver, pending_documents

    who = seed_tenant("tnt_SALES500")
    sr10 = tax_code(who, "SR10")["id"]
    buyer = customer(who, "Pasar Borong")
    goods = [item(who, f"Barang {n}", sales_price=f"{n * 1.1:.2f}", sales_tax_code_id=sr10) for n in range(1, 6)]
    calls: Counter[str] = Counter()
    tenant_dynamodb(who.tenant_id).meta.events.register(
        "before-call.dynamodb", lambda model, **_: calls.update([model.name])
    )

    def invoice_of(copies: int) -> tuple[dict[str, Any], int]:
        calls.clear()
        lines = [{"item_id": g["id"], "qty": "1"} for _ in range(copies) for g in goods]
        status, draft = create(
            who, "sales-invoices", {"customer_id": buyer["id"], "date": "2026-08-03", "lines": lines}
        )
        assert status == 201, draft
        done = submitted(who, "sales-invoices", draft)
        return done, sum(calls.values())

    small, small_requests = invoice_of(1)
    large, large_requests = invoice_of(100)
    assert (small["net"], small["tax"], small["total"]) == ("16.50", "1.65", "18.15")
    assert (large["net"], large["tax"], large["total"], len(large["lines"])) == ("1650.00", "165.00", "1815.00", 500)
    assert large_requests == small_requests, (small_requests, large_requests)
    deliver(poster(), pending_documents(hub.read()))
    assert get(who, "sales-invoices", large["id"])["posting_state"] == "posted"
    # Its history shows the submit's before (the draft), kept once, under DynamoDB's 400 KB per item
    event = api_event(
        "GET",
        f"/v1/sales-invoices/{large['id']}/history",
        who,
        resource="/v1/sales-invoices/{id}/history",
        path_params={"id": large["id"]},
    )
    status, history = invoke(load_handler("sales_invoices/get.py"), event)
    assert status == 200, history
    submit, created = history["items"][:2]
    assert (submit["action"], created["action"]) == ("submit", "create")
    assert submit["before"] == created["after"] and len(submit["before"]["lines"]) == 500
    assert submit["after"]["state"] == "submitted" and len(submit["after"]["lines"]) == 500
    from ledgerlet.hub import keys
    from ledgerlet.hub.documents import DocumentStore

    store = DocumentStore(who.tenant_id)
    pk = keys.document_pk(who.tenant_id, "SALESINVOICE", large["id"])
    stored = store.db.get_item(TableName=store.table, Key={"PK": {"S": pk}, "SK": {"S": keys.audit_sk(2)}})["Item"]
    # the submit fixes every line's tax, so what it changed is the whole draft: kept once, as version 1's after
    assert stored["before_is_version"] == {"N": "1"} and len(json.dumps(stored)) < 400_000


def test_credit_notes_correct_an_invoice_and_take_goods_back(hub: StreamReader, tenant: Identity) -> None:
    """By hand (weighted average). 10 blenders received at 40.00 (400.00). An order of 3 at 100.00 + SST 10%
    is delivered (cost 3 x 40.00 = 120.00) and invoiced: 300.00 + 30.00 = 330.00.
    First a price correction before payment: 1 blender credited at 20.00: 20.00 + 2.00 = 22.00, applied to
    the invoice, which then owes 330.00 - 22.00 = 308.00. A receipt of 308.00 settles it. Then 1 blender
    comes back: a credit note of 100.00 + 10.00 = 110.00 with the goods; the invoice owes nothing, so the
    customer holds a credit of 110.00 (outstanding -110.00); the blender returns at 40.00 (on hand 7 + 1 = 8).
    Books: receivable 1100 debit 330.00, credits 22.00 + 308.00 + 110.00 = 440.00; sales 4100 credit
    300.00, debits 20.00 + 100.00 = 120.00; SST 2200 credit 30.00, debits 2.00 + 10.00 = 12.00; cost of
    goods sold 5010 debit 120.00, credit 40.00; stock 1200 debit 400.00 + 40.00 = 440.00, credit 120.00."""
    from tests.integration.test_posting import balances, cash_book, movements
    from tests.integration.test_stock_entries import location, on_hand

    post_pending(hub)
    before = balances(tenant)
    kl = location(tenant, "CN-KL")
    sr10 = tax_code(tenant, "SR10")["id"]
    blender = item(tenant, "Pengisar", kind="stock", sales_price="100.00", sales_tax_code_id=sr10)
    stock_in(tenant, kl, blender, "10", "40.00", day="2026-08-01")
    buyer = customer(tenant, "Kedai Dapur")
    order = order_for(tenant, buyer, kl, "2026-08-02", {"item_id": blender["id"], "qty": "3"})
    status, delivery = create(
        tenant, "delivery-orders", {"customer_id": buyer["id"], "date": "2026-08-03", "order_id": order["id"]}
    )
    assert status == 201, delivery
    submitted(tenant, "delivery-orders", delivery)
    status, invoice = create(
        tenant, "sales-invoices", {"customer_id": buyer["id"], "date": "2026-08-04", "order_id": order["id"]}
    )
    assert status == 201, invoice
    invoice = submitted(tenant, "sales-invoices", invoice)
    assert invoice["total"] == "330.00"
    status, price_fix = create(
        tenant,
        "credit-notes",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-05",
            "invoice_id": invoice["id"],
            "reason": "price agreed was 80.00",
            "lines": [{"item_id": blender["id"], "qty": "1", "unit_price": "20.00", "source_line": 0}],
        },
    )
    assert status == 201, price_fix
    price_fix = submitted(tenant, "credit-notes", price_fix)
    assert (price_fix["total"], price_fix["applied"]["amount"], price_fix["outstanding"]) == ("22.00", "22.00", "0.00")
    assert get(tenant, "sales-invoices", invoice["id"])["outstanding"] == "308.00"
    bank = cash_book(tenant, "CN-BANK", "Bank CN", "1030")
    status, _ = create(
        tenant,
        "customer-receipts",
        {"customer_id": buyer["id"], "cash_book_id": bank["id"], "date": "2026-08-06", "amount": "308.00"},
    )
    assert status == 201
    status, goods_back = create(
        tenant,
        "credit-notes",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-07",
            "invoice_id": invoice["id"],
            "reason": "returned: faulty",
            "return_stock": True,
            "lines": [{"item_id": blender["id"], "qty": "1", "source_line": 0}],
        },
    )
    assert status == 201, goods_back
    assert goods_back["lines"][0]["unit_price"] == "100"  # the invoice's price, looked up again
    goods_back = submitted(tenant, "credit-notes", goods_back)
    assert (goods_back["total"], goods_back["applied"]["amount"], goods_back["outstanding"]) == (
        "110.00",
        "0.00",
        "-110.00",
    )
    assert on_hand(tenant, blender["id"], kl) == 8  # 10 - 3 + 1
    # Only 1 of the 3 is left to credit (1 for the price, 1 back): a credit of 2 more is refused
    status, refused = create(
        tenant,
        "credit-notes",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-08",
            "invoice_id": invoice["id"],
            "reason": "too many",
            "lines": [{"item_id": blender["id"], "qty": "2", "source_line": 0}],
        },
    )
    assert status == 422 and problem(refused) == ("body.lines.0.qty", "sales.source_qty")
    # A submitted credit note has posted and settled: it is corrected by a debit note, never cancelled
    status, refused = action(tenant, "credit-notes", goods_back["id"], "cancel", {"reason": "oops"})
    assert status == 409 and problem(refused) == ("id", "sales.credit_note_posted")
    assert on_hand(tenant, blender["id"], kl) == 8  # the goods stay back
    post_everything(hub)
    moved = movements(before, balances(tenant))
    assert {code: moved(code) for code in ("1100", "4100", "2200", "5010", "1200")} == {
        "1100": (Decimal("330.00"), Decimal("440.00")),
        "4100": (Decimal("120.00"), Decimal("300.00")),
        "2200": (Decimal("12.00"), Decimal("30.00")),
        "5010": (Decimal("120.00"), Decimal("40.00")),
        "1200": (Decimal("440.00"), Decimal("120.00")),
    }


def test_a_debit_note_adds_an_open_item_that_receipts_settle(hub: StreamReader, tenant: Identity) -> None:
    """By hand, no tax. An invoice of 200.00 (1 Sep, due 1 Oct: 30 days) and a debit note on it for freight of
    35.00 (5 Sep, due 5 Oct). A receipt of 235.00 naming nothing settles the oldest due first: the invoice's
    200.00, then the debit note's 35.00; nothing is left. Books: receivable 1100 debit 235.00 and credit
    235.00; sales of services 4200 credit 200.00 + 35.00 = 235.00."""
    from tests.integration.test_posting import balances, cash_book, movements

    post_pending(hub)
    before = balances(tenant)
    bank = cash_book(tenant, "DN-BANK", "Bank DN", "1030")
    buyer = customer(tenant, "Syarikat Penghantaran")
    work = item(tenant, "Kerja", kind="service", sales_price="200.00")
    freight = item(tenant, "Tambang", kind="service", sales_price="35.00")
    invoice = invoice_for(tenant, buyer, work, "2026-09-01", "1")
    status, note = create(
        tenant,
        "debit-notes",
        {
            "customer_id": buyer["id"],
            "date": "2026-09-05",
            "invoice_id": invoice["id"],
            "reason": "freight",
            "lines": [{"item_id": freight["id"], "qty": "1"}],
        },
    )
    assert status == 201, note
    note = submitted(tenant, "debit-notes", note)
    assert (note["total"], note["outstanding"], note["due_date"]) == ("35.00", "35.00", "2026-10-05")
    assert [link["code"] for link in get(tenant, "sales-invoices", invoice["id"])["flow"]] == [note["code"]]
    status, paid = receive(
        tenant, {"customer_id": buyer["id"], "cash_book_id": bank["id"], "date": "2026-09-20", "amount": "235.00"}
    )
    assert status == 201, paid
    assert [(a["invoice_code"], a["amount"]) for a in paid["allocations"]] == [
        (invoice["code"], "200.00"),
        (note["code"], "35.00"),
    ]
    assert get(tenant, "debit-notes", note["id"])["outstanding"] == "0.00"
    post_everything(hub)
    moved = movements(before, balances(tenant))
    assert moved("1100") == (Decimal("235.00"), Decimal("235.00"))
    assert moved("4200") == (Decimal(0), Decimal("235.00"))


def test_a_delivery_takes_the_stock_its_order_reserved(tenant: Identity) -> None:
    """By hand. 5 lamps in stock. The order of 3 reserves them (available 5 - 3 = 2); someone else reserves
    the other 2 (available 0). Another issue of 1 is refused: nothing is available. The order's delivery of
    3 is not: it takes the 3 held for it, consuming the reservation in the same write. After: on hand
    5 - 3 = 2, reserved 2 (the other's), available 0; the order's reservation consumed (3)."""
    from ledgerlet.hub.documents import Actor, DocumentStore
    from ledgerlet.inventory.contract import reserve_stock
    from ledgerlet.inventory.stock_ledger import StockLedger
    from ledgerlet.sales import workflow
    from tests.integration.test_stock_entries import entry, location

    kl = location(tenant, "RESV-KL")
    lamp = item(tenant, "Lampu Sisi", kind="stock", sales_price="80.00")
    receipt = {
        "purpose": "receipt",
        "date": "2026-08-01",
        "location_id": kl,
        "lines": [{"item_id": lamp["id"], "qty": "5", "rate": "30.00"}],
    }
    assert entry(tenant, receipt)[0] == 201
    buyer = customer(tenant, "Kedai Lampu")
    order = order_for(tenant, buyer, kl, "2026-08-02", {"item_id": lamp["id"], "qty": "3"})
    workflow.reserve({"tenant_id": tenant.tenant_id, "order_id": order["id"]})
    store = DocumentStore(tenant.tenant_id)
    reserve_stock(store, Actor("someone"), item_id=lamp["id"], location_id=kl, qty="2", against="OTHER")
    issue = {
        "purpose": "issue",
        "date": "2026-08-03",
        "location_id": kl,
        "lines": [{"item_id": lamp["id"], "qty": "1"}],
    }
    status, refused = entry(tenant, issue)
    assert status == 409 and problem(refused)[1] == "stock.short", refused
    status, delivery = create(
        tenant, "delivery-orders", {"customer_id": buyer["id"], "date": "2026-08-03", "order_id": order["id"]}
    )
    assert status == 201, delivery
    submitted(tenant, "delivery-orders", delivery)
    head = StockLedger(tenant.tenant_id).head(lamp["id"], kl)
    assert head is not None
    assert (Decimal(head["on_hand"]), Decimal(head["reserved"]), Decimal(head["available"])) == (2, 2, 0)
    (held,) = store.require("SALESORDER", order["id"], "sales order")["reservation_ids"]
    reservation = get(tenant, "stock-reservations", held)
    assert (reservation["state"], Decimal(reservation["consumed_qty"])) == ("consumed", 3)


def test_sales_analysis_by_item_and_by_month_takes_credit_notes_off(hub: StreamReader) -> None:
    """By hand, one company of its own, no tax. August: invoice A to Ali, 2 chairs at 50.00 and 1 table at
    300.00 (400.00); September: invoice B to Ali, 1 table at 300.00; and a credit note on A for 1 chair
    (50.00). By item, August to September: chairs 2 - 1 = 1, 100.00 - 50.00 = 50.00; tables 2, 600.00.
    By month: 2026-08 400.00 - 50.00 (the credit note is dated in August) = 350.00; 2026-09 300.00."""
    who = seed_tenant("tnt_SALESANALYSIS")
    buyer = customer(who, "Ali Perabot")
    chair = item(who, "Kerusi", sales_price="50.00")
    table = item(who, "Meja", sales_price="300.00")
    status, a = create(
        who,
        "sales-invoices",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-10",
            "lines": [{"item_id": chair["id"], "qty": "2"}, {"item_id": table["id"], "qty": "1"}],
        },
    )
    assert status == 201, a
    a = submitted(who, "sales-invoices", a)
    invoice_for(who, buyer, table, "2026-09-02", "1")
    status, note = create(
        who,
        "credit-notes",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-20",
            "invoice_id": a["id"],
            "reason": "one chair short",
            "lines": [{"item_id": chair["id"], "qty": "1", "source_line": 0}],
        },
    )
    assert status == 201, note
    submitted(who, "credit-notes", note)

    def analysed(group_by: str) -> dict[str, Any]:
        query = {"from": "2026-08-01", "to": "2026-09-30", "group_by": group_by}
        status, answer = invoke(
            load_handler("sales_reports/analysis.py"), api_event("GET", "/v1/sales/analysis", who, query=query)
        )
        assert status == 200, answer
        return answer

    by_item = analysed("item")
    assert [(line["code"], line["qty"], line["net"]) for line in by_item["lines"]] == [
        (chair["code"], "1", "50.00"),
        (table["code"], "2", "600.00"),
    ]
    assert by_item["net"] == "650.00"
    by_month = analysed("month")
    assert [(line["key"], line["net"]) for line in by_month["lines"]] == [("2026-08", "350.00"), ("2026-09", "300.00")]


def test_concurrent_deliveries_and_invoices_from_two_companies_take_each_unit_once(hub: StreamReader) -> None:
    """Per company: 10 kettles in stock and an order of 3. Six deliveries of 1 each are submitted at once:
    exactly 3 are (the order has 3), the stock goes 10 - 3 = 7. Then six invoices of 1 each at once:
    exactly 3 are (3 delivered). Each company sees only its own."""
    from tests.integration.test_stock_entries import location, on_hand

    companies = [seed_tenant(f"tnt_SALESFLOW{n}") for n in (1, 2)]
    worlds: dict[str, dict[str, Any]] = {}
    for who in companies:
        kl = location(who, "FLOW")
        kettle = item(who, "Cerek", kind="stock", sales_price="50.00")
        stock_in(who, kl, kettle, "10", "20.00", day="2026-08-01")
        buyer = customer(who, "Pelanggan Aliran")
        order = order_for(who, buyer, kl, "2026-08-02", {"item_id": kettle["id"], "qty": "3"})
        worlds[who.tenant_id] = {"kl": kl, "kettle": kettle, "buyer": buyer, "order": order}

    def race(applet: str) -> dict[str, list[int]]:
        drafts = []
        for who in companies:
            world = worlds[who.tenant_id]
            for _ in range(6):
                body = {
                    "customer_id": world["buyer"]["id"],
                    "date": "2026-08-03",
                    "order_id": world["order"]["id"],
                    "lines": [{"item_id": world["kettle"]["id"], "qty": "1", "source_line": 0}],
                }
                status, draft = create(who, applet, body)
                assert status == 201, draft
                drafts.append((who, draft))
        statuses: dict[str, list[int]] = {who.tenant_id: [] for who in companies}
        lock = threading.Lock()

        def submit_one(who: Identity, draft: dict[str, Any]) -> None:
            status, _ = action(who, applet, draft["id"], "submit", {"version": draft["version"]})
            with lock:
                statuses[who.tenant_id].append(status)

        threads = [threading.Thread(target=submit_one, args=pair) for pair in drafts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return statuses

    for statuses in race("delivery-orders").values():
        assert statuses.count(200) == 3 and all(s in (200, 409, 422) for s in statuses), statuses
    for who in companies:
        world = worlds[who.tenant_id]
        assert on_hand(who, world["kettle"]["id"], world["kl"]) == 7
        assert get(who, "sales-orders", world["order"]["id"])["delivered"] == {"0": "3"}
    for statuses in race("sales-invoices").values():
        assert statuses.count(200) == 3 and all(s in (200, 409, 422) for s in statuses), statuses
    for who in companies:
        assert get(who, "sales-orders", worlds[who.tenant_id]["order"]["id"])["invoiced"] == {"0": "3"}


def test_a_delivery_and_an_invoice_submitted_at_once_are_both_in_the_orders_flow(hub: StreamReader) -> None:
    """Per company: an order of 5 kettles, 1 delivered first. Then four rounds, each submitting at once a
    delivery of 1 (under the order's delivered tally) and an invoice of 1 (under its invoiced tally), in
    both companies together: every one is submitted, and the order lists all of them, 1 + 4 deliveries and
    4 invoices = 9 links, none lost to the other's write."""
    from tests.integration.test_stock_entries import location

    companies = [seed_tenant(f"tnt_SALESLINKS{n}") for n in (1, 2)]
    worlds: dict[str, dict[str, Any]] = {}
    for who in companies:
        kl = location(who, "LINKS")
        kettle = item(who, "Cerek", kind="stock", sales_price="50.00")
        stock_in(who, kl, kettle, "10", "20.00", day="2026-08-01")
        buyer = customer(who, "Pelanggan Pautan")
        order = order_for(who, buyer, kl, "2026-08-02", {"item_id": kettle["id"], "qty": "5"})
        worlds[who.tenant_id] = {"kettle": kettle, "buyer": buyer, "order": order}

    def draft(who: Identity, applet: str) -> dict[str, Any]:
        world = worlds[who.tenant_id]
        body = {
            "customer_id": world["buyer"]["id"],
            "date": "2026-08-03",
            "order_id": world["order"]["id"],
            "lines": [{"item_id": world["kettle"]["id"], "qty": "1", "source_line": 0}],
        }
        status, made = create(who, applet, body)
        assert status == 201, made
        return made

    submitted_ids: dict[str, set[str]] = {who.tenant_id: set() for who in companies}
    for who in companies:
        submitted_ids[who.tenant_id].add(submitted(who, "delivery-orders", draft(who, "delivery-orders"))["id"])
    answers: list[tuple[Identity, int, dict[str, Any]]] = []
    lock = threading.Lock()

    def submit_one(who: Identity, applet: str, made: dict[str, Any]) -> None:
        status, done = action(who, applet, made["id"], "submit", {"version": made["version"]})
        with lock:
            answers.append((who, status, done))

    for _ in range(4):
        answers.clear()
        pairs = [
            (who, applet, draft(who, applet)) for who in companies for applet in ("delivery-orders", "sales-invoices")
        ]
        threads = [threading.Thread(target=submit_one, args=pair) for pair in pairs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [status for _, status, _ in answers] == [200] * 4, answers
        for who, _, done in answers:
            submitted_ids[who.tenant_id].add(done["id"])
    for who in companies:
        order = get(who, "sales-orders", worlds[who.tenant_id]["order"]["id"])
        assert (order["delivered"], order["invoiced"]) == ({"0": "5"}, {"0": "4"})
        assert len(submitted_ids[who.tenant_id]) == 9
        assert {link["id"] for link in order["flow"]} == submitted_ids[who.tenant_id]


def test_a_cancelled_order_gives_back_the_stock_it_reserved(tenant: Identity) -> None:
    """4 mugs in stock; an order of 3 reserves them (available 4 - 3 = 1); cancelled, available is 4 again."""
    from ledgerlet.inventory.stock_ledger import StockLedger
    from ledgerlet.sales import workflow
    from tests.integration.test_stock_entries import location

    kl = location(tenant, "CANCEL-KL")
    mug = item(tenant, "Kole", kind="stock", sales_price="12.00")
    stock_in(tenant, kl, mug, "4", "5.00", day="2026-08-01")
    buyer = customer(tenant, "Kedai Kole")
    order = order_for(tenant, buyer, kl, "2026-08-02", {"item_id": mug["id"], "qty": "3"})
    workflow.reserve({"tenant_id": tenant.tenant_id, "order_id": order["id"]})
    head = StockLedger(tenant.tenant_id).head(mug["id"], kl) or {}
    assert Decimal(head["available"]) == 1
    status, cancelled = action(tenant, "sales-orders", order["id"], "cancel", {"reason": "changed mind"})
    assert status == 200 and cancelled["state"] == "cancelled", cancelled
    head = StockLedger(tenant.tenant_id).head(mug["id"], kl) or {}
    assert (Decimal(head["available"]), Decimal(head["reserved"])) == (4, 0)


def test_refunds_pay_back_a_credit_note_and_an_advance_never_more(hub: StreamReader, tenant: Identity) -> None:
    """By hand, no tax. An invoice of 100.00 paid by a receipt of 130.00: 30.00 is an advance. A credit note
    of 100.00 on the paid invoice leaves the customer a credit of 100.00. Refunds: 60.00 of the credit note
    (credit left 40.00), then 50.00 more is refused (40.00 left), and 30.00 of the advance. Books: bank
    130.00 in, 60.00 + 30.00 = 90.00 out; receivable: invoice 100.00 debit, receipt 100.00 credit, credit
    note 100.00 credit, refund 60.00 debit (net 40.00 credit: the credit still held); deposits 30.00 credit
    and 30.00 debit."""
    from tests.integration.test_posting import balances, cash_book, movements

    post_pending(hub)
    before = balances(tenant)
    bank = cash_book(tenant, "RF-BANK", "Bank RF", "1030")
    buyer = customer(tenant, "Pelanggan Bayar Balik")
    work = item(tenant, "Khidmat RF", kind="service", sales_price="100.00")
    invoice = invoice_for(tenant, buyer, work, "2026-09-01", "1")
    status, paid = receive(
        tenant, {"customer_id": buyer["id"], "cash_book_id": bank["id"], "date": "2026-09-02", "amount": "130.00"}
    )
    assert status == 201 and paid["advance"] == "30.00", paid
    status, note = create(
        tenant,
        "credit-notes",
        {"customer_id": buyer["id"], "date": "2026-09-03", "invoice_id": invoice["id"], "reason": "not done"},
    )
    assert status == 201, note
    note = submitted(tenant, "credit-notes", note)
    assert note["outstanding"] == "-100.00"

    def refund(amount: str, **source: str) -> tuple[int, dict[str, Any]]:
        body = {"customer_id": buyer["id"], "cash_book_id": bank["id"], "date": "2026-09-04", "amount": amount}
        return create(tenant, "customer-refunds", {**body, **source})

    status, first = refund("60.00", credit_note_id=note["id"])
    assert status == 201, first
    assert get(tenant, "credit-notes", note["id"])["outstanding"] == "-40.00"
    status, refused = refund("50.00", credit_note_id=note["id"])
    assert status == 422 and problem(refused) == ("body.amount", "refund.over_credit"), refused
    status, second = refund("30.00", receipt_id=paid["id"])
    assert status == 201, second
    status, refused = refund("0.01", receipt_id=paid["id"])
    assert status == 422 and problem(refused) == ("body.amount", "refund.over_credit")
    post_everything(hub)
    moved = movements(before, balances(tenant))
    assert moved("1030") == (Decimal("130.00"), Decimal("90.00"))
    assert moved("1100") == (Decimal("160.00"), Decimal("200.00"))
    assert moved("2130") == (Decimal("30.00"), Decimal("30.00"))


def test_concurrent_refunds_from_two_companies_never_pay_a_credit_twice(hub: StreamReader) -> None:
    """Per company an advance of 50.00 (a receipt with no invoice to settle); six refunds of 20.00 at once:
    50.00 / 20.00 pays 2 (40.00), the third would need 60.00. Exactly 2 are written per company."""
    from tests.integration.test_posting import cash_book

    companies = [seed_tenant(f"tnt_REFUNDRACE{n}") for n in (1, 2)]
    setups = {}
    for who in companies:
        bank = cash_book(who, "RR-BANK", "Bank RR", "1030")
        buyer = customer(who, "Pelanggan RR")
        status, paid = receive(
            who, {"customer_id": buyer["id"], "cash_book_id": bank["id"], "date": "2026-09-01", "amount": "50.00"}
        )
        assert status == 201 and paid["advance"] == "50.00", paid
        setups[who.tenant_id] = (bank, buyer, paid)
    statuses: dict[str, list[int]] = {who.tenant_id: [] for who in companies}
    lock = threading.Lock()

    def refund(who: Identity) -> None:
        bank, buyer, paid = setups[who.tenant_id]
        body = {
            "customer_id": buyer["id"],
            "cash_book_id": bank["id"],
            "date": "2026-09-02",
            "amount": "20.00",
            "receipt_id": paid["id"],
        }
        status, _ = create(who, "customer-refunds", body)
        with lock:
            statuses[who.tenant_id].append(status)

    threads = [threading.Thread(target=refund, args=(who,)) for who in companies for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for who in companies:
        mine = statuses[who.tenant_id]
        assert mine.count(201) == 2 and all(s in (201, 409, 422) for s in mine), mine


def test_a_looked_up_price_stays_looked_up_and_a_copy_keeps_its_sources_terms(tenant: Identity) -> None:
    """A quotation prices a pen from the item (2.50), tax-inclusive, 10% off the document: submitted, the
    line still says where its price came from. An order copying it whole keeps the basis and the 10%:
    4 x 2.50 = 10.00, less 10% = 9.00 (no tax code: the total is 9.00)."""
    buyer = customer(tenant, "Kedai Alat Tulis")
    pen = item(tenant, "Pen Biru", sales_price="2.50")
    status, quote = create(
        tenant,
        "quotations",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-03",
            "prices_include_tax": True,
            "discount_percent": "10",
            "lines": [{"item_id": pen["id"], "qty": "4"}],
        },
    )
    assert status == 201, quote
    quote = submitted(tenant, "quotations", quote)
    assert quote["lines"][0]["price_source"] == "item" and quote["total"] == "9.00"
    status, order = create(
        tenant, "sales-orders", {"customer_id": buyer["id"], "date": "2026-08-04", "quotation_id": quote["id"]}
    )
    assert status == 201, order
    assert (order["prices_include_tax"], order["discount_percent"], order["total"]) == (True, "10", "9.00")


def test_documents_without_a_name_are_listed_by_code_whatever_the_sort(tenant: Identity) -> None:
    """A sales order has no name: it keeps no by-name index entry (a write costs one index fewer), and a list
    sorted by name answers in code order, as sorted by code."""
    from ledgerlet.hub import keys
    from ledgerlet.hub.documents import DocumentStore
    from tests.integration.test_stock_entries import location

    kl = location(tenant, "NAMELESS")
    fan = item(tenant, "Kipas Tanpa Nama", kind="stock", sales_price="10.00")
    buyer = customer(tenant, "Pelanggan Tanpa Nama")
    orders = [order_for(tenant, buyer, kl, "2026-08-02", {"item_id": fan["id"], "qty": "1"}) for _ in range(3)]
    store = DocumentStore(tenant.tenant_id)
    stored = store.db.get_item(
        TableName=store.table,
        Key={"PK": {"S": keys.document_pk(tenant.tenant_id, "SALESORDER", orders[0]["id"])}, "SK": {"S": "DOC"}},
    )["Item"]
    assert "GSI1PK" in stored and "GSI2PK" not in stored

    def listed(sort: str) -> list[str]:
        event = api_event(
            "GET", "/v1/sales-orders", tenant, query={"sort": sort, "customer_id": buyer["id"], "limit": "10"}
        )
        status, page = invoke(load_handler("sales_orders/list.py"), event)
        assert status == 200, page
        return [found["code"] for found in page["items"]]

    codes = sorted(order["code"] for order in orders)
    assert listed("name") == listed("code") == codes
    assert listed("-name") == codes[::-1]
