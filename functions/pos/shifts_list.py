"""GET /v1/pos/shifts: list shifts, open or closed."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_shifts_list

handler = route_handler(register_shifts_list)
