"""The marketplaces' protocols in pure Python: push signatures and bodies, API request signing, order /
settlement / stock calls, and status mapping, for Shopee (:mod:`.shopee`) and Lazada (:mod:`.lazada`).

    >>> verify_push("lazada", app_key=key, app_secret=secret, url=url, body=raw, authorization=header)
    >>> push = parse_push("lazada", raw)            # Push(platform, shop_id, order_id, status, ...)
    >>> api = client(credentials, "https://api.lazada.com.my/rest", on_refresh=save)
    >>> api.order(push.order_id)                    # MarketplaceOrder | None
"""

from .base import (
    PLATFORMS,
    STATUSES,
    BadPush,
    Credentials,
    MarketplaceClient,
    MarketplaceError,
    MarketplaceOrder,
    OrderLine,
    Push,
    RateLimited,
    Settlement,
    TokenExpired,
    UnknownSku,
    clear_caches,
    client,
    parse_push,
    sign_push,
    verify_push,
)

__all__ = [
    "PLATFORMS",
    "STATUSES",
    "BadPush",
    "Credentials",
    "MarketplaceClient",
    "MarketplaceError",
    "MarketplaceOrder",
    "OrderLine",
    "Push",
    "RateLimited",
    "Settlement",
    "TokenExpired",
    "UnknownSku",
    "clear_caches",
    "client",
    "parse_push",
    "sign_push",
    "verify_push",
]
