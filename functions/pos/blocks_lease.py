"""POST /v1/pos/registers/{id}/blocks: lease the register's next block of receipt numbers."""

from ledgerlet.api.app import route_handler
from ledgerlet.pos.routes import register_blocks_lease

handler = route_handler(register_blocks_lease)
