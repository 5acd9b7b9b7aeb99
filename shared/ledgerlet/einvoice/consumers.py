"""The e-invoice functions nobody calls: queueing issued documents from the hub's events, and the scheduled
run, fanned out one message per company (:mod:`ledgerlet.hub.work`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

logger = Logger(child=True)
QUEUE_VARIABLE = "EINVOICE_RUN_QUEUE_URL"


def _queue_one(record: SQSRecord) -> None:
    from ledgerlet.einvoice.submission import enqueue
    from ledgerlet.hub.codec import from_item

    change = json.loads(record.body)  # the hub change record the fan-out published
    image = (change.get("dynamodb") or {}).get("NewImage")
    if not image:
        return
    document = from_item(image)
    tenant_id = str(document["PK"]).split("#", 1)[0]
    state = enqueue(tenant_id, str(document.get("entity")), document, datetime.now(UTC))
    if state:
        logger.info("e-invoice queued", extra={"tenant_id": tenant_id, "document_id": document["id"], "state": state})


def queue_issued(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(process_partial_response(event=event, record_handler=_queue_one, processor=processor, context=context))


def schedule_every_tenant() -> dict[str, Any]:
    from ledgerlet.hub.work import send_per_tenant
    from ledgerlet.platform.contract import active_tenant_ids

    now = datetime.now(UTC).isoformat()
    return {"tenants": send_per_tenant(QUEUE_VARIABLE, active_tenant_ids(), as_of=now)}


def run_tenants(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from ledgerlet.einvoice.submission import run_tenant
    from ledgerlet.hub.work import for_each_tenant

    def one(tenant_id: str, message: dict[str, Any]) -> None:
        counts = run_tenant(tenant_id, datetime.now(UTC), force=bool(message.get("force")))
        logger.info("e-invoice run", extra={"tenant_id": tenant_id, **counts})

    return for_each_tenant(event, context, one)
