"""POST /v1/receipts: record a receipt through a cash book; the ledger posts it from the hub's stream."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.cash import RECEIPTS

handler = crud_handler(RECEIPTS, "create")
