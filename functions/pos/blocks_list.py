"""GET /v1/pos/registers/{id}/blocks: the register's number blocks and how many of each were used."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_blocks_list

handler = route_handler(register_blocks_list)
