"""POST /v1/sales-orders/{id}/resume: resume a workflow that waits for stock."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.workflow_api import register_resume

handler = route_handler(register_resume)
