"""Documents post through the hub's stream: once, balanced, respecting lock dates, whatever the delivery."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest

from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader, deliver, pending_documents


@pytest.fixture(scope="module")
def tenant(hub: StreamReader) -> Identity:
    return seed_tenant("tnt_P")


def poster() -> Any:
    return load_handler("ledger/post_documents.py")


def account(who: Identity, code: str) -> str:
    from ledgerlet.hub.documents import DocumentStore

    found = DocumentStore(who.tenant_id).find_by_code("ACCOUNT", code)
    assert found, code
    return str(found["id"])


def create(who: Identity, applet: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    folder = applet.replace("-", "_")
    return invoke(load_handler(f"{folder}/create.py"), api_event("POST", f"/v1/{applet}", who, body=body))


def tax_code(who: Identity, code: str) -> dict[str, Any]:
    from ledgerlet.hub.documents import DocumentStore

    found = DocumentStore(who.tenant_id).find_by_code("TAXCODE", code)
    assert found, code
    return found


def cash_line(who: Identity, account_code: str, amount: str, tax: str | None = None) -> dict[str, Any]:
    """One line of a receipt or payment: an account by code, an amount, and a tax code by code."""
    line = {"account_id": account(who, account_code), "amount": amount}
    return {**line, "tax_code_id": tax_code(who, tax)["id"]} if tax else line


def cash_document(
    who: Identity, applet: str, book: dict[str, Any], day: str, lines: list[dict[str, Any]], **fields: Any
) -> dict[str, Any]:
    """A receipt or payment from the cash book, created (201) and not yet posted."""
    status, document = create(who, applet, {"cash_book_id": book["id"], "date": day, "lines": lines, **fields})
    assert status == 201, document
    return document


def get(who: Identity, applet: str, doc_id: str) -> dict[str, Any]:
    event = api_event("GET", f"/v1/{applet}/{doc_id}", who, resource=f"/v1/{applet}/{{id}}", path_params={"id": doc_id})
    status, body = invoke(load_handler(f"{applet.replace('-', '_')}/get.py"), event)
    assert status == 200, body
    return body


def balances(who: Identity) -> dict[str, tuple[Decimal, Decimal]]:
    """MYR (debit, credit) per account code, over every month posted (zero for an account never posted,
    whichever tests of this module ran before)."""
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.ledger.store import LedgerStore

    documents = DocumentStore(who.tenant_id)
    totals: defaultdict[str, tuple[Decimal, Decimal]] = defaultdict(lambda: (Decimal(0), Decimal(0)))
    for item in LedgerStore(who.tenant_id).balances([f"2026-{m:02d}" for m in range(1, 13)]):
        code = documents.get("ACCOUNT", item.account_id)["code"]  # type: ignore[index]
        debit, credit = totals[code]
        totals[code] = (debit + item.base_debit, credit + item.base_credit)
    return totals


def cash_book(who: Identity, code: str, name: str, account_code: str, kind: str = "bank") -> dict[str, Any]:
    """A new cash book posting to ``account_code``."""
    status, book = create(
        who, "cash-books", {"code": code, "name": name, "kind": kind, "account_id": account(who, account_code)}
    )
    assert status == 201, book
    return book


def movements(before: dict[str, tuple[Decimal, Decimal]], after: dict[str, tuple[Decimal, Decimal]]) -> Any:
    """(debit, credit) an account moved between two ``balances`` readings: one test's postings, whatever
    the tests before it (sharing the company) posted."""

    def moved(code: str) -> tuple[Decimal, Decimal]:
        return after[code][0] - before[code][0], after[code][1] - before[code][1]

    return moved


def journal(who: Identity, day: str, debit_code: str, credit_code: str, amount: str, **extra: Any) -> dict[str, Any]:
    return {
        "date": day,
        "memo": f"{debit_code} from {credit_code}",
        "lines": [
            {"account_id": account(who, debit_code), "debit": amount},
            {"account_id": account(who, credit_code), "credit": amount},
        ],
        **extra,
    }


def test_a_manual_journal_posts_once_however_often_it_is_delivered(hub: StreamReader, tenant: Identity) -> None:
    hub.read()  # skip the seeding
    status, created = create(tenant, "journals", journal(tenant, "2026-03-31", "6110", "1030", "4500.00"))
    assert status == 201 and created["posting_state"] == "pending" and created["code"] == "JV-000001"
    records = pending_documents(hub.read())
    assert len(records) == 1
    for _ in range(3):  # at-least-once delivery: the same record again and again
        assert deliver(poster(), records) == {"batchItemFailures": []}
    assert deliver(poster(), records * 3) == {"batchItemFailures": []}  # and three times in one batch
    posted = get(tenant, "journals", created["id"])
    assert posted["posting_state"] == "posted" and len(posted["entry_ids"]) == 1
    assert balances(tenant)["6110"] == (Decimal("4500.00"), Decimal(0))
    assert balances(tenant)["1030"] == (Decimal(0), Decimal("4500.00"))


def test_a_batch_reads_a_companys_lock_dates_and_system_accounts_once(
    hub: StreamReader, tenant: Identity, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three journals of one company in one batch: before, each read the ledger settings (for the lock
    dates) and looked up the rounding account (6530) by its code, three times over."""
    from ledgerlet.ledger.store import LedgerStore
    from ledgerlet.masterdata.contract import MasterData

    hub.read()
    created = []
    for amount in ("10.00", "20.00", "30.00"):
        status, body = create(tenant, "journals", journal(tenant, "2026-03-30", "6410", "1030", amount))
        assert status == 201, body
        created.append(body["id"])
    records = pending_documents(hub.read())
    assert len(records) == 3
    before = balances(tenant)

    reads: list[str] = []

    def counted(name: str, original: Any) -> Any:
        def read(self: Any, *args: Any) -> Any:
            reads.append(name)
            return original(self, *args)

        return read

    monkeypatch.setattr(LedgerStore, "settings", counted("settings", LedgerStore.settings))
    monkeypatch.setattr(MasterData, "account_by_code", counted("account by code", MasterData.account_by_code))
    assert deliver(poster(), records) == {"batchItemFailures": []}
    assert sorted(reads) == ["account by code", "settings"]  # once each, for the three of them

    assert all(get(tenant, "journals", doc_id)["posting_state"] == "posted" for doc_id in created)
    moved = movements(before, balances(tenant))
    assert moved("6410") == (Decimal("60.00"), Decimal(0))  # 10 + 20 + 30
    assert moved("1030") == (Decimal(0), Decimal("60.00"))


def test_a_journals_accounts_are_read_in_one_request_and_each_refusal_names_its_line(
    tenant: Identity, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, each line's account was a GetItem of its own. Now the lines' accounts come in one
    BatchGetItem, and the refusals are the same: the first line whose account does not exist, is a
    header (1000, Current Assets) or a control account (1100, Trade Receivables) is named."""
    from ledgerlet.hub.documents import DocumentStore

    batches: list[int] = []
    single: list[str] = []
    get_many, get = DocumentStore.get_many, DocumentStore.get

    def counted_many(self: Any, doc_type: str, doc_ids: Any) -> Any:
        ids = list(doc_ids)
        if doc_type == "ACCOUNT":
            batches.append(len(ids))
        return get_many(self, doc_type, ids)

    def counted_get(self: Any, doc_type: str, doc_id: str) -> Any:
        if doc_type == "ACCOUNT":
            single.append(doc_id)
        return get(self, doc_type, doc_id)

    lines = [
        {"account_id": account(tenant, "6410"), "debit": "5.00"},
        {"account_id": account(tenant, "6420"), "debit": "5.00"},
        {"account_id": account(tenant, "1030"), "credit": "10.00"},
    ]
    refusals = {
        "acc_01AAAAAAAAAAAAAAAAAAAAAAAA": "reference.missing",
        account(tenant, "1000"): "account.header",
        account(tenant, "1100"): "account.control",
    }
    monkeypatch.setattr(DocumentStore, "get_many", counted_many)
    monkeypatch.setattr(DocumentStore, "get", counted_get)
    status, created = create(tenant, "journals", {"date": "2026-03-29", "memo": "three lines", "lines": lines})
    assert status == 201, created
    assert batches == [3] and single == []  # one request for the three accounts, none on their own

    for wrong, code in refusals.items():
        body = {"date": "2026-03-29", "memo": code, "lines": [lines[0], {"account_id": wrong, "credit": "5.00"}]}
        status, answer = create(tenant, "journals", body)
        assert status == 422, answer
        assert [(e["field"], e["code"]) for e in answer["errors"]] == [("body.lines.1.account_id", code)], answer


def test_a_receipt_with_service_tax_posts_bank_income_and_tax(hub: StreamReader, tenant: Identity) -> None:
    hub.read()
    book = cash_book(tenant, "MBB", "Maybank current", "1030", kind="bank")
    before = balances(tenant)
    lines = [cash_line(tenant, "4200", "1000.00", "SV8")]
    receipt = cash_document(tenant, "receipts", book, "2026-04-02", lines, party="Kedai Runcit Ah Seng")
    deliver(poster(), pending_documents(hub.read()))
    assert get(tenant, "receipts", receipt["id"])["posting_state"] == "posted"
    moved = movements(before, balances(tenant))
    assert moved("4200") == (Decimal(0), Decimal("1000.00"))
    assert moved("2210") == (Decimal(0), Decimal("80.00"))  # 8% of 1,000.00, owed to customs
    assert moved("1030") == (Decimal("1080.00"), Decimal(0))


def test_amounts_that_include_tax_post_the_same_cash_as_amounts_before_tax(hub: StreamReader, tenant: Identity) -> None:
    """Issue 11, point 2: 1,020.00 before SR5 (5%) and 1,071.00 with it are the same receipt. By hand:
    5% of 1,020.00 = 51.00, so 1,020.00 + 51.00 = 1,071.00 reaches the bank either way; written with
    tax, 1,071.00 x 5/105 = 51.00 is the tax in it and 1,071.00 - 51.00 = 1,020.00 the income."""
    hub.read()
    book = cash_book(tenant, "PBB", "Public Bank current", "1030", kind="bank")
    status, customer = create(tenant, "customers", {"name": "Kedai Runcit Mei Ling"})
    assert status == 201, customer
    for amounts_are, written in (("exclusive", "1020.00"), ("inclusive", "1071.00")):
        before = balances(tenant)
        lines = [cash_line(tenant, "4100", written, "SR5")]
        fields = {"customer_id": customer["id"], "amounts_are": amounts_are}
        receipt = cash_document(tenant, "receipts", book, "2026-04-03", lines, **fields)
        assert (receipt["party"], receipt["customer_id"]) == ("Kedai Runcit Mei Ling", customer["id"])
        assert (receipt["amount"], receipt["tax_total"], receipt["total"]) == ("1020.00", "51.00", "1071.00")
        deliver(poster(), pending_documents(hub.read()))
        moved = movements(before, balances(tenant))
        assert moved("1030") == (Decimal("1071.00"), Decimal(0)), amounts_are
        assert moved("4100") == (Decimal(0), Decimal("1020.00")), amounts_are
        assert moved("2200") == (Decimal(0), Decimal("51.00")), amounts_are  # sales tax payable


def test_a_receipt_names_someone_and_only_a_customer_that_exists(hub: StreamReader, tenant: Identity) -> None:
    book = cash_book(tenant, "HLB", "Hong Leong current", "1030", kind="bank")
    line = [{"account_id": account(tenant, "4100"), "amount": "10.00"}]
    status, body = create(tenant, "receipts", {"cash_book_id": book["id"], "date": "2026-04-03", "lines": line})
    assert status == 422 and body["errors"][0]["code"] == "party.required", body
    unknown = "cus_" + "0" * 26
    status, body = create(
        tenant, "receipts", {"cash_book_id": book["id"], "date": "2026-04-03", "customer_id": unknown, "lines": line}
    )
    assert (status, body["errors"][0]["field"]) == (422, "body.customer_id"), body


def test_service_tax_paid_on_a_purchase_is_part_of_its_cost_unless_deductible(
    hub: StreamReader, tenant: Identity
) -> None:
    """Before, a payment with SV8 debited 2210 SST payable, as if tax paid were owed to customs."""
    hub.read()
    book = cash_book(tenant, "CIMB", "CIMB current", "1030", kind="bank")
    before = balances(tenant)
    lines = [cash_line(tenant, "6145", "500.00", "SV8")]
    payment = cash_document(tenant, "payments", book, "2026-04-03", lines, party="Syarikat Guaman")
    # A deductible code sends the tax paid to its own account instead
    status, deductible = create(
        tenant,
        "tax-codes",
        {
            "code": "SV8D",
            "name": "Service tax 8%, deductible",
            "tax_type": "02",
            "rate": "8",
            "deductible": True,
            "deduction_account_id": account(tenant, "1140"),
        },
    )
    assert status == 201, deductible
    lines = [cash_line(tenant, "6220", "200.00", "SV8D")]
    deducted = cash_document(tenant, "payments", book, "2026-04-04", lines, party="Syarikat Logistik")
    deliver(poster(), pending_documents(hub.read()))
    assert get(tenant, "payments", payment["id"])["posting_state"] == "posted"
    assert get(tenant, "payments", deducted["id"])["posting_state"] == "posted"
    moved = movements(before, balances(tenant))
    # 500.00 + 8% = 540.00, all of it the fee's cost; 200.00 + 16.00 deductible
    assert moved("6145") == (Decimal("540.00"), Decimal(0))
    assert moved("6220") == (Decimal("200.00"), Decimal(0))
    assert moved("1140") == (Decimal("16.00"), Decimal(0))
    assert moved("2210") == (Decimal(0), Decimal(0))
    assert moved("1030") == (Decimal(0), Decimal("756.00"))  # 540.00 + 216.00 paid out


def test_a_deductible_tax_code_names_its_deduction_account(hub: StreamReader, tenant: Identity) -> None:
    body = {"code": "SV6D", "name": "Service tax 6%, deductible", "tax_type": "02", "rate": "6", "deductible": True}
    status, problem = create(tenant, "tax-codes", body)
    assert status == 422 and problem["errors"][0]["field"] == "body.deduction_account_id", problem


def test_tax_is_fixed_on_a_receipt_when_it_is_created(hub: StreamReader, tenant: Identity) -> None:
    """Before, the tax code's rate was read when posting: a retry after a rate change posted other figures."""
    hub.read()
    book = cash_book(tenant, "RHB", "RHB current", "1030", kind="bank")
    status, code = create(
        tenant,
        "tax-codes",
        {"code": "SV8R", "name": "Service tax", "tax_type": "02", "rate": "8", "account_id": account(tenant, "2210")},
    )
    assert status == 201, code
    before = balances(tenant)
    lines = [cash_line(tenant, "4200", "250.00", "SV8R")]
    receipt = cash_document(tenant, "receipts", book, "2026-04-06", lines, party="Klinik Gigi")
    # The answer states the tax and the grand total: 8% of 250.00 = 20.00; 270.00 in all
    assert (receipt["amount"], receipt["tax_total"], receipt["total"]) == ("250.00", "20.00", "270.00")
    assert receipt["taxes"] == [
        {"line": 0, "tax_code_id": code["id"], "tax_code": "SV8R", "rate": "8", "amount": "20.00"}
    ]
    # The rate changes to 10% before the receipt posts: it still posts 20.00
    event = api_event(
        "PATCH",
        f"/v1/tax-codes/{code['id']}",
        tenant,
        resource="/v1/tax-codes/{id}",
        path_params={"id": code["id"]},
        body={"version": code["version"], "rate": "10"},
    )
    assert invoke(load_handler("tax_codes/update.py"), event)[0] == 200
    deliver(poster(), pending_documents(hub.read()))
    assert get(tenant, "receipts", receipt["id"])["posting_state"] == "posted"
    moved = movements(before, balances(tenant))
    assert moved("2210") == (Decimal(0), Decimal("20.00"))
    assert moved("1030") == (Decimal("270.00"), Decimal(0))


def test_foreign_currency_journal_takes_the_rate_on_its_date(hub: StreamReader, tenant: Identity) -> None:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.ledger.store import LedgerStore

    hub.read()
    usd = DocumentStore(tenant.tenant_id).find_by_code("CURRENCY", "USD")
    rates = load_handler("currencies/set_rate.py")
    event = api_event(
        "PUT",
        f"/v1/currencies/{usd['id']}/rates/2026-05-01",
        tenant,
        resource="/v1/currencies/{id}/rates/{date}",
        path_params={"id": usd["id"], "date": "2026-05-01"},
        body={"rate": "4.4711"},
    )
    assert invoke(rates, event)[0] == 200
    status, created = create(
        tenant, "journals", journal(tenant, "2026-05-15", "1030", "3100", "333.33", currency="USD")
    )
    assert status == 201 and created["rate"] == "4.4711"
    deliver(poster(), pending_documents(hub.read()))
    entry = LedgerStore(tenant.tenant_id).entry(get(tenant, "journals", created["id"])["entry_ids"][0])
    assert entry is not None
    assert {(line["currency"], line["base_amount"]) for line in entry["lines"]} == {
        ("USD", Decimal("1490.35")),
        ("USD", Decimal("-1490.35")),
    }


def test_money_in_a_currency_the_company_does_not_keep_is_refused(hub: StreamReader, tenant: Identity) -> None:
    """Before, a journal in KWD or XXX with a rate was accepted (the rate skipped the currency check)
    and posted to the bank."""
    from ledgerlet.hub.documents import Actor, DocumentStore

    for currency, extra in (("KWD", {"rate": "14.50"}), ("XXX", {"rate": "1"}), ("KWD", {})):
        body = journal(tenant, "2026-05-15", "1030", "3100", "100.00", currency=currency, **extra)
        status, problem = create(tenant, "journals", body)
        assert status == 422, (currency, problem)
        assert problem["errors"][0]["field"] == "body.currency", problem
    # An archived currency is refused too, with or without a rate
    store = DocumentStore(tenant.tenant_id)
    sgd = store.find_by_code("CURRENCY", "SGD")
    assert sgd is not None
    store.update("CURRENCY", sgd["id"], {"status": "archived"}, Actor("test"), expected_version=None, label="currency")
    status, problem = create(
        tenant, "journals", journal(tenant, "2026-05-15", "1030", "3100", "100.00", currency="SGD", rate="3.40")
    )
    assert status == 422 and problem["errors"][0]["field"] == "body.currency", problem
    # A kept currency with no rate on file and none given names the rate
    status, problem = create(
        tenant, "journals", journal(tenant, "2020-01-15", "1030", "3100", "100.00", currency="USD")
    )
    assert status == 422 and problem["errors"][0]["field"] == "body.rate", problem


def test_every_amount_in_an_answer_has_its_currencys_precision(hub: StreamReader, tenant: Identity) -> None:
    """Before, totals came back as "100" or "0.3" (a Decimal as summed, or as DynamoDB returns it)."""
    from ledgerlet.hub.documents import DocumentStore

    status, created = create(tenant, "journals", journal(tenant, "2026-05-20", "6410", "1030", "100"))
    assert status == 201, created
    assert created["total"] == "100.00" and created["lines"][0]["debit"] == "100.00", created
    assert get(tenant, "journals", created["id"])["total"] == "100.00"  # read back from the hub
    jpy = DocumentStore(tenant.tenant_id).find_by_code("CURRENCY", "JPY")
    assert jpy is not None
    status, yen = create(
        tenant, "journals", journal(tenant, "2026-05-20", "6410", "1030", "1500", currency="JPY", rate="0.0312")
    )
    assert status == 201, yen
    assert yen["total"] == "1500" and yen["lines"][0]["debit"] == "1500" and yen["lines"][1]["credit"] == "1500"
    book = cash_book(tenant, "PETTY", "Petty cash", "1020", kind="cash")
    lines = [cash_line(tenant, "6125", "0.1"), cash_line(tenant, "6125", "0.20")]
    paid = cash_document(tenant, "payments", book, "2026-05-21", lines, party="Kedai")
    assert paid["amount"] == "0.30" and [line["amount"] for line in paid["lines"]] == ["0.10", "0.20"], paid
    assert get(tenant, "payments", paid["id"])["amount"] == "0.30"


def test_posting_into_a_locked_period_is_refused(hub: StreamReader, tenant: Identity) -> None:
    from ledgerlet.ledger.store import LedgerStore

    hub.read()
    # A journal accepted before the lock, delivered after it, fails to post and is listed as an exception
    status, early = create(tenant, "journals", journal(tenant, "2026-01-31", "6110", "1030", "10.00"))
    assert status == 201
    ledger = LedgerStore(tenant.tenant_id)
    ledger.save_settings({"hard_lock": "2026-01-31"}, ledger.settings()["version"], "test")
    deliver(poster(), pending_documents(hub.read()))
    failed = get(tenant, "journals", early["id"])
    assert failed["posting_state"] == "failed" and "hard lock" in failed["posting_error"]
    assert [e["document_id"] for e in ledger.exceptions(10, None).items] == [early["id"]]
    # A new journal into the locked period is refused at once, naming the date
    status, problem = create(tenant, "journals", journal(tenant, "2026-01-15", "6110", "1030", "10.00"))
    assert status == 422 and problem["errors"][0]["field"] == "body.date" and "locked" in problem["detail"]
    ledger.save_settings({"hard_lock": None}, ledger.settings()["version"], "test")


def test_a_reversal_nets_the_accounts_back(hub: StreamReader, tenant: Identity) -> None:
    hub.read()
    before = balances(tenant)
    status, created = create(tenant, "journals", journal(tenant, "2026-06-30", "6110", "1030", "250.00"))
    event = api_event(
        "POST",
        f"/v1/journals/{created['id']}/reverse",
        tenant,
        resource="/v1/journals/{id}/reverse",
        path_params={"id": created["id"]},
        body={"date": "2026-07-01"},
    )
    # Still pending: nothing posted yet to reverse (before, the reversal was accepted, and could post
    # while the original then failed)
    status, refused = invoke(load_handler("journals/reverse.py"), event)
    assert status == 409 and "has not posted yet" in refused["detail"], refused
    deliver(poster(), pending_documents(hub.read()))
    status, reversal = invoke(load_handler("journals/reverse.py"), event)
    assert status == 201 and reversal["reverses"] == created["id"]
    assert invoke(load_handler("journals/reverse.py"), event)[0] == 409  # only once
    deliver(poster(), pending_documents(hub.read()))
    after = balances(tenant)
    net = {code: after[code][0] - after[code][1] for code in ("6110", "1030")}
    assert net == {code: before[code][0] - before[code][1] for code in ("6110", "1030")}
    assert get(tenant, "journals", created["id"])["reversed_by"] == reversal["id"]


def test_a_late_delivery_of_a_pending_image_leaves_a_posted_document_posted(
    hub: StreamReader, tenant: Identity
) -> None:
    """Before, a redelivered stale image (still "pending") was posted again from the image: after the
    period was locked meanwhile, the lock refused it and marked the posted document failed."""
    from ledgerlet.ledger.store import LedgerStore

    hub.read()
    status, created = create(tenant, "journals", journal(tenant, "2026-03-10", "6410", "1030", "12.00"))
    assert status == 201, created
    records = pending_documents(hub.read())
    deliver(poster(), records)
    assert get(tenant, "journals", created["id"])["posting_state"] == "posted"
    before = balances(tenant)
    ledger = LedgerStore(tenant.tenant_id)
    settings = ledger.settings()
    ledger.save_settings({"hard_lock": "2026-03-31"}, settings["version"], "test")
    try:
        deliver(poster(), records)  # the same events again, their images saying "pending"
        after = get(tenant, "journals", created["id"])
        assert after["posting_state"] == "posted" and after.get("posting_error") is None, after
        assert balances(tenant) == before
        assert all(e["document_id"] != created["id"] for e in ledger.exceptions(100, None).items)
    finally:
        settings = ledger.settings()
        ledger.save_settings({"hard_lock": None}, settings["version"], "test")


def test_an_entry_once_written_never_changes(hub: StreamReader, tenant: Identity) -> None:
    """A replay (even one that recomputed the entry differently) keeps the stored header, its
    ``posted_at`` and its lines; the balances take it once."""
    from datetime import date

    from ledgerlet.ledger.entries import JournalEntry, JournalLine
    from ledgerlet.ledger.store import LedgerStore, entry_id_for

    ledger = LedgerStore(tenant.tenant_id)
    bank, fees = account(tenant, "1030"), account(tenant, "6410")

    def entry(amount: str) -> JournalEntry:
        value = Decimal(amount)
        lines = (JournalLine(fees, value, "MYR", value), JournalLine(bank, -value, "MYR", -value))
        return JournalEntry(entry_id_for("IMMUTABLE", 0), date(2026, 3, 20), lines, memo=f"fees {amount}")

    before = balances(tenant)
    assert ledger.post(entry("7.00"), "first")
    first = ledger.entry(entry_id_for("IMMUTABLE", 0), consistent=True)
    assert first is not None
    assert not ledger.post(entry("7.00"), "replay")
    assert not ledger.post(entry("9.00"), "recomputed")  # another content under the same id
    stored = ledger.entry(entry_id_for("IMMUTABLE", 0), consistent=True)
    assert stored == first  # posted_at, posted_by, memo and lines as first written
    moved = movements(before, balances(tenant))
    assert moved("6410") == (Decimal("7.00"), Decimal(0)) and moved("1030") == (Decimal(0), Decimal("7.00"))
    # and the account's ledger lines (GL detail) show 7.00, written from the stored entry each time
    from ledgerlet.hub import keys
    from ledgerlet.hub.codec import from_item

    answer = ledger.db.query(
        TableName=ledger.table,
        KeyConditionExpression="PK = :pk AND begins_with(SK, :day)",
        ExpressionAttributeValues={
            ":pk": {"S": keys.account_ledger_pk(tenant.tenant_id, fees, "2026-03")},
            ":day": {"S": f"2026-03-20#{entry_id_for('IMMUTABLE', 0)}"},
        },
        ConsistentRead=True,
    )
    assert [from_item(item)["amount"] for item in answer["Items"]] == [Decimal("7.00")]


def test_a_period_locked_between_the_check_and_the_write_takes_no_entry(hub: StreamReader, tenant: Identity) -> None:
    """The lock is atomic with posting: the journal passed its lock check, then the month was closed
    before its entries were written. Before, it posted into the locked month."""
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.ledger.posting import post_ready, prepare
    from ledgerlet.ledger.store import LedgerStore, entry_id_for

    hub.read()
    status, created = create(tenant, "journals", journal(tenant, "2026-02-14", "6410", "1030", "33.00"))
    assert status == 201, created
    before = balances(tenant)
    ready = prepare(
        tenant.tenant_id, {**DocumentStore(tenant.tenant_id).get("JOURNAL", created["id"]), "entity": "JOURNAL"}
    )
    assert ready is not None  # checked: February is open
    ledger = LedgerStore(tenant.tenant_id)
    settings = ledger.settings()
    ledger.save_settings({"hard_lock": "2026-02-28"}, settings["version"], "close")  # the close locks February
    try:
        post_ready([ready])
        after = get(tenant, "journals", created["id"])
        assert after["posting_state"] == "failed" and "hard lock" in after["posting_error"], after
        assert balances(tenant) == before  # nothing landed in February
        assert ledger.entry(entry_id_for(created["id"], 0), consistent=True) is None  # nor its header
        assert any(e["document_id"] == created["id"] for e in ledger.exceptions(100, None).items)
    finally:
        settings = ledger.settings()
        ledger.save_settings({"hard_lock": None}, settings["version"], "test")
    hub.read()


def test_the_sweep_posts_documents_whose_events_were_lost(hub: StreamReader) -> None:
    """A document whose events never reached the ledger stayed pending for ever. The sweep posts
    those pending for more than a few minutes, or fails them with a posting exception."""
    from datetime import UTC, datetime, timedelta

    from tests.support.events import LambdaContext
    from tests.support.work import received, register_tenants, work_queue

    tenant = seed_tenant("tnt_Sweep")  # its own company: other tests leave documents pending on theirs
    hub.read()
    status, lost = create(tenant, "journals", journal(tenant, "2026-07-02", "6410", "1030", "4.00"))
    assert status == 201, lost
    status, foreign = create(
        tenant, "journals", journal(tenant, "2026-07-03", "6410", "1030", "6.00", currency="USD", rate="4.4")
    )
    assert status == 201, foreign
    hub.read()  # their events are lost: the consumer never sees them
    before = balances(tenant)
    from ledgerlet.ledger.sweep import sweep_tenant

    assert sweep_tenant(tenant.tenant_id) == {"posted": 0, "failed": 0}  # pending a moment only: left alone
    assert get(tenant, "journals", lost["id"])["posting_state"] == "pending"
    # A few minutes on, the scheduled sweep sends the tenant to its queue, whose consumer posts them
    register_tenants(tenant.tenant_id)
    later = datetime.now(UTC) + timedelta(minutes=6)
    with work_queue("LEDGER_SWEEP_QUEUE_URL") as url:
        assert load_handler("ledger/sweep.py")({"source": "aws.events"}, LambdaContext()) == {"tenants": 1}
        batch = received(url)
    (message,) = [json.loads(r["body"]) for r in batch["Records"]]
    assert message["tenant_id"] == tenant.tenant_id
    assert load_handler("ledger/sweep_tenant.py")(batch, LambdaContext()) == {"batchItemFailures": []}
    assert get(tenant, "journals", lost["id"])["posting_state"] == "pending"  # sent now: not stuck yet
    # The same run sent six minutes on: the consumer posts both
    batch["Records"][0]["body"] = json.dumps({**message, "as_of": later.isoformat()})
    assert load_handler("ledger/sweep_tenant.py")(batch, LambdaContext()) == {"batchItemFailures": []}
    assert get(tenant, "journals", lost["id"])["posting_state"] == "posted"
    moved = movements(before, balances(tenant))
    # 4.00 MYR, and USD 6.00 x 4.4 = MYR 26.40
    assert moved("6410") == (Decimal("30.40"), Decimal(0)) and moved("1030") == (Decimal(0), Decimal("30.40"))
    assert get(tenant, "journals", foreign["id"])["posting_state"] == "posted"
    assert sweep_tenant(tenant.tenant_id, now=later) == {"posted": 0, "failed": 0}  # once


def test_a_currency_conversion_realises_the_exchange_difference(hub: StreamReader, tenant: Identity) -> None:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.ledger.store import LedgerStore

    hub.read()
    usd_book = create(
        tenant,
        "cash-books",
        {
            "code": "USD",
            "name": "Maybank USD",
            "kind": "bank",
            "currency": "USD",
            "account_id": account(tenant, "1040"),
        },
    )[1]
    myr_book = (
        DocumentStore(tenant.tenant_id).find_by_code("CASHBOOK", "MBB")
        or create(
            tenant,
            "cash-books",
            {"code": "MBB", "name": "Maybank", "kind": "bank", "account_id": account(tenant, "1030")},
        )[1]
    )
    # Given USD 1,000 banked at 4.40 (capital paid in US dollars) ...
    funding = journal(tenant, "2026-09-01", "1040", "3100", "1000.00", currency="USD", rate="4.40")
    assert create(tenant, "journals", funding)[0] == 201
    deliver(poster(), pending_documents(hub.read()))
    # ... when USD 400 is converted into MYR 1,800 (4.50)
    status, converted = create(
        tenant,
        "transfers",
        {
            "from_cash_book_id": usd_book["id"],
            "to_cash_book_id": myr_book["id"],
            "date": "2026-09-15",
            "amount": "400.00",
            "received_amount": "1800.00",
        },
    )
    assert status == 201, converted
    records = pending_documents(hub.read())
    deliver(poster(), records)
    # Then MYR 40 is a realised gain: 1,800 received for USD 400 carried at 1,760
    entry_id = get(tenant, "transfers", converted["id"])["entry_ids"][0]
    after = balances(tenant)
    assert after["4550"] == (Decimal(0), Decimal("40.00"))
    held, carried = LedgerStore(tenant.tenant_id).carried(account(tenant, "1040"), "USD", "2026-09")
    assert (held, carried) == (Decimal("600.00"), Decimal("2640.00"))
    clearing = after["1150"]
    assert clearing[0] == clearing[1]  # the clearing account nets to zero in MYR
    # and a replay after the rates and balances moved re-uses the entry as first written
    deliver(poster(), records)
    assert LedgerStore(tenant.tenant_id).entry(entry_id)["lines"][0]["base_amount"] == Decimal("-1760.00")  # type: ignore[index]
    assert balances(tenant)["4550"] == (Decimal(0), Decimal("40.00"))


def _documents_for(who: Identity) -> list[dict[str, Any]]:
    big = {
        "date": "2026-08-31",
        "memo": "Payroll accrual, 90 lines",
        "lines": [
            *[{"account_id": account(who, "6110"), "debit": f"{n}.25"} for n in range(1, 91)],
            {"account_id": account(who, "2300"), "credit": f"{sum(n + Decimal('0.25') for n in range(1, 91))}"},
        ],
    }
    return [big, *[journal(who, f"2026-08-{day:02d}", "6110", "1030", f"{day}00.00") for day in range(1, 6)]]


WRITES = {"TransactWriteItems", "BatchWriteItem", "UpdateItem", "PutItem", "DeleteItem"}


class Killed(BaseException):  # not an Exception: nothing in the consumer may catch it, as with a real kill
    pass


def count_writes(crash_after: int | None = None) -> Any:
    """Patch botocore so the process "dies" at its n-th DynamoDB write (or just counts the writes)."""
    from botocore.client import BaseClient

    original = BaseClient._make_api_call
    seen = {"writes": 0}

    def call(self: BaseClient, operation: str, params: dict[str, Any]) -> Any:
        if operation in WRITES:
            seen["writes"] += 1
            if crash_after is not None and seen["writes"] > crash_after:
                raise Killed(f"killed before write {seen['writes']} ({operation})")
        return original(self, operation, params)

    return original, call, seen


@pytest.mark.parametrize("crash_fraction", [0.0, 0.25, 0.5, 0.75, 0.95])
def test_a_consumer_killed_mid_batch_and_restarted_leaves_the_same_ledger(
    hub: StreamReader, crash_fraction: float
) -> None:
    from botocore.client import BaseClient

    from ledgerlet.ids import new_id

    # Given the same documents in two fresh companies
    clean, crashed = (seed_tenant(new_id("tnt")[:20]) for _ in range(2))
    hub.read()
    for who in (clean, crashed):
        for body in _documents_for(who):
            assert create(who, "journals", body)[0] == 201
    records = pending_documents(hub.read())
    ours = {
        who.tenant_id: [r for r in records if r["dynamodb"]["Keys"]["PK"]["S"].startswith(who.tenant_id)]
        for who in (clean, crashed)
    }
    # When one consumer runs uninterrupted (counting its writes) ...
    original, counting, seen = count_writes()
    BaseClient._make_api_call = counting  # type: ignore[method-assign]
    try:
        deliver(poster(), ours[clean.tenant_id])
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]
    # ... and the other is killed partway through its writes, then restarted with the same batch
    _, dying, _ = count_writes(crash_after=int(seen["writes"] * crash_fraction))
    BaseClient._make_api_call = dying  # type: ignore[method-assign]
    try:
        with pytest.raises(Killed):
            deliver(poster(), ours[crashed.tenant_id])
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]
    assert deliver(poster(), ours[crashed.tenant_id]) == {"batchItemFailures": []}
    # Then both ledgers are the same, account by account, and every journal is posted
    assert balances(crashed) == balances(clean)
    assert sum(debit for debit, _ in balances(clean).values()) == sum(credit for _, credit in balances(clean).values())
    from ledgerlet.hub.documents import DocumentStore, ListQuery

    listed = DocumentStore(crashed.tenant_id).list_documents("JOURNAL", ListQuery(limit=50))
    assert {doc["posting_state"] for doc in listed.items} == {"posted"}
