"""GET /v1/journals: list journals (by number or memo), filtered by posting state or currency."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.journals import JOURNALS

handler = crud_handler(JOURNALS, "list")
