"""GET /v1/openapi.json: the OpenAPI document of the whole API (public)."""

from ledgerlet.api.app import route_handler
from ledgerlet.api.openapi import register_openapi

handler = route_handler(register_openapi)
