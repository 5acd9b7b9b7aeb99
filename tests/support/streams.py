"""Reading the hub's stream in process, and delivering it to a subscriber of the hub's events the way the
fan-out, SNS and SQS do (``ledgerlet.hub.events``)."""

from __future__ import annotations

import json
from typing import Any

from tests.support.events import LambdaContext


class StreamReader:
    """Records of the table's stream since the last read, in order (one shard under moto)."""

    def __init__(self, table_name: str) -> None:
        import boto3

        self.client = boto3.client("dynamodbstreams")
        arn = boto3.client("dynamodb").describe_table(TableName=table_name)["Table"]["LatestStreamArn"]
        shard = self.client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        self.iterator = self.client.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")[
            "ShardIterator"
        ]
        self.arn = arn

    def read(self) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        while True:
            answer = self.client.get_records(ShardIterator=self.iterator, Limit=1000)
            self.iterator = answer["NextShardIterator"]
            batch = answer.get("Records", [])
            if not batch:
                return records
            records += [_as_lambda_record(record, self.arn) for record in batch]


def _as_lambda_record(record: dict[str, Any], arn: str) -> dict[str, Any]:
    dynamodb = {k: v for k, v in record["dynamodb"].items() if k != "ApproximateCreationDateTime"}
    return {**{k: v for k, v in record.items() if k != "dynamodb"}, "dynamodb": dynamodb, "eventSourceARN": arn}


def pending_documents(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the ledger's subscription lets through (its filter in shared/ledgerlet/ledger/applet.py)."""
    return [
        r
        for r in records
        if r["eventName"] in ("INSERT", "MODIFY")
        and (r["dynamodb"].get("NewImage") or {}).get("posting_state") == {"S": "pending"}
    ]


def as_queue_event(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Stream records as a subscriber's SQS batch: each the body the fan-out publishes (raw delivery)."""
    from ledgerlet.hub.events import entry

    messages = []
    for record in json.loads(json.dumps(records, default=str)):
        published = entry(record)
        messages.append(
            {
                "messageId": published["Id"],
                "receiptHandle": published["Id"],
                "body": published["Message"],
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "eventSource": "aws:sqs",
            }
        )
    return {"Records": messages}


def deliver(handler: Any, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Deliver stream records to a subscriber of the hub's events; its partial-batch answer."""
    return dict(handler(as_queue_event(records), LambdaContext()))
