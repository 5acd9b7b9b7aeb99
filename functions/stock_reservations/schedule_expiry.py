"""The daily expiry of stock reservations: one run per active tenant, sent to the expiry queue.

A schedule has no caller, so no tenant: the function reads the registry of active tenants (the only
part of the platform table its role may read) and sends a message per tenant; each tenant's
reservations past their day are released by ``stock_reservations/expire.py`` with its scoped credentials.
"""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.inventory.reservations import schedule_expiry

    return schedule_expiry()
