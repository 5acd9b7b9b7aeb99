"""POST /v1/delivery-runs/{id}/cancel: the run cancelled, its driver, vehicle and delivery orders free again."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.delivery_runs_api import register_cancel

handler = route_handler(register_cancel)
