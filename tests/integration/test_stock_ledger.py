"""The stock ledger on the hub (issue 12): rows kept per item and location, re-costed from a back-dated or
cancelled point only, with conditional writes that lose nothing recorded meanwhile.

What the rows must say is the pure engine's answer for the same movements (``costing.cost``), whose own
figures are checked by hand in tests/unit/test_stock_costing.py; here the question is whether storing,
re-costing from a point and passing value through transfers give exactly that answer."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.support.streams import StreamReader


def policies() -> dict[str, Any]:
    from ledgerlet.inventory.costing import Policy

    return {
        "FIFO": Policy("fifo"),
        "AVG": Policy("moving_average"),
        "NEG": Policy("fifo", allow_negative=True, fallback_rate=Decimal("2.00")),
    }


class Movements:
    """Movements with ids and entry order, as a stock applet would make them."""

    def __init__(self) -> None:
        self.seq = 0

    def __call__(self, kind: str, item: str, location: str, qty: str, day: int, **fields: Any) -> Any:
        from ledgerlet.inventory.costing import Movement

        self.seq += 1
        rate = Decimal(fields.pop("rate")) if "rate" in fields else None
        return Movement(
            id=fields.pop("id", f"mv{self.seq:04d}"),
            item_id=item,
            location_id=location,
            posted_on=date(2026, 7, day),
            posted_at=fields.pop("at", "10:00:00"),
            seq=self.seq,
            kind=kind,  # type: ignore[arg-type]
            qty=Decimal(qty),
            rate=rate,
            **fields,
        )


def ledger(tenant_id: str) -> Any:
    from ledgerlet.inventory.stock_ledger import StockLedger

    return StockLedger(tenant_id)


def stored_after(tenant_id: str, item: str, location: str) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    """(movement, qty after, value after, value change) of each costed row of the key, in posting order."""
    return [
        (row["id"], Decimal(row["after"]["qty"]), Decimal(row["after"]["value"]), Decimal(row["value_change"]))
        for row in ledger(tenant_id).rows(item, location)
        if row.get("after") is not None
    ]


def engine_after(movements: list[Any], item: str, location: str) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    from ledgerlet.inventory.costing import cost

    return [
        (row.movement.id, row.after.qty, row.after.value, row.value_change)
        for row in cost(movements, policies())
        if row.movement.key == (item, location)
    ]


def transfer(make: Movements, item: str, source: str, destination: str, *, qty: str, day: int) -> list[Any]:
    out = make("transfer_out", item, source, qty, day)
    return [out, make("transfer_in", item, destination, qty, day, transfer_id=out.id)]


def test_a_back_dated_receipt_re_costs_only_the_rows_after_it(hub: StreamReader) -> None:
    tenant, make = "tnt_STOCKA", Movements()
    first = [
        make("receipt", "AVG", "WH1", "10", 1, rate="4.00"),
        make("receipt", "AVG", "WH1", "10", 2, rate="5.00"),
        make("issue", "AVG", "WH1", "4", 3),
        make("issue", "AVG", "WH1", "4", 4),
        make("issue", "AVG", "WH1", "4", 5),
    ]
    stock = ledger(tenant)
    stock.record(first)
    stock.settle([("AVG", "WH1")], policies())
    assert stored_after(tenant, "AVG", "WH1") == engine_after(first, "AVG", "WH1")
    revisions = {row["id"]: row["revision"] for row in stock.rows("AVG", "WH1")}

    late = make("receipt", "AVG", "WH1", "10", 2, at="09:00:00", rate="6.00")  # before the 2 July receipt
    stock.record([late])
    stock.settle([("AVG", "WH1")], policies())
    assert stored_after(tenant, "AVG", "WH1") == engine_after([*first, late], "AVG", "WH1")
    rewritten = {row["id"] for row in stock.rows("AVG", "WH1") if row["revision"] != revisions.get(row["id"])}
    # 1 July's receipt comes before the back-dated one and is left alone; the rest are re-costed
    assert rewritten == {late.id, first[1].id, first[2].id, first[3].id, first[4].id}
    assert stock.head("AVG", "WH1").get("pending") is None


def test_a_transfer_carries_a_back_dated_change_to_its_destination(hub: StreamReader) -> None:
    tenant, make = "tnt_STOCKB", Movements()
    movements = [
        make("receipt", "FIFO", "WH1", "10", 1, rate="3.00"),
        *transfer(make, "FIFO", "WH1", "WH2", qty="6", day=3),
        make("issue", "FIFO", "WH2", "2", 4),
    ]
    stock = ledger(tenant)
    stock.record(movements[:1])
    stock.record(movements[1:3])
    stock.record(movements[3:])
    stock.settle([("FIFO", "WH2"), ("FIFO", "WH1")], policies())  # the destination first: it waits
    late = make("receipt", "FIFO", "WH1", "5", 1, at="08:00:00", rate="2.00")  # FIFO: the transfer takes it first
    stock.record([late])
    stock.settle([("FIFO", "WH1")], policies())
    everything = [*movements, late]
    for location in ("WH1", "WH2"):
        assert stored_after(tenant, "FIFO", location) == engine_after(everything, "FIFO", location)
    # By hand: the transfer of 6 takes 5 x 2.00 + 1 x 3.00 = 13.00 to WH2, and the issue of 2 there
    # takes the oldest layers, 2 x 2.00 = 4.00, leaving 13.00 - 4.00 = 9.00 for 4 units
    assert stored_after(tenant, "FIFO", "WH2")[-1][1:3] == (Decimal(4), Decimal("9.00"))


def test_a_cancelled_transfer_re_costs_both_ends(hub: StreamReader) -> None:
    tenant, make = "tnt_STOCKC", Movements()
    moved = transfer(make, "AVG", "WH1", "WH2", qty="5", day=2)
    movements = [
        make("receipt", "AVG", "WH1", "10", 1, rate="4.00"),
        *moved,
        make("receipt", "AVG", "WH2", "5", 3, rate="6.00"),
        make("issue", "AVG", "WH1", "2", 4),
    ]
    stock = ledger(tenant)
    stock.record(movements)
    stock.settle([("AVG", "WH1"), ("AVG", "WH2")], policies())
    for movement in moved:
        stock.cancel(movement)
    stock.settle([("AVG", "WH1"), ("AVG", "WH2")], policies())
    remaining = [m for m in movements if m not in moved]
    for location in ("WH1", "WH2"):
        assert stored_after(tenant, "AVG", location) == engine_after(remaining, "AVG", location)
    # By hand: without the transfer WH2 holds only its own receipt, 5 x 6.00 = 30.00
    assert stored_after(tenant, "AVG", "WH2") == [(movements[3].id, Decimal(5), Decimal("30.00"), Decimal("30.00"))]
    assert len(stock.rows("AVG", "WH2")) == 2  # the cancelled row stays on the card


def test_a_movement_recorded_during_a_re_cost_is_not_lost(hub: StreamReader) -> None:
    from ledgerlet.inventory.stock_ledger import StockLedger

    tenant, make = "tnt_STOCKD", Movements()
    first = [make("receipt", "FIFO", "WH1", "10", 1, rate="3.00"), make("issue", "FIFO", "WH1", "4", 5)]
    meanwhile = make("receipt", "FIFO", "WH1", "10", 2, rate="4.00")

    class Interrupted(StockLedger):
        calls = 0

        def _cost(self, *args: Any) -> Any:
            Interrupted.calls += 1
            if Interrupted.calls == 1:  # another request records while this re-cost has read its rows
                StockLedger(tenant).record([meanwhile])
            return super()._cost(*args)

    ledger(tenant).record(first)
    Interrupted(tenant).settle([("FIFO", "WH1")], policies())
    assert Interrupted.calls >= 2
    assert stored_after(tenant, "FIFO", "WH1") == engine_after([*first, meanwhile], "FIFO", "WH1")
    assert ledger(tenant).head("FIFO", "WH1").get("pending") is None


def test_other_items_are_never_read_or_rewritten(hub: StreamReader) -> None:
    tenant, make = "tnt_STOCKE", Movements()
    other = [make("receipt", "AVG", "WH1", "3", day, rate="1.00") for day in range(1, 11)]
    mine = [make("receipt", "FIFO", "WH1", "3", 5, rate="2.00"), make("issue", "FIFO", "WH1", "1", 9)]
    stock = ledger(tenant)
    stock.record(other)
    stock.record(mine)
    stock.settle([("AVG", "WH1"), ("FIFO", "WH1")], policies())
    before = stock.rows("AVG", "WH1")
    stock.record([make("receipt", "FIFO", "WH1", "2", 1, rate="9.00")])
    rows = stock.settle([("FIFO", "WH1")], policies())
    assert {row.movement.item_id for row in rows} == {"FIFO"}
    assert stock.rows("AVG", "WH1") == before


def test_two_tenants_recording_and_re_costing_at_once_keep_their_own_figures(hub: StreamReader) -> None:
    makes = {"tnt_STOCKF": Movements(), "tnt_STOCKG": Movements()}
    written: dict[str, list[Any]] = {tenant: [] for tenant in makes}
    errors: list[BaseException] = []

    def work(tenant: str, rate: str) -> None:
        try:
            make, stock = makes[tenant], ledger(tenant)
            for day in range(1, 13):  # back-dated every third time
                posted = day if day % 3 else max(1, day - 5)
                batch = [make("receipt", "AVG", "WH1", "5", posted, rate=rate), make("issue", "AVG", "WH1", "2", day)]
                written[tenant] += batch
                stock.record(batch)
                stock.settle([("AVG", "WH1")], policies())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(t, r)) for t, r in (("tnt_STOCKF", "4.00"), ("tnt_STOCKG", "7.00"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    for tenant in makes:
        assert stored_after(tenant, "AVG", "WH1") == engine_after(written[tenant], "AVG", "WH1")
    # By hand: each tenant received 12 x 5 = 60 and issued 12 x 2 = 24, so 36 on hand, all at its one rate
    assert stored_after("tnt_STOCKF", "AVG", "WH1")[-1][1:3] == (Decimal(36), Decimal("144.00"))  # 36 x 4.00
    assert stored_after("tnt_STOCKG", "AVG", "WH1")[-1][1:3] == (Decimal(36), Decimal("252.00"))  # 36 x 7.00


@pytest.mark.parametrize("kind", ["customer_return", "supplier_return"])
def test_a_return_whose_original_precedes_the_re_cost_keeps_its_rate(hub: StreamReader, kind: str) -> None:
    tenant, make = f"tnt_STOCKR{kind[0].upper()}", Movements()
    receipt = make("receipt", "AVG", "WH1", "10", 1, rate="5.00")
    issue = make("issue", "AVG", "WH1", "4", 2)
    original = issue if kind == "customer_return" else receipt
    later = make("receipt", "AVG", "WH1", "10", 3, rate="8.00")
    returned = make(kind, "AVG", "WH1", "2", 6, original_id=original.id)
    stock = ledger(tenant)
    stock.record([receipt, issue, later])
    stock.settle([("AVG", "WH1")], policies())
    stock.record([returned])
    stock.settle([("AVG", "WH1")], policies())  # re-costs from 6 July: the original is not in the run
    assert stored_after(tenant, "AVG", "WH1") == engine_after([receipt, issue, later, returned], "AVG", "WH1")
    # By hand: both originals went at 5.00 (the receipt's rate, and the average 50.00 / 10 when issued),
    # so the return moves 2 x 5.00 = 10.00
    assert abs(stored_after(tenant, "AVG", "WH1")[-1][3]) == Decimal("10.00")


def test_twenty_concurrent_issues_of_the_last_ten_units_exactly_ten_succeed(hub: StreamReader) -> None:
    """Negative stock refused: the head's condition lets exactly 10 of 20 one-unit issues through."""
    from ledgerlet.inventory.costing import NegativeStock

    tenant, make = "tnt_STOCKH", Movements()
    stock = ledger(tenant)
    stock.record([make("receipt", "FIFO", "WH1", "10", 1, rate="2.00")], policies())
    issues = [make("issue", "FIFO", "WH1", "1", 2) for _ in range(20)]
    outcomes: list[str] = []
    barrier = threading.Barrier(20)

    def issue(movement: Any) -> None:
        barrier.wait()
        try:
            ledger(tenant).record([movement], policies())
            outcomes.append("recorded")
        except NegativeStock as refused:
            outcomes.append(f"short {refused.short} of {refused.item_id} at {refused.location_id}")

    threads = [threading.Thread(target=issue, args=(movement,)) for movement in issues]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded"] * 10 + ["short 1 of FIFO at WH1"] * 10
    rows = stock.rows("FIFO", "WH1")
    assert len(rows) == 1 + 10  # nothing half-written: a refused issue left no row
    assert Decimal(stock.head("FIFO", "WH1")["on_hand"]) == 0
    stock.settle([("FIFO", "WH1")], policies())
    assert stored_after(tenant, "FIFO", "WH1")[-1][1:3] == (Decimal(0), Decimal("0.00"))  # 10 x 2.00 all issued


def test_a_back_dated_issue_may_not_take_an_earlier_day_below_zero(hub: StreamReader) -> None:
    from ledgerlet.inventory.costing import NegativeStock

    tenant, make = "tnt_STOCKI", Movements()
    stock = ledger(tenant)
    stock.record(
        [make("receipt", "AVG", "WH1", "5", 1, rate="1.00"), make("receipt", "AVG", "WH1", "10", 10, rate="1.00")]
    )
    head = stock.head("AVG", "WH1")
    # 15 are on hand today, but on 5 July only 5 were: an issue of 8 then leaves 5 - 8 = -3
    with pytest.raises(NegativeStock) as refused:
        stock.record([make("issue", "AVG", "WH1", "8", 5)], policies())
    assert (refused.value.item_id, refused.value.short) == ("AVG", Decimal(3))
    assert stock.head("AVG", "WH1")["revision"] == head["revision"] and len(stock.rows("AVG", "WH1")) == 2
    stock.record([make("issue", "AVG", "WH1", "5", 5)], policies())  # 5 - 5 = 0 on 5 July: allowed
    assert Decimal(stock.head("AVG", "WH1")["on_hand"]) == Decimal(10)  # 5 + 10 - 5


def test_a_count_sets_the_quantity_and_cancelling_what_issues_relied_on_is_refused(hub: StreamReader) -> None:
    from ledgerlet.inventory.costing import NegativeStock

    tenant, make = "tnt_STOCKJ", Movements()
    stock = ledger(tenant)
    receipt = make("receipt", "AVG", "WH1", "10", 1, rate="3.00")
    stock.record([receipt, make("issue", "AVG", "WH1", "2", 3)], policies())
    stock.record([make("count", "AVG", "WH1", "6", 2, rate="3.00")], policies())  # back-dated: 6, then 6 - 2 = 4
    assert Decimal(stock.head("AVG", "WH1")["on_hand"]) == Decimal(4)
    # Without the receipt, the count still sets 6 on 2 July: cancelling it is fine
    stock.cancel(receipt, policies())
    assert Decimal(stock.head("AVG", "WH1")["on_hand"]) == Decimal(4)
    late = make("receipt", "AVG", "WH1", "3", 4, rate="3.00")
    stock.record([late, make("issue", "AVG", "WH1", "7", 5)], policies())  # 4 + 3 - 7 = 0
    with pytest.raises(NegativeStock) as refused:
        stock.cancel(late, policies())  # the issue of 7 relied on it: 4 - 7 = -3
    assert refused.value.short == Decimal(3)
    stock.settle([("AVG", "WH1")], policies())
    live = [row for row in stock.rows("AVG", "WH1") if not row.get("cancelled")]
    assert [Decimal(row["after"]["qty"]) for row in live] == [Decimal(6), Decimal(4), Decimal(7), Decimal(0)]
