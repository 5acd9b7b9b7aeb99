"""The create action of the debit notes applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.debit_notes import DEBIT_NOTES

handler = crud_handler(DEBIT_NOTES.kind, "create")
