"""PATCH /v1/recurring-journals/{id}: change a template (e.g. its next run, its lines)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.finance.recurring import RECURRING_JOURNALS

handler = crud_handler(RECURRING_JOURNALS, "update")
