"""GET /v1/journals/{id} and /v1/journals/{id}/history: a journal, its posting state and history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.journals import JOURNALS

handler = crud_handler(JOURNALS, "get")
