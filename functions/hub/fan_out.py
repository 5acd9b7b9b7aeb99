"""The hub stream's one reader: publishes every change to the hub's event topic (see ledgerlet.hub.events)."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.hub.aws import client
    from ledgerlet.hub.events import fan_out

    return fan_out(event.get("Records") or [], client("sns"))
