"""Fixes to moto's DynamoDB that the local cloud relies on.

1. moto's ``transact_write_items`` deep-copies every table it touches to be able to roll back
   (O(table size) per transaction: seeding one company took 25 s) and rolls back by swapping the
   whole table, which silently drops writes other threads made meanwhile. This version checks all
   conditions first and only then applies the writes, undoing just the items it touched if an apply
   step fails.
2. moto serves requests on many threads but its DynamoDB backend takes no locks. A process-wide
   lock around each DynamoDB action makes every request atomic, as DynamoDB's are.
3. moto answers every Query by sorting every item of the table, so a query's cost grows with the
   table rather than with the partition read. A query of the table reads its partition only; an index
   query scans without the sort (moto sorts the matches itself afterwards).
"""

from __future__ import annotations

import copy
import threading
from typing import Any

_LOCK = threading.RLock()
_query = threading.local()


def install() -> None:
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    if getattr(DynamoDBBackend, "_localcloud_patched", False):
        return
    original_call_action = DynamoHandler.call_action

    def call_action(self: Any) -> Any:
        with _LOCK:
            return original_call_action(self)

    DynamoHandler.call_action = call_action  # type: ignore[method-assign]
    DynamoDBBackend.transact_write_items = _transact_write_items  # type: ignore[method-assign]
    _narrow_queries()
    DynamoDBBackend._localcloud_patched = True  # type: ignore[attr-defined]


def _narrow_queries() -> None:
    from moto.dynamodb.models.table import Table

    original_query, original_all_items = Table.query, Table.all_items

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
        _query.target = (hash_key, index_name)
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _query.target = None

    def all_items(self: Any) -> Any:
        target = getattr(_query, "target", None)
        if target is None or not self.range_key_attr:
            return original_all_items(self)
        hash_key, index_name = target
        if index_name:
            return [item for partition in self.items.values() for item in partition.values()]
        return sorted(self.items.get(hash_key, {}).values(), key=lambda item: item.range_key)

    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]


Planned = tuple[str, dict[str, Any], dict[str, Any], Any]


def _key_of(backend: Any, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return dict(op["Key"])
    table = backend.get_table(op["TableName"])
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def _transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
    from moto.dynamodb.exceptions import TooManyTransactionsException

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    with _LOCK:
        planned = _check_conditions(self, transact_items)
        _apply(self, planned)


def _check_conditions(backend: Any, transact_items: list[dict[str, Any]]) -> list[Planned]:
    """Evaluate every operation's condition against the current items; cancel if any fails."""
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (
        MultipleTransactionsException,
        TransactionCanceledException,
        TransactWriteSingleOpException,
    )

    planned: list[Planned] = []
    reasons: list[tuple[str | None, str | None, Any]] = []
    seen: set[tuple[str, str]] = set()
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(item.items()))
        if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
            raise ValueError("Unsupported transaction operation")
        key = _key_of(backend, op_type, op)
        identity = (str(op["TableName"]), str(dict(sorted(key.items()))))
        if identity in seen:
            raise MultipleTransactionsException()
        seen.add(identity)
        current = backend.get_item(op["TableName"], key)
        condition = op.get("ConditionExpression")
        if condition is not None:
            names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            if not get_filter_expression(condition, names, values).expr(current):
                wants_old = op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current
                old = current.to_json()["Attributes"] if wants_old else None
                reasons.append(("ConditionalCheckFailed", "The conditional request failed", old))
                continue
        reasons.append((None, None, None))
        planned.append((op_type, op, key, copy.deepcopy(current)))
    if any(code is not None for code, _, _ in reasons):
        raise TransactionCanceledException(reasons)
    return planned


def _apply(backend: Any, planned: list[Planned]) -> None:
    """Write every planned operation; if one fails, put back the items already written."""
    applied: list[tuple[dict[str, Any], dict[str, Any], Any]] = []
    try:
        for op_type, op, key, before in planned:
            table_name = op["TableName"]
            if op_type == "Put":
                backend.put_item(table_name, op["Item"])
            elif op_type == "Delete":
                backend.delete_item(table_name, key)
            elif op_type == "Update":
                backend.update_item(
                    table_name,
                    key,
                    update_expression=op["UpdateExpression"],
                    expression_attribute_names=op.get("ExpressionAttributeNames"),
                    expression_attribute_values=op.get("ExpressionAttributeValues"),
                )
            applied.append((op, key, before))
    except Exception:
        for op, key, before in reversed(applied):
            if before is None:
                backend.delete_item(op["TableName"], key)
            else:
                backend.put_item(op["TableName"], before.to_json()["Attributes"])
        raise
