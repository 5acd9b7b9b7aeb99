"""Shopee Open Platform v2: push signature and parsing, request signing, status mapping, the API client.

Sources (open.shopee.com; text mirrored in github.com/lazykern/ecommerce-api-docs): "Push Mechanism"
(``Authorization`` = lowercase hex HMAC-SHA256(partner_key, callback URL + "|" + raw body)), "API calls"
(sign = hex HMAC-SHA256(partner_key, partner_id + path + timestamp [+ access_token + shop_id])), the body
of an order status push as v2.push.get_lost_push_message returns it, v2.order.get_order_detail /
get_order_list, v2.payment.get_escrow_detail, v2.logistics.get_tracking_number, v2.product.get_item_list /
get_item_base_info / get_model_list / update_stock, v2.public.refresh_access_token.

Status mapping (raw ``order_status`` -> normalised):

=========================================================  ===========
UNPAID, PENDING (Shopee-side checks before the order counts) unpaid
READY_TO_SHIP, PROCESSED, RETRY_SHIP, IN_CANCEL,            paid
INVOICE_PENDING
SHIPPED                                                     shipped
TO_CONFIRM_RECEIVE                                          delivered
COMPLETED                                                   completed
CANCELLED                                                   cancelled
TO_RETURN                                                   returned
=========================================================  ===========

Anything else raises :class:`MarketplaceError` rather than being filed under a guess.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from .base import (
    SKUS,
    BadPush,
    Credentials,
    HttpRequest,
    MarketplaceError,
    MarketplaceOrder,
    OrderLine,
    Push,
    RateLimited,
    Settlement,
    TokenExpired,
    UnknownSku,
    dumps,
    hmac_sha256_hex,
    loads,
    money,
    send,
)

PLATFORM = "shopee"
REQUESTS_PER_SECOND = 10
"""Client-side pacing per shop. Shopee publishes per-API limits only in the console; 10/s per shop is
the working figure (a guess kept low: the simulator enforces the same by default)."""
ORDER_LIST_WINDOW = 15 * 86400  # get_order_list: time_to - time_from at most 15 days
PAGE_SIZE = 100  # get_order_list / get_item_list page_size limit
DETAIL_BATCH = 50  # order_sn_list / item_id_list limit
ORDER_DETAIL_FIELDS = "buyer_username,item_list,package_list,total_amount,pay_time"

ORDER_STATUS_PUSH = 3
TRACKING_NO_PUSH = 4
PARTNER_PUSHES = frozenset({1, 2, 12})  # shop authorisation (cancelled / expiring): no shop_id in the body

STATUS_MAP: dict[str, str] = {
    "UNPAID": "unpaid",
    "PENDING": "unpaid",
    "READY_TO_SHIP": "paid",
    "PROCESSED": "paid",
    "RETRY_SHIP": "paid",
    "IN_CANCEL": "paid",
    "INVOICE_PENDING": "paid",
    "SHIPPED": "shipped",
    "TO_CONFIRM_RECEIVE": "delivered",
    "COMPLETED": "completed",
    "CANCELLED": "cancelled",
    "TO_RETURN": "returned",
}
TRACKED = frozenset({"PROCESSED", "RETRY_SHIP", "SHIPPED", "TO_CONFIRM_RECEIVE", "COMPLETED", "TO_RETURN"})
# An expired token answers "invalid_acceess_token" (sic; reported by integrators, not in the reference pages,
# which list error_auth "Invalid access_token."): every spelling is taken.
TOKEN_ERRORS = frozenset({"invalid_acceess_token", "invalid_access_token", "error_access_token"})
NOT_FOUND = frozenset({"error_not_found", "order.order_not_found"})
OTHER_FEES = (  # order_income fields deducted from escrow_amount besides commission, service and transaction fees
    "seller_order_processing_fee",
    "campaign_fee",
    "order_ams_commission_fee",
    "shipping_seller_protection_fee_amount",
    "delivery_seller_protection_fee_premium_amount",
    "overseas_return_service_fee",
    "fbs_fee",
)


# --- pushes -------------------------------------------------------------------------------------------


def push_signature(*, app_key: str = "", app_secret: str, url: str, body: bytes) -> str:
    """Lowercase hex HMAC-SHA256(partner_key, url + "|" + raw body); ``app_key`` is not part of it."""
    return hmac_sha256_hex(app_secret, url.encode("utf-8") + b"|" + body)


def parse_push(body: bytes) -> Push:
    """A push body ``{"data": {...}, "shop_id": 123, "code": 3, "timestamp": 1660123127}`` parsed.

    Codes 3 (order status: ``data.ordersn``, ``data.status``, ``data.update_time``) and 4 (tracking number:
    ``data.ordersn``, ``data.package_number``, ``data.tracking_no`` - field names from memory of the push
    page, only ``ordersn`` is relied on) are about an order; other codes are "other". Partner-level pushes
    (codes 1, 2, 12) carry no shop_id and come back with ``shop_id=""``.
    """
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadPush("shopee push: body is not JSON") from None
    if not isinstance(doc, dict):
        raise BadPush("shopee push: body is not a JSON object")
    code = doc.get("code")
    if not isinstance(code, int) or isinstance(code, bool):
        raise BadPush("shopee push: no numeric code")
    stamp = _epoch(doc.get("timestamp"))
    shop = doc.get("shop_id")
    if shop is None or shop == "":
        if code in PARTNER_PUSHES:
            return Push(PLATFORM, "", None, None, stamp, "other")
        raise BadPush(f"shopee push code {code}: no shop_id")
    if isinstance(shop, bool) or not isinstance(shop, int | str) or not str(shop).strip():
        raise BadPush("shopee push: shop_id is not an id")
    shop_id = str(shop).strip()
    if code not in (ORDER_STATUS_PUSH, TRACKING_NO_PUSH):
        return Push(PLATFORM, shop_id, None, None, stamp, "other")
    data = doc.get("data")
    order_sn = data.get("ordersn") if isinstance(data, dict) else None
    if not isinstance(order_sn, str) or not order_sn.strip():
        raise BadPush(f"shopee push code {code}: no data.ordersn")
    if code == ORDER_STATUS_PUSH:
        assert isinstance(data, dict)
        status = data.get("status")
        updated = _epoch(data.get("update_time")) or stamp
        return Push(PLATFORM, shop_id, order_sn.strip(), status if isinstance(status, str) else None, updated, "order")
    return Push(PLATFORM, shop_id, order_sn.strip(), None, stamp, "order")


def _epoch(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        stamp = int(value)
    except ValueError:
        return None
    return stamp // 1000 if stamp > 10**11 else stamp  # milliseconds, should one ever come


# --- requests -------------------------------------------------------------------------------------------


def api_sign(
    partner_key: str, partner_id: str, path: str, timestamp: int, *, access_token: str = "", shop_id: str = ""
) -> str:
    """``sign`` of a Shop API call (public APIs such as the token refresh: no access_token nor shop_id)."""
    return hmac_sha256_hex(partner_key, f"{partner_id}{path}{timestamp}{access_token}{shop_id}".encode())


def normalise_status(raw: str) -> str:
    try:
        return STATUS_MAP[raw]
    except KeyError:
        raise MarketplaceError(f"shopee: unknown order status {raw!r}", "unknown_status") from None


def parse_order(detail: Mapping[str, Any], shop_id: str, tracking_number: str | None = None) -> MarketplaceOrder:
    """One ``order_list`` entry of get_order_detail (with ``item_list``) as a :class:`MarketplaceOrder`.

    ``unit_price`` is ``model_discounted_price`` (after the seller's discount; Shopee gives 0 for bundle-deal
    items, whose discount only the escrow detail spreads over the lines).
    """
    raw = str(detail.get("order_status") or "")
    lines = []
    for item in detail.get("item_list") or []:
        sku = str(item.get("model_sku") or "").strip() or str(item.get("item_sku") or "").strip()
        name = str(item.get("item_name") or "")
        if item.get("model_name"):
            name = f"{name} ({item['model_name']})"
        lines.append(
            OrderLine(
                sku=sku,
                name=name,
                qty=Decimal(int(item.get("model_quantity_purchased") or 0)),
                unit_price=money(item.get("model_discounted_price")),
                line_id=f"{item.get('item_id')}:{item.get('model_id') or 0}",
            )
        )
    return MarketplaceOrder(
        platform=PLATFORM,
        shop_id=str(shop_id),
        order_id=str(detail["order_sn"]),
        status=normalise_status(raw),
        raw_status=raw,
        created_at=int(detail.get("create_time") or 0),
        updated_at=int(detail.get("update_time") or 0),
        currency=str(detail.get("currency") or "MYR"),
        buyer=str(detail.get("buyer_username") or ""),
        lines=tuple(lines),
        tracking_number=tracking_number or None,
    )


def parse_escrow(response: Mapping[str, Any], released: bool) -> Settlement:
    """get_escrow_detail's ``response``: payout = ``escrow_amount_after_adjustment`` (else ``escrow_amount``)."""
    income = response.get("order_income") or {}
    payout = income.get("escrow_amount_after_adjustment")
    if payout is None:
        payout = income.get("escrow_amount")
    return Settlement(
        order_id=str(response.get("order_sn") or ""),
        released=released,
        payout=money(payout),
        commission_fee=money(income.get("commission_fee")),
        service_fee=money(income.get("service_fee")),
        transaction_fee=money(income.get("seller_transaction_fee")),
        other_fees=money(sum((money(income.get(name)) for name in OTHER_FEES), Decimal(0))),
    )


def _throttled(status: int, data: bytes) -> float | None:
    """Shopee documents error_server "Too many requests, please try again later" (HTTP 429 is a guess; any
    status carrying that text is treated alike)."""
    if status != 200 and b"Too many requests" in data:  # error_server "Too many requests, please try again later"
        return 1.0
    return None


class Client:
    """One shop's Shopee API client (see :func:`ledgerlet.marketplace.platforms.client`)."""

    def __init__(self, credentials: Credentials, base_url: str) -> None:
        if credentials.platform != PLATFORM:
            raise ValueError(f"{credentials.platform} credentials given to the Shopee client")
        self.credentials = credentials
        self.base_url = base_url.rstrip("/")

    def __repr__(self) -> str:
        return f"shopee.Client({self.base_url!r}, shop_id={self.credentials.shop_id!r})"

    # --- transport ---------------------------------------------------------------------------------------

    def _exchange(
        self, method: str, path: str, query: Iterable[tuple[str, Any]] = (), body: Any = None, *, shop: bool = True
    ) -> Any:
        pairs = [(key, str(value)) for key, value in query]

        def build() -> HttpRequest:
            c = self.credentials
            stamp = int(time.time())
            common = [("partner_id", c.app_key), ("timestamp", str(stamp))]
            if shop:
                common += [("access_token", c.access_token), ("shop_id", c.shop_id)]
                sign = api_sign(c.app_secret, c.app_key, path, stamp, access_token=c.access_token, shop_id=c.shop_id)
            else:
                sign = api_sign(c.app_secret, c.app_key, path, stamp)
            url = f"{self.base_url}{path}?{urlencode([*common, ('sign', sign), *pairs])}"
            headers = {"Accept": "application/json"}
            if body is not None:
                headers["Content-Type"] = "application/json"
            return HttpRequest(method, url, dumps(body) if body is not None else None, headers)

        status, data = send(
            build,
            label=f"shopee {path}",
            pace_key=(PLATFORM, self.base_url, self.credentials.shop_id),
            per_second=REQUESTS_PER_SECOND,
            throttled=_throttled,
        )
        answer = loads(data, f"shopee {path}") if data else {}
        error = answer.get("error") if isinstance(answer, dict) else None
        if error:
            message = str(answer.get("message") or "")
            text = f"shopee {path}: {error}: {message}"
            if error in TOKEN_ERRORS or (error == "error_auth" and "access_token" in message.lower() and shop):
                raise TokenExpired(text, str(error))
            raise MarketplaceError(text, str(error))
        if status >= 400 or not isinstance(answer, dict):
            raise MarketplaceError(f"shopee {path}: HTTP {status}", f"HTTP{status}")
        return answer

    def _api(self, method: str, path: str, query: Iterable[tuple[str, Any]] = (), body: Any = None) -> dict[str, Any]:
        answer = self._exchange(method, path, query, body)
        response: dict[str, Any] = answer.get("response") or {}
        return response

    # --- orders ------------------------------------------------------------------------------------------

    def _details(self, order_sns: Sequence[str], fields: str) -> list[dict[str, Any]]:
        query = [("order_sn_list", ",".join(order_sns))]
        if fields:
            query.append(("response_optional_fields", fields))
        try:
            response = self._api("GET", "/api/v2/order/get_order_detail", query)
        except MarketplaceError as error:
            if error.code in NOT_FOUND:
                return []
            raise
        return [dict(o) for o in response.get("order_list") or []]

    def order(self, order_id: str) -> MarketplaceOrder | None:
        found = [o for o in self._details([order_id], ORDER_DETAIL_FIELDS) if str(o.get("order_sn")) == order_id]
        if not found:
            return None
        detail = found[0]
        tracking = self._tracking_number(order_id) if detail.get("order_status") in TRACKED else None
        return parse_order(detail, self.credentials.shop_id, tracking)

    def _tracking_number(self, order_sn: str) -> str | None:
        try:
            response = self._api("GET", "/api/v2/logistics/get_tracking_number", [("order_sn", order_sn)])
        except (TokenExpired, RateLimited):
            raise
        except MarketplaceError:  # not assigned yet (or no integrated logistics): not an error for an import
            return None
        return str(response.get("tracking_number") or "") or None

    def orders_updated(self, since: int, until: int) -> list[str]:
        """Every order_sn updated in [since, until): 15-day windows (inclusive time_to), every cursor page."""
        found: list[str] = []
        seen: set[str] = set()
        start = since
        while start < until:
            end = min(until, start + ORDER_LIST_WINDOW)
            cursor = ""
            while True:
                query: list[tuple[str, Any]] = [
                    ("time_range_field", "update_time"),
                    ("time_from", start),
                    ("time_to", end - 1),
                    ("page_size", PAGE_SIZE),
                ]
                if cursor:
                    query.append(("cursor", cursor))
                response = self._api("GET", "/api/v2/order/get_order_list", query)
                for entry in response.get("order_list") or []:
                    order_sn = str(entry.get("order_sn") or "")
                    if order_sn and order_sn not in seen:
                        seen.add(order_sn)
                        found.append(order_sn)
                cursor = str(response.get("next_cursor") or "")
                if not response.get("more") or not cursor:
                    break
            start = end
        return found

    def settlement(self, order_id: str) -> Settlement | None:
        """The escrow detail; released once the order is COMPLETED (Shopee releases escrow then)."""
        try:
            response = self._api("GET", "/api/v2/payment/get_escrow_detail", [("order_sn", order_id)])
        except MarketplaceError as error:
            if error.code in NOT_FOUND:
                return None
            raise
        found = [o for o in self._details([order_id], "") if str(o.get("order_sn")) == order_id]
        if not found or not response:
            return None
        settlement = parse_escrow(response, released=found[0].get("order_status") == "COMPLETED")
        return replace(settlement, order_id=order_id)

    # --- stock -------------------------------------------------------------------------------------------

    def update_stock(self, sku: str, available: int) -> None:
        """Seller stock of the listing (item, model) whose SKU is ``sku``; negative ``available`` is sent as 0."""
        key = (PLATFORM, self.base_url, self.credentials.shop_id)
        ids = SKUS.lookup(key, sku, self._catalogue)
        if ids is None:
            raise UnknownSku(f"shopee shop {self.credentials.shop_id}: no listing has SKU {sku!r}", "unknown_sku")
        item_id, model_id = ids
        body = {
            "item_id": int(item_id),
            "stock_list": [{"model_id": int(model_id), "seller_stock": [{"stock": max(0, int(available))}]}],
        }
        try:
            response = self._api("POST", "/api/v2/product/update_stock", body=body)
        except TokenExpired:
            raise
        except MarketplaceError:
            SKUS.forget(key)  # the listing may have changed; read the catalogue again next time
            raise
        failures = response.get("failure_list") or []
        if failures:
            SKUS.forget(key)
            reason = failures[0].get("failed_reason") if isinstance(failures[0], dict) else failures[0]
            raise MarketplaceError(f"shopee update_stock {sku!r}: {reason}", "update_failed")

    def _catalogue(self) -> dict[str, tuple[str, ...]]:
        """Seller SKU -> (item_id, model_id) over the shop's NORMAL and UNLIST items (model_id 0: no models)."""
        item_ids: list[str] = []
        offset = 0
        while True:
            query = [("offset", offset), ("page_size", PAGE_SIZE), ("item_status", "NORMAL"), ("item_status", "UNLIST")]
            response = self._api("GET", "/api/v2/product/get_item_list", query)
            item_ids += [str(item["item_id"]) for item in response.get("item") or []]
            if not response.get("has_next_page"):
                break
            offset = int(response.get("next_offset") or offset + PAGE_SIZE)
        skus: dict[str, tuple[str, ...]] = {}
        for start in range(0, len(item_ids), DETAIL_BATCH):
            chunk = item_ids[start : start + DETAIL_BATCH]
            response = self._api("GET", "/api/v2/product/get_item_base_info", [("item_id_list", ",".join(chunk))])
            for item in response.get("item_list") or []:
                item_id = str(item["item_id"])
                if item.get("has_model"):
                    models = self._api("GET", "/api/v2/product/get_model_list", [("item_id", item_id)])
                    for model in models.get("model") or []:
                        sku = str(model.get("model_sku") or "").strip()
                        if sku:
                            skus.setdefault(sku, (item_id, str(model["model_id"])))
                else:
                    sku = str(item.get("item_sku") or "").strip()
                    if sku:
                        skus.setdefault(sku, (item_id, "0"))
        return skus

    # --- tokens ------------------------------------------------------------------------------------------

    def refresh(self) -> Credentials:
        """New access and refresh tokens (the refresh token is single-use: keep the new one)."""
        c = self.credentials
        if not c.refresh_token:
            raise MarketplaceError("shopee: no refresh token to refresh with", "no_refresh_token")
        try:
            body = {"refresh_token": c.refresh_token, "partner_id": int(c.app_key), "shop_id": int(c.shop_id)}
        except ValueError:
            raise MarketplaceError("shopee: partner_id and shop_id must be numbers", "error_param") from None
        try:
            answer = self._exchange("POST", "/api/v2/auth/access_token/get", body=body, shop=False)
        except TokenExpired as error:  # a refused refresh is not something another refresh fixes
            raise MarketplaceError(str(error), error.code) from None
        if not answer.get("access_token") or not answer.get("refresh_token"):
            raise MarketplaceError("shopee /api/v2/auth/access_token/get: no token in the answer", "no_token")
        fresh = replace(
            c,
            access_token=str(answer["access_token"]),
            refresh_token=str(answer["refresh_token"]),
            expires_at=int(time.time()) + int(answer.get("expire_in") or 0),
        )
        self.credentials = fresh
        return fresh
