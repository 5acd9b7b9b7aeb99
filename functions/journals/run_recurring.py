"""The daily run of recurring journals for every company that has templates; and keeping that list.

A schedule has no caller, so no tenant. Rather than scan the hub or read the platform's tenant table,
the function keeps its own list: the hub's events tell it (its subscription's filter: INSERT of
a RECURRINGJOURNAL document) when a company creates a template, and it adds the company's id under
the one non-tenant partition ``GLOBAL#RECURRING``. Its role may touch only that partition directly (and its queue);
each company's journals are then created with that company's tenant-scoped credentials, exactly as
``POST /v1/recurring-journals/run`` does. The list holds tenant ids only, no business data.
"""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.finance.recurring import register_tenants, run_every_tenant
    from ledgerlet.hub.events import change_records

    if "Records" in event:  # the hub's events: templates created
        return register_tenants([change for _, change in change_records(event)])
    return run_every_tenant()
