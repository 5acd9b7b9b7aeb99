"""GET /v1/pos/shifts/{id} and its history."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_shifts_get

handler = route_handler(register_shifts_get)
