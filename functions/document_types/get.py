"""GET /v1/document-types/{id} and /v1/document-types/{id}/history: read a document type and its change history."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.document_types import DOCUMENT_TYPES

handler = crud_handler(DOCUMENT_TYPES, "get")
