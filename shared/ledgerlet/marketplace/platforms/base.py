"""The marketplaces' common interface, push checks, and a paced, retrying HTTP transport.

Platform specifics live in :mod:`.shopee` and :mod:`.lazada`; callers use the functions here, which
dispatch on the platform name. Built for Lambda: ``urllib3`` is imported on first use, one pool per
process, connect 3 s / read 10 s timeouts, a process-wide pacer per shop, and up to ``MAX_ATTEMPTS``
tries with jittered backoff on 429 / 5xx / the platform's throttling answers / connection errors
(``Retry-After`` honoured). Secrets and tokens are never logged nor put in an error message.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

from ledgerlet import outbound
from ledgerlet.outbound import SlidingWindow

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

PLATFORMS = ("shopee", "lazada")
STATUSES = ("unpaid", "paid", "shipped", "delivered", "completed", "cancelled", "returned")
"""Normalised order statuses, in the order an order moves through them (the last two end it early)."""

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 10.0
MAX_ATTEMPTS = 5
BACKOFF_BASE = 0.25  # seconds; full jitter over BACKOFF_BASE * 2**(attempt - 1), capped at BACKOFF_CAP
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 30.0
SKU_CACHE_SECONDS = 3600.0  # a shop's SKU -> listing ids map is read again after this
SKU_MISS_SECONDS = 60.0  # an unknown SKU reads the catalogue again at most this often
CENT = Decimal("0.01")


# --- the interface ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Push:
    """A webhook push, parsed."""

    platform: str
    shop_id: str  # Shopee shop_id / Lazada seller_id, as a string
    order_id: str | None  # Shopee ordersn / Lazada trade_order_id; None when the push is not about an order
    status: str | None  # the platform's raw status in the push, if any
    updated_at: int | None  # epoch seconds
    kind: str  # "order" (order status / tracking pushes) or "other"


class BadPush(ValueError):
    """A malformed push body (not JSON, no shop / seller id, ...)."""


@dataclass(frozen=True)
class OrderLine:
    sku: str  # the seller SKU (model_sku or item_sku on Shopee; SellerSku on Lazada)
    name: str
    qty: Decimal
    unit_price: Decimal  # paid per unit after the seller's discount, tax included (2 dp)
    line_id: str  # Shopee item_id:model_id; Lazada order_item_id(s), comma-joined when units are merged


@dataclass(frozen=True)
class MarketplaceOrder:
    platform: str
    shop_id: str
    order_id: str
    status: str  # one of STATUSES
    raw_status: str
    created_at: int  # epoch seconds
    updated_at: int
    currency: str
    buyer: str
    lines: tuple[OrderLine, ...]
    tracking_number: str | None = None


@dataclass(frozen=True)
class Settlement:
    """What the platform pays the seller for one order (estimated until ``released``)."""

    order_id: str
    released: bool  # escrow released (Shopee) / transactions settled (Lazada)
    payout: Decimal  # what reaches the seller's balance: order income after fees
    commission_fee: Decimal
    service_fee: Decimal
    transaction_fee: Decimal  # payment processing fee
    other_fees: Decimal = Decimal(0)


@dataclass
class Credentials:
    """Everything a client needs for one shop."""

    platform: str
    shop_id: str
    app_key: str  # Shopee partner_id / Lazada app_key
    app_secret: str  # Shopee partner_key / Lazada app_secret
    access_token: str
    refresh_token: str
    expires_at: int = 0  # epoch seconds; 0 = unknown

    def __repr__(self) -> str:  # never print secrets or tokens
        return f"Credentials(platform={self.platform!r}, shop_id={self.shop_id!r}, app_key={self.app_key!r})"


class MarketplaceError(Exception):
    """The platform refused, or could not be reached (code and message in the text; ``code`` alone too)."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class TokenExpired(MarketplaceError):
    """The access token is expired or invalid: refresh it."""


class RateLimited(MarketplaceError):
    """Still throttled after ``MAX_ATTEMPTS`` tries."""


class UnknownSku(MarketplaceError):
    """``update_stock`` for a SKU the shop has no listing for."""


class MarketplaceClient(Protocol):
    def order(self, order_id: str) -> MarketplaceOrder | None: ...

    def orders_updated(self, since: int, until: int) -> list[str]: ...

    def settlement(self, order_id: str) -> Settlement | None: ...

    def update_stock(self, sku: str, available: int) -> None: ...

    def refresh(self) -> Credentials: ...


def _module(platform: str) -> ModuleType:
    if platform not in PLATFORMS:
        raise ValueError(f"unknown marketplace platform {platform!r}")
    return importlib.import_module(f"{__package__}.{platform}")


def sign_push(platform: str, *, app_key: str, app_secret: str, url: str, body: bytes) -> str:
    """The ``Authorization`` header value the platform sends with ``body`` pushed to ``url``."""
    value: str = _module(platform).push_signature(app_key=app_key, app_secret=app_secret, url=url, body=body)
    return value


def verify_push(
    platform: str, *, app_key: str, app_secret: str, url: str, body: bytes, authorization: str | None
) -> bool:
    """Whether ``authorization`` is the platform's signature of ``body`` (constant time; odd header -> False).

    Shopee: lowercase hex HMAC-SHA256(partner_key, callback URL + "|" + raw body). Lazada: lowercase hex
    HMAC-SHA256(app_secret, app_key + raw body). ``url`` is the exact callback URL registered (Shopee only).
    """
    if not authorization or not app_secret:
        return False
    expected = sign_push(platform, app_key=app_key, app_secret=app_secret, url=url, body=body)
    return hmac.compare_digest(expected.encode("ascii"), authorization.strip().encode("utf-8", "replace"))


def parse_push(platform: str, body: bytes) -> Push:
    """The push ``body`` parsed (after :func:`verify_push`); raises :class:`BadPush`."""
    parsed: Push = _module(platform).parse_push(body)
    return parsed


def client(
    credentials: Credentials, base_url: str, on_refresh: Callable[[Credentials], None] | None = None
) -> MarketplaceClient:
    """A client of the shop's platform API that, on :class:`TokenExpired`, refreshes the token once, calls
    ``on_refresh`` with the new credentials, and retries the call.

    ``base_url``: Shopee ``https://partner.shopeemobile.com``; Lazada ``https://api.lazada.com.my/rest``.
    """
    inner: MarketplaceClient = _module(credentials.platform).Client(credentials, base_url)
    return RefreshingClient(inner, on_refresh)


class RefreshingClient:
    """Wraps a platform client: one token refresh (shared by concurrent callers) per expiry."""

    def __init__(self, inner: MarketplaceClient, on_refresh: Callable[[Credentials], None] | None) -> None:
        self.inner = inner
        self.on_refresh = on_refresh
        self._lock = threading.RLock()
        self._generation = 0

    def _call(self, call: Callable[[MarketplaceClient], Any]) -> Any:
        generation = self._generation
        try:
            return call(self.inner)
        except TokenExpired:
            with self._lock:
                if generation == self._generation:  # nobody refreshed since this call started
                    self.refresh()
            return call(self.inner)

    def order(self, order_id: str) -> MarketplaceOrder | None:
        found: MarketplaceOrder | None = self._call(lambda c: c.order(order_id))
        return found

    def orders_updated(self, since: int, until: int) -> list[str]:
        found: list[str] = self._call(lambda c: c.orders_updated(since, until))
        return found

    def settlement(self, order_id: str) -> Settlement | None:
        found: Settlement | None = self._call(lambda c: c.settlement(order_id))
        return found

    def update_stock(self, sku: str, available: int) -> None:
        self._call(lambda c: c.update_stock(sku, available))

    def refresh(self) -> Credentials:
        with self._lock:
            fresh = self.inner.refresh()
            self._generation += 1
            if self.on_refresh is not None:
                self.on_refresh(fresh)
            return fresh


# --- helpers shared by the platform modules -------------------------------------------------------------


def hmac_sha256_hex(key: str, message: bytes) -> str:
    """Lowercase hex HMAC-SHA256 of ``message`` keyed with the UTF-8 bytes of ``key``."""
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def money(value: Any) -> Decimal:
    """A platform amount (a JSON number parsed as Decimal, an int, or a string) at 2 dp, half-up."""
    try:
        amount = (
            value
            if isinstance(value, Decimal | int)
            else Decimal(str(value if value is not None else "").strip() or "0")
        )
        return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP) + 0
    except InvalidOperation:
        raise MarketplaceError(f"not an amount: {value!r}", "bad_amount") from None


def loads(data: bytes, what: str) -> Any:
    """JSON with every non-integer number as a Decimal."""
    try:
        return json.loads(data, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise MarketplaceError(f"{what}: answer is not JSON ({len(data)} bytes)") from None


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON (request bodies carry ids and counts, never amounts)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# --- transport --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


PACER = SlidingWindow()
"""Requests per second per key (platform, base URL, shop), process wide."""


def retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header, capped at :data:`RETRY_AFTER_CAP`."""
    return outbound.retry_after(value, RETRY_AFTER_CAP)


def _backoff(attempt: int, hint: float | None) -> None:
    if hint is not None:
        delay = hint + random.uniform(0, 0.25)
    else:
        delay = random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1)))
    time.sleep(delay)


def send(
    build: Callable[[], HttpRequest],
    *,
    label: str,
    pace_key: tuple[str, ...],
    per_second: int,
    throttled: Callable[[int, bytes], float | None] | None = None,
) -> tuple[int, bytes]:
    """One exchange: paced, re-built (fresh timestamp and signature) and retried on 429 / 5xx / throttling
    answers (``throttled`` returns a wait hint in seconds, 0 for plain backoff) / connection errors.

    Returns the final (status, body); raises :class:`RateLimited` or :class:`MarketplaceError` when the
    tries run out.
    """
    import urllib3

    timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT)
    problem = ""
    limited = False
    for attempt in range(1, MAX_ATTEMPTS + 1):
        PACER.acquire(pace_key, per_second, 1.0)
        request = build()
        try:
            response = outbound.pool().request(
                request.method,
                request.url,
                body=request.body,
                headers=dict(request.headers),
                timeout=timeout,
                redirect=False,
            )
        except urllib3.exceptions.HTTPError as exc:
            problem, limited = f"{type(exc).__name__}", False
            log.warning("%s: %s (attempt %d)", label, problem, attempt)
            if attempt < MAX_ATTEMPTS:
                _backoff(attempt, None)
            continue
        status, data = response.status, response.data
        hint = throttled(status, data) if throttled is not None else None
        if status == 429 or hint is not None:
            problem, limited = f"throttled (HTTP {status})", True
            header = retry_after(response.headers.get("Retry-After"))
            log.info("%s: throttled, attempt %d", label, attempt)
            if attempt < MAX_ATTEMPTS:
                _backoff(attempt, header if header is not None else (hint or None))
            continue
        if status >= 500:
            problem, limited = f"HTTP {status}", False
            log.warning("%s: HTTP %d (attempt %d)", label, status, attempt)
            if attempt < MAX_ATTEMPTS:
                _backoff(attempt, retry_after(response.headers.get("Retry-After")))
            continue
        return status, data
    error = RateLimited if limited else MarketplaceError
    raise error(f"{label}: {problem} after {MAX_ATTEMPTS} attempts")


class SkuCatalogue:
    """A process-wide, per-shop map of seller SKU -> the platform's listing ids, read on first use."""

    def __init__(self) -> None:
        self._maps: dict[tuple[str, ...], tuple[float, dict[str, tuple[str, ...]]]] = {}
        self._lock = threading.Lock()

    def lookup(
        self, key: tuple[str, ...], sku: str, read: Callable[[], dict[str, tuple[str, ...]]]
    ) -> tuple[str, ...] | None:
        """The ids of ``sku``; the catalogue is read when missing, stale, or (at most once a minute) on a miss."""
        now = time.monotonic()
        with self._lock:
            cached = self._maps.get(key)
        if cached is not None and now - cached[0] < SKU_CACHE_SECONDS:
            found = cached[1].get(sku)
            if found is not None or now - cached[0] < SKU_MISS_SECONDS:
                return found
        fresh = read()
        with self._lock:
            self._maps[key] = (time.monotonic(), fresh)
        return fresh.get(sku)

    def get(self, key: tuple[str, ...], sku: str) -> tuple[str, ...] | None:
        """The cached ids of ``sku`` (None when unknown or the cache is stale)."""
        with self._lock:
            cached = self._maps.get(key)
        if cached is None or time.monotonic() - cached[0] >= SKU_CACHE_SECONDS:
            return None
        return cached[1].get(sku)

    def remember(self, key: tuple[str, ...], sku: str, ids: tuple[str, ...]) -> None:
        with self._lock:
            cached = self._maps.get(key)
            if cached is not None:
                cached[1][sku] = ids
            else:
                self._maps[key] = (time.monotonic(), {sku: ids})

    def forget(self, key: tuple[str, ...]) -> None:
        with self._lock:
            self._maps.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._maps.clear()


SKUS = SkuCatalogue()


def clear_caches() -> None:
    """Forget the SKU maps and pacing windows (tests)."""
    SKUS.clear()
    PACER.clear()
