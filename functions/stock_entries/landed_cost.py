"""POST /v1/stock-entries/{id}/landed-cost: add freight, duty and the like to a receipt after it was written."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.entries_api import register_landed_cost

handler = route_handler(register_landed_cost)
