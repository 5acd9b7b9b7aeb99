"""Every few minutes: send each active tenant to the sweep queue (see ledgerlet.ledger.sweep)."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.ledger.sweep import schedule_every_tenant

    return schedule_every_tenant()
