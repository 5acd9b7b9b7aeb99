"""The get action of the quotations applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.quotations import QUOTATIONS

handler = crud_handler(QUOTATIONS.kind, "get")
