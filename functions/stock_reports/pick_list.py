"""GET /v1/stock/pick-list: the batches an issue would take, first expiring first out."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.reports_api import register_pick_list

handler = route_handler(register_pick_list)
