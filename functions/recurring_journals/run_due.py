"""The recurring-journal run queue: each message is one tenant whose due journals to create, "today"
being the date in the company's own time zone. A tenant that fails is retried alone."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.finance.recurring import run_tenant
    from ledgerlet.hub.work import for_each_tenant

    return for_each_tenant(event, context, lambda tenant_id, _message: run_tenant(tenant_id))
