"""The hub's events: its stream read once, fanned out to every applet that subscribes.

DynamoDB Streams serves at most two readers per shard well, and every applet wants the hub's
changes. So one function reads the stream (:func:`fan_out`) and publishes each change record, as
Lambda delivered it, to the hub's SNS FIFO topic:

- **message group**: the item's partition key (``<tenant>#<TYPE>#<id>``), so the changes of one
  document reach a FIFO subscriber in the order they happened;
- **deduplication id**: the stream record's ``eventID``, so a batch the stream delivers again
  publishes nothing twice (within SNS's five-minute window; subscribers stay idempotent anyway);
- **body**: the stream record itself, so a subscription's filter policy (``FilterPolicyScope:
  MessageBody``) reads exactly like a stream filter: ``{"dynamodb": {"NewImage": {...}}}``.

Each subscriber has its own SQS queue (FIFO where order per key matters), filter policy, dead-letter
queue and partial-batch failures; :func:`change_records` gives a subscriber its batch back as
(message id, stream record) pairs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

SNS_MESSAGE_LIMIT = 256 * 1024
PUBLISH_BATCH = 10  # SNS PublishBatch takes ten entries at most


def topic_arn() -> str:
    arn = os.environ.get("HUB_EVENTS_TOPIC_ARN", "")
    if not arn:
        raise RuntimeError("HUB_EVENTS_TOPIC_ARN is not set: the fan-out has nowhere to publish")
    return arn


def entry(record: dict[str, Any]) -> dict[str, Any]:
    """The ``PublishBatch`` entry for one stream record."""
    change = {k: v for k, v in record.items() if k != "eventSourceARN"}
    body = json.dumps(change, separators=(",", ":"))
    if len(body.encode()) > SNS_MESSAGE_LIMIT:  # the old image is the part a subscriber can do without
        dynamodb = {k: v for k, v in change["dynamodb"].items() if k != "OldImage"}
        body = json.dumps({**change, "dynamodb": dynamodb, "old_image_omitted": True}, separators=(",", ":"))
    return {
        "Id": record["dynamodb"]["SequenceNumber"],
        "Message": body,
        "MessageGroupId": record["dynamodb"]["Keys"]["PK"]["S"],
        "MessageDeduplicationId": record["eventID"],
    }


def fan_out(records: list[dict[str, Any]], sns: Any) -> dict[str, Any]:
    """Publish a stream batch in order; report the first record not published and every one after it,
    so the stream delivers them again (a stream is ordered: nothing may pass a failed record)."""
    for start in range(0, len(records), PUBLISH_BATCH):
        chunk = records[start : start + PUBLISH_BATCH]
        try:
            answer = sns.publish_batch(TopicArn=topic_arn(), PublishBatchRequestEntries=[entry(r) for r in chunk])
            failed = {f["Id"] for f in answer.get("Failed", [])}
        except Exception as exc:
            if not _is_client_error(exc):
                raise
            failed = {r["dynamodb"]["SequenceNumber"] for r in chunk}
        if failed:
            first = next(i for i, r in enumerate(chunk) if r["dynamodb"]["SequenceNumber"] in failed)
            rest = records[start + first :]
            return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in rest]}
    return {"batchItemFailures": []}


def change_records(event: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """A subscriber's SQS batch as (message id, the hub change record it carries)."""
    for message in event.get("Records") or []:
        yield message["messageId"], json.loads(message["body"])


def _is_client_error(exc: Exception) -> bool:
    from botocore.exceptions import BotoCoreError, ClientError

    return isinstance(exc, (ClientError, BotoCoreError))
