"""POST /v1/delivery-runs/{id}/submit: the run dispatched."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.delivery_runs_api import register_submit

handler = route_handler(register_submit)
