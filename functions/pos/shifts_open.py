"""POST /v1/pos/shifts: open a shift (its id made by the register)."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_shifts_open

handler = route_handler(register_shifts_open)
