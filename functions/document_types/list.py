"""GET /v1/document-types: list document types: cursor-paginated, filtered, sorted by code or name."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.document_types import DOCUMENT_TYPES

handler = crud_handler(DOCUMENT_TYPES, "list")
