"""The get action of the customer refunds applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.refunds import CUSTOMER_REFUNDS

handler = crud_handler(CUSTOMER_REFUNDS, "get")
