"""The inventory's daily queue: each message is one tenant whose reservations past their day to release
and whose reorder rules to check, "today" being the date in the company's time zone. A tenant that fails
is retried alone."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.hub.work import for_each_tenant
    from ledgerlet.inventory.daily import run_daily

    return for_each_tenant(event, context, lambda tenant_id, _message: run_daily(tenant_id))
