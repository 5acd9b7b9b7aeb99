"""PATCH /v1/pos/registers/{id}: change a register."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_registers_update

handler = route_handler(register_registers_update)
