"""POST /v1/pos/shifts/{id}/close: close a shift with the cash counted; the over or short posts."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_shifts_close

handler = route_handler(register_shifts_close)
