"""The marketplace simulator: a threaded werkzeug server speaking Shopee Open Platform v2 (``/api/v2/...``)
and Lazada Open Platform (``/rest/...``) for the shops it authorises, with seller-center controls under
``/_sim/`` (and as Python methods). See README.md.

Signatures are checked here with the simulator's own code, written from the platforms' documentation
independently of ``ledgerlet.marketplace.platforms``: the client and the simulator agreeing tests both.
Timestamps in requests are checked against the real clock; :meth:`Simulator.advance` moves the business
clock only (token expiry, order times).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import string
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from simkit import Clock, HttpServer, SlidingWindows

from .store import Store

try:
    from ledgerlet.marketplace.platforms.base import Credentials
except ImportError:  # started without shared/ on the path (python -m infra.marketplace_sim)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared"))
    from ledgerlet.marketplace.platforms.base import Credentials

log = logging.getLogger("marketplace_sim")

PLATFORMS = ("shopee", "lazada")
SHOPEE_PARTNER = ("2001234", "shopee-partner-key-5a1c0e7f3b9d4e2a8c6f1b0d9e7a3c5f")
"""(partner_id, partner_key) of the Shopee app the simulator knows by default."""
LAZADA_APP = ("123456", "lazada-app-secret-9e3b7c1d5f2a4e6b8d0c2f4a6e8b0d1c")
"""(app_key, app_secret) of the Lazada app the simulator knows by default."""
TOKEN_TTL = {"shopee": 4 * 3600, "lazada": 7 * 86400}  # Shopee: "expires after 4 hours"; Lazada: a guess
REFRESH_TTL = {"shopee": 30 * 86400, "lazada": 30 * 86400}  # Shopee: "valid for 30 days"
RATE_LIMITS = {"shopee": 10, "lazada": 10}  # requests per second per shop / seller (guesses; see README)
TIMESTAMP_WINDOW = {"shopee": 300, "lazada": 7200}  # Shopee: "expires in 5 minutes"; Lazada: 7200 s
COMMISSION_RATE = Decimal("0.05")  # of the item subtotal
SERVICE_RATE = Decimal("0.03")  # of the item subtotal
TRANSACTION_RATE = Decimal("0.02")  # of the order total (no shipping is charged here: total = subtotal)
CENT = Decimal("0.01")
SITE_TZ = timezone(timedelta(hours=8))
PUSH_TIMEOUT = 10.0

SHOPEE_STATUSES = (
    "UNPAID",
    "PENDING",
    "READY_TO_SHIP",
    "PROCESSED",
    "RETRY_SHIP",
    "SHIPPED",
    "TO_CONFIRM_RECEIVE",
    "IN_CANCEL",
    "CANCELLED",
    "TO_RETURN",
    "COMPLETED",
    "INVOICE_PENDING",
)
LAZADA_STATUSES = (
    "unpaid",
    "pending",
    "packed",
    "repacked",
    "topack",
    "toship",
    "ready_to_ship",
    "shipped",
    "delivered",
    "confirmed",
    "canceled",
    "returned",
    "failed_delivery",
    "lost_by_3pl",
    "damaged_by_3pl",
    "shipped_back",
    "shipped_back_success",
    "shipped_back_failed",
    "package_scrapped",
)
SHOPEE_TRACKED = frozenset({"PROCESSED", "SHIPPED", "TO_CONFIRM_RECEIVE", "COMPLETED", "TO_RETURN", "RETRY_SHIP"})
LAZADA_TRACKED = frozenset({"ready_to_ship", "shipped", "delivered", "confirmed", "returned", "failed_delivery"})
LAZADA_SETTLED = frozenset({"delivered", "confirmed"})  # transactions exist from delivery; paid once confirmed
SHOPEE_OPTIONAL_FIELDS = frozenset(
    {"buyer_user_id", "buyer_username", "item_list", "package_list", "total_amount", "pay_time", "recipient_address"}
)


# --- small helpers ------------------------------------------------------------------------------------


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _hmac_hex(key: str, message: bytes) -> str:
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def dumps(value: Any) -> bytes:
    """Compact JSON with Decimals written as plain numbers (as Shopee writes its amounts)."""
    marks: dict[str, str] = {}

    def default(o: object) -> Any:
        if isinstance(o, Decimal):
            mark = f"\x00{len(marks)}\x00"
            marks[json.dumps(mark)] = format(o, "f")
            return mark
        raise TypeError(type(o).__name__)

    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=default)
    for mark, number in marks.items():
        text = text.replace(mark, number, 1)
    return text.encode("utf-8")


def json_response(body: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    response = Response(dumps(body), status=status, mimetype="application/json")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _request_id() -> str:
    return secrets.token_hex(16)


def _site(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC).astimezone(SITE_TZ)


def lazada_time(epoch: int) -> str:
    """GetOrder / GetOrderItems style: 2014-10-15 18:36:05 +0800."""
    return _site(epoch).strftime("%Y-%m-%d %H:%M:%S %z")


def lazada_iso(epoch: int) -> str:
    """GetOrders style: 2018-02-09T22:44:30+08:00."""
    return _site(epoch).isoformat(timespec="seconds")


class ShopeeError(Exception):
    """Shopee's error answer ``{"error", "message", "request_id"}``."""

    def __init__(self, status: int, error: str, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.error, self.message, self.headers = status, error, message, dict(headers or {})

    def response(self) -> Response:
        body = {"error": self.error, "message": self.message, "request_id": _request_id()}
        return json_response(body, self.status, self.headers)


class LazadaError(Exception):
    """Lazada's error answer ``{"type", "code", "message", "request_id"}`` (HTTP 200, as Lazop answers)."""

    def __init__(self, code: str, message: str, kind: str = "ISV", detail: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.kind, self.detail = code, message, kind, detail

    def response(self) -> Response:
        body: dict[str, Any] = {"type": self.kind, "code": self.code, "message": self.message}
        if self.detail is not None:
            body["detail"] = self.detail
        body["request_id"] = _request_id()
        return json_response(body, 200)


class SimError(Exception):
    """A refused seller-center call (``/_sim/...``: 400 with ``{"error": message}``)."""


class RateLimiter:
    """At most ``limits[platform]`` requests per second per shop; real (monotonic) time."""

    def __init__(self, limits: Mapping[str, int | None]) -> None:
        self.limits: dict[str, int | None] = dict(limits)
        self._windows = SlidingWindows(1.0)

    def check(self, platform: str, key: str) -> float | None:
        """None when allowed (and counted), else the seconds until the window frees up."""
        limit = self.limits.get(platform)
        return self._windows.admit((platform, key), limit) if limit else None


class StockUpdates(dict[str, int]):
    """SKU -> the last stock set through the API; ``calls`` counts the update calls."""

    calls: int = 0


URLS = Map(
    [
        Rule("/api/v2/order/get_order_detail", endpoint="shopee_order_detail", methods=["GET"]),
        Rule("/api/v2/order/get_order_list", endpoint="shopee_order_list", methods=["GET"]),
        Rule("/api/v2/payment/get_escrow_detail", endpoint="shopee_escrow_detail", methods=["GET"]),
        Rule("/api/v2/logistics/get_tracking_number", endpoint="shopee_tracking_number", methods=["GET"]),
        Rule("/api/v2/product/get_item_list", endpoint="shopee_item_list", methods=["GET"]),
        Rule("/api/v2/product/get_item_base_info", endpoint="shopee_item_base_info", methods=["GET"]),
        Rule("/api/v2/product/get_model_list", endpoint="shopee_model_list", methods=["GET"]),
        Rule("/api/v2/product/update_stock", endpoint="shopee_update_stock", methods=["POST"]),
        Rule("/api/v2/auth/access_token/get", endpoint="shopee_refresh", methods=["POST"]),
        Rule("/rest/order/get", endpoint="lazada_order", methods=["GET", "POST"]),
        Rule("/rest/order/items/get", endpoint="lazada_order_items", methods=["GET", "POST"]),
        Rule("/rest/orders/get", endpoint="lazada_orders", methods=["GET", "POST"]),
        Rule("/rest/finance/transaction/details/get", endpoint="lazada_transactions", methods=["GET", "POST"]),
        Rule("/rest/products/get", endpoint="lazada_products", methods=["GET", "POST"]),
        Rule("/rest/product/stock/sellable/update", endpoint="lazada_update_stock", methods=["GET", "POST"]),
        Rule("/rest/auth/token/refresh", endpoint="lazada_refresh", methods=["GET", "POST"]),
        Rule("/_sim/health", endpoint="sim_health", methods=["GET"]),
        Rule("/_sim/authorize", endpoint="sim_authorize", methods=["POST"]),
        Rule("/_sim/items", endpoint="sim_register_item", methods=["POST"]),
        Rule("/_sim/orders", endpoint="sim_orders", methods=["GET", "POST"]),
        Rule("/_sim/orders/<platform>/<order_id>", endpoint="sim_order", methods=["GET"]),
        Rule("/_sim/orders/<platform>/<order_id>/status", endpoint="sim_set_status", methods=["POST"]),
        Rule("/_sim/orders/<platform>/<order_id>/settle", endpoint="sim_settle", methods=["POST"]),
        Rule("/_sim/orders/<platform>/<order_id>/push", endpoint="sim_push", methods=["POST"]),
        Rule("/_sim/orders/<platform>/<order_id>/push_body", endpoint="sim_push_body", methods=["GET"]),
        Rule("/_sim/pushes", endpoint="sim_pushes", methods=["GET"]),
        Rule("/_sim/pushes/hold", endpoint="sim_hold", methods=["POST"]),
        Rule("/_sim/pushes/flush", endpoint="sim_flush", methods=["POST"]),
        Rule("/_sim/push_url", endpoint="sim_push_url", methods=["POST"]),
        Rule("/_sim/stock/<platform>/<shop_id>", endpoint="sim_stock", methods=["GET"]),
        Rule("/_sim/advance", endpoint="sim_advance", methods=["POST"]),
        Rule("/_sim/rate_limit", endpoint="sim_rate_limit", methods=["POST"]),
    ]
)


class Simulator:
    """A running simulator (see :func:`start`): Shopee's base URL is ``url``, Lazada's ``url + "/rest"``."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        data_dir: Path | None = None,
        apps: Mapping[str, tuple[str, str]] | None = None,
        push_url: Mapping[str, str] | None = None,
        token_ttl: int | Mapping[str, int] | None = None,
        refresh_ttl: int | Mapping[str, int] | None = None,
        rate_limits: Mapping[str, int | None] | None = None,
    ) -> None:
        if data_dir is not None:
            data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(data_dir / "marketplace-sim.sqlite3" if data_dir else None)
        self.clock = Clock()
        self.apps: dict[str, tuple[str, str]] = {"shopee": SHOPEE_PARTNER, "lazada": LAZADA_APP, **(apps or {})}
        self.push_url: dict[str, str] = dict(push_url or {})
        self.token_ttl = _per_platform(token_ttl, TOKEN_TTL)
        self.refresh_ttl = _per_platform(refresh_ttl, REFRESH_TTL)
        self.limiter = RateLimiter({**RATE_LIMITS, **(rate_limits or {})})
        self.stats: Counter[str] = Counter()
        self.push_log: list[dict[str, Any]] = []
        """What each push got back: platform, order_id, url, status (None: no answer / held), held, at, ms
        (Lazada wants its 200 within 500 ms), error."""
        self._held: list[tuple[str, str, str, bytes, dict[str, str]]] = []
        self._hold = False
        self._lock = threading.RLock()
        self._server = HttpServer(self.wsgi, host, port, "marketplace-sim-http")
        self.url = self._server.url

    # --- lifecycle ---------------------------------------------------------------------------------------

    def start(self) -> Simulator:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()
        self.store.close()

    def __enter__(self) -> Simulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def now(self) -> int:
        """The simulator's business clock, epoch seconds."""
        return int(self.clock.now())

    def advance(self, seconds: float) -> None:
        """Move the business clock forward (token expiry, order update times)."""
        self.clock.advance(seconds)

    def set_rate_limit(self, platform: str, per_second: int | None) -> None:
        """Requests per second per shop the platform accepts (None or 0: no limit)."""
        _platform(platform)
        self.limiter.limits[platform] = per_second

    def _count(self, key: str) -> None:
        with self._lock:
            self.stats[key] += 1

    # --- shops and tokens --------------------------------------------------------------------------------

    def authorize(self, platform: str, shop_id: str) -> Credentials:
        """A seller authorising the app: fresh access and refresh tokens for the shop."""
        _platform(platform)
        shop_id = str(shop_id).strip()
        if not shop_id or (platform == "shopee" and not shop_id.isdigit()):
            raise SimError(f"{platform}: shop id {shop_id!r} is not valid")
        access, refresh, expires = self._issue(platform, shop_id)
        key, secret = self.apps[platform]
        return Credentials(platform, shop_id, key, secret, access, refresh, expires)

    def _issue(self, platform: str, shop_id: str) -> tuple[str, str, int]:
        now = self.now()
        if platform == "shopee":
            access, refresh = secrets.token_hex(16), secrets.token_hex(16)
        else:
            alphabet = string.ascii_letters + string.digits
            access = "50000" + "".join(secrets.choice(alphabet) for _ in range(55))
            refresh = "50001" + "".join(secrets.choice(alphabet) for _ in range(55))
        expires = now + self.token_ttl[platform]
        self.store.put("token", access, {"platform": platform, "shop_id": shop_id, "expires": expires})
        self.store.put(
            "refresh", refresh, {"platform": platform, "shop_id": shop_id, "expires": now + self.refresh_ttl[platform]}
        )
        return access, refresh, expires

    def _refresh(self, platform: str, refresh_token: str, shop_id: str | None) -> tuple[str, str, str, int]:
        """(shop_id, access, refresh, expires) for a valid refresh token, which is used up."""
        with self._lock:
            found = self.store.get("refresh", refresh_token) if refresh_token else None
            if (
                found is None
                or found["platform"] != platform
                or found["expires"] <= self.now()
                or (shop_id is not None and found["shop_id"] != shop_id)
            ):
                raise KeyError(refresh_token)
            self.store.delete("refresh", refresh_token)
            access, refresh, expires = self._issue(platform, found["shop_id"])
        return str(found["shop_id"]), access, refresh, expires

    # --- listings ----------------------------------------------------------------------------------------

    def register_item(
        self,
        platform: str,
        shop_id: str,
        sku: str,
        name: str,
        stock: int = 0,
        *,
        parent_sku: str | None = None,
        price: str | Decimal = "0.00",
    ) -> dict[str, Any]:
        """A listing for ``sku`` (its ids, stock and price set again when it exists).

        Shopee: a plain item (model_id 0) or, with ``parent_sku``, a model of the item whose item_sku that is.
        Lazada: a product with one SKU or, with ``parent_sku``, another SKU of that product.
        """
        _platform(platform)
        shop_id, sku = str(shop_id), str(sku).strip()
        if not sku:
            raise SimError("a listing needs a SKU")
        with self._lock:
            now = self.now()
            item_id = self.store.get("sku", f"{platform}:{shop_id}:{sku}")
            if item_id is not None:
                listing = self.store.get("listing", f"{platform}:{shop_id}:{item_id}")
                entry = listing["skus"][sku]
                entry.update({"stock": int(stock), "price": str(_money(price)), "name": name})
                listing["updated"] = now
                self.store.put("listing", f"{platform}:{shop_id}:{item_id}", listing)
                return {"item_id": item_id, **entry}
            listing = None
            if parent_sku:
                parent_item = self.store.get("parent", f"{platform}:{shop_id}:{parent_sku}")
                if parent_item is not None:
                    listing = self.store.get("listing", f"{platform}:{shop_id}:{parent_item}")
            if listing is None:
                item_id = str(
                    self.store.next_number(f"{platform}.item", 23620853561 if platform == "shopee" else 2945803361)
                )
                listing = {
                    "item_id": item_id,
                    "name": name,
                    "item_sku": parent_sku or sku,
                    "has_model": bool(parent_sku),
                    "skus": {},
                    "created": now,
                    "updated": now,
                }
                if parent_sku:
                    self.store.put("parent", f"{platform}:{shop_id}:{parent_sku}", item_id)
            item_id = str(listing["item_id"])
            if platform == "shopee":
                sub_id = str(self.store.next_number("shopee.model", 221404189791)) if listing["has_model"] else "0"
            else:
                sub_id = str(self.store.next_number("lazada.sku", 15046577840))
            entry = {"sku_id": sub_id, "stock": int(stock), "price": str(_money(price)), "name": name}
            listing["skus"][sku] = entry
            listing["updated"] = now
            self.store.put("listing", f"{platform}:{shop_id}:{item_id}", listing)
            self.store.put("sku", f"{platform}:{shop_id}:{sku}", item_id)
            return {"item_id": item_id, **entry}

    def _listings(self, platform: str, shop_id: str) -> list[dict[str, Any]]:
        listings = self.store.values("listing", f"{platform}:{shop_id}:")
        return sorted(listings, key=lambda listing: int(listing["item_id"]))

    def _listing_of(self, platform: str, shop_id: str, sku: str) -> dict[str, Any] | None:
        item_id = self.store.get("sku", f"{platform}:{shop_id}:{sku}")
        listing = self.store.get("listing", f"{platform}:{shop_id}:{item_id}") if item_id is not None else None
        return dict(listing) if listing is not None else None

    def _set_stock(self, platform: str, shop_id: str, changes: Mapping[str, int]) -> None:
        """Stock set through the API (one update call, any number of SKUs)."""
        with self._lock:
            for sku, stock in changes.items():
                listing = self._listing_of(platform, shop_id, sku)
                if listing is not None:
                    listing["skus"][sku]["stock"] = stock
                    listing["updated"] = self.now()
                    self.store.put("listing", f"{platform}:{shop_id}:{listing['item_id']}", listing)
            record = self.store.get("stock", f"{platform}:{shop_id}") or {"stock": {}, "calls": 0}
            record["stock"].update(changes)
            record["calls"] += 1
            self.store.put("stock", f"{platform}:{shop_id}", record)

    def stock_updates(self, platform: str, shop_id: str) -> StockUpdates:
        """The last stock each SKU was set to through the API (``.calls``: how many update calls)."""
        record = self.store.get("stock", f"{platform}:{shop_id}") or {"stock": {}, "calls": 0}
        updates = StockUpdates(record["stock"])
        updates.calls = int(record["calls"])
        return updates

    # --- orders ------------------------------------------------------------------------------------------

    def create_order(
        self,
        platform: str,
        shop_id: str,
        lines: Iterable[Mapping[str, Any]],
        *,
        buyer: str = "buyer123",
        status: str | None = None,
        push: bool = True,
    ) -> str:
        """A buyer's order (``lines``: sku, name, qty, unit_price); unknown SKUs get a listing. Returns its id."""
        _platform(platform)
        shop_id = str(shop_id)
        status = self._check_status(platform, status or ("UNPAID" if platform == "shopee" else "unpaid"))
        with self._lock:
            now = self.now()
            order_lines = []
            for line in lines:
                sku = str(line.get("sku") or "").strip()
                try:
                    qty, price = int(line.get("qty", 1)), _money(line.get("unit_price", "0"))
                except (InvalidOperation, TypeError, ValueError):
                    raise SimError(f"line {sku!r}: qty must be a number and unit_price an amount") from None
                if not sku or qty < 1:
                    raise SimError("every line needs a SKU and a quantity of at least 1")
                name = str(line.get("name") or sku)
                listing = self._listing_of(platform, shop_id, sku)
                if listing is None:
                    self.register_item(platform, shop_id, sku, name, 100, price=price)
                    listing = self._listing_of(platform, shop_id, sku)
                assert listing is not None
                entry = {
                    "sku": sku,
                    "name": name,
                    "qty": qty,
                    "unit_price": str(price),
                    "item_id": listing["item_id"],
                    "sub_id": listing["skus"][sku]["sku_id"],
                    "item_sku": listing["item_sku"],
                    "has_model": listing["has_model"],
                }
                if platform == "lazada":
                    entry["items"] = [
                        {"order_item_id": str(self.store.next_number("lazada.order_item", 204739200000001)),
                         "status": status, "updated": now}
                        for _ in range(qty)
                    ]  # fmt: skip
                order_lines.append(entry)
            if not order_lines:
                raise SimError("an order needs at least one line")
            order_id = self._new_order_id(platform, now)
            order = {
                "platform": platform,
                "shop_id": shop_id,
                "order_id": order_id,
                "status": status,
                "created": now,
                "updated": now,
                "pay_time": now if status not in ("UNPAID", "unpaid", "PENDING") else None,
                "buyer": str(buyer),
                "lines": order_lines,
                "tracking_number": "",
                "package_number": "",
                "released": False,
                "transactions": [],
                "last_push": None,
            }
            pushes = self._apply_status(order, status, None, now, initial=True)
            self._save(order)
        self._send_pushes(platform, order_id, pushes, push)
        return order_id

    def _new_order_id(self, platform: str, now: int) -> str:
        if platform == "lazada":
            return str(self.store.next_number("lazada.order", 204739100000001))
        alphabet = string.digits + string.ascii_uppercase
        while True:
            order_sn = _site(now).strftime("%y%m%d") + "".join(secrets.choice(alphabet) for _ in range(8))
            if self.store.get("order", f"shopee:{order_sn}") is None:
                return order_sn

    def _check_status(self, platform: str, raw: str) -> str:
        known = SHOPEE_STATUSES if platform == "shopee" else LAZADA_STATUSES
        if raw not in known:
            raise SimError(f"{platform}: unknown order status {raw!r} (one of {', '.join(known)})")
        return raw

    def _save(self, order: dict[str, Any]) -> None:
        self.store.put("order", f"{order['platform']}:{order['order_id']}", order)

    def order_doc(self, platform: str, order_id: str) -> dict[str, Any]:
        """The simulator's record of an order (for the dev console and tests)."""
        found = self.store.get("order", f"{platform}:{order_id}")
        if found is None:
            raise SimError(f"{platform}: no order {order_id}")
        return dict(found)

    def set_status(
        self,
        platform: str,
        order_id: str,
        raw_status: str,
        push: bool = True,
        *,
        order_item_ids: Iterable[str] | None = None,
    ) -> None:
        """The order moves to ``raw_status`` (Lazada: only the given order items, when given).

        COMPLETED (Shopee) releases the escrow; Lazada books the order's transactions at delivered and marks
        them paid at confirmed (see :meth:`settle`).
        """
        _platform(platform)
        raw_status = self._check_status(platform, raw_status)
        with self._lock:
            order = self.order_doc(platform, order_id)
            now = max(self.now(), int(order["updated"]))
            pushes = self._apply_status(order, raw_status, set(order_item_ids) if order_item_ids else None, now)
            self._save(order)
        self._send_pushes(platform, order_id, pushes, push)

    def settle(self, platform: str, order_id: str) -> None:
        """Release the order's money: Shopee -> COMPLETED; Lazada -> its transactions paid out (booked if needed)."""
        if platform == "shopee":
            self.set_status(platform, order_id, "COMPLETED")
            return
        with self._lock:
            order = self.order_doc(platform, order_id)
            self._book_transactions(order, self.now(), paid=True)
            self._save(order)

    def _apply_status(
        self, order: dict[str, Any], raw: str, item_ids: set[str] | None, now: int, *, initial: bool = False
    ) -> list[bytes]:
        """Change the order in place; the push bodies the change makes."""
        platform = order["platform"]
        order["status"] = raw
        order["updated"] = now
        if order.get("pay_time") is None and raw not in ("UNPAID", "unpaid", "PENDING", "CANCELLED", "canceled"):
            order["pay_time"] = now
        pushes: list[bytes] = []
        new_tracking = False
        if not order["tracking_number"] and raw in (SHOPEE_TRACKED if platform == "shopee" else LAZADA_TRACKED):
            digits = "".join(secrets.choice(string.digits) for _ in range(10))
            order["tracking_number"] = ("SPXMY0" if platform == "shopee" else "MYMPA") + digits
            order["package_number"] = "OFG" + "".join(secrets.choice(string.digits) for _ in range(15))
            new_tracking = True
        if platform == "shopee":
            if raw == "COMPLETED":
                order["released"] = True
            pushes.append(self._shopee_status_push(order, now))
            if new_tracking and not initial:
                pushes.append(self._shopee_tracking_push(order, now))
        else:
            for line in order["lines"]:
                for item in line["items"]:
                    if item_ids is None or item["order_item_id"] in item_ids:
                        item["status"] = raw
                        item["updated"] = now
                        pushes.append(self._lazada_push(order, item, now))
            statuses = {item["status"] for line in order["lines"] for item in line["items"]}
            if statuses <= LAZADA_SETTLED:
                self._book_transactions(order, now, paid="confirmed" in statuses and statuses == {"confirmed"})
        if pushes:
            order["last_push"] = pushes[-1].decode("utf-8")
        return pushes

    # --- money ---------------------------------------------------------------------------------------------

    @staticmethod
    def figures(order: Mapping[str, Any]) -> dict[str, Decimal]:
        """subtotal, total, commission (5 % of subtotal), service (3 % of subtotal), transaction (2 % of total),
        payout (total - fees); each fee rounded half-up to 0.01."""
        subtotal = sum((_money(line["unit_price"]) * line["qty"] for line in order["lines"]), Decimal(0))
        total = subtotal
        commission = _money(subtotal * COMMISSION_RATE)
        service = _money(subtotal * SERVICE_RATE)
        transaction = _money(total * TRANSACTION_RATE)
        return {
            "subtotal": subtotal,
            "total": total,
            "commission": commission,
            "service": service,
            "transaction": transaction,
            "payout": total - commission - service - transaction,
        }

    def _book_transactions(self, order: dict[str, Any], now: int, *, paid: bool) -> None:
        """Lazada finance rows: one Item Price Credit per order item, the fees on the first item."""
        if not order["transactions"]:
            figures = self.figures(order)
            first = order["lines"][0]["items"][0]["order_item_id"]
            rows = [
                (
                    item["order_item_id"],
                    line["sku"],
                    "13",
                    "Orders-Sales",
                    "Item Price Credit",
                    _money(line["unit_price"]),
                )
                for line in order["lines"]
                for item in line["items"]
            ]
            rows += [
                (first, order["lines"][0]["sku"], "16", "Orders-Lazada Fees", "Commission", -figures["commission"]),
                (first, order["lines"][0]["sku"], "109", "Other Services-Lazada Fees", "Other Services Fee",
                 -figures["service"]),
                (first, order["lines"][0]["sku"], "3", "Orders-Lazada Fees", "Payment Fee", -figures["transaction"]),
            ]  # fmt: skip
            order["transactions"] = [
                {
                    "order_item_id": item_id,
                    "seller_sku": sku,
                    "fee_type": fee_type,
                    "transaction_type": kind,
                    "fee_name": name,
                    "amount": str(amount),
                    "date": now,
                    "number": f"MY1{order['shop_id'][-5:]:0>5}-{secrets.token_hex(4).upper()}",
                }
                for item_id, sku, fee_type, kind, name, amount in rows
            ]
        if paid:
            order["released"] = True

    # --- pushes --------------------------------------------------------------------------------------------

    def _shopee_status_push(self, order: Mapping[str, Any], now: int) -> bytes:
        data = {
            "items": [],
            "ordersn": order["order_id"],
            "status": order["status"],
            "completed_scenario": "",
            "update_time": order["updated"],
        }
        return dumps({"data": data, "shop_id": _shop_number(order["shop_id"]), "code": 3, "timestamp": now})

    def _shopee_tracking_push(self, order: Mapping[str, Any], now: int) -> bytes:
        data = {
            "ordersn": order["order_id"],
            "package_number": order["package_number"],
            "tracking_no": order["tracking_number"],
        }
        return dumps({"data": data, "shop_id": _shop_number(order["shop_id"]), "code": 4, "timestamp": now})

    def _lazada_push(self, order: Mapping[str, Any], item: Mapping[str, Any], now: int) -> bytes:
        data = {
            "order_status": item["status"],
            "trade_order_id": order["order_id"],
            "trade_order_line_id": item["order_item_id"],
            "status_update_time": item["updated"],
        }
        body = {"seller_id": order["shop_id"], "message_type": 0, "data": data}
        return dumps({**body, "timestamp": now * 1000 + int(time.time() * 1000) % 1000, "site": "lazada_my"})

    def sign_push(self, platform: str, url: str, body: bytes) -> str:
        """The Authorization header the platform sends (Shopee: over url|body; Lazada: over app_key + body)."""
        key, secret = self.apps[platform]
        if platform == "shopee":
            return _hmac_hex(secret, url.encode("utf-8") + b"|" + body)
        return _hmac_hex(secret, key.encode("utf-8") + body)

    def push_body(self, platform: str, order_id: str) -> tuple[str, bytes, dict[str, str]]:
        """(url, body, headers) of the order's latest push, exactly as it is sent."""
        order = self.order_doc(platform, order_id)
        if not order.get("last_push"):
            raise SimError(f"{platform}: order {order_id} has no push")
        url = self.push_url.get(platform, "")
        body = str(order["last_push"]).encode("utf-8")
        return url, body, {"Content-Type": "application/json", "Authorization": self.sign_push(platform, url, body)}

    def push(self, platform: str, order_id: str, *, signature: str | None = None) -> int:
        """Send the order's latest push again (``signature`` replaces the real one); the receiver's HTTP
        status (0: no answer)."""
        url, body, headers = self.push_body(platform, order_id)
        if not url:
            raise SimError(f"no push_url for {platform}")
        if signature is not None:
            headers["Authorization"] = signature
        return self._deliver(platform, order_id, url, body, headers) or 0

    def hold_pushes(self, hold: bool = True) -> None:
        """Keep new pushes back (missed pushes); :meth:`flush_pushes` sends them later."""
        with self._lock:
            self._hold = hold

    def flush_pushes(self) -> list[int]:
        """Send the pushes held back, in order; their receivers' statuses."""
        with self._lock:
            held, self._held = self._held, []
        return [self._deliver(p, o, u, b, h) or 0 for p, o, u, b, h in held]

    def _send_pushes(self, platform: str, order_id: str, bodies: list[bytes], wanted: bool) -> None:
        url = self.push_url.get(platform, "")
        if not wanted or not bodies:
            return
        for body in bodies:
            headers = {"Content-Type": "application/json", "Authorization": self.sign_push(platform, url, body)}
            with self._lock:
                if not url or self._hold:
                    if url:
                        self._held.append((platform, order_id, url, body, headers))
                    self.push_log.append(
                        {"platform": platform, "order_id": order_id, "url": url, "status": None,
                         "held": bool(url), "at": self.now()}
                    )  # fmt: skip
                    continue
            self._deliver(platform, order_id, url, body, headers)

    def _deliver(self, platform: str, order_id: str, url: str, body: bytes, headers: dict[str, str]) -> int | None:
        """POST one push (never while holding the lock: the receiver may call the API back)."""
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        status: int | None
        error = ""
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=PUSH_TIMEOUT) as answer:
                status = int(answer.status)
        except urllib.error.HTTPError as exc:
            status = int(exc.code)
        except (urllib.error.URLError, OSError) as exc:
            status, error = None, type(exc).__name__
        with self._lock:
            self.push_log.append(
                {"platform": platform, "order_id": order_id, "url": url, "status": status, "held": False,
                 "at": self.now(), "ms": round((time.perf_counter() - started) * 1000), "error": error}
            )  # fmt: skip
            self.stats[f"push.{status}"] += 1
        return status

    # --- WSGI ----------------------------------------------------------------------------------------------

    def wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        path = request.path
        try:
            endpoint, args = URLS.bind_to_environ(environ).match()
            response = getattr(self, f"_{endpoint}")(request, **args)
        except ShopeeError as err:
            response = err.response()
        except LazadaError as err:
            response = err.response()
        except SimError as err:
            response = json_response({"error": str(err)}, 400)
        except (NotFound, MethodNotAllowed) as err:
            response = self._unknown(path, err)
        except HTTPException as err:
            response = json_response({"error": err.description or "bad request"}, err.code or 400)
        except Exception as err:
            if path.startswith("/_sim/") and isinstance(err, KeyError | TypeError | ValueError):
                return json_response({"error": f"{type(err).__name__}: {err}"}, 400)(environ, start_response)
            log.exception("simulator error on %s", path)
            if path.startswith("/rest/"):
                response = LazadaError(
                    "InternalError", "The request processing has failed due to some unknown error.", "ISP"
                ).response()
            else:
                response = ShopeeError(500, "error_server", "System error. Please try again later.").response()
        return response(environ, start_response)

    @staticmethod
    def _unknown(path: str, err: HTTPException) -> Response:
        if path.startswith("/api/v2/"):
            return ShopeeError(404, "error_not_found", f"Wrong parameters, detail: api {path} not found.").response()
        if path.startswith("/rest/"):
            return LazadaError("InvalidApiPath", f"The specified API path {path[5:]} is invalid", "ISV").response()
        return json_response({"error": err.description or "not found"}, err.code or 404)

    # --- Shopee ----------------------------------------------------------------------------------------------

    def _shopee_auth(self, request: Request, *, shop: bool = True) -> str:
        """Shop id of a signed Shopee call (public APIs: ""); raises Shopee's errors."""
        self._count("shopee.requests")
        partner_id, stamp, access, shop_id = self._shopee_common(request, shop=shop)
        secret = self.apps["shopee"][1]
        expected = _hmac_hex(secret, f"{partner_id}{request.path}{stamp}{access}{shop_id}".encode())
        if not hmac.compare_digest(expected.encode(), request.args.get("sign", "").encode("utf-8", "replace")):
            self._count("shopee.bad_sign")
            raise ShopeeError(403, "error_sign", "Wrong sign.")
        wait = self.limiter.check("shopee", shop_id or partner_id)
        if wait is not None:
            self._count("shopee.throttled")
            retry = {"Retry-After": str(max(1, round(wait)))}
            raise ShopeeError(429, "error_server", "Too many requests, please try again later", retry)
        if shop:
            token = self.store.get("token", access)
            if token is None or token["platform"] != "shopee" or token["shop_id"] != shop_id:
                raise ShopeeError(403, "invalid_acceess_token", "Invalid access_token.")
            if token["expires"] <= self.now():
                self._count("shopee.token_expired")
                raise ShopeeError(403, "invalid_acceess_token", "Invalid access_token.")
        return shop_id

    def _shopee_common(self, request: Request, *, shop: bool) -> tuple[str, str, str, str]:
        """(partner_id, timestamp, access_token, shop_id) present and well formed."""
        args = request.args
        partner_id, stamp = args.get("partner_id", ""), args.get("timestamp", "")
        if not partner_id:
            raise ShopeeError(400, "error_param", "There is no partner_id in query.")
        if not stamp:
            raise ShopeeError(400, "error_param", "no timestamp")
        if not args.get("sign"):
            raise ShopeeError(400, "error_param", "There is no sign in query.")
        if partner_id != self.apps["shopee"][0]:
            raise ShopeeError(400, "error_param", "Invalid partner_id.")
        if not stamp.isdigit() or abs(int(stamp) - time.time()) > TIMESTAMP_WINDOW["shopee"]:
            raise ShopeeError(400, "error_param", "Invalid timestamp")
        if not shop:
            return partner_id, stamp, "", ""
        access, shop_id = args.get("access_token", ""), args.get("shop_id", "")
        if not access:
            raise ShopeeError(400, "error_param", "There is no access_token in query.")
        if not shop_id:
            raise ShopeeError(400, "error_param", "There is no shop_id in query.")
        return partner_id, stamp, access, shop_id

    @staticmethod
    def _ok(response: Any) -> Response:
        return json_response({"error": "", "message": "", "response": response, "request_id": _request_id()})

    def _shopee_order(self, shop_id: str, order_sn: str) -> dict[str, Any] | None:
        order = self.store.get("order", f"shopee:{order_sn}")
        return dict(order) if order is not None and order["shop_id"] == shop_id else None

    def _shopee_order_detail(self, request: Request) -> Response:
        shop_id = self._shopee_auth(request)
        order_sns = [sn for sn in request.args.get("order_sn_list", "").split(",") if sn]
        if not order_sns or len(order_sns) > 50:
            raise ShopeeError(400, "error_param", "Wrong parameters, detail: order_sn_list limit [1,50].")
        fields = {f.strip() for f in request.args.get("response_optional_fields", "").split(",") if f.strip()}
        orders = [o for o in (self._shopee_order(shop_id, sn) for sn in order_sns) if o is not None]
        if not orders:
            raise ShopeeError(400, "error_not_found", "Wrong parameters, detail: the order is not found.")
        return self._ok({"order_list": [self._shopee_detail(o, fields & SHOPEE_OPTIONAL_FIELDS) for o in orders]})

    def _shopee_detail(self, order: Mapping[str, Any], fields: set[str]) -> dict[str, Any]:
        detail: dict[str, Any] = {
            "order_sn": order["order_id"],
            "region": "MY",
            "currency": "MYR",
            "cod": False,
            "order_status": order["status"],
            "message_to_seller": "",
            "create_time": order["created"],
            "update_time": order["updated"],
            "days_to_ship": 2,
            "ship_by_date": order["created"] + 2 * 86400,
        }
        if "buyer_user_id" in fields:
            detail["buyer_user_id"] = int(hashlib.sha256(order["buyer"].encode()).hexdigest()[:8], 16)
        if "buyer_username" in fields:
            detail["buyer_username"] = order["buyer"]
        if "total_amount" in fields:
            detail["total_amount"] = self.figures(order)["total"]
        if "pay_time" in fields and order.get("pay_time"):
            detail["pay_time"] = order["pay_time"]
        if "recipient_address" in fields:
            detail["recipient_address"] = {
                "name": "A****h", "phone": "******12", "town": "", "district": "", "city": "Petaling Jaya",
                "state": "Selangor", "region": "MY", "zipcode": "46000", "full_address": "****, Petaling Jaya",
            }  # fmt: skip
        if "item_list" in fields:
            detail["item_list"] = [
                {
                    "item_id": int(line["item_id"]),
                    "item_name": line["name"],
                    "item_sku": line["item_sku"] if line["has_model"] else line["sku"],
                    "model_id": int(line["sub_id"]),
                    "model_name": line["sku"] if line["has_model"] else "",
                    "model_sku": line["sku"] if line["has_model"] else "",
                    "model_quantity_purchased": line["qty"],
                    "model_original_price": _money(line["unit_price"]),
                    "model_discounted_price": _money(line["unit_price"]),
                    "wholesale": False,
                    "weight": Decimal("0.2"),
                    "add_on_deal": False,
                    "main_item": False,
                    "add_on_deal_id": 0,
                    "promotion_type": "",
                    "promotion_id": 0,
                    "order_item_id": int(line["item_id"]),
                    "promotion_group_id": 0,
                    "image_info": {"image_url": "https://cf.shopee.com.my/file/sim-item_tn"},
                    "product_location_id": [],
                    "is_prescription_item": False,
                    "is_b2c_owned_item": False,
                }
                for line in order["lines"]
            ]
        if "package_list" in fields:
            detail["package_list"] = (
                [
                    {
                        "package_number": order["package_number"],
                        "logistics_status": _shopee_logistics(order["status"]),
                        "logistics_channel_id": 2000,
                        "shipping_carrier": "SPX Express",
                        "allow_self_design_awb": False,
                        "item_list": [
                            {
                                "item_id": int(line["item_id"]),
                                "model_id": int(line["sub_id"]),
                                "model_quantity": line["qty"],
                                "order_item_id": int(line["item_id"]),
                                "promotion_group_id": 0,
                                "product_location_id": "",
                            }
                            for line in order["lines"]
                        ],
                        "parcel_chargeable_weight_gram": 200,
                        "group_shipment_id": None,
                    }
                ]
                if order["package_number"]
                else []
            )
        return detail

    def _shopee_order_list(self, request: Request) -> Response:
        shop_id = self._shopee_auth(request)
        args = request.args
        field = args.get("time_range_field", "")
        if field not in ("create_time", "update_time"):
            raise ShopeeError(400, "error_param", "Wrong parameters, detail: time_range_field is invalid.")
        try:
            time_from, time_to = int(args.get("time_from", "")), int(args.get("time_to", ""))
            page_size = int(args.get("page_size", ""))
            offset = int(args.get("cursor") or 0)
        except ValueError:
            raise ShopeeError(400, "error_param", "Wrong parameters, detail: parameter invalid.") from None
        if time_from > time_to or time_to - time_from > 15 * 86400:
            raise ShopeeError(
                400, "order.order_list_invalid_time", "Start time must be earlier than end time and diff in 15days."
            )
        if not 1 <= page_size <= 100:
            raise ShopeeError(
                400, "error_param", "Invalid page_size, page_size must larger than 0 and cannot exceed 100"
            )
        key = "created" if field == "create_time" else "updated"
        wanted = args.get("order_status", "")
        orders = [
            o
            for o in self.store.values("order", "shopee:")
            if o["shop_id"] == shop_id and time_from <= o[key] <= time_to and (not wanted or o["status"] == wanted)
        ]
        orders.sort(key=lambda o: (-o[key], o["order_id"]))
        page = orders[offset : offset + page_size]
        more = offset + page_size < len(orders)
        with_status = "order_status" in args.get("response_optional_fields", "")
        order_list = [
            {"order_sn": o["order_id"], **({"order_status": o["status"]} if with_status else {})} for o in page
        ]
        return self._ok(
            {"more": more, "next_cursor": str(offset + page_size) if more else "", "order_list": order_list}
        )

    def _shopee_escrow_detail(self, request: Request) -> Response:
        shop_id = self._shopee_auth(request)
        order = self._shopee_order(shop_id, request.args.get("order_sn", ""))
        if order is None:
            raise ShopeeError(400, "error_not_found", "Wrong parameters, detail: the order is not found.")
        f = self.figures(order)
        zero = Decimal("0")
        items = [
            {
                "item_id": int(line["item_id"]),
                "item_name": line["name"],
                "item_sku": line["item_sku"] if line["has_model"] else line["sku"],
                "model_id": int(line["sub_id"]),
                "model_name": line["sku"] if line["has_model"] else "",
                "model_sku": line["sku"] if line["has_model"] else "",
                "original_price": _money(line["unit_price"]) * line["qty"],
                "selling_price": _money(line["unit_price"]) * line["qty"],
                "discounted_price": _money(line["unit_price"]) * line["qty"],
                "seller_discount": zero,
                "shopee_discount": zero,
                "discount_from_coin": zero,
                "discount_from_voucher_shopee": zero,
                "discount_from_voucher_seller": zero,
                "activity_type": "",
                "activity_id": 0,
                "is_main_item": False,
                "quantity_purchased": line["qty"],
                "ams_commission_fee": zero,
                "promotion_list": [],
            }
            for line in order["lines"]
        ]
        income = {
            "escrow_amount": f["payout"],
            "escrow_amount_after_adjustment": f["payout"],
            "buyer_total_amount": f["total"],
            "original_price": f["subtotal"],
            "order_original_price": f["subtotal"],
            "order_discounted_price": f["subtotal"],
            "order_selling_price": f["subtotal"],
            "cost_of_goods_sold": f["subtotal"],
            "original_cost_of_goods_sold": f["subtotal"],
            "order_seller_discount": zero,
            "seller_discount": zero,
            "shopee_discount": zero,
            "original_shopee_discount": zero,
            "voucher_from_seller": zero,
            "voucher_from_shopee": zero,
            "coins": zero,
            "buyer_paid_shipping_fee": zero,
            "buyer_transaction_fee": zero,
            "commission_fee": f["commission"],
            "service_fee": f["service"],
            "seller_transaction_fee": f["transaction"],
            "credit_card_transaction_fee": f["transaction"],
            "seller_order_processing_fee": zero,
            "campaign_fee": zero,
            "order_ams_commission_fee": zero,
            "actual_shipping_fee": zero,
            "estimated_shipping_fee": zero,
            "final_shipping_fee": zero,
            "shipping_fee_sst": zero,
            "reverse_shipping_fee": zero,
            "seller_return_refund": zero,
            "total_adjustment_amount": zero,
            "escrow_tax": zero,
            "withholding_tax": zero,
            "buyer_payment_method": "Online Banking",
            "instalment_plan": "N/A",
            "seller_voucher_code": [],
            "items": items,
        }
        payment = {
            "buyer_payment_method": "Online Banking",
            "buyer_total_amount": f["total"],
            "merchant_subtotal": f["subtotal"],
            "shipping_fee": zero,
            "seller_voucher": zero,
            "shopee_voucher": zero,
            "shopee_coins_redeemed": zero,
            "credit_card_promotion": zero,
            "insurance_premium": zero,
            "buyer_service_fee": zero,
            "buyer_tax_amount": zero,
            "is_paid_by_credit_card": False,
        }
        return self._ok(
            {
                "order_sn": order["order_id"],
                "buyer_user_name": order["buyer"],
                "return_order_sn_list": [],
                "order_income": income,
                "buyer_payment_info": payment,
            }
        )

    def _shopee_tracking_number(self, request: Request) -> Response:
        shop_id = self._shopee_auth(request)
        order = self._shopee_order(shop_id, request.args.get("order_sn", ""))
        if order is None:
            raise ShopeeError(400, "error_not_found", "Wrong parameters, detail: the order is not found.")
        hint = "" if order["tracking_number"] else "tracking number is not available yet"
        return self._ok({"tracking_number": order["tracking_number"], "first_mile_tracking_number": "", "hint": hint})

    def _shopee_item_list(self, request: Request) -> Response:
        shop_id = self._shopee_auth(request)
        statuses = request.args.getlist("item_status")
        try:
            offset, page_size = int(request.args.get("offset", "")), int(request.args.get("page_size", ""))
        except ValueError:
            raise ShopeeError(
                400, "error_param", "Wrong parameters, detail: offset and page_size are required."
            ) from None
        if not statuses:
            raise ShopeeError(400, "error_param", "Wrong parameters, detail: item_status is required.")
        if not 1 <= page_size <= 100:
            raise ShopeeError(
                400, "error_param", "Invalid page_size, page_size must larger than 0 and cannot exceed 100"
            )
        listings = self._listings("shopee", shop_id) if "NORMAL" in statuses else []
        page = listings[offset : offset + page_size]
        more = offset + page_size < len(listings)
        item = [
            {"item_id": int(x["item_id"]), "item_status": "NORMAL", "update_time": x["updated"], "tag": {"kit": False}}
            for x in page
        ]
        response: dict[str, Any] = {"item": item, "total_count": len(listings), "has_next_page": more}
        if more:
            response["next_offset"] = offset + page_size
        return self._ok(response)

    def _shopee_listing(self, shop_id: str, item_id: str) -> dict[str, Any] | None:
        found = self.store.get("listing", f"shopee:{shop_id}:{item_id}")
        return dict(found) if found is not None else None

    def _shopee_item_base_info(self, request: Request) -> Response:
        shop_id = self._shopee_auth(request)
        ids = [i.strip() for i in request.args.get("item_id_list", "").split(",") if i.strip()]
        if not ids or len(ids) > 50:
            raise ShopeeError(400, "error_param", "item_id_list is blank or exceeded max limit.")
        item_list = []
        for item_id in ids:
            listing = self._shopee_listing(shop_id, item_id)
            if listing is None:
                continue
            entry: dict[str, Any] = {
                "item_id": int(item_id),
                "category_id": 100636,
                "item_name": listing["name"],
                "item_sku": listing["item_sku"],
                "item_status": "NORMAL",
                "create_time": listing["created"],
                "update_time": listing["updated"],
                "has_model": listing["has_model"],
                "condition": "NEW",
            }
            if not listing["has_model"]:
                only = next(iter(listing["skus"].values()))
                price = _money(only["price"])
                entry["price_info"] = [{"currency": "MYR", "original_price": price, "current_price": price}]
                entry["stock_info_v2"] = _shopee_stock(only["stock"])
            item_list.append(entry)
        return self._ok({"item_list": item_list})

    def _shopee_model_list(self, request: Request) -> Response:
        shop_id = self._shopee_auth(request)
        listing = self._shopee_listing(shop_id, request.args.get("item_id", ""))
        if listing is None:
            raise ShopeeError(400, "product.error_item_not_found", "Item not found.")
        skus = list(listing["skus"].items()) if listing["has_model"] else []
        return self._ok(
            {
                "tier_variation": [
                    {"name": "Variation", "option_list": [{"option": sku} for sku, _ in skus]}
                ] if skus else [],
                "model": [
                    {
                        "model_id": int(entry["sku_id"]),
                        "model_sku": sku,
                        "model_status": "MODEL_NORMAL",
                        "tier_index": [index],
                        "promotion_id": 0,
                        "price_info": [
                            {"currency": "MYR", "current_price": _money(entry["price"]),
                             "original_price": _money(entry["price"])}
                        ],
                        "stock_info_v2": _shopee_stock(entry["stock"]),
                    }
                    for index, (sku, entry) in enumerate(skus)
                ],
            }
        )  # fmt: skip

    def _shopee_update_stock(self, request: Request) -> Response:
        shop_id = self._shopee_auth(request)
        try:
            body = json.loads(request.get_data() or b"{}")
            item_id = str(int(body["item_id"]))
            stock_list = list(body["stock_list"])
        except (ValueError, KeyError, TypeError):
            raise ShopeeError(400, "product.error_param", "invalid field ItemId: value must  Not Null") from None
        if not 1 <= len(stock_list) <= 50:
            raise ShopeeError(400, "product.error_param", "stock_list length should be between 1 to 50.")
        listing = self._shopee_listing(shop_id, item_id)
        if listing is None:
            raise ShopeeError(400, "product.error_item_not_found", "Item not found.")
        by_model = {str(entry["sku_id"]): sku for sku, entry in listing["skus"].items()}
        success, failure, changes = [], [], {}
        for entry in stock_list:
            model_id = str(entry.get("model_id") or 0)
            seller_stock = entry.get("seller_stock") or []
            sku = by_model.get(model_id)
            if sku is None or not seller_stock:
                failure.append(
                    {"model_id": int(model_id), "failed_reason": "model not found" if sku is None else "no stock"}
                )
                continue
            stock = sum(int(s.get("stock", 0)) for s in seller_stock)
            if stock < 0:
                failure.append(
                    {"model_id": int(model_id), "failed_reason": "Normal_stock/ seller_stock is less than min limit."}
                )
                continue
            changes[sku] = stock
            success.append({"model_id": int(model_id), "location_id": "", "stock": stock})
        if changes:
            self._set_stock("shopee", shop_id, changes)
        return self._ok({"failure_list": failure, "success_list": success})

    def _shopee_refresh(self, request: Request) -> Response:
        self._shopee_auth(request, shop=False)
        try:
            body = json.loads(request.get_data() or b"{}")
            refresh_token, partner_id = str(body["refresh_token"]), str(body["partner_id"])
            shop_id = str(body["shop_id"])
        except (ValueError, KeyError, TypeError):
            raise ShopeeError(
                400, "error_param", "Wrong parameters, detail: refresh_token, partner_id and shop_id are required."
            ) from None
        if partner_id != self.apps["shopee"][0]:
            raise ShopeeError(403, "error_auth", "Invalid partner_id or shopid.")
        try:
            shop_id, access, refresh, expires = self._refresh("shopee", refresh_token, shop_id)
        except KeyError:
            raise ShopeeError(403, "error_auth", "Invalid refresh_token.") from None
        self._count("shopee.refreshed")
        return json_response(
            {
                "partner_id": int(partner_id),
                "refresh_token": refresh,
                "access_token": access,
                "expire_in": expires - self.now(),
                "request_id": _request_id(),
                "error": "",
                "message": "",
                "shop_id": int(shop_id),
            }
        )

    # --- Lazada ------------------------------------------------------------------------------------------------

    def _lazada_auth(self, request: Request, *, token: bool = True) -> tuple[str, dict[str, str]]:
        """(seller_id, parameters) of a signed Lazop call; raises Lazada's errors."""
        self._count("lazada.requests")
        params = {**request.args.to_dict(), **request.form.to_dict()}
        api_path = request.path[len("/rest") :]
        key, secret = self.apps["lazada"]
        if not params.get("app_key"):
            raise LazadaError("MissingAppKey", "App key is missing")
        if params["app_key"] != key:
            raise LazadaError("InvalidAppKey", "Specified app key is invalid")
        stamp = params.get("timestamp", "")
        if not stamp:
            raise LazadaError("MissingTimestamp", "Timestamp is missing")
        if not stamp.isdigit() or abs(int(stamp) / 1000 - time.time()) > TIMESTAMP_WINDOW["lazada"]:
            raise LazadaError("InvalidTimestamp", "Specified timestamp is invalid or expired")
        if params.get("sign_method", "") != "sha256":
            raise LazadaError("InvalidSignMethod", "Specified sign method is not supported")
        if not params.get("sign"):
            raise LazadaError("MissingSignature", "The request signature is missing")
        text = api_path + "".join(f"{k}{params[k]}" for k in sorted(params) if k != "sign" and params[k] != "")
        expected = _hmac_hex(secret, text.encode("utf-8")).upper()
        if not hmac.compare_digest(expected.encode(), params["sign"].encode("utf-8", "replace")):
            self._count("lazada.bad_sign")
            raise LazadaError("IncompleteSignature", "The request signature does not conform to lazop standards")
        seller_id = ""
        if token:
            access = params.get("access_token", "")
            if not access:
                raise LazadaError("MissingAccessToken", "Access token is missing")
            found = self.store.get("token", access)
            if found is None or found["platform"] != "lazada" or found["expires"] <= self.now():
                self._count("lazada.token_expired")
                raise LazadaError("IllegalAccessToken", "The specified access token is invalid or expired")
            seller_id = str(found["shop_id"])
        if self.limiter.check("lazada", seller_id or key) is not None:
            self._count("lazada.throttled")
            raise LazadaError(
                "ApiCallLimit",
                "The request has exceeded the limit. "
                "Api access frequency exceeds the limit. this ban will last 1 seconds",
                "SYSTEM",
            )
        return seller_id, params

    @staticmethod
    def _lazada_ok(data: Any) -> Response:
        return json_response({"code": "0", "data": data, "request_id": _request_id()})

    def _lazada_order_of(self, seller_id: str, order_id: str) -> dict[str, Any]:
        order = self.store.get("order", f"lazada:{order_id}") if order_id else None
        if order is None or order["shop_id"] != seller_id:
            raise LazadaError("16", f'E016: "{order_id}" Invalid Order ID')
        return dict(order)

    def _lazada_header(self, order: Mapping[str, Any], *, iso: bool = False) -> dict[str, Any]:
        stamp = lazada_iso if iso else lazada_time
        f = self.figures(order)
        items = [item for line in order["lines"] for item in line["items"]]
        address = {
            "first_name": order["buyer"], "last_name": "", "phone": "60******12", "phone2": "", "address1": "****",
            "address2": "", "address3": "Selangor", "address4": "Petaling Jaya", "address5": "Section 14",
            "city": "Petaling Jaya", "post_code": "46100", "country": "Malaysia", "addressDistrict": "",
        }  # fmt: skip
        return {
            "order_id": int(order["order_id"]),
            "order_number": int(order["order_id"]),
            "created_at": stamp(order["created"]),
            "updated_at": stamp(order["updated"]),
            "customer_first_name": order["buyer"],
            "customer_last_name": "",
            "price": str(f["subtotal"]),
            "items_count": len(items),
            "statuses": sorted({item["status"] for item in items}),
            "payment_method": "MIXEDCARD",
            "voucher": "0.00",
            "voucher_platform": "0.00",
            "voucher_seller": "0.00",
            "voucher_code": "",
            "shipping_fee": "0.00",
            "shipping_fee_original": "0.00",
            "shipping_fee_discount_seller": "0.00",
            "shipping_fee_discount_platform": "0.00",
            "gift_option": False,
            "gift_message": "",
            "remarks": "",
            "delivery_info": "",
            "promised_shipping_times": "",
            "national_registration_number": "",
            "extra_attributes": "",
            "warehouse_code": "dropshipping",
            "buyer_note": "",
            "address_billing": dict(address),
            "address_shipping": dict(address),
        }

    def _lazada_order(self, request: Request) -> Response:
        seller_id, params = self._lazada_auth(request)
        return self._lazada_ok(self._lazada_header(self._lazada_order_of(seller_id, params.get("order_id", ""))))

    def _lazada_order_items(self, request: Request) -> Response:
        seller_id, params = self._lazada_auth(request)
        order = self._lazada_order_of(seller_id, params.get("order_id", ""))
        data = []
        for line in order["lines"]:
            price = str(_money(line["unit_price"]))
            for item in line["items"]:
                data.append(
                    {
                        "order_item_id": int(item["order_item_id"]),
                        "order_id": order["order_id"],
                        "order_type": "Normal",
                        "name": line["name"],
                        "sku": line["sku"],
                        "shop_sku": f"{line['item_id']}_MY-{line['sub_id']}",
                        "sku_id": line["sub_id"],
                        "product_id": line["item_id"],
                        "variation": "",
                        "item_price": price,
                        "paid_price": price,
                        "tax_amount": "0.00",
                        "voucher_amount": "0.00",
                        "voucher_seller": "0.00",
                        "voucher_platform": "0.00",
                        "wallet_credits": "0.00",
                        "shipping_amount": "0.00",
                        "shipping_service_cost": 0,
                        "currency": "MYR",
                        "status": item["status"],
                        "tracking_code": order["tracking_number"],
                        "tracking_code_pre": "",
                        "package_id": order["package_number"],
                        "shipment_provider": "LEX MY" if order["tracking_number"] else "",
                        "shipping_type": "Dropshipping",
                        "shipping_provider_type": "standard",
                        "created_at": lazada_time(order["created"]),
                        "updated_at": lazada_time(item["updated"]),
                        "promised_shipping_time": "",
                        "is_digital": 0,
                        "digital_delivery_info": "",
                        "reason": "",
                        "reason_detail": "",
                        "return_status": "",
                        "invoice_number": "",
                        "purchase_order_id": "",
                        "purchase_order_number": "",
                        "buyer_id": int(hashlib.sha256(order["buyer"].encode()).hexdigest()[:8], 16),
                        "product_main_image": "https://my-live-01.slatic.net/p/sim.jpg",
                        "product_detail_url": f"https://www.lazada.com.my/products/i{line['item_id']}.html",
                        "extra_attributes": "",
                    }
                )
        return self._lazada_ok(data)

    def _lazada_orders(self, request: Request) -> Response:
        seller_id, params = self._lazada_auth(request)

        def when(name: str) -> int | None:
            value = params.get(name, "")
            if not value:
                return None
            try:
                stamp = datetime.fromisoformat(value)
            except ValueError:
                raise LazadaError("17", "Invalid Date Format") from None
            return int((stamp if stamp.tzinfo else stamp.replace(tzinfo=SITE_TZ)).timestamp())

        update_after, update_before = when("update_after"), when("update_before")
        created_after, created_before = when("created_after"), when("created_before")
        if update_after is None and created_after is None:
            raise LazadaError("MissingParameter", "Either update_after or created_after is mandatory")
        try:
            offset, limit = int(params.get("offset", "0")), int(params.get("limit", "100"))
        except ValueError:
            raise LazadaError("InvalidParameter", "offset and limit must be numbers") from None
        if not 1 <= limit <= 100 or offset < 0:
            raise LazadaError("InvalidParameter", "limit must be between 1 and 100")
        status = params.get("status", "")
        orders = []
        for order in self.store.values("order", "lazada:"):
            if order["shop_id"] != seller_id:
                continue
            if (update_after is not None and order["updated"] < update_after) or (
                update_before is not None and order["updated"] > update_before
            ):
                continue
            if (created_after is not None and order["created"] < created_after) or (
                created_before is not None and order["created"] > created_before
            ):
                continue
            if status and status not in {item["status"] for line in order["lines"] for item in line["items"]}:
                continue
            orders.append(order)
        sort_key = "created" if params.get("sort_by") == "created_at" else "updated"
        descending = params.get("sort_direction", "DESC").upper() != "ASC"
        orders.sort(key=lambda o: (o[sort_key], int(o["order_id"])), reverse=descending)
        page = orders[offset : offset + limit]
        data = {
            "count": len(page),
            "countTotal": len(orders),
            "orders": [self._lazada_header(o, iso=True) for o in page],
        }
        return self._lazada_ok(data)

    def _lazada_transactions(self, request: Request) -> Response:
        seller_id, params = self._lazada_auth(request)
        try:
            start = datetime.strptime(params.get("start_time", ""), "%Y-%m-%d").date()
            end = datetime.strptime(params.get("end_time", ""), "%Y-%m-%d").date()
            offset, limit = int(params.get("offset", "0")), int(params.get("limit", "500"))
        except ValueError:
            raise LazadaError("InvalidParameter", "start_time and end_time are required, as YYYY-MM-DD") from None
        if not 1 <= limit <= 500:
            raise LazadaError("InvalidParameter", "limit must be between 1 and 500")
        order_id, line_id = params.get("trade_order_id", ""), params.get("trade_order_line_id", "")
        fee_type = params.get("trans_type", "-1")
        rows = []
        for order in self.store.values("order", "lazada:"):
            if order["shop_id"] != seller_id or (order_id and order["order_id"] != order_id):
                continue
            for row in order["transactions"]:
                day = _site(row["date"]).date()
                if not start <= day <= end or (line_id and row["order_item_id"] != line_id):
                    continue
                if fee_type not in ("", "-1") and row["fee_type"] != fee_type:
                    continue
                rows.append(
                    {
                        "order_no": order["order_id"],
                        "orderItem_no": row["order_item_id"],
                        "reference": row["order_item_id"],
                        "transaction_date": _site(row["date"]).strftime("%d %b %Y"),
                        "amount": row["amount"],
                        "paid_status": "Paid" if order["released"] else "Not paid",
                        "shipping_provider": "LEX MY",
                        "WHT_included_in_amount": "No",
                        "WHT_amount": "0.00",
                        "VAT_in_amount": "0.00",
                        "payment_ref_id": "",
                        "lazada_sku": row["seller_sku"],
                        "seller_sku": row["seller_sku"],
                        "fee_type": row["fee_type"],
                        "fee_name": row["fee_name"],
                        "transaction_type": row["transaction_type"],
                        "orderItem_status": "Delivered",
                        "shipping_speed": "Standard",
                        "shipment_type": "Dropshipping",
                        "transaction_number": row["number"],
                        "statement": _statement(row["date"]),
                        "details": "",
                        "comment": "",
                    }
                )
        return self._lazada_ok(rows[offset : offset + limit])

    def _lazada_products(self, request: Request) -> Response:
        seller_id, params = self._lazada_auth(request)
        if not params.get("filter"):
            raise LazadaError("MissingParameter", "filter is mandatory")
        wanted: set[str] | None = None
        if params.get("sku_seller_list"):
            try:
                wanted = {str(s) for s in json.loads(params["sku_seller_list"])}
            except (ValueError, TypeError):
                raise LazadaError("InvalidParameter", "sku_seller_list must be a JSON array") from None
        try:
            offset, limit = int(params.get("offset", "0")), int(params.get("limit", "20"))
        except ValueError:
            raise LazadaError("InvalidParameter", "offset and limit must be numbers") from None
        if not 1 <= limit <= 50:
            raise LazadaError("InvalidParameter", "limit must be between 1 and 50")
        products = []
        for listing in self._listings("lazada", seller_id):
            if wanted is not None and not wanted & set(listing["skus"]):
                continue
            products.append(
                {
                    "item_id": int(listing["item_id"]),
                    "primary_category": 10000211,
                    "status": "Active",
                    "created_time": str(listing["created"] * 1000),
                    "updated_time": str(listing["updated"] * 1000),
                    "attributes": {"name": listing["name"], "description": listing["name"]},
                    "skus": [
                        {
                            "SkuId": int(entry["sku_id"]),
                            "SellerSku": sku,
                            "ShopSku": f"{listing['item_id']}_MY-{entry['sku_id']}",
                            "Status": "active",
                            "quantity": entry["stock"],
                            "Available": entry["stock"],
                            "price": _money(entry["price"]),
                            "special_price": _money(entry["price"]),
                            "Url": f"https://www.lazada.com.my/products/i{listing['item_id']}-s{entry['sku_id']}.html",
                        }
                        for sku, entry in listing["skus"].items()
                    ],
                }
            )
        return self._lazada_ok({"total_products": len(products), "products": products[offset : offset + limit]})

    def _lazada_update_stock(self, request: Request) -> Response:
        seller_id, params = self._lazada_auth(request)
        try:
            root = ET.fromstring(params.get("payload", ""))
        except ET.ParseError:
            raise LazadaError("InvalidParameter", "payload is not valid XML") from None
        changes: dict[str, int] = {}
        detail = []
        for sku_node in root.iter("Sku"):
            seller_sku = (sku_node.findtext("SellerSku") or "").strip()
            quantity = (sku_node.findtext("SellableQuantity") or "").strip()
            listing = self._listing_of("lazada", seller_id, seller_sku) if seller_sku else None
            item_id, sku_id = (sku_node.findtext("ItemId") or "").strip(), (sku_node.findtext("SkuId") or "").strip()
            if (
                listing is None
                or (item_id and item_id != listing["item_id"])
                or (sku_id and sku_id != listing["skus"][seller_sku]["sku_id"])
            ):
                detail.append({"field": "SellerSku", "message": "SELLER_SKU_NOT_FOUND", "seller_sku": seller_sku})
                continue
            if not quantity.isdigit():
                detail.append({"field": "SellableQuantity", "message": "INVALID_QUANTITY", "seller_sku": seller_sku})
                continue
            changes[seller_sku] = int(quantity)
        if detail or not changes:
            raise LazadaError(
                "500", "Update sellable quantity failed", "ISP", detail or [{"message": "no Sku in payload"}]
            )
        self._set_stock("lazada", seller_id, changes)
        return self._lazada_ok({})

    def _lazada_refresh(self, request: Request) -> Response:
        _, params = self._lazada_auth(request, token=False)
        try:
            seller_id, access, refresh, expires = self._refresh("lazada", params.get("refresh_token", ""), None)
        except KeyError:
            raise LazadaError("IllegalRefreshToken", "The specified refresh token is invalid or expired") from None
        self._count("lazada.refreshed")
        return json_response(
            {
                "access_token": access,
                "refresh_token": refresh,
                "expires_in": expires - self.now(),
                "refresh_expires_in": self.refresh_ttl["lazada"],
                "country": "my",
                "account_platform": "seller_center",
                "account": f"seller{seller_id}@example.com.my",
                "country_user_info_list": [
                    {"country": "my", "user_id": seller_id, "seller_id": seller_id, "short_code": f"MY{seller_id[-6:]}"}
                ],
                "code": "0",
                "request_id": _request_id(),
            }
        )

    # --- seller center over HTTP (/_sim/) ------------------------------------------------------------------------

    @staticmethod
    def _body(request: Request) -> dict[str, Any]:
        try:
            body = json.loads(request.get_data() or b"{}")
        except ValueError:
            raise SimError("body is not JSON") from None
        if not isinstance(body, dict):
            raise SimError("body must be a JSON object")
        return body

    def _sim_health(self, request: Request) -> Response:
        return json_response({"ok": True, "now": self.now(), "shopee": self.url, "lazada": f"{self.url}/rest"})

    def _sim_authorize(self, request: Request) -> Response:
        body = self._body(request)
        c = self.authorize(str(body.get("platform", "")), str(body.get("shop_id", "")))
        return json_response(
            {"platform": c.platform, "shop_id": c.shop_id, "app_key": c.app_key, "app_secret": c.app_secret,
             "access_token": c.access_token, "refresh_token": c.refresh_token, "expires_at": c.expires_at}
        )  # fmt: skip

    def _sim_register_item(self, request: Request) -> Response:
        body = self._body(request)
        ids = self.register_item(
            str(body.get("platform", "")),
            str(body.get("shop_id", "")),
            str(body.get("sku", "")),
            str(body.get("name") or body.get("sku", "")),
            int(body.get("stock", 0)),
            parent_sku=body.get("parent_sku"),
            price=str(body.get("price", "0.00")),
        )
        return json_response(ids)

    def _sim_orders(self, request: Request) -> Response:
        if request.method == "GET":
            platform, shop_id = request.args.get("platform", ""), request.args.get("shop_id", "")
            orders = [
                o
                for p in PLATFORMS
                if not platform or p == platform
                for o in self.store.values("order", f"{p}:")
                if not shop_id or o["shop_id"] == shop_id
            ]
            return json_response({"orders": sorted(orders, key=lambda o: -o["updated"])})
        body = self._body(request)
        order_id = self.create_order(
            str(body.get("platform", "")),
            str(body.get("shop_id", "")),
            list(body.get("lines") or []),
            buyer=str(body.get("buyer") or "buyer123"),
            status=body.get("status"),
            push=bool(body.get("push", True)),
        )
        return json_response({"order_id": order_id}, 201)

    def _sim_order(self, request: Request, platform: str, order_id: str) -> Response:
        order = self.order_doc(platform, order_id)
        return json_response({**order, "figures": {k: str(v) for k, v in self.figures(order).items()}})

    def _sim_set_status(self, request: Request, platform: str, order_id: str) -> Response:
        body = self._body(request)
        items = body.get("order_item_ids")
        self.set_status(
            platform,
            order_id,
            str(body.get("status", "")),
            push=bool(body.get("push", True)),
            order_item_ids=[str(i) for i in items] if items else None,
        )
        return json_response(self.order_doc(platform, order_id))

    def _sim_settle(self, request: Request, platform: str, order_id: str) -> Response:
        self.settle(platform, order_id)
        return json_response(self.order_doc(platform, order_id))

    def _sim_push(self, request: Request, platform: str, order_id: str) -> Response:
        body = self._body(request)
        signature = body.get("signature")
        return json_response({"status": self.push(platform, order_id, signature=signature)})

    def _sim_push_body(self, request: Request, platform: str, order_id: str) -> Response:
        url, body, headers = self.push_body(platform, order_id)
        return json_response({"url": url, "body": body.decode("utf-8"), "headers": headers})

    def _sim_pushes(self, request: Request) -> Response:
        with self._lock:
            return json_response({"pushes": list(self.push_log), "held": len(self._held), "holding": self._hold})

    def _sim_hold(self, request: Request) -> Response:
        self.hold_pushes(bool(self._body(request).get("hold", True)))
        return json_response({"holding": self._hold})

    def _sim_flush(self, request: Request) -> Response:
        return json_response({"statuses": self.flush_pushes()})

    def _sim_push_url(self, request: Request) -> Response:
        body = self._body(request)
        for platform, url in body.items():
            _platform(platform)
            self.push_url[platform] = str(url)
        return json_response({"push_url": self.push_url})

    def _sim_stock(self, request: Request, platform: str, shop_id: str) -> Response:
        updates = self.stock_updates(platform, shop_id)
        return json_response({"stock": dict(updates), "calls": updates.calls})

    def _sim_advance(self, request: Request) -> Response:
        self.advance(float(self._body(request).get("seconds", 0)))
        return json_response({"now": self.now()})

    def _sim_rate_limit(self, request: Request) -> Response:
        body = self._body(request)
        self.set_rate_limit(str(body.get("platform", "")), body.get("per_second"))
        return json_response({"limits": self.limiter.limits})


def _platform(platform: str) -> str:
    if platform not in PLATFORMS:
        raise SimError(f"unknown platform {platform!r} (shopee or lazada)")
    return platform


def _per_platform(value: int | Mapping[str, int] | None, default: Mapping[str, int]) -> dict[str, int]:
    if value is None:
        return dict(default)
    if isinstance(value, int):
        return dict.fromkeys(PLATFORMS, value)
    return {**default, **value}


def _shop_number(shop_id: str) -> int | str:
    return int(shop_id) if shop_id.isdigit() else shop_id


def _shopee_stock(stock: int) -> dict[str, Any]:
    return {
        "summary_info": {"total_reserved_stock": 0, "total_available_stock": stock},
        "seller_stock": [{"location_id": "", "stock": stock, "if_saleable": True}],
    }


def _shopee_logistics(status: str) -> str:
    return {
        "SHIPPED": "LOGISTICS_PICKUP_DONE",
        "TO_CONFIRM_RECEIVE": "LOGISTICS_DELIVERY_DONE",
        "COMPLETED": "LOGISTICS_DELIVERY_DONE",
        "CANCELLED": "LOGISTICS_INVALID",
        "TO_RETURN": "LOGISTICS_DELIVERY_FAILED",
    }.get(status, "LOGISTICS_READY")


def _statement(epoch: int) -> str:
    day = _site(epoch).date()
    monday = day - timedelta(days=day.weekday())
    return f"{monday:%d %b %Y} - {monday + timedelta(days=6):%d %b %Y}"


def start(
    port: int = 0,
    data_dir: Path | None = None,
    *,
    apps: Mapping[str, tuple[str, str]] | None = None,
    push_url: Mapping[str, str] | None = None,
    host: str = "127.0.0.1",
    token_ttl: int | Mapping[str, int] | None = None,
    refresh_ttl: int | Mapping[str, int] | None = None,
    rate_limits: Mapping[str, int | None] | None = None,
) -> Simulator:
    """A started simulator on ``port`` (0: any free port), state in memory or under ``data_dir``."""
    return Simulator(
        host=host,
        port=port,
        data_dir=data_dir,
        apps=apps,
        push_url=push_url,
        token_ttl=token_ttl,
        refresh_ttl=refresh_ttl,
        rate_limits=rate_limits,
    ).start()
