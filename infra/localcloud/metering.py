"""What the local cloud did, in the units AWS bills for it.

A :class:`Meter` counts, for everything the runtime serves (nothing is special-cased per function):

- **API Gateway**: requests the gateway routed to a function, and CORS preflights its mock
  integrations answered, by route; requests an authorizer refused apart (API Gateway does not bill them).
- **Lambda**: invocations per function, each one's duration as Lambda bills it (the handler's time in
  its execution environment, rounded up to the millisecond) and the init phase of each cold start, in
  GB-seconds of the function's ``MemorySize``.
- **DynamoDB**: read and write request units of every request, computed from the items' sizes as
  DynamoDB computes them. moto's own ``ConsumedCapacity`` is a constant per operation (0.5 for a
  GetItem, 1 for a PutItem or a Query, whatever the size), so it is not used. A write costs a unit per
  KB of the larger of the item before and after, at least one, twice in a transaction (a
  transaction's ``ConditionCheck`` reads: a transactional read of the item checked); each secondary index
  whose entry it adds, changes or removes costs a write of the entry (two when its key changes). A read
  costs a unit per 4 KB (an item; for a Query or Scan the items it read before any filter, as the index
  projects them), half of that when eventually consistent, twice in a transaction. A request refused on
  its condition still costs its units; other errors cost none.
- **Step Functions**: state transitions per machine type (a state entered, or a retry of one),
  executions, and the duration of Express executions.
- **Every other AWS request** moto serves, by service and operation (SQS sends, receives (empty ones
  apart), deletes; SNS publishes; EventBridge events; Step Functions API calls; ...).

Requests are attributed to the function that made them: each execution environment sets
``AWS_SDK_UA_APP_ID`` to its function's logical id, which boto3 puts in its ``User-Agent`` as
``app/<id>``; requests without one are the runtime's own (stream and queue pollers, the state machine
interpreter) or a client's (``RUNTIME``).

:func:`install` hooks moto (in this process: moto runs in server mode inside the local cloud) once;
the hooks do nothing while no meter is installed.
"""

from __future__ import annotations

import base64
import binascii
import copy
import logging
import math
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

log = logging.getLogger("localcloud.metering")

RUNTIME = "-"
"""The caller of a request that names no function (the runtime's own, or a client's)."""

READ_UNIT_BYTES, WRITE_UNIT_BYTES = 4096, 1024
CHUNK_BYTES = 64 * 1024  # SQS, SNS and EventBridge bill a request per 64 KB of payload
EXPRESS_BILLING_MS, EXPRESS_MEMORY_MB = 100, 64

_meter: Meter | None = None
_reads = threading.local()  # bytes read by the Query or Scan this thread serves
_CALLER = re.compile(r"(?:^|\s)app/(\S+)")
_SCOPE = re.compile(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/")


# ---------------------------------------------------------------------------------------------
# the counts
# ---------------------------------------------------------------------------------------------
@dataclass
class _FunctionUse:
    memory_mb: int
    invocations: int = 0
    errors: int = 0
    billed_ms: int = 0
    cold_starts: int = 0
    init_ms: int = 0
    cpu_ms: float = 0.0  # processor time of the invocations (not billed: for comparison)

    @property
    def gb_seconds(self) -> float:
        return (self.billed_ms + self.init_ms) / 1000 * self.memory_mb / 1024


@dataclass
class _Units:
    requests: int = 0
    read_units: float = 0.0
    write_units: float = 0.0
    index_write_units: float = 0.0  # the part of write_units that went to secondary indexes

    def add(self, other: _Units) -> None:
        self.requests += other.requests
        self.read_units += other.read_units
        self.write_units += other.write_units
        self.index_write_units += other.index_write_units

    def view(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "read_units": self.read_units,
            "write_units": self.write_units,
            "index_write_units": self.index_write_units,
        }


class Meter:
    """Counts of what the local cloud served since it started or was last :meth:`reset`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._since = time.time()
            self._routes: Counter[str] = Counter()
            self._route_functions: dict[str, str] = {}
            self._refused = 0
            self._functions: dict[str, _FunctionUse] = {}
            self._dynamodb: dict[tuple[str, str, str], _Units] = {}  # (caller, table, operation)
            self._written: dict[str, _Units] = {}  # writes by the kind of item written (see item_kind)
            self._transitions: Counter[tuple[str, str]] = Counter()  # (machine type, machine name)
            self._executions: Counter[tuple[str, str]] = Counter()
            self._express_ms: Counter[str] = Counter()  # billed duration of Express executions, by machine
            self._requests: Counter[tuple[str, str, str]] = Counter()  # (service, operation, caller)
            self._chunks: Counter[str] = Counter()  # per service: requests counted per 64 KB

    # -- what the runtime reports ------------------------------------------------------------
    def api_request(self, route: str, function: str | None = None) -> None:
        """A request API Gateway bills: ``route`` as ``"METHOD /path"``, and the function it invoked."""
        with self._lock:
            self._routes[route] += 1
            if function:
                self._route_functions[route] = function

    def api_refused(self) -> None:
        with self._lock:
            self._refused += 1

    def invocation(
        self,
        function: str,
        memory_mb: int,
        duration_ms: float,
        *,
        init_ms: float = 0.0,
        cpu_ms: float = 0.0,
        error: bool = False,
    ) -> None:
        """One invocation: Lambda bills its duration rounded up to the millisecond, and a cold start's init."""
        with self._lock:
            use = self._functions.setdefault(function, _FunctionUse(memory_mb))
            use.invocations += 1
            use.errors += int(error)
            use.billed_ms += max(1, math.ceil(duration_ms))
            use.cpu_ms += cpu_ms
            if init_ms:
                use.cold_starts += 1
                use.init_ms += math.ceil(init_ms)

    def dynamodb(
        self,
        caller: str,
        table: str,
        operation: str,
        read_units: float,
        write_units: float,
        *,
        index_write_units: float = 0.0,
        written: Iterable[tuple[str, float, float]] = (),
    ) -> None:
        """One DynamoDB request's units (``index_write_units``: the part of ``write_units`` for indexes;
        ``written``: per item written, its kind, its units and the part of them for indexes)."""
        with self._lock:
            self._dynamodb.setdefault((caller, table, operation), _Units()).add(
                _Units(1, read_units, write_units, index_write_units)
            )
            for kind, units, index_units in written:
                self._written.setdefault(kind, _Units()).add(_Units(1, 0.0, units, index_units))

    def transition(self, machine_type: str, machine: str) -> None:
        with self._lock:
            self._transitions[(machine_type, machine)] += 1

    def execution(self, machine_type: str, machine: str) -> None:
        with self._lock:
            self._executions[(machine_type, machine)] += 1

    def execution_ended(self, machine_type: str, machine: str, duration_ms: float) -> None:
        if machine_type != "EXPRESS":  # Standard executions are billed by transition only
            return
        billed = max(1, math.ceil(duration_ms / EXPRESS_BILLING_MS)) * EXPRESS_BILLING_MS
        with self._lock:
            self._express_ms[machine] += billed

    def request(self, service: str, operation: str, caller: str, size: int = 0) -> None:
        """An AWS request moto served; ``size``: the larger of its body and its answer's, in bytes."""
        with self._lock:
            self._requests[(service, operation, caller)] += 1
            self._chunks[service] += max(1, math.ceil(size / CHUNK_BYTES))

    # -- what it tells --------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """Everything counted so far, as plain JSON values (see the module's docstring)."""
        with self._lock:
            return {
                "since": self._since,
                "seconds": time.time() - self._since,
                "apigateway": self._api_view(),
                "lambda": self._lambda_view(),
                "dynamodb": self._dynamodb_view(),
                "stepfunctions": self._states_view(),
                "requests": self._requests_view(),
            }

    def _api_view(self) -> dict[str, Any]:
        return {
            "requests": sum(self._routes.values()),
            "refused": self._refused,
            "routes": {
                route: {"requests": count, "function": self._route_functions.get(route)}
                for route, count in sorted(self._routes.items())
            },
        }

    def _lambda_view(self) -> dict[str, Any]:
        uses = self._functions.values()
        return {
            "invocations": sum(u.invocations for u in uses),
            "billed_ms": sum(u.billed_ms for u in uses),
            "init_ms": sum(u.init_ms for u in uses),
            "cpu_ms": sum(u.cpu_ms for u in uses),
            "gb_seconds": sum(u.gb_seconds for u in uses),
            "functions": {
                name: {
                    "memory_mb": u.memory_mb,
                    "invocations": u.invocations,
                    "errors": u.errors,
                    "billed_ms": u.billed_ms,
                    "cold_starts": u.cold_starts,
                    "init_ms": u.init_ms,
                    "cpu_ms": u.cpu_ms,
                    "gb_seconds": u.gb_seconds,
                }
                for name, u in sorted(self._functions.items())
            },
        }

    def _dynamodb_view(self) -> dict[str, Any]:
        total = _Units()
        by_caller: dict[str, _Units] = {}
        by_operation: dict[str, _Units] = {}
        by_table: dict[str, _Units] = {}
        for (caller, table, operation), units in self._dynamodb.items():
            for bucket, key in ((by_caller, caller), (by_operation, operation), (by_table, table)):
                bucket.setdefault(key, _Units()).add(units)
            total.add(units)
        return {
            **total.view(),
            "by_caller": {k: v.view() for k, v in sorted(by_caller.items())},
            "by_operation": {k: v.view() for k, v in sorted(by_operation.items())},
            "by_table": {k: v.view() for k, v in sorted(by_table.items())},
            "by_item": {k: v.view() for k, v in sorted(self._written.items())},  # requests: items written
        }

    def _states_view(self) -> dict[str, Any]:
        view: dict[str, Any] = {
            kind: {"transitions": 0, "executions": 0, "billed_ms": 0} for kind in ("STANDARD", "EXPRESS")
        }
        machines: dict[str, dict[str, Any]] = {}
        for (kind, name), count in self._transitions.items():
            view.setdefault(kind, {"transitions": 0, "executions": 0, "billed_ms": 0})["transitions"] += count
            machines.setdefault(name, {"type": kind, "transitions": 0, "executions": 0})["transitions"] += count
        for (kind, name), count in self._executions.items():
            view.setdefault(kind, {"transitions": 0, "executions": 0, "billed_ms": 0})["executions"] += count
            machines.setdefault(name, {"type": kind, "transitions": 0, "executions": 0})["executions"] += count
        view["EXPRESS"]["billed_ms"] = sum(self._express_ms.values())
        view["EXPRESS"]["gb_seconds"] = view["EXPRESS"]["billed_ms"] / 1000 * EXPRESS_MEMORY_MB / 1024
        view["machines"] = dict(sorted(machines.items()))
        return view

    def _requests_view(self) -> dict[str, Any]:
        services: dict[str, Any] = {}
        for (service, operation, caller), count in sorted(self._requests.items()):
            entry = services.setdefault(
                service, {"requests": 0, "chunks": self._chunks[service], "operations": {}, "callers": {}}
            )
            entry["requests"] += count
            entry["operations"][operation] = entry["operations"].get(operation, 0) + count
            entry["callers"][caller] = entry["callers"].get(caller, 0) + count
        return services


# ---------------------------------------------------------------------------------------------
# DynamoDB's units
# ---------------------------------------------------------------------------------------------
def _parts(value: Any) -> tuple[str, Any]:
    """(type, value) of an attribute value: moto's ``DynamoType`` or the wire format ``{"S": "x"}``."""
    if isinstance(value, Mapping):
        ((kind, raw),) = value.items()
        return str(kind), raw
    return str(value.type), value.value


def _number_size(text: Any) -> int:
    """A number takes a byte per two significant digits, and one more."""
    try:
        digits = Decimal(str(text)).normalize().as_tuple().digits
    except (InvalidOperation, ValueError):
        return len(str(text))
    return (len(digits) + 1) // 2 + 1


def _binary_size(raw: Any) -> int:
    if isinstance(raw, (bytes, bytearray)):
        return len(raw)
    try:
        return len(base64.b64decode(str(raw), validate=True))
    except (binascii.Error, ValueError):
        return len(str(raw).encode())


def value_size(value: Any) -> int:
    """Bytes an attribute value takes in DynamoDB (its name not included)."""
    kind, raw = _parts(value)
    if kind == "S":
        return len(str(raw).encode())
    if kind == "N":
        return _number_size(raw)
    if kind == "B":
        return _binary_size(raw)
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(str(s).encode()) for s in raw)
    if kind == "NS":
        return sum(_number_size(n) for n in raw)
    if kind == "BS":
        return sum(_binary_size(b) for b in raw)
    if kind == "L":
        return 3 + sum(1 + value_size(element) for element in raw)
    if kind == "M":
        return 3 + sum(1 + len(str(name).encode()) + value_size(element) for name, element in raw.items())
    return len(str(raw).encode())


def item_size(attributes: Mapping[str, Any] | None) -> int:
    """Bytes an item takes: each attribute's name and value."""
    if not attributes:
        return 0
    return sum(len(name.encode()) + value_size(value) for name, value in attributes.items())


def read_units(size: int, consistent: bool = False, transactional: bool = False) -> float:
    """Read request units of reading ``size`` bytes: a unit per 4 KB, at least one; half eventually consistent."""
    units = max(1, math.ceil(size / READ_UNIT_BYTES))
    if transactional:
        return float(units * 2)
    return float(units) if consistent else units / 2


def write_units(size: int, transactional: bool = False) -> float:
    """Write request units of writing ``size`` bytes: a unit per KB, at least one; twice in a transaction."""
    units = max(1, math.ceil(size / WRITE_UNIT_BYTES))
    return float(units * 2 if transactional else units)


@dataclass(frozen=True)
class IndexShape:
    """What a secondary index keeps of an item: its key attributes, and what it projects (None: all)."""

    name: str
    keys: tuple[str, ...]
    projected: frozenset[str] | None

    @classmethod
    def of(cls, index: Any, table_keys: list[str]) -> IndexShape:
        keys = tuple(key["AttributeName"] for key in index.schema)
        projection = index.projection or {}
        kind = projection.get("ProjectionType", "ALL")
        if kind == "ALL":
            return cls(index.name, keys, None)
        extra = (projection.get("NonKeyAttributes") or []) if kind == "INCLUDE" else []
        return cls(index.name, keys, frozenset([*table_keys, *keys, *extra]))

    def entry(self, attributes: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """The index's entry for an item (None: the item is not in the index)."""
        if attributes is None or any(key not in attributes for key in self.keys):
            return None
        if self.projected is None:
            return dict(attributes)
        return {name: value for name, value in attributes.items() if name in self.projected}

    def write_units(self, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> float:
        """Units a write of the item from ``before`` to ``after`` costs in this index."""
        old, new = self.entry(before), self.entry(after)
        if old is None and new is None:
            return 0.0
        if old is None or new is None:
            return write_units(item_size(old if new is None else new))
        if any(old[key] != new[key] for key in self.keys):  # moved: the old entry goes, a new one comes
            return write_units(item_size(old)) + write_units(item_size(new))
        if old == new:
            return 0.0
        return write_units(max(item_size(old), item_size(new)))


def table_shapes(table: Any) -> list[IndexShape]:
    table_keys = [key for key in (table.hash_key_attr, table.range_key_attr) if key]
    return [IndexShape.of(index, table_keys) for index in [*table.global_indexes, *table.indexes]]


def write_request_units(
    table: Any, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None, transactional: bool = False
) -> tuple[float, float]:
    """A write of one item: (the table's units for the larger of before and after, the indexes' units)."""
    units = write_units(max(item_size(before), item_size(after)), transactional)
    return units, sum(shape.write_units(before, after) for shape in table_shapes(table))


@dataclass
class _Target:
    """One item a DynamoDB request reads or writes."""

    table: Any
    key: Mapping[str, Any]
    kind: str  # "read", "write" or "check"
    consistent: bool = False
    transactional: bool = False
    before: dict[str, Any] | None = None
    size: int = 0  # of the item read


def _key_of(table: Any, item: Mapping[str, Any]) -> dict[str, Any]:
    names = [table.hash_key_attr] + ([table.range_key_attr] if table.range_key_attr else [])
    return {name: item[name] for name in names if name in item}


def _stored(table: Any, key: Mapping[str, Any]) -> Any:
    from moto.dynamodb.models.dynamo_type import DynamoType

    try:
        hash_key = DynamoType(key[table.hash_key_attr])
        if table.range_key_attr:
            return table.items.get(hash_key, {}).get(DynamoType(key[table.range_key_attr]))
        return table.items.get(hash_key)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _attributes(item: Any) -> dict[str, Any] | None:
    return None if item is None else dict(item.attrs)


def _targets(backend: Any, operation: str, params: Mapping[str, Any]) -> list[_Target]:
    """The items a request touches, as they are before it runs."""
    targets = _write_targets(backend, operation, params) + _read_targets(backend, operation, params)
    for target in targets:
        stored = _stored(target.table, target.key)
        if target.kind == "read":
            target.size = item_size(stored.attrs) if stored is not None else 0
        else:  # kept as it was: moto changes items in place
            target.before = None if stored is None else copy.deepcopy(_attributes(stored))
    return targets


def _write_targets(backend: Any, operation: str, params: Mapping[str, Any]) -> list[_Target]:
    targets: list[_Target] = []
    if operation in ("PutItem", "UpdateItem", "DeleteItem"):
        table = backend.get_table(params["TableName"])
        key = params.get("Key") or _key_of(table, params.get("Item") or {})
        targets.append(_Target(table, key, "write"))
    elif operation == "BatchWriteItem":
        for name, requests in (params.get("RequestItems") or {}).items():
            table = backend.get_table(name)
            for request in requests:
                put, delete = request.get("PutRequest"), request.get("DeleteRequest")
                key = _key_of(table, put["Item"]) if put else delete["Key"]
                targets.append(_Target(table, key, "write"))
    elif operation == "TransactWriteItems":
        for entry in params.get("TransactItems") or []:
            ((kind, op),) = entry.items()
            table = backend.get_table(op["TableName"])
            key = op.get("Key") or _key_of(table, op.get("Item") or {})
            targets.append(_Target(table, key, "check" if kind == "ConditionCheck" else "write", transactional=True))
    return targets


def _read_targets(backend: Any, operation: str, params: Mapping[str, Any]) -> list[_Target]:
    targets: list[_Target] = []
    if operation == "GetItem":
        table = backend.get_table(params["TableName"])
        targets.append(_Target(table, params["Key"], "read", consistent=bool(params.get("ConsistentRead"))))
    elif operation == "BatchGetItem":
        for name, spec in (params.get("RequestItems") or {}).items():
            table = backend.get_table(name)
            consistent = bool(spec.get("ConsistentRead"))
            targets += [_Target(table, key, "read", consistent=consistent) for key in spec.get("Keys") or []]
    elif operation == "TransactGetItems":
        for entry in params.get("TransactItems") or []:
            op = entry["Get"]
            targets.append(_Target(backend.get_table(op["TableName"]), op["Key"], "read", transactional=True))
    return targets


def item_kind(item: Mapping[str, Any] | None) -> str:
    """What an item is, for the counts: its ``entity`` (a document's type, ``AUDIT``, ...), or else what
    its partition key names after the tenant (``SERIES``, ``IDEMPOTENCY``, ``BAL``, ``GL``, ...)."""
    if not item:
        return "?"
    entity = _parts(item.get("entity"))[1] if item.get("entity") else None
    if isinstance(entity, str) and entity:
        return entity
    pk = _parts(item.get("PK"))[1] if item.get("PK") else ""
    segments = str(pk).split("#")
    return segments[1] if len(segments) > 1 else str(pk)[:24] or "?"


def _request_units(
    targets: list[_Target], written: list[tuple[str, float, float]] | None = None
) -> tuple[float, float, float]:
    """(read, write, of which index write) units of a request's items, once it ran (``written``: filled
    with each item written's kind and units)."""
    reads = writes = indexes = 0.0
    for target in targets:
        if target.kind == "read":
            reads += read_units(target.size, target.consistent, target.transactional)
        elif target.kind == "check":  # a transaction's condition check reads the item
            reads += read_units(item_size(target.before), transactional=True)
        else:
            after = _attributes(_stored(target.table, target.key))
            table_units, index_units = write_request_units(target.table, target.before, after, target.transactional)
            writes += table_units + index_units
            indexes += index_units
            if written is not None:
                written.append((item_kind(after or target.before), table_units + index_units, index_units))
    return reads, writes, indexes


class _MeasuringFilter:
    """Stands in for a Query's or Scan's filter to measure every item read before it is filtered."""

    def __init__(self, inner: Any, sizes: list[int]) -> None:
        self.inner, self.sizes = inner, sizes

    def expr(self, item: Any) -> bool:
        self.sizes.append(item_size(item.attrs))
        return True if self.inner is None else bool(self.inner.expr(item))


def _measured(args: tuple[Any, ...], kwargs: dict[str, Any], position: int) -> tuple[tuple[Any, ...], dict[str, Any]]:
    sizes = getattr(_reads, "sizes", None)
    if sizes is None:
        return args, kwargs
    if len(args) > position:
        args = (*args[:position], _MeasuringFilter(args[position], sizes), *args[position + 1 :])
    else:
        kwargs = {**kwargs, "filter_expression": _MeasuringFilter(kwargs.get("filter_expression"), sizes)}
    return args, kwargs


def _charged(status: int, body: Any) -> bool:
    """Whether a request that answered ``status`` consumed capacity: a success, or a refused condition."""
    if status < 400:
        return True
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return "ConditionalCheckFailed" in text or "TransactionCanceled" in text


# ---------------------------------------------------------------------------------------------
# hooks into moto
# ---------------------------------------------------------------------------------------------
def install(meter: Meter) -> None:
    """Count into ``meter`` from now on (moto is hooked once per process)."""
    global _meter  # noqa: PLW0603
    _hook_moto()
    _meter = meter


def uninstall(meter: Meter | None = None) -> None:
    """Stop counting (into ``meter``, when given: another cloud's meter stays)."""
    global _meter  # noqa: PLW0603
    if meter is None or _meter is meter:
        _meter = None


_hooked = threading.Lock()
_HOOKED: list[bool] = []


def _hook_moto() -> None:
    with _hooked:
        if _HOOKED:
            return
        _hook_requests()
        _hook_dynamodb()
        _hook_stepfunctions()
        _HOOKED.append(True)


def caller_of(headers: Any) -> str:
    found = _CALLER.search(str(headers.get("User-Agent") or "")) if headers is not None else None
    return found.group(1) if found else RUNTIME


def _service_of(handler: Any) -> str:
    found = _SCOPE.search(str(handler.headers.get("Authorization") or ""))
    if found:
        return found.group(1)
    return str(getattr(handler, "service_name", None) or type(handler).__module__.split(".")[1])


def _body(answer: Any) -> str:
    body = answer[2] if isinstance(answer, tuple) and len(answer) == 3 else ""
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")


def _answer_size(answer: Any) -> int:
    body = answer[2] if isinstance(answer, tuple) and len(answer) == 3 else b""
    return len(body) if isinstance(body, (bytes, str)) else 0


def _received_nothing(answer: Any) -> bool:
    text = _body(answer)
    return '"Messages"' not in text and "<Message>" not in text


def _hook_requests() -> None:
    """Every request moto dispatches: its service, operation and caller."""
    from moto.core.responses import BaseResponse

    original = BaseResponse._dispatch

    def dispatch(self: Any, request: Any, full_url: str | None = None, headers: Any = None) -> Any:
        answer = original(self, request, full_url, headers)
        meter = _meter
        if meter is not None:
            try:
                operation = self._get_action() or "?"
                if operation == "ReceiveMessage" and _received_nothing(answer):
                    operation = "ReceiveMessage (empty)"
                size = max(len(getattr(self, "raw_body", None) or b""), _answer_size(answer))
                meter.request(_service_of(self), operation, caller_of(self.headers), size)
            except Exception:  # counting never fails a request
                log.debug("could not count a request", exc_info=True)
        return answer

    BaseResponse._dispatch = dispatch  # type: ignore[method-assign]


def _hook_dynamodb() -> None:
    """DynamoDB's units, per request: items looked at before it runs and after, under moto's lock."""
    from moto.dynamodb.models.table import Table
    from moto.dynamodb.responses import DynamoHandler

    from .moto_patches import _LOCK

    original_call, original_query, original_scan = DynamoHandler.call_action, Table.query, Table.scan

    def call_action(self: Any) -> Any:
        meter = _meter
        if meter is None:
            return original_call(self)
        params = getattr(self, "params", None) or {}
        operation = self._get_action()
        table = str(params.get("TableName") or ",".join(params.get("RequestItems") or {}) or "-")
        with _LOCK:  # the request's items, as they were and as it leaves them
            try:
                targets = _targets(self.dynamodb_backend, operation, params)
            except Exception:
                log.debug("could not size the items of %s", operation, exc_info=True)
                targets = []
            _reads.sizes = [] if operation in ("Query", "Scan") else None
            try:
                answer = original_call(self)
            finally:
                sizes, _reads.sizes = _reads.sizes, None
            reads = writes = indexes = 0.0
            written: list[tuple[str, float, float]] = []
            try:
                if _charged(int(answer[0]), answer[2]):
                    reads, writes, indexes = _request_units(targets, written)
                    if sizes is not None:
                        reads += read_units(sum(sizes), bool(params.get("ConsistentRead")))
            except Exception:
                log.debug("could not count the units of %s", operation, exc_info=True)
        meter.dynamodb(
            caller_of(self.headers), table, operation, reads, writes, index_write_units=indexes, written=written
        )
        return answer

    def query(self: Any, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = _measured(args, kwargs, 9)  # after the hash key: ..., consistent_read, filter_expression
        return original_query(self, *args, **kwargs)

    def scan(self: Any, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = _measured(args, kwargs, 3)  # filters, limit, exclusive_start_key, filter_expression
        return original_scan(self, *args, **kwargs)

    DynamoHandler.call_action = call_action  # type: ignore[method-assign]
    Table.query = query  # type: ignore[method-assign]
    Table.scan = scan  # type: ignore[method-assign]


_ENDED = frozenset({"ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"})
_MACHINE = "_localcloud_machine"


def _hook_stepfunctions() -> None:
    """Transitions from moto's interpreter: each state entered, each retry, per machine type."""
    from moto.stepfunctions.parser.asl.component.common.retry.retry_outcome import RetryOutcome
    from moto.stepfunctions.parser.asl.component.state.exec.execute_state import ExecutionState
    from moto.stepfunctions.parser.asl.eval.environment import Environment
    from moto.stepfunctions.parser.asl.eval.event.event_manager import EventManager

    original_init, original_add, original_retry = (
        Environment.__init__,
        EventManager.add_event,
        ExecutionState._handle_retry,
    )

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        try:
            kind = kwargs["execution_type"] if "execution_type" in kwargs else args[1]
            context = kwargs["context"] if "context" in kwargs else args[2]
            machine = str((context.get("StateMachine") or {}).get("Name") or "?")
            setattr(self.event_manager, _MACHINE, (str(getattr(kind, "value", kind)), machine))
        except (IndexError, KeyError, AttributeError):
            log.debug("an execution's machine is unknown", exc_info=True)

    def add_event(self: Any, context: Any, event_type: Any, *args: Any, **kwargs: Any) -> Any:
        event_id = original_add(self, context, event_type, *args, **kwargs)
        meter, machine = _meter, getattr(self, _MACHINE, None)
        if meter is not None and machine is not None:
            name = str(getattr(event_type, "value", event_type))
            if name.endswith("StateEntered"):
                meter.transition(*machine)
            elif name == "ExecutionStarted":
                self._localcloud_started = time.monotonic()
                meter.execution(*machine)
            elif name in _ENDED and hasattr(self, "_localcloud_started"):
                kind, machine_name = machine
                meter.execution_ended(kind, machine_name, (time.monotonic() - self._localcloud_started) * 1000)
        return event_id

    def handle_retry(self: Any, env: Any, failure_event: Any) -> Any:
        outcome = original_retry(self, env, failure_event)
        meter, machine = _meter, getattr(env.event_manager, _MACHINE, None)
        if meter is not None and machine is not None and outcome == RetryOutcome.CanRetry:
            meter.transition(*machine)  # a retry is billed as a transition
        return outcome

    Environment.__init__ = init  # type: ignore[method-assign]
    EventManager.add_event = add_event  # type: ignore[method-assign]
    ExecutionState._handle_retry = handle_retry  # type: ignore[method-assign]
