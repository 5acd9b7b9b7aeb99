"""POST /v1/count-sheets/{id}/submit: the counted quantities become a stock count entry; the sheet closes."""

from ledgerlet.api.app import route_handler
from ledgerlet.inventory.entries_api import register_submit_count

handler = route_handler(register_submit_count)
