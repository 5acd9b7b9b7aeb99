"""The runtime's meter (localcloud.metering): known calls give the units AWS would bill for them.

A cloud of the fixture template of its own, with no stream or queue pollers and no timers, so that
nothing but the calls made here is counted."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.localcloud.conftest import FIXTURE_TEMPLATE


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from localcloud import LocalCloud

    observations = tmp_path_factory.mktemp("metering")
    with LocalCloud(
        FIXTURE_TEMPLATE,
        port=0,
        streams=False,
        schedules=False,
        stack_name="lcmeter",
        parameter_overrides={"ObservationsDir": str(observations)},
    ) as running:
        yield running


@pytest.fixture()
def meter(cloud: Any) -> Any:
    cloud.meter.reset()
    return cloud.meter


def _dynamodb(app: str = "metering-test") -> Any:
    """A client that names itself as a function's environment does (app/<id> in its User-Agent)."""
    return boto3.client("dynamodb", config=Config(user_agent_appid=app))


def _text(size: int) -> dict[str, str]:
    return {"S": "x" * size}


def test_the_units_follow_the_sizes_of_the_items(cloud: Any, meter: Any) -> None:
    # Given the hub table (pk, sk) with one global index (gsi1pk, sk) projecting all attributes
    db, table = _dynamodb(), cloud.stack.table_name("HubTable")
    pk = f"T#{uuid.uuid4().hex[:8]}"

    # When an item of 1,500 bytes outside the index is written: 2 units (1 KB each), no index write
    db.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"S": "A"}, "body": _text(1500)})
    # and an item of ~1,500 bytes in the index: 2 units, and 2 for its index entry
    db.put_item(
        TableName=table,
        Item={"pk": {"S": pk}, "sk": {"S": "B"}, "gsi1pk": {"S": "G1"}, "body": _text(1500)},
    )
    # its index key changed: 2 units, the old entry removed (2) and the new one written (2)
    db.update_item(
        TableName=table,
        Key={"pk": {"S": pk}, "sk": {"S": "B"}},
        UpdateExpression="SET gsi1pk = :g",
        ExpressionAttributeValues={":g": {"S": "G2"}},
    )
    # a write refused on its condition still costs the item's units (2), and changes no index
    with pytest.raises(db.exceptions.ConditionalCheckFailedException):
        db.put_item(
            TableName=table,
            Item={"pk": {"S": pk}, "sk": {"S": "B"}, "gsi1pk": {"S": "G2"}},
            ConditionExpression="attribute_not_exists(pk)",
        )
    # a transaction writes twice: a small item costs 2 units; its condition check reads twice (2 read units)
    db.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": {"pk": {"S": pk}, "sk": {"S": "C"}}}},
            {
                "ConditionCheck": {
                    "TableName": table,
                    "Key": {"pk": {"S": pk}, "sk": {"S": "A"}},
                    "ConditionExpression": "attribute_exists(pk)",
                }
            },
        ]
    )

    # Then the writes cost 2 + 4 + 6 + 2 + 2 units, and the check 2 read units
    units = cloud.meter.snapshot()["dynamodb"]
    assert units["write_units"] == 16
    assert units["read_units"] == 2
    assert units["index_write_units"] == 2 + 4  # the second item's entry, then its move
    assert units["by_operation"]["UpdateItem"] == {
        "requests": 1,
        "read_units": 0,
        "write_units": 6,
        "index_write_units": 4,
    }
    assert units["by_caller"]["metering-test"] == {
        "requests": 5,
        "read_units": 2,
        "write_units": 16,
        "index_write_units": 6,
    }

    # When the item is read eventually consistent (half a unit per 4 KB), strongly (one), in a
    # transaction (two), and a missing item is read (half a unit all the same)
    meter.reset()
    key = {"pk": {"S": pk}, "sk": {"S": "A"}}
    db.get_item(TableName=table, Key=key)
    db.get_item(TableName=table, Key=key, ConsistentRead=True)
    db.transact_get_items(TransactItems=[{"Get": {"TableName": table, "Key": key}}])
    db.get_item(TableName=table, Key={"pk": {"S": pk}, "sk": {"S": "none"}})
    assert cloud.meter.snapshot()["dynamodb"]["read_units"] == 0.5 + 1 + 2 + 0.5

    # When a query reads the partition's four items (three of ~1.5 KB: two 4 KB units, half of it
    # eventually consistent), and a filter keeps one of them: it is the items read that count
    db.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"S": "D"}, "body": _text(1500)})
    meter.reset()
    answer = db.query(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        FilterExpression="sk = :a",
        ExpressionAttributeValues={":pk": {"S": pk}, ":a": {"S": "A"}},
    )
    assert answer["Count"] == 1 and answer["ScannedCount"] == 4
    assert cloud.meter.snapshot()["dynamodb"]["read_units"] == 1.0


def test_an_api_request_its_invocation_and_the_internal_endpoint(cloud: Any, meter: Any) -> None:
    # Given a route to a function of 256 MB
    # When it is called twice, and a route with an authorizer is called without a token
    for _ in range(2):
        with urllib.request.urlopen(f"{cloud.url}/public/metered", timeout=30) as answer:
            assert answer.status == 200
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{cloud.url}/me", timeout=30)

    # Then API Gateway counts two requests on the route, and the refused one apart
    counts = json.loads(urllib.request.urlopen(f"{cloud.url}/_localcloud/meter", timeout=30).read())
    assert counts["apigateway"] == {
        "requests": 2,
        "refused": 1,
        "routes": {"ANY /public/{name}": {"requests": 2, "function": "PublicFunction"}},
    }
    # and Lambda two invocations of it, billed by the millisecond, in GB-seconds of its memory
    public = counts["lambda"]["functions"]["PublicFunction"]
    assert (public["invocations"], public["memory_mb"], public["errors"]) == (2, 256, 0)
    assert public["billed_ms"] >= 2
    assert public["gb_seconds"] == pytest.approx((public["billed_ms"] + public["init_ms"]) / 1000 / 4)

    # When the counts are read and reset over HTTP, the next read starts from nothing
    request = urllib.request.Request(f"{cloud.url}/_localcloud/meter/reset", data=b"", method="POST")
    assert json.loads(urllib.request.urlopen(request, timeout=30).read())["apigateway"]["requests"] == 2
    assert cloud.meter.snapshot()["apigateway"]["requests"] == 0


def test_state_transitions_count_states_entered_and_retries(cloud: Any, meter: Any) -> None:
    # Given a Standard machine StepOne (fails once, retried) -> StepTwo
    # When it runs to the end
    done = cloud.run_state_machine("Workflow", {"runId": uuid.uuid4().hex, "amount": 2}, timeout=60)
    assert done["status"] == "SUCCEEDED"

    # Then it made three transitions (StepOne, its retry, StepTwo) in one execution
    states = cloud.meter.snapshot()["stepfunctions"]
    assert (states["STANDARD"]["transitions"], states["STANDARD"]["executions"]) == (3, 1)
    assert states["EXPRESS"]["transitions"] == 0
    # and its tasks were three invocations
    functions = cloud.meter.snapshot()["lambda"]["functions"]
    assert functions["StepOneFunction"]["invocations"] == 2
    assert functions["StepOneFunction"]["errors"] == 1
    assert functions["StepTwoFunction"]["invocations"] == 1


def test_queue_and_topic_requests_by_operation(cloud: Any, meter: Any) -> None:
    # Given a standard queue (no poller in this cloud) and a FIFO topic
    sqs, url = boto3.client("sqs"), cloud.stack.physical_ids["WorkQueue"]
    # When a message is sent, received and deleted, and the queue is then read empty
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"id": "m"}))
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
    sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
    # and one event is published
    boto3.client("sns").publish(
        TopicArn=cloud.stack.physical_ids["EventsTopic"],
        Message="{}",
        MessageGroupId="g",
        MessageDeduplicationId=uuid.uuid4().hex,
    )

    # Then each is a request of its service, an empty receive apart
    requests = cloud.meter.snapshot()["requests"]
    assert requests["sqs"]["operations"] == {
        "SendMessage": 1,
        "ReceiveMessage": 1,
        "DeleteMessage": 1,
        "ReceiveMessage (empty)": 1,
    }
    assert requests["sns"]["operations"] == {"Publish": 1}
    assert requests["sqs"]["chunks"] == 4  # each well under 64 KB


def test_sizes_follow_dynamodbs_rules() -> None:
    from localcloud.metering import item_size, read_units, write_units

    # names and strings in UTF-8 bytes; a number a byte per two significant digits and one more;
    # a map or list 3 bytes and a byte per element
    assert item_size({"pk": {"S": "abc"}}) == 2 + 3
    assert item_size({"n": {"N": "12345"}}) == 1 + 4
    assert item_size({"m": {"M": {"a": {"S": "xy"}}}}) == 1 + 3 + 1 + 1 + 2
    assert item_size({"l": {"L": [{"BOOL": True}, {"NULL": True}]}}) == 1 + 3 + 2 * (1 + 1)
    assert (write_units(1024), write_units(1025), write_units(0), write_units(10, transactional=True)) == (1, 2, 1, 2)
    assert (read_units(4096), read_units(4097, consistent=True), read_units(1, transactional=True)) == (0.5, 2, 2)
