"""The sweep: no document stays pending for ever.

A document posts from the hub's events; if its events were lost, or its batch was given up (the
stream's failure queue, the ledger queue's dead-letter queue) it would stay ``pending``. Every few
minutes the sweep sends each active tenant to its queue (``ledgerlet.hub.work``), and for each tenant
posts every document of a type that posts which has been pending longer than ``STUCK_AFTER``, or
fails it with a posting exception, exactly as the consumer would. It reads the documents themselves,
so it does not depend on the stream's 24-hour retention; posting's exactly-once markers make it safe
to run beside the consumer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

QUEUE_VARIABLE = "LEDGER_SWEEP_QUEUE_URL"
STUCK_AFTER = timedelta(minutes=5)


def schedule_every_tenant() -> dict[str, Any]:
    from ledgerlet.hub.work import send_per_tenant
    from ledgerlet.platform.contract import active_tenant_ids

    now = datetime.now(UTC).isoformat()  # one instant for every tenant's sweep, however late it runs
    return {"tenants": send_per_tenant(QUEUE_VARIABLE, active_tenant_ids(), as_of=now)}


def stuck_documents(tenant_id: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """The tenant's documents pending since before ``now - STUCK_AFTER``, of every type that posts."""
    from ledgerlet.hub.documents import DocumentStore, ListQuery
    from ledgerlet.ledger.rules import RULES

    cutoff = ((now or datetime.now(UTC)) - STUCK_AFTER).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    documents = DocumentStore(tenant_id)
    stuck: list[dict[str, Any]] = []
    for doc_type in sorted(RULES):
        cursor: str | None = None
        while True:
            query = ListQuery(limit=100, cursor=cursor, status="all", equals={"posting_state": "pending"})
            page = documents.list_documents(doc_type, query)
            stuck += [{**doc, "entity": doc_type} for doc in page.items if str(doc.get("updated_at", "")) < cutoff]
            cursor = page.next_cursor
            if not cursor:
                break
    return stuck


def sweep_tenant(tenant_id: str, now: datetime | None = None) -> dict[str, int]:
    """Post (or fail, with a posting exception) the tenant's stuck documents; what became of them."""
    from ledgerlet.ledger.posting import BatchReads, current, post_ready, prepare

    ready, failed, reads = [], 0, BatchReads()
    for found in stuck_documents(tenant_id, now):
        document = current(tenant_id, found)  # still pending now (the consumer may have got there first)
        if document is None:
            continue
        prepared = prepare(tenant_id, {**document, "entity": found["entity"]}, reads)
        if prepared is None:
            failed += 1
        else:
            ready.append(prepared)
    post_ready(ready)
    return {"posted": len(ready), "failed": failed}
