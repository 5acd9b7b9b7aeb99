"""GET /v1/recurring-journals/{id} and /history: a recurring journal template and its changes."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.recurring import RECURRING_JOURNALS

handler = crud_handler(RECURRING_JOURNALS, "get")
