"""The marketplace order log: ledgerlet.marketplace.routes.register_list."""

from ledgerlet.api.app import route_handler
from ledgerlet.marketplace.routes import register_list

handler = route_handler(register_list)
