"""Every minute: each connected shop's items due a stock update are sent (one message per shop to the import
queue, whose worker flushes it: ledgerlet.marketplace.stock_sync.flush)."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.marketplace.worker import queue_stock_flushes

    return {"shops": queue_stock_flushes()}
