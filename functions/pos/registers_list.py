"""GET /v1/pos/registers: list registers."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_registers_list

handler = route_handler(register_registers_list)
