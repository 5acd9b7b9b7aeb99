"""POST /v1/document-types/{id}/archive: archive a document type."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.document_types import DOCUMENT_TYPES

handler = crud_handler(DOCUMENT_TYPES, "archive")
