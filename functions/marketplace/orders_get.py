"""The marketplace order log: ledgerlet.marketplace.routes.register_get."""

from ledgerlet.api.app import route_handler
from ledgerlet.marketplace.routes import register_get

handler = route_handler(register_get)
