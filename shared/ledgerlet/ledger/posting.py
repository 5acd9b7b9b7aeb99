"""Posting a document: apply its rule, respect the lock dates, write the entries once, record the outcome.

A document asks to be posted by carrying ``posting_state = "pending"``; the stream consumer hands it
here. Business reasons a document cannot post (a locked period, a missing account) leave it
``failed`` with the reason, listed among the posting exceptions for a user to fix and retry; anything
else raises, so the stream retries the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from ledgerlet.hub.documents import DocumentStore
from ledgerlet.ledger.entries import InvalidEntry, JournalEntry, UnbalancedEntry
from ledgerlet.ledger.rules import RULES, PostingRefused
from ledgerlet.ledger.store import LedgerStore, LocksChanged, entry_from_stored, entry_id_for
from ledgerlet.masterdata.contract import CashBook, MasterData, TaxCode

POSTED_BY = "ledger"


class HubLookup:
    """Master data the rules need, read through the master-data applets' contract."""

    def __init__(self, documents: DocumentStore, ledger: LedgerStore) -> None:
        self.master_data = MasterData(documents)
        self.ledger = ledger

    def cash_book(self, cash_book_id: str) -> CashBook:
        found = self.master_data.cash_book(cash_book_id)
        if found is None:
            raise PostingRefused(f"cash book {cash_book_id} does not exist")
        return found

    def tax_code(self, tax_code_id: str) -> TaxCode:
        found = self.master_data.tax_code(tax_code_id)
        if found is None:
            raise PostingRefused(f"tax code {tax_code_id} does not exist")
        return found

    def system_account(self, role: str) -> str:
        code = _system_codes().get(role)
        account = self.master_data.account_by_code(code) if code else None
        if account is None:
            raise PostingRefused(f"the chart of accounts has no {role} account ({code or 'no code'})")
        return account.id

    def carried(self, account_id: str, currency: str, up_to: date) -> tuple[Decimal, Decimal]:
        return self.ledger.carried(account_id, currency, f"{up_to.year:04d}-{up_to.month:02d}")

    def posted_entry(self, entry_id: str) -> JournalEntry:
        stored = self.ledger.entry(entry_id, consistent=True)
        if stored is None:
            raise PostingRefused(f"entry {entry_id} has not been posted")
        return entry_from_stored(stored)


@cache
def _system_codes() -> dict[str, str]:
    from ledgerlet.reference.sme_chart import SYSTEM_ACCOUNTS

    return dict(SYSTEM_ACCOUNTS)


def posts(document: dict[str, Any]) -> bool:
    return document.get("posting_state") == "pending" and document.get("entity") in RULES


@dataclass(frozen=True)
class Ready:
    """A document whose entries passed every check and only wait to be written."""

    tenant_id: str
    document: dict[str, Any]
    entries: list[JournalEntry]
    locks_version: int  # the ledger settings' version its lock dates were checked at


def current(tenant_id: str, image: dict[str, Any]) -> dict[str, Any] | None:
    """The document as it is now (a consistent read), if it is still pending. An event may be late or
    delivered again: its image may show a document that has since posted, failed or changed."""
    found = DocumentStore(tenant_id).get(image["entity"], image["id"])
    return found if found is not None and posts({**found, "entity": image["entity"]}) else None


def prepare(tenant_id: str, document: dict[str, Any]) -> Ready | None:
    """Build a pending document's entries; a business reason it cannot post marks it failed (None)."""
    doc_type, doc_id = document["entity"], document["id"]
    rule = RULES[doc_type]
    ledger = LedgerStore(tenant_id)
    try:
        entries = [
            _as_stored(ledger, entry)
            for entry in rule.build(
                document, HubLookup(DocumentStore(tenant_id), ledger), lambda n: entry_id_for(doc_id, n)
            )
        ]
        locks = ledger.lock_dates()
        for entry in entries:
            if ledger.started(entry.entry_id):
                continue  # its first chunk passed the lock check atomically: it completes whatever the locks now
            reason = locks.refusal(rule.module, entry.date)
            if reason:
                raise PostingRefused(f"cannot post into a locked period: {reason}")
    except (PostingRefused, InvalidEntry, UnbalancedEntry) as refused:
        if DocumentStore(tenant_id).set_posting_state(
            doc_type, doc_id, "failed", expected="pending", posting_error=str(refused)
        ):
            ledger.record_exception(doc_type, doc_id, document.get("code") or "", str(refused))
        return None
    return Ready(tenant_id, document, entries, locks.version)


def _as_stored(ledger: LedgerStore, entry: JournalEntry) -> JournalEntry:
    """The entry as first written, when it was: a replay must not recompute it from data (balances,
    tax rates, cash books) that may have changed since, or the lines and the balances could differ."""
    stored = ledger.entry(entry.entry_id, consistent=True)
    return entry if stored is None else entry_from_stored(stored)


def post_ready(ready: list[Ready]) -> None:
    """Write the entries of many documents (each tenant's together), then mark the documents posted.

    A batch may carry one document more than once (a queue delivers at least once; a document can
    change twice while pending): its entries are the same each time, so it is written once.
    """
    unique = {(item.tenant_id, item.document["entity"], item.document["id"]): item for item in ready}
    by_tenant: dict[str, list[Ready]] = {}
    for item in unique.values():
        by_tenant.setdefault(item.tenant_id, []).append(item)
    for tenant_id, group in by_tenant.items():
        ledger, documents = LedgerStore(tenant_id), DocumentStore(tenant_id)
        for item in _post_checked(ledger, group):
            doc_type, doc_id = item.document["entity"], item.document["id"]
            ledger.clear_exception(doc_type, doc_id)
            entry_ids = [entry.entry_id for entry in item.entries]
            documents.set_posting_state(
                doc_type, doc_id, "posted", expected="pending", entry_ids=entry_ids, posting_error=None
            )


LOCK_RECHECKS = 5


def _post_checked(ledger: LedgerStore, group: list[Ready]) -> list[Ready]:
    """Write one tenant's entries, committing only while the lock dates are those they were checked
    against. When the locks moved in between, the documents are checked again (the refused ones end
    failed, their written parts discarded) and the rest posted. Returns the documents that posted."""
    for _ in range(LOCK_RECHECKS):
        versions = {item.locks_version for item in group}
        if len(versions) == 1:
            try:
                ledger.post_entries(
                    [e for item in group for e in item.entries], POSTED_BY, locks_version=versions.pop()
                )
                return group
            except LocksChanged:
                pass
        rechecked = [(item, prepare(item.tenant_id, item.document)) for item in group]
        ledger.discard_unstarted([e for item, again in rechecked if again is None for e in item.entries])
        group = [again for _, again in rechecked if again is not None]
        if not group:
            return []
    raise RuntimeError("the lock dates kept changing while posting; the batch is retried")


def post_document(tenant_id: str, document: dict[str, Any]) -> str:
    """Post one pending document; returns its new posting state (``posted`` or ``failed``)."""
    ready = prepare(tenant_id, document)
    if ready is None:
        return "failed"
    post_ready([ready])
    return "posted"
