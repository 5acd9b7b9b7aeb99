"""GET /v1/exchange-rates: exchange rates across currencies, filtered by currency and dates, paged."""

from ledgerlet.api.app import route_handler
from ledgerlet.masterdata.rates_api import register_all_rates

handler = route_handler(register_all_rates)
