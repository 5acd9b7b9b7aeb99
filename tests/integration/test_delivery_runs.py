"""Delivery runs (issue 13): a vehicle's trip on a date with its driver, time slot and stops (submitted delivery
orders), dispatched, each stop's proof of delivery recorded once, the run completing itself with its last
stop. A driver and a vehicle are never on two runs whose slots overlap, nor a delivery order on two runs,
also when requests race (claims are conditional writes in the run's own transaction)."""

from __future__ import annotations

import base64
import threading
from typing import Any

import pytest

from tests.integration.test_posting import create, get
from tests.integration.test_sales_documents import action, customer, item, patch, problem, submitted
from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader

DAY = "2026-12-07"
PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).decode()


@pytest.fixture(scope="module")
def tenant(hub: StreamReader) -> Identity:
    return seed_tenant("tnt_DELIVERYRUNS")


def employee(who: Identity, name: str) -> dict[str, Any]:
    status, found = create(who, "employees", {"name": name, "job_title": "Driver"})
    assert status == 201, found
    return found


def delivery_orders(who: Identity, count: int, *, submit: bool = True) -> list[dict[str, Any]]:
    """``count`` delivery orders of a non-stock item for one customer with a shipping address, from one
    submitted order (each delivers one unit)."""
    buyer = customer(
        who,
        "Kedai Perabot Seri",
        shipping_address={"line1": "12 Jalan Bunga Raya", "postcode": "50450", "city": "Kuala Lumpur", "state": "14"},
        phone="+60312345678",
    )
    sofa = item(who, "Sofa Tiga Tempat Duduk", sales_price="1200.00")
    body = {"customer_id": buyer["id"], "date": "2026-12-01", "lines": [{"item_id": sofa["id"], "qty": str(count)}]}
    status, order = create(who, "sales-orders", body)
    assert status == 201, order
    order = submitted(who, "sales-orders", order)
    found = []
    for _ in range(count):
        line = {"item_id": sofa["id"], "qty": "1", "source_line": 0}
        status, delivery = create(
            who,
            "delivery-orders",
            {"customer_id": buyer["id"], "date": "2026-12-02", "order_id": order["id"], "lines": [line]},
        )
        assert status == 201, delivery
        found.append(submitted(who, "delivery-orders", delivery) if submit else delivery)
    return found


def run_body(driver: dict[str, Any], stops: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "run_date": DAY,
        "driver_id": driver["id"],
        "vehicle": "wxy 1234",
        "slot_start": "09:00",
        "slot_end": "13:00",
        "stops": [{"delivery_order_id": order["id"]} for order in stops],
        **extra,
    }


def proof(who: Identity, run_id: str, number: int, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    event = api_event(
        "POST",
        f"/v1/delivery-runs/{run_id}/stops/{number}/proof",
        who,
        body=body,
        resource="/v1/delivery-runs/{id}/stops/{n}/proof",
        path_params={"id": run_id, "n": str(number)},
    )
    return invoke(load_handler("delivery_runs/proof.py"), event)


def listed(who: Identity, **query: str) -> list[dict[str, Any]]:
    status, page = invoke(
        load_handler("delivery_runs/list.py"), api_event("GET", "/v1/delivery-runs", who, query=query)
    )
    assert status == 200, page
    return page["items"]


def cancelled(who: Identity, run: dict[str, Any]) -> dict[str, Any]:
    status, done = action(who, "delivery-runs", run["id"], "cancel", {"reason": "lorry broke down"})
    assert status == 200, done
    return done


def test_a_run_is_dispatched_and_completes_with_each_stops_proof(tenant: Identity) -> None:
    # Given a driver and two submitted delivery orders
    driver = employee(tenant, "Ahmad bin Ismail")
    first, second = delivery_orders(tenant, 2)
    body = run_body(driver, [first, second])
    body["stops"][1] |= {"kind": "installation", "window_start": "11:00", "window_end": "12:30", "note": "Lift B"}
    # When a run is created, dispatched and each stop's proof recorded
    status, run = create(tenant, "delivery-runs", body)
    assert status == 201, run
    assert run["state"] == "draft" and run["code"].startswith("RUN-") and run["vehicle"] == "WXY1234"
    assert run["driver_name"] == "Ahmad bin Ismail"
    stop = run["stops"][0]
    assert stop["delivery_order_code"] == first["code"] and stop["customer_name"] == "Kedai Perabot Seri"
    assert stop["address"][0] == "12 Jalan Bunga Raya" and stop["kind"] == "delivery"
    scheduled = get(tenant, "delivery-orders", first["id"])
    assert (scheduled["delivery_status"], scheduled["delivery_run_id"], scheduled["delivery_stop"]) == (
        "scheduled",
        run["id"],
        0,
    )
    assert {"type": "DELIVERYRUN", "id": run["id"], "code": run["code"]} in scheduled["flow"]
    assert [found["id"] for found in listed(tenant, run_date=DAY, driver_id=driver["id"])] == [run["id"]]
    dispatched = submitted(tenant, "delivery-runs", run)
    assert dispatched["state"] == "submitted"
    status, refused = patch(tenant, "delivery-runs", run["id"], {"version": dispatched["version"], "memo": "x"})
    assert status == 409 and problem(refused) == ("state", "document.not_draft")
    # A delivery order on a run is not cancelled from under it
    status, refused = action(tenant, "delivery-orders", first["id"], "cancel", {"reason": "customer asked"})
    assert status == 409 and problem(refused) == ("id", "delivery_run.holds_order"), refused

    delivered = {"outcome": "delivered", "received_by": "Puan Siti", "received_at": "2026-12-07T10:15:00+08:00"}
    status, after_first = proof(tenant, run["id"], 0, {**delivered, "signature": PNG})
    assert status == 200, after_first
    assert after_first["state"] == "submitted" and after_first["stops"][0]["outcome"] == "delivered"
    assert after_first["stops"][0]["signature_sha256"]
    # The same proof again changes nothing; another outcome is refused
    status, again = proof(tenant, run["id"], 0, {**delivered, "signature": PNG})
    assert status == 200 and again["version"] == after_first["version"]
    status, refused = proof(tenant, run["id"], 0, {"outcome": "failed", "failure_reason": "nobody home", **_at()})
    assert status == 409 and problem(refused) == ("body.outcome", "delivery_run.proof_recorded"), refused
    installed = {"outcome": "installed", "received_by": "Encik Lim", "received_at": "2026-12-07T12:00:00+08:00"}
    status, done = proof(tenant, run["id"], 1, installed)
    assert status == 200, done
    # Then the run completed itself and both delivery orders show delivered
    assert done["state"] == "completed" and done["completed_at"]
    for order in (first, second):
        assert get(tenant, "delivery-orders", order["id"])["delivery_status"] == "delivered"
    status, refused = action(tenant, "delivery-runs", run["id"], "cancel", {"reason": "late"})
    assert status == 409 and problem(refused) == ("id", "delivery_run.has_proof")
    status, missing = proof(tenant, run["id"], 5, installed)
    assert status == 404, missing


def _at() -> dict[str, str]:
    return {"received_at": "2026-12-07T10:20:00+08:00"}


def test_a_failed_stop_shows_on_its_delivery_order(tenant: Identity) -> None:
    driver = employee(tenant, "Ravi a/l Kumar")
    (order,) = delivery_orders(tenant, 1)
    status, run = create(tenant, "delivery-runs", run_body(driver, [order], vehicle="BKL 88"))
    assert status == 201, run
    submitted(tenant, "delivery-runs", run)
    status, refused = proof(tenant, run["id"], 0, {"outcome": "failed", **_at()})
    assert status == 422 and problem(refused) == ("body.failure_reason", "required"), refused
    status, refused = proof(tenant, run["id"], 0, {"outcome": "delivered", **_at()})
    assert status == 422 and problem(refused) == ("body.received_by", "required"), refused
    status, done = proof(tenant, run["id"], 0, {"outcome": "failed", "failure_reason": "shop closed", **_at()})
    assert status == 200 and done["state"] == "completed", done
    assert get(tenant, "delivery-orders", order["id"])["delivery_status"] == "failed"


NOT_PNG = "data:image/png;base64," + base64.b64encode(b"GIF89a" + b"\x00" * 32).decode()
TOO_LARGE = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50_000).decode()


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"driver_id": "emp_01JD3V1T7Q8ZK4N2M5P6R7S8T9"}, "body.driver_id", "reference.missing"),
        ({"slot_start": "14:00"}, "body.slot_end", "delivery_run.slot_order"),
        ({"slot_end": "9:00"}, "body.slot_end", "format.clock"),
        ({"vehicle": "W#1"}, "body.vehicle", "format.plate"),
        ({"stops": []}, "body.stops", "list.too_short"),
        ({"stop": {"window_start": "08:00"}}, "body.stops.0.window_start", "delivery_run.window"),
        ({"stop": {"window_start": "10:00", "window_end": "13:30"}}, "body.stops.0.window_end", "delivery_run.window"),
        (
            {"stop": {"window_start": "11:00", "window_end": "10:00"}},
            "body.stops.0.window_end",
            "delivery_run.slot_order",
        ),
        ({"stop": {"kind": "pickup"}}, "body.stops.0.kind", "choice.invalid"),
        ({"twice": True}, "body.stops.1.delivery_order_id", "delivery_run.stop_twice"),
        ({"draft_order": True}, "body.stops.0.delivery_order_id", "sales.source_state"),
    ],
)
def test_a_wrong_run_is_refused_naming_the_field(
    tenant: Identity, change: dict[str, Any], field: str, code: str
) -> None:
    driver = employee(tenant, "Tan Ah Kow")
    (order,) = delivery_orders(tenant, 1, submit=not change.get("draft_order"))
    body = run_body(driver, [order], vehicle="VAA 1")
    if "stop" in change:
        body["stops"][0] |= change["stop"]
    elif change.get("twice"):
        body["stops"].append(dict(body["stops"][0]))
    elif "draft_order" not in change:
        body |= change
    status, refused = create(tenant, "delivery-runs", body)
    assert status == 422 and problem(refused) == (field, code), refused
    # Nothing was held: the same driver, vehicle and order make a run at once
    status, run = create(tenant, "delivery-runs", run_body(driver, [order], vehicle="VAA 1"))
    assert status == (422 if change.get("draft_order") else 201), run
    if status == 201:
        cancelled(tenant, run)


def test_an_archived_driver_and_a_wrong_signature_are_refused(tenant: Identity) -> None:
    driver = employee(tenant, "Lee Chong Wei")
    status, archived = action(tenant, "employees", driver["id"], "archive", {"version": driver["version"]})
    assert status == 200, archived
    (order,) = delivery_orders(tenant, 1)
    status, refused = create(tenant, "delivery-runs", run_body(driver, [order], vehicle="VAB 2"))
    assert status == 422 and problem(refused) == ("body.driver_id", "reference.archived"), refused
    other = employee(tenant, "Muthu a/l Sami")
    status, run = create(tenant, "delivery-runs", run_body(other, [order], vehicle="VAB 2"))
    assert status == 201, run
    run = submitted(tenant, "delivery-runs", run)
    good = {"outcome": "delivered", "received_by": "Aminah", **_at()}
    for signature in (NOT_PNG, TOO_LARGE, "data:image/png;base64,%%%", "data:image/jpeg;base64,/9j/"):
        status, refused = proof(tenant, run["id"], 0, {**good, "signature": signature})
        assert status == 422 and problem(refused) == ("body.signature", "delivery_run.signature"), refused
    status, refused = proof(tenant, run["id"], 0, {**good, "received_at": "2026-12-07 10:00"})
    assert status == 422 and problem(refused) == ("body.received_at", "format.timestamp"), refused
    assert get(tenant, "delivery-runs", run["id"])["stops"][0].get("outcome") is None  # nothing half-written


def test_a_driver_and_a_vehicle_are_on_one_run_at_a_time(tenant: Identity) -> None:
    driver = employee(tenant, "Wong Mei Ling")
    one, two, three, four = delivery_orders(tenant, 4)
    status, morning = create(tenant, "delivery-runs", run_body(driver, [one], vehicle="PKR 1"))
    assert status == 201, morning
    # Overlapping slots: the same driver refused; the same vehicle with another driver refused
    status, refused = create(
        tenant, "delivery-runs", run_body(driver, [two], vehicle="PKR 2", slot_start="12:00", slot_end="15:00")
    )
    assert status == 409 and problem(refused)[:2] == ("body.driver_id", "delivery_run.driver_busy"), refused
    assert refused["errors"][0]["params"] == {"run": morning["code"], "start": "09:00", "end": "13:00"}
    helper = employee(tenant, "Zainal Abidin")
    status, refused = create(
        tenant, "delivery-runs", run_body(helper, [two], vehicle="pkr1", slot_start="12:59", slot_end="15:00")
    )
    assert status == 409 and problem(refused) == ("body.vehicle", "delivery_run.vehicle_busy"), refused
    # The same delivery order on another run: refused naming the stop
    status, refused = create(tenant, "delivery-runs", run_body(helper, [three, one], vehicle="PKR 3"))
    assert status == 409 and problem(refused) == ("body.stops.1.delivery_order_id", "delivery_run.order_taken")
    # Slots that only touch: allowed
    status, afternoon = create(
        tenant, "delivery-runs", run_body(driver, [two], vehicle="PKR 1", slot_start="13:00", slot_end="17:00")
    )
    assert status == 201, afternoon
    # A draft moved onto the afternoon is refused; moved to another day it frees its slot
    status, refused = patch(
        tenant, "delivery-runs", morning["id"], {"version": morning["version"], "slot_end": "14:00"}
    )
    assert status == 409 and problem(refused)[0] == "body.driver_id", refused
    status, moved = patch(
        tenant, "delivery-runs", morning["id"], {"version": morning["version"], "run_date": "2026-12-08"}
    )
    assert status == 200 and moved["run_date"] == "2026-12-08", moved
    status, early = create(
        tenant, "delivery-runs", run_body(driver, [three], vehicle="PKR 1", slot_start="08:00", slot_end="12:00")
    )
    assert status == 201, early
    # Stops replaced on a draft: the order taken off is free, the one added is held
    status, swapped = patch(
        tenant,
        "delivery-runs",
        early["id"],
        {"version": early["version"], "stops": [{"delivery_order_id": four["id"]}]},
    )
    assert status == 200, swapped
    assert get(tenant, "delivery-orders", three["id"]).get("delivery_run_id") is None
    assert get(tenant, "delivery-orders", four["id"])["delivery_run_id"] == early["id"]
    # A cancelled run frees its driver, vehicle and delivery order
    cancelled(tenant, afternoon)
    assert get(tenant, "delivery-orders", two["id"]).get("delivery_status") is None
    status, again = create(
        tenant, "delivery-runs", run_body(driver, [two], vehicle="PKR 1", slot_start="12:00", slot_end="16:00")
    )
    assert status == 201, again
    assert [run["id"] for run in listed(tenant, state="cancelled", driver_id=driver["id"])] == [afternoon["id"]]


def test_racing_runs_hold_each_order_and_slot_once(hub: StreamReader) -> None:
    """Two companies at once, each with 8 clients putting the same delivery order on 8 runs (each with its own
    driver and vehicle): exactly one run per company gets it. Then 8 clients putting one driver on 8
    overlapping runs (each with its own order and vehicle): exactly one gets him. No write is lost: the
    winners hold what they claim, the losers nothing, and the runs are numbered without a gap."""
    companies = [seed_tenant(f"tnt_DRUNRACE{n}") for n in (1, 2)]
    orders = {who.tenant_id: delivery_orders(who, 10) for who in companies}
    drivers = {who.tenant_id: [employee(who, f"Pemandu {n}") for n in range(8)] for who in companies}
    answers: list[tuple[str, str, int, dict[str, Any]]] = []
    lock = threading.Lock()

    def put_on_run(who: Identity, race: str, n: int) -> None:
        mine = orders[who.tenant_id]
        if race == "order":
            body = run_body(drivers[who.tenant_id][n], [mine[0]], vehicle=f"RACE {n}")
        else:
            body = run_body(drivers[who.tenant_id][0], [mine[1 + n]], vehicle=f"SAME {n}", run_date="2026-12-09")
        status, answer = create(who, "delivery-runs", body)
        with lock:
            answers.append((who.tenant_id, race, status, answer))

    for race in ("order", "driver"):
        threads = [threading.Thread(target=put_on_run, args=(who, race, n)) for who in companies for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for who in companies:
        for race, field in (("order", "body.stops.0.delivery_order_id"), ("driver", "body.driver_id")):
            mine = [(s, a) for tenant_id, r, s, a in answers if tenant_id == who.tenant_id and r == race]
            assert [status for status, _ in mine].count(201) == 1, [(s, a.get("errors")) for s, a in mine]
            refused = [answer for status, answer in mine if status != 201]
            assert {(answer["status"], problem(answer)[0]) for answer in refused} == {(409, field)}, refused
        runs = listed(who, limit="100")
        assert sorted(run["code"] for run in runs) == ["RUN-000001", "RUN-000002"]  # numbered without a gap
        held = {stop["delivery_order_id"]: run["id"] for run in runs for stop in run["stops"]}
        for order in orders[who.tenant_id]:
            assert get(who, "delivery-orders", order["id"]).get("delivery_run_id") == held.get(order["id"])
        others = {run["id"] for other in companies if other != who for run in listed(other, limit="100")}
        assert not others & {run["id"] for run in runs}
    # The winner's slot is kept: the driver fits only around it
    who = companies[0]
    (winner,) = [a for t, r, s, a in answers if t == who.tenant_id and r == "driver" and s == 201]
    driver, spare = drivers[who.tenant_id][0], orders[who.tenant_id][-1]
    assert get(who, "delivery-orders", spare["id"]).get("delivery_run_id") is None
    later = run_body(driver, [spare], vehicle="LATE 1", run_date="2026-12-09", slot_start="13:00", slot_end="18:00")
    status, run = create(who, "delivery-runs", later)
    assert status == 201 and winner["driver_id"] == driver["id"], run
