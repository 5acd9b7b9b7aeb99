"""Documents in the hub: versioned, audited, optionally numbered by a gap-free series.

Every write is one DynamoDB transaction — the document, its audit entry, its unique-code guard and
(for numbered types) its series counter — so a failed write leaves nothing half-written.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ledgerlet.errors import Conflict, FieldError, NotFound
from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_item, to_value
from ledgerlet.hub.table import CONTENDED, Page, TenantTable, now_iso, public
from ledgerlet.ids import new_id

if TYPE_CHECKING:
    pass

AUDIT_INLINE_LIMIT = 300_000  # bytes: an audit entry stays well under DynamoDB's 400 KB item

SYSTEM_FIELDS = ("id", "code", "status", "version", "created_at", "created_by", "updated_at", "updated_by")
_SERIES_RETRIES = 60


def _size(entry: dict[str, Any]) -> int:
    return len(json.dumps(entry, default=str, separators=(",", ":")).encode())


class ExtraRefused(Exception):
    """The conditions of some ``extra`` operations of a create failed: ``positions`` within ``extra``."""

    def __init__(self, positions: set[int]) -> None:
        super().__init__(f"extra operations {sorted(positions)} refused")
        self.positions = positions


@dataclass(frozen=True)
class Actor:
    """Who makes a change (from the verified token)."""

    user_id: str
    email: str = ""


@dataclass(frozen=True)
class Series:
    """A numbering series: ``prefix`` + the number zero-padded to ``width``."""

    code: str
    prefix: str
    width: int

    def format(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.width}d}"


@dataclass(frozen=True)
class ListQuery:
    order: Literal["code", "name"] = "code"
    descending: bool = False
    limit: int = 50
    cursor: str | None = None
    status: Literal["active", "archived", "all"] = "active"
    search: str | None = None
    equals: dict[str, str] = field(default_factory=dict)


class DocumentStore(TenantTable):
    """One tenant's documents of every type. All keys come from :mod:`ledgerlet.hub.keys`."""

    # --- reads -------------------------------------------------------------------------------

    def get(self, doc_type: str, doc_id: str) -> dict[str, Any] | None:
        answer = self.db.get_item(
            TableName=self.table,
            Key={"PK": {"S": keys.document_pk(self.tenant_id, doc_type, doc_id)}, "SK": {"S": keys.DOC_SK}},
            ConsistentRead=True,
        )
        item = answer.get("Item")
        return public(from_item(item)) if item else None

    def get_many(self, doc_type: str, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The documents of these ids that exist, by id: consistent reads, as :meth:`get`'s."""
        wanted = [
            {"PK": {"S": keys.document_pk(self.tenant_id, doc_type, doc_id)}, "SK": {"S": keys.DOC_SK}}
            for doc_id in dict.fromkeys(doc_ids)
        ]
        documents = (public(from_item(item)) for item in self.batch_get(wanted, consistent=True))
        return {str(document["id"]): document for document in documents}

    def require(self, doc_type: str, doc_id: str, label: str) -> dict[str, Any]:
        found = self.get(doc_type, doc_id)
        if found is None:
            raise NotFound(f"{label} {doc_id} does not exist")
        return found

    def find_by_code(self, doc_type: str, code: str) -> dict[str, Any] | None:
        answer = self.db.get_item(
            TableName=self.table,
            Key={
                "PK": {"S": keys.code_guard_pk(self.tenant_id, doc_type, code)},
                "SK": {"S": keys.UNIQUE_SK},
            },
            ConsistentRead=True,
        )
        item = answer.get("Item")
        return self.get(doc_type, item["id"]["S"]) if item else None

    def list_documents(self, doc_type: str, query: ListQuery) -> Page:
        unlisted = set(query.equals) - set(keys.LISTED_ATTRIBUTES)
        if unlisted:  # the index does not keep them: the filter would match nothing
            raise ValueError(f"{doc_type} lists cannot filter on {sorted(unlisted)}: add them to LISTED_ATTRIBUTES")
        index = keys.BY_CODE_INDEX if query.order == "code" else keys.BY_NAME_INDEX
        request: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": index,
            "KeyConditionExpression": "#pk = :pk",
            "ExpressionAttributeNames": {"#pk": f"{index}PK"},
            "ExpressionAttributeValues": {":pk": {"S": keys.collection_pk(self.tenant_id, doc_type)}},
            "ScanIndexForward": not query.descending,
        }
        filters = _filter_expression(query, request)
        if filters:
            request["FilterExpression"] = filters
        start = self.decode_cursor(query.cursor)
        return self.collect(request, query.limit, start)

    def every(
        self,
        doc_type: str,
        equals: dict[str, str] | None = None,
        status: Literal["active", "archived", "all"] = "active",
    ) -> list[dict[str, Any]]:
        """Every document of a type (``equals``: on these fields), page after page."""
        found: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            page = self.list_documents(
                doc_type, ListQuery(limit=200, cursor=cursor, status=status, equals=equals or {})
            )
            found += page.items
            cursor = page.next_cursor
            if not cursor:
                return found

    def history(self, doc_type: str, doc_id: str, limit: int, cursor: str | None) -> Page:
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :audit)",
            "ExpressionAttributeValues": {
                ":pk": {"S": keys.document_pk(self.tenant_id, doc_type, doc_id)},
                ":audit": {"S": keys.AUDIT_PREFIX},
            },
            "ScanIndexForward": False,
        }
        page = self.collect(request, limit, self.decode_cursor(cursor))
        for position, entry in enumerate(page.items):
            if "before_changed" in entry:  # kept as what the change touched: the rest is as after it
                entry["before"] = _before(entry.pop("after_added", []), entry.pop("before_changed"), entry["after"])
            elif entry.get("before_is_version"):  # too large to keep twice: the version before's ``after``
                older = page.items[position + 1] if position + 1 < len(page.items) else None
                if older is None or older.get("version") != entry["before_is_version"]:
                    older = self._audit(doc_type, doc_id, int(entry["before_is_version"]))
                entry["before"] = (older or {}).get("after")
                entry.pop("before_is_version")
        return page

    def _audit(self, doc_type: str, doc_id: str, version: int) -> dict[str, Any] | None:
        found = self.db.get_item(
            TableName=self.table,
            Key={"PK": {"S": keys.document_pk(self.tenant_id, doc_type, doc_id)}, "SK": {"S": keys.audit_sk(version)}},
        ).get("Item")
        return public(from_item(found)) if found else None

    def entries(
        self,
        doc_type: str,
        doc_id: str,
        prefix: str,
        *,
        limit: int,
        cursor: str | None = None,
        up_to: str | None = None,
    ) -> Page:
        """A document's child entries under ``prefix`` (newest key first), optionally those <= ``up_to``."""
        pk = {"S": keys.document_pk(self.tenant_id, doc_type, doc_id)}
        if up_to is None:
            condition, values = "PK = :pk AND begins_with(SK, :prefix)", {":pk": pk, ":prefix": {"S": prefix}}
        else:
            condition = "PK = :pk AND SK BETWEEN :prefix AND :upto"
            values = {":pk": pk, ":prefix": {"S": prefix}, ":upto": {"S": prefix + up_to}}
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": values,
            "ScanIndexForward": False,
        }
        return self.collect(request, limit, self.decode_cursor(cursor))

    def put_entry(self, doc_type: str, doc_id: str, sort_key: str, entry: dict[str, Any]) -> None:
        """Write (or overwrite) a child entry of a document, which must exist."""
        from botocore.exceptions import ClientError

        item = {"PK": keys.document_pk(self.tenant_id, doc_type, doc_id), "SK": sort_key, **entry}
        try:
            self.db.transact_write_items(
                TransactItems=[
                    {
                        "ConditionCheck": {
                            "TableName": self.table,
                            "Key": {"PK": {"S": item["PK"]}, "SK": {"S": keys.DOC_SK}},
                            "ConditionExpression": "attribute_exists(PK)",
                        }
                    },
                    {"Put": {"TableName": self.table, "Item": to_item(item)}},
                ]
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "TransactionCanceledException":
                raise NotFound(f"{doc_type.lower()} {doc_id} does not exist") from None
            raise

    # --- writes ------------------------------------------------------------------------------

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
        """Create a document. With a series, its code is the series' next number, gap-free.

        ``extra`` operations (e.g. a series' own counter) commit in the same transaction; ``doc_id``
        may be chosen beforehand when they must name the new document. When their own conditions fail,
        :class:`ExtraRefused` says which, for the caller to decide.
        """
        extra = list(extra)
        doc_id = doc_id or new_id(id_prefix)
        series: Series | None = None
        last: int | None = None
        for attempt in range(_SERIES_RETRIES):
            if series_code:
                series, last = self.series_state(series_code)
            doc_code = series.format(last + 1) if series and last is not None else code
            document, operations = self.create_operations(
                doc_type, doc_id, fields, actor, code=doc_code, search_text=search_text
            )
            first_extra = len(operations)
            operations.extend(extra)
            if series and last is not None:
                operations.append(self._advance_series(series, last))
            failed = self.transact(operations)
            if not failed:
                return document
            refused = {n - first_extra for n in failed if first_extra <= n < first_extra + len(extra)}
            if refused:
                raise ExtraRefused(refused)
            if series and (len(operations) - 1 in failed or CONTENDED in failed):
                time.sleep(random.uniform(0.002, 0.02) * min(attempt + 1, 8))  # another create took this number
                continue
            if doc_code and 2 in failed:
                raise Conflict(
                    f"code {doc_code} is already used",
                    [FieldError("body.code", f"{doc_code} is already used", "duplicate.code", {"code": doc_code})],
                )
            raise Conflict(f"could not create {doc_type.lower()}: concurrent change, retry")
        raise Conflict("numbering series is busy, retry")

    def create_operations(
        self,
        doc_type: str,
        doc_id: str,
        fields: dict[str, Any],
        actor: Actor,
        *,
        code: str | None = None,
        search_text: Iterable[str] = (),
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """What :meth:`create` writes, for a caller that commits it with other writes (a document whose id
        its sender chose, written with a stock movement): the document, and its operations, each on the
        condition that its item is new: the document (0), its audit entry (1) and, with a ``code``, its
        unique-code guard (2)."""
        document = {
            **fields,
            "id": doc_id,
            "code": code,
            "status": "active",
            "version": 1,
            "created_at": now_iso(),
            "created_by": actor.user_id,
            "updated_at": now_iso(),
            "updated_by": actor.user_id,
        }
        operations = [
            self._put_document(doc_type, document, search_text, new=True),
            self._put_audit(doc_type, doc_id, action="create", before=None, after=document, actor=actor),
        ]
        if code:
            operations.append(self._put_code_guard(doc_type, code, doc_id))
        return document, operations

    def update(
        self,
        doc_type: str,
        doc_id: str,
        changes: dict[str, Any],
        actor: Actor,
        *,
        expected_version: int | None,
        label: str,
        action: str = "update",
        search_text: Iterable[str] | None = None,
        extra: Iterable[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        """Apply ``changes`` on top of the current document; a stale ``expected_version`` is a 409."""
        before, after, operations = self.update_operations(
            doc_type,
            doc_id,
            changes,
            actor,
            expected_version=expected_version,
            label=label,
            action=action,
            search_text=search_text,
        )
        extra = list(extra)
        failed = self.transact([*operations, *extra])
        if failed:
            refused = {n - 2 for n in failed if 2 <= n < 2 + len(extra)}
            if refused:
                raise ExtraRefused(refused)
            current = self.require(doc_type, doc_id, label)
            raise _stale(label, doc_id, current["version"], before["version"])
        return after

    def transact_or_refuse(self, operations: list[dict[str, Any]]) -> None:
        """Commit operations of :meth:`update_operations` (first) and others: a failed condition of the
        document's is a stale version (409); of the others, :class:`ExtraRefused` (their positions after it)."""
        failed = self.transact(operations)
        if not failed:
            return
        refused = {n - 2 for n in failed if n >= 2}
        if refused:
            raise ExtraRefused(refused)
        raise Conflict("the document changed meanwhile: reload and retry")

    def update_operations(
        self,
        doc_type: str,
        doc_id: str,
        changes: dict[str, Any],
        actor: Actor,
        *,
        expected_version: int | None,
        label: str,
        action: str = "update",
        search_text: Iterable[str] | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
        """What :meth:`update` writes, for a caller that commits it with other writes: the document before
        and after, and the two operations (the document, on its version; its audit entry)."""
        before = self.require(doc_type, doc_id, label)
        if expected_version is not None and before["version"] != expected_version:
            raise _stale(label, doc_id, before["version"], expected_version)
        after = {k: v for k, v in {**before, **changes}.items() if v is not None}
        after.update(version=before["version"] + 1, updated_at=now_iso(), updated_by=actor.user_id)
        put = self._put_document(doc_type, after, search_text or (), new=False)
        put["Put"]["ConditionExpression"] = "attribute_exists(PK) AND version = :seen"
        put["Put"]["ExpressionAttributeValues"] = {":seen": {"N": str(before["version"])}}
        audit = self._put_audit(doc_type, doc_id, action=action, before=before, after=after, actor=actor)
        return before, after, [put, audit]

    def set_posting_state(
        self, doc_type: str, doc_id: str, state: str, *, expected: str | None = None, **details: Any
    ) -> bool:
        """Record how posting a document went (``pending``, ``posted`` or ``failed``): the ledger's
        bookkeeping on the document, not a user change, so no new version and no audit entry.

        With ``expected``, only a document in that state changes (a late or repeated delivery cannot
        turn a posted document failed); returns whether it changed."""
        return self.set_state(doc_type, doc_id, "posting_state", state, expected=expected, **details)

    def set_state(
        self, doc_type: str, doc_id: str, field: str, state: str, *, expected: str | None = None, **details: Any
    ) -> bool:
        """Set a processing state the system keeps on a document (``posting_state``, ``valuation_state``),
        as :meth:`set_posting_state` describes."""
        names = {"#state": field}
        values: dict[str, Any] = {":state": {"S": state}}
        condition = "attribute_exists(PK)"
        if expected is not None:
            condition += " AND #state = :expected"
            values[":expected"] = {"S": expected}
        sets = ["#state = :state"]
        removes = []
        for position, (name, value) in enumerate(sorted(details.items())):
            names[f"#d{position}"] = name
            if value is None:
                removes.append(f"#d{position}")
            else:
                values[f":d{position}"] = to_value(value)
                sets.append(f"#d{position} = :d{position}")
        expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
        try:
            self.db.update_item(
                TableName=self.table,
                Key={"PK": {"S": keys.document_pk(self.tenant_id, doc_type, doc_id)}, "SK": {"S": keys.DOC_SK}},
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
        except self.db.exceptions.ConditionalCheckFailedException:
            if expected is None:
                raise
            return False
        return True

    def series_state(self, series_code: str) -> tuple[Series, int]:
        """A numbering series' format and the last number it gave out."""
        answer = self.db.get_item(
            TableName=self.table,
            Key={"PK": {"S": keys.series_pk(self.tenant_id, series_code)}, "SK": {"S": keys.COUNTER_SK}},
            ConsistentRead=True,
        )
        item = answer.get("Item")
        if not item:
            raise Conflict(f"document type {series_code} has no numbering series; create the document type first")
        series = Series(series_code, item.get("prefix", {}).get("S", ""), int(item["width"]["N"]))
        return series, int(item.get("last", {"N": "0"})["N"])

    def series_config(self, series: Series, *, new: bool) -> dict[str, Any]:
        """A transaction operation setting a series' format (creating its counter at 0 when new)."""
        update = {
            "TableName": self.table,
            "Key": {"PK": {"S": keys.series_pk(self.tenant_id, series.code)}, "SK": {"S": keys.COUNTER_SK}},
            "UpdateExpression": "SET #prefix = :prefix, #width = :width"
            + (", #last = if_not_exists(#last, :zero)" if new else ""),
            "ExpressionAttributeNames": {
                "#prefix": "prefix",
                "#width": "width",
                **({"#last": "last"} if new else {}),
            },
            "ExpressionAttributeValues": {
                ":prefix": {"S": series.prefix},
                ":width": {"N": str(series.width)},
                **({":zero": {"N": "0"}} if new else {}),
            },
        }
        return {"Update": update}

    def _advance_series(self, series: Series, last: int) -> dict[str, Any]:
        return {
            "Update": {
                "TableName": self.table,
                "Key": {
                    "PK": {"S": keys.series_pk(self.tenant_id, series.code)},
                    "SK": {"S": keys.COUNTER_SK},
                },
                "UpdateExpression": "SET #last = :next",
                "ConditionExpression": "attribute_not_exists(#last) OR #last = :last" if last == 0 else "#last = :last",
                "ExpressionAttributeNames": {"#last": "last"},
                "ExpressionAttributeValues": {":next": {"N": str(last + 1)}, ":last": {"N": str(last)}},
            }
        }

    def _put_document(
        self, doc_type: str, document: dict[str, Any], search_text: Iterable[str], *, new: bool
    ) -> dict[str, Any]:
        doc_id = document["id"]
        collection = keys.collection_pk(self.tenant_id, doc_type)
        item = {
            **document,
            "PK": keys.document_pk(self.tenant_id, doc_type, doc_id),
            "SK": keys.DOC_SK,
            "entity": doc_type,
            "GSI1PK": collection,
            "GSI1SK": document.get("code") or doc_id,
            "search": " ".join(t.casefold() for t in (document.get("code"), document.get("name"), *search_text) if t),
        }
        if document.get("name"):  # listed by name only when it has one (a sales document lists by code)
            item |= {"GSI2PK": collection, "GSI2SK": keys.name_sort_key(str(document["name"]), doc_id)}
        put: dict[str, Any] = {"TableName": self.table, "Item": to_item(item)}
        if new:
            put["ConditionExpression"] = "attribute_not_exists(PK)"
        return {"Put": put}

    def _put_audit(
        self,
        doc_type: str,
        doc_id: str,
        *,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any],
        actor: Actor,
    ) -> dict[str, Any]:
        entry = {
            "PK": keys.document_pk(self.tenant_id, doc_type, doc_id),
            "SK": keys.audit_sk(after["version"]),
            "entity": "AUDIT",
            "action": action,
            "version": after["version"],
            "at": after["updated_at"],
            "actor": actor.user_id,
            "actor_email": actor.email,
            "before": None,
            "after": public(after),
        }
        if before:  # what the change touched: the fields it changed as they were, and those it added
            was, now = public(before), public(after)
            entry["before_changed"] = {k: v for k, v in was.items() if now.get(k, _ABSENT) != v}
            entry["after_added"] = sorted(k for k in now if k not in was)
        if before and _size(entry) > AUDIT_INLINE_LIMIT:  # a large change of a large document (500 lines):
            del entry["before_changed"], entry["after_added"]  # the version before's entry holds it as ``after``
            entry["before_is_version"] = before["version"]
        return {
            "Put": {
                "TableName": self.table,
                "Item": to_item(entry),
                "ConditionExpression": "attribute_not_exists(PK)",
            }
        }

    def _put_code_guard(self, doc_type: str, code: str, doc_id: str) -> dict[str, Any]:
        return {
            "Put": {
                "TableName": self.table,
                "Item": {
                    "PK": {"S": keys.code_guard_pk(self.tenant_id, doc_type, code)},
                    "SK": {"S": keys.UNIQUE_SK},
                    "id": {"S": doc_id},
                },
                "ConditionExpression": "attribute_not_exists(PK)",
            }
        }


_ABSENT = object()


def _before(added: list[str], changed: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """A document as it was before a change, from what the change touched and the document after it."""
    return {**{k: v for k, v in after.items() if k not in set(added)}, **changed}


def _stale(label: str, doc_id: str, current: int, sent: int) -> Conflict:
    return Conflict(
        f"{label} {doc_id} is at version {current}, not {sent}: reload and retry",
        [
            FieldError(
                "body.version", f"stale version {sent}; current is {current}", "version.stale", {"current": current}
            )
        ],
    )


def _filter_expression(query: ListQuery, request: dict[str, Any]) -> str:
    names = request["ExpressionAttributeNames"]
    values = request["ExpressionAttributeValues"]
    clauses: list[str] = []
    if query.status != "all":
        names["#status"] = "status"
        values[":status"] = {"S": query.status}
        clauses.append("#status = :status")
    if query.search:
        names["#search"] = "search"
        values[":search"] = {"S": query.search.casefold()}
        clauses.append("contains(#search, :search)")
    for position, (name, value) in enumerate(sorted(query.equals.items())):
        names[f"#f{position}"] = name
        values[f":f{position}"] = to_value(value)
        clauses.append(f"#f{position} = :f{position}")
    return " AND ".join(clauses)
