"""POST /v1/transfers: move money between cash books (a conversion realises exchange differences)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.transfers import TRANSFERS

handler = crud_handler(TRANSFERS, "create")
