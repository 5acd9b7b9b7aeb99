"""GET /v1/pos/sales/{id}/receipt: the sale's receipt, printed for an 80 mm roll (PDF)."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_receipt

handler = route_handler(register_receipt)
