"""POST /v1/pos/registers/{id}/archive: archive a register."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_registers_archive

handler = route_handler(register_registers_archive)
