"""The list action of the customer receipts applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.receipts import CUSTOMER_RECEIPTS

handler = crud_handler(CUSTOMER_RECEIPTS, "list")
