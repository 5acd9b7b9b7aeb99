"""POST /v1/webhooks/{platform}: a marketplace's push, verified and queued (ledgerlet.marketplace.receiver).

A plain handler, not the API resolver: it must answer within milliseconds and read the body as sent."""

import base64
import json
from typing import Any

from ledgerlet.marketplace.receiver import receive, webhook_url


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    text = event.get("body") or ""
    body = base64.b64decode(text) if event.get("isBase64Encoded") else text.encode("utf-8")
    headers = {str(name).lower(): value for name, value in (event.get("headers") or {}).items()}
    platform = (event.get("pathParameters") or {}).get("platform", "")
    status, answer = receive(platform, webhook_url(event), body, headers.get("authorization"))
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(answer)}
