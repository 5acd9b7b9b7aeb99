"""Scheduled work in process (moto): the platform's registry of active tenants and a work queue whose
messages are handed to a consumer as Lambda's SQS event source would."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def register_tenants(*tenant_ids: str) -> None:
    """Active tenants in the platform table's registry, as onboarding's activate step leaves them."""
    import boto3

    from ledgerlet.platform.models import REGISTRY_PK
    from ledgerlet.settings import settings

    db = boto3.client("dynamodb")
    table = settings().platform_table
    if table not in db.list_tables()["TableNames"]:
        db.create_table(
            TableName=table,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": "PK", "AttributeType": "S"},
                {"AttributeName": "SK", "AttributeType": "S"},
            ],
            KeySchema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        )
    for tenant_id in tenant_ids:
        db.put_item(
            TableName=table,
            Item={"PK": {"S": REGISTRY_PK}, "SK": {"S": tenant_id}, "tenant_id": {"S": tenant_id}},
        )


@contextmanager
def work_queue(variable: str) -> Iterator[str]:
    """A queue named in ``variable`` (as the template sets it) for the duration; its URL."""
    import boto3

    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName=variable.lower().replace("_", "-"))["QueueUrl"]
    saved = os.environ.get(variable)
    os.environ[variable] = url
    try:
        yield url
    finally:
        sqs.delete_queue(QueueUrl=url)
        if saved is None:
            os.environ.pop(variable, None)
        else:
            os.environ[variable] = saved


def received(url: str) -> dict[str, Any]:
    """Everything waiting in the queue, as one SQS event (Lambda's record shape)."""
    import boto3

    sqs = boto3.client("sqs")
    records = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not got:
            return {"Records": records}
        records += [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "eventSource": "aws:sqs",
            }
            for m in got
        ]
