"""The get action of the delivery runs applet."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.sales.delivery_runs import DELIVERY_RUNS

handler = crud_handler(DELIVERY_RUNS, "get")
