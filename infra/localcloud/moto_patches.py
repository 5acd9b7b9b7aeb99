"""Fixes to moto that the local cloud relies on (DynamoDB's, and one of Step Functions').

1. moto's ``transact_write_items`` deep-copies every table it touches to be able to roll back
   (O(table size) per transaction: seeding one company took 25 s) and rolls back by swapping the
   whole table, which silently drops writes other threads made meanwhile. This version checks all
   conditions first and only then applies the writes, undoing just the items it touched if an apply
   step fails.
2. moto serves requests on many threads but its DynamoDB backend takes no locks. A process-wide
   lock around each DynamoDB action makes every request atomic, as DynamoDB's are.
3. moto answers every Query by sorting every item of the table, so a query's cost grows with the
   table rather than with the partition read. A query of the table reads its partition only; an index
   query scans without the sort (moto sorts the matches itself afterwards). It neither copies the
   items it answers nor measures each one twice.
4. moto writes each answer by walking the operation's output shape member by member, which took
   more than half of the local cloud's time under load (a page of 20 items: some 5,000 attribute
   lookups). The data-plane answers and the stream's records are already plain JSON values, so
   they are written with ``json.dumps`` (leaving out empty members, bytes in base64, times in epoch
   seconds, as the shape-driven writer does). moto's server also lists its own folders on disk to
   route each request, and a handler's methods to find its action: each list is taken once.
5. A query of a global index scanned every item of the table. Each table keeps, per global index,
   the keys of the items under each hash value (noted on every put and update), so an index query
   reads its partition only.
6. moto's state machines record the type they were created with (``type``) but run every execution as
   Standard (``sm_type`` is always ``"STANDARD"``): an Express machine's executions run, and are
   metered, as Express.
7. An SQS queue's attributes were all worked out whenever one was read, its approximate counts by
   walking every message: every SendMessage read two, and every message received its retention period,
   so a send cost O(messages queued) (a marketplace burst of 2,000 pushes spent most of its time there).
   A queue's attributes are read one at a time, as asked.
8. moto projects an item (an index's ``INCLUDE`` or ``KEYS_ONLY`` projection, a ``ProjectionExpression``)
   by turning the whole item into plain values once per attribute named: the hub's indexes name some
   45, so a page of 20 items cost some 30,000 conversions, and the index queries of lists and reports took
   half of the local cloud's time under load. A projection of top-level names picks those attributes.
"""

from __future__ import annotations

import base64
import copy
import functools
import json
import threading
from datetime import UTC, datetime
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
    _write_answers_directly()
    _list_services_once()
    _express_machines()
    _queue_attributes_on_demand()
    _project_by_name()
    DynamoDBBackend._localcloud_patched = True  # type: ignore[attr-defined]


def _project_by_name() -> None:
    """An item's projection on top-level attribute names takes those attributes (nested paths and list
    elements go through moto's own). The values are shared with the stored item, as the query's are."""
    from moto.dynamodb.models.dynamo_type import Item

    original = Item.project

    def project(self: Any, projection_expressions: list[list[str]]) -> Any:
        if not all(len(path) == 1 and "[" not in path[0] for path in projection_expressions):
            return original(self, projection_expressions)
        wanted = {path[0] for path in projection_expressions}
        kept = {name: value for name, value in self.attrs.items() if name in wanted}
        return Item(hash_key=self.hash_key, range_key=self.range_key, attrs=kept)

    Item.project = project  # type: ignore[method-assign]


def _express_machines() -> None:
    """A state machine runs as the type it was created with (machines restored from a snapshot too: a
    data descriptor wins over the pickled attribute)."""
    from moto.stepfunctions.models import StateMachine

    def machine_type(self: Any) -> str:
        return str(getattr(self, "type", None) or "STANDARD")

    def ignored(self: Any, value: str) -> None:  # moto's __init__ assigns "STANDARD"
        pass

    StateMachine.sm_type = property(machine_type, ignored)  # type: ignore[assignment]


def _queue_attributes_on_demand() -> None:
    from collections.abc import Iterator, Mapping

    from moto.core.utils import camelcase_to_underscores
    from moto.sqs.models import Queue

    class QueueAttributes(Mapping[str, Any]):
        """What ``Queue.attributes`` answers (the same names and values), each worked out when read."""

        def __init__(self, queue: Any) -> None:
            self.queue = queue
            self.names = [
                *queue.BASE_ATTRIBUTES,
                *(queue.FIFO_ATTRIBUTES if queue.fifo_queue else ()),
                *(queue.KMS_ATTRIBUTES if queue.kms_master_key_id else ()),
                *(("Policy",) if queue.policy else ()),
                *(("RedrivePolicy",) if queue.redrive_policy else ()),
            ]

        def __getitem__(self, name: str) -> Any:
            if name not in self.names:
                raise KeyError(name)
            if name == "Policy":
                value = self.queue.policy
            elif name == "RedrivePolicy":
                value = json.dumps(self.queue.redrive_policy)
            else:
                value = getattr(self.queue, camelcase_to_underscores(name))
            return str(value).lower() if isinstance(value, bool) else value

        def __iter__(self) -> Iterator[str]:
            return iter(self.names)

        def __len__(self) -> int:
            return len(self.names)

    Queue.attributes = property(QueueAttributes)  # type: ignore[assignment]


def _narrow_queries() -> None:
    from moto.dynamodb.models.dynamo_type import Item
    from moto.dynamodb.models.table import Table

    original_query, original_all_items = Table.query, Table.all_items
    original_copy, original_size = Item.__deepcopy__, Item.size

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
        _query.target, _query.sizes = (hash_key, index_name), {}
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _query.target, _query.sizes = None, None

    # A query copies every item it answers, to project copies; projections make new items and the
    # answer is written under the lock, so the stored items are shared instead. It also measures
    # each item twice: once is enough.
    def deepcopy_item(self: Any, memo: dict[int, Any]) -> Any:
        return self if getattr(_query, "target", None) is not None else original_copy(self, memo)

    def item_size(self: Any) -> int:
        sizes = getattr(_query, "sizes", None)
        if sizes is None:
            return int(original_size(self))
        if id(self) not in sizes:
            sizes[id(self)] = original_size(self)
        return int(sizes[id(self)])

    def all_items(self: Any) -> Any:
        target = getattr(_query, "target", None)
        if target is None or not self.range_key_attr:
            return original_all_items(self)
        hash_key, index_name = target
        if index_name:
            return _index_partition(self, index_name, hash_key)
        return sorted(self.items.get(hash_key, {}).values(), key=lambda item: item.range_key)

    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]
    Item.__deepcopy__ = deepcopy_item  # type: ignore[method-assign]
    Item.size = item_size  # type: ignore[method-assign]
    _keep_index_partitions()


# Per table: index name -> the index's hash value -> keys of the items written with it ({key: None}).
# An entry may be stale (the item since deleted or given another value): readers check the item.
_PARTITIONS = "_localcloud_index_partitions"


def _keep_index_partitions() -> None:
    """Note each written item under its global indexes' hash values, so an index query reads those only."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    original_put, original_update = Table.put_item, DynamoDBBackend.update_item

    def put_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        item = original_put(self, *args, **kwargs)
        _note(self, item)
        return item

    def update_item(self: Any, table_name: str, *args: Any, **kwargs: Any) -> Any:
        item = original_update(self, table_name, *args, **kwargs)
        if item is not None:
            _note(self.get_table(table_name), item)
        return item

    Table.put_item = put_item  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]


def _index_hash_attributes(table: Any) -> dict[str, str]:
    """Each global index with a single hash attribute: its name and that attribute."""
    indexes = {}
    for index in table.global_indexes:
        hashes = [key["AttributeName"] for key in index.schema if key["KeyType"] == "HASH"]
        if len(hashes) == 1:
            indexes[index.name] = hashes[0]
    return indexes


def _partitions(table: Any) -> dict[str, dict[Any, dict[Any, None]]]:
    partitions = table.__dict__.get(_PARTITIONS)
    if partitions is None:  # first use (or a table restored from before): note every item once
        partitions = {name: {} for name in _index_hash_attributes(table)}
        setattr(table, _PARTITIONS, partitions)
        for partition in table.items.values():
            for item in partition.values():
                _note(table, item)
    return partitions


def _note(table: Any, item: Any) -> None:
    if not table.range_key_attr or not table.global_indexes:
        return
    partitions = _partitions(table)
    for name, attribute in _index_hash_attributes(table).items():
        value = item.attrs.get(attribute)
        if value is not None:
            partitions.setdefault(name, {}).setdefault(value, {})[(item.hash_key, item.range_key)] = None


def _index_partition(table: Any, index_name: str, hash_value: Any) -> list[Any]:
    attribute = _index_hash_attributes(table).get(index_name)
    if attribute is None or hash_value is None:  # a local index, or a key moto matches itself
        return [item for partition in table.items.values() for item in partition.values()]
    keys = _partitions(table).setdefault(index_name, {}).get(hash_value, {})
    found, stale = [], []
    for key in keys:
        item = table.items.get(key[0], {}).get(key[1])
        value = None if item is None else item.attrs.get(attribute)
        if value is not None and value == hash_value:
            found.append(item)
        else:
            stale.append(key)
    for key in stale:
        del keys[key]
    return found


# Operations whose answers hold items and counts only (no timestamps, no shapes to rename).
DATA_PLANE = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    }
)


def _list_services_once() -> None:
    """moto's server lists its own package folders (a directory listing and ~150 ``isdir`` calls) to
    route every request; the list does not change while it runs."""
    from moto import backends

    services = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: services

    # ... and lists a handler class's methods (inspect.getmembers) on every call to find the action.
    from moto.core import responses

    responses.method_names_from_class = functools.cache(responses.method_names_from_class)


def _write_answers_directly() -> None:
    from moto.core.responses import ActionResult
    from moto.dynamodb.responses import DynamoResult
    from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

    original = DynamoResult.execute_result

    def execute_result(self: Any, context: Any) -> Any:
        if context.operation_model.name not in DATA_PLANE or isinstance(self.result, Exception):
            return original(self, context)
        return _json_answer(self.result) or original(self, context)

    def get_records(self: Any) -> Any:
        limit = self._get_param("Limit")
        result = self.backend.get_records(self._get_param("ShardIterator"), 1000 if limit is None else limit)
        return _json_answer(result) or ActionResult(result)

    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]
    DynamoDBStreamsHandler.get_records = get_records  # type: ignore[method-assign]


def _json_answer(result: Any) -> Any:
    """The answer written by ``json.dumps`` (C speed), or None for moto's own writer if it cannot hold it."""
    try:
        body = json.dumps(_without_empty_members(result), default=_json_value, separators=(",", ":"))
    except TypeError:
        return None
    return 200, {"Content-Type": "application/x-amz-json-1.0"}, body


def _without_empty_members(result: Any) -> Any:
    """Leave out ``None`` members (``LastEvaluatedKey``, ``Item`` of a missing item, ...) at the levels
    where moto puts them: the answer's own members and the entries of its lists."""
    if not isinstance(result, dict):
        return result
    return {
        key: [_without_empty_members(entry) for entry in value] if isinstance(value, list) else value
        for key, value in result.items()
        if value is not None
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime):
        return value.timestamp() if value.tzinfo else value.replace(tzinfo=UTC).timestamp()
    raise TypeError(f"{type(value).__name__} is not written directly")


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
