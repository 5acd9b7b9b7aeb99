"""The ledger's subscription to the hub's events: every pending document in a batch posts, or is
reported back.

Its queue receives the hub changes whose new image is a pending document (the subscription's filter
policy; see :mod:`ledgerlet.hub.events`). Each record is checked on its own (Powertools' batch
processor reports the ones that raise as ``batchItemFailures``); then the entries of all the batch's
good documents are written together, so a busy account's balance takes one write per batch. If that
write fails the whole batch is retried, which posting's exactly-once markers make harmless.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from ledgerlet.hub.codec import from_item
from ledgerlet.ledger.posting import BatchReads, Ready, current, post_ready, posts, prepare

logger = Logger(service="ledgerlet")


def _ready(record: SQSRecord, collected: list[Ready], reads: BatchReads) -> None:
    change = json.loads(record.body)  # the hub change record the fan-out published
    image = (change.get("dynamodb") or {}).get("NewImage")
    if not image:
        return
    document = from_item(image)
    if not posts(document):
        return
    tenant_id = str(document["PK"]).split("#", 1)[0]
    now = current(tenant_id, document)
    if now is None:
        logger.info("document no longer pending", extra={"tenant_id": tenant_id, "document_id": document["id"]})
        return
    ready = prepare(tenant_id, {**now, "entity": document["entity"]}, reads)
    logger.info(
        "document checked",
        extra={"tenant_id": tenant_id, "document_id": document["id"], "posts": ready is not None},
    )
    if ready is not None:
        collected.append(ready)


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    collected: list[Ready] = []
    reads = BatchReads()  # what the batch's documents of one company read once
    processor = BatchProcessor(event_type=EventType.SQS)  # holds this batch's outcomes: one per batch
    answer = process_partial_response(
        event=event,
        record_handler=lambda record: _ready(record, collected, reads),
        processor=processor,
        context=context,
    )
    post_ready(collected)
    logger.info("batch posted", extra={"documents": len(collected)})
    return dict(answer)
