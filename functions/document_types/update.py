"""PATCH /v1/document-types/{id}: change a document type (a stale version answers 409)."""

from ledgerlet.api.crud import crud_handler
from ledgerlet.masterdata.document_types import DOCUMENT_TYPES

handler = crud_handler(DOCUMENT_TYPES, "update")
