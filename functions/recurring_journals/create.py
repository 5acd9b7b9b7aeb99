"""POST /v1/recurring-journals: create a recurring journal template (a journal body, a frequency, the next run)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.recurring import RECURRING_JOURNALS

handler = crud_handler(RECURRING_JOURNALS, "create")
