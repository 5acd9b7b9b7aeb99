"""DynamoDB Streams -> Lambda event source mappings, polled against moto's dynamodbstreams API."""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .functions import Function, FunctionError, FunctionRegistry
from .peek import stream_may_have_records
from .provision import Stack

log = logging.getLogger("localcloud.streams")

IDLE_POLL_MIN = 0.05
IDLE_POLL_MAX = 0.5


@dataclass
class StreamMapping:
    function: Function
    event_name: str
    stream_arn: str
    starting_position: str = "TRIM_HORIZON"
    batch_size: int = 100
    batching_window_s: float = 0.0
    max_retries: int = -1  # -1: retry until the record expires, like Lambda
    bisect: bool = False
    report_batch_item_failures: bool = False
    filters: list[Any] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.function.logical_id}.{self.event_name}"


def event_sources(
    stack: Stack, functions: FunctionRegistry, event_type: str
) -> Iterable[tuple[Function, str, dict[str, Any], list[Any]]]:
    """The enabled event source mappings of a type: (function, event name, resolved properties, filters)."""
    for fn, name, props in functions.events_of_type(event_type):
        p = fn.resolve(props)
        if str(p.get("Enabled", True)).lower() == "false":
            continue
        patterns = [flt.get("Pattern") for flt in (p.get("FilterCriteria") or {}).get("Filters") or []]
        yield fn, name, p, [json.loads(pattern) if isinstance(pattern, str) else pattern for pattern in patterns]


def mappings_from_template(stack: Stack, functions: FunctionRegistry) -> list[StreamMapping]:
    out = []
    for fn, name, p, filters in event_sources(stack, functions, "DynamoDB"):
        out.append(
            StreamMapping(
                function=fn,
                event_name=name,
                stream_arn=str(p["Stream"]),
                starting_position=str(p.get("StartingPosition", "TRIM_HORIZON")),
                batch_size=int(p.get("BatchSize", 100)),
                batching_window_s=float(p.get("MaximumBatchingWindowInSeconds", 0)),
                max_retries=int(p.get("MaximumRetryAttempts", -1)),
                bisect=str(p.get("BisectBatchOnFunctionError", False)).lower() == "true",
                report_batch_item_failures="ReportBatchItemFailures" in (p.get("FunctionResponseTypes") or []),
                filters=filters,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# record shape and filtering
# ---------------------------------------------------------------------------------------------
def _lambda_json(value: Any) -> Any:
    """boto3 hands us bytes and datetimes; Lambda events carry base64 strings and epoch numbers."""
    if isinstance(value, dict):
        return {k: _lambda_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_lambda_json(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime):
        return int(value.timestamp())
    return value


def to_lambda_record(raw: dict[str, Any], stream_arn: str, region: str) -> dict[str, Any]:
    record = _lambda_json(raw)
    ddb = record.get("dynamodb") or {}
    shaped = {
        "eventID": record.get("eventID"),
        "eventName": record.get("eventName"),
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": {
            k: ddb[k]
            for k in (
                "ApproximateCreationDateTime",
                "Keys",
                "NewImage",
                "OldImage",
                "SequenceNumber",
                "SizeBytes",
                "StreamViewType",
            )
            if k in ddb
        },
        "eventSourceARN": stream_arn,
    }
    if "userIdentity" in record:
        shaped["userIdentity"] = record["userIdentity"]
    return shaped


def matches_filters(record: dict[str, Any], filters: list[Any]) -> bool:
    """Lambda event filtering: a record passes if any pattern matches (no filters: all pass)."""
    return not filters or any(_match(pattern, record) for pattern in filters)


def _match(pattern: Any, value: Any) -> bool:
    if isinstance(pattern, dict):
        if not isinstance(value, dict):
            return False
        for key, sub in pattern.items():
            if isinstance(sub, list):
                if not _match_leaf(sub, value.get(key, _MISSING)):
                    return False
            elif not _match(sub, value.get(key, _MISSING)):
                return False
        return True
    return False


_MISSING = object()


def _match_leaf(rules: list[Any], value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    for rule in rules:
        if isinstance(rule, dict):
            if _match_operator(rule, value, values):
                return True
        elif value is not _MISSING and any(v == rule for v in values):
            return True
    return False


def _match_operator(rule: dict[str, Any], value: Any, values: list[Any]) -> bool:
    ((op, arg),) = rule.items()
    if op == "exists":
        return (value is not _MISSING) == bool(arg)
    if value is _MISSING:
        return False
    if op == "prefix":
        return any(isinstance(v, str) and v.startswith(arg) for v in values)
    if op == "suffix":
        return any(isinstance(v, str) and v.endswith(arg) for v in values)
    if op == "anything-but":
        banned = arg if isinstance(arg, list) else [arg]
        if isinstance(arg, dict) and "prefix" in arg:
            return all(not (isinstance(v, str) and v.startswith(arg["prefix"])) for v in values)
        return all(v not in banned for v in values)
    if op == "equals-ignore-case":
        return any(isinstance(v, str) and v.lower() == str(arg).lower() for v in values)
    if op == "numeric":
        return any(_numeric(arg, v) for v in values)
    log.warning("unsupported filter operator %r treated as no match", op)
    return False


def _numeric(conds: list[Any], value: Any) -> bool:
    try:
        num = float(value)
    except (TypeError, ValueError):
        return False
    ops = {"<": num.__lt__, "<=": num.__le__, ">": num.__gt__, ">=": num.__ge__, "=": num.__eq__}
    return all(ops[conds[i]](float(conds[i + 1])) for i in range(0, len(conds), 2))


# ---------------------------------------------------------------------------------------------
# pollers
# ---------------------------------------------------------------------------------------------
class StreamPoller(threading.Thread):
    def __init__(
        self,
        mapping: StreamMapping,
        region: str,
        account_id: str,
        retry_delay_s: float = 0.05,
        resume_after: str | None = None,
    ) -> None:
        super().__init__(name=f"localcloud-stream-{mapping.name}", daemon=True)
        self.mapping = mapping
        self.region = region
        self.account_id = account_id
        # The sequence number of the last record handled (delivered, or left out by the filters): a
        # restarted cloud resumes after it, as an event source mapping keeps its position.
        self.checkpoint = resume_after
        self.retry_delay_s = retry_delay_s
        self.activity = 0  # bumped whenever records are read or delivered
        self.idle_poll_started = -1.0  # start time of the last poll that found nothing to do
        self.delivered_batches = 0
        self.failed_batches = 0
        self._stop_evt = threading.Event()
        self._wake = threading.Event()
        self._cond = threading.Condition()
        self._client: Any = None

    # -- control --------------------------------------------------------------------------
    def stop(self) -> None:
        self._stop_evt.set()
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def wait_idle_since(self, t0: float, deadline: float) -> bool:
        with self._cond:
            while self.idle_poll_started < t0:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self.is_alive():
                    return self.idle_poll_started >= t0
                self._cond.wait(min(remaining, 0.1))
            return True

    # -- loop -----------------------------------------------------------------------------
    def run(self) -> None:
        import boto3

        self._client = boto3.client("dynamodbstreams", region_name=self.region)
        try:
            iterator = self._initial_iterator()
        except Exception:
            log.exception("%s: cannot open stream %s", self.mapping.name, self.mapping.stream_arn)
            return
        pending: list[dict[str, Any]] = []
        read_up_to = self.checkpoint or ""
        first_pending_at = 0.0
        idle_sleep = IDLE_POLL_MIN
        while not self._stop_evt.is_set():
            poll_started = time.monotonic()
            fresh: list[dict[str, Any]] = []
            if stream_may_have_records(self.account_id, self.region, iterator):
                try:
                    resp = self._client.get_records(ShardIterator=iterator, Limit=1000)
                except Exception:
                    if self._stop_evt.is_set():
                        return
                    log.exception("%s: get_records failed", self.mapping.name)
                    self._stop_evt.wait(1.0)
                    continue
                self._forget_iterator(iterator)
                iterator = resp["NextShardIterator"]
                fresh = [to_lambda_record(r, self.mapping.stream_arn, self.region) for r in resp.get("Records", [])]
            if fresh:
                read_up_to = fresh[-1]["dynamodb"]["SequenceNumber"]
                self._bump()
                kept = [r for r in fresh if matches_filters(r, self.mapping.filters)]
                if kept and not pending:
                    first_pending_at = time.monotonic()
                pending.extend(kept)
            if not pending:
                if fresh:
                    self.checkpoint = read_up_to  # all of it left out by the filters
                self._mark_idle(poll_started)
                self._wake.wait(idle_sleep)
                self._wake.clear()
                idle_sleep = min(idle_sleep * 2, IDLE_POLL_MAX)
                continue
            idle_sleep = IDLE_POLL_MIN
            window_left = first_pending_at + self.mapping.batching_window_s - time.monotonic()
            if len(pending) < self.mapping.batch_size and window_left > 0:
                self._stop_evt.wait(min(window_left, 0.05))
                continue
            batch, pending = pending[: self.mapping.batch_size], pending[self.mapping.batch_size :]
            first_pending_at = time.monotonic()
            self._deliver(batch)
            if self._stop_evt.is_set():
                return  # perhaps cut short: a restart resumes from the last checkpoint
            self.checkpoint = read_up_to if not pending else batch[-1]["dynamodb"]["SequenceNumber"]
            self._bump()

    def _initial_iterator(self) -> str:
        desc = self._client.describe_stream(StreamArn=self.mapping.stream_arn)["StreamDescription"]
        shard_id = desc["Shards"][0]["ShardId"]
        where: dict[str, str] = {"ShardIteratorType": self.mapping.starting_position}
        if self.checkpoint:
            where = {"ShardIteratorType": "AFTER_SEQUENCE_NUMBER", "SequenceNumber": self.checkpoint}
        it = self._client.get_shard_iterator(StreamArn=self.mapping.stream_arn, ShardId=shard_id, **where)
        return str(it["ShardIterator"])

    def _forget_iterator(self, iterator: str) -> None:
        """moto keeps every iterator forever; drop the ones we have used (in-process server)."""
        try:
            from moto.dynamodbstreams.models import dynamodbstreams_backends

            dynamodbstreams_backends[self.account_id][self.region].shard_iterators.pop(iterator, None)
        except Exception:  # pragma: no cover - best effort only
            pass

    def _bump(self) -> None:
        with self._cond:
            self.activity += 1
            self._cond.notify_all()

    def _mark_idle(self, poll_started: float) -> None:
        with self._cond:
            self.idle_poll_started = poll_started
            self._cond.notify_all()

    # -- delivery with Lambda's retry semantics ---------------------------------------------
    def _deliver(self, batch: list[dict[str, Any]]) -> None:
        m = self.mapping
        attempts = 0
        while batch and not self._stop_evt.is_set():
            failed_from = self._invoke(batch)
            if failed_from is None:
                self.delivered_batches += 1
                return
            if failed_from == -1 and m.bisect and len(batch) > 1:
                half = len(batch) // 2
                log.info("%s: bisecting failed batch of %d", m.name, len(batch))
                self._deliver(batch[:half])
                self._deliver(batch[half:])
                return
            batch = batch[max(failed_from, 0) :]
            attempts += 1
            if 0 <= m.max_retries < attempts:
                self.failed_batches += 1
                log.error(
                    "%s: giving up on %d record(s) from sequence %s after %d retries",
                    m.name,
                    len(batch),
                    batch[0]["dynamodb"].get("SequenceNumber"),
                    m.max_retries,
                )
                return
            self._stop_evt.wait(min(self.retry_delay_s * 2 ** min(attempts - 1, 6), 2.0))

    def _invoke(self, batch: list[dict[str, Any]]) -> int | None:
        """None on success; -1 if the invocation failed; else the index to retry from."""
        fn = self.mapping.function
        try:
            result = fn.invoke({"Records": batch})
        except FunctionError as error:
            log.error(
                "%s failed on a batch of %d record(s): %s\n%s",
                self.mapping.name,
                len(batch),
                error,
                "".join(error.stack_trace),
            )
            return -1
        if not self.mapping.report_batch_item_failures:
            return None
        return _first_failure(result, batch, self.mapping.name)


def _first_failure(result: Any, batch: list[dict[str, Any]], name: str) -> int | None:
    if result is None:
        return None
    if not isinstance(result, dict):
        log.error("%s: invalid partial batch response %r; retrying the whole batch", name, result)
        return -1
    failures = result.get("batchItemFailures")
    if not failures:
        return None
    seqs = [r["dynamodb"].get("SequenceNumber") for r in batch]
    idx = []
    for failure in failures:
        ident = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if ident is None or ident == "" or ident not in seqs:
            log.error("%s: batchItemFailures item %r is not in the batch; retrying the whole batch", name, failure)
            return -1
        idx.append(seqs.index(ident))
    log.info("%s: partial batch failure; retrying from sequence %s", name, seqs[min(idx)])
    return min(idx)


class Pollers:
    """Poller threads of one kind of event source: started and stopped together."""

    pollers: list[Any]

    def start(self) -> None:
        for poller in self.pollers:
            poller.start()

    def stop(self, timeout: float = 5.0) -> None:
        for poller in self.pollers:
            poller.stop()
        for poller in self.pollers:
            poller.join(timeout)

    @property
    def activity(self) -> int:
        """Grows with every record delivered (drain compares it before and after a round)."""
        return sum(int(p.activity) for p in self.pollers)


class StreamRunner(Pollers):
    """All stream pollers of the stack."""

    def __init__(
        self,
        mappings: Iterable[StreamMapping],
        region: str,
        account_id: str,
        positions: dict[str, str] | None = None,
    ) -> None:
        """``positions``: where each mapping stopped (``positions()`` of a previous run), by name."""
        self.pollers = [
            StreamPoller(m, region, account_id, resume_after=(positions or {}).get(m.name)) for m in mappings
        ]

    def positions(self) -> dict[str, str]:
        return {p.mapping.name: p.checkpoint for p in self.pollers if p.checkpoint}

    def drain(self, timeout: float = 10.0) -> None:
        """Block until every poller has caught up with its stream and nothing is in flight.

        Loops until a full round passes with no new activity, so chains (a stream handler
        writing to another streamed table) are drained as well.
        """
        deadline = time.monotonic() + timeout
        while True:
            t0 = time.monotonic()
            before = self.activity
            for poller in self.pollers:
                poller.wake()
            busy = [p.mapping.name for p in self.pollers if not p.wait_idle_since(t0, deadline)]
            if busy:
                raise TimeoutError(f"streams not drained within {timeout}s: {', '.join(busy)}")
            if self.activity == before:
                return
