"""Many new documents written in a few transactions: a new company's master data, where each create
would otherwise be a read of its code and a transaction of its own (some 340 requests a company)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ledgerlet.hub import keys
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.ids import new_id

TRANSACTION_LIMIT = 100
"""The most writes one DynamoDB transaction takes."""


class StagedStore(DocumentStore):
    """A document store whose creates wait for :meth:`commit`, which writes them in order, in as few
    transactions as hold them (a document's writes always in one). Reads by id and by code see the
    staged documents; lists and queries do not. A create cannot take a series' number here (its counter
    would have to be read and advanced one document at a time)."""

    def __init__(self, tenant_id: str) -> None:
        super().__init__(tenant_id)
        self._staged: dict[tuple[str, str], dict[str, Any]] = {}
        self._staged_codes: dict[tuple[str, str], str] = {}
        self._known_codes: dict[tuple[str, str], str | None] = {}
        self._writes: list[list[dict[str, Any]]] = []

    def read_codes(self, codes: Iterable[tuple[str, str]]) -> None:
        """Which of these (document type, code) are taken, in one batch read: :meth:`find_by_code` then
        reads nothing for a code found free."""
        wanted = list(dict.fromkeys(codes))
        guards = [
            {"PK": {"S": keys.code_guard_pk(self.tenant_id, doc_type, code)}, "SK": {"S": keys.UNIQUE_SK}}
            for doc_type, code in wanted
        ]
        taken = {item["PK"]["S"]: item["id"]["S"] for item in self.batch_get(guards, consistent=True)}
        for (doc_type, code), guard in zip(wanted, guards, strict=True):
            self._known_codes[(doc_type, code)] = taken.get(guard["PK"]["S"])

    def get(self, doc_type: str, doc_id: str) -> dict[str, Any] | None:
        staged = self._staged.get((doc_type, doc_id))
        return dict(staged) if staged is not None else super().get(doc_type, doc_id)

    def find_by_code(self, doc_type: str, code: str) -> dict[str, Any] | None:
        doc_id = self._staged_codes.get((doc_type, code))
        if doc_id is not None:
            return self.get(doc_type, doc_id)
        if (doc_type, code) not in self._known_codes:
            return super().find_by_code(doc_type, code)
        known = self._known_codes[(doc_type, code)]
        return None if known is None else self.get(doc_type, known)

    def create(
        self,
        doc_type: str,
        id_prefix: str,
        fields: dict[str, Any],
        actor: Actor,
        *,
        code: str | None = None,
        series_code: str | None = None,
        search_text: Iterable[str] = (),
        extra: Iterable[dict[str, Any]] = (),
        doc_id: str | None = None,
    ) -> dict[str, Any]:
        if series_code:
            raise TypeError(f"a staged {doc_type.lower()} cannot take its series' number")
        doc_id = doc_id or new_id(id_prefix)
        document, operations = self.create_operations(
            doc_type, doc_id, fields, actor, code=code, search_text=search_text
        )
        self._writes.append([*operations, *extra])
        self._staged[(doc_type, doc_id)] = document
        if code:
            self._staged_codes[(doc_type, code)] = doc_id
        return document

    def commit(self) -> bool:
        """Write what was staged, in the order it was. False when a condition failed (a document of the same
        code was written meanwhile): the transactions before that one stay written, and nothing is left
        staged. A written document never names a refused one: what it names was staged before it."""
        writes, self._writes = self._writes, []
        for kept in (self._staged, self._staged_codes, self._known_codes):
            kept.clear()
        return all(not self.transact(transaction) for transaction in _transactions(writes))


def _transactions(writes: list[list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
    """The documents' writes packed in order into transactions of at most :data:`TRANSACTION_LIMIT`."""
    transaction: list[dict[str, Any]] = []
    for document_writes in writes:
        if len(document_writes) > TRANSACTION_LIMIT:
            raise ValueError(f"one document's {len(document_writes)} writes exceed a transaction")
        if len(transaction) + len(document_writes) > TRANSACTION_LIMIT:
            yield transaction
            transaction = []
        transaction += document_writes
    if transaction:
        yield transaction
