"""POST /v1/stock-entries/{id}/cancel: cancel a stock entry; its stock re-costs from its date."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.entries_api import register_cancel

handler = route_handler(register_cancel)
