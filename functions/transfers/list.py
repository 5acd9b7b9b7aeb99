"""GET /v1/transfers: list transfers, filtered by cash book or posting state."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.transfers import TRANSFERS

handler = crud_handler(TRANSFERS, "list")
