"""Stock planning through its handlers: reorder rules name their item and location and say where a transfer
comes from (only a transfer, on create and on PATCH); a stock request fulfilled by entries gets a new version
each time; a count sheet names its location, keeps how its items were chosen, and once submitted shows its
count's date, its next version and a history entry, while its count entry stores no English memo and is found
by the sheet's id."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest

from tests.integration.test_posting import create, get
from tests.integration.test_stock_entries import cancel, cost_and_post, entry, location, stock_item
from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader

RULES = "reorder-rules"
SHEETS = "count-sheets"


@pytest.fixture(scope="module")
def company(hub: StreamReader) -> Identity:
    return seed_tenant("tnt_STOCKPLAN")


def patch_rule(who: Identity, rule_id: str, body: dict[str, Any]) -> tuple[int, Any]:
    event = api_event(
        "PATCH", f"/v1/{RULES}/{rule_id}", who, resource=f"/v1/{RULES}/{{id}}", path_params={"id": rule_id}, body=body
    )
    return invoke(load_handler("reorder_rules/update.py"), event)


def listed(who: Identity, applet: str, query: dict[str, str]) -> list[dict[str, Any]]:
    event = api_event("GET", f"/v1/{applet}", who, query=query)
    status, page = invoke(load_handler(f"{applet.replace('-', '_')}/list.py"), event)
    assert status == 200, page
    return list(page["items"])


def history(who: Identity, applet: str, doc_id: str) -> list[dict[str, Any]]:
    event = api_event(
        "GET",
        f"/v1/{applet}/{doc_id}/history",
        who,
        resource=f"/v1/{applet}/{{id}}/history",
        path_params={"id": doc_id},
    )
    status, page = invoke(load_handler(f"{applet.replace('-', '_')}/get.py"), event)
    assert status == 200, page
    return list(page["items"])


def head_office(who: Identity) -> str:
    """The company's own org unit (not a location)."""
    from ledgerlet.hub.documents import DocumentStore

    hq = DocumentStore(who.tenant_id).find_by_code("ORGUNIT", "HQ")
    assert hq
    return str(hq["id"])


def refusal(answer: tuple[int, Any]) -> tuple[int, str, str]:
    status, problem = answer
    assert status == 422, problem
    return status, problem["errors"][0]["field"], problem["errors"][0]["code"]


def test_a_reorder_rule_names_its_item_and_a_transfer_names_where_it_comes_from(company: Identity) -> None:
    """A rule for Kopi O at SHOP (bought): its page and the list name the item (code and name) and SHOP.
    A transfer without a source location, a purchase with one, a source equal to the rule's location and a
    source that is no location are refused on `from_location_id`, on create and on PATCH."""
    shop, warehouse = location(company, "SHOP"), location(company, "WH")
    coffee = stock_item(company, "Kopi O 1kg")
    rule = {"item_id": coffee["id"], "location_id": shop, "reorder_level": "5", "reorder_qty": "20"}
    status, made = create(company, RULES, rule)
    assert status == 201, made
    shown = get(company, RULES, made["id"])
    names = ("item_code", "item_name", "location_code", "name", "source", "from_location_id", "version")
    assert tuple(shown[name] for name in names) == (
        coffee["code"],
        "Kopi O 1kg",
        "SHOP",
        f"{coffee['code']} at SHOP",
        "purchase",
        None,
        1,
    )
    [in_list] = listed(company, RULES, {"item_id": coffee["id"]})
    assert tuple(in_list[name] for name in names) == tuple(shown[name] for name in names)

    # Refused on create, each on the field to change, and nothing written
    other = stock_item(company, "Teh O 1kg")
    fresh = {**rule, "item_id": other["id"]}
    hq = head_office(company)
    field = "body.from_location_id"
    assert refusal(create(company, RULES, {**fresh, "source": "transfer"})) == (422, field, "stock.rule_source")
    assert refusal(create(company, RULES, {**fresh, "from_location_id": warehouse})) == (
        422,
        field,
        "stock.rule_source",
    )
    same = {**fresh, "source": "transfer", "from_location_id": shop}
    assert refusal(create(company, RULES, same)) == (422, field, "stock.same_location")
    not_a_location = {**fresh, "source": "transfer", "from_location_id": hq}
    assert refusal(create(company, RULES, not_a_location)) == (422, field, "stock.not_location")
    assert listed(company, RULES, {"item_id": other["id"]}) == []

    # On PATCH: the rule as changed must hold together (version 1 -> 2 -> 3 for the two that pass)
    assert refusal(patch_rule(company, made["id"], {"version": 1, "source": "transfer"})) == (
        422,
        field,
        "stock.rule_source",
    )
    status, moved = patch_rule(company, made["id"], {"version": 1, "source": "transfer", "from_location_id": warehouse})
    assert (status, moved["source"], moved["from_location_id"], moved["version"]) == (200, "transfer", warehouse, 2)
    assert moved["item_code"] == coffee["code"]
    assert refusal(patch_rule(company, made["id"], {"version": 2, "source": "purchase"})) == (
        422,
        field,
        "stock.rule_source",
    )
    assert refusal(patch_rule(company, made["id"], {"version": 2, "from_location_id": hq})) == (
        422,
        field,
        "stock.not_location",
    )
    status, bought = patch_rule(company, made["id"], {"version": 2, "source": "purchase", "from_location_id": None})
    assert (status, bought["source"], bought["from_location_id"], bought["version"]) == (200, "purchase", None, 3)


def test_a_request_fulfilled_by_entries_gets_a_new_version_each_time(company: Identity) -> None:
    """STORE asks for 5 from DEPOT (version 1). A transfer of 3 fulfils 3 (version 2, still open), one of 2
    fulfils the rest (version 3, fulfilled); cancelling the first gives 3 back (version 4, open, 2 fulfilled).
    Each time the request was changed by the stock entries, later than it was made."""
    depot, store = location(company, "DEPOT"), location(company, "STORE")
    milk = stock_item(company, "Susu Pekat 500g")
    line = {"item_id": milk["id"]}
    received = [{**line, "qty": "20", "rate": "4"}]
    assert (
        entry(company, {"purpose": "receipt", "date": "2026-07-01", "location_id": depot, "lines": received})[0] == 201
    )
    status, asked = create(
        company, "stock-requests", {"purpose": "transfer", "location_id": store, "lines": [{**line, "qty": "5"}]}
    )
    assert (status, asked["version"], asked["updated_by"]) == (201, 1, company.user_id), asked

    def move(qty: str) -> dict[str, Any]:
        body = {
            "purpose": "transfer",
            "date": "2026-07-02",
            "location_id": depot,
            "to_location_id": store,
            "request_id": asked["id"],
            "lines": [{**line, "qty": qty}],
        }
        status, moved = entry(company, body)
        assert status == 201, moved
        return moved

    first = move("3")
    seen = get(company, "stock-requests", asked["id"])
    assert (seen["version"], seen["state"], seen["fulfilled"], seen["updated_by"]) == (
        2,
        "open",
        {"0": "3"},
        "stock-entries",
    )
    assert seen["updated_at"] > asked["updated_at"] and seen["created_at"] == asked["created_at"]
    move("2")
    seen = get(company, "stock-requests", asked["id"])
    assert (seen["version"], seen["state"], seen["fulfilled"]) == (3, "fulfilled", {"0": "5"})
    assert cancel(company, first["id"])[0] == 200
    seen = get(company, "stock-requests", asked["id"])
    assert (seen["version"], seen["state"], seen["fulfilled"]) == (4, "open", {"0": "2"})
    # What the request still asks shows as incoming at STORE: 5 asked - 2 fulfilled = 3. STORE has the 2
    # moved in on hand; DEPOT 20 - 2 = 18 on hand and nothing incoming
    event = api_event("GET", "/v1/stock/availability", company, query={"item_id": milk["id"]})
    status, answer = invoke(load_handler("stock_reports/availability.py"), event)
    assert status == 200, answer
    seen_by_code = {row["location_code"]: (row["on_hand"], row["incoming"]) for row in answer["locations"]}
    assert seen_by_code == {"DEPOT": ("18", "0"), "STORE": ("2", "3")}
    assert answer["incoming"] == "3"


def submit(who: Identity, sheet_id: str, body: dict[str, Any], key: str | None = None) -> tuple[int, Any]:
    event = api_event(
        "POST",
        f"/v1/{SHEETS}/{sheet_id}/submit",
        who,
        resource=f"/v1/{SHEETS}/{{id}}/submit",
        path_params={"id": sheet_id},
        body=body,
        headers={"Idempotency-Key": key} if key else None,
    )
    return invoke(load_handler("count_sheets/submit.py"), event)


def test_a_count_sheet_names_its_location_and_keeps_how_its_items_were_chosen(
    hub: StreamReader, company: Identity
) -> None:
    """At AISLE (Warehouse AISLE): beras 10 @ 3.00 and minyak 4 @ 9.00. A sheet naming minyak, beras,
    minyak keeps that list as given (its lines: minyak, beras, once each) and no limit; a sheet of the 1
    counted longest ago keeps its limit and no list. Both are named after AISLE's code and name."""
    hub.read()
    aisle = location(company, "AISLE")
    rice, oil = stock_item(company, "Beras Siam 5kg"), stock_item(company, "Minyak Sawit 2kg")
    for item, qty, rate in ((rice, "10", "3"), (oil, "4", "9")):
        lines = [{"item_id": item["id"], "qty": qty, "rate": rate}]
        assert (
            entry(company, {"purpose": "receipt", "date": "2026-07-01", "location_id": aisle, "lines": lines})[0] == 201
        )
    cost_and_post(hub)

    status, named = create(company, SHEETS, {"location_id": aisle, "item_ids": [oil["id"], rice["id"], oil["id"]]})
    assert status == 201, named
    shown = get(company, SHEETS, named["id"])
    assert (shown["name"], shown["location_code"], shown["location_name"]) == (
        "Count at AISLE (Warehouse AISLE)",
        "AISLE",
        "Warehouse AISLE",
    )
    assert (shown["item_ids"], shown["limit"], shown["counted_on"], shown["state"]) == (
        [oil["id"], rice["id"], oil["id"]],
        None,
        None,
        "open",
    )
    assert [(line["item_id"], line["expected_qty"]) for line in shown["lines"]] == [
        (oil["id"], "4"),
        (rice["id"], "10"),
    ]

    status, longest = create(company, SHEETS, {"location_id": aisle, "limit": 1})
    assert status == 201, longest
    shown = get(company, SHEETS, longest["id"])
    assert (shown["item_ids"], shown["limit"], len(shown["lines"])) == (None, 1, 1)
    [in_list] = listed(company, SHEETS, {"location_id": aisle, "q": "AISLE", "sort": "name"})[:1]
    assert in_list["name"] == "Count at AISLE (Warehouse AISLE)"


def test_a_submitted_count_sheet_gets_its_date_its_next_version_and_a_history_entry(
    hub: StreamReader, company: Identity
) -> None:
    """At BAY: gula 10 @ 3.00 and garam 4 @ 9.00; a sheet of both. Counted on 5 Jul: gula 8, garam 4. The
    sheet: counted on 2026-07-05, version 2 by the user, a history entry `submit` (version 2, open -> counted),
    and the count entry it names: no memo, the sheet's id as its reference (so the entries list finds it by
    that id), gula 8 @ 3.00 and garam 4 @ 9.00. A second submit is refused as counted."""
    hub.read()
    bay = location(company, "BAY")
    sugar, salt = stock_item(company, "Gula Pasir 1kg"), stock_item(company, "Garam Halus 500g")
    for item, qty, rate in ((sugar, "10", "3"), (salt, "4", "9")):
        lines = [{"item_id": item["id"], "qty": qty, "rate": rate}]
        assert (
            entry(company, {"purpose": "receipt", "date": "2026-07-01", "location_id": bay, "lines": lines})[0] == 201
        )
    cost_and_post(hub)
    status, sheet = create(company, SHEETS, {"location_id": bay, "item_ids": [sugar["id"], salt["id"]]})
    assert status == 201, sheet

    counts = [{"item_id": sugar["id"], "counted_qty": "8"}, {"item_id": salt["id"], "counted_qty": "4"}]
    status, counted = submit(company, sheet["id"], {"date": "2026-07-05", "lines": counts})
    assert status == 200, counted
    assert (counted["state"], counted["counted_on"], counted["version"], counted["updated_by"]) == (
        "counted",
        "2026-07-05",
        2,
        company.user_id,
    )
    assert counted["updated_at"] > sheet["updated_at"] and counted["entry_id"]
    assert [line["counted_qty"] for line in counted["lines"]] == ["8", "4"]
    assert get(company, SHEETS, sheet["id"]) == counted

    [last, first] = history(company, SHEETS, sheet["id"])
    assert (first["action"], first["version"], last["action"], last["version"], last["actor"]) == (
        "create",
        1,
        "submit",
        2,
        company.user_id,
    )
    assert (last["before"]["state"], last["after"]["state"], last["after"]["counted_on"]) == (
        "open",
        "counted",
        "2026-07-05",
    )

    count = get(company, "stock-entries", counted["entry_id"])
    assert (count["purpose"], count["reference"], count.get("memo"), count["date"]) == (
        "count",
        sheet["id"],
        None,
        "2026-07-05",
    )
    assert [(line["item_id"], Decimal(line["qty"]), Decimal(line["rate"])) for line in count["lines"]] == [
        (sugar["id"], Decimal(8), Decimal(3)),
        (salt["id"], Decimal(4), Decimal(9)),
    ]
    assert [found["id"] for found in listed(company, "stock-entries", {"q": sheet["id"]})] == [count["id"]]

    status, problem = submit(company, sheet["id"], {"date": "2026-07-06", "lines": counts})
    assert (status, problem["errors"][0]["code"]) == (409, "count.closed")


def test_a_count_sheet_submitted_four_times_at_once_is_counted_once(hub: StreamReader, company: Identity) -> None:
    """At RACK: kicap 6 @ 2.00; a sheet of it, submitted by four requests at once (5 counted): one is counted
    (200), three are refused as counted (409 `count.closed`); one count entry, version 2, two history entries,
    and 5 on hand."""
    from tests.integration.test_stock_entries import on_hand

    hub.read()
    rack = location(company, "RACK")
    soy = stock_item(company, "Kicap Manis 340ml")
    lines = [{"item_id": soy["id"], "qty": "6", "rate": "2"}]
    assert entry(company, {"purpose": "receipt", "date": "2026-07-01", "location_id": rack, "lines": lines})[0] == 201
    cost_and_post(hub)
    status, sheet = create(company, SHEETS, {"location_id": rack, "item_ids": [soy["id"]]})
    assert status == 201, sheet

    outcomes: list[tuple[int, Any]] = []
    body = {"date": "2026-07-05", "lines": [{"item_id": soy["id"], "counted_qty": "5"}]}

    def count(n: int) -> None:
        outcomes.append(submit(company, sheet["id"], body, key=f"count-{sheet['id']}-{n}"))

    threads = [threading.Thread(target=count, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _ in outcomes) == [200, 409, 409, 409], outcomes
    assert {answer["errors"][0]["code"] for status, answer in outcomes if status == 409} == {"count.closed"}
    closed = get(company, SHEETS, sheet["id"])
    assert (closed["state"], closed["version"], len(history(company, SHEETS, sheet["id"]))) == ("counted", 2, 2)
    assert [found["id"] for found in listed(company, "stock-entries", {"q": sheet["id"]})] == [closed["entry_id"]]
    assert on_hand(company, soy["id"], rack) == Decimal(5)
