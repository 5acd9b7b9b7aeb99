"""The reservation expiry queue: each message is one tenant whose reservations past their day to release,
"today" being the date in the company's own time zone. A tenant that fails is retried alone."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.hub.work import for_each_tenant
    from ledgerlet.inventory.reservations import expire_for_tenant

    return for_each_tenant(event, context, lambda tenant_id, _message: expire_for_tenant(tenant_id))
