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
    """The ``PublishBatch`` entry for one stream record. A record too large for a message (a 500-line
    invoice) drops its old image; if still too large, its new image keeps only its scalar attributes (its
    keys, type and states: what filter policies read), and subscribers read the document itself."""
    change = {k: v for k, v in record.items() if k != "eventSourceARN"}
    body = json.dumps(change, separators=(",", ":"))
    if len(body.encode()) > SNS_MESSAGE_LIMIT:  # the old image is the part a subscriber can do without
        dynamodb = {k: v for k, v in change["dynamodb"].items() if k != "OldImage"}
        change = {**change, "dynamodb": dynamodb, "old_image_omitted": True}
        body = json.dumps(change, separators=(",", ":"))
    if len(body.encode()) > SNS_MESSAGE_LIMIT:
        image = change["dynamodb"].get("NewImage") or {}
        slim = {
            name: value for name, value in image.items() if set(value) & {"S", "N", "BOOL"} and len(str(value)) < 1024
        }
        change = {**change, "dynamodb": {**change["dynamodb"], "NewImage": slim}, "new_image_trimmed": True}
        body = json.dumps(change, separators=(",", ":"))
    return {
        "Id": record["dynamodb"]["SequenceNumber"],
        "Message": body,
        "MessageGroupId": record["dynamodb"]["Keys"]["PK"]["S"],
        "MessageDeduplicationId": record["eventID"],
    }


def fan_out(records: list[dict[str, Any]], sns: Any) -> dict[str, Any]:
    """Publish a stream batch in order; report the first record not published and every one after it,
    so the stream delivers them again (a stream is ordered: nothing may pass a failed record)."""
    start = 0
    for chunk in _batches(records):
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
        start += len(chunk)
    return {"batchItemFailures": []}


def _batches(records: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The records in order, in batches SNS takes: ten entries at most, their messages 256 KB in all."""
    chunk: list[dict[str, Any]] = []
    size = 0
    for record in records:
        length = len(entry(record)["Message"].encode())
        if chunk and (len(chunk) == PUBLISH_BATCH or size + length > SNS_MESSAGE_LIMIT):
            yield chunk
            chunk, size = [], 0
        chunk.append(record)
        size += length
    if chunk:
        yield chunk


def change_records(event: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """A subscriber's SQS batch as (message id, the hub change record it carries)."""
    for message in event.get("Records") or []:
        yield message["messageId"], json.loads(message["body"])


def _is_client_error(exc: Exception) -> bool:
    from botocore.exceptions import BotoCoreError, ClientError

    return isinstance(exc, (ClientError, BotoCoreError))
