"""POST /v1/journals: create a manual journal; the ledger posts it from the hub's stream."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.journals import JOURNALS

handler = crud_handler(JOURNALS, "create")
