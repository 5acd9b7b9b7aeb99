"""The inventory's daily run, per tenant: reservations past their day are released, and reorder rules
raise the stock requests their items need (``ledgerlet.hub.work`` fans it out, one message per tenant)."""

from __future__ import annotations

from typing import Any

DAILY_QUEUE_VARIABLE = "INVENTORY_DAILY_QUEUE_URL"


def schedule_daily() -> dict[str, Any]:
    from ledgerlet.hub.work import send_per_tenant
    from ledgerlet.platform.contract import active_tenant_ids

    return {"tenants": send_per_tenant(DAILY_QUEUE_VARIABLE, active_tenant_ids())}


def run_daily(tenant_id: str) -> dict[str, Any]:
    """One tenant's run, "today" being the date in the company's own time zone."""
    from ledgerlet.inventory.requests import replenish
    from ledgerlet.inventory.reservations import expire_reservations
    from ledgerlet.ledger.contract import company_today

    expired = expire_reservations(tenant_id, company_today(tenant_id))
    return {"expired": expired, "requested": replenish(tenant_id)}
