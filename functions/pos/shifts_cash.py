"""POST /v1/pos/shifts/{id}/cash: cash put into the drawer or taken out."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_shifts_cash

handler = route_handler(register_shifts_cash)
