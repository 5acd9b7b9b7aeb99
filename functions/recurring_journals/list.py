"""GET /v1/recurring-journals: list recurring journal templates."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.recurring import RECURRING_JOURNALS

handler = crud_handler(RECURRING_JOURNALS, "list")
