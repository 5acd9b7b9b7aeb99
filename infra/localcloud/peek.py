"""A look at the in-process moto's state before an idle poller asks it over HTTP.

The stream and queue pollers ask every 50 to 500 ms whether there is anything new, like Lambda's event
source mappings; most of those requests find nothing. Each cost a botocore request on the poller's
side and a full moto dispatch on the server's, in the process that also serves every function's
DynamoDB requests: under load they were a fifth of its requests. moto runs in this process, so a
poller first looks at moto's own structures, read without a request, and asks over HTTP only when
there is something to receive.

A look never decides what is delivered, only whether asking is worth it: anything it cannot read
answers "ask", and the answer comes from moto's API as before.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("localcloud.peek")


def queue_may_have_messages(queue_arn: str) -> bool:
    """False only when the queue has no message a receive could hand out now (visible, not delayed)."""
    try:
        from moto.sqs.models import sqs_backends

        _, _, _, region, account, name = queue_arn.split(":", 5)
        queue = sqs_backends[account][region].queues[name]
        return any(message.visible and not message.delayed for message in list(queue._messages))
    except Exception:
        log.debug("cannot look at %s", queue_arn, exc_info=True)
        return True


def stream_may_have_records(account_id: str, region: str, iterator: str) -> bool:
    """False only when the shard holds no record at or after the iterator's position."""
    try:
        from moto.dynamodbstreams.models import dynamodbstreams_backends

        found: Any = dynamodbstreams_backends[account_id][region].shard_iterators[iterator]
        shard = found.stream_shard
        return bool(found.sequence_number - shard.starting_sequence_number < len(shard.items))
    except Exception:
        log.debug("cannot look at a shard iterator", exc_info=True)
        return True
