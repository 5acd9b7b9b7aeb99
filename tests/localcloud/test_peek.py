"""An idle poller's look at moto (localcloud.peek) says "nothing to ask for" only when a request
would indeed find nothing, and "ask" whenever it cannot tell."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

REGION = "ap-southeast-1"


@pytest.fixture()
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")
    with mock_aws():
        yield


def test_a_queue_is_worth_asking_only_while_a_message_is_visible(aws: None) -> None:
    import boto3

    from localcloud.peek import queue_may_have_messages

    sqs = boto3.client("sqs", region_name=REGION)
    url = sqs.create_queue(QueueName="work", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert not queue_may_have_messages(arn)  # empty

    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
    assert not queue_may_have_messages(arn)  # only a delayed message

    sqs.send_message(QueueUrl=url, MessageBody="now")
    assert queue_may_have_messages(arn)
    received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in received] == ["now"]
    assert not queue_may_have_messages(arn)  # in flight: invisible for 30 s

    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=received[0]["ReceiptHandle"], VisibilityTimeout=0)
    assert queue_may_have_messages(arn)  # visible again, as after a failed delivery


def test_a_queue_it_cannot_find_is_asked(aws: None) -> None:
    from localcloud.peek import queue_may_have_messages

    assert queue_may_have_messages(f"arn:aws:sqs:{REGION}:123456789012:no-such-queue")
    assert queue_may_have_messages("not an arn")


def _stream(aws: None) -> tuple[Any, Any, str]:
    import boto3

    dynamodb = boto3.client("dynamodb", region_name=REGION)
    table = dynamodb.create_table(
        TableName="hub",
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "PK", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]
    streams = boto3.client("dynamodbstreams", region_name=REGION)
    return dynamodb, streams, table["LatestStreamArn"]


def test_a_shard_is_worth_reading_only_past_the_last_record_read(aws: None) -> None:
    from localcloud.peek import stream_may_have_records

    dynamodb, streams, arn = _stream(aws)
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    iterator = iterator["ShardIterator"]
    account = arn.split(":")[4]
    assert not stream_may_have_records(account, REGION, iterator)  # nothing written yet

    dynamodb.put_item(TableName="hub", Item={"PK": {"S": "a"}})
    dynamodb.put_item(TableName="hub", Item={"PK": {"S": "b"}})
    assert stream_may_have_records(account, REGION, iterator)
    answer = streams.get_records(ShardIterator=iterator)
    assert [r["dynamodb"]["Keys"]["PK"]["S"] for r in answer["Records"]] == ["a", "b"]
    after = answer["NextShardIterator"]
    assert not stream_may_have_records(account, REGION, after)  # both read

    dynamodb.delete_item(TableName="hub", Key={"PK": {"S": "a"}})
    assert stream_may_have_records(account, REGION, after)
    assert [r["eventName"] for r in streams.get_records(ShardIterator=after)["Records"]] == ["REMOVE"]


def test_an_iterator_it_cannot_find_is_read(aws: None) -> None:
    from localcloud.peek import stream_may_have_records

    _stream(aws)
    assert stream_may_have_records("123456789012", REGION, "no-such-iterator")
