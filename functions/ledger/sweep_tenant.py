"""The sweep queue: for each tenant, post (or fail) the documents pending for more than a few minutes
at the instant the schedule sent it (``as_of``)."""

from datetime import datetime
from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.hub.work import for_each_tenant
    from ledgerlet.ledger.sweep import sweep_tenant

    return for_each_tenant(
        event, context, lambda tenant_id, message: sweep_tenant(tenant_id, datetime.fromisoformat(message["as_of"]))
    )
