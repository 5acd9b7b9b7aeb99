"""The hub stream's ledger consumer: every pending document in a batch posts, or is reported back.

Powertools' batch processor reports the records that raised as ``batchItemFailures``, so the event
source retries only those (and, for a stream, what follows them), never the records already posted.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from ledgerlet.hub.codec import from_item
from ledgerlet.ledger.posting import post_document, posts

logger = Logger(service="ledgerlet")
processor = BatchProcessor(event_type=EventType.DynamoDBStreams)


def post_record(record: DynamoDBRecord) -> None:
    image = (record.raw_event.get("dynamodb") or {}).get("NewImage")
    if not image:
        return
    document = from_item(image)
    if not posts(document):
        return
    tenant_id = str(document["PK"]).split("#", 1)[0]
    logger.append_keys(tenant_id=tenant_id, document_id=document.get("id"))
    state = post_document(tenant_id, document)
    logger.info("document posting", extra={"document_type": document["entity"], "state": state})


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(process_partial_response(event=event, record_handler=post_record, processor=processor, context=context))
