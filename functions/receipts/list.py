"""GET /v1/receipts: list receipts, filtered by cash book, posting state or currency."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.cash import RECEIPTS

handler = crud_handler(RECEIPTS, "list")
