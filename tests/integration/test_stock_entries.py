"""Stock entries through their handlers (issue 12): a receipt, a transfer and an issue write their movements
with the entry, bad input is a 4xx naming the field, and stock that would go below zero refuses the whole
entry, also when twenty requests from two companies race for the last units."""

from __future__ import annotations

import itertools
import threading
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.test_posting import create, get
from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader


@pytest.fixture(scope="module")
def tenant(hub: StreamReader) -> Identity:
    return seed_tenant("tnt_STOCKENTRY")


def location(who: Identity, code: str) -> str:
    from ledgerlet.hub.documents import DocumentStore

    hq = DocumentStore(who.tenant_id).find_by_code("ORGUNIT", "HQ")
    assert hq
    status, unit = create(
        who, "org-units", {"code": code, "name": f"Warehouse {code}", "kind": "location", "parent_id": hq["id"]}
    )
    assert status == 201, unit
    return str(unit["id"])


def stock_item(who: Identity, name: str, method: str = "weighted_average", kind: str = "stock") -> dict[str, Any]:
    body = {"name": name, "kind": kind, **({"costing_method": method} if kind == "stock" else {})}
    status, item = create(who, "items", body)
    assert status == 201, item
    return item


def entry(who: Identity, body: dict[str, Any], key: str | None = None) -> tuple[int, dict[str, Any]]:
    event = api_event("POST", "/v1/stock-entries", who, body=body, headers={"Idempotency-Key": key} if key else None)
    return invoke(load_handler("stock_entries/create.py"), event)


def on_hand(who: Identity, item_id: str, location_id: str) -> Decimal:
    from ledgerlet.inventory.stock_ledger import StockLedger

    head = StockLedger(who.tenant_id).head(item_id, location_id)
    return Decimal(head["on_hand"]) if head else Decimal(0)


def test_a_receipt_a_transfer_and_an_issue_move_the_stock(tenant: Identity) -> None:
    kl, pg = location(tenant, "KL"), location(tenant, "PG")
    rice = stock_item(tenant, "Beras Wangi 10kg")
    status, received = entry(
        tenant,
        {
            "purpose": "receipt",
            "date": "2026-07-01",
            "location_id": kl,
            "reference": "GRN 88",
            "lines": [{"item_id": rice["id"], "qty": "40", "rate": "32.50", "landed_cost": "20.00"}],
        },
    )
    assert status == 201, received
    assert received["code"].startswith("STK-") and received["valuation_state"] == "pending"
    assert received["lines"][0]["item_code"] == rice["code"] and received["time"] == "12:00:00"
    status, moved = entry(
        tenant,
        {
            "purpose": "transfer",
            "date": "2026-07-02",
            "location_id": kl,
            "to_location_id": pg,
            "lines": [{"item_id": rice["id"], "qty": "15"}],
        },
    )
    assert status == 201, moved
    assert len(moved["movement_ids"]) == 2  # out of KL, into PG
    status, issued = entry(
        tenant,
        {"purpose": "issue", "date": "2026-07-03", "location_id": pg, "lines": [{"item_id": rice["id"], "qty": "5"}]},
    )
    assert status == 201, issued
    # By hand: KL 40 - 15 = 25; PG 15 - 5 = 10
    assert (on_hand(tenant, rice["id"], kl), on_hand(tenant, rice["id"], pg)) == (Decimal(25), Decimal(10))


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"purpose": "issue", "lines": [{"qty": "1", "rate": "2.00"}]}, "body", "stock.no_rate"),
        ({"purpose": "receipt", "lines": [{"qty": "1"}]}, "body", "stock.rate"),
        ({"purpose": "transfer"}, "body", "stock.to_location"),
        ({"purpose": "receipt", "lines": [{"qty": "0", "rate": "1"}]}, "body", "stock.qty"),
        ({"location_id": "HQ"}, "body.location_id", "stock.not_location"),
        ({"item": "service"}, "body.lines.0.item_id", "stock.not_stock"),
        ({"date": "2026-02-30"}, "body.date", "date.invalid"),
    ],
)
def test_bad_input_is_refused_naming_the_field(tenant: Identity, change: dict[str, Any], field: str, code: str) -> None:
    from ledgerlet.hub.documents import DocumentStore

    store = DocumentStore(tenant.tenant_id)
    warehouse = store.find_by_code("ORGUNIT", "KL") or {"id": location(tenant, "KL")}
    item = stock_item(
        tenant,
        "Gula 1kg" if change.get("item") != "service" else "Delivery",
        kind=("service" if change.get("item") == "service" else "stock"),
    )
    body: dict[str, Any] = {
        "purpose": "receipt",
        "date": "2026-07-05",
        "location_id": warehouse["id"],
        "lines": [{"item_id": item["id"], "qty": "1", "rate": "1.00"}],
    }
    if change.get("location_id") == "HQ":
        body["location_id"] = store.find_by_code("ORGUNIT", "HQ")["id"]  # type: ignore[index]
    for name in ("purpose", "date"):
        if name in change:
            body[name] = change[name]
    if "lines" in change:
        body["lines"] = [{"item_id": item["id"], **line} for line in change["lines"]]
    status, problem = entry(tenant, body)
    assert status == 422, problem
    assert (problem["errors"][0]["field"], problem["errors"][0]["code"]) == (field, code), problem


def test_an_issue_beyond_the_stock_is_refused_whole_and_writes_nothing(tenant: Identity) -> None:
    from ledgerlet.hub.documents import DocumentStore, ListQuery

    store = DocumentStore(tenant.tenant_id)
    warehouse = location(tenant, "JB")
    oil, salt = stock_item(tenant, "Minyak Masak 5L", "fifo"), stock_item(tenant, "Garam 500g")
    lines = [{"item_id": oil["id"], "qty": "10", "rate": "28.00"}, {"item_id": salt["id"], "qty": "4", "rate": "1.20"}]
    status, _ = entry(tenant, {"purpose": "receipt", "date": "2026-07-01", "location_id": warehouse, "lines": lines})
    assert status == 201
    before = len(store.list_documents("STOCKENTRY", ListQuery(limit=200)).items)
    # Salt is there (3 of 4), oil is not (12 of 10): the whole entry is refused, salt included
    issue = [{"item_id": salt["id"], "qty": "3"}, {"item_id": oil["id"], "qty": "12"}]
    status, problem = entry(
        tenant, {"purpose": "issue", "date": "2026-07-02", "location_id": warehouse, "lines": issue}
    )
    assert status == 409, problem
    assert problem["errors"][0] == {
        "field": "body.lines.1.qty",
        "code": "stock.short",
        "params": {"item": oil["code"], "short": "2"},  # 12 - 10
        "message": f"{oil['code']}: 2 short at this date",
    }
    assert len(store.list_documents("STOCKENTRY", ListQuery(limit=200)).items) == before
    assert (on_hand(tenant, oil["id"], warehouse), on_hand(tenant, salt["id"], warehouse)) == (Decimal(10), Decimal(4))


def test_twenty_issues_of_the_last_ten_units_from_two_companies_at_once(hub: StreamReader) -> None:
    """Two companies, each with 10 units, each sending 20 one-unit issues at once: exactly 10 each are
    accepted, the others are 409s naming the item, and every accepted issue is on the ledger."""
    companies = [seed_tenant("tnt_STOCKRACE1"), seed_tenant("tnt_STOCKRACE2")]
    setup = {}
    for company in companies:
        warehouse, item = location(company, "WH"), stock_item(company, "Teh Tarik Mix")
        receipt = {
            "purpose": "receipt",
            "date": "2026-07-01",
            "location_id": warehouse,
            "lines": [{"item_id": item["id"], "qty": "10", "rate": "5.00"}],
        }
        assert entry(company, receipt)[0] == 201
        setup[company.tenant_id] = (warehouse, item)
    outcomes: dict[str, list[tuple[int, Any]]] = {company.tenant_id: [] for company in companies}
    barrier = threading.Barrier(40)

    def issue(company: Identity, n: int) -> None:
        warehouse, item = setup[company.tenant_id]
        body = {
            "purpose": "issue",
            "date": "2026-07-02",
            "location_id": warehouse,
            "reference": f"{company.tenant_id}-{n}",
            "lines": [{"item_id": item["id"], "qty": "1"}],
        }
        barrier.wait()
        status, answer = entry(company, body, key=f"{company.tenant_id}-issue-{n}")
        outcomes[company.tenant_id].append((status, answer))

    threads = [threading.Thread(target=issue, args=(c, n)) for c in companies for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for company in companies:
        warehouse, item = setup[company.tenant_id]
        statuses = sorted(status for status, _ in outcomes[company.tenant_id])
        assert statuses == [201] * 10 + [409] * 10, outcomes[company.tenant_id]
        for status, answer in outcomes[company.tenant_id]:
            if status == 201:
                assert answer["reference"].startswith(company.tenant_id)  # its own answer, not the other's
            else:
                assert answer["errors"][0]["params"] == {"item": item["code"], "short": "1"}
        assert on_hand(company, item["id"], warehouse) == 0
        from ledgerlet.inventory.stock_ledger import StockLedger

        rows = StockLedger(company.tenant_id).rows(item["id"], warehouse)
        assert len(rows) == 1 + 10  # the receipt and the ten accepted issues: nothing half-written


def test_a_retried_entry_is_recorded_once(tenant: Identity) -> None:
    warehouse, item = location(tenant, "SB"), stock_item(tenant, "Kopi O 1kg")
    body = {
        "purpose": "receipt",
        "date": "2026-07-01",
        "location_id": warehouse,
        "lines": [{"item_id": item["id"], "qty": "6", "rate": "18.00"}],
    }
    first, again = entry(tenant, body, key="receipt-kopi"), entry(tenant, body, key="receipt-kopi")
    assert first == again and first[0] == 201
    assert on_hand(tenant, item["id"], warehouse) == Decimal(6)


def stock_entries_written(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the inventory's costing subscription lets through (its filter in inventory/applet.py)."""
    return [
        r
        for r in records
        if r["eventName"] in ("INSERT", "MODIFY")
        and (r["dynamodb"].get("NewImage") or {}).get("entity") == {"S": "STOCKENTRY"}
        and (r["dynamodb"].get("NewImage") or {}).get("valuation_state") == {"S": "pending"}
    ]


def net_books(who: Identity, *codes: str) -> dict[str, Decimal]:
    """Debit less credit of each account, over the year's postings."""
    from tests.integration.test_posting import balances

    books = balances(who)
    return {code: books[code][0] - books[code][1] for code in codes}


def cost_and_post(hub: StreamReader) -> list[dict[str, Any]]:
    """Deliver new stock entries to the costing consumer, then what it books to the ledger's consumer;
    the stock entries' records delivered."""
    from tests.integration.test_posting import poster
    from tests.support.streams import deliver, pending_documents

    written = stock_entries_written(hub.read())
    assert deliver(load_handler("stock_entries/cost.py"), written) == {"batchItemFailures": []}
    assert deliver(poster(), pending_documents(hub.read())) == {"batchItemFailures": []}
    return written


def test_stock_value_reaches_the_ledger_and_follows_a_back_dated_receipt(hub: StreamReader) -> None:
    """By hand (weighted average), KL and PG:
    1 Jul receipt KL 10 @ 5.00 = 50.00; 2 Jul transfer 4 to PG at 5.00 = 20.00; 3 Jul issue 3 at PG,
    3 x 5.00 = 15.00 to cost of goods sold. Books: stock 50.00 - 15.00 = 35.00, GRNI 50.00, COGS 15.00.
    Then a receipt back-dated to 1 Jul 08:00, KL 10 @ 8.00 = 80.00: KL 10 @ 8.00, then + 10 @ 5.00 =
    130.00 for 20 (6.50 each); the transfer takes 4 x 6.50 = 26.00 (KL 16 for 104.00), PG's issue
    3 x 6.50 = 19.50 (PG 1 for 6.50). Books: stock 104.00 + 6.50 = 110.50, GRNI 50.00 + 80.00 =
    130.00, COGS 19.50 (130.00 - 19.50 = 110.50)."""
    from tests.integration.test_posting import balances

    company = seed_tenant("tnt_STOCKBOOKS")
    hub.read()
    kl, pg = location(company, "KL"), location(company, "PG")
    rice = stock_item(company, "Beras Siam 5kg")
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
        status, created = entry(company, body)
        assert status == 201, created
    cost_and_post(hub)
    books = balances(company)
    assert books["1200"] == (Decimal("50.00"), Decimal("15.00"))
    assert books["2120"] == (Decimal(0), Decimal("50.00"))
    assert books["5010"] == (Decimal("15.00"), Decimal(0))

    late = {
        "purpose": "receipt",
        "date": "2026-07-01",
        "time": "08:00:00",
        "location_id": kl,
        "lines": [{**line, "qty": "10", "rate": "8.00"}],
    }
    assert entry(company, late)[0] == 201
    delivered = cost_and_post(hub)
    books = balances(company)
    assert books["1200"][0] - books["1200"][1] == Decimal("110.50")
    assert books["2120"] == (Decimal(0), Decimal("130.00"))
    assert books["5010"][0] - books["5010"][1] == Decimal("19.50")
    # The valuation: the stock ledger's value at each location
    from ledgerlet.inventory.stock_ledger import StockLedger

    stock = StockLedger(company.tenant_id)
    values = {
        name: Decimal(stock.rows(rice["id"], where)[-1]["after"]["value"]) for name, where in (("KL", kl), ("PG", pg))
    }
    assert values == {"KL": Decimal("104.00"), "PG": Decimal("6.50")}
    # Delivered again, nothing more is booked
    from ledgerlet.hub.documents import DocumentStore, ListQuery

    documents = DocumentStore(company.tenant_id)
    valuations = len(documents.list_documents("STOCKVALUATION", ListQuery(limit=200)).items)
    from tests.support.streams import deliver

    assert deliver(load_handler("stock_entries/cost.py"), delivered) == {"batchItemFailures": []}
    assert len(documents.list_documents("STOCKVALUATION", ListQuery(limit=200)).items) == valuations
    entries = documents.list_documents("STOCKENTRY", ListQuery(limit=200)).items
    assert {e["valuation_state"] for e in entries} == {"valued"}


EXAMPLES = itertools.count(1)  # a company per example
ENTRY = st.tuples(
    st.sampled_from(["receipt", "receipt", "issue", "transfer", "count"]),
    st.integers(0, 1),  # item: FIFO or weighted average
    st.integers(0, 1),  # location
    st.integers(1, 12),  # quantity
    st.sampled_from(["1.00", "2.50", "3.333", "7.05", "0.015"]),  # unit cost (receipts, counts)
    st.integers(1, 9),  # day of July
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(ENTRY, min_size=1, max_size=7), order=st.randoms(use_true_random=False))
def test_the_books_hold_the_stock_valuation_after_any_sequence(
    hub: StreamReader, entries: list[tuple[str, int, int, int, str, int]], order: Any
) -> None:
    """Any entries, in any dates, costed in any order: the stock account's bookings equal the valuation
    (each key's last value), every valuation document balances, and the stored rows are the engine's."""
    from ledgerlet.hub.documents import DocumentStore, ListQuery
    from ledgerlet.inventory.costing_service import StockCosting
    from ledgerlet.inventory.stock_ledger import StockLedger

    company = seed_tenant(f"tnt_STOCKPROP{next(EXAMPLES)}")
    where = [location(company, "A"), location(company, "B")]
    items = [stock_item(company, "FIFO item", "fifo"), stock_item(company, "Average item")]
    created = []
    for purpose, item, place, qty, rate, day in entries:
        body: dict[str, Any] = {
            "purpose": purpose,
            "date": f"2026-07-{day:02d}",
            "location_id": where[place],
            "lines": [{"item_id": items[item]["id"], "qty": str(qty)}],
        }
        if purpose in ("receipt", "count"):
            body["lines"][0]["rate"] = rate
        if purpose == "transfer":
            body["to_location_id"] = where[1 - place]
        status, document = entry(company, body)
        assert status in (201, 409), document  # 409: not enough stock on that date
        if status == 201:
            created.append(document)
    order.shuffle(created)
    costing = StockCosting(company.tenant_id)
    for document in created:
        costing.cost_entry(document)
    stock, documents = StockLedger(company.tenant_id), DocumentStore(company.tenant_id)
    valuation = Decimal(0)
    for item in items:
        for place in where:
            rows = [row for row in stock.rows(item["id"], place) if not row.get("cancelled")]
            assert all(row.get("after") is not None for row in rows)
            valuation += Decimal(str(rows[-1]["after"]["value"])) if rows else Decimal(0)
    inventory = costing.accounts(items[0]["id"]).stock
    booked = Decimal(0)
    for valuation_document in documents.list_documents("STOCKVALUATION", ListQuery(limit=200)).items:
        lines = valuation_document["lines"]
        debit = sum((Decimal(str(line.get("debit", 0))) for line in lines), Decimal(0))
        credit = sum((Decimal(str(line.get("credit", 0))) for line in lines), Decimal(0))
        assert debit == credit, valuation_document
        booked += sum(
            (Decimal(str(line.get("debit", 0))) - Decimal(str(line.get("credit", 0))))
            for line in lines
            if line["account_id"] == inventory
        )
    assert booked == valuation


def report(who: Identity, path: str, query: dict[str, str]) -> tuple[int, Any]:
    handler = {"/v1/stock/balances": "stock_reports/balances.py", "/v1/stock/card": "stock_reports/card.py"}[path]
    return invoke(load_handler(handler), api_event("GET", path, who, query=query))


def test_the_stock_card_and_balances_show_the_running_columns(hub: StreamReader) -> None:
    """FIFO by hand: 1 Jul receive 5 @ 2.00 (10.00) and 3 Jul 5 @ 3.00 (15.00): 10 for 25.00, layers
    [5 @ 2, 5 @ 3]; 4 Jul issue 6: 5 x 2.00 + 1 x 3.00 = 13.00 out, 4 left for 12.00 at 3.00."""
    company = seed_tenant("tnt_STOCKCARD")
    hub.read()
    shop = location(company, "SHOP")
    sugar = stock_item(company, "Gula Pasir 2kg", "fifo")
    line = {"item_id": sugar["id"]}
    for body in (
        {"purpose": "receipt", "date": "2026-07-01", "location_id": shop, "lines": [{**line, "qty": "5", "rate": "2"}]},
        {"purpose": "receipt", "date": "2026-07-03", "location_id": shop, "lines": [{**line, "qty": "5", "rate": "3"}]},
        {"purpose": "issue", "date": "2026-07-04", "location_id": shop, "lines": [{**line, "qty": "6"}]},
    ):
        assert entry(company, body)[0] == 201
    status, pending = report(company, "/v1/stock/balances", {})
    assert status == 200, pending  # not costed yet: the quantity is known, the value is pending
    assert [(line["qty"], line["valuation_pending"]) for line in pending["lines"]] == [("4", True)]
    cost_and_post(hub)
    status, card = report(company, "/v1/stock/card", {"item_id": sugar["id"], "location_id": shop})
    assert status == 200, card
    assert [(r["kind"], r["qty_change"], r["value_change"], r["qty"], r["value"]) for r in card["rows"]] == [
        ("receipt", "5", "10.00", "5", "10.00"),
        ("receipt", "5", "15.00", "10", "25.00"),
        ("issue", "-6", "-13.00", "4", "12.00"),
    ]
    assert card["rows"][1]["queue"] == [{"qty": "5", "rate": "2"}, {"qty": "5", "rate": "3"}]
    assert card["rows"][2]["queue"] == [{"qty": "4", "rate": "3"}] and card["closing_value"] == "12.00"
    status, balances = report(company, "/v1/stock/balances", {})
    assert (balances["total_value"], balances["lines"][0]["qty"], balances["lines"][0]["rate"]) == ("12.00", "4", "3")
    status, then = report(company, "/v1/stock/balances", {"as_of": "2026-07-03"})
    assert (then["total_value"], then["lines"][0]["qty"]) == ("25.00", "10")  # before the issue
    status, week = report(
        company, "/v1/stock/card", {"item_id": sugar["id"], "location_id": shop, "from": "2026-07-02"}
    )
    assert (week["opening_qty"], week["opening_value"], len(week["rows"])) == ("5", "10.00", 2)
    # Ageing on 31 Jul: the 4 left came in on 3 Jul (28 days), all of the 12.00 in 0-30
    handler = load_handler("stock_reports/ageing.py")
    status, ageing = invoke(handler, api_event("GET", "/v1/stock/ageing", company, query={"as_of": "2026-07-31"}))
    assert status == 200, ageing
    assert ageing["lines"][0]["buckets"][0] == {"label": "0-30", "qty": "4", "value": "12.00"}
    assert ageing["total_value"] == "12.00"


def cancel(who: Identity, entry_id: str, reason: str = "Entered twice") -> tuple[int, Any]:
    event = api_event(
        "POST",
        f"/v1/stock-entries/{entry_id}/cancel",
        who,
        resource="/v1/stock-entries/{id}/cancel",
        path_params={"id": entry_id},
        body={"reason": reason},
    )
    return invoke(load_handler("stock_entries/cancel.py"), event)


def test_cancelling_an_issue_gives_its_stock_and_its_cost_back(hub: StreamReader) -> None:
    """By hand: receive 10 @ 5.00 = 50.00, issue 8 x 5.00 = 40.00 to cost of goods sold (stock 10.00).
    The issue cancelled: stock 50.00 again and cost of goods sold 0; its row stays on the card, marked.
    The receipt cannot be cancelled while the issue relies on it, nor anything twice."""
    from tests.integration.test_posting import balances

    company = seed_tenant("tnt_STOCKCANCEL")
    hub.read()
    store = location(company, "STORE")
    flour = stock_item(company, "Tepung Gandum 1kg")
    line = {"item_id": flour["id"]}
    status, receipt = entry(
        company,
        {
            "purpose": "receipt",
            "date": "2026-07-01",
            "location_id": store,
            "lines": [{**line, "qty": "10", "rate": "5"}],
        },
    )
    assert status == 201
    status, issue = entry(
        company, {"purpose": "issue", "date": "2026-07-02", "location_id": store, "lines": [{**line, "qty": "8"}]}
    )
    assert status == 201
    cost_and_post(hub)
    assert balances(company)["5010"] == (Decimal("40.00"), Decimal(0))  # 8 x 5.00

    status, problem = cancel(company, receipt["id"])  # the issue of 8 relies on it: 0 - 8 = -8
    assert (status, problem["errors"][0]["code"], problem["errors"][0]["params"]["short"]) == (409, "stock.short", "8")
    status, cancelled = cancel(company, issue["id"])
    assert status == 200, cancelled
    assert cancelled["cancelled"] is True and cancelled["cancel_reason"] == "Entered twice"
    assert on_hand(company, flour["id"], store) == Decimal(10)
    cost_and_post(hub)
    books = balances(company)
    assert books["5010"][0] - books["5010"][1] == 0 and books["1200"][0] - books["1200"][1] == Decimal("50.00")
    status, card = report(company, "/v1/stock/card", {"item_id": flour["id"], "location_id": store})
    assert [(row["kind"], row["cancelled"], row["value"]) for row in card["rows"]] == [
        ("receipt", False, "50.00"),
        ("issue", True, None),
    ]
    status, again = cancel(company, issue["id"])
    assert (status, again["errors"][0]["code"]) == (409, "document.cancelled")


def put_settings(who: Identity, body: dict[str, Any]) -> tuple[int, Any]:
    event = api_event("PUT", "/v1/stock/settings", who, body=body)
    return invoke(load_handler("stock_entries/update_settings.py"), event)


def test_the_company_and_each_item_choose_the_costing_method_and_negative_stock(hub: StreamReader) -> None:
    """Negative stock allowed by the company, by hand (weighted average): receive 2 @ 4.00 = 8.00; issue 5,
    at the last rate 4.00: 5 x 4.00 = 20.00 to cost of goods sold, leaving -3 for -12.00; receive 5 @
    5.00 = 25.00: 2 left, revalued at the incoming 5.00 = 10.00, so the receipt adds 10.00 - (-12.00) =
    22.00 to stock and the 3.00 the short units cost more goes to stock adjustment. Books: stock 8.00 -
    20.00 + 22.00 = 10.00; received not billed 8.00 + 25.00 = 33.00 (credit); cost of goods sold 20.00;
    adjustment 3.00. The company's default FIFO then costs an item that names no method: receive 1 @ 1.00
    and 1 @ 3.00, issue 1: the oldest, 1.00 (the average would be 2.00)."""

    company = seed_tenant("tnt_STOCKPOLICY")
    hub.read()
    depot = location(company, "DEPOT")
    status, settings = invoke(
        load_handler("stock_entries/settings.py"), api_event("GET", "/v1/stock/settings", company)
    )
    assert (status, settings["negative_stock"], settings["version"]) == (200, "refuse", 0)
    status, settings = put_settings(company, {"version": 0, "negative_stock": "allow"})
    assert (status, settings["negative_stock"], settings["version"]) == (200, "allow", 1)
    status, stale = put_settings(company, {"version": 0, "negative_stock": "refuse"})
    assert (status, stale["errors"][0]["code"]) == (409, "version.stale")

    oil = stock_item(company, "Minyak Sawit 2kg")
    line = {"item_id": oil["id"]}
    for body in (
        {
            "purpose": "receipt",
            "date": "2026-07-01",
            "location_id": depot,
            "lines": [{**line, "qty": "2", "rate": "4"}],
        },
        {"purpose": "issue", "date": "2026-07-02", "location_id": depot, "lines": [{**line, "qty": "5"}]},
        {
            "purpose": "receipt",
            "date": "2026-07-03",
            "location_id": depot,
            "lines": [{**line, "qty": "5", "rate": "5"}],
        },
    ):
        status, created = entry(company, body)
        assert status == 201, created
    cost_and_post(hub)
    assert net_books(company, "1200", "2120", "5010", "5300") == {
        "1200": Decimal("10.00"),
        "2120": Decimal("-33.00"),
        "5010": Decimal("20.00"),
        "5300": Decimal("3.00"),
    }

    strict = create(company, "items", {"name": "Susu Pekat", "kind": "stock", "allow_negative_stock": False})[1]
    status, refused = entry(
        company,
        {
            "purpose": "issue",
            "date": "2026-07-02",
            "location_id": depot,
            "lines": [{"item_id": strict["id"], "qty": "1"}],
        },
    )
    assert (status, refused["errors"][0]["code"]) == (409, "stock.short")  # the item's own choice wins

    assert put_settings(company, {"version": 1, "default_costing_method": "fifo"})[0] == 200
    plain = create(company, "items", {"name": "Kicap Manis", "kind": "stock"})[1]
    assert plain["costing_method"] is None  # the company's default
    line = {"item_id": plain["id"]}
    for body in (
        {
            "purpose": "receipt",
            "date": "2026-07-01",
            "location_id": depot,
            "lines": [{**line, "qty": "1", "rate": "1"}],
        },
        {
            "purpose": "receipt",
            "date": "2026-07-02",
            "location_id": depot,
            "lines": [{**line, "qty": "1", "rate": "3"}],
        },
        {"purpose": "issue", "date": "2026-07-03", "location_id": depot, "lines": [{**line, "qty": "1"}]},
    ):
        assert entry(company, body)[0] == 201
    cost_and_post(hub)
    status, card = report(company, "/v1/stock/card", {"item_id": plain["id"], "location_id": depot})
    assert card["rows"][-1]["value_change"] == "-1.00" and card["closing_value"] == "3.00"


def test_returns_go_back_at_their_originals_rates_and_write_offs_to_adjustment(hub: StreamReader) -> None:
    """Weighted average, by hand:
    1 Jul receive 10 @ 4.00 with 2.00 landed: 42.00 (4.20 each); 2 Jul 10 @ 5.00 = 50.00: 20 for 92.00
    (4.60); 3 Jul issue 6 x 4.60 = 27.60: 14 for 64.40; 4 Jul the customer returns 2 at the issue's 4.60
    = 9.20: 16 for 73.60; 5 Jul 3 go back to the supplier at the first receipt's 4.20 = 12.60: 13 for
    61.00; 6 Jul 1 damaged, at 61.00 / 13 = 4.6923..., 4.69: 12 for 56.31.
    Books: stock 56.31; received not billed 42.00 + 50.00 - 12.60 = 79.40 (credit); cost of goods sold
    27.60 - 9.20 = 18.40; stock adjustment 4.69 (56.31 - 79.40 + 18.40 + 4.69 = 0)."""

    company = seed_tenant("tnt_STOCKRETURN")
    hub.read()
    store = location(company, "STORE")
    milk = stock_item(company, "Susu Tepung 1kg")
    line = {"item_id": milk["id"]}

    def enter(body: dict[str, Any]) -> dict[str, Any]:
        status, created = entry(company, {"location_id": store, **body})
        assert status == 201, created
        return created

    first = enter(
        {
            "purpose": "receipt",
            "date": "2026-07-01",
            "lines": [{**line, "qty": "10", "rate": "4", "landed_cost": "2.00"}],
        }
    )
    enter({"purpose": "receipt", "date": "2026-07-02", "lines": [{**line, "qty": "10", "rate": "5"}]})
    sale = enter({"purpose": "issue", "date": "2026-07-03", "lines": [{**line, "qty": "6"}]})
    back = enter(
        {
            "purpose": "customer_return",
            "date": "2026-07-04",
            "returns_entry_id": sale["id"],
            "lines": [{**line, "qty": "2"}],
        }
    )
    enter(
        {
            "purpose": "supplier_return",
            "date": "2026-07-05",
            "returns_entry_id": first["id"],
            "lines": [{**line, "qty": "3"}],
        }
    )
    enter({"purpose": "adjustment", "reason": "damage", "date": "2026-07-06", "lines": [{**line, "qty": "1"}]})
    cost_and_post(hub)
    assert net_books(company, "1200", "2120", "5010", "5300") == {
        "1200": Decimal("56.31"),
        "2120": Decimal("-79.40"),
        "5010": Decimal("18.40"),
        "5300": Decimal("4.69"),
    }
    status, card = report(company, "/v1/stock/card", {"item_id": milk["id"], "location_id": store})
    assert [row["value_change"] for row in card["rows"]] == ["42.00", "50.00", "-27.60", "9.20", "-12.60", "-4.69"]

    # 6 were sold and 2 came back: 4 are left to return
    status, problem = entry(
        company,
        {
            "purpose": "customer_return",
            "date": "2026-07-07",
            "location_id": store,
            "returns_entry_id": sale["id"],
            "lines": [{**line, "qty": "5"}],
        },
    )
    assert (status, problem["errors"][0]["code"], problem["errors"][0]["params"]["left"]) == (
        422,
        "stock.return_qty",
        "4",
    )
    status, problem = entry(
        company,
        {
            "purpose": "customer_return",
            "date": "2026-07-07",
            "location_id": store,
            "returns_entry_id": first["id"],
            "lines": [{**line, "qty": "1"}],
        },
    )
    assert (status, problem["errors"][0]["code"]) == (422, "stock.return_of")  # a receipt is not a sale
    status, problem = entry(
        company, {"purpose": "adjustment", "date": "2026-07-07", "location_id": store, "lines": [{**line, "qty": "1"}]}
    )
    assert (status, problem["errors"][0]["code"]) == (422, "stock.reason")
    # The customer's return cancelled, all 6 may come back again
    assert cancel(company, back["id"])[0] == 200
    enter(
        {
            "purpose": "customer_return",
            "date": "2026-07-07",
            "returns_entry_id": sale["id"],
            "lines": [{**line, "qty": "6"}],
        }
    )


def reserve(who: Identity, body: dict[str, Any]) -> tuple[int, Any]:
    return invoke(
        load_handler("stock_reservations/create.py"), api_event("POST", "/v1/stock-reservations", who, body=body)
    )


def release(who: Identity, reservation_id: str) -> tuple[int, Any]:
    event = api_event(
        "POST",
        f"/v1/stock-reservations/{reservation_id}/release",
        who,
        resource="/v1/stock-reservations/{id}/release",
        path_params={"id": reservation_id},
        body={"reason": "Order cancelled"},
    )
    return invoke(load_handler("stock_reservations/release.py"), event)


def availability(who: Identity, item_id: str) -> dict[str, Any]:
    status, answer = invoke(
        load_handler("stock_reports/availability.py"),
        api_event("GET", "/v1/stock/availability", who, query={"item_id": item_id}),
    )
    assert status == 200, answer
    return dict(answer)


def test_reserved_stock_is_not_for_the_taking_until_released_or_expired(hub: StreamReader) -> None:
    """10 on hand; 6 reserved for SO-1: 4 available, so an issue of 5 is 1 short, and so is a reservation
    of 5; a back-dated issue of 5 too. Released, 10 are available again; a reservation that expired on
    3 Jul is released by the daily run of 4 Jul."""
    from ledgerlet.inventory.reservations import expire_reservations

    company = seed_tenant("tnt_STOCKRESERVE")
    shop = location(company, "SHOP")
    soap = stock_item(company, "Sabun Mandi")
    line = {"item_id": soap["id"]}
    assert (
        entry(
            company,
            {
                "purpose": "receipt",
                "date": "2026-07-01",
                "location_id": shop,
                "lines": [{**line, "qty": "10", "rate": "2"}],
            },
        )[0]
        == 201
    )
    status, held = reserve(company, {"item_id": soap["id"], "location_id": shop, "qty": "6", "against": "SO-1"})
    assert status == 201 and held["state"] == "active", held
    got = availability(company, soap["id"])
    assert (got["on_hand"], got["reserved"], got["available"], got["incoming"]) == ("10", "6", "4", "0")

    for date in ("2026-07-05", "2026-07-01"):  # today's issue, and one back-dated behind the reservation
        body = {"purpose": "issue", "date": date, "location_id": shop, "lines": [{**line, "qty": "5"}]}
        status, problem = entry(company, body)
        assert (status, problem["errors"][0]["code"], problem["errors"][0]["params"]["short"]) == (
            409,
            "stock.short",
            "1",
        ), date
    status, problem = reserve(company, {"item_id": soap["id"], "location_id": shop, "qty": "5", "against": "SO-2"})
    assert (status, problem["errors"][0]["field"], problem["errors"][0]["params"]["short"]) == (409, "body.qty", "1")

    status, released = release(company, held["id"])
    assert (status, released["state"]) == (200, "released")
    assert release(company, held["id"])[1]["errors"][0]["code"] == "reservation.inactive"
    assert availability(company, soap["id"])["available"] == "10"

    status, _ = reserve(
        company, {"item_id": soap["id"], "location_id": shop, "qty": "3", "against": "SO-3", "expires_on": "2026-07-03"}
    )
    assert status == 201 and availability(company, soap["id"])["available"] == "7"
    assert expire_reservations(company.tenant_id, date_of("2026-07-03")) == 0  # not yet past its day
    assert expire_reservations(company.tenant_id, date_of("2026-07-04")) == 1
    assert availability(company, soap["id"])["available"] == "10"
    status, issued = entry(
        company, {"purpose": "issue", "date": "2026-07-05", "location_id": shop, "lines": [{**line, "qty": "10"}]}
    )
    assert status == 201, issued


def date_of(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def test_twenty_reservations_of_the_last_ten_units_from_two_companies_at_once(hub: StreamReader) -> None:
    companies = [seed_tenant("tnt_STOCKHOLD1"), seed_tenant("tnt_STOCKHOLD2")]
    setup = {}
    for company in companies:
        warehouse, item = location(company, "WH"), stock_item(company, "Kopi Putih")
        assert (
            entry(
                company,
                {
                    "purpose": "receipt",
                    "date": "2026-07-01",
                    "location_id": warehouse,
                    "lines": [{"item_id": item["id"], "qty": "10", "rate": "3"}],
                },
            )[0]
            == 201
        )
        setup[company.tenant_id] = (warehouse, item)
    outcomes: dict[str, list[int]] = {company.tenant_id: [] for company in companies}
    barrier = threading.Barrier(40)

    def hold(company: Identity, n: int) -> None:
        warehouse, item = setup[company.tenant_id]
        barrier.wait()
        body = {"item_id": item["id"], "location_id": warehouse, "qty": "1", "against": f"SO-{n}"}
        outcomes[company.tenant_id].append(reserve(company, body)[0])

    threads = [threading.Thread(target=hold, args=(c, n)) for c in companies for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for company in companies:
        assert sorted(outcomes[company.tenant_id]) == [201] * 10 + [409] * 10
        got = availability(company, setup[company.tenant_id][1]["id"])
        assert (got["reserved"], got["available"]) == ("10", "0")


def test_stock_requests_are_fulfilled_by_entries_and_raised_by_reorder_rules(hub: StreamReader) -> None:
    """SHOP asks for 5 from the warehouse: a transfer of 3 leaves 2 open, a second of 3 is 1 too many,
    one of 2 fulfils it; cancelling the first opens it again. A reorder rule (level 5, order 20) on an item
    with 3 at SHOP raises one purchase request of 20, and no second while that one is open."""
    from ledgerlet.inventory.requests import replenish

    company = seed_tenant("tnt_STOCKREQUEST")
    warehouse, shop = location(company, "WH"), location(company, "SHOP")
    tea = stock_item(company, "Teh Boh 250g")
    line = {"item_id": tea["id"]}
    assert (
        entry(
            company,
            {
                "purpose": "receipt",
                "date": "2026-07-01",
                "location_id": warehouse,
                "lines": [{**line, "qty": "20", "rate": "6"}],
            },
        )[0]
        == 201
    )
    status, asked = create(
        company, "stock-requests", {"purpose": "transfer", "location_id": shop, "lines": [{**line, "qty": "5"}]}
    )
    assert status == 201 and asked["state"] == "open", asked

    def move(qty: str) -> tuple[int, Any]:
        return entry(
            company,
            {
                "purpose": "transfer",
                "date": "2026-07-02",
                "location_id": warehouse,
                "to_location_id": shop,
                "request_id": asked["id"],
                "lines": [{**line, "qty": qty}],
            },
        )

    status, first = move("3")
    assert status == 201, first
    status, problem = move("3")
    assert (status, problem["errors"][0]["code"], problem["errors"][0]["params"]["left"]) == (
        422,
        "stock.request_qty",
        "2",
    )
    assert move("2")[0] == 201
    assert get(company, "stock-requests", asked["id"])["state"] == "fulfilled"
    assert cancel(company, first["id"])[0] == 200
    reopened = get(company, "stock-requests", asked["id"])
    assert (reopened["state"], reopened["fulfilled"]) == ("open", {"0": "2"})
    status, problem = entry(
        company,
        {
            "purpose": "receipt",
            "date": "2026-07-02",
            "location_id": shop,
            "request_id": asked["id"],
            "lines": [{**line, "qty": "1", "rate": "6"}],
        },
    )
    assert (status, problem["errors"][0]["code"]) == (422, "stock.request_fit")

    sugar = stock_item(company, "Gula Melaka")
    assert (
        entry(
            company,
            {
                "purpose": "receipt",
                "date": "2026-07-01",
                "location_id": shop,
                "lines": [{"item_id": sugar["id"], "qty": "3", "rate": "4"}],
            },
        )[0]
        == 201
    )
    status, rule = create(
        company,
        "reorder-rules",
        {"item_id": sugar["id"], "location_id": shop, "reorder_level": "5", "reorder_qty": "20"},
    )
    assert status == 201, rule
    status, twice = create(
        company,
        "reorder-rules",
        {"item_id": sugar["id"], "location_id": shop, "reorder_level": "1", "reorder_qty": "2"},
    )
    assert (status, twice["errors"][0]["code"]) == (422, "stock.rule_exists")
    raised = replenish(company.tenant_id)  # 3 available + 0 requested < 5
    assert len(raised) == 1
    request = get(company, "stock-requests", raised[0])
    assert (request["purpose"], request["lines"][0]["qty"], request["state"]) == ("purchase", "20", "open")
    assert replenish(company.tenant_id) == []  # 3 + 20 requested >= 5


def test_a_count_sheet_lists_what_was_counted_longest_ago_and_becomes_a_count(hub: StreamReader) -> None:
    """Three items at AISLE; one counted on 1 Jul. A sheet of 2 takes the two never counted. Counted: rice
    8 where the books say 10 (at 3.00: 24.00, 6.00 less), oil as expected. The count entry writes both at
    their valuation rates; the sheet is closed and cannot be counted twice."""
    company = seed_tenant("tnt_STOCKCOUNT")
    hub.read()
    aisle = location(company, "AISLE")
    rice, oil, salt = (stock_item(company, name) for name in ("Beras", "Minyak", "Garam"))
    for item, qty, rate in ((rice, "10", "3"), (oil, "4", "9"), (salt, "6", "1")):
        assert (
            entry(
                company,
                {
                    "purpose": "receipt",
                    "date": "2026-07-01",
                    "location_id": aisle,
                    "lines": [{"item_id": item["id"], "qty": qty, "rate": rate}],
                },
            )[0]
            == 201
        )
    assert (
        entry(
            company,
            {
                "purpose": "count",
                "date": "2026-07-01",
                "time": "18:00:00",
                "location_id": aisle,
                "lines": [{"item_id": salt["id"], "qty": "6", "rate": "1"}],
            },
        )[0]
        == 201
    )
    cost_and_post(hub)
    status, sheet = create(company, "count-sheets", {"location_id": aisle, "limit": 2})
    assert status == 201, sheet
    assert sorted(line["item_id"] for line in sheet["lines"]) == sorted([rice["id"], oil["id"]])
    assert {line["item_id"]: line["expected_qty"] for line in sheet["lines"]} == {rice["id"]: "10", oil["id"]: "4"}

    def submit(lines: list[dict[str, str]]) -> tuple[int, Any]:
        event = api_event(
            "POST",
            f"/v1/count-sheets/{sheet['id']}/submit",
            company,
            resource="/v1/count-sheets/{id}/submit",
            path_params={"id": sheet["id"]},
            body={"date": "2026-07-05", "lines": lines},
        )
        return invoke(load_handler("count_sheets/submit.py"), event)

    status, problem = submit([{"item_id": rice["id"], "counted_qty": "8"}])
    assert (status, problem["errors"][0]["code"]) == (422, "count.missing")
    status, counted = submit([{"item_id": rice["id"], "counted_qty": "8"}, {"item_id": oil["id"], "counted_qty": "4"}])
    assert status == 200 and counted["state"] == "counted" and counted["entry_id"], counted
    assert on_hand(company, rice["id"], aisle) == Decimal(8)
    cost_and_post(hub)
    # By hand: rice 8 x 3.00 = 24.00, 30.00 before: 6.00 to stock adjustment; oil 4 x 9.00 = 36.00, unchanged
    assert net_books(company, "5300")["5300"] == Decimal("6.00")
    assert submit([{"item_id": rice["id"], "counted_qty": "8"}, {"item_id": oil["id"], "counted_qty": "4"}])[0] == 409


def test_a_bin_is_a_location_within_a_location(tenant: Identity) -> None:
    """Warehouse KL2 and its bin A-01: stock moves into the bin like into any location."""
    warehouse = location(tenant, "KL2")
    status, bin_ = create(
        tenant, "org-units", {"code": "KL2-A01", "name": "Bin A-01", "kind": "location", "parent_id": warehouse}
    )
    assert status == 201, bin_
    status, refused = create(
        tenant, "org-units", {"code": "D-1", "name": "Sales", "kind": "department", "parent_id": warehouse}
    )
    assert (status, refused["errors"][0]["code"]) == (422, "org_unit.parent_kind")  # a department is no bin
    beans = stock_item(tenant, "Kacang Hijau")
    assert (
        entry(
            tenant,
            {
                "purpose": "receipt",
                "date": "2026-07-01",
                "location_id": bin_["id"],
                "lines": [{"item_id": beans["id"], "qty": "7", "rate": "2"}],
            },
        )[0]
        == 201
    )
    assert on_hand(tenant, beans["id"], bin_["id"]) == Decimal(7)


def test_landed_cost_added_after_the_receipt_re_costs_what_was_issued_since(hub: StreamReader) -> None:
    """By hand (weighted average): receive 10 @ 5.00 = 50.00 on 1 Jul, issue 4 x 5.00 = 20.00 on 2 Jul.
    Freight of 10.00 arrives for the receipt: it cost 60.00 (6.00 each), so the issue took 4 x 6.00 =
    24.00. Books: stock 60.00 - 24.00 = 36.00, received not billed 60.00 (credit), cost of goods sold 24.00."""
    company = seed_tenant("tnt_STOCKLANDED")
    hub.read()
    port = location(company, "PORT")
    cement = stock_item(company, "Simen 50kg")
    status, receipt = entry(
        company,
        {
            "purpose": "receipt",
            "date": "2026-07-01",
            "location_id": port,
            "lines": [{"item_id": cement["id"], "qty": "10", "rate": "5"}],
        },
    )
    assert status == 201
    assert (
        entry(
            company,
            {
                "purpose": "issue",
                "date": "2026-07-02",
                "location_id": port,
                "lines": [{"item_id": cement["id"], "qty": "4"}],
            },
        )[0]
        == 201
    )
    cost_and_post(hub)

    def landed(lines: list[dict[str, Any]], entry_id: str = receipt["id"]) -> tuple[int, Any]:
        event = api_event(
            "POST",
            f"/v1/stock-entries/{entry_id}/landed-cost",
            company,
            resource="/v1/stock-entries/{id}/landed-cost",
            path_params={"id": entry_id},
            body={"lines": lines, "reference": "FWD-7781"},
        )
        return invoke(load_handler("stock_entries/landed_cost.py"), event)

    status, problem = landed([{"line": 3, "amount": "10.00"}])
    assert (status, problem["errors"][0]["code"]) == (422, "stock.landed_line")
    status, updated = landed([{"line": 0, "amount": "10.00"}])
    assert status == 200 and updated["lines"][0]["landed_cost"] == "10.00", updated
    cost_and_post(hub)
    assert net_books(company, "1200", "2120", "5010") == {
        "1200": Decimal("36.00"),
        "2120": Decimal("-60.00"),
        "5010": Decimal("24.00"),
    }


def test_an_entry_is_valued_once_nothing_before_it_waits_whatever_comes_after(tenant: Identity) -> None:
    """Before, an entry was marked valued only when nothing at all waited on its keys: an entry recorded
    just after its costing left it `pending` for good."""
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.inventory.costing_service import StockCosting

    shelf = location(tenant, "SHELF")
    jam = stock_item(tenant, "Seri Kaya")

    def receive(day: str) -> dict[str, Any]:
        status, created = entry(
            tenant,
            {
                "purpose": "receipt",
                "date": day,
                "location_id": shelf,
                "lines": [{"item_id": jam["id"], "qty": "1", "rate": "3"}],
            },
        )
        assert status == 201, created
        return DocumentStore(tenant.tenant_id).require("STOCKENTRY", created["id"], "stock entry")

    first, second = receive("2026-07-01"), receive("2026-07-02")
    costing = StockCosting(tenant.tenant_id)
    assert not costing.is_costed(first)  # both wait
    costing.cost_entry(first)  # costs both
    third = receive("2026-07-03")  # recorded after the costing
    assert costing.is_costed(first) and costing.is_costed(second) and not costing.is_costed(third)
    assert DocumentStore(tenant.tenant_id).require("STOCKENTRY", first["id"], "e")["valuation_state"] == "valued"
