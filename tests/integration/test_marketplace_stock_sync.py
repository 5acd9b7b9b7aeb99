"""Stock sync back to the marketplaces (issue 15, point 4) on moto: the hub's events of a warehouse's stock
heads mark an item due once however many changes come (debounced), the flush sends the quantity available
then, a change during a flush keeps the item due, and a throttled platform defers the item with a growing
wait and stops the shop's flush there (never pushing its rate limit)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.test_posting import create
from tests.integration.test_stock_entries import entry, location
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader

NOW = 1_796_947_200


class FakeShop:
    """The platform's stock API as the flush sees it: records updates, lists some SKUs, may throttle."""

    def __init__(self, listed: set[str]) -> None:
        self.listed = listed
        self.updates: list[tuple[str, int]] = []
        self.throttle = False
        self.during: Any = None  # called inside an update (a change arriving meanwhile)

    def update_stock(self, sku: str, available: int) -> None:
        from ledgerlet.marketplace.platforms import RateLimited, UnknownSku

        if self.throttle:
            raise RateLimited("error_rate_limit")
        if sku not in self.listed:
            raise UnknownSku(sku)
        if self.during:
            self.during()
        self.updates.append((sku, available))


@pytest.fixture(scope="module")
def setup(hub: StreamReader) -> dict[str, Any]:
    from ledgerlet.marketplace.connections import Connection

    who = seed_tenant("tnt_MKTSTOCK")
    warehouse, elsewhere = location(who, "MP"), location(who, "KL")
    items = {}
    for sku in ("TEH-1", "KOPI-1", "MILO-1"):
        status, made = create(who, "items", {"name": sku, "kind": "stock", "barcodes": [sku]})
        assert status == 201, made
        items[sku] = made["id"]
    connection = Connection(
        tenant_id=who.tenant_id,
        connection_id="shopee-440011",
        platform="shopee",
        shop_id="440011",
        name="Kedai Minuman",
        status="active",
        settings={"location_id": warehouse, "stock_sync": True},
        credentials_secret="marketplace/shopee-440011",
    )
    hub.read()
    return {"who": who, "warehouse": warehouse, "elsewhere": elsewhere, "items": items, "connection": connection}


@pytest.fixture
def shop(setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> FakeShop:
    from ledgerlet.marketplace import connections, stock_sync

    fake = FakeShop({"TEH-1", "KOPI-1"})  # MILO-1 is not listed on the shop
    monkeypatch.setattr(connections, "api_client", lambda connection: fake)
    monkeypatch.setattr(stock_sync, "tenant_connections", lambda tenant_id: [setup["connection"]])
    return fake


def receive(setup: dict[str, Any], where: str, lines: dict[str, str]) -> None:
    status, done = entry(
        setup["who"],
        {
            "purpose": "receipt",
            "date": "2026-12-01",
            "location_id": setup[where],
            "lines": [{"item_id": setup["items"][sku], "qty": qty, "rate": "3.00"} for sku, qty in lines.items()],
        },
    )
    assert status == 201, done


def events(hub: StreamReader, now: int) -> int:
    from ledgerlet.marketplace.stock_sync import stock_changed

    return sum(stock_changed(record, now) for record in hub.read())


def due(setup: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from ledgerlet.hub.codec import from_item
    from ledgerlet.hub.table import TenantTable
    from ledgerlet.marketplace.stock_sync import partition

    table = TenantTable(setup["who"].tenant_id)
    answer = table.db.query(
        TableName=table.table,
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": partition(table.tenant_id, setup["connection"].connection_id)}},
    )
    names = {item_id: sku for sku, item_id in setup["items"].items()}
    return {names[str(item["SK"]["S"])]: from_item(item) for item in answer["Items"]}


def flush(setup: dict[str, Any], now: int) -> dict[str, int]:
    from ledgerlet.marketplace.stock_sync import flush as flush_shop

    return flush_shop(setup["connection"], now)


def test_changes_are_debounced_and_the_flush_sends_what_is_available_then(
    hub: StreamReader, setup: dict[str, Any], shop: FakeShop
) -> None:
    # Three receipts of TEH-1 at the marketplace's warehouse within the debounce: one item due, three changes
    for qty in ("5", "7", "8"):
        receive(setup, "warehouse", {"TEH-1": qty})
        assert events(hub, NOW) == 1
    # stock elsewhere is not this shop's
    receive(setup, "elsewhere", {"TEH-1": "100"})
    assert events(hub, NOW) == 0
    marked = due(setup)
    assert set(marked) == {"TEH-1"} and marked["TEH-1"]["changes"] == 3 and marked["TEH-1"]["due_at"] == NOW + 30
    assert flush(setup, NOW + 29) == {"sent": 0, "unknown": 0, "deferred": 0}  # not due yet
    assert flush(setup, NOW + 30) == {"sent": 1, "unknown": 0, "deferred": 0}
    assert shop.updates == [("TEH-1", 20)]  # 5 + 7 + 8 at the warehouse (the 100 elsewhere left out)
    assert due(setup) == {}


def test_an_item_the_shop_does_not_list_is_let_go(hub: StreamReader, setup: dict[str, Any], shop: FakeShop) -> None:
    receive(setup, "warehouse", {"MILO-1": "4"})
    events(hub, NOW)
    assert flush(setup, NOW + 60) == {"sent": 0, "unknown": 1, "deferred": 0}
    assert shop.updates == [] and due(setup) == {}


def test_a_change_during_the_flush_keeps_the_item_due(hub: StreamReader, setup: dict[str, Any], shop: FakeShop) -> None:
    from ledgerlet.marketplace.stock_sync import mark_due

    receive(setup, "warehouse", {"KOPI-1": "10"})
    events(hub, NOW)
    shop.during = lambda: mark_due(setup["who"].tenant_id, "shopee-440011", setup["items"]["KOPI-1"], NOW)
    assert flush(setup, NOW + 60)["sent"] == 1
    assert "KOPI-1" in due(setup)  # the newer change is sent by the next flush
    shop.during = None
    assert flush(setup, NOW + 60)["sent"] == 1 and due(setup) == {}
    assert [u for u in shop.updates if u[0] == "KOPI-1"] == [("KOPI-1", 10), ("KOPI-1", 10)]


def test_a_throttled_shop_defers_with_a_growing_wait(hub: StreamReader, setup: dict[str, Any], shop: FakeShop) -> None:
    from ledgerlet.marketplace.stock_sync import backoff

    receive(setup, "warehouse", {"TEH-1": "1", "KOPI-1": "1"})
    events(hub, NOW)
    shop.throttle = True
    assert flush(setup, NOW + 60) == {"sent": 0, "unknown": 0, "deferred": 1}  # stopped at the first
    (first,) = [marker for marker in due(setup).values() if marker.get("attempts")]
    assert first["attempts"] == 1 and first["due_at"] == NOW + 60 + 60  # 1 minute, then 2, 4 ...
    assert [backoff(n) for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]
    shop.throttle = False
    assert flush(setup, NOW + 60) == {"sent": 1, "unknown": 0, "deferred": 0}  # the other; the deferred waits
    assert flush(setup, NOW + 120) == {"sent": 1, "unknown": 0, "deferred": 0}
    assert due(setup) == {}
    assert len(shop.updates) == 2
