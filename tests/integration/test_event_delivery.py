"""The hub's events through the product's template in the local runtime: a document written over HTTP
reaches the ledger through the fan-out and posts once, while a poison record, delivered again alone,
ends in the ledger's dead-letter queue without holding anything else up."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from tests.support.product import Client, local_product, sign_up, tenant_of

pytestmark = pytest.mark.xdist_group("localcloud-product")

RETRY_SECONDS = 2  # the ledger queue's visibility timeout here (720 s by default); above its 1 s batching window
MAX_RECEIVES = 5  # LedgerPostingQueue's redrive policy


@pytest.fixture(scope="module")
def cloud() -> Iterator[Any]:
    with local_product(PostingRetrySeconds=str(RETRY_SECONDS)) as running:
        yield running


def _journal(company: Client, memo: str, amount: str) -> dict[str, Any]:
    accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts") if a["code"] in ("1030", "3100")}
    answer = company.post(
        "/v1/journals",
        {
            "date": "2026-03-02",
            "memo": memo,
            "lines": [
                {"account_id": accounts["1030"], "debit": amount},
                {"account_id": accounts["3100"], "credit": amount},
            ],
        },
    )
    assert answer.status == 201, answer.body
    return dict(answer.body)


def _dead_letter_count(cloud: Any) -> int:
    attributes = boto3.client("sqs").get_queue_attributes(
        QueueUrl=cloud.stack.find_stack("LedgerPostingDeadLetterQueue").physical_ids["LedgerPostingDeadLetterQueue"],
        AttributeNames=["ApproximateNumberOfMessages"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"])


def _dead_letters(cloud: Any) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs")
    got = sqs.receive_message(
        QueueUrl=cloud.stack.find_stack("LedgerPostingDeadLetterQueue").physical_ids["LedgerPostingDeadLetterQueue"],
        MaxNumberOfMessages=10,
        AttributeNames=["All"],
    )
    return got.get("Messages", [])


def test_a_document_reaches_the_ledger_and_a_poison_record_ends_in_its_dead_letter_queue(cloud: Any) -> None:
    company = sign_up(cloud.url, "Acara Hub")
    tenant = tenant_of(company)
    # Given a pending journal that no rule can read (a buggy writer left it without lines) ...
    poison_pk = f"{tenant}#JOURNAL#jnl_poison"
    boto3.client("dynamodb").put_item(
        TableName=cloud.stack.table_name("HubTable"),
        Item={
            "PK": {"S": poison_pk},
            "SK": {"S": "DOC"},
            "entity": {"S": "JOURNAL"},
            "id": {"S": "jnl_poison"},
            "posting_state": {"S": "pending"},
        },
    )
    # ... and, right after it, two good journals written over HTTP
    first, second = _journal(company, "capital", "1000.00"), _journal(company, "more capital", "250.00")

    # When the events have been delivered (the poison 5 times, two seconds apart)
    deadline = time.monotonic() + 60
    while not _dead_letter_count(cloud) and time.monotonic() < deadline:
        time.sleep(0.5)
    cloud.drain(timeout=30)

    # Then the good journals posted, once each: 1000.00 + 250.00 = 1250.00 in the bank
    for journal in (first, second):
        posted = company.get(f"/v1/journals/{journal['id']}").body
        assert posted["posting_state"] == "posted" and len(posted["entry_ids"]) == 1, posted
    tb = company.get("/v1/ledger/trial-balance?from=2026-03-01&to=2026-03-31").body
    bank = next(line for line in tb["lines"] if line["code"] == "1030")
    assert bank["debit"] == "1250.00", bank
    # And the poison record is in the ledger's dead-letter queue, delivered the most times allowed
    letters = _dead_letters(cloud)
    assert [json.loads(m["Body"])["dynamodb"]["Keys"]["PK"]["S"] for m in letters] == [poison_pk]
    assert int(letters[0]["Attributes"]["ApproximateReceiveCount"]) >= MAX_RECEIVES
    # while the ledger reported only the poison as failed: the good journals went to it once each
    delivered: dict[str, int] = {}
    for count, body in cloud.queues.deliveries("LedgerPostingFunction.LedgerPosting"):
        pk = json.loads(body)["dynamodb"]["Keys"]["PK"]["S"]
        delivered[pk] = delivered.get(pk, 0) + count
    assert delivered[f"{tenant}#JOURNAL#{first['id']}"] == 1
    assert delivered[f"{tenant}#JOURNAL#{second['id']}"] == 1
    assert delivered[poison_pk] == MAX_RECEIVES
