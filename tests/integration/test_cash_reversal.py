"""Issue 11, point 7: a posted receipt or payment is no dead end. It is reversed (with a reason, into an
open period: the mirror of its entries posts through the hub's events, linked both ways, once) and
printed as an Official Receipt or a Payment Voucher in English, Chinese and Malay."""

from __future__ import annotations

import base64
import io
import threading
from decimal import Decimal
from typing import Any

import pytest

from tests.integration.test_posting import (
    balances,
    cash_book,
    cash_document,
    cash_line,
    get,
    movements,
    poster,
)
from tests.support.events import Identity, LambdaContext, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader, deliver, pending_documents

COMPANY = {
    "legal_name": "Kedai Runcit Ah Seng Sdn Bhd",
    "brn": "201901000005",
    "tin": "C2584563200",
    "sst_number": "W10-1808-32000001",
    "address": {"line1": "12 Jalan Ampang", "city": "Kuala Lumpur", "postcode": "50450", "state": "14"},
}


@pytest.fixture(scope="module")
def tenant(hub: StreamReader) -> Identity:
    return with_profile(seed_tenant("tnt_CASHDOCS"), COMPANY)


def with_profile(who: Identity, profile: dict[str, Any]) -> Identity:
    """The company's profile as the control plane copies it into the hub (ledgerlet.company)."""
    from ledgerlet.company import profile_item
    from ledgerlet.hub.aws import dynamodb
    from ledgerlet.settings import settings

    item = profile_item(who.tenant_id, {**profile, "base_currency": "MYR"}, "2026-01-01T00:00:00.000Z")
    dynamodb().put_item(TableName=settings().hub_table, Item=item)
    return who


def reverse(
    who: Identity, applet: str, doc_id: str, body: dict[str, Any], key: str | None = None
) -> tuple[int, dict[str, Any]]:
    event = api_event(
        "POST",
        f"/v1/{applet}/{doc_id}/reverse",
        who,
        resource=f"/v1/{applet}/{{id}}/reverse",
        path_params={"id": doc_id},
        body=body,
        headers={"Idempotency-Key": key} if key else None,
    )
    return invoke(load_handler(f"{applet}/reverse.py"), event)


def pdf(who: Identity, applet: str, doc_id: str, language: str | None) -> dict[str, Any]:
    event = api_event(
        "GET",
        f"/v1/{applet}/{doc_id}/pdf",
        who,
        resource=f"/v1/{applet}/{{id}}/pdf",
        path_params={"id": doc_id},
        query={"language": language} if language else None,
    )
    context = LambdaContext(aws_request_id=event["requestContext"]["requestId"])
    answer: dict[str, Any] = load_handler(f"{applet}/pdf.py")(event, context)
    return answer


def pdf_text(answer: dict[str, Any]) -> str:
    from pypdf import PdfReader

    assert answer["statusCode"] == 200, answer.get("body")
    assert answer["multiValueHeaders"]["Content-Type"] == ["application/pdf"]
    assert answer["isBase64Encoded"] is True
    content = base64.b64decode(answer["body"])
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def sr5_receipt(who: Identity, book: dict[str, Any], day: str, amount: str = "1020.00") -> dict[str, Any]:
    lines = [{**cash_line(who, "4100", amount, "SR5"), "memo": "Goods"}]
    fields = {"party": "Kedai Runcit Mei Ling", "reference": "CHQ 100234", "memo": "April goods"}
    return cash_document(who, "receipts", book, day, lines, **fields)


def post_pending(hub: StreamReader) -> None:
    assert deliver(poster(), pending_documents(hub.read())) == {"batchItemFailures": []}


@pytest.fixture(scope="module")
def book(tenant: Identity) -> dict[str, Any]:
    return cash_book(tenant, "MBB", "Maybank current", "1030")


def test_a_reversed_receipt_posts_the_mirror_and_the_accounts_net_to_nothing(
    hub: StreamReader, tenant: Identity, book: dict[str, Any]
) -> None:
    """By hand: SR5 is 5%, so 1,020.00 before tax carries 1,020.00 x 5 / 100 = 51.00 of tax and
    1,020.00 + 51.00 = 1,071.00 reaches the bank: Dr 1030 1,071.00, Cr 4100 1,020.00, Cr 2200 51.00.
    The reversal posts Cr 1030 1,071.00, Dr 4100 1,020.00, Dr 2200 51.00, so each account moves
    1,071.00 - 1,071.00 = 1,020.00 - 1,020.00 = 51.00 - 51.00 = 0 net."""
    from ledgerlet.ledger.store import LedgerStore

    hub.read()
    before = balances(tenant)
    receipt = sr5_receipt(tenant, book, "2026-04-02")
    # Not posted yet: nothing to reverse
    status, refused = reverse(tenant, "receipts", receipt["id"], {"reason": "Cheque bounced", "date": "2026-04-30"})
    assert status == 409 and "has not posted yet" in refused["detail"], refused
    post_pending(hub)
    posted = get(tenant, "receipts", receipt["id"])
    assert posted["posting_state"] == "posted"
    moved = movements(before, balances(tenant))
    assert moved("1030") == (Decimal("1071.00"), Decimal(0))
    assert moved("4100") == (Decimal(0), Decimal("1020.00"))
    assert moved("2200") == (Decimal(0), Decimal("51.00"))

    status, reversal = reverse(tenant, "receipts", receipt["id"], {"reason": "Cheque bounced", "date": "2026-04-30"})
    assert status == 201, reversal
    prefix, number = receipt["code"].rsplit("-", 1)  # numbered from the receipts' own series, next after it
    assert reversal["code"] == f"{prefix}-{int(number) + 1:06d}" and reversal["posting_state"] == "pending"
    assert (reversal["reverses"], reversal["reversal_reason"], reversal["date"]) == (
        receipt["id"],
        "Cheque bounced",
        "2026-04-30",
    )
    assert (reversal["total"], reversal["reference"]) == ("1071.00", receipt["code"])
    original = get(tenant, "receipts", receipt["id"])
    assert (original["reversed_by"], original["reversed_on"], original["reversal_reason"]) == (
        reversal["id"],
        "2026-04-30",
        "Cheque bounced",
    )
    post_pending(hub)
    reversed_doc = get(tenant, "receipts", reversal["id"])
    assert reversed_doc["posting_state"] == "posted" and len(reversed_doc["entry_ids"]) == 1
    moved = movements(before, balances(tenant))
    assert moved("1030") == (Decimal("1071.00"), Decimal("1071.00"))
    assert moved("4100") == (Decimal("1020.00"), Decimal("1020.00"))
    assert moved("2200") == (Decimal("51.00"), Decimal("51.00"))
    # The mirror: the original's lines negated, dated and sourced as the reversal, naming what it reverses
    ledger = LedgerStore(tenant.tenant_id)
    first = ledger.entry(posted["entry_ids"][0])
    mirror = ledger.entry(reversed_doc["entry_ids"][0])
    assert first is not None and mirror is not None
    assert (mirror["date"], mirror["source_id"], mirror["reverses"]) == (
        "2026-04-30",
        reversal["id"],
        posted["entry_ids"][0],
    )
    assert [(li["account_id"], Decimal(li["amount"])) for li in mirror["lines"]] == [
        (li["account_id"], -Decimal(li["amount"])) for li in first["lines"]
    ]
    # Twice: 409; a reversal is not reversed in turn (copy the original to enter it again)
    status, again = reverse(tenant, "receipts", receipt["id"], {"reason": "Again"})
    assert status == 409 and "already reversed" in again["detail"], again
    status, back = reverse(tenant, "receipts", reversal["id"], {"reason": "Undo the undo"})
    assert status == 409 and "itself a reversal" in back["detail"], back


def test_a_reversal_goes_into_an_open_period_on_or_after_the_document(
    hub: StreamReader, tenant: Identity, book: dict[str, Any]
) -> None:
    from ledgerlet.ledger.store import LedgerStore

    hub.read()
    receipt = sr5_receipt(tenant, book, "2026-05-04", "100.00")
    post_pending(hub)
    ledger = LedgerStore(tenant.tenant_id)
    ledger.save_settings({"module_locks": {"cash": "2026-05-31"}}, ledger.settings()["version"], "test")
    try:
        status, refused = reverse(tenant, "receipts", receipt["id"], {"reason": "Wrong customer", "date": "2026-05-20"})
        assert status == 422 and [e["field"] for e in refused["errors"]] == ["body.date"], refused
        assert "locked" in refused["detail"]
    finally:
        ledger.save_settings({"module_locks": {}}, ledger.settings()["version"], "test")
    status, early = reverse(tenant, "receipts", receipt["id"], {"reason": "Wrong customer", "date": "2026-05-03"})
    assert status == 422 and [(e["field"], e["code"]) for e in early["errors"]] == [("body.date", "reversal.before")]
    assert early["errors"][0]["params"] == {"date": "2026-05-04"}
    status, blank = reverse(tenant, "receipts", receipt["id"], {"reason": "", "date": "2026-05-20"})
    assert status == 422 and [e["field"] for e in blank["errors"]] == ["body.reason"], blank
    status, missing = reverse(tenant, "receipts", "rcp_" + "0" * 26, {"reason": "Nothing"})
    assert status == 404, missing
    # No date: today in the company's time zone, or the document's own date when that is later
    from ledgerlet.ledger.contract import company_today

    status, reversal = reverse(tenant, "receipts", receipt["id"], {"reason": "Wrong customer"})
    assert status == 201, reversal
    assert reversal["date"] == max(company_today(tenant.tenant_id).isoformat(), "2026-05-04")
    post_pending(hub)


def test_a_retried_reversal_answers_the_first_one(hub: StreamReader, tenant: Identity, book: dict[str, Any]) -> None:
    from ledgerlet.hub.documents import DocumentStore, ListQuery

    hub.read()
    receipt = sr5_receipt(tenant, book, "2026-06-01", "200.00")
    post_pending(hub)
    body = {"reason": "Duplicate receipt", "date": "2026-06-02"}
    first = reverse(tenant, "receipts", receipt["id"], body, key="reverse-once")
    second = reverse(tenant, "receipts", receipt["id"], body, key="reverse-once")
    assert first[0] == second[0] == 201 and first[1]["id"] == second[1]["id"], (first, second)
    page = DocumentStore(tenant.tenant_id).list_documents("RECEIPT", ListQuery(limit=200, status="all"))
    assert [doc["id"] for doc in page.items if doc.get("reverses") == receipt["id"]] == [first[1]["id"]]
    post_pending(hub)


def test_a_payment_reverses_too(hub: StreamReader, tenant: Identity, book: dict[str, Any]) -> None:
    """By hand: 500.00 of legal fees (6145) with SV8 (8%, no input credit) costs 500.00 x 8 / 100 = 40.00
    of tax on top, so Dr 6145 540.00, Cr 1030 540.00; the reversal moves both back by 540.00."""
    hub.read()
    before = balances(tenant)
    lines = [cash_line(tenant, "6145", "500.00", "SV8")]
    payment = cash_document(tenant, "payments", book, "2026-06-03", lines, party="Tetuan Lim & Partners")
    post_pending(hub)
    moved = movements(before, balances(tenant))
    assert moved("6145") == (Decimal("540.00"), Decimal(0)) and moved("1030") == (Decimal(0), Decimal("540.00"))
    status, reversal = reverse(tenant, "payments", payment["id"], {"reason": "Paid twice", "date": "2026-06-04"})
    assert (
        status == 201
        and reversal["code"].startswith(payment["code"].rsplit("-", 1)[0])
        and reversal["reverses"] == payment["id"]
    )
    post_pending(hub)
    moved = movements(before, balances(tenant))
    assert moved("6145") == (Decimal("540.00"), Decimal("540.00"))
    assert moved("1030") == (Decimal("540.00"), Decimal("540.00"))
    text = pdf_text(pdf(tenant, "payments", payment["id"], "en"))
    assert "Payment Voucher" in text and "Tetuan Lim & Partners" in text
    assert "Ringgit Malaysia Five Hundred and Forty Only" in text  # 540.00
    assert f"REVERSED on 2026-06-04 by {reversal['code']}: Paid twice" in text


def test_two_companies_reversing_at_once_each_get_their_own_answer(hub: StreamReader) -> None:
    companies = [seed_tenant("tnt_CASHA"), seed_tenant("tnt_CASHB")]
    books = {who.tenant_id: cash_book(who, "CASH", "Petty cash", "1010", kind="cash") for who in companies}
    hub.read()
    receipts = {who.tenant_id: sr5_receipt(who, books[who.tenant_id], "2026-06-05", "10.00") for who in companies}
    post_pending(hub)
    answers: dict[str, tuple[int, dict[str, Any]]] = {}
    start = threading.Barrier(len(companies))

    def run(who: Identity) -> None:
        start.wait()
        answers[who.tenant_id] = reverse(
            who, "receipts", receipts[who.tenant_id]["id"], {"reason": f"Void {who.tenant_id}"}, key="same-key"
        )

    threads = [threading.Thread(target=run, args=(who,)) for who in companies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for who in companies:
        status, reversal = answers[who.tenant_id]
        assert status == 201, reversal
        assert reversal["reverses"] == receipts[who.tenant_id]["id"]
        assert reversal["reversal_reason"] == f"Void {who.tenant_id}"
        assert get(who, "receipts", receipts[who.tenant_id]["id"])["reversed_by"] == reversal["id"]
    post_pending(hub)


# The printed receipt: 1,071.00 in words (one thousand, no hundreds, seven tens, one) in each language.
PRINTED = {
    "en": ("Official Receipt", "Ringgit Malaysia One Thousand and Seventy-One Only", "Received from"),
    "zh-CN": ("正式收据", "马币壹仟零柒拾壹元整", "收款自"),
    "ms": ("Resit Rasmi", "Ringgit Malaysia Seribu Tujuh Puluh Satu Sahaja", "Diterima daripada"),
}


@pytest.mark.parametrize("language", ["en", "zh-CN", "ms"])
def test_a_receipt_prints_as_an_official_receipt(
    hub: StreamReader, tenant: Identity, book: dict[str, Any], language: str
) -> None:
    hub.read()
    receipt = sr5_receipt(tenant, book, "2026-07-01")
    post_pending(hub)
    title, words, party_label = PRINTED[language]
    text = pdf_text(pdf(tenant, "receipts", receipt["id"], language))
    flat = text.replace("\n", " ")
    for expected in (title, words, COMPANY["legal_name"], receipt["code"], "1,071.00", "1,020.00", "51.00"):
        assert expected in flat, (expected, text)
    for expected in (
        "201901000005",
        "W10-1808-32000001",
        "12 Jalan Ampang",
        "50450 Kuala Lumpur",
        "Kedai Runcit Mei Ling",
    ):
        assert expected in flat, (expected, text)
    assert party_label in flat and "CHQ 100234" in flat and "4100" in flat and "SR5" in flat


def test_a_receipt_prints_in_english_by_default_and_refuses_other_languages(
    hub: StreamReader, tenant: Identity, book: dict[str, Any]
) -> None:
    hub.read()
    receipt = sr5_receipt(tenant, book, "2026-07-02", "10.00")
    assert "Official Receipt" in pdf_text(pdf(tenant, "receipts", receipt["id"], None))
    refused = pdf(tenant, "receipts", receipt["id"], "fr")
    assert refused["statusCode"] == 422 and '"query.language"' in refused["body"], refused
    assert pdf(tenant, "receipts", "rcp_" + "0" * 26, "en")["statusCode"] == 404
    assert pdf(tenant, "payments", receipt["id"], "en")["statusCode"] == 404  # a receipt is no payment
    post_pending(hub)
