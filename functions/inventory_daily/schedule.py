"""The inventory's daily run: one message per active tenant, sent to the daily queue.

A schedule has no caller, so no tenant: the function reads the registry of active tenants (the only
part of the platform table its role may read) and sends a message per tenant; each tenant's run
(reservations past their day released, replenishment requests raised) is ``inventory_daily/run.py``,
with that tenant's scoped credentials.
"""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.inventory.daily import schedule_daily

    return schedule_daily()
