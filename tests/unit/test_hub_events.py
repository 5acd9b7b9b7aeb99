"""The hub's events: one reader of the stream, a queue with a dead-letter queue per subscriber, and the
fan-out's publishing rules (group per document, deduplication per stream record, order kept on failure)."""

from __future__ import annotations

import json
from typing import Any

from ledgerlet.hub import events
from tests.support.templates import nested_stacks, of_type, stacks

HUB_STREAM = {"Fn::GetAtt": ["HubTable", "StreamArn"]}
STREAM_EVENTS = ("DynamoDB", "Kinesis")


def test_the_hub_stream_has_exactly_one_reader() -> None:
    root = stacks()["template.yaml"]
    readers = [
        f"{lid}.{name}"
        for lid, props in of_type(root, "AWS::Serverless::Function").items()
        for name, event in (props.get("Events") or {}).items()
        if event.get("Type") in STREAM_EVENTS and event["Properties"]["Stream"] == HUB_STREAM
    ]
    readers += [
        lid
        for lid, p in of_type(root, "AWS::Lambda::EventSourceMapping").items()
        if p.get("EventSourceArn") == HUB_STREAM
    ]
    readers += [lid for lid, p in of_type(root, "AWS::Pipes::Pipe").items() if p.get("Source") == HUB_STREAM]
    assert readers == ["HubFanOutFunction.HubStream"]
    # and no domain can read it: no stack is handed the stream, and none reads any stream
    for resource in root.resources.values():
        if resource["Type"] == "AWS::Serverless::Application":
            assert HUB_STREAM not in resource["Properties"]["Parameters"].values()
    for path, template in nested_stacks().items():
        for lid, props in of_type(template, "AWS::Serverless::Function").items():
            kinds = {event.get("Type") for event in (props.get("Events") or {}).values()}
            assert not kinds & set(STREAM_EVENTS), f"{path}: {lid} reads a stream"
        assert not of_type(template, "AWS::Lambda::EventSourceMapping"), path
        assert not of_type(template, "AWS::Pipes::Pipe"), path


def test_every_subscriber_has_its_queue_a_dead_letter_queue_and_a_function() -> None:
    subscribed = 0
    for path, template in nested_stacks().items():
        queues = of_type(template, "AWS::SQS::Queue")
        consumers = {
            event["Properties"]["Queue"]["Fn::GetAtt"][0]: lid
            for lid, props in of_type(template, "AWS::Serverless::Function").items()
            for event in (props.get("Events") or {}).values()
            if event.get("Type") == "SQS"
        }
        allowed = [
            queue for policy in of_type(template, "AWS::SQS::QueuePolicy").values() for queue in policy["Queues"]
        ]
        subscriptions = {
            lid: p
            for lid, p in of_type(template, "AWS::SNS::Subscription").items()
            if p["TopicArn"] == {"Ref": "HubEventsTopicArn"}
        }
        subscribed += len(subscriptions)
        for lid, props in subscriptions.items():
            queue = props["Endpoint"]["Fn::GetAtt"][0]
            assert props["Protocol"] == "sqs" and props["RawMessageDelivery"] is True, lid
            assert props["FilterPolicyScope"] == "MessageBody" and props["FilterPolicy"], lid
            assert "deadLetterTargetArn" in queues[queue]["RedrivePolicy"], f"{path}: {queue} has no dead-letter queue"
            assert queue in consumers, f"{path}: no function reads {queue}"
            assert {"Ref": queue} in allowed, f"{path}: the topic may not deliver to {queue}"
    assert subscribed >= 1


def _record(sequence: int, pk: str = "t1#JOURNAL#jnl_1", old: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "eventID": f"event-{sequence}",
        "eventName": "MODIFY",
        "eventSourceARN": "arn:aws:dynamodb:ap-southeast-1:123456789012:table/hub/stream/x",
        "dynamodb": {
            "Keys": {"PK": {"S": pk}, "SK": {"S": "DOC"}},
            "NewImage": {"PK": {"S": pk}, "posting_state": {"S": "pending"}},
            **({"OldImage": old} if old else {}),
            "SequenceNumber": f"{sequence:05d}",
        },
    }


def test_a_change_is_published_in_its_documents_group_and_deduplicated_by_its_stream_record() -> None:
    published = events.entry(_record(7, pk="t9#RECEIPT#rcp_2"))
    assert published["MessageGroupId"] == "t9#RECEIPT#rcp_2"
    assert published["MessageDeduplicationId"] == "event-7"
    assert published["Id"] == "00007"
    body = json.loads(published["Message"])
    assert body["dynamodb"]["NewImage"]["posting_state"] == {"S": "pending"}  # what filter policies read
    assert "eventSourceARN" not in body


def test_a_change_too_large_for_a_message_drops_its_old_image() -> None:
    old = {"lines": {"S": "x" * (events.SNS_MESSAGE_LIMIT + 1)}}
    body = json.loads(events.entry(_record(1, old=old))["Message"])
    assert "OldImage" not in body["dynamodb"] and body["old_image_omitted"] is True
    assert body["dynamodb"]["NewImage"]["posting_state"] == {"S": "pending"}


def test_a_new_image_too_large_for_a_message_keeps_what_filters_read() -> None:
    """A 500-line invoice: its lines alone pass the limit. The message keeps its keys, type and states."""
    record = _record(2, pk="t1#SALESINVOICE#si_1")
    record["dynamodb"]["NewImage"].update(
        {"entity": {"S": "SALESINVOICE"}, "id": {"S": "si_1"}, "lines": {"L": [{"S": "x" * 1000}] * 300}}
    )
    body = json.loads(events.entry(record)["Message"])
    image = body["dynamodb"]["NewImage"]
    assert set(image) == {"PK", "posting_state", "entity", "id"} and body["new_image_trimmed"] is True
    assert len(events.entry(record)["Message"].encode()) <= events.SNS_MESSAGE_LIMIT


def test_a_batch_never_passes_the_limit_of_one_message(monkeypatch: Any) -> None:
    """Three records of about 100 KB each: 100 + 100 fit in a batch, the third goes in the next."""
    monkeypatch.setenv("HUB_EVENTS_TOPIC_ARN", "arn:aws:sns:ap-southeast-1:123456789012:hub.fifo")
    topic = FakeTopic(set())
    records = [_record(i, old={"memo": {"S": "y" * 100_000}}) for i in range(3)]
    assert events.fan_out(records, topic) == {"batchItemFailures": []}
    assert topic.calls == 2 and [m["Id"] for m in topic.messages] == ["00000", "00001", "00002"]


class FakeTopic:
    """Publishes in order; fails the entries whose sequence numbers it is told to."""

    def __init__(self, failing: set[str]) -> None:
        self.failing = failing
        self.messages: list[dict[str, Any]] = []
        self.calls = 0

    def publish_batch(self, TopicArn: str, PublishBatchRequestEntries: list[dict[str, Any]]) -> dict[str, Any]:
        self.calls += 1
        failed = [e for e in PublishBatchRequestEntries if e["Id"] in self.failing]
        self.messages += [e for e in PublishBatchRequestEntries if e["Id"] not in self.failing]
        return {"Failed": [{"Id": e["Id"], "Code": "Throttled", "SenderFault": False} for e in failed]}


def test_the_fan_out_publishes_in_batches_of_ten(monkeypatch: Any) -> None:
    monkeypatch.setenv("HUB_EVENTS_TOPIC_ARN", "arn:aws:sns:ap-southeast-1:123456789012:hub.fifo")
    topic = FakeTopic(set())
    # 23 records: 10 + 10 + 3
    assert events.fan_out([_record(i) for i in range(23)], topic) == {"batchItemFailures": []}
    assert topic.calls == 3
    assert [m["Id"] for m in topic.messages] == [f"{i:05d}" for i in range(23)]


def test_the_fan_out_reports_the_first_unpublished_record_and_all_after_it(monkeypatch: Any) -> None:
    monkeypatch.setenv("HUB_EVENTS_TOPIC_ARN", "arn:aws:sns:ap-southeast-1:123456789012:hub.fifo")
    # Record 13 fails in the second batch (10..19): 13..22 go back to the stream, in order;
    # 14..19 were published too, and SNS drops them as duplicates when the stream redelivers them
    answer = events.fan_out([_record(i) for i in range(23)], FakeTopic({"00013"}))
    assert [f["itemIdentifier"] for f in answer["batchItemFailures"]] == [f"{i:05d}" for i in range(13, 23)]
