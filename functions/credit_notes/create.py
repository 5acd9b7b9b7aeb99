"""The create action of the credit notes applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.credit_notes import CREDIT_NOTES

handler = crud_handler(CREDIT_NOTES.kind, "create")
