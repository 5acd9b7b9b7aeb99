"""The ledger's data in the hub: journal entries, account ledger lines, balances, settings and locks.

Posting is exactly-once without a lock: an entry's lines are split in chunks, and a chunk's lines
reach the balances in a transaction that also creates the chunk's marker, an item that may exist
only once. A replayed or retried posting finds its markers and changes nothing; a posting cut off
midway resumes at the first missing chunk. Balances only ever grow by ``ADD``, so postings commute.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ledgerlet.errors import Conflict, FieldError
from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_item, to_value
from ledgerlet.hub.table import CONTENDED, Page, TenantTable, now_iso
from ledgerlet.ledger.entries import Dimensions, JournalEntry, JournalLine
from ledgerlet.ledger.locks import LockDates
from ledgerlet.ledger.periods import Period, period_keys
from ledgerlet.timezones import DEFAULT_TIME_ZONE

LINES_PER_CHUNK = 40  # a chunk's marker and its <= 40 balance updates fit DynamoDB's 100 operations a transaction
MAX_OPERATIONS = 100
_RETRIES = 20
ZERO = Decimal(0)


class LocksChanged(Exception):
    """The ledger's lock dates changed between a posting's lock check and its commit."""


@dataclass(frozen=True)
class BalanceItem:
    """One stored balance: an account's MYR debits and credits in a month, per dimensions."""

    account_id: str
    period: str
    dimensions_key: str
    base_debit: Decimal
    base_credit: Decimal
    by_currency: dict[str, Decimal]
    base_by_currency: dict[str, Decimal]  # the MYR the lines of each currency carry (revaluation needs it)


Chunk = tuple[JournalEntry, int, Sequence[JournalLine]]  # (entry, chunk number, its lines)


def _packed(chunks: Sequence[Chunk]) -> list[list[Chunk]]:
    """Chunks grouped so each group's markers and distinct balance keys fit one transaction."""
    groups: list[list[Chunk]] = []
    current: list[Chunk] = []
    keys_in_group: set[tuple[str, str, str]] = set()
    for chunk in chunks:
        entry, _, lines = chunk
        chunk_keys = {(period_of(entry.date), line.account_id, line.dimensions.key()) for line in lines}
        if current and len(current) + 1 + len(keys_in_group | chunk_keys) > MAX_OPERATIONS:
            groups.append(current)
            current, keys_in_group = [], set()
        current.append(chunk)
        keys_in_group |= chunk_keys
    if current:
        groups.append(current)
    return groups


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


class LedgerStore(TenantTable):
    """One tenant's ledger. Entries come in as :class:`JournalEntry` values, already balanced."""

    # --- posting -----------------------------------------------------------------------------

    def post(self, entry: JournalEntry, posted_by: str) -> bool:
        """Write ``entry`` and add it to the balances, once. True when this call applied anything."""
        return self.post_entries([entry], posted_by) > 0

    def post_entries(self, entries: Sequence[JournalEntry], posted_by: str, *, locks_version: int | None = None) -> int:
        """Write entries and add them to the balances exactly once; returns the chunks this call applied.

        Headers and ledger lines are plain puts under fixed keys, so writing them again changes
        nothing. Balances take one ``ADD`` per account, month and dimensions for the whole group —
        the stream consumer posts a batch of documents at once, so a busy account's balance item is
        written once per batch rather than once per line — in transactions that also create each
        chunk's marker: a chunk whose marker exists is never added twice.

        With ``locks_version`` (the ledger settings' version the lock dates were checked at), every
        transaction that starts an entry (its first chunk) also checks the settings are still at that
        version: an entry never lands in a period locked after its check. If they changed, this
        raises :class:`LocksChanged` and the entries not started are left for the caller to check again.
        """
        entries = [self._header_once(entry, posted_by) for entry in entries]
        chunks = [
            (entry, number, entry.lines[start : start + LINES_PER_CHUNK])
            for entry in entries
            for number, start in enumerate(range(0, len(entry.lines), LINES_PER_CHUNK))
        ]
        self._put_all([self._ledger_line(entry, n, line) for entry in entries for n, line in enumerate(entry.lines)])
        applied = 0
        for group in _packed(chunks):
            if self._commit_once(self._operations(group, locks_version), len(group)):
                applied += len(group)
            elif len(group) > 1:  # some chunk was applied before (a replay): apply the others one by one
                for chunk in group:
                    applied += self._commit_once(self._operations([chunk], locks_version), 1)
        return applied

    def _operations(self, group: Sequence[Chunk], locks_version: int | None) -> list[dict[str, Any]]:
        """The chunks' markers first, then their balance updates, then (when the group starts an
        entry) the check that the lock dates are as they were checked."""
        operations = [*(self._marker(e, n) for e, n, _ in group), *self._balance_updates(group)]
        if locks_version is not None and any(number == 0 for _, number, _ in group):
            operations.append(self._settings_unchanged(locks_version))
        return operations

    def _settings_unchanged(self, version: int) -> dict[str, Any]:
        key = {"PK": {"S": keys.ledger_pk(self.tenant_id)}, "SK": {"S": keys.LEDGER_SETTINGS_SK}}
        if version == 0:  # never saved: the defaults, no lock
            return {
                "ConditionCheck": {
                    "TableName": self.table,
                    "Key": key,
                    "ConditionExpression": "attribute_not_exists(PK)",
                }
            }
        return {
            "ConditionCheck": {
                "TableName": self.table,
                "Key": key,
                "ConditionExpression": "#version = :version",
                "ExpressionAttributeNames": {"#version": "version"},
                "ExpressionAttributeValues": {":version": {"N": str(version)}},
            }
        }

    def started(self, entry_id: str) -> bool:
        """Has the entry's first chunk been committed (so it passed its lock check and must complete)?"""
        answer = self.db.get_item(
            TableName=self.table,
            Key={"PK": {"S": keys.entry_pk(self.tenant_id, entry_id)}, "SK": {"S": keys.chunk_sk(0)}},
            ConsistentRead=True,
        )
        return "Item" in answer

    def discard_unstarted(self, entries: Sequence[JournalEntry]) -> None:
        """Delete the header and ledger lines of entries that never started (a posting the lock check
        refused after they were written), so nothing of them shows in the ledger."""
        for entry in entries:
            if self.started(entry.entry_id):
                continue
            for number, line in enumerate(entry.lines):
                self.db.delete_item(
                    TableName=self.table,
                    Key={
                        "PK": {"S": keys.account_ledger_pk(self.tenant_id, line.account_id, period_of(entry.date))},
                        "SK": {"S": keys.account_ledger_sk(entry.date.isoformat(), entry.entry_id, number)},
                    },
                )
            self.db.delete_item(
                TableName=self.table,
                Key={"PK": {"S": keys.entry_pk(self.tenant_id, entry.entry_id)}, "SK": {"S": keys.ENTRY_HEAD_SK}},
            )

    def _header_once(self, entry: JournalEntry, posted_by: str) -> JournalEntry:
        """Write the entry's header unless it exists, and return the entry as stored: written once, an
        entry never changes (a replay cannot rewrite its lines or its ``posted_at``), and its ledger
        lines and balances always come from the stored version."""
        chunks = -(-len(entry.lines) // LINES_PER_CHUNK)
        try:
            self.db.put_item(
                TableName=self.table,
                Item=self._header(entry, posted_by, chunks),
                ConditionExpression="attribute_not_exists(PK)",
            )
            return entry
        except self.db.exceptions.ConditionalCheckFailedException:
            stored = self.entry(entry.entry_id, consistent=True)
            assert stored is not None, entry.entry_id
            return entry_from_stored(stored)

    def _put_all(self, items: list[dict[str, Any]]) -> None:
        for start in range(0, len(items), 25):
            requests: list[dict[str, Any]] = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            for attempt in range(_RETRIES):
                answer = self.db.batch_write_item(RequestItems={self.table: requests})  # type: ignore[dict-item]
                requests = answer.get("UnprocessedItems", {}).get(self.table, [])  # type: ignore[assignment]
                if not requests:
                    break
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
            else:
                raise RuntimeError("the hub kept refusing ledger writes")

    def _commit_once(self, operations: list[dict[str, Any]], markers: int) -> bool:
        """Commit; False when one of the first ``markers`` operations (chunk markers) already exists."""
        for attempt in range(_RETRIES):
            failed = self.transact(operations)
            if not failed:
                return True
            if any(0 <= position < markers for position in failed):
                return False
            if len(operations) - 1 in failed and "ConditionCheck" in operations[-1]:
                raise LocksChanged("the lock dates changed after this posting's check")
            if CONTENDED not in failed:
                raise RuntimeError(f"posting failed on conditions {sorted(failed)}")
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
        raise RuntimeError("posting kept clashing with other transactions")

    def _marker(self, entry: JournalEntry, chunk: int) -> dict[str, Any]:
        item = {"PK": keys.entry_pk(self.tenant_id, entry.entry_id), "SK": keys.chunk_sk(chunk), "at": now_iso()}
        return {
            "Put": {"TableName": self.table, "Item": to_item(item), "ConditionExpression": "attribute_not_exists(PK)"}
        }

    def _header(self, entry: JournalEntry, posted_by: str, chunks: int) -> dict[str, Any]:
        day = entry.date.isoformat()
        item = {
            "PK": keys.entry_pk(self.tenant_id, entry.entry_id),
            "SK": keys.ENTRY_HEAD_SK,
            "entity": "ENTRY",
            "GSI1PK": keys.entries_collection_pk(self.tenant_id),
            "GSI1SK": f"{day}#{entry.entry_id}",
            "entry_id": entry.entry_id,
            "date": day,
            "period": period_of(entry.date),
            "memo": entry.memo,
            "source_type": entry.source_type,
            "source_id": entry.source_id,
            "source_code": entry.source_code,
            "reverses": entry.reverses,
            "total": sum((line.base_debit for line in entry.lines), ZERO),
            "chunks": chunks,
            "posted_at": now_iso(),
            "posted_by": posted_by,
            "lines": [_line_document(line) for line in entry.lines],
        }
        return to_item(item)

    def _ledger_line(self, entry: JournalEntry, number: int, line: JournalLine) -> dict[str, Any]:
        day = entry.date.isoformat()
        item = {
            "PK": keys.account_ledger_pk(self.tenant_id, line.account_id, period_of(entry.date)),
            "SK": keys.account_ledger_sk(day, entry.entry_id, number),
            "entity": "GLLINE",
            "entry_id": entry.entry_id,
            "line": number,
            "date": day,
            "memo": line.memo or entry.memo,
            "source_type": entry.source_type,
            "source_id": entry.source_id,
            "source_code": entry.source_code,
            **_line_document(line),
        }
        return to_item(item)

    def _balance_updates(self, chunks: Sequence[Chunk]) -> list[dict[str, Any]]:
        """One ``ADD`` per account, month and dimensions over all the chunks' lines."""
        grouped: dict[tuple[str, str, str], list[JournalLine]] = defaultdict(list)
        for entry, _, lines in chunks:
            for line in lines:
                grouped[(period_of(entry.date), line.account_id, line.dimensions.key())].append(line)
        return [
            self._balance_update(period, account_id, dims, group)
            for (period, account_id, dims), group in grouped.items()
        ]

    def _balance_update(self, period: str, account_id: str, dims: str, lines: list[JournalLine]) -> dict[str, Any]:
        names = {
            "#debit": "base_debit",
            "#credit": "base_credit",
            "#account": "account_id",
            "#period": "period",
            "#dims": "dimensions_key",
        }
        values: dict[str, Any] = {
            ":debit": to_value(sum((line.base_debit for line in lines), ZERO)),
            ":credit": to_value(sum((line.base_credit for line in lines), ZERO)),
            ":account": to_value(account_id),
            ":period": to_value(period),
            ":dims": to_value(dims),
        }
        adds = ["#debit :debit", "#credit :credit"]
        by_currency: dict[str, Decimal] = defaultdict(Decimal)
        base_by_currency: dict[str, Decimal] = defaultdict(Decimal)
        for line in lines:
            by_currency[line.currency] += line.amount
            base_by_currency[line.currency] += line.base_amount
        for position, currency in enumerate(sorted(by_currency)):
            names[f"#c{position}"] = f"cur_{currency}"
            names[f"#b{position}"] = f"bcur_{currency}"
            values[f":c{position}"] = to_value(by_currency[currency])
            values[f":b{position}"] = to_value(base_by_currency[currency])
            adds += [f"#c{position} :c{position}", f"#b{position} :b{position}"]
        return {
            "Update": {
                "TableName": self.table,
                "Key": {
                    "PK": {"S": keys.balance_pk(self.tenant_id, period)},
                    "SK": {"S": keys.balance_sk(account_id, dims)},
                },
                "UpdateExpression": "SET #account = :account, #period = :period, #dims = :dims ADD " + ", ".join(adds),
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        }

    # --- settings, locks and posting exceptions ---------------------------------------------

    def settings(self) -> dict[str, Any]:
        answer = self.db.get_item(
            TableName=self.table,
            Key={"PK": {"S": keys.ledger_pk(self.tenant_id)}, "SK": {"S": keys.LEDGER_SETTINGS_SK}},
            ConsistentRead=True,
        )
        item = answer.get("Item")
        found = from_item(item) if item else {}
        return {
            "fiscal_year_start_month": 1,
            "time_zone": DEFAULT_TIME_ZONE,
            "hard_lock": None,
            "module_locks": {},
            "version": 0,
            **{k: v for k, v in found.items() if k not in keys.KEY_ATTRIBUTES},
        }

    def lock_dates(self) -> LockDates:
        current = self.settings()
        hard = current.get("hard_lock")
        return LockDates(
            date.fromisoformat(hard) if hard else None,
            {module: date.fromisoformat(day) for module, day in (current.get("module_locks") or {}).items()},
            int(current.get("version") or 0),
        )

    def save_settings(self, changes: dict[str, Any], expected_version: int, actor: str) -> dict[str, Any]:
        """Change settings (lock dates, fiscal year start) with an audit entry, refusing a stale version."""
        before = self.settings()
        if before["version"] != expected_version:
            raise Conflict(
                f"ledger settings are at version {before['version']}, not {expected_version}: reload and retry",
                [FieldError("body.version", "stale version", "version.stale")],
            )
        after = {**before, **changes, "version": expected_version + 1, "updated_at": now_iso(), "updated_by": actor}
        pk = keys.ledger_pk(self.tenant_id)
        item = {"PK": pk, "SK": keys.LEDGER_SETTINGS_SK, **after}
        put: dict[str, Any] = {"TableName": self.table, "Item": to_item(item)}
        if expected_version:
            put["ConditionExpression"] = "version = :seen"
            put["ExpressionAttributeValues"] = {":seen": {"N": str(expected_version)}}
        else:
            put["ConditionExpression"] = "attribute_not_exists(PK)"
        audit = {
            "PK": pk,
            "SK": keys.audit_sk(after["version"]),
            "entity": "AUDIT",
            "action": "update",
            "version": after["version"],
            "at": after["updated_at"],
            "actor": actor,
            "before": before,
            "after": after,
        }
        failed = self.transact([{"Put": put}, {"Put": {"TableName": self.table, "Item": to_item(audit)}}])
        if failed:
            raise Conflict(
                "ledger settings changed meanwhile: reload and retry",
                [FieldError("body.version", "stale", "version.stale")],
            )
        return after

    def settings_history(self, limit: int, cursor: str | None) -> Page:
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :audit)",
            "ExpressionAttributeValues": {
                ":pk": {"S": keys.ledger_pk(self.tenant_id)},
                ":audit": {"S": keys.AUDIT_PREFIX},
            },
            "ScanIndexForward": False,
        }
        return self.collect(request, limit, self.decode_cursor(cursor))

    def record_exception(self, doc_type: str, doc_id: str, code: str, reason: str) -> None:
        item = {
            "PK": keys.posting_exceptions_pk(self.tenant_id),
            "SK": f"{doc_type}#{doc_id}",
            "entity": "EXCEPTION",
            "document_type": doc_type,
            "document_id": doc_id,
            "document_code": code,
            "reason": reason,
            "at": now_iso(),
        }
        self.db.put_item(TableName=self.table, Item=to_item(item))

    def clear_exception(self, doc_type: str, doc_id: str) -> None:
        self.db.delete_item(
            TableName=self.table,
            Key={"PK": {"S": keys.posting_exceptions_pk(self.tenant_id)}, "SK": {"S": f"{doc_type}#{doc_id}"}},
        )

    def exceptions(self, limit: int, cursor: str | None) -> Page:
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": keys.posting_exceptions_pk(self.tenant_id)}},
        }
        return self.collect(request, limit, self.decode_cursor(cursor))

    # --- reading -----------------------------------------------------------------------------

    def balances(self, periods: Iterable[str]) -> list[BalanceItem]:
        """Every balance of these months, per account and dimensions."""
        return [
            _balance_item(item)
            for period in periods
            for item in self._query_all(keys.balance_pk(self.tenant_id, period))
        ]

    def _query_all(self, pk: str) -> Iterable[dict[str, Any]]:
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}},
        }
        while True:
            answer = self.db.query(**request)
            yield from (from_item(item) for item in answer.get("Items", []))
            if "LastEvaluatedKey" not in answer:
                return
            request["ExclusiveStartKey"] = answer["LastEvaluatedKey"]

    def first_period(self, up_to: str) -> str | None:
        """The month of the earliest journal entry dated up to the end of month ``up_to``, if any."""
        page = self.entries("0001-01-01", Period.from_key(up_to).last_day.isoformat(), 1, None)
        return str(page.items[0]["period"]) if page.items else None

    def carried(self, account_id: str, currency: str, up_to: str) -> tuple[Decimal, Decimal]:
        """An account's open balance in ``currency`` up to the end of month ``up_to``: the amount in
        that currency and the MYR it is carried at (what settling it is measured against)."""
        first = self.first_period(up_to)
        found = [b for b in self.balances(period_keys(first, up_to) if first else []) if b.account_id == account_id]
        amount = sum((b.by_currency.get(currency, ZERO) for b in found), ZERO)
        base = sum((b.base_by_currency.get(currency, ZERO) for b in found), ZERO)
        return amount, base

    def entry(self, entry_id: str, *, consistent: bool = False) -> dict[str, Any] | None:
        answer = self.db.get_item(
            TableName=self.table,
            Key={"PK": {"S": keys.entry_pk(self.tenant_id, entry_id)}, "SK": {"S": keys.ENTRY_HEAD_SK}},
            ConsistentRead=consistent,
        )
        item = answer.get("Item")
        return _public_entry(from_item(item)) if item else None

    def entries(self, date_from: str, date_to: str, limit: int, cursor: str | None) -> Page:
        """Journal listing: entries dated within [date_from, date_to], in date order."""
        request: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": keys.BY_CODE_INDEX,
            "KeyConditionExpression": "GSI1PK = :pk AND GSI1SK BETWEEN :start AND :end",
            "ExpressionAttributeValues": {
                ":pk": {"S": keys.entries_collection_pk(self.tenant_id)},
                ":start": {"S": date_from},
                ":end": {"S": date_to + "#~"},
            },
        }
        page = self.collect(request, limit, self.decode_cursor(cursor))
        return Page([_public_entry(item) for item in page.items], page.next_cursor)

    def account_lines(self, account_id: str, period: str, limit: int, cursor: str | None) -> Page:
        """An account's ledger lines in one month, in date order."""
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": {":pk": {"S": keys.account_ledger_pk(self.tenant_id, account_id, period)}},
        }
        return self.collect(request, limit, self.decode_cursor(cursor))


def entry_id_for(source_id: str, sequence: int = 0) -> str:
    """The id of the ``sequence``-th entry a document posts: the same on every replay."""
    digest = int(hashlib.sha256(f"{source_id}:{sequence}".encode()).hexdigest(), 16)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    chars = []
    for _ in range(26):
        chars.append(alphabet[digest & 31])
        digest >>= 5
    return "jnl_" + "".join(chars)


def _line_document(line: JournalLine) -> dict[str, Any]:
    return {
        "account_id": line.account_id,
        "amount": line.amount,
        "currency": line.currency,
        "base_amount": line.base_amount,
        "dimensions": {
            "branch": line.dimensions.branch,
            "department": line.dimensions.department,
            "project": line.dimensions.project,
        },
        "dimensions_key": line.dimensions.key(),
        "memo": line.memo,
    }


def line_from_document(document: dict[str, Any]) -> JournalLine:
    dims = document.get("dimensions") or {}
    return JournalLine(
        account_id=document["account_id"],
        amount=Decimal(document["amount"]),
        currency=document["currency"],
        base_amount=Decimal(document["base_amount"]),
        dimensions=Dimensions(dims.get("branch"), dims.get("department"), dims.get("project")),
        memo=document.get("memo") or "",
    )


def entry_from_stored(stored: dict[str, Any]) -> JournalEntry:
    """The :class:`JournalEntry` a stored header holds (as ``LedgerStore.entry`` answers it)."""
    return JournalEntry(
        stored["entry_id"],
        date.fromisoformat(stored["date"]),
        tuple(line_from_document(line) for line in stored["lines"]),
        stored.get("memo") or "",
        stored.get("source_type") or "",
        stored.get("source_id") or "",
        stored.get("source_code") or "",
        stored.get("reverses"),
    )


def _balance_item(item: dict[str, Any]) -> BalanceItem:
    return BalanceItem(
        account_id=item["account_id"],
        period=item["period"],
        dimensions_key=item["dimensions_key"],
        base_debit=Decimal(item.get("base_debit", 0)),
        base_credit=Decimal(item.get("base_credit", 0)),
        by_currency={name[4:]: Decimal(value) for name, value in item.items() if name.startswith("cur_")},
        base_by_currency={name[5:]: Decimal(value) for name, value in item.items() if name.startswith("bcur_")},
    )


def _public_entry(item: dict[str, Any]) -> dict[str, Any]:
    hidden = {*keys.KEY_ATTRIBUTES, "entity", "chunks"}
    return {k: v for k, v in item.items() if k not in hidden}
