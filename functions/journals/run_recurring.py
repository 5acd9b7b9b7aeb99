"""The daily schedule of recurring journals: one run per active tenant, sent to the run queue.

A schedule has no caller, so no tenant: the function reads the registry of active tenants (the only
part of the platform table its role may read) and sends a message per tenant; each tenant's due
journals are then created by ``recurring_journals/run_due.py`` with that tenant's scoped credentials.
"""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.finance.recurring import schedule_every_tenant

    return schedule_every_tenant()
