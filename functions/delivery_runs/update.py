"""PATCH /v1/delivery-runs/{id}: a draft changed, its claims moved with it."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.delivery_runs_api import register_update

handler = route_handler(register_update)
