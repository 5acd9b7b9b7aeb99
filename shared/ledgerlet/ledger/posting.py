"""Posting a document: apply its rule, respect the lock dates, write the entries once, record the outcome.

A document asks to be posted by carrying ``posting_state = "pending"``; the stream consumer hands it
here. Business reasons a document cannot post (a locked period, a missing account) leave it
``failed`` with the reason, listed among the posting exceptions for a user to fix and retry; anything
else raises, so the stream retries the record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, cached_property
from typing import Any, cast

from ledgerlet.hub.documents import DocumentStore
from ledgerlet.ledger.entries import InvalidEntry, JournalEntry, UnbalancedEntry
from ledgerlet.ledger.locks import LockDates
from ledgerlet.ledger.rules import RULES, PostingRefused
from ledgerlet.ledger.store import LedgerStore, LocksChanged, entry_from_stored, entry_id_for
from ledgerlet.masterdata.contract import CashBook, MasterData, TaxCode

POSTED_BY = "ledger"


class HubLookup:
    """Master data the rules need, read through the master-data applets' contract. What it finds it keeps
    (a batch's documents mostly name the same system accounts and cash books); what is missing it reads
    again, so a document refused for it is refused on what is there now."""

    def __init__(self, documents: DocumentStore, ledger: LedgerStore) -> None:
        self.master_data = MasterData(documents)
        self.ledger = ledger
        self._found: dict[tuple[str, str], Any] = {}

    def _kept(self, kind: str, key: str, read: Callable[[str], Any]) -> Any:
        if (kind, key) not in self._found:
            found = read(key)
            if found is None:
                return None
            self._found[(kind, key)] = found
        return self._found[(kind, key)]

    def cash_book(self, cash_book_id: str) -> CashBook:
        found = self._kept("cash book", cash_book_id, self.master_data.cash_book)
        if found is None:
            raise PostingRefused(f"cash book {cash_book_id} does not exist")
        return cast(CashBook, found)

    def tax_code(self, tax_code_id: str) -> TaxCode:
        found = self._kept("tax code", tax_code_id, self.master_data.tax_code)
        if found is None:
            raise PostingRefused(f"tax code {tax_code_id} does not exist")
        return cast(TaxCode, found)

    def system_account(self, role: str) -> str:
        code = _system_codes().get(role)
        account = self._kept("account", code, self.master_data.account_by_code) if code else None
        if account is None:
            raise PostingRefused(f"the chart of accounts has no {role} account ({code or 'no code'})")
        return str(account.id)

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


class TenantReads:
    """What one company's documents in a batch read once: the master data their rules look up, and the
    lock dates they are checked against. Reading the lock dates once per batch is safe: entries are
    written only while the dates are still at the version checked (see :func:`_post_checked`)."""

    def __init__(self, tenant_id: str) -> None:
        self.ledger = LedgerStore(tenant_id)
        self.lookup = HubLookup(DocumentStore(tenant_id), self.ledger)

    @cached_property
    def locks(self) -> LockDates:
        return self.ledger.lock_dates()


class BatchReads(dict[str, TenantReads]):
    """A batch's reads, per company (see :class:`TenantReads`)."""

    def __missing__(self, tenant_id: str) -> TenantReads:
        self[tenant_id] = TenantReads(tenant_id)
        return self[tenant_id]


def prepare(tenant_id: str, document: dict[str, Any], reads: BatchReads | None = None) -> Ready | None:
    """Build a pending document's entries; a business reason it cannot post marks it failed (None).
    ``reads``: what the other documents of its batch already read (nothing, when None)."""
    doc_type, doc_id = document["entity"], document["id"]
    rule = RULES[doc_type]
    shared = (reads if reads is not None else BatchReads())[tenant_id]
    ledger = shared.ledger
    try:
        entries = [
            _as_stored(ledger, entry)
            for entry in rule.build(document, shared.lookup, lambda n: entry_id_for(doc_id, n))
        ]
        locks = shared.locks
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
