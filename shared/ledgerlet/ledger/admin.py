"""Ledger settings (fiscal year start, lock dates) and posting exceptions, for the ledger applet's API."""

from __future__ import annotations

from typing import Any

from ledgerlet.errors import NotFound, invalid_field
from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.ledger import views
from ledgerlet.ledger.locks import MODULES
from ledgerlet.ledger.store import LedgerStore


def settings_view(ledger: LedgerStore) -> views.LedgerSettings:
    return views.LedgerSettings.model_validate(_settings_fields(ledger.settings()))


def _settings_fields(stored: dict[str, Any]) -> dict[str, Any]:
    return {name: stored.get(name) for name in views.LedgerSettings.model_fields} | {
        "module_locks": stored.get("module_locks") or {}
    }


def update_settings(ledger: LedgerStore, body: views.SettingsUpdate, actor: str) -> views.LedgerSettings:
    """Apply the fields sent (``save_settings`` audits the change and refuses a stale version)."""
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    for module in changes.get("module_locks") or {}:
        if module not in MODULES:
            raise invalid_field(
                f"body.module_locks.{module}",
                f"not a module; one of {', '.join(MODULES)}",
                "choice.invalid",
                choices=", ".join(MODULES),
            )
    for name, wanted in (("fiscal_year_start_month", "a month 1..12"), ("time_zone", "a time zone")):
        if name in changes and changes[name] is None:
            raise invalid_field(f"body.{name}", f"{wanted} is required", "required")
    saved = ledger.save_settings(changes, body.version, actor)
    return views.LedgerSettings.model_validate(_settings_fields(saved))


def settings_history(ledger: LedgerStore, limit: int, cursor: str | None) -> views.SettingsHistoryPage:
    page = ledger.settings_history(limit, cursor)
    return views.SettingsHistoryPage.model_validate({"items": page.items, "next_cursor": page.next_cursor})


def retry_link(document_type: str, document_id: str) -> str:
    return f"/v1/ledger/exceptions/{document_type}/{document_id}/retry"


def exceptions(ledger: LedgerStore, limit: int, cursor: str | None) -> views.PostingExceptionPage:
    page = ledger.exceptions(limit, cursor)
    items = [
        views.PostingException.model_validate({**item, "retry": retry_link(item["document_type"], item["document_id"])})
        for item in page.items
    ]
    return views.PostingExceptionPage(items=items, next_cursor=page.next_cursor)


def retry(ledger: LedgerStore, documents: DocumentStore, document_type: str, document_id: str) -> views.RetryAnswer:
    """Ask for a failed document to be posted again: the stream consumer picks up ``pending``."""
    from botocore.exceptions import ClientError

    found = ledger.db.get_item(
        TableName=ledger.table,
        Key={
            "PK": {"S": keys.posting_exceptions_pk(ledger.tenant_id)},
            "SK": {"S": f"{document_type}{keys.SEP}{document_id}"},
        },
        ConsistentRead=True,
    ).get("Item")
    if found is None:
        raise NotFound(f"no posting exception for {document_type} {document_id}")
    try:
        documents.set_posting_state(document_type, document_id, "pending", posting_error=None)
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
        raise NotFound(f"{document_type} {document_id} no longer exists") from None
    exception = from_item(found)
    return views.RetryAnswer(
        document_type=exception["document_type"], document_id=exception["document_id"], posting_state="pending"
    )
