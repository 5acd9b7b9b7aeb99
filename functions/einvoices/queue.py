"""Hub events consumer: each issued sales document becomes an e-invoice to send (ledgerlet.einvoice.submission)."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.einvoice.consumers import queue_issued

    return queue_issued(event, context)
