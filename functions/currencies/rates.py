"""GET /v1/currencies/{id}/rates: a currency's exchange rates, or the one in force on a date."""

from ledgerlet.api.app import route_handler
from ledgerlet.masterdata.rates_api import register_list_rates

handler = route_handler(register_list_rates)
