"""Scheduled work fanned out per tenant: a schedule has no caller and so no tenant. Its function lists
the active tenants (``ledgerlet.platform.contract``) and sends one message per tenant to a work queue;
the queue's consumer does each tenant's work with that tenant's scoped credentials, in parallel, one
message (tenant) at a time failing and retrying on its own (partial-batch failures, then the queue's
dead-letter queue), so no tenant waits on another and no run is one long loop."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from typing import Any


def send_per_tenant(queue_url_variable: str, tenant_ids: Iterable[str], **details: Any) -> int:
    """One message per tenant (``{"tenant_id": ..., **details}``) to the queue named by the variable."""
    from ledgerlet.hub.aws import client

    url = os.environ[queue_url_variable]
    sqs = client("sqs")
    batch: list[dict[str, str]] = []
    sent = 0
    for tenant_id in tenant_ids:
        batch.append({"Id": str(len(batch)), "MessageBody": json.dumps({"tenant_id": tenant_id, **details})})
        if len(batch) == 10:
            sent += _send(sqs, url, batch)
            batch = []
    if batch:
        sent += _send(sqs, url, batch)
    return sent


def _send(sqs: Any, url: str, batch: list[dict[str, str]]) -> int:
    answer = sqs.send_message_batch(QueueUrl=url, Entries=batch)
    if answer.get("Failed"):
        raise RuntimeError(f"the work queue refused {len(answer['Failed'])} message(s)")
    return len(batch)


def for_each_tenant(
    event: dict[str, Any], context: Any, work: Callable[[str, dict[str, Any]], object]
) -> dict[str, Any]:
    """Run ``work(tenant_id, message)`` for each message of an SQS batch; the failed ones are
    reported back alone (``batchItemFailures``)."""
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    def one(record: Any) -> None:
        message = json.loads(record.body)
        work(str(message["tenant_id"]), message)

    processor = BatchProcessor(event_type=EventType.SQS)  # one per batch: it holds the batch's outcomes
    return dict(process_partial_response(event=event, record_handler=one, processor=processor, context=context))
