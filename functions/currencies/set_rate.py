"""PUT /v1/currencies/{id}/rates/{date}: set the exchange rate (MYR per unit) in force from a date."""

from ledgerlet.api.app import route_handler
from ledgerlet.masterdata.rates_api import register_set_rate

handler = route_handler(register_set_rate)
