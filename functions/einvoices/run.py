"""The e-invoice run queue: for each company, record what MyInvois decided and submit what is pending."""

from typing import Any


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.einvoice.consumers import run_tenants

    return run_tenants(event, context)
