"""GET /v1/pos/conflicts: sales waiting for a person."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_conflicts

handler = route_handler(register_conflicts)
