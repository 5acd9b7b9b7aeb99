"""MyInvois submission (issue 14): issued invoices and notes are queued, composed, checked, signed and sent
to the local MyInvois simulator by the company's run, in batches, and end valid (with LHDN's long id, the
validation link and 72 hours to cancel) or invalid (with LHDN's errors). A run that dies between sending
and recording the answer loses and duplicates nothing: the next run sends the same bytes and MyInvois's
duplicate detection tells it which it had already taken."""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.integration.test_cash_reversal import COMPANY, with_profile
from tests.integration.test_posting import create, tax_code
from tests.integration.test_sales_documents import customer, item, submitted
from tests.integration.test_sales_pdfs import ADDRESSES
from tests.support.events import Identity
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader

MSIC = "46510"
BUYER = {
    **ADDRESSES,
    "phone": "+60 3-7956 1234",
    "email": "akaun@example.my",
}  # wholesale of computer hardware, software and peripherals


@pytest.fixture(scope="module")
def simulator(hub: StreamReader) -> Iterator[Any]:
    from myinvois_sim import start

    sim = start(port=0, validation_delay=0.05)
    saved = os.environ.get("MYINVOIS_API_URL")
    os.environ["MYINVOIS_API_URL"] = sim.url
    yield sim
    sim.stop()
    if saved is None:
        os.environ.pop("MYINVOIS_API_URL", None)
    else:
        os.environ["MYINVOIS_API_URL"] = saved


def pkcs12_of_test_certificate(password: bytes) -> str:
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from ledgerlet.einvoice.signature import test_credentials

    credentials = test_credentials()
    data = pkcs12.serialize_key_and_certificates(
        b"ledgerlet", credentials.private_key, credentials.certificate, None, BestAvailableEncryption(password)
    )
    return base64.b64encode(data).decode()


def submitting(tenant_id: str, profile: dict[str, Any]) -> Identity:
    """A company with its profile, e-invoicing switched on, the simulator's client and a certificate."""
    from ledgerlet.einvoice.settings import (
        CertificateUpload,
        EInvoiceSettingsUpdate,
        read_settings,
        update_settings,
        upload_certificate,
    )

    who = with_profile(seed_tenant(tenant_id), profile)
    update_settings(
        tenant_id,
        EInvoiceSettingsUpdate(
            version=0,
            enabled=True,
            client_id=f"sim-{profile['tin']}",
            client_secret="sim-secret",
            msic=MSIC,
            phone="+60 3-2161 0000",
            submit_every_minutes=15,
        ),
        who.user_id,
    )
    version = read_settings(tenant_id).version
    upload = CertificateUpload(version=version, certificate=pkcs12_of_test_certificate(b"s3cret"), password="s3cret")
    upload_certificate(tenant_id, upload, who.user_id)
    return who


@pytest.fixture(scope="module")
def tenant(simulator: Any) -> Identity:
    return submitting("tnt_EINVOICE", COMPANY)


def invoice(
    who: Identity, buyer: dict[str, Any], lines: list[dict[str, Any]], day: str = "2026-12-01"
) -> dict[str, Any]:
    status, draft = create(who, "sales-invoices", {"customer_id": buyer["id"], "date": day, "lines": lines})
    assert status == 201, draft
    return submitted(who, "sales-invoices", draft)


def queued(who: Identity, doc_type: str, document: dict[str, Any]) -> str | None:
    """What the hub subscription does when the document is issued."""
    from ledgerlet.einvoice.submission import enqueue

    return enqueue(who.tenant_id, doc_type, document, datetime.now(UTC))


def einvoice(who: Identity, source_id: str) -> dict[str, Any]:
    from ledgerlet.einvoice.queue import EInvoiceQueue, einvoice_id

    found = EInvoiceQueue(who.tenant_id).get(einvoice_id(source_id))
    assert found is not None
    return found


def run(who: Identity, now: datetime | None = None, *, force: bool = True) -> dict[str, int]:
    from ledgerlet.einvoice.submission import run_tenant

    return run_tenant(who.tenant_id, now or datetime.now(UTC), force=force)


def settle(who: Identity, source_ids: list[str], timeout: float = 20) -> dict[str, dict[str, Any]]:
    """Run until none of the e-invoices is still submitted (MyInvois validates asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        found = {source_id: einvoice(who, source_id) for source_id in source_ids}
        if all(e["state"] not in ("pending", "sending", "submitted") for e in found.values()):
            return found
        assert time.monotonic() < deadline, {k: v["state"] for k, v in found.items()}
        time.sleep(0.1)
        run(who)


def test_an_invoice_goes_to_myinvois_signed_and_comes_back_valid_with_its_link(tenant: Identity) -> None:
    """Three computers at 2,000.00 less 100.00 on the line (SR10) and a support contract at 500.00 (SV8)."""
    from ledgerlet.einvoice.signature import verify

    buyer = customer(tenant, "Syarikat Komputer Maju", **BUYER)
    pc = item(tenant, "Komputer Riba", sales_price="2000.00", sales_tax_code_id=tax_code(tenant, "SR10")["id"])
    support = item(
        tenant,
        "Khidmat Sokongan",
        kind="service",
        sales_price="500.00",
        sales_tax_code_id=tax_code(tenant, "SV8")["id"],
    )
    sale = invoice(
        tenant,
        buyer,
        [{"item_id": pc["id"], "qty": "3", "discount_amount": "100.00"}, {"item_id": support["id"], "qty": "1"}],
    )
    assert queued(tenant, "SALESINVOICE", sale) == "pending"
    assert queued(tenant, "SALESINVOICE", sale) is None  # its event delivered again: queued once

    counts = run(tenant)
    assert counts.get("submitted") == 1, (counts, einvoice(tenant, sale["id"]).get("errors"))
    done = settle(tenant, [sale["id"]])[sale["id"]]
    assert done["state"] == "valid", done
    assert done["uuid"] and done["long_id"]
    assert done["validation_link"] == f"{os.environ['MYINVOIS_API_URL']}/portal/{done['uuid']}/share/{done['long_id']}"
    validated = datetime.fromisoformat(done["validated_at"].replace("Z", "+00:00"))
    assert done["cancellable_until"] == (validated + timedelta(hours=72)).isoformat().replace("+00:00", "Z")
    assert [event["state"] for event in done["history"]] == ["pending", "sending", "submitted", "valid"]

    import json

    document = json.loads(done["document"])
    assert verify(document) == []
    body = document["Invoice"][0]
    totals = body["LegalMonetaryTotal"][0]
    # 3 x 2,000.00 = 6,000.00 less 100.00 = 5,900.00; 10% sales tax = 590.00
    # 1 x 500.00 = 500.00; 8% service tax = 40.00
    # excluding tax 5,900.00 + 500.00 = 6,400.00; tax 590.00 + 40.00 = 630.00; payable 7,030.00
    assert Decimal(str(totals["TaxExclusiveAmount"][0]["_"])) == Decimal("6400.00")
    assert Decimal(str(body["TaxTotal"][0]["TaxAmount"][0]["_"])) == Decimal("630.00")
    assert Decimal(str(totals["PayableAmount"][0]["_"])) == Decimal("7030.00")
    assert Decimal(sale["total"]) == Decimal("7030.00")
    assert body["ID"][0]["_"] == sale["code"]
    assert body["AccountingCustomerParty"][0]["Party"][0]["PartyIdentification"][0]["ID"][0]["_"] == ADDRESSES["tin"]


def test_a_buyer_lhdn_does_not_know_ends_invalid_with_lhdns_error_and_can_be_resubmitted(
    tenant: Identity, simulator: Any
) -> None:
    """A TIN of the right shape that nobody holds: our rules pass it, LHDN's validation does not."""
    from ledgerlet.einvoice.actions import resubmit

    simulator.register_unregistered_tin("C9999999990")
    stranger = customer(tenant, "Syarikat Tiada Daftar", **{**BUYER, "tin": "C9999999990"})
    cable = item(tenant, "Kabel Rangkaian", sales_price="20.00")
    sale = invoice(tenant, stranger, [{"item_id": cable["id"], "qty": "5"}])
    queued(tenant, "SALESINVOICE", sale)
    run(tenant)
    done = settle(tenant, [sale["id"]])[sale["id"]]
    assert done["state"] == "invalid", done.get("errors")
    assert done["errors"], done
    assert any("C9999999990" in e["message"] or "TIN" in e["message"] for e in done["errors"]), done["errors"]
    again = resubmit(tenant.tenant_id, einvoice(tenant, sale["id"])["id"])
    assert again["state"] == "pending" and again.get("errors") is None


def test_a_credit_note_waits_for_its_invoice_and_names_it(tenant: Identity) -> None:
    buyer = customer(tenant, "Kedai Elektrik Bintang", **BUYER)
    lamp = item(tenant, "Lampu LED", sales_price="35.00")
    sale = invoice(tenant, buyer, [{"item_id": lamp["id"], "qty": "10"}])
    status, draft = create(
        tenant,
        "credit-notes",
        {
            "customer_id": buyer["id"],
            "date": "2026-12-02",
            "invoice_id": sale["id"],
            "reason": "2 broken",
            "lines": [{"item_id": lamp["id"], "qty": "2", "source_line": 0}],
        },
    )
    assert status == 201, draft
    note = submitted(tenant, "credit-notes", draft)
    queued(tenant, "SALESCREDITNOTE", note)
    queued(tenant, "SALESINVOICE", sale)
    run(tenant)
    both = settle(tenant, [sale["id"], note["id"]])
    assert both[sale["id"]]["state"] == "valid", both
    if both[note["id"]]["state"] == "pending":  # waited for the invoice's validation: goes at the next run
        run(tenant, datetime.now(UTC) + timedelta(minutes=16))
        both = settle(tenant, [note["id"]])
    credit = einvoice(tenant, note["id"])
    assert credit["state"] == "valid", credit
    import json

    body = json.loads(credit["document"])["Invoice"][0]
    assert body["InvoiceTypeCode"][0]["_"] == "02"
    reference = body["BillingReference"][0]["InvoiceDocumentReference"][0]
    assert reference["UUID"][0]["_"] == einvoice(tenant, sale["id"])["uuid"]
    assert reference["ID"][0]["_"] == sale["code"]


def test_a_run_killed_after_sending_loses_and_duplicates_nothing(simulator: Any, monkeypatch: Any) -> None:
    """The run dies once MyInvois has taken the batch and before the answer is recorded (its lease is never
    released, as a killed process releases nothing). The next run, after the lease, sends the same bytes:
    MyInvois refuses the numbers it already has, and the run records the documents it took."""
    from ledgerlet.einvoice import client as myinvois
    from ledgerlet.einvoice.run_clock import RunClock

    who = submitting("tnt_EINVKILL", {**COMPANY, "tin": "C1234567890"})
    buyer = customer(who, "Pelanggan Setia", **BUYER)
    pen = item(who, "Pen", sales_price="2.50")
    sales = [invoice(who, buyer, [{"item_id": pen["id"], "qty": str(n)}]) for n in range(1, 6)]
    for sale in sales:
        queued(who, "SALESINVOICE", sale)

    class Killed(BaseException):
        pass

    real_submit = myinvois.MyInvoisClient.submit

    def submit_then_die(self: Any, batch: Any) -> Any:
        real_submit(self, batch)
        raise Killed

    with monkeypatch.context() as patched:
        patched.setattr(myinvois.MyInvoisClient, "submit", submit_then_die)
        patched.setattr(RunClock, "release", lambda self, next_run: None)
        with pytest.raises(Killed):
            run(who)
    assert {einvoice(who, s["id"])["state"] for s in sales} == {"sending"}

    later = datetime.now(UTC) + timedelta(minutes=1)  # the killed run's lease has ended
    counts = run(who, later)
    assert counts.get("duplicate_recovered") == 5, counts
    done = settle(who, [s["id"] for s in sales])
    assert {e["state"] for e in done.values()} == {"valid"}, done
    taken = simulator.store.documents_touching("C1234567890")
    codes = sorted(row["code_number"] for row in taken if row["issuer_tin"] == "C1234567890")
    assert codes == sorted(s["code"] for s in sales)  # each once at MyInvois
    assert {e["uuid"] for e in done.values()} == {row["uuid"] for row in taken}


def test_last_months_sales_to_the_public_go_in_one_consolidated_einvoice(simulator: Any) -> None:
    """Sales to a walk-in buyer (no TIN) wait for their month's consolidated e-invoice; one above
    RM 10,000 is issued on its own, to the general public's TIN; this month's sales keep waiting."""
    import json

    who = submitting("tnt_EINVCONS", {**COMPANY, "tin": "C2222222220"})
    walk_in = customer(who, "Pelanggan Tunai")  # no TIN, no address: the general public
    sr10, sv8 = tax_code(who, "SR10")["id"], tax_code(who, "SV8")["id"]
    tea = item(who, "Teh Tarik Paket", sales_price="45.00", sales_tax_code_id=sr10)
    repair = item(who, "Servis Baiki", kind="service", sales_price="30.00", sales_tax_code_id=sv8)
    today = datetime.now(UTC).date()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=10).isoformat()
    small = [
        invoice(who, walk_in, [{"item_id": tea["id"], "qty": "2"}], last_month),  # 90.00 + 9.00 SST
        invoice(who, walk_in, [{"item_id": tea["id"], "qty": "1"}], last_month),  # 45.00 + 4.50
        invoice(who, walk_in, [{"item_id": repair["id"], "qty": "1"}], last_month),  # 30.00 + 2.40
    ]
    big = invoice(who, walk_in, [{"item_id": tea["id"], "qty": "250"}], last_month)  # 11,250.00 + 1,125.00
    this_month = invoice(who, walk_in, [{"item_id": tea["id"], "qty": "1"}], today.isoformat())
    assert [queued(who, "SALESINVOICE", sale) for sale in small] == ["consolidate"] * 3
    assert queued(who, "SALESINVOICE", big) == "pending"  # 12,375.00 > 10,000.00: on its own
    assert queued(who, "SALESINVOICE", this_month) == "consolidate"

    counts = run(who)
    assert counts.get("consolidated") == 1, counts
    month = last_month[:7].replace("-", "")
    consolidated_id = f"ein_cons_01_{month}"
    done = settle(who, [big["id"]])
    from ledgerlet.einvoice.queue import EInvoiceQueue

    queue = EInvoiceQueue(who.tenant_id)
    deadline = time.monotonic() + 20
    while (found := queue.get(consolidated_id)) is None or found["state"] != "valid":
        assert time.monotonic() < deadline, found
        time.sleep(0.1)
        run(who)
    assert done[big["id"]]["state"] == "valid"
    assert {einvoice(who, sale["id"])["state"] for sale in small} == {"consolidated"}
    assert {einvoice(who, sale["id"])["consolidated_in"] for sale in small} == {consolidated_id}
    assert einvoice(who, this_month["id"])["state"] == "consolidate"

    body = json.loads(found["document"])["Invoice"][0]
    party = body["AccountingCustomerParty"][0]["Party"][0]
    assert party["PartyIdentification"][0]["ID"][0]["_"] == "EI00000000010"
    assert body["InvoicePeriod"][0]["Description"][0]["_"] == "Monthly"
    lines = body["InvoiceLine"]
    assert {line["Item"][0]["CommodityClassification"][0]["ItemClassificationCode"][0]["_"] for line in lines} == {
        "004"
    }
    # SR10 lines: 90.00 + 45.00 = 135.00 with 9.00 + 4.50 = 13.50 tax; SV8: 30.00 with 2.40 tax
    # excluding tax 135.00 + 30.00 = 165.00; tax 13.50 + 2.40 = 15.90; payable 180.90
    totals = body["LegalMonetaryTotal"][0]
    assert Decimal(str(totals["TaxExclusiveAmount"][0]["_"])) == Decimal("165.00")
    assert Decimal(str(body["TaxTotal"][0]["TaxAmount"][0]["_"])) == Decimal("15.90")
    assert Decimal(str(totals["PayableAmount"][0]["_"])) == Decimal("180.90")
    single = json.loads(einvoice(who, big["id"])["document"])["Invoice"][0]
    assert single["AccountingCustomerParty"][0]["Party"][0]["PartyIdentification"][0]["ID"][0]["_"] == "EI00000000010"

    assert run(who).get("consolidated") is None  # the month is done: nothing consolidated twice


def test_a_payment_to_a_self_billed_supplier_is_issued_by_the_company_as_a_self_billed_einvoice(
    hub: StreamReader, tenant: Identity
) -> None:
    """A foreign agent without a Malaysian TIN is paid commission of 1,200.00 (no tax) plus a 300.00
    service charged at SV8 (24.00): the company issues the e-invoice, the agent is the supplier (LHDN's
    foreign-supplier TIN), the company the buyer. A supplier that is not self-billed issues its own. The
    payment reversed, a self-billed credit note (12) names the payment's e-invoice."""
    import json

    from tests.integration.test_posting import cash_book, cash_document, cash_line

    agent = create(
        tenant,
        "suppliers",
        {
            "name": "Global Agents Pte Ltd",
            "self_billed": True,
            "phone": "+65 6123 4567",
            "billing_address": {
                "line1": "1 Raffles Place",
                "city": "Singapore",
                "state": "17",
                "country": "SGP",
            },
        },
    )[1]
    ordinary = create(tenant, "suppliers", {"name": "Pembekal Biasa", "tin": "C20880050010"})[1]
    book = cash_book(tenant, "MBB", "Maybank current", "1030", kind="bank")
    lines = [cash_line(tenant, "6145", "1200.00"), cash_line(tenant, "6145", "300.00", "SV8")]
    paid = cash_document(tenant, "payments", book, "2026-12-03", lines, supplier_id=agent["id"], memo="Komisen")
    other = cash_document(tenant, "payments", book, "2026-12-03", lines[:1], supplier_id=ordinary["id"])
    assert queued(tenant, "PAYMENT", other) is None  # the ordinary supplier issues its own e-invoice
    assert queued(tenant, "PAYMENT", paid) == "pending"
    run(tenant)
    done = settle(tenant, [paid["id"]])[paid["id"]]
    assert done["state"] == "valid", done.get("errors")
    body = json.loads(done["document"])["Invoice"][0]
    assert body["InvoiceTypeCode"][0]["_"] == "11"
    seller = body["AccountingSupplierParty"][0]["Party"][0]
    assert seller["PartyIdentification"][0]["ID"][0]["_"] == "EI00000000030"
    buyer = body["AccountingCustomerParty"][0]["Party"][0]
    assert buyer["PartyIdentification"][0]["ID"][0]["_"] == COMPANY["tin"]
    # 1,200.00 untaxed + 300.00 with 8% service tax (24.00): excluding tax 1,500.00, payable 1,524.00
    totals = body["LegalMonetaryTotal"][0]
    assert Decimal(str(totals["TaxExclusiveAmount"][0]["_"])) == Decimal("1500.00")
    assert Decimal(str(totals["PayableAmount"][0]["_"])) == Decimal("1524.00")
    codes = {
        line["Item"][0]["CommodityClassification"][0]["ItemClassificationCode"][0]["_"] for line in body["InvoiceLine"]
    }
    assert codes == {"035"}  # self-billed: importation of services

    from tests.integration.test_cash_reversal import reverse
    from tests.integration.test_sales_documents import post_everything

    post_everything(hub)
    status, reversal = reverse(tenant, "payments", paid["id"], {"reason": "Dibayar dua kali"})
    assert status == 201, reversal
    assert queued(tenant, "PAYMENT", reversal) == "pending"
    run(tenant)
    credit = settle(tenant, [reversal["id"]])[reversal["id"]]
    assert credit["state"] == "valid", credit.get("errors")
    note = json.loads(credit["document"])["Invoice"][0]
    assert note["InvoiceTypeCode"][0]["_"] == "12"
    assert note["BillingReference"][0]["InvoiceDocumentReference"][0]["UUID"][0]["_"] == done["uuid"]
    assert Decimal(str(note["LegalMonetaryTotal"][0]["PayableAmount"][0]["_"])) == Decimal("1524.00")


def test_the_72_hours_after_validation_are_watched_then_the_einvoice_is_final(simulator: Any) -> None:
    """Within the window, a buyer's request to reject and a cancellation made on MyInvois's own portal
    reach the e-invoice; once the window is over it is final and cannot be cancelled here."""
    from ledgerlet.einvoice.actions import cancel
    from ledgerlet.einvoice.client import MyInvoisClient
    from ledgerlet.errors import Conflict

    who = submitting("tnt_EINVWATCH", {**COMPANY, "tin": "C3333333330"})
    buyer = customer(who, "Pembeli Cerewet", **BUYER)
    mug = item(who, "Mug", sales_price="12.00")
    kept, rejected, elsewhere = (invoice(who, buyer, [{"item_id": mug["id"], "qty": str(n)}]) for n in (1, 2, 3))
    for sale in (kept, rejected, elsewhere):
        queued(who, "SALESINVOICE", sale)
    run(who)
    done = settle(who, [kept["id"], rejected["id"], elsewhere["id"]])
    assert {e["state"] for e in done.values()} == {"valid"}

    url = os.environ["MYINVOIS_API_URL"]
    as_buyer = MyInvoisClient(url, url, f"sim-{ADDRESSES['tin']}", "sim-secret")
    as_buyer.reject(done[rejected["id"]]["uuid"], "Kuantiti salah")
    as_issuer = MyInvoisClient(url, url, "sim-C3333333330", "sim-secret")
    as_issuer.cancel(done[elsewhere["id"]]["uuid"], "Dibatalkan di portal")

    counts = run(who)
    assert counts.get("rejection_requested") == 1 and counts.get("cancelled_elsewhere") == 1, counts
    assert einvoice(who, rejected["id"])["reject_reason"] == "Kuantiti salah"
    assert einvoice(who, elsewhere["id"])["state"] == "cancelled"

    after = datetime.fromisoformat(done[kept["id"]]["cancellable_until"].replace("Z", "+00:00")) + timedelta(minutes=1)
    assert run(who, after).get("final") == 2  # the kept one and the one the buyer asked to reject
    assert einvoice(who, kept["id"])["final"] is True
    with pytest.raises(Conflict) as refused:
        cancel(who.tenant_id, einvoice(who, kept["id"])["id"], "Terlambat", now=after)
    assert refused.value.errors[0].code == "einvoice.cancel_window_closed"


def test_lhdn_is_asked_about_a_tin_through_the_companys_own_client(tenant: Identity, simulator: Any) -> None:
    from tests.support.events import api_event, invoke, load_handler

    def ask(who: Identity, tin: str, id_value: str) -> tuple[int, dict[str, Any]]:
        query = {"tin": tin, "id_type": "BRN", "id_value": id_value}
        return invoke(
            load_handler("einvoices/validate_tin.py"), api_event("GET", "/v1/einvoicing/tin", who, query=query)
        )

    simulator.register_unregistered_tin("C8888888880")
    status, known = ask(tenant, ADDRESSES["tin"], ADDRESSES["brn"])
    assert (status, known["valid"]) == (200, True), known
    status, unknown = ask(tenant, "C8888888880", "202001099999")
    assert (status, unknown["valid"]) == (200, False), unknown
    status, malformed = ask(tenant, "not-a-tin", "1")
    assert status == 422 and malformed["errors"][0]["field"] == "query.tin", malformed
    stranger = with_profile(seed_tenant("tnt_EINVNONE"), COMPANY)  # e-invoicing never set up
    status, refused = ask(stranger, ADDRESSES["tin"], ADDRESSES["brn"])
    assert status == 409 and refused["errors"][0]["code"] == "einvoice.not_set_up", refused
