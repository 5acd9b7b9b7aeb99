"""The point of sale on moto, through its handlers: registers and their number blocks, shifts, sales made offline
and synced out of order from two registers (each recorded once however often it is synced, a number outside the
blocks refused), conflicts (a stale price, stock short) recorded and resolved, cash rounding and change, a return
against a receipt, the shift closed with its over or short, the Z report, the ledger, the consolidated
e-invoice, a sync killed partway and run again, and two companies at once.

Every expected figure is worked out by hand in the comments from the rules: prices include SST, so the tax in
an amount is ``amount x rate / (100 + rate)`` rounded to the sen per line; the cash part of a bill rounds to 5
sen (1, 2, 6, 7 down; 3, 4, 8, 9 up)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.integration.test_cash_reversal import COMPANY, with_profile
from tests.integration.test_posting import (
    Killed,
    account,
    balances,
    cash_book,
    count_writes,
    create,
    movements,
    poster,
    tax_code,
)
from tests.integration.test_stock_entries import entry, location, on_hand
from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader, deliver, pending_documents

# The day at the shop is one story: its tests read the sales and shifts the ones before them made (make test runs
# a file on one worker, in order).
D = Decimal
DAY = "2026-12-05"
HANDLERS: dict[str, Any] = {}


def handler(name: str) -> Any:
    if name not in HANDLERS:
        HANDLERS[name] = load_handler(f"pos/{name}.py")
    return HANDLERS[name]


def call(
    who: Identity, name: str, method: str, path: str, body: Any = None, *, doc_id: str | None = None, **query: str
) -> tuple[int, Any]:
    """A POS route through its handler; ``path`` with ``{id}`` for ``doc_id``."""
    params = {"id": doc_id} if doc_id else None
    concrete = path.replace("{id}", doc_id) if doc_id else path
    event = api_event(method, concrete, who, resource=path, body=body, path_params=params, query=query or None)
    return invoke(handler(name), event)


def new_id(prefix: str) -> str:
    from ledgerlet.ids import new_id as made

    return made(prefix)


# --- a shop -----------------------------------------------------------------------------------------------------


def _account(who: Identity, code: str, name: str, subtype: str, parent: str) -> str:
    kind = "expense" if subtype == "expense" else "asset"
    status, made = create(
        who,
        "accounts",
        {"code": code, "name": name, "type": kind, "subtype": subtype, "parent_id": account(who, parent)},
    )
    assert status == 201, made
    return str(made["id"])


def _item(who: Identity, name: str, kind: str, price: str, tax: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "kind": kind, "sales_price": price}
    if tax:
        body["sales_tax_code_id"] = tax_code(who, tax)["id"]
    if kind == "stock":
        body["costing_method"] = "weighted_average"
    status, made = create(who, "items", body)
    assert status == 201, made
    return made


def register_body(shop: dict[str, Any], code: str, drawer: str) -> dict[str, Any]:
    return {
        "code": code,
        "name": f"Till {code}",
        "location_id": shop["location"],
        "cash_book_id": drawer,
        "card_cash_book_id": shop["card"],
        "ewallet_cash_book_id": shop["ewallet"],
        "customer_id": shop["walk_in"],
        "over_short_account_id": shop["over_short"],
    }


def _shop(tenant_id: str) -> dict[str, Any]:
    """A shop: a location with 10 Milo and 2 bags of rice, two drawers, card and e-wallet clearing books, a
    walk-in customer and an over/short account; Milo 23.47 (SST 10 %), rice 18.90 (SST 5 %), roti 3.20 (no SST)."""
    who = with_profile(seed_tenant(tenant_id), COMPANY)
    shop: dict[str, Any] = {"who": who, "location": location(who, "SHOP")}
    _account(who, "1015", "Cash in Drawer R01", "cash", "1000")
    _account(who, "1016", "Cash in Drawer R02", "cash", "1000")
    _account(who, "1060", "Card Settlements Clearing", "bank", "1000")
    _account(who, "1070", "E-wallet Clearing", "bank", "1000")
    shop["over_short"] = _account(who, "6560", "Cash Over and Short", "expense", "6500")
    shop["drawer1"] = cash_book(who, "DRW1", "Drawer R01", "1015", kind="cash")["id"]
    shop["drawer2"] = cash_book(who, "DRW2", "Drawer R02", "1016", kind="cash")["id"]
    shop["card"] = cash_book(who, "CARD", "Card clearing", "1060")["id"]
    shop["ewallet"] = cash_book(who, "EWAL", "E-wallet clearing", "1070")["id"]
    status, walk_in = create(who, "customers", {"name": "Walk-in Customer"})
    assert status == 201, walk_in
    shop["walk_in"] = walk_in["id"]
    shop["milo"] = _item(who, "Milo 1kg", "stock", "23.47", "SR10")
    shop["rice"] = _item(who, "Beras 5kg", "stock", "18.90", "SR5")
    shop["roti"] = _item(who, "Roti Canai", "non_stock", "3.20", None)
    for item, qty in ((shop["milo"], "10"), (shop["rice"], "2")):
        body = {"purpose": "receipt", "date": "2026-12-01", "location_id": shop["location"]}
        status, received = entry(who, {**body, "lines": [{"item_id": item["id"], "qty": qty, "rate": "12.00"}]})
        assert status == 201, received
    return shop


@pytest.fixture(scope="module")
def shop(hub: StreamReader) -> dict[str, Any]:
    found = _shop("tnt_POSSHOP")
    hub.read()
    found["hub"] = hub
    return found


def open_register(shop: dict[str, Any], code: str, drawer: str) -> dict[str, Any]:
    status, made = call(shop["who"], "registers_create", "POST", "/v1/pos/registers", register_body(shop, code, drawer))
    assert status == 201, made
    return made


def lease(who: Identity, register_id: str) -> tuple[int, Any]:
    return call(who, "blocks_lease", "POST", "/v1/pos/registers/{id}/blocks", doc_id=register_id)


def open_shift(who: Identity, register_id: str, float_: str, shift_id: str | None = None) -> tuple[int, Any]:
    body = {
        "id": shift_id or new_id("shf"),
        "register_id": register_id,
        "opening_float": float_,
        "opened_at": f"{DAY}T08:00:00+08:00",
    }
    return call(who, "shifts_open", "POST", "/v1/pos/shifts", body)


def sale(
    register: dict[str, Any],
    shift_id: str,
    number: int,
    lines: list[tuple[dict[str, Any], str, str]],
    tenders: list[tuple[str, str]],
    *,
    at: str = "10:00:00",
    discount: str | None = None,
    return_of: str | None = None,
) -> dict[str, Any]:
    """A sale as a register queues it: lines of (item, qty, price charged), tenders of (kind, amount)."""
    body: dict[str, Any] = {
        "id": new_id("pss"),
        "register_id": register["id"],
        "shift_id": shift_id,
        "number": number,
        "sold_at": f"{DAY}T{at}+08:00",
        "lines": [
            {
                "item_id": item["id"],
                "qty": qty,
                "unit_price": price,
                **({"discount_amount": discount} if discount else {}),
            }
            for item, qty, price in lines
        ],
        "tenders": [{"kind": kind, "amount": amount} for kind, amount in tenders],
    }
    return {**body, "return_of": return_of} if return_of else body


def sync(who: Identity, sales: list[dict[str, Any]]) -> dict[str, Any]:
    status, answer = call(who, "sales_sync", "POST", "/v1/pos/sales", {"sales": sales})
    assert status == 200, answer
    return answer


def stored(who: Identity, doc_type: str, doc_id: str) -> dict[str, Any]:
    from ledgerlet.hub.documents import DocumentStore

    return DocumentStore(who.tenant_id).require(doc_type, doc_id, doc_type)


def post(shop: dict[str, Any]) -> None:
    records = pending_documents(shop["hub"].read())
    mine = [r for r in records if r["dynamodb"]["Keys"]["PK"]["S"].startswith(shop["who"].tenant_id + "#")]
    assert deliver(poster(), mine) == {"batchItemFailures": []}


# --- registers and blocks ---------------------------------------------------------------------------------------


def test_a_register_names_real_master_data_and_a_block_size_in_range(shop: dict[str, Any]) -> None:
    who = shop["who"]
    wrong = {**register_body(shop, "RX", shop["drawer1"]), "location_id": shop["walk_in"]}
    status, refused = call(who, "registers_create", "POST", "/v1/pos/registers", wrong)
    assert (status, refused["errors"][0]["field"]) == (422, "body.location_id"), refused
    small = {**register_body(shop, "RX", shop["drawer1"]), "block_size": 5}
    status, refused = call(who, "registers_create", "POST", "/v1/pos/registers", small)
    assert (status, refused["errors"][0]["field"], refused["errors"][0]["code"]) == (
        422,
        "body.block_size",
        "number.min",
    )
    made = open_register(shop, "RX", shop["drawer1"])
    assert made["block_size"] == 100 and made["code"] == "RX"
    status, again = call(
        who, "registers_create", "POST", "/v1/pos/registers", register_body(shop, "RX", shop["drawer1"])
    )
    assert (status, again["errors"][0]["code"]) == (409, "duplicate.code")


def test_two_leases_at_once_never_overlap(shop: dict[str, Any]) -> None:
    register = open_register(shop, "RL", shop["drawer1"])
    answers: list[tuple[int, Any]] = []
    threads = [threading.Thread(target=lambda: answers.append(lease(shop["who"], register["id"]))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(status == 201 for status, _ in answers), answers
    # four blocks of 100: 1-100, 101-200, 201-300, 301-400, whoever got which
    assert sorted((b["first"], b["last"]) for _, b in answers) == [(1, 100), (101, 200), (201, 300), (301, 400)]
    assert {b["first_number"] for _, b in answers} >= {"RL-000001", "RL-000301"}
    status, listed = call(shop["who"], "blocks_list", "GET", "/v1/pos/registers/{id}/blocks", doc_id=register["id"])
    assert status == 200 and [b["first"] for b in listed["items"]] == [301, 201, 101, 1]  # the latest first


# --- the day at the shop ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def day(shop: dict[str, Any]) -> dict[str, Any]:
    """Two registers, each with a block leased (R01: 1-100 and 101-200; R02: 1-100) and a shift open (floats
    200.00 and 100.00)."""
    who = shop["who"]
    r1, r2 = open_register(shop, "R01", shop["drawer1"]), open_register(shop, "R02", shop["drawer2"])
    for register in (r1, r1, r2):
        assert lease(who, register["id"])[0] == 201
    status, s1 = open_shift(who, r1["id"], "200.00")
    assert status == 201, s1
    status, s2 = open_shift(who, r2["id"], "100.00")
    assert status == 201, s2
    return {"r1": r1, "r2": r2, "s1": s1["id"], "s2": s2["id"], "sales": {}}


def test_a_shift_open_retried_is_the_same_shift_and_a_second_is_refused(
    shop: dict[str, Any], day: dict[str, Any]
) -> None:
    who = shop["who"]
    status, again = open_shift(who, day["r1"]["id"], "200.00", day["s1"])
    assert (status, again["id"], again["state"]) == (200, day["s1"], "open")
    status, refused = open_shift(who, day["r1"]["id"], "50.00")
    assert status == 409 and refused["errors"][0] == {
        "field": "body.register_id",
        "code": "pos.shift_open",
        "params": {"shift": day["s1"]},
        "message": f"shift {day['s1']} is open",
    }


def test_sales_synced_out_of_order_from_two_registers_each_recorded_once(
    shop: dict[str, Any], day: dict[str, Any]
) -> None:
    who, r1, r2, s1 = shop["who"], day["r1"], day["r2"], day["s1"]
    milo, rice, roti = shop["milo"], shop["rice"], shop["roti"]
    made = {
        # #1: Milo 23.47 + 2 roti 6.40 = 29.87, cash: 29.87 rounds to 29.85 (7 down to 5), rounding -0.02;
        # 50.00 tendered, 20.15 change. SST in Milo: 23.47 x 10/110 = 2.1336 -> 2.13, net 21.34
        "one": sale(r1, s1, 1, [(milo, "1", "23.47"), (roti, "2", "3.20")], [("cash", "50.00")], at="09:05:00"),
        # #2: 2 Milo 46.94 less 1.00 = 45.94 by card: no rounding; SST 45.94 x 10/110 = 4.1764 -> 4.18, net 41.76
        "two": sale(r1, s1, 2, [(milo, "2", "23.47")], [("card", "45.94")], at="09:30:00", discount="1.00"),
        # #3: a stale price, 22.93 (Milo is 23.47 now): 22.93 rounds to 22.95 (+0.02), 23.00 tendered, 0.05 change;
        # SST 22.93 x 10/110 = 2.0845 -> 2.08, net 20.85
        "three": sale(r1, s1, 3, [(milo, "1", "22.93")], [("cash", "23.00")], at="10:10:00"),
        # #4: 3 bags of rice when 2 are there, by e-wallet 56.70; SST 56.70 x 5/105 = 2.70, net 54.00
        "four": sale(r1, s1, 4, [(rice, "3", "18.90")], [("ewallet", "56.70")], at="10:40:00"),
        # R02 #1: a roti, 3.20 (already a multiple of 5 sen), 5.00 tendered, 1.80 change
        "r2": sale(r2, day["s2"], 1, [(roti, "1", "3.20")], [("cash", "5.00")], at="09:15:00"),
    }
    day["sales"].update(made)
    # Given the registers' queues synced in another order than they sold, and R01 numbering a receipt it never
    # leased (500: its blocks are 1-200)
    outside = sale(r1, s1, 500, [(roti, "1", "3.20")], [("cash", "3.20")])
    batch = [made["four"], made["r2"], made["two"], outside, made["one"], made["three"]]
    first = sync(who, batch)
    assert [r["result"] for r in first["results"]] == [
        "recorded",
        "recorded",
        "recorded",
        "refused",
        "recorded",
        "recorded",
    ]
    assert (first["recorded"], first["refused"]) == (5, 1)
    refusal = first["results"][3]
    assert refusal["status"] == 409 and refusal["errors"][0]["field"] == "body.sales.3.number"
    assert refusal["errors"][0]["code"] == "pos.number_not_leased"
    # When the same batch is synced five times in all
    for _ in range(4):
        again = sync(who, batch)
        assert [r["result"] for r in again["results"]] == ["duplicate"] * 3 + ["refused"] + ["duplicate"] * 2
        assert [r["state"] for r in again["results"]] == [r["state"] for r in first["results"]]
    # Then each sale is there once, and R01's first block counts its 4 numbers used
    from ledgerlet.hub.documents import DocumentStore

    every = DocumentStore(who.tenant_id).every("POSSALE", status="all")
    ids = [d["id"] for d in every]
    assert len(ids) == len(set(ids)) and {s["id"] for s in made.values()} <= set(ids)
    status, blocks = call(who, "blocks_list", "GET", "/v1/pos/registers/{id}/blocks", doc_id=r1["id"])
    assert status == 200 and [(b["first"], b["used"]) for b in blocks["items"]] == [(101, 0), (1, 4)]
    one = stored(who, "POSSALE", made["one"]["id"])
    assert one["code"] == "R01-000001" and one["state"] == "recorded"
    assert (one["total_before_rounding"], one["rounding"], one["total"]) == ("29.87", "-0.02", "29.85")
    assert (one["cash"], one["cash_tendered"], one["change"]) == ("29.85", "50.00", "20.15")
    assert [(ln["tax"], ln["net"]) for ln in one["lines"]] == [("2.13", "21.34"), ("0.00", "6.40")]
    two = stored(who, "POSSALE", made["two"]["id"])
    assert (two["gross"], two["discount"], two["tax"], two["net"], two["card"]) == (
        "46.94",
        "1.00",
        "4.18",
        "41.76",
        "45.94",
    )
    assert two["rounding"] == "0.00" and two["cash"] == "0.00"
    # Stock left with the sales: Milo 10 - 1 - 2 - 1 = 6; the rice stayed (2, the sale is waiting for a third)
    assert on_hand(who, milo["id"], shop["location"]) == D(6)
    assert on_hand(who, rice["id"], shop["location"]) == D(2)
    # A number another sale already has is refused too
    taken = sync(who, [sale(r1, s1, 2, [(roti, "1", "3.20")], [("cash", "3.20")])])["results"][0]
    assert (taken["status"], taken["errors"][0]["field"], taken["errors"][0]["code"]) == (
        409,
        "body.sales.0.number",
        "pos.number_used",
    )


def test_a_stale_price_and_stock_short_are_conflicts_listed_for_a_person(
    shop: dict[str, Any], day: dict[str, Any]
) -> None:
    who = shop["who"]
    three = stored(who, "POSSALE", day["sales"]["three"]["id"])
    assert three["state"] == "conflict" and three["total"] == "22.95" and three["change"] == "0.05"
    assert [(c["field"], c["code"], c["params"]) for c in three["conflicts"]] == [
        (
            "lines.0.unit_price",
            "pos.price_changed",
            {"item": shop["milo"]["code"], "charged": "22.93", "price": "23.47"},
        )
    ]
    four = stored(who, "POSSALE", day["sales"]["four"]["id"])
    assert four["state"] == "conflict" and four["stock_state"] == "waiting" and four["tax"] == "2.70"
    assert [(c["field"], c["code"], c["params"]["short"]) for c in four["conflicts"]] == [
        ("lines.0.qty", "stock.short", "1")
    ]
    status, listed = call(who, "conflicts", "GET", "/v1/pos/conflicts")
    assert status == 200 and [s["code"] for s in listed["items"]] == ["R01-000003", "R01-000004"]


def test_a_return_against_a_receipt_never_more_than_sold(shop: dict[str, Any], day: dict[str, Any]) -> None:
    who, r1, s1, milo = shop["who"], day["r1"], day["s1"], shop["milo"]
    one = day["sales"]["one"]
    # Two Milo back on #1 (it sold one): refused naming the line
    too_many = sale(r1, s1, 6, [(milo, "2", "23.47")], [("cash", "46.95")], return_of=one["id"])
    refused = sync(who, [too_many])["results"][0]
    assert (refused["status"], refused["errors"][0]["field"], refused["errors"][0]["code"]) == (
        409,
        "body.sales.0.lines.0.qty",
        "pos.return_exceeds",
    )
    assert refused["errors"][0]["params"] == {"left": "1", "receipt": "R01-000001"}
    # One Milo back: 23.47 refunded in cash rounds to 23.45 (-0.02); SST 2.13 and net 21.34 come back
    back = sale(r1, s1, 6, [(milo, "1", "23.47")], [("cash", "23.45")], at="11:00:00", return_of=one["id"])
    day["sales"]["return"] = back
    assert sync(who, [back])["results"][0]["result"] == "recorded"
    returned = stored(who, "POSSALE", back["id"])
    assert (returned["kind"], returned["total"], returned["rounding"], returned["cash"]) == (
        "return",
        "23.45",
        "-0.02",
        "23.45",
    )
    assert returned["return_of_code"] == "R01-000001" and returned["stock_state"] == "moved"
    assert on_hand(who, milo["id"], shop["location"]) == D(7)  # 6 + 1 back
    assert stored(who, "POSSALE", one["id"])["returned"] == {milo["id"]: "1"}
    # Nothing is left to return on #1 now
    again = sale(r1, s1, 7, [(milo, "1", "23.47")], [("cash", "23.45")], return_of=one["id"])
    assert sync(who, [again])["results"][0]["errors"][0]["params"]["left"] == "0"


def test_conflicts_resolved_by_a_person(shop: dict[str, Any], day: dict[str, Any]) -> None:
    who = shop["who"]
    three, four = day["sales"]["three"]["id"], day["sales"]["four"]["id"]
    status, resolved = call(
        who, "sales_resolve", "POST", "/v1/pos/sales/{id}/resolve", {"what": ["price"]}, doc_id=three
    )
    assert status == 200 and resolved["state"] == "recorded" and resolved["conflicts"] == []
    # the rice is still short: resolving its stock is refused naming the line, and nothing changes
    status, refused = call(who, "sales_resolve", "POST", "/v1/pos/sales/{id}/resolve", {}, doc_id=four)
    assert (status, refused["errors"][0]["field"], refused["errors"][0]["code"]) == (409, "lines.0.qty", "stock.short")
    assert stored(who, "POSSALE", four)["state"] == "conflict"
    # 5 bags come in: 2 + 5 - 3 = 4 left once the sale's stock moves
    body = {"purpose": "receipt", "date": "2026-12-05", "location_id": shop["location"]}
    assert entry(who, {**body, "lines": [{"item_id": shop["rice"]["id"], "qty": "5", "rate": "12.00"}]})[0] == 201
    status, resolved = call(who, "sales_resolve", "POST", "/v1/pos/sales/{id}/resolve", {}, doc_id=four)
    assert status == 200 and resolved["state"] == "recorded" and resolved["stock_state"] == "moved", resolved
    assert on_hand(who, shop["rice"]["id"], shop["location"]) == D(4)


def test_the_shift_closes_with_its_over_or_short_and_its_z_report(shop: dict[str, Any], day: dict[str, Any]) -> None:
    who, r1, s1 = shop["who"], day["r1"], day["s1"]

    def cash(kind: str, amount: str, reason: str) -> dict[str, Any]:
        body = {"id": new_id("pcm"), "kind": kind, "amount": amount, "reason": reason, "at": f"{DAY}T12:00:00+08:00"}
        status, moved = call(who, "shifts_cash", "POST", "/v1/pos/shifts/{id}/cash", body, doc_id=s1)
        assert status == 201, moved
        assert call(who, "shifts_cash", "POST", "/v1/pos/shifts/{id}/cash", body, doc_id=s1)[0] == 200  # retried: once
        return moved

    cash("in", "20.00", "Float top-up from the safe")
    cash("out", "100.00", "Pickup to the safe")
    # Expected: float 200.00 + cash kept 29.85 (#1) + 22.95 (#3) - 23.45 refunded + 20.00 in - 100.00 out = 149.35.
    # The drawer is counted at 152.20: it also holds 3.20 of a sale R01 has not synced yet; 2.85 over for now.
    closing = {"counted_cash": "152.20", "closed_at": f"{DAY}T18:00:00+08:00"}
    status, closed = call(who, "shifts_close", "POST", "/v1/pos/shifts/{id}/close", closing, doc_id=s1)
    assert status == 200, closed
    assert (closed["state"], closed["expected_cash"], closed["over_short"]) == ("closed", "149.35", "2.85")
    assert (
        call(who, "shifts_close", "POST", "/v1/pos/shifts/{id}/close", closing, doc_id=s1)[1]["version"]
        == closed["version"]
    )
    other = {**closing, "counted_cash": "150.00"}
    assert call(who, "shifts_close", "POST", "/v1/pos/shifts/{id}/close", other, doc_id=s1)[0] == 409
    # The late sale comes in: #5, a roti for 3.20 in cash, sold before the close, synced after it
    late = sale(r1, s1, 5, [(shop["roti"], "1", "3.20")], [("cash", "3.20")], at="17:30:00")
    answer = sync(who, [late])["results"][0]
    assert answer["result"] == "recorded" and answer["late"] is True
    status, z = call(who, "z_report", "GET", "/v1/pos/shifts/{id}/z-report", doc_id=s1)
    assert status == 200, z
    # 5 sales (#1-#5) and the return (#6); gross 29.87 + 46.94 + 22.93 + 56.70 + 3.20 = 159.64, less 1.00 discount;
    # sales 29.85 + 45.94 + 22.95 + 56.70 + 3.20 = 158.64, returns 23.45, net 135.19
    assert (z["sales_count"], z["returns_count"], z["first_number"], z["last_number"]) == (
        5,
        1,
        "R01-000001",
        "R01-000006",
    )
    assert (z["gross"], z["discounts"], z["sales_total"], z["returns"], z["net_total"]) == (
        "159.64",
        "1.00",
        "158.64",
        "23.45",
        "135.19",
    )
    # SST 10 %: taxable 21.34 + 41.76 + 20.85 - 21.34 = 62.61, tax 2.13 + 4.18 + 2.08 - 2.13 = 6.26; 5 %: 54.00, 2.70
    assert [(t["tax_code"], t["taxable"], t["tax"]) for t in z["taxes"]] == [
        ("SR10", "62.61", "6.26"),
        ("SR5", "54.00", "2.70"),
    ]
    # tenders: cash 29.85 + 22.95 + 3.20 - 23.45 = 32.55, card 45.94, e-wallet 56.70 (adding up to 135.19)
    assert z["tenders"] == {"cash": "32.55", "card": "45.94", "ewallet": "56.70"}
    # change 20.15 + 0.05 = 20.20; rounding -0.02 + 0.02 (+0.00 #5) less the return's -0.02 = +0.02
    assert (z["change_given"], z["rounding"]) == ("20.20", "0.02")
    # with the late 3.20: expected 152.55, counted 152.20, 0.35 short (2.85 over as posted at the close)
    assert z["cash"] == {
        "opening_float": "200.00",
        "cash_sales": "56.00",
        "cash_refunds": "23.45",
        "cash_in": "20.00",
        "cash_out": "100.00",
        "expected": "152.55",
        "counted": "152.20",
        "over_short": "-0.35",
        "expected_at_close": "149.35",
        "over_short_at_close": "2.85",
    }
    assert [(s["number"], s["cash"]) for s in z["late_sales"]] == [("R01-000005", "3.20")]


def test_the_ledger_holds_the_drawer_the_clearing_books_revenue_sst_and_rounding(
    shop: dict[str, Any], day: dict[str, Any]
) -> None:
    who = shop["who"]
    before = balances(who)
    post(shop)
    moved = movements(before, balances(who))
    for kind in ("one", "two", "three", "four", "r2", "return"):
        assert stored(who, "POSSALE", day["sales"][kind]["id"])["posting_state"] == "posted", kind
    # R01's drawer: sales 29.85 + 22.95 + in 20.00 + over 2.85 = 75.65 debited; refund 23.45 + out 100.00 credited:
    # it moved 75.65 - 123.45 = -47.80, the count less the float (152.20 - 200.00). The late 3.20 is not in it.
    assert moved("1015") == (D("75.65"), D("123.45"))
    assert moved("1016") == (D("3.20"), D(0))  # R02: the roti, 5.00 tendered less 1.80 change
    assert moved("1060") == (D("45.94"), D(0)) and moved("1070") == (D("56.70"), D(0))
    # over/short: 2.85 over credited at the close, the late sale's 3.20 debited: 0.35 short in all
    assert moved("6560") == (D("3.20"), D("2.85"))
    assert moved("1010") == (D("100.00"), D("20.00"))  # the safe: the pickup in, the top-up out
    # revenue: 21.34 + 6.40 + 41.76 + 20.85 + 54.00 + 3.20 (#5) + 3.20 (R02) = 150.75, less the return's 21.34
    assert moved("4100") == (D("21.34"), D("150.75"))
    # SST payable: 2.13 + 4.18 + 2.08 + 2.70 = 11.09, less 2.13 back
    assert moved("2200") == (D("2.13"), D("11.09"))
    # rounding: #1's -0.02 (debited), #3's +0.02 and the return's -0.02 refunded (credited)
    assert moved("6530") == (D("0.02"), D("0.04"))
    totals = balances(who)
    assert sum(d for d, _ in totals.values()) == sum(c for _, c in totals.values())


def test_a_return_synced_before_its_receipt_waits_for_it(shop: dict[str, Any], day: dict[str, Any]) -> None:
    who, r2, s2, milo = shop["who"], day["r2"], day["s2"], shop["milo"]
    # R02 sold a Milo (#20, by card) and took it back (#21); its queue syncs the return first
    sold = sale(r2, s2, 20, [(milo, "1", "23.47")], [("card", "23.47")], at="13:00:00")
    back = sale(r2, s2, 21, [(milo, "1", "23.47")], [("card", "23.47")], at="13:10:00", return_of=sold["id"])
    stock = on_hand(who, milo["id"], shop["location"])
    assert sync(who, [back])["results"][0]["state"] == "conflict"
    waiting = stored(who, "POSSALE", back["id"])
    assert [(c["field"], c["code"]) for c in waiting["conflicts"]] == [("return_of", "pos.return_original_missing")]
    assert waiting["stock_state"] == "waiting" and on_hand(who, milo["id"], shop["location"]) == stock
    status, refused = call(who, "sales_resolve", "POST", "/v1/pos/sales/{id}/resolve", {}, doc_id=back["id"])
    assert (status, refused["errors"][0]["code"]) == (409, "pos.return_original_missing")
    # the sale arrives: its Milo leaves; the return, resolved, brings it back and counts it returned
    assert sync(who, [sold])["results"][0]["result"] == "recorded"
    assert on_hand(who, milo["id"], shop["location"]) == stock - 1
    status, resolved = call(who, "sales_resolve", "POST", "/v1/pos/sales/{id}/resolve", {}, doc_id=back["id"])
    assert status == 200 and (resolved["state"], resolved["stock_state"]) == ("recorded", "moved"), resolved
    assert on_hand(who, milo["id"], shop["location"]) == stock
    assert stored(who, "POSSALE", sold["id"])["returned"] == {milo["id"]: "1"}


def test_a_register_with_a_price_book_checks_prices_against_it(shop: dict[str, Any]) -> None:
    who, milo, roti = shop["who"], shop["milo"], shop["roti"]
    # The book prices Milo at 21.34 before SST: 21.34 x 110/100 = 23.474, 23.47 on the shelf; 24.00 for 3 or more
    lines = [
        {"item_id": milo["id"], "unit_price": "21.34"},
        {"item_id": milo["id"], "unit_price": "24.00", "min_quantity": "3"},
    ]
    status, book = create(who, "price-books", {"code": "TILL", "name": "Till prices", "lines": lines})
    assert status == 201, book
    body = {**register_body(shop, "R03", shop["drawer2"]), "price_book_id": book["id"]}
    status, register = call(who, "registers_create", "POST", "/v1/pos/registers", body)
    assert status == 201, register
    assert lease(who, register["id"])[0] == 201
    status, shift = open_shift(who, register["id"], "0.00")
    assert status == 201, shift
    made = [
        # 23.47 is the book's price; the roti, not in the book, at the item's 3.20: no conflict
        sale(register, shift["id"], 1, [(milo, "1", "23.47"), (roti, "1", "3.20")], [("card", "26.67")]),
        # 3 Milo at 23.47: the book's break for 3 says 24.00 x 1.1 = 26.40 now
        sale(register, shift["id"], 2, [(milo, "3", "23.47")], [("card", "70.41")]),
    ]
    answers = sync(who, made)["results"]
    assert [(a["result"], a["state"]) for a in answers] == [("recorded", "recorded"), ("recorded", "conflict")]
    first = stored(who, "POSSALE", made[0]["id"])
    assert [(ln["list_price"], ln["price_source"]) for ln in first["lines"]] == [
        ("23.47", "price_book:TILL"),
        ("3.20", "item"),
    ]
    assert answers[1]["conflicts"][0]["params"] == {"item": milo["code"], "charged": "23.47", "price": "26.40"}


def test_what_the_registers_recorded_reads_back(shop: dict[str, Any], day: dict[str, Any]) -> None:
    who = shop["who"]
    one_id = day["sales"]["one"]["id"]
    status, one = call(who, "sales_get", "GET", "/v1/pos/sales/{id}", doc_id=one_id)
    assert status == 200 and (one["code"], one["number"], one["kind"], one["total"]) == (
        "R01-000001",
        1,
        "sale",
        "29.85",
    )
    assert [(t["kind"], t["amount"]) for t in one["tenders"]] == [("cash", "50.00")]
    status, returns = call(who, "sales_list", "GET", "/v1/pos/sales", kind="return")
    assert status == 200 and [s["code"] for s in returns["items"]] == ["R01-000006", "R02-000021"]
    status, history = call(who, "sales_get", "GET", "/v1/pos/sales/{id}/history", doc_id=day["sales"]["three"]["id"])
    assert status == 200 and [e["action"] for e in history["items"]] == ["resolve", "create"]
    status, shift = call(who, "shifts_get", "GET", "/v1/pos/shifts/{id}", doc_id=day["s1"])
    assert status == 200 and (shift["state"], shift["counted_cash"], shift["register_code"]) == (
        "closed",
        "152.20",
        "R01",
    )
    status, still_open = call(who, "shifts_list", "GET", "/v1/pos/shifts", state="open")
    assert (
        status == 200
        and day["s2"] in {s["id"] for s in still_open["items"]}
        and day["s1"] not in {s["id"] for s in still_open["items"]}
    )
    # A sale whose tenders do not pay it is refused naming its tenders; the one beside it goes in
    short = sale(day["r2"], day["s2"], 90, [(shop["roti"], "2", "3.20")], [("cash", "6.00")])  # 6.40 due
    fine = sale(day["r2"], day["s2"], 91, [(shop["roti"], "1", "3.20")], [("cash", "3.20")])
    answer = sync(who, [short, fine])
    assert [r["result"] for r in answer["results"]] == ["refused", "recorded"]
    assert (answer["results"][0]["status"], answer["results"][0]["errors"][0]["field"]) == (422, "body.sales.0.tenders")
    assert answer["results"][0]["errors"][0]["code"] == "pos.tender_short"


def test_a_register_is_changed_and_archived(shop: dict[str, Any]) -> None:
    who = shop["who"]
    register = open_register(shop, "R09", shop["drawer2"])
    change = {"version": 1, "name": "Till by the door", "block_size": 50}
    status, changed = call(who, "registers_update", "PATCH", "/v1/pos/registers/{id}", change, doc_id=register["id"])
    assert status == 200 and (changed["name"], changed["block_size"], changed["version"]) == ("Till by the door", 50, 2)
    status, block = lease(who, register["id"])
    assert status == 201 and (block["first"], block["last"]) == (1, 50)
    status, archived = call(
        who, "registers_archive", "POST", "/v1/pos/registers/{id}/archive", {}, doc_id=register["id"]
    )
    assert status == 200 and archived["status"] == "archived"
    status, refused = lease(who, register["id"])
    assert (status, refused["errors"][0]["code"]) == (409, "document.archived")
    status, listed = call(who, "registers_list", "GET", "/v1/pos/registers", status="active")
    assert (
        status == 200
        and "R09" not in {r["code"] for r in listed["items"]}
        and "R01" in {r["code"] for r in listed["items"]}
    )


def test_the_receipt_prints_on_an_80_mm_roll(shop: dict[str, Any], day: dict[str, Any]) -> None:
    import base64
    from io import BytesIO

    from pypdf import PdfReader

    from tests.support.events import LambdaContext

    sale_id = day["sales"]["one"]["id"]
    event = api_event(
        "GET",
        f"/v1/pos/sales/{sale_id}/receipt",
        shop["who"],
        resource="/v1/pos/sales/{id}/receipt",
        path_params={"id": sale_id},
    )
    answer = handler("receipt")(event, LambdaContext(aws_request_id="print"))
    assert answer["statusCode"] == 200 and answer["multiValueHeaders"]["Content-Type"] == ["application/pdf"], answer
    (page,) = PdfReader(BytesIO(base64.b64decode(answer["body"]))).pages
    assert round(float(page.mediabox.width) / 72 * 25.4) == 80  # 80 mm wide
    text = " ".join(page.extract_text().split())
    for expected in (
        "Kedai Runcit Ah Seng Sdn Bhd",
        "RECEIPT R01-000001",
        "Milo 1kg",
        "29.85",
        "Change 20.15",
        "-0.02",
    ):
        assert expected in text, (expected, text)


def test_sales_at_the_register_flow_into_the_consolidated_e_invoice(shop: dict[str, Any], day: dict[str, Any]) -> None:
    from datetime import UTC, date, datetime

    from ledgerlet.einvoice.consolidation import compose_consolidated, consolidate
    from ledgerlet.einvoice.queue import EInvoiceQueue, einvoice_id
    from ledgerlet.einvoice.settings import EInvoiceSettingsUpdate, update_settings
    from ledgerlet.einvoice.submission import enqueue, issued
    from ledgerlet.einvoice.ubl import general_public_buyer
    from ledgerlet.hub.documents import DocumentStore

    who = shop["who"]
    update_settings(who.tenant_id, EInvoiceSettingsUpdate(version=0, enabled=True), who.user_id)
    now = datetime(2026, 12, 5, 12, tzinfo=UTC)
    one, back = (stored(who, "POSSALE", day["sales"][k]["id"]) for k in ("one", "return"))
    # a sale to the walk-in customer (no TIN) of 29.85 waits for the month's consolidated invoice; its return
    # for the consolidated credit note
    assert enqueue(who.tenant_id, "POSSALE", {**one, "entity": "POSSALE"}, now) == "consolidate"
    assert enqueue(who.tenant_id, "POSSALE", {**back, "entity": "POSSALE"}, now) == "consolidate"
    queue = EInvoiceQueue(who.tenant_id)
    assert queue.get(einvoice_id(one["id"]))["type_code"] == "01"  # type: ignore[index]
    assert queue.get(einvoice_id(back["id"]))["type_code"] == "02"  # type: ignore[index]
    # The first run of January gathers December's: one consolidated invoice, one credit note
    assert consolidate(queue, date(2027, 1, 2), now) == 2
    invoice = queue.get("ein_cons_01_202612")
    assert invoice is not None and invoice["members"] == [einvoice_id(one["id"])]
    members = [issued(DocumentStore(who.tenant_id), "POSSALE", one["id"])]
    composed = compose_consolidated(invoice, members, general_public_buyer(), general_public_buyer(), now)  # type: ignore[arg-type]
    # SST 10 %: 21.34 and 2.13; no SST: 6.40; the -0.02 rounding; payable 29.85
    assert sorted((ln.tax_type, ln.subtotal, ln.tax_amount) for ln in composed.lines) == [
        ("01", D("21.34"), D("2.13")),
        ("06", D("6.40"), D("0.00")),
    ]
    assert composed.totals().payable == D("29.85")


# --- a sync killed partway --------------------------------------------------------------------------------------


@pytest.mark.parametrize("crash_fraction", [0.4, 0.7])  # each sale is one transaction: killed before the 2nd, 3rd
def test_a_sync_killed_partway_and_run_again_writes_each_sale_once(
    shop: dict[str, Any], day: dict[str, Any], crash_fraction: float
) -> None:
    from botocore.client import BaseClient

    from ledgerlet.hub.documents import DocumentStore

    who, r2, shift_id = shop["who"], day["r2"], day["s2"]
    first = 10 + int(crash_fraction * 10) * 10  # numbers of their own: 50-52, 80-82 (R02's block is 1-100)

    def batch(start: int) -> list[dict[str, Any]]:
        lines = [(shop["milo"], "1", "23.47"), (shop["roti"], "1", "3.20")]
        return [sale(r2, shift_id, start + n, lines, [("cash", "26.70")]) for n in range(3)]

    body = {"purpose": "receipt", "date": DAY, "location_id": shop["location"]}
    assert entry(who, {**body, "lines": [{"item_id": shop["milo"]["id"], "qty": "6", "rate": "12.00"}]})[0] == 201
    # How many writes a whole sync of three sales takes
    original, counting, seen = count_writes()
    BaseClient._make_api_call = counting  # type: ignore[method-assign]
    try:
        sync(who, batch(first + 5))
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]
    assert seen["writes"] == 3  # one transaction a sale: the sale, its bookkeeping and its stock at once
    sales = batch(first)
    milo_before = on_hand(who, shop["milo"]["id"], shop["location"])
    done = int(seen["writes"] * crash_fraction)  # the sales the killed sync got through
    _, dying, _ = count_writes(crash_after=done)
    BaseClient._make_api_call = dying  # type: ignore[method-assign]
    try:
        with pytest.raises(Killed):
            sync(who, sales)
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]
    answer = sync(who, sales)
    # what the killed sync wrote is found, the rest recorded now
    assert [r["result"] for r in answer["results"]] == ["duplicate"] * done + ["recorded"] * (3 - done), answer
    ours = {s["id"] for s in sales}
    written = [d for d in DocumentStore(who.tenant_id).every("POSSALE") if d["id"] in ours]
    assert sorted(d["number"] for d in written) == [first, first + 1, first + 2]
    assert on_hand(who, shop["milo"]["id"], shop["location"]) == milo_before - 3  # each sale's Milo left once
    # the shift summed each once: its Z report lists each of these numbers once
    z = call(who, "z_report", "GET", "/v1/pos/shifts/{id}/z-report", doc_id=shift_id)[1]
    summaries = stored_summaries(who, shift_id)
    assert sorted(n for n in summaries if first <= n < first + 3) == [first, first + 1, first + 2]
    assert z["sales_count"] + z["returns_count"] == len(summaries)


def stored_summaries(who: Identity, shift_id: str) -> list[int]:
    """The numbers of the sales a shift sums, as its partition holds them."""
    from ledgerlet.hub.documents import DocumentStore

    store = DocumentStore(who.tenant_id)
    page = store.entries("POSSHIFT", shift_id, "SALE#", limit=1000)
    return [int(item["number"]) for item in page.items]


# --- two companies at once --------------------------------------------------------------------------------------


def _run(jobs: list[Callable[[], Any]]) -> list[Any]:
    answers: list[Any] = [None] * len(jobs)
    failures: list[BaseException] = []

    def run(position: int, job: Callable[[], Any]) -> None:
        try:
            answers[position] = job()
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return answers


def test_two_companies_selling_at_once_keep_to_their_own(hub: StreamReader) -> None:
    shops = [_shop("tnt_POSRACEA"), _shop("tnt_POSRACEB")]
    # Each company creates register R01 twice at once: one each, the other a duplicate code
    created = _run(
        [
            lambda s=s: call(
                s["who"], "registers_create", "POST", "/v1/pos/registers", register_body(s, "R01", s["drawer1"])
            )
            for s in shops
            for _ in range(2)
        ]
    )
    assert sorted(status for status, _ in created) == [201, 201, 409, 409]
    registers = [next(body for status, body in created[n : n + 2] if status == 201) for n in (0, 2)]
    # and renames it twice at once from the same version: one change each, the other stale
    renamed = _run(
        [
            lambda s=s, r=r, n=n: call(
                s["who"],
                "registers_update",
                "PATCH",
                "/v1/pos/registers/{id}",
                {"version": 1, "name": f"Till {n}"},
                doc_id=r["id"],
            )
            for s, r in zip(shops, registers, strict=True)
            for n in range(2)
        ]
    )
    assert sorted(status for status, _ in renamed) == [200, 200, 409, 409]
    # Both companies lease twice at once: each gets 1-100 and 101-200
    leased = _run(
        [lambda s=s, r=r: lease(s["who"], r["id"]) for s, r in zip(shops, registers, strict=True) for _ in range(2)]
    )
    for n in (0, 2):
        assert sorted((leased[n][1]["first"], leased[n + 1][1]["first"])) == [1, 101]
    # Two opens of one register at once, with different ids: one each
    opened = _run(
        [
            lambda s=s, r=r: open_shift(s["who"], r["id"], "100.00")
            for s, r in zip(shops, registers, strict=True)
            for _ in range(2)
        ]
    )
    assert sorted(status for status, _ in opened) == [201, 201, 409, 409]
    shift_ids = [next(body["id"] for status, body in opened[n : n + 2] if status == 201) for n in (0, 2)]
    # Each company's two clerks sync overlapping batches at once: 4 sales of one Milo each (23.47, cash 23.45),
    # the last at an old price (22.97, rounding to 22.95, a conflict)
    batches, stale = [], []
    for shop_, register, shift_id in zip(shops, registers, shift_ids, strict=True):
        made = [sale(register, shift_id, n, [(shop_["milo"], "1", "23.47")], [("cash", "23.50")]) for n in range(1, 4)]
        made.append(sale(register, shift_id, 4, [(shop_["milo"], "1", "22.97")], [("cash", "23.00")]))
        batches += [(shop_["who"], made[:3]), (shop_["who"], made[1:])]
        stale.append(made[3]["id"])
    _run([lambda who=who, b=b: sync(who, b) for who, b in batches])
    # Two people resolve the stale price at once: both see it resolved
    resolved = _run(
        [
            lambda s=s, sid=sid: call(s["who"], "sales_resolve", "POST", "/v1/pos/sales/{id}/resolve", {}, doc_id=sid)
            for s, sid in zip(shops, stale, strict=True)
            for _ in range(2)
        ]
    )
    assert [(status, body["state"]) for status, body in resolved] == [(200, "recorded")] * 4
    # and move cash, then close, each twice at once
    for shop_, shift_id in zip(shops, shift_ids, strict=True):
        body = {
            "id": new_id("pcm"),
            "kind": "out",
            "amount": "50.00",
            "reason": "Pickup",
            "at": f"{DAY}T12:00:00+08:00",
        }
        moved = _run(
            [
                lambda s=shop_, sid=shift_id, b=body: call(
                    s["who"], "shifts_cash", "POST", "/v1/pos/shifts/{id}/cash", b, doc_id=sid
                )
            ]
            * 2
        )
        assert sorted(status for status, _ in moved) == [200, 201]
    closing = {"counted_cash": "143.80", "closed_at": f"{DAY}T18:00:00+08:00"}
    closed = _run(
        [
            lambda s=s, sid=sid: call(
                s["who"], "shifts_close", "POST", "/v1/pos/shifts/{id}/close", closing, doc_id=sid
            )
            for s, sid in zip(shops, shift_ids, strict=True)
            for _ in range(2)
        ]
    )
    assert all(status == 200 for status, _ in closed)
    from ledgerlet.hub.documents import DocumentStore

    for shop_, shift_id in zip(shops, shift_ids, strict=True):
        who = shop_["who"]
        # 4 sales, each once, each taking one Milo: 10 - 4 = 6 left
        assert len(DocumentStore(who.tenant_id).every("POSSALE")) == 4
        assert on_hand(who, shop_["milo"]["id"], shop_["location"]) == D(6)
        # float 100.00 + 3 x 23.45 (23.47 rounds to 23.45) + 22.95 - 50.00 = 143.30 expected; 143.80 counted:
        # 0.50 over
        z = call(who, "z_report", "GET", "/v1/pos/shifts/{id}/z-report", doc_id=shift_id)[1]
        assert (z["sales_count"], z["cash"]["expected"], z["cash"]["over_short"]) == (4, "143.30", "0.50")
    # Both companies archive their register at once
    archived = _run(
        [
            lambda s=s, r=r: call(
                s["who"], "registers_archive", "POST", "/v1/pos/registers/{id}/archive", doc_id=r["id"]
            )
            for s, r in zip(shops, registers, strict=True)
        ]
    )
    assert [(status, body["status"]) for status, body in archived] == [(200, "archived")] * 2
