"""The Shopee and Lazada clients (ledgerlet.marketplace.platforms) against the offline marketplace simulator
(infra/marketplace_sim), in process: orders, paging, settlement, stock, token refresh, refused signatures,
throttling, and the simulator's pushes as a receiver verifies them."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from marketplace_sim import RATE_LIMITS, Simulator, start
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from ledgerlet.marketplace.platforms import (
    Credentials,
    MarketplaceClient,
    MarketplaceError,
    Push,
    Settlement,
    TokenExpired,
    UnknownSku,
    clear_caches,
    client,
    parse_push,
    verify_push,
)

PLATFORMS = ("shopee", "lazada")
TOKEN_TTL = 3600
SHOPS = itertools.count(600100)
COMPLETED = {"shopee": "COMPLETED", "lazada": "confirmed"}


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    clear_caches()
    with start(token_ttl=TOKEN_TTL) as simulator:
        yield simulator
    clear_caches()


def base_url(sim: Simulator, platform: str) -> str:
    return sim.url if platform == "shopee" else f"{sim.url}/rest"


def shop(sim: Simulator, platform: str) -> tuple[Credentials, str]:
    """A fresh shop (so tests share no orders nor tokens): its credentials and id."""
    shop_id = str(next(SHOPS))
    return sim.authorize(platform, shop_id), shop_id


def connect(
    sim: Simulator, credentials: Credentials, on_refresh: Callable[[Credentials], None] | None = None
) -> MarketplaceClient:
    return client(credentials, base_url(sim, credentials.platform), on_refresh)


KOPI = {"sku": "KOPI-250G", "name": "Kopi Tenom 250g", "qty": 2, "unit_price": "12.90"}
TEH = {"sku": "TEH-TARIK-10", "name": "Teh Tarik 10s", "qty": 1, "unit_price": "5.50"}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_an_order_is_fetched(sim: Simulator, platform: str) -> None:
    credentials, shop_id = shop(sim, platform)
    api = connect(sim, credentials)
    order_id = sim.create_order(platform, shop_id, [KOPI, TEH], buyer="aisyah.k88", push=False)
    order = api.order(order_id)
    assert order is not None
    assert (order.platform, order.shop_id, order.order_id) == (platform, shop_id, order_id)
    assert (order.status, order.raw_status) == ("unpaid", "UNPAID" if platform == "shopee" else "unpaid")
    assert order.currency == "MYR" and order.buyer == "aisyah.k88" and order.tracking_number is None
    assert [(line.sku, line.qty, line.unit_price) for line in order.lines] == [
        ("KOPI-250G", Decimal(2), Decimal("12.90")),
        ("TEH-TARIK-10", Decimal(1), Decimal("5.50")),
    ]
    if platform == "lazada":  # one order item per unit
        assert [len(line.line_id.split(",")) for line in order.lines] == [2, 1]
    else:
        assert all(line.line_id.endswith(":0") for line in order.lines)
    assert order.created_at == order.updated_at == sim.order_doc(platform, order_id)["created"]

    sim.set_status(platform, order_id, "SHIPPED" if platform == "shopee" else "shipped", push=False)
    shipped = api.order(order_id)
    assert shipped is not None and shipped.status == "shipped"
    assert shipped.tracking_number == sim.order_doc(platform, order_id)["tracking_number"] != ""
    assert api.order("240101ZZZZZZZZ" if platform == "shopee" else "999999999999999") is None


def test_a_shopee_model_line_carries_the_model_sku_and_ids(sim: Simulator) -> None:
    credentials, shop_id = shop(sim, "shopee")
    ids = sim.register_item("shopee", shop_id, "KOPI-250G-HALIA", "Kopi Tenom 250g", 10, parent_sku="KOPI-250G")
    order_id = sim.create_order("shopee", shop_id, [{**KOPI, "sku": "KOPI-250G-HALIA"}], push=False)
    order = connect(sim, credentials).order(order_id)
    assert order is not None
    assert [(line.sku, line.line_id) for line in order.lines] == [
        ("KOPI-250G-HALIA", f"{ids['item_id']}:{ids['sku_id']}")
    ]


def test_a_lazada_order_with_items_in_different_states_takes_most_items_state(sim: Simulator) -> None:
    credentials, shop_id = shop(sim, "lazada")
    order_id = sim.create_order("lazada", shop_id, [{**KOPI, "qty": 3}], push=False)
    first = sim.order_doc("lazada", order_id)["lines"][0]["items"][0]["order_item_id"]
    sim.set_status("lazada", order_id, "pending", push=False)
    sim.set_status("lazada", order_id, "canceled", push=False, order_item_ids=[first])
    order = connect(sim, credentials).order(order_id)
    assert order is not None and (order.status, order.raw_status) == ("paid", "pending")
    assert [(line.qty, first in line.line_id) for line in order.lines] == [(Decimal(2), False)]  # cancelled unit out


@pytest.mark.parametrize("platform", PLATFORMS)
def test_updated_orders_are_listed_across_pages(sim: Simulator, platform: str) -> None:
    credentials, shop_id = shop(sim, platform)
    before = sim.create_order(platform, shop_id, [TEH], push=False)
    sim.advance(10)
    since = sim.now()
    made = {sim.create_order(platform, shop_id, [TEH], push=False) for _ in range(105)}  # more than a page of 100
    sim.set_status(platform, before, "CANCELLED" if platform == "shopee" else "canceled", push=False)
    made.add(before)  # updated inside the window now
    sim.advance(10)
    after = sim.create_order(platform, shop_id, [TEH], push=False)  # updated at `until`: outside [since, until)
    until = sim.now()
    # A 20-day range: two of Shopee's 15-day windows.
    found = connect(sim, credentials).orders_updated(since - 20 * 86400, until)
    assert len(found) == len(set(found)) == 106
    assert set(found) == made and after not in found


@pytest.mark.parametrize("platform", PLATFORMS)
def test_settlement_figures(sim: Simulator, platform: str) -> None:
    credentials, shop_id = shop(sim, platform)
    api = connect(sim, credentials)
    order_id = sim.create_order(platform, shop_id, [KOPI, TEH], push=False)
    # subtotal = 2 x 12.90 + 1 x 5.50 = 25.80 + 5.50 = 31.30 (the order total: no shipping charged)
    # commission  5 % of 31.30 = 1.565 -> 1.57
    # service     3 % of 31.30 = 0.939 -> 0.94
    # transaction 2 % of 31.30 = 0.626 -> 0.63
    # payout = 31.30 - 1.57 - 0.94 - 0.63 = 28.16
    figures = {
        "payout": Decimal("28.16"),
        "commission_fee": Decimal("1.57"),
        "service_fee": Decimal("0.94"),
        "transaction_fee": Decimal("0.63"),
    }
    if platform == "shopee":  # the escrow detail is there (estimated) before it is released
        assert api.settlement(order_id) == Settlement(order_id, False, **figures, other_fees=Decimal("0.00"))
    else:  # Lazada books the transactions at delivery, paid out later
        assert api.settlement(order_id) is None
        sim.set_status(platform, order_id, "delivered", push=False)
        assert api.settlement(order_id) == Settlement(order_id, False, **figures, other_fees=Decimal("0.00"))
    sim.set_status(platform, order_id, COMPLETED[platform], push=False)
    released = api.settlement(order_id)
    assert released == Settlement(order_id, True, **figures, other_fees=Decimal("0.00"))
    assert all(type(value) is Decimal for value in (released.payout, released.commission_fee))
    assert api.settlement("240101ZZZZZZZZ" if platform == "shopee" else "999999999999999") is None


@pytest.mark.parametrize("platform", PLATFORMS)
def test_an_expired_token_is_refreshed_once(sim: Simulator, platform: str) -> None:
    credentials, shop_id = shop(sim, platform)
    order_id = sim.create_order(platform, shop_id, [TEH], push=False)
    refreshed: list[Credentials] = []
    api = connect(sim, credentials, refreshed.append)
    assert api.order(order_id) is not None and refreshed == []
    refreshes = sim.stats[f"{platform}.refreshed"]
    sim.advance(TOKEN_TTL + 60)
    order = api.order(order_id)
    assert order is not None and order.order_id == order_id
    assert len(refreshed) == 1 and sim.stats[f"{platform}.refreshed"] == refreshes + 1
    fresh = refreshed[0]
    assert fresh.access_token != credentials.access_token and fresh.refresh_token != credentials.refresh_token
    assert (fresh.platform, fresh.shop_id, fresh.app_key) == (platform, shop_id, credentials.app_key)
    assert api.order(order_id) is not None and len(refreshed) == 1
    # The refresh token was used up: an old copy of the credentials can neither call nor refresh.
    stale = connect(sim, credentials)
    with pytest.raises(MarketplaceError) as refused:
        stale.order(order_id)
    assert not isinstance(refused.value, TokenExpired)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_stock_updates_reach_the_listing(sim: Simulator, platform: str) -> None:
    credentials, shop_id = shop(sim, platform)
    sim.register_item(platform, shop_id, "KOPI-250G", "Kopi Tenom 250g", 5)
    sim.register_item(platform, shop_id, "KOPI-250G-HALIA", "Kopi Tenom 250g Halia", 5, parent_sku="KOPI-250G-V")
    sim.register_item(platform, shop_id, "KOPI-250G-KELAPA", "Kopi Tenom 250g Kelapa", 5, parent_sku="KOPI-250G-V")
    api = connect(sim, credentials)
    api.update_stock("KOPI-250G", 7)
    api.update_stock("KOPI-250G-KELAPA", 12)
    api.update_stock("KOPI-250G-HALIA", -3)  # the ERP may be short: the platform gets 0
    updates = sim.stock_updates(platform, shop_id)
    assert updates == {"KOPI-250G": 7, "KOPI-250G-KELAPA": 12, "KOPI-250G-HALIA": 0} and updates.calls == 3
    with pytest.raises(UnknownSku):
        api.update_stock("NOT-LISTED", 1)
    assert sim.stock_updates(platform, shop_id).calls == 3


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_bad_signature_is_refused_by_the_platform(sim: Simulator, platform: str) -> None:
    credentials, shop_id = shop(sim, platform)
    order_id = sim.create_order(platform, shop_id, [TEH], push=False)
    wrong = Credentials(**{**vars(credentials), "app_secret": credentials.app_secret + "x"})
    refreshed: list[Credentials] = []
    bad_signs = sim.stats[f"{platform}.bad_sign"]
    with pytest.raises(MarketplaceError) as refused:
        connect(sim, wrong, refreshed.append).order(order_id)
    assert not isinstance(refused.value, TokenExpired) and refreshed == []
    assert refused.value.code == ("error_sign" if platform == "shopee" else "IncompleteSignature")
    assert sim.stats[f"{platform}.bad_sign"] == bad_signs + 1


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_burst_beyond_the_rate_limit_still_completes(sim: Simulator, platform: str) -> None:
    credentials, shop_id = shop(sim, platform)
    order_id = sim.create_order(platform, shop_id, [TEH], push=False)
    api = connect(sim, credentials)
    throttled = sim.stats[f"{platform}.throttled"]
    sim.set_rate_limit(platform, 4)  # the client paces itself to 10/s: the platform answers "too many requests"
    try:
        since = sim.now() - 60
        answers = [api.orders_updated(since, sim.now() + 1) for _ in range(12)]
    finally:
        sim.set_rate_limit(platform, RATE_LIMITS[platform])
    assert answers == [[order_id]] * 12
    assert sim.stats[f"{platform}.throttled"] > throttled


# --- pushes -----------------------------------------------------------------------------------------------------


class Receiver:
    """A webhook endpoint that checks each push the way Ledgerlet's does: 401 unless the signature verifies."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.pushes: list[Push] = []
        self.refused = 0
        self._server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        platform = request.path.rsplit("/", 1)[-1]
        key, secret = self.sim.apps[platform]
        body = request.get_data()
        url = f"{self.url}{request.path}"
        if not verify_push(
            platform,
            app_key=key,
            app_secret=secret,
            url=url,
            body=body,
            authorization=request.headers.get("Authorization"),
        ):
            self.refused += 1
            return Response("", status=401)(environ, start_response)
        self.pushes.append(parse_push(platform, body))
        return Response("", status=200)(environ, start_response)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def receiver(sim: Simulator) -> Iterator[Receiver]:
    endpoint = Receiver(sim)
    sim.push_url = {platform: f"{endpoint.url}/v1/webhooks/{platform}" for platform in PLATFORMS}
    try:
        yield endpoint
    finally:
        sim.push_url = {}
        sim.hold_pushes(False)
        endpoint.stop()


def test_pushes_are_signed_as_the_platforms_sign_them(sim: Simulator, receiver: Receiver) -> None:
    _, shopee_shop = shop(sim, "shopee")
    _, lazada_shop = shop(sim, "lazada")
    shopee_order = sim.create_order("shopee", shopee_shop, [TEH])
    lazada_order = sim.create_order("lazada", lazada_shop, [{**TEH, "qty": 2}])
    sim.set_status("shopee", shopee_order, "PROCESSED")  # status push (code 3) and tracking push (code 4)
    assert [(p.platform, p.order_id, p.status, p.kind) for p in receiver.pushes] == [
        ("shopee", shopee_order, "UNPAID", "order"),
        ("lazada", lazada_order, "unpaid", "order"),  # one message per order item
        ("lazada", lazada_order, "unpaid", "order"),
        ("shopee", shopee_order, "PROCESSED", "order"),
        ("shopee", shopee_order, None, "order"),
    ]
    assert {p.shop_id for p in receiver.pushes} == {shopee_shop, lazada_shop} and receiver.refused == 0

    url, body, headers = sim.push_body("lazada", lazada_order)
    assert url.endswith("/v1/webhooks/lazada") and headers["Content-Type"] == "application/json"
    key, secret = sim.apps["lazada"]
    assert verify_push(
        "lazada", app_key=key, app_secret=secret, url=url, body=body, authorization=headers["Authorization"]
    )
    assert sim.push("lazada", lazada_order) == 200
    assert sim.push("shopee", shopee_order, signature="0" * 64) == 401 and receiver.refused == 1
    assert sim.push_log[-1]["status"] == 401


def test_held_pushes_are_missed_until_flushed(sim: Simulator, receiver: Receiver) -> None:
    _, shop_id = shop(sim, "shopee")
    sim.hold_pushes(True)
    order_id = sim.create_order("shopee", shop_id, [TEH])
    sim.set_status("shopee", order_id, "READY_TO_SHIP")
    assert receiver.pushes == []
    sim.hold_pushes(False)
    assert sim.flush_pushes() == [200, 200]
    assert [p.status for p in receiver.pushes] == ["UNPAID", "READY_TO_SHIP"]
