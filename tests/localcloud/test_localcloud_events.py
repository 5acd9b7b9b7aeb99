"""DynamoDB streams, Step Functions and schedules, all running the fixture's functions in their environments.

The functions record what they saw through ``lcfixture.observe``; the ``seen`` fixture reads it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import boto3
import pytest


@dataclass
class StreamObservations:
    """What the stream function saw since the test started."""

    seen: Callable[[str], list[Any]]
    skip: dict[str, int]

    def _new(self, kind: str) -> list[Any]:
        return self.seen(kind)[self.skip.get(kind, 0) :]

    @property
    def delivered(self) -> list[list[str]]:
        return [d["seqs"] for d in self._new("delivered")]

    @property
    def delivered_keys(self) -> list[list[str]]:
        return [d["keys"] for d in self._new("delivered")]

    @property
    def processed(self) -> list[tuple[str, str]]:
        return [tuple(pair) for pair in self._new("processed")]

    @property
    def records(self) -> list[dict[str, Any]]:
        return self._new("records")


@pytest.fixture()
def stream_fn(cloud: Any, seen: Callable[[str], list[Any]]) -> StreamObservations:
    cloud.drain()
    return StreamObservations(seen, {kind: len(seen(kind)) for kind in ("delivered", "processed", "records")})


def _put_orders(cloud: Any, keys: list[tuple[str, str]], flags: dict[str, str] | None = None) -> None:
    table = boto3.resource("dynamodb").Table(cloud.stack.table_name("HubTable"))
    with table.batch_writer() as batch:
        for pk, sk in keys:
            item = {"pk": pk, "sk": sk, "gsi1pk": "ALL"}
            if flags and sk in flags:
                item[flags[sk]] = True
            batch.put_item(Item=item)


def test_stream_records_in_order_filtered_and_batched(cloud: Any, stream_fn: Any) -> None:
    keys = [(f"ORDER#{i % 3}", f"line-{i:02d}") for i in range(12)]
    _put_orders(cloud, [*keys, ("CUSTOMER#1", "profile")])  # filtered out by FilterCriteria
    cloud.drain()
    assert keys == stream_fn.processed  # every record once, in write order
    assert all(1 <= len(batch) <= 5 for batch in stream_fn.delivered)
    seqs = [s for batch in stream_fn.delivered for s in batch]
    assert seqs == sorted(seqs, key=int) and len(seqs) == len(set(seqs)) == 12


def test_stream_record_shape(cloud: Any, stream_fn: Any) -> None:
    table = boto3.client("dynamodb")
    name = cloud.stack.table_name("HubTable")
    table.put_item(TableName=name, Item={"pk": {"S": "ORDER#shape"}, "sk": {"S": "x"}, "n": {"N": "1"}})
    table.update_item(
        TableName=name,
        Key={"pk": {"S": "ORDER#shape"}, "sk": {"S": "x"}},
        UpdateExpression="SET n = :n",
        ExpressionAttributeValues={":n": {"N": "2"}},
    )
    table.delete_item(TableName=name, Key={"pk": {"S": "ORDER#shape"}, "sk": {"S": "x"}})
    cloud.drain()
    captured = [r for r in stream_fn.records if r["dynamodb"]["Keys"]["pk"]["S"] == "ORDER#shape"]
    assert [r["eventName"] for r in captured] == ["INSERT", "MODIFY", "REMOVE"]
    rec = captured[1]
    assert rec["eventSource"] == "aws:dynamodb"
    assert rec["awsRegion"] == "ap-southeast-1"
    assert rec["eventSourceARN"] == cloud.stack.stream_arn("HubTable")
    assert rec["eventID"] and rec["eventVersion"]
    ddb = rec["dynamodb"]
    assert ddb["Keys"] == {"pk": {"S": "ORDER#shape"}, "sk": {"S": "x"}}
    assert ddb["NewImage"]["n"] == {"N": "2"} and ddb["OldImage"]["n"] == {"N": "1"}
    assert ddb["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert isinstance(ddb["ApproximateCreationDateTime"], int)
    assert isinstance(ddb["SizeBytes"], int) and ddb["SequenceNumber"].isdigit()
    assert "NewImage" not in captured[2]["dynamodb"]


def test_partial_batch_failure_retries_from_failed_record(cloud: Any, stream_fn: Any) -> None:
    keys = [("ORDER#p", f"item-{i}") for i in range(5)]
    _put_orders(cloud, keys, flags={"item-2": "fail_once"})
    cloud.drain()
    assert keys == stream_fn.processed  # nothing lost, nothing processed twice
    batches = stream_fn.delivered_keys
    with_failed = [b for b in batches if "ORDER#p|item-2" in b]
    assert len(with_failed) == 2  # the failing delivery and its retry
    assert with_failed[1][0] == "ORDER#p|item-2"  # checkpointed just before the failed record
    for done in ("ORDER#p|item-0", "ORDER#p|item-1"):  # succeeded records are never redelivered
        assert sum(b.count(done) for b in batches) == 1


def test_raised_error_retries_whole_batch(cloud: Any, stream_fn: Any) -> None:
    keys = [("ORDER#r", f"item-{i}") for i in range(3)]
    _put_orders(cloud, keys, flags={"item-1": "raise_once"})
    cloud.drain()
    assert set(stream_fn.processed) == set(keys)
    assert stream_fn.processed[-2:] == keys[1:]  # the retry resumed in order
    all_seqs = [s for b in stream_fn.delivered for s in b]
    assert len(all_seqs) > len(keys)  # the failed batch was delivered again


# -- Step Functions ------------------------------------------------------------------------------
def test_state_machine_retries_failed_task_and_finishes(cloud: Any) -> None:
    result = cloud.run_state_machine("Workflow", {"runId": "run-1", "amount": 21})
    assert result["status"] == "SUCCEEDED", result
    assert result["outputJson"] == {
        "runId": "run-1",
        "attempts": 2,
        "amount": 21,
        "total": 42,
        "by": "local-step-two",
    }
    history = boto3.client("stepfunctions").get_execution_history(executionArn=result["executionArn"])["events"]
    failures = [e for e in history if e["type"] == "LambdaFunctionFailed"]
    assert len(failures) == 1
    assert failures[0]["lambdaFunctionFailedEventDetails"]["error"] == "TransientError"


def test_state_machine_catch_and_unique_execution_names(cloud: Any) -> None:
    first = cloud.run_state_machine("Workflow", {"runId": "run-2", "amount": 1, "permanent": True})
    second = cloud.run_state_machine("Workflow", {"runId": "run-3", "amount": 1, "permanent": True})
    assert first["status"] == second["status"] == "SUCCEEDED"
    assert first["outputJson"] == {"status": "rejected", "error": "PermanentError"}
    assert first["name"] != second["name"]


def test_lambda_invoke_api_runs_the_templates_functions(cloud: Any) -> None:
    client = boto3.client("lambda")
    resp = client.invoke(FunctionName="local-step-two", Payload=json.dumps({"amount": 5}))
    assert json.loads(resp["Payload"].read()) == {"amount": 5, "total": 10, "by": "local-step-two"}
    err = client.invoke(
        FunctionName=cloud.stack.function_arn("StepOneFunction"),
        Payload=json.dumps({"runId": "direct", "amount": 1}),
    )
    assert err["FunctionError"] == "Unhandled"
    payload = json.loads(err["Payload"].read())
    assert payload["errorType"] == "TransientError" and "direct" in payload["errorMessage"]
    assert any("first attempt for direct fails" in line for line in payload["stackTrace"])


# -- schedules -----------------------------------------------------------------------------------
def test_schedule_fires_on_timer_and_manually(cloud: Any, seen: Callable[[str], list[Any]]) -> None:
    deadline = time.monotonic() + 5
    while not seen("ticks") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen("ticks"), "rate(1 minute) at time scale 60 should fire within a few seconds"
    event = seen("ticks")[0]
    assert event["detail-type"] == "Scheduled Event" and event["source"] == "aws.events"
    assert event["account"] == "123456789012" and event["region"] == "ap-southeast-1"
    before = len(seen("ticks"))
    result = cloud.fire("TickFunction")
    assert result["ticks"] >= before + 1
