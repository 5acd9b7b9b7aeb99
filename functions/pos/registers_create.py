"""POST /v1/pos/registers: create a register (a till)."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_registers_create

handler = route_handler(register_registers_create)
