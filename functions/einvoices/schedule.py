"""Every 5 minutes: send each active company to the e-invoice run queue."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.einvoice.consumers import schedule_every_tenant

    return schedule_every_tenant()
