"""POST /v1/delivery-runs/{id}/stops/{n}/proof: a stop's proof of delivery."""

from ledgerlet.api.app import route_handler
from ledgerlet.sales.delivery_runs_api import register_proof

handler = route_handler(register_proof)
