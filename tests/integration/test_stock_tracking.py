"""Batches and serial numbers (issue 12): stock of a tracked item moves by batch or by serial number, in the
entry's own transaction. An issue that names no batch takes the first expiring (FEFO), skipping the
expired; tracked stock never goes below zero; each rule's bad input is a 4xx naming the field; and
concurrent issues from two companies never take the same units."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal
from typing import Any

import pytest

from tests.integration.test_posting import create, get
from tests.integration.test_stock_entries import entry, location, on_hand
from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader


@pytest.fixture(scope="module")
def tenant(hub: StreamReader) -> Identity:
    return seed_tenant("tnt_STOCKLOTS")


def tracked_item(who: Identity, name: str, tracking: str, **extra: Any) -> dict[str, Any]:
    status, item = create(who, "items", {"name": name, "kind": "stock", "tracking": tracking, **extra})
    assert status == 201, item
    return item


def batches(who: Identity, item_id: str, location_id: str) -> dict[str, tuple[Decimal, str | None]]:
    """Each batch's quantity and expiry at the location (empty ones left out)."""
    from ledgerlet.inventory.tracking import Tracker

    held = Tracker(who.tenant_id).balances(item_id, location_id)
    return {b.batch_no: (b.qty, b.expires_on) for b in held if b.qty}


def serials_in(who: Identity, item_id: str, location_id: str) -> set[str]:
    from ledgerlet.inventory.tracking import Tracker

    return set(Tracker(who.tenant_id).serials_at(item_id, location_id))


def lots(document: dict[str, Any], line: int = 0) -> list[tuple[str, Decimal]]:
    return [(lot["batch_no"], Decimal(lot["qty"])) for lot in document["lines"][line]["batches"]]


def receive(who: Identity, item: dict[str, Any], where: str, day: str, *lines: dict[str, Any]) -> dict[str, Any]:
    body = {
        "purpose": "receipt",
        "date": day,
        "location_id": where,
        "lines": [{"item_id": item["id"], **line} for line in lines],
    }
    status, received = entry(who, body)
    assert status == 201, received
    return received


def issue(who: Identity, item: dict[str, Any], where: str, day: str, **line: Any) -> tuple[int, dict[str, Any]]:
    body = {"purpose": "issue", "date": day, "location_id": where, "lines": [{"item_id": item["id"], **line}]}
    return entry(who, body)


def cancel(who: Identity, entry_id: str) -> tuple[int, dict[str, Any]]:
    event = api_event(
        "POST",
        f"/v1/stock-entries/{entry_id}/cancel",
        who,
        body={"reason": "entered by mistake"},
        resource="/v1/stock-entries/{id}/cancel",
        path_params={"id": entry_id},
    )
    return invoke(load_handler("stock_entries/cancel.py"), event)


def problem(answer: dict[str, Any]) -> tuple[str, str]:
    error = answer["errors"][0]
    return error["field"], error["code"]


def test_an_issue_takes_the_first_expiring_batch_and_skips_the_expired(tenant: Identity) -> None:
    kl = location(tenant, "LOT-KL")
    milk = tracked_item(tenant, "Susu Pekat 500g", "batch")
    receive(
        tenant,
        milk,
        kl,
        "2026-07-01",
        {"qty": "10", "rate": "3.00", "batch_no": "A", "expires_on": "2026-12-31"},
        {"qty": "5", "rate": "3.00", "batch_no": "B", "expires_on": "2026-09-30"},
        {"qty": "4", "rate": "3.00", "batch_no": "C"},  # no expiry: taken last
    )
    # 8 on 10 July: B expires first (30 Sep), all 5 of it; then A (31 Dec) for the other 3
    status, issued = issue(tenant, milk, kl, "2026-07-10", qty="8")
    assert status == 201, issued
    assert lots(issued) == [("B", Decimal(5)), ("A", Decimal(3))]
    assert batches(tenant, milk["id"], kl) == {"A": (Decimal(7), "2026-12-31"), "C": (Decimal(4), None)}
    # On 5 Jan 2027 A has expired: only C's 4 can be issued, so 5 is 1 short, and nothing is written
    status, refused = issue(tenant, milk, kl, "2027-01-05", qty="5")
    assert status == 409 and problem(refused) == ("body.lines.0.qty", "stock.batch_short")
    assert refused["errors"][0]["params"]["short"] == "1"
    # Naming the expired batch is refused; writing it off as expired takes it (the expired first)
    status, refused = issue(tenant, milk, kl, "2027-01-05", qty="1", batch_no="A")
    assert status == 422 and problem(refused) == ("body.lines.0.batch_no", "stock.batch_expired")
    status, written_off = entry(
        tenant,
        {
            "purpose": "adjustment",
            "reason": "expiry",
            "date": "2027-01-05",
            "location_id": kl,
            "lines": [{"item_id": milk["id"], "qty": "7"}],
        },
    )
    assert status == 201, written_off
    assert lots(written_off) == [("A", Decimal(7))]
    # 19 received - 8 issued - 7 written off = 4, all of C
    assert batches(tenant, milk["id"], kl) == {"C": (Decimal(4), None)}
    assert on_hand(tenant, milk["id"], kl) == Decimal(4)


def test_a_batch_keeps_its_expiry_and_takes_the_shelf_life_by_default(tenant: Identity) -> None:
    kl = location(tenant, "LOT-SHELF")
    bread = tracked_item(tenant, "Roti Gardenia", "batch", shelf_life_days=30)
    received = receive(tenant, bread, kl, "2026-07-01", {"qty": "6", "rate": "4.00", "batch_no": "R1"})
    # 1 July + 30 days = 31 July
    (lot,) = received["lines"][0]["batches"]
    assert (lot["batch_no"], lot["qty"], lot["expires_on"]) == ("R1", "6", "2026-07-31")
    body = {
        "purpose": "receipt",
        "date": "2026-07-02",
        "location_id": kl,
        "lines": [{"item_id": bread["id"], "qty": "1", "rate": "4.00", "batch_no": "R1", "expires_on": "2026-08-15"}],
    }
    status, refused = entry(tenant, body)
    assert status == 422 and problem(refused) == ("body.lines.0.expires_on", "stock.batch_expiry")
    # The same batch again without a date: it keeps 31 July
    received = receive(tenant, bread, kl, "2026-07-02", {"qty": "2", "rate": "4.00", "batch_no": "R1"})
    assert received["lines"][0]["batches"][0]["expires_on"] == "2026-07-31"
    assert batches(tenant, bread["id"], kl) == {"R1": (Decimal(8), "2026-07-31")}


@pytest.mark.parametrize(
    ("tracking", "line", "field", "code"),
    [
        ("batch", {"qty": "1", "rate": "1.00"}, "body.lines.0.batch_no", "stock.batch_required"),
        ("batch", {"qty": "1", "rate": "1.00", "serials": ["S1"]}, "body.lines.0.serials", "stock.tracking"),
        (
            "batch",
            {"qty": "3", "rate": "1.00", "batches": [{"batch_no": "X", "qty": "1"}]},
            "body.lines.0.batches",
            "stock.batch_qty",
        ),
        (None, {"qty": "1", "rate": "1.00", "batch_no": "X"}, "body.lines.0.batch_no", "stock.tracking"),
        ("serial", {"qty": "2", "rate": "1.00", "serials": ["S1"]}, "body.lines.0.serials", "stock.serial_count"),
        ("serial", {"qty": "2", "rate": "1.00", "serials": ["S1", "S1"]}, "body.lines.0.serials", "stock.serial_twice"),
        ("serial", {"qty": "1", "rate": "1.00", "serials": ["S 1"]}, "body.lines.0.serials.0", "format.code"),
        (
            "batch",
            {"qty": "1", "rate": "1.00", "batch_no": "X", "batches": [{"batch_no": "X", "qty": "1"}]},
            "body.lines.0",
            "stock.batch_both",
        ),
    ],
)
def test_tracking_rules_are_refused_naming_the_field(
    tenant: Identity, tracking: str | None, line: dict[str, Any], field: str, code: str
) -> None:
    kl = location(tenant, f"LOT-BAD-{uuid.uuid4().hex[:8]}")
    extra = {"tracking": tracking} if tracking else {}
    status, item = create(tenant, "items", {"name": "Barang", "kind": "stock", **extra})
    assert status == 201, item
    status, refused = entry(
        tenant,
        {"purpose": "receipt", "date": "2026-07-01", "location_id": kl, "lines": [{"item_id": item["id"], **line}]},
    )
    assert status == 422, refused
    assert problem(refused) == (field, code)
    assert on_hand(tenant, item["id"], kl) == 0


def test_tracking_is_for_stock_items_and_set_once(tenant: Identity) -> None:
    status, refused = create(tenant, "items", {"name": "Pasang", "kind": "service", "tracking": "serial"})
    assert status == 422, refused
    item = tracked_item(tenant, "Telefon", "serial")
    event = api_event(
        "PATCH",
        f"/v1/items/{item['id']}",
        tenant,
        body={"tracking": "batch", "version": item["version"]},
        resource="/v1/items/{id}",
        path_params={"id": item["id"]},
    )
    status, refused = invoke(load_handler("items/update.py"), event)
    assert status == 422 and refused["errors"][0]["field"] == "body.tracking", refused


def test_a_transfer_moves_the_batches_and_its_cancellation_moves_them_back(tenant: Identity) -> None:
    kl, pg = location(tenant, "LOT-TKL"), location(tenant, "LOT-TPG")
    oil = tracked_item(tenant, "Minyak Masak 5kg", "batch")
    receive(
        tenant,
        oil,
        kl,
        "2026-07-01",
        {"qty": "3", "rate": "20.00", "batch_no": "M1", "expires_on": "2027-03-01"},
        {"qty": "3", "rate": "20.00", "batch_no": "M2", "expires_on": "2027-01-01"},
    )
    body = {
        "purpose": "transfer",
        "date": "2026-07-02",
        "location_id": kl,
        "to_location_id": pg,
        "lines": [{"item_id": oil["id"], "qty": "4"}],
    }
    status, moved = entry(tenant, body)
    assert status == 201, moved
    # FEFO: M2 (1 Jan) whole, then 1 of M1; each arrives with its expiry
    assert lots(moved) == [("M2", Decimal(3)), ("M1", Decimal(1))]
    assert batches(tenant, oil["id"], kl) == {"M1": (Decimal(2), "2027-03-01")}
    assert batches(tenant, oil["id"], pg) == {"M2": (Decimal(3), "2027-01-01"), "M1": (Decimal(1), "2027-03-01")}
    # The transfer's batches cannot be issued at PG before they arrived there (1 July < 2 July)
    status, refused = issue(tenant, oil, pg, "2026-07-01", qty="1", batch_no="M2")
    assert status == 409, refused
    status, _ = cancel(tenant, moved["id"])
    assert status == 200
    assert batches(tenant, oil["id"], kl) == {"M1": (Decimal(3), "2027-03-01"), "M2": (Decimal(3), "2027-01-01")}
    assert batches(tenant, oil["id"], pg) == {}


def test_a_receipt_whose_batch_was_issued_cannot_be_cancelled(tenant: Identity) -> None:
    kl = location(tenant, "LOT-CKL")
    flour = tracked_item(tenant, "Tepung 1kg", "batch")
    first = receive(tenant, flour, kl, "2026-07-01", {"qty": "10", "rate": "2.00", "batch_no": "F1"})
    receive(tenant, flour, kl, "2026-07-01", {"qty": "10", "rate": "2.00", "batch_no": "F2"})
    status, issued = issue(tenant, flour, kl, "2026-07-03", qty="8", batch_no="F1")
    assert status == 201, issued
    # The item has 20 - 8 = 12, enough to lose 10; but F1 has 2 left of the 10 its receipt brought
    status, refused = cancel(tenant, first["id"])
    assert status == 409 and problem(refused) == ("id", "stock.lots_moved"), refused
    assert batches(tenant, flour["id"], kl) == {"F1": (Decimal(2), None), "F2": (Decimal(10), None)}
    assert get(tenant, "stock-entries", first["id"]).get("cancelled") is None
    # A customer's return of 3 of the issue comes back into F1
    body = {
        "purpose": "customer_return",
        "returns_entry_id": issued["id"],
        "date": "2026-07-04",
        "location_id": kl,
        "lines": [{"item_id": flour["id"], "qty": "3"}],
    }
    status, returned = entry(tenant, body)
    assert status == 201, returned
    assert lots(returned) == [("F1", Decimal(3))]
    assert batches(tenant, flour["id"], kl)["F1"] == (Decimal(5), None)  # 2 + 3


def test_serial_numbers_move_one_by_one(tenant: Identity) -> None:
    kl = location(tenant, "LOT-SKL")
    phone = tracked_item(tenant, "Telefon Pintar X1", "serial")
    receive(tenant, phone, kl, "2026-07-01", {"qty": "3", "rate": "900.00", "serials": ["SN1", "SN2", "SN3"]})
    status, refused = entry(
        tenant,
        {
            "purpose": "receipt",
            "date": "2026-07-02",
            "location_id": kl,
            "lines": [{"item_id": phone["id"], "qty": "1", "rate": "900.00", "serials": ["SN1"]}],
        },
    )
    assert status == 409 and problem(refused) == ("body.lines.0.serials", "stock.serial_state")
    status, sold = issue(tenant, phone, kl, "2026-07-03", qty="1", serials=["SN2"])
    assert status == 201, sold
    status, refused = issue(tenant, phone, kl, "2026-07-03", qty="1", serials=["SN2"])
    assert status == 409 and problem(refused) == ("body.lines.0.serials", "stock.serial_state")
    assert serials_in(tenant, phone["id"], kl) == {"SN1", "SN3"}
    body = {
        "purpose": "customer_return",
        "returns_entry_id": sold["id"],
        "date": "2026-07-04",
        "location_id": kl,
        "lines": [{"item_id": phone["id"], "qty": "1", "serials": ["SN3"]}],
    }
    status, refused = entry(tenant, body)  # SN3 was not sold on that issue
    assert status == 409 and problem(refused) == ("body.lines.0.serials", "stock.serial_state")
    status, returned = entry(tenant, {**body, "lines": [{"item_id": phone["id"], "qty": "1", "serials": ["SN2"]}]})
    assert status == 201, returned
    assert serials_in(tenant, phone["id"], kl) == {"SN1", "SN2", "SN3"}
    # A count finds SN1 and SN4 (never received): SN4 comes in, SN2 and SN3 go missing; 2 on hand
    status, counted = entry(
        tenant,
        {
            "purpose": "count",
            "date": "2026-07-05",
            "location_id": kl,
            "lines": [{"item_id": phone["id"], "qty": "2", "rate": "900.00", "serials": ["SN1", "SN4"]}],
        },
    )
    assert status == 201, counted
    assert (counted["lines"][0]["found"], counted["lines"][0]["missing"]) == (["SN4"], ["SN2", "SN3"])
    assert serials_in(tenant, phone["id"], kl) == {"SN1", "SN4"}
    assert on_hand(tenant, phone["id"], kl) == Decimal(2)
    status, _ = cancel(tenant, counted["id"])
    assert status == 200
    assert serials_in(tenant, phone["id"], kl) == {"SN1", "SN2", "SN3"}


def test_a_count_sets_each_batch(tenant: Identity) -> None:
    kl = location(tenant, "LOT-COUNT")
    soap = tracked_item(tenant, "Sabun Mandi", "batch")
    receive(
        tenant,
        soap,
        kl,
        "2026-07-01",
        {"qty": "7", "rate": "1.50", "batch_no": "S-A"},
        {"qty": "4", "rate": "1.50", "batch_no": "S-C"},
    )
    body = {
        "purpose": "count",
        "date": "2026-07-06",
        "location_id": kl,
        "lines": [
            {
                "item_id": soap["id"],
                "qty": "5",
                "rate": "1.50",
                "batches": [
                    {"batch_no": "S-A", "qty": "3"},
                    {"batch_no": "S-D", "qty": "2", "expires_on": "2027-03-01"},
                ],
            }
        ],
    }
    status, counted = entry(tenant, body)
    assert status == 201, counted
    # S-A 7 -> 3 (-4), S-C 4 -> 0 (not found: -4), S-D new 2 (+2); on hand 3 + 2 = 5
    changes = {lot["batch_no"]: (lot["qty"], lot["change"]) for lot in counted["lines"][0]["batches"]}
    assert changes == {"S-A": ("3", "-4"), "S-C": ("0", "-4"), "S-D": ("2", "2")}
    assert batches(tenant, soap["id"], kl) == {"S-A": (Decimal(3), None), "S-D": (Decimal(2), "2027-03-01")}
    assert on_hand(tenant, soap["id"], kl) == Decimal(5)


def test_concurrent_issues_from_two_companies_never_take_the_same_units(hub: StreamReader) -> None:
    """Per company: 10 units in batches of 4 (expiring first) and 6; 20 requests of 1 each at once. By hand:
    exactly 10 succeed, the batches end at 0 and 0, each success took one unit of one batch, and the 4 units
    of the first batch went to 4 requests; the other 10 are refused naming the item."""
    companies = [seed_tenant(f"tnt_LOTRACE{n}") for n in (1, 2)]
    stock = {}
    for who in companies:
        where = location(who, "RACE")
        item = tracked_item(who, "Vaksin", "batch")
        receive(
            who,
            item,
            where,
            "2026-07-01",
            {"qty": "4", "rate": "10.00", "batch_no": "V1", "expires_on": "2027-01-01"},
            {"qty": "6", "rate": "10.00", "batch_no": "V2", "expires_on": "2027-06-01"},
        )
        stock[who.tenant_id] = (item, where)
    answers: list[tuple[Identity, int, dict[str, Any]]] = []
    lock = threading.Lock()

    def take(who: Identity) -> None:
        item, where = stock[who.tenant_id]
        status, answer = issue(who, item, where, "2026-07-02", qty="1")
        with lock:
            answers.append((who, status, answer))

    threads = [threading.Thread(target=take, args=(who,)) for who in companies for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for who in companies:
        item, where = stock[who.tenant_id]
        mine = [(status, answer) for w, status, answer in answers if w is who]
        taken = [lots(answer) for status, answer in mine if status == 201]
        assert len(taken) == 10, [status for status, _ in mine]
        assert sorted(t[0][0] for t in taken) == ["V1"] * 4 + ["V2"] * 6
        for status, answer in mine:
            if status != 201:
                assert status in (409, 422) and item["code"] in str(answer), answer
        assert batches(who, item["id"], where) == {}
        assert on_hand(who, item["id"], where) == 0


def report(who: Identity, name: str, **query: str) -> dict[str, Any]:
    path = f"/v1/stock/{name.replace('_', '-')}"
    event = api_event("GET", path, who, query=query)
    status, answer = invoke(load_handler(f"stock_reports/{name}.py"), event)
    assert status == 200, answer
    return answer


def test_reports_show_batches_by_expiry_serial_numbers_and_a_pick_list(tenant: Identity) -> None:
    kl, pg = location(tenant, "LOT-RKL"), location(tenant, "LOT-RPG")
    jam = tracked_item(tenant, "Jem Strawberi", "batch")
    receive(
        tenant,
        jam,
        kl,
        "2026-07-01",
        {"qty": "5", "rate": "6.00", "batch_no": "J2", "expires_on": "2026-10-15"},
        {"qty": "2", "rate": "6.00", "batch_no": "J1", "expires_on": "2026-08-01"},
        {"qty": "9", "rate": "6.00", "batch_no": "J3"},
    )
    receive(tenant, jam, pg, "2026-07-01", {"qty": "1", "rate": "6.00", "batch_no": "J1"})
    # As at 1 Sep: J1 expired a month before (1 Aug - 1 Sep = -31 days), J2 has 15 Sep... 44 days (30 + 14)
    answer = report(tenant, "batches", item_id=jam["id"], as_of="2026-09-01")
    lines = [
        (line["batch_no"], line["location_code"], line["qty"], line["days_left"], line["expired"])
        for line in answer["lines"]
    ]
    assert lines == [
        ("J1", "LOT-RKL", "2", -31, True),
        ("J1", "LOT-RPG", "1", -31, True),
        ("J2", "LOT-RKL", "5", 44, False),
        ("J3", "LOT-RKL", "9", None, False),
    ]
    by_october = report(
        tenant, "batches", item_id=jam["id"], location_id=kl, expires_by="2026-10-31", as_of="2026-09-01"
    )
    assert [line["batch_no"] for line in by_october["lines"]] == ["J1", "J2"]
    # An issue of 8 on 1 Sep skips J1 (expired), takes J2's 5 and 3 of J3
    picked = report(tenant, "pick_list", item_id=jam["id"], location_id=kl, qty="8", date="2026-09-01")
    assert [(line["batch_no"], line["qty"]) for line in picked["lines"]] == [("J2", "5"), ("J3", "3")]
    assert picked["short"] == "0"
    assert report(tenant, "pick_list", item_id=jam["id"], location_id=kl, qty="20", date="2026-09-01")["short"] == "6"
    # 20 - (5 + 9) = 6
    phone = tracked_item(tenant, "Tablet T2", "serial")
    receive(tenant, phone, kl, "2026-07-01", {"qty": "2", "rate": "500.00", "serials": ["T-1", "T-2"]})
    status, sold = issue(tenant, phone, kl, "2026-07-02", qty="1", serials=["T-1"])
    assert status == 201, sold
    answer = report(tenant, "serials", item_id=phone["id"])
    assert [(s["serial_no"], s["state"], s["location_code"], s["out_entry"]) for s in answer["lines"]] == [
        ("T-1", "out", None, sold["id"]),
        ("T-2", "in_stock", "LOT-RKL", None),
    ]
    assert [s["serial_no"] for s in report(tenant, "serials", item_id=phone["id"], location_id=kl)["lines"]] == ["T-2"]
