"""Hourly: each connected shop's orders of the last three days are read again (pushes missed)."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.marketplace.worker import queue_refetches

    return {"shops": queue_refetches()}
