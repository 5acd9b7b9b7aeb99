"""Webhook pushes from the marketplaces: verified, queued, acknowledged.

The raw body is verified against its platform's signature (in constant time) before anything else reads
it. A bad or missing signature answers 401, is logged (never the body), and writes nothing. A good push
about an order is sent to the import queue (SQS FIFO): one message group per order, so an order's pushes
are imported one after another, and the body's digest as the deduplication id, so the same push sent
again within five minutes is dropped by SQS. Later replays change nothing either: the import reads the
order from the platform and does only what is left. Nothing here waits on the platform: Lazada wants a
200 within 500 ms.

Kept light for cold starts: the standard library, the platform module, and boto3's SQS and Secrets
Manager clients, created on first use."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from typing import Any

from ledgerlet.marketplace.platforms import PLATFORMS, BadPush, parse_push, verify_push

log = logging.getLogger(__name__)

APPS_SECRET = "MARKETPLACE_APPS_SECRET"  # the secret holding Ledgerlet's own app on each platform
QUEUE_URL = "MARKETPLACE_IMPORT_QUEUE_URL"
WEBHOOK_BASE_URL = "WEBHOOK_BASE_URL"  # the public base URL the platforms were given (empty: the request's)
APPS_TTL = 300.0  # seconds an app secret is trusted before it is read again (rotation)

_apps: tuple[float, dict[str, Any]] | None = None
_apps_lock = threading.Lock()


def receive(platform: str, url: str, body: bytes, authorization: str | None) -> tuple[int, dict[str, Any]]:
    """Answer a push: (status, body)."""
    if platform not in PLATFORMS:
        return 404, {"message": f"no platform named {platform!r}"}
    app = app_credentials(platform)
    if app is None or not verify_push(
        platform, app_key=app["app_key"], app_secret=app["app_secret"], url=url, body=body, authorization=authorization
    ):
        log.warning("%s push refused: bad or missing signature (%d bytes, url %s)", platform, len(body), url)
        return 401, {"message": "invalid signature"}
    try:
        push = parse_push(platform, body)
    except BadPush as error:
        log.warning("%s push refused: %s", platform, error)
        return 400, {"message": str(error)}
    if push.kind != "order" or not push.order_id:
        return 200, {"queued": False}
    queue_import(
        platform,
        push.shop_id,
        push.order_id,
        source="push",
        deduplication_id=hashlib.sha256(platform.encode() + b"\n" + body).hexdigest(),
        status=push.status,
    )
    return 200, {"queued": True}


def queue_import(
    platform: str, shop_id: str, order_id: str, *, source: str, deduplication_id: str, status: str | None = None
) -> None:
    """Ask the import to read an order (``source``: push, refetch or retry)."""
    from ledgerlet.hub.aws import client

    message = {"platform": platform, "shop_id": shop_id, "order_id": order_id, "status": status, "source": source}
    client("sqs").send_message(
        QueueUrl=os.environ[QUEUE_URL],
        MessageBody=json.dumps(message, separators=(",", ":")),
        MessageGroupId=f"{platform}:{shop_id}:{order_id}",
        MessageDeduplicationId=deduplication_id[:128],
    )


def app_credentials(platform: str) -> dict[str, str] | None:
    """Ledgerlet's app on the platform (``app_key``, ``app_secret``), None when none is configured."""
    global _apps  # noqa: PLW0603 - one cached copy per execution environment
    now = time.monotonic()
    cached = _apps
    if cached is None or cached[0] < now:
        with _apps_lock:
            if _apps is None or _apps[0] < now:
                _apps = (now + APPS_TTL, _read_apps())
            cached = _apps
    found = cached[1].get(platform)
    if not isinstance(found, dict) or not found.get("app_key") or not found.get("app_secret"):
        return None
    return {"app_key": str(found["app_key"]), "app_secret": str(found["app_secret"])}


def _read_apps() -> dict[str, Any]:
    from ledgerlet.hub.aws import client

    name = os.environ.get(APPS_SECRET)
    if not name:
        return {}
    value: dict[str, Any] = json.loads(client("secretsmanager").get_secret_value(SecretId=name)["SecretString"] or "{}")
    return value


def forget_apps() -> None:
    """Read the app secret again on next use (tests; rotation)."""
    global _apps  # noqa: PLW0603
    _apps = None


def webhook_url(event: dict[str, Any]) -> str:
    """The URL the platform called, as it signed it: the configured public base, else the request's own."""
    headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
    base = os.environ.get(WEBHOOK_BASE_URL) or (
        f"{headers.get('x-forwarded-proto', 'https')}://{headers.get('host', '')}"
    )
    return base.rstrip("/") + str(event.get("path") or "")
