"""SQS -> Lambda event source mappings, polled against moto's SQS, with Lambda's semantics.

A poller receives up to ``BatchSize`` messages (waiting at most ``MaximumBatchingWindowInSeconds``
to fill a batch), invokes the function with them and deletes what succeeded: everything when the
invocation returns, nothing when it fails, all but the ``batchItemFailures`` with
``ReportBatchItemFailures``. A message not deleted becomes visible again after the queue's
visibility timeout and is delivered again; past the ``maxReceiveCount`` of the queue's redrive
policy, moto moves it to the dead-letter queue. FIFO queues hand out one batch per message group at
a time (moto keeps a group in flight until its messages are deleted or visible again), so order
within a group holds. Messages that match no ``FilterCriteria`` pattern are deleted unseen.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .functions import Function, FunctionError, FunctionRegistry
from .peek import queue_may_have_messages
from .provision import Stack
from .streams import Pollers, event_sources, matches_filters

log = logging.getLogger("localcloud.queues")

IDLE_POLL_MIN = 0.05
IDLE_POLL_MAX = 0.5
RECEIVE_MAX = 10  # SQS hands out at most ten messages per receive


@dataclass
class QueueMapping:
    function: Function
    event_name: str
    queue_arn: str
    batch_size: int = 10
    batching_window_s: float = 0.0
    report_batch_item_failures: bool = False
    filters: list[Any] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.function.logical_id}.{self.event_name}"

    @property
    def queue_name(self) -> str:
        return self.queue_arn.rsplit(":", 1)[-1]


def mappings_from_template(stack: Stack, functions: FunctionRegistry) -> list[QueueMapping]:
    return [
        QueueMapping(
            function=fn,
            event_name=name,
            queue_arn=str(p["Queue"]),
            batch_size=int(p.get("BatchSize", 10)),
            batching_window_s=float(p.get("MaximumBatchingWindowInSeconds", 0)),
            report_batch_item_failures="ReportBatchItemFailures" in (p.get("FunctionResponseTypes") or []),
            filters=filters,
        )
        for fn, name, p, filters in event_sources(stack, functions, "SQS")
    ]


def lambda_record(message: dict[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    """An SQS message as Lambda's SQS event carries it."""
    attributes = {
        key: value
        for key, value in (message.get("Attributes") or {}).items()
        if key
        in (
            "ApproximateReceiveCount",
            "SentTimestamp",
            "SenderId",
            "ApproximateFirstReceiveTimestamp",
            "SequenceNumber",
            "MessageGroupId",
            "MessageDeduplicationId",
        )
    }
    message_attributes = {
        name: {
            "stringValue": value.get("StringValue"),
            "binaryValue": value.get("BinaryValue"),
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": value.get("DataType"),
        }
        for name, value in (message.get("MessageAttributes") or {}).items()
    }
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": attributes,
        "messageAttributes": message_attributes,
        "md5OfBody": message.get("MD5OfBody"),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def _filter_view(record: dict[str, Any]) -> dict[str, Any]:
    """What a filter pattern is matched against: the body parsed when it is JSON, as Lambda does."""
    try:
        return {**record, "body": json.loads(record["body"])}
    except ValueError:
        return record


HISTORY = 10_000


class QueuePoller(threading.Thread):
    def __init__(self, mapping: QueueMapping, region: str) -> None:
        super().__init__(name=f"localcloud-queue-{mapping.name}", daemon=True)
        self.mapping = mapping
        self.region = region
        self._stop_evt = threading.Event()
        self._wake = threading.Event()
        self._cond = threading.Condition()
        self.activity = 0  # bumped on every delivered or dropped message
        self.in_flight = False
        self.invocations = 0
        # How many times each message went to the function, and its body (the latest HISTORY messages):
        # what tests read to see which records a partial batch failure had delivered again.
        self.deliveries: OrderedDict[str, tuple[int, str]] = OrderedDict()

    def stop(self) -> None:
        self._stop_evt.set()
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def run(self) -> None:
        import boto3

        sqs = boto3.client("sqs", region_name=self.region)
        url = sqs.get_queue_url(QueueName=self.mapping.queue_name)["QueueUrl"]
        idle = IDLE_POLL_MIN
        while not self._stop_evt.is_set():
            try:
                messages = self._receive_batch(sqs, url) if queue_may_have_messages(self.mapping.queue_arn) else []
            except Exception:
                log.exception("%s: receive failed", self.mapping.name)
                messages = []
            if not messages:
                self._wake.wait(idle)
                self._wake.clear()
                idle = min(idle * 2, IDLE_POLL_MAX)
                continue
            idle = IDLE_POLL_MIN
            self._deliver(sqs, url, messages)

    def _receive_batch(self, sqs: Any, url: str) -> list[dict[str, Any]]:
        m = self.mapping
        batch: list[dict[str, Any]] = []
        deadline = time.monotonic() + m.batching_window_s
        while len(batch) < m.batch_size and not self._stop_evt.is_set():
            with self._cond:
                self.in_flight = True
            got = sqs.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=min(RECEIVE_MAX, m.batch_size - len(batch)),
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            batch += got
            if time.monotonic() >= deadline or (not got and not batch):
                break
            if not got:  # a partial batch, and the batching window is still open
                self._stop_evt.wait(IDLE_POLL_MIN)
        if not batch:
            with self._cond:
                self.in_flight = False
                self._cond.notify_all()
        return batch

    def _deliver(self, sqs: Any, url: str, messages: list[dict[str, Any]]) -> None:
        m = self.mapping
        records = [lambda_record(message, m.queue_arn, self.region) for message in messages]
        wanted = [r for r in records if matches_filters(_filter_view(r), m.filters)]
        done = [r for r in records if r not in wanted]  # filtered out: deleted unseen, as Lambda does
        if wanted:
            done += self._invoke(wanted)
        if done:
            for start in range(0, len(done), RECEIVE_MAX):
                chunk = done[start : start + RECEIVE_MAX]
                sqs.delete_message_batch(
                    QueueUrl=url,
                    Entries=[{"Id": str(i), "ReceiptHandle": r["receiptHandle"]} for i, r in enumerate(chunk)],
                )
        with self._cond:
            self.activity += len(records)
            self.in_flight = False
            self._cond.notify_all()

    def _invoke(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The records that succeeded (to delete)."""
        fn = self.mapping.function
        self.invocations += 1
        with self._cond:
            for record in records:
                count, _ = self.deliveries.pop(record["messageId"], (0, ""))
                self.deliveries[record["messageId"]] = (count + 1, record["body"])
            while len(self.deliveries) > HISTORY:
                self.deliveries.popitem(last=False)
        try:
            result = fn.invoke({"Records": records})
        except FunctionError as error:
            log.error("%s failed on %d message(s): %s", self.mapping.name, len(records), error)
            return []
        if not self.mapping.report_batch_item_failures or not isinstance(result, dict):
            return records
        failures = result.get("batchItemFailures") or []
        ids = {r["messageId"] for r in records}
        failed = {f.get("itemIdentifier") if isinstance(f, dict) else None for f in failures}
        if not failed <= ids:
            log.error("%s: batchItemFailures names messages not in the batch; the batch fails", self.mapping.name)
            return []
        return [r for r in records if r["messageId"] not in failed]

    def quiet(self) -> bool:
        with self._cond:
            return not self.in_flight


class QueueRunner(Pollers):
    """All SQS event source mappings of the stack."""

    def __init__(self, mappings: Iterable[QueueMapping], region: str) -> None:
        self.pollers = [QueuePoller(m, region) for m in mappings]

    def deliveries(self, mapping: str) -> list[tuple[int, str]]:
        """(times delivered, body) of each recent message of a mapping ("Function.EventName")."""
        (poller,) = [p for p in self.pollers if p.mapping.name == mapping]
        with poller._cond:
            return list(poller.deliveries.values())

    def drain(self, timeout: float = 10.0) -> None:
        """Block until every mapped queue is empty (nothing visible, nothing in flight)."""
        import boto3

        if not self.pollers:
            return
        sqs = boto3.client("sqs")
        deadline = time.monotonic() + timeout
        while True:
            for poller in self.pollers:
                poller.wake()
            busy = [p.mapping.name for p in self.pollers if not p.quiet() or _pending(sqs, p.mapping.queue_name)]
            if not busy:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"queues not drained within {timeout}s: {', '.join(busy)}")
            time.sleep(0.05)


def _pending(sqs: Any, queue_name: str) -> int:
    url = sqs.get_queue_url(QueueName=queue_name)["QueueUrl"]
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])
