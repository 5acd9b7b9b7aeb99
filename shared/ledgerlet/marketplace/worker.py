"""What the import queue's messages ask for: one order to import, or one shop's recent orders to re-fetch.

Messages: ``{"platform", "shop_id", "order_id", "source"}`` (an order; source ``push``, ``refetch`` or
``retry``), ``{"platform", "shop_id", "refetch_since", "source": "refetch"}`` (the shop's orders
updated since then, each queued as an order of its own) and ``{"platform", "shop_id", "stock_flush":
true}`` (the shop's items due a stock update, :mod:`ledgerlet.marketplace.stock_sync`)."""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

from ledgerlet.marketplace.connections import api_client, connection

log = logging.getLogger(__name__)

REFETCH_DAYS = 3  # pushes missed in the last three days are recovered


def handle(message: dict[str, Any]) -> str:
    """Do what a message asks; answers what came of it (for the log line)."""
    platform, shop_id = str(message["platform"]), str(message["shop_id"])
    found = connection(platform, shop_id)
    if found is None:
        log.warning("%s shop %s is connected to no company: message dropped", platform, shop_id)
        return "unknown shop"
    if not found.active:
        return "paused"
    if message.get("refetch_since") is not None:
        return _refetch(found, int(message["refetch_since"]))
    if message.get("stock_flush"):
        from ledgerlet.marketplace.stock_sync import flush

        return " ".join(f"{count} {what}" for what, count in flush(found).items())
    return _import(found, str(message["order_id"]), str(message.get("source") or "push"))


def _import(found: Any, order_id: str, source: str) -> str:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.marketplace.imports import apply

    api = api_client(found)
    order = api.order(order_id)
    if order is None:
        log.warning("%s order %s not found at the platform", found.platform, order_id)
        return "not found"
    outcome = apply(DocumentStore(found.tenant_id), found, order, api.settlement, source)
    return f"{outcome.state} {outcome.detail}".strip()


def _refetch(found: Any, since: int) -> str:
    """Queue every order of the shop updated since ``since`` (the import skips what is done)."""
    from ledgerlet.marketplace.receiver import queue_import

    until = int(time.time())
    order_ids = api_client(found).orders_updated(since, until)
    for order_id in order_ids:
        digest = hashlib.sha256(f"refetch|{found.platform}|{order_id}|{until // 3600}".encode()).hexdigest()
        queue_import(found.platform, found.shop_id, order_id, source="refetch", deduplication_id=digest)
    return f"{len(order_ids)} orders queued"


def queue_refetches(now: float | None = None) -> int:
    """The hourly schedule: one re-fetch message per connected shop (its orders of the last three days)."""
    moment = int(now if now is not None else time.time())
    since = moment - REFETCH_DAYS * 86400
    return _per_shop("refetch", {"refetch_since": since, "source": "refetch"}, moment // 60)


def queue_stock_flushes(now: float | None = None) -> int:
    """The schedule every minute: one stock flush per connected shop (each sends what fell due)."""
    moment = int(now if now is not None else time.time())
    return _per_shop("stock", {"stock_flush": True}, moment // 60)


def _per_shop(kind: str, body: dict[str, Any], bucket: int) -> int:
    """One message per connected shop, in the shop's own group for ``kind`` (deduplicated per ``bucket``)."""
    import json
    import os

    from ledgerlet.hub.aws import client
    from ledgerlet.marketplace.receiver import QUEUE_URL
    from ledgerlet.platform.contract import connected_shops

    count = 0
    for platform, shop_id in connected_shops():
        client("sqs").send_message(
            QueueUrl=os.environ[QUEUE_URL],
            MessageBody=json.dumps({"platform": platform, "shop_id": shop_id, **body}),
            MessageGroupId=f"{platform}:{shop_id}:{kind}",
            MessageDeduplicationId=f"{kind}-{platform}-{shop_id}-{bucket}",
        )
        count += 1
    return count
