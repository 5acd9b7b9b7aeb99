"""GET /v1/pos/registers/{id} and its history."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_registers_get

handler = route_handler(register_registers_get)
