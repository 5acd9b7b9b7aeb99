"""The local cloud's fixes to moto answer as DynamoDB does (see localcloud.moto_patches).

An index query reads only its hash value's items, noted as items are written: after any mix of
puts, updates that move an item to another hash value, and deletes, it answers exactly the items a
full scan finds. Answers written straight to JSON keep bytes, leave out empty members and give the
stream's times as times.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

TABLE = "patched"


@pytest.fixture()
def dynamodb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    import boto3
    from moto import mock_aws

    from localcloud import moto_patches

    moto_patches.install()
    monkeypatch.setenv("AWS_ACCOUNT_ID_ENDPOINT_MODE", "disabled")  # as the local cloud runs (DynamoDB Streams)
    with mock_aws():
        client = boto3.client("dynamodb", region_name="ap-southeast-1")
        client.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": "S"} for name in ("PK", "SK", "GSI1PK", "GSI1SK")
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "GSI1",
                    "KeySchema": [
                        {"AttributeName": "GSI1PK", "KeyType": "HASH"},
                        {"AttributeName": "GSI1SK", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        yield client


def index_query(client: Any, group: str) -> list[str]:
    pages = client.get_paginator("query").paginate(
        TableName=TABLE,
        IndexName="GSI1",
        KeyConditionExpression="GSI1PK = :group",
        ExpressionAttributeValues={":group": {"S": group}},
    )
    return [item["PK"]["S"] for page in pages for item in page["Items"]]


def test_an_index_query_answers_what_a_scan_finds_after_puts_moves_and_deletes(dynamodb: Any) -> None:
    rng = random.Random(20261204)
    groups = [f"G#{n}" for n in range(4)]
    model: dict[str, tuple[str, str] | None] = {}  # item -> (group, sort) while it has one
    for step in range(300):
        name = f"item-{rng.randrange(40)}"
        action = rng.choice(["put", "put", "move", "unindex", "delete"])
        key = {"PK": {"S": name}, "SK": {"S": "DOC"}}
        if action == "put":
            model[name] = (rng.choice(groups), f"{step:04d}")
            group, sort = model[name]
            dynamodb.put_item(
                TableName=TABLE, Item={**key, "GSI1PK": {"S": group}, "GSI1SK": {"S": sort}, "n": {"N": str(step)}}
            )
        elif action == "move" and model.get(name):
            model[name] = (rng.choice(groups), f"{step:04d}")
            dynamodb.update_item(
                TableName=TABLE,
                Key=key,
                UpdateExpression="SET GSI1PK = :group, GSI1SK = :sort",
                ExpressionAttributeValues={":group": {"S": model[name][0]}, ":sort": {"S": model[name][1]}},
            )
        elif action == "unindex" and model.get(name):
            model[name] = None
            dynamodb.update_item(TableName=TABLE, Key=key, UpdateExpression="REMOVE GSI1PK")
        elif action == "delete":
            model.pop(name, None)
            dynamodb.delete_item(TableName=TABLE, Key=key)
        if step % 25 == 0:
            for group in groups:
                expected = sorted(
                    (entry[1], item) for item, entry in model.items() if entry and entry[0] == group
                )  # by the index's sort key, as DynamoDB orders an index query
                assert index_query(dynamodb, group) == [item for _, item in expected], (step, group)


def test_answers_keep_bytes_leave_out_empty_members_and_give_stream_times(dynamodb: Any) -> None:
    key = {"PK": {"S": "doc"}, "SK": {"S": "DOC"}}
    dynamodb.put_item(TableName=TABLE, Item={**key, "blob": {"B": b"\x00\xffledger"}, "GSI1PK": {"S": "G"}})

    got = dynamodb.get_item(TableName=TABLE, Key=key)
    assert got["Item"]["blob"]["B"] == b"\x00\xffledger"
    assert dynamodb.get_item(TableName=TABLE, Key={"PK": {"S": "absent"}, "SK": {"S": "DOC"}}).get("Item") is None

    page = dynamodb.query(
        TableName=TABLE, KeyConditionExpression="PK = :pk", ExpressionAttributeValues={":pk": {"S": "doc"}}
    )
    assert (page["Count"], "LastEvaluatedKey" in page) == (1, False)

    import boto3

    streams = boto3.client("dynamodbstreams", region_name="ap-southeast-1")
    arn = dynamodb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    assert [record["eventName"] for record in records] == ["INSERT"]
    written = records[0]["dynamodb"]["ApproximateCreationDateTime"]
    assert abs(written - datetime.now(UTC)) < timedelta(minutes=1)
    assert records[0]["dynamodb"]["NewImage"]["blob"]["B"] == b"\x00\xffledger"


def test_an_index_projection_and_a_projection_expression_answer_the_attributes_named(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName="projected",
        KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name in ("PK", "SK", "G", "GS")],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "listed",
                "KeySchema": [{"AttributeName": "G", "KeyType": "HASH"}, {"AttributeName": "GS", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["name", "amount", "tags", "lines"]},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    keys = {"PK": {"S": "t1#cus"}, "SK": {"S": "C-1"}, "G": {"S": "t1#customers"}, "GS": {"S": "Ali"}}
    listed = {
        "name": {"S": "Ali Sdn Bhd"},
        "amount": {"N": "12.50"},
        "tags": {"SS": ["b2b", "kl"]},
        "lines": {"L": [{"M": {"qty": {"N": "2"}, "sku": {"S": "GULA-1"}}}]},
    }
    unlisted = {"notes": {"S": "not in the index"}, "photo": {"B": b"\x00\x01"}, "active": {"BOOL": True}}
    dynamodb.put_item(TableName="projected", Item={**keys, **listed, **unlisted})

    (item,) = dynamodb.query(
        TableName="projected",
        IndexName="listed",
        KeyConditionExpression="G = :g",
        ExpressionAttributeValues={":g": {"S": "t1#customers"}},
    )["Items"]
    assert set(item.pop("tags")["SS"]) == {"b2b", "kl"}  # a set: DynamoDB keeps no order
    others = {name: value for name, value in listed.items() if name != "tags"}
    assert item == {**keys, **others}  # the table's and the index's keys, and the other attributes listed

    (picked,) = dynamodb.query(
        TableName="projected",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "t1#cus"}},
        ProjectionExpression="#n, photo, active, absent_attribute",
        ExpressionAttributeNames={"#n": "name"},
    )["Items"]
    assert picked == {"name": listed["name"], "photo": unlisted["photo"], "active": unlisted["active"]}

    (nested,) = dynamodb.query(  # a nested path goes through moto's own projection
        TableName="projected",
        KeyConditionExpression="PK = :pk",
        ExpressionAttributeValues={":pk": {"S": "t1#cus"}},
        ProjectionExpression="lines[0].sku, amount",
    )["Items"]
    assert nested == {"lines": {"L": [{"M": {"sku": {"S": "GULA-1"}}}]}, "amount": {"N": "12.50"}}
