"""Lazada Open Platform: push signature and parsing, request signing, status mapping, the API client.

Sources (open.lazada.com; text mirrored in github.com/lazykern/ecommerce-api-docs): "Lazada Push Mechanism"
and "Trade order notifications" (``Authorization`` = lowercase hex HMAC-SHA256(app_secret, app_key + raw
body); body ``{"seller_id", "message_type": 0, "data": {"order_status", "trade_order_id",
"trade_order_line_id", "status_update_time"}, "timestamp" (ms), "site"}``), "Signature algorithm" (sign =
uppercase hex HMAC-SHA256(app_secret, api path + sorted key+value of every non-empty parameter but
``sign``)), "Calling parameters" (app_key, timestamp in ms within 7200 s, sign_method, access_token),
GetOrder, GetOrderItems, GetOrders, QueryTransactionDetails (+ its fee_type list), GetProducts,
UpdateSellableQuantity, RefreshAccessToken, and the ``ApiCallLimit`` answer ("this ban will last 1 seconds").

Status mapping (an order item's raw ``status`` -> normalised):

=======================================================================================  ===========
unpaid                                                                                   unpaid
pending, packed, repacked, topack, toship, ready_to_ship, ready_to_ship_pending          paid
shipped, shipping                                                                        shipped
delivered                                                                                delivered
confirmed                                                                                completed
canceled                                                                                 cancelled
returned, failed, failed_delivery, lost, lost_by_3pl, damaged_by_3pl, shipped_back,      returned
shipped_back_success, shipped_back_failed, package_scrapped
=======================================================================================  ===========

Lazada gives a status per order item. The order takes the normalised status most of its items have; a
tie goes to the status furthest along (unpaid < paid < shipped < delivered < completed), and cancelled
or returned only win a tie against each other (returned). Lines of an order that is not cancelled leave
out its cancelled items. Lazada lists one order item per unit: items with the same SellerSku and unit
price make one line whose ``line_id`` is their order_item_ids joined by ",".
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode, urlsplit
from xml.sax.saxutils import escape

from .base import (
    SKUS,
    STATUSES,
    BadPush,
    Credentials,
    HttpRequest,
    MarketplaceError,
    MarketplaceOrder,
    OrderLine,
    Push,
    Settlement,
    TokenExpired,
    UnknownSku,
    hmac_sha256_hex,
    loads,
    money,
    send,
)

PLATFORM = "lazada"
REQUESTS_PER_SECOND = 10
"""Client-side pacing per seller. Lazada limits each API per second (``ApiCallLimit``) without publishing
the figures; 10/s per seller is a guess (the simulator enforces the same by default)."""
AUTH_URL = "https://auth.lazada.com/rest"  # /auth/token/refresh lives on the auth host, not the regional one
SITE_TZ = timezone(timedelta(hours=8))  # Lazada MY answers and expects local (+08:00) times
PAGE_SIZE = 100  # GetOrders limit
FINANCE_PAGE = 500  # QueryTransactionDetails limit
TRADE_ORDER_MESSAGE = 0

STATUS_MAP: dict[str, str] = {
    "unpaid": "unpaid",
    "pending": "paid",
    "packed": "paid",
    "repacked": "paid",
    "topack": "paid",
    "toship": "paid",
    "ready_to_ship": "paid",
    "ready_to_ship_pending": "paid",
    "shipped": "shipped",
    "shipping": "shipped",
    "delivered": "delivered",
    "confirmed": "completed",
    "canceled": "cancelled",
    "returned": "returned",
    "failed": "returned",
    "failed_delivery": "returned",
    "lost": "returned",
    "lost_by_3pl": "returned",
    "damaged_by_3pl": "returned",
    "shipped_back": "returned",
    "shipped_back_success": "returned",
    "shipped_back_failed": "returned",
    "package_scrapped": "returned",
}
_TIE_RANK = {status: index for index, status in enumerate(STATUSES[:5])} | {"cancelled": -2, "returned": -1}

TOKEN_ERRORS = frozenset({"IllegalAccessToken", "AccessTokenExpired", "MissingAccessToken"})  # documented: the first
NOT_FOUND = frozenset({"16", "E016", "InvalidOrderId"})
COMMISSION_FEES = frozenset({"16", "15", "65", "66", "123"})  # Commission and its reversals / corrections
PAYMENT_FEES = frozenset({"3", "4", "67", "84"})  # Payment Fee and its credits / corrections
SERVICE_FEES = frozenset({"109"})  # Other Services Fee, plus any fee_name with "service" in it (a guess)
INCOME_FEES = frozenset({"13", "14", "59", "8", "142"})  # item price credit / subsidy, customer-paid shipping
PAID = frozenset({"paid", "yes"})


# --- pushes -------------------------------------------------------------------------------------------


def push_signature(*, app_key: str, app_secret: str, url: str = "", body: bytes) -> str:
    """Lowercase hex HMAC-SHA256(app_secret, app_key + raw body); ``url`` is not part of it."""
    return hmac_sha256_hex(app_secret, app_key.encode("utf-8") + body)


def parse_push(body: bytes) -> Push:
    """A push body parsed: message_type 0 (trade and reverse order messages) is about an order."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadPush("lazada push: body is not JSON") from None
    if not isinstance(doc, dict):
        raise BadPush("lazada push: body is not a JSON object")
    seller = doc.get("seller_id")
    if isinstance(seller, bool) or not isinstance(seller, int | str) or not str(seller).strip():
        raise BadPush("lazada push: no seller_id")
    kind = doc.get("message_type")
    if isinstance(kind, bool) or not isinstance(kind, int | str):
        raise BadPush("lazada push: no message_type")
    data = doc.get("data")
    if str(kind) != str(TRADE_ORDER_MESSAGE):
        return Push(PLATFORM, str(seller).strip(), None, None, _seconds(doc.get("timestamp")), "other")
    order_id = data.get("trade_order_id") if isinstance(data, dict) else None
    if isinstance(order_id, bool) or not isinstance(order_id, int | str) or not str(order_id).strip():
        raise BadPush("lazada order message: no data.trade_order_id")
    assert isinstance(data, dict)
    status = data.get("order_status")
    updated = _seconds(data.get("status_update_time")) or _seconds(doc.get("timestamp"))
    return Push(
        PLATFORM,
        str(seller).strip(),
        str(order_id).strip(),
        status if isinstance(status, str) else None,
        updated,
        "order",
    )


def _seconds(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        stamp = int(value)
    except ValueError:
        return None
    return stamp // 1000 if stamp > 10**11 else stamp  # the push's own timestamp is in milliseconds


# --- requests -------------------------------------------------------------------------------------------


def api_sign(app_secret: str, api_path: str, params: Mapping[str, str]) -> str:
    """Uppercase hex HMAC-SHA256(app_secret, api_path + key1value1key2value2...) over the parameters sorted
    by name, ``sign`` and empty values left out."""
    text = api_path + "".join(f"{key}{params[key]}" for key in sorted(params) if key != "sign" and params[key] != "")
    return hmac_sha256_hex(app_secret, text.encode("utf-8")).upper()


def normalise_status(raw: str) -> str:
    try:
        return STATUS_MAP[raw.strip().lower()]
    except KeyError:
        raise MarketplaceError(f"lazada: unknown order item status {raw!r}", "unknown_status") from None


def order_status(raw_statuses: Sequence[str]) -> tuple[str, str]:
    """(normalised, raw) status of an order from its items' raw statuses (see the module's rule)."""
    if not raw_statuses:
        raise MarketplaceError("lazada: an order without item statuses", "no_status")
    normalised = [normalise_status(raw) for raw in raw_statuses]
    counts = Counter(normalised)
    best = max(counts, key=lambda status: (counts[status], _TIE_RANK[status]))
    raws = Counter(raw.strip().lower() for raw, norm in zip(raw_statuses, normalised, strict=True) if norm == best)
    return best, raws.most_common(1)[0][0]


def parse_time(value: Any) -> int:
    """Epoch seconds of Lazada's "2014-10-15 18:36:05 +0800" or ISO 8601 "2018-02-09T22:44:30+08:00"."""
    text = str(value or "").strip()
    if not text:
        return 0
    for parse in (
        lambda t: datetime.strptime(t, "%Y-%m-%d %H:%M:%S %z"),
        datetime.fromisoformat,
    ):
        try:
            stamp = parse(text)
        except ValueError:
            continue
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=SITE_TZ)
        return int(stamp.timestamp())
    raise MarketplaceError(f"lazada: unreadable time {text!r}", "bad_time")


def iso(epoch: int) -> str:
    """Epoch seconds as Lazada's ISO 8601 in site time: 2024-12-06T10:00:00+08:00."""
    return datetime.fromtimestamp(epoch, SITE_TZ).isoformat(timespec="seconds")


def parse_order(order: Mapping[str, Any], items: Sequence[Mapping[str, Any]], seller_id: str) -> MarketplaceOrder:
    """GetOrder's ``data`` and GetOrderItems' ``data`` as a :class:`MarketplaceOrder`.

    ``unit_price`` = item_price - voucher_seller (what the buyer paid after the seller's discount; Lazada's
    own vouchers are not the seller's discount).
    """
    raws = [str(item.get("status") or "") for item in items] or [str(s) for s in order.get("statuses") or []]
    status, raw = order_status(raws)
    lines: dict[tuple[str, Decimal], dict[str, Any]] = {}
    for item in items:
        if status != "cancelled" and normalise_status(str(item.get("status") or "")) == "cancelled":
            continue
        sku = str(item.get("sku") or "").strip()
        price = money(money(item.get("item_price")) - money(item.get("voucher_seller")))
        line = lines.setdefault((sku, price), {"name": str(item.get("name") or ""), "ids": [], "qty": 0})
        line["ids"].append(str(item.get("order_item_id")))
        line["qty"] += 1
    first, last = str(order.get("customer_first_name") or ""), str(order.get("customer_last_name") or "")
    tracking = next((str(i["tracking_code"]) for i in items if str(i.get("tracking_code") or "").strip()), None)
    return MarketplaceOrder(
        platform=PLATFORM,
        shop_id=str(seller_id),
        order_id=str(order["order_id"]),
        status=status,
        raw_status=raw,
        created_at=parse_time(order.get("created_at")),
        updated_at=parse_time(order.get("updated_at")),
        currency=next((str(i["currency"]) for i in items if i.get("currency")), "MYR"),
        buyer=" ".join(part for part in (first.strip(), last.strip()) if part),
        lines=tuple(
            OrderLine(sku, line["name"], Decimal(line["qty"]), price, ",".join(line["ids"]))
            for (sku, price), line in lines.items()
        ),
        tracking_number=tracking,
    )


def parse_transactions(order_id: str, rows: Sequence[Mapping[str, Any]]) -> Settlement | None:
    """QueryTransactionDetails rows of one order as a :class:`Settlement` (None: no transactions yet).

    payout = the sum of every row; fees are the negated sums of their fee_types; released when every row's
    paid_status is paid (the statement has been paid out).
    """
    mine = [row for row in rows if str(row.get("order_no") or order_id) == order_id]
    if not mine:
        return None
    payout = commission = service = payment = other = Decimal(0)
    for row in mine:
        amount = money(row.get("amount"))
        fee_type = str(row.get("fee_type") or "")
        payout += amount
        if fee_type in COMMISSION_FEES:
            commission -= amount
        elif fee_type in PAYMENT_FEES:
            payment -= amount
        elif fee_type in SERVICE_FEES or "service" in str(row.get("fee_name") or "").lower():
            service -= amount
        elif fee_type not in INCOME_FEES and amount < 0:
            other -= amount
    return Settlement(
        order_id=order_id,
        released=all(str(row.get("paid_status") or "").strip().lower() in PAID for row in mine),
        payout=money(payout),
        commission_fee=money(commission),
        service_fee=money(service),
        transaction_fee=money(payment),
        other_fees=money(other),
    )


def _throttled(status: int, data: bytes) -> float | None:
    return 1.0 if b'"ApiCallLimit"' in data else None


class Client:
    """One seller's Lazada API client (see :func:`ledgerlet.marketplace.platforms.client`)."""

    def __init__(self, credentials: Credentials, base_url: str) -> None:
        if credentials.platform != PLATFORM:
            raise ValueError(f"{credentials.platform} credentials given to the Lazada client")
        self.credentials = credentials
        self.base_url = base_url.rstrip("/")
        host = urlsplit(self.base_url).hostname or ""
        self.auth_url = AUTH_URL if ".lazada." in f".{host}" else self.base_url  # the simulator serves both

    def __repr__(self) -> str:
        return f"lazada.Client({self.base_url!r}, seller_id={self.credentials.shop_id!r})"

    # --- transport ---------------------------------------------------------------------------------------

    def _exchange(
        self, path: str, params: Mapping[str, str], *, method: str = "GET", token: bool = True, base: str = ""
    ) -> dict[str, Any]:
        base = base or self.base_url

        def build() -> HttpRequest:
            c = self.credentials
            signed = {"app_key": c.app_key, "timestamp": str(int(time.time() * 1000)), "sign_method": "sha256"}
            if token:
                signed["access_token"] = c.access_token
            signed.update(params)
            signed["sign"] = api_sign(c.app_secret, path, signed)
            headers = {"Accept": "application/json"}
            if method == "GET":
                return HttpRequest("GET", f"{base}{path}?{urlencode(signed)}", None, headers)
            headers["Content-Type"] = "application/x-www-form-urlencoded;charset=utf-8"
            return HttpRequest("POST", f"{base}{path}", urlencode(signed).encode("utf-8"), headers)

        status, data = send(
            build,
            label=f"lazada {path}",
            pace_key=(PLATFORM, self.base_url, self.credentials.shop_id),
            per_second=REQUESTS_PER_SECOND,
            throttled=_throttled,
        )
        answer = loads(data, f"lazada {path}") if data else {}
        if not isinstance(answer, dict):
            raise MarketplaceError(f"lazada {path}: HTTP {status}, not a JSON object", f"HTTP{status}")
        code = str(answer.get("code", "0"))
        if code != "0":
            text = f"lazada {path}: {code}: {answer.get('message') or ''}"
            if code in TOKEN_ERRORS and token:
                raise TokenExpired(text, code)
            raise MarketplaceError(text, code)
        if status >= 400:
            raise MarketplaceError(f"lazada {path}: HTTP {status}", f"HTTP{status}")
        return answer

    def _data(self, path: str, params: Mapping[str, str], *, method: str = "GET") -> Any:
        return self._exchange(path, params, method=method).get("data")

    # --- orders ------------------------------------------------------------------------------------------

    def _order_header(self, order_id: str) -> dict[str, Any] | None:
        try:
            found = self._data("/order/get", {"order_id": order_id})
        except MarketplaceError as error:
            if error.code in NOT_FOUND:
                return None
            raise
        return dict(found) if isinstance(found, dict) and found.get("order_id") is not None else None

    def order(self, order_id: str) -> MarketplaceOrder | None:
        header = self._order_header(order_id)
        if header is None:
            return None
        items = self._data("/order/items/get", {"order_id": order_id}) or []
        return parse_order(header, items, self.credentials.shop_id)

    def orders_updated(self, since: int, until: int) -> list[str]:
        """Every order id updated in [since, until) (update_before is inclusive, to the second), every page."""
        found: list[str] = []
        seen: set[str] = set()
        offset = 0
        while True:
            params = {
                "update_after": iso(since),
                "update_before": iso(until - 1),
                "sort_by": "updated_at",
                "sort_direction": "ASC",
                "offset": str(offset),
                "limit": str(PAGE_SIZE),
            }
            data = self._data("/orders/get", params) or {}
            orders = data.get("orders") or []
            for entry in orders:
                order_id = str(entry.get("order_id") or "")
                if order_id and order_id not in seen:
                    seen.add(order_id)
                    found.append(order_id)
            offset += len(orders)
            total = int(data.get("countTotal") or 0)
            if len(orders) < PAGE_SIZE or (total and offset >= total):
                return found

    def settlement(self, order_id: str) -> Settlement | None:
        """The order's finance transactions (from its creation day to the day after its last update)."""
        header = self._order_header(order_id)
        if header is None:
            return None
        created = parse_time(header.get("created_at")) or int(time.time())
        updated = max(parse_time(header.get("updated_at")), int(time.time()))
        start = _site_date(created)
        end = _site_date(updated) + timedelta(days=1)
        rows: list[dict[str, Any]] = []
        offset = 0
        while True:
            params = {
                "trade_order_id": order_id,
                "start_time": start.isoformat(),
                "end_time": end.isoformat(),
                "offset": str(offset),
                "limit": str(FINANCE_PAGE),
            }
            page = self._data("/finance/transaction/details/get", params) or []
            rows += [dict(row) for row in page]
            offset += len(page)
            if len(page) < FINANCE_PAGE:
                return parse_transactions(order_id, rows)

    # --- stock -------------------------------------------------------------------------------------------

    def update_stock(self, sku: str, available: int) -> None:
        """Sellable quantity of the SKU (single warehouse); negative ``available`` is sent as 0."""
        key = (PLATFORM, self.base_url, self.credentials.shop_id)
        ids = SKUS.get(key, sku)
        if ids is None:
            ids = self._find_sku(sku)
            if ids is None:
                raise UnknownSku(f"lazada seller {self.credentials.shop_id}: no product has SellerSku {sku!r}")
            SKUS.remember(key, sku, ids)
        item_id, sku_id = ids
        payload = (
            "<Request><Product><Skus><Sku>"
            f"<ItemId>{item_id}</ItemId><SkuId>{sku_id}</SkuId><SellerSku>{escape(sku)}</SellerSku>"
            f"<SellableQuantity>{max(0, int(available))}</SellableQuantity>"
            "</Sku></Skus></Product></Request>"
        )
        try:
            self._exchange("/product/stock/sellable/update", {"payload": payload}, method="POST")
        except TokenExpired:
            raise
        except MarketplaceError:
            SKUS.forget(key)
            raise

    def _find_sku(self, sku: str) -> tuple[str, ...] | None:
        data = self._data("/products/get", {"filter": "all", "sku_seller_list": json.dumps([sku]), "limit": "50"})
        for product in (data or {}).get("products") or []:
            for entry in product.get("skus") or []:
                if str(entry.get("SellerSku") or "") == sku:
                    return (str(product["item_id"]), str(entry["SkuId"]))
        return None

    # --- tokens ------------------------------------------------------------------------------------------

    def refresh(self) -> Credentials:
        c = self.credentials
        if not c.refresh_token:
            raise MarketplaceError("lazada: no refresh token to refresh with", "no_refresh_token")
        params = {"refresh_token": c.refresh_token}
        answer = self._exchange("/auth/token/refresh", params, token=False, base=self.auth_url)
        if not answer.get("access_token"):
            raise MarketplaceError("lazada /auth/token/refresh: no token in the answer", "no_token")
        fresh = replace(
            c,
            access_token=str(answer["access_token"]),
            refresh_token=str(answer.get("refresh_token") or c.refresh_token),
            expires_at=int(time.time()) + int(answer.get("expires_in") or 0),
        )
        self.credentials = fresh
        return fresh


def _site_date(epoch: int) -> date:
    return datetime.fromtimestamp(epoch, UTC).astimezone(SITE_TZ).date()
