"""SQS event sources with Lambda's semantics, and an SNS FIFO topic fanned out to filtered FIFO queues."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import boto3

Seen = Callable[[str], list[Any]]


def _send(cloud: Any, queue: str, bodies: list[dict[str, Any]]) -> None:
    sqs = boto3.client("sqs")
    url = cloud.stack.physical_ids[queue]
    for body in bodies:
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps(body))


def _publish(cloud: Any, kind: str, group: str, body: dict[str, Any]) -> None:
    boto3.client("sns").publish(
        TopicArn=cloud.stack.physical_ids["EventsTopic"],
        Message=json.dumps(body),
        MessageGroupId=group,
        MessageDeduplicationId=body["id"],
        MessageAttributes={"kind": {"DataType": "String", "StringValue": kind}},
    )


def _dead_letters(cloud: Any, queue: str) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs")
    got = sqs.receive_message(QueueUrl=cloud.stack.physical_ids[queue], MaxNumberOfMessages=10)
    return [json.loads(m["Body"]) for m in got.get("Messages", [])]


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-{uuid.uuid4().hex[:6]}-{i}" for i in range(count)]


def test_a_queue_delivers_in_batches_and_deletes_what_succeeded(cloud: Any, seen: Seen) -> None:
    ids = _ids("batch", 9)
    _send(cloud, "WorkQueue", [{"id": i} for i in ids])
    cloud.drain(timeout=30)
    processed = [w["id"] for w in seen("work") if w["id"] in ids]
    assert sorted(processed) == sorted(ids)  # each once: deleted after success, never redelivered
    assert all(len(batch) <= 4 for batch in seen("work-batches"))  # BatchSize: 4


def test_a_failed_record_alone_is_delivered_again(cloud: Any, seen: Seen) -> None:
    ids = _ids("partial", 4)
    _send(cloud, "WorkQueue", [{"id": i, "fail_once": i == ids[1]} for i in ids])
    cloud.drain(timeout=30)
    assert Counter(w["id"] for w in seen("work") if w["id"] in ids) == dict.fromkeys(ids, 1)
    assert ids[1] in seen("failed_once")


def test_a_poison_record_ends_in_the_dead_letter_queue_without_blocking_others(cloud: Any, seen: Seen) -> None:
    ids = _ids("poison", 4)
    _send(cloud, "WorkQueue", [{"id": i, "poison": i == ids[0]} for i in ids])
    cloud.drain(timeout=30)
    assert sorted(w["id"] for w in seen("work") if w["id"] in ids) == sorted(ids[1:])
    assert [d["id"] for d in _dead_letters(cloud, "WorkDeadLetterQueue")] == [ids[0]]  # after 2 receives


def test_messages_the_filter_rejects_are_dropped_unseen(cloud: Any, seen: Seen) -> None:
    _send(cloud, "WorkQueue", [{"id": "ignored"}])
    cloud.drain(timeout=30)
    assert "ignored" not in [w["id"] for w in seen("work")]
    assert _dead_letters(cloud, "WorkDeadLetterQueue") == []


def test_a_fifo_topic_fans_out_filtered_and_in_order_per_group(cloud: Any, seen: Seen) -> None:
    # Given two groups of events on the FIFO topic: orders and other kinds, interleaved
    sent: list[tuple[str, str, str]] = []
    for index in range(6):
        group = f"grp-{index % 2}"
        kind = "order" if index % 3 != 2 else "payment"
        event_id = f"fan-{uuid.uuid4().hex[:6]}-{index}"
        _publish(cloud, kind, group, {"id": event_id})
        sent.append((event_id, kind, group))
    cloud.drain(timeout=30)
    # Then the orders subscriber got only orders, the audit subscriber everything, each in order per group
    ours = {event_id for event_id, _, _ in sent}
    for name, kinds in (("orders", {"order"}), ("audit", {"order", "payment"})):
        got = [o for o in seen(name) if o["id"] in ours]
        for group in ("grp-0", "grp-1"):
            expected = [e for e, kind, g in sent if g == group and kind in kinds]
            assert [o["id"] for o in got if o["group"] == group] == expected, (name, group)


def test_a_poison_message_in_a_fifo_group_holds_only_its_group(cloud: Any, seen: Seen) -> None:
    # Given a poison order first in group A, then another order in A, and an order in group B
    poison, after, other = _ids("fifo", 3)
    _publish(cloud, "order", "A", {"id": poison, "poison": True})
    _publish(cloud, "order", "A", {"id": after})
    _publish(cloud, "order", "B", {"id": other})
    cloud.drain(timeout=30)
    processed = [o["id"] for o in seen("orders")]
    # Then B went on, A's next order waited for the poison to leave, and the poison is dead-lettered
    assert other in processed and after in processed and poison not in processed
    assert [d["id"] for d in _dead_letters(cloud, "OrdersDeadLetterQueue")] == [poison]
