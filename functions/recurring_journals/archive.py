"""POST /v1/recurring-journals/{id}/archive: stop a template (archived templates never run)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.recurring import RECURRING_JOURNALS

handler = crud_handler(RECURRING_JOURNALS, "archive")
