"""MyInvois on the started product (issue 14's must-show): 250 invoices made over HTTP are submitted by the
scheduled job to the local MyInvois simulator, in three batches, and all end valid; one invoice to a
buyer LHDN does not know ends invalid with the simulator's error shown; a cancellation within 72 hours
succeeds and one after them is refused."""

from __future__ import annotations

import base64
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.e2e.test_order_to_cash import code, created, submitted
from tests.support.product import Client, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

TIN = "C2584563200"  # every company sign_up makes
INVOICES = 250
UNKNOWN_BUYER = "C9999999990"  # the right shape, held by nobody


def switch_on_einvoicing(company: Client, address: dict[str, str]) -> None:
    """The company's address, e-invoicing on with the simulator's client, and a certificate (PKCS#12)."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from ledgerlet.einvoice.signature import test_credentials

    profile = {**address, "state": "Kuala Lumpur"}  # the control plane keeps the state's name
    assert company.request("PATCH", "/v1/platform/tenant", {"address": profile}).status == 200
    settings = company.get("/v1/einvoicing/settings").body
    changed = company.request(
        "PUT",
        "/v1/einvoicing/settings",
        {
            "version": settings["version"],
            "enabled": True,
            "client_id": f"sim-{TIN}",
            "client_secret": "sim-secret",
            "msic": "46510",
            "phone": "+60 3-2161 0000",
            "submit_every_minutes": 5,
        },
    )
    assert changed.status == 200, changed.body
    assert changed.body["client_secret_set"] is True and "client_secret" not in changed.body
    credentials = test_credentials()
    p12 = pkcs12.serialize_key_and_certificates(
        b"niaga", credentials.private_key, credentials.certificate, None, BestAvailableEncryption(b"kata-laluan")
    )
    uploaded = company.request(
        "PUT",
        "/v1/einvoicing/certificate",
        {"version": changed.body["version"], "certificate": base64.b64encode(p12).decode(), "password": "kata-laluan"},
    )
    assert uploaded.status == 200, uploaded.body
    assert uploaded.body["certificate"]["subject"]


def test_250_invoices_go_by_the_schedule_in_three_batches_and_come_back_valid(product: str, myinvois: Any) -> None:
    myinvois.register_unregistered_tin(UNKNOWN_BUYER)
    company = sign_up(product, "Niaga Digital")
    address = {"line1": "12 Jalan Ampang", "city": "Kuala Lumpur", "postcode": "50450", "state": "14"}
    switch_on_einvoicing(company, address)
    buyer = {"billing_address": address, "phone": "+60 3-7956 1234", "brn": "202001012345"}
    known = created(company, "/v1/customers", {"name": "Syarikat Pelanggan", "tin": "C20880050010", **buyer})
    unknown = created(company, "/v1/customers", {"name": "Syarikat Misteri", "tin": UNKNOWN_BUYER, **buyer})
    mouse = created(
        company,
        "/v1/items",
        {
            "name": "Tetikus",
            "kind": "non_stock",
            "sales_price": "45.00",
            "sales_tax_code_id": code(company, "/v1/tax-codes", "SR10"),
        },
    )

    def invoice(customer_id: str) -> dict[str, Any]:
        body = {"customer_id": customer_id, "date": "2026-12-01", "lines": [{"item_id": mouse["id"], "qty": "2"}]}
        return submitted(company, "sales-invoices", created(company, "/v1/sales-invoices", body))

    with ThreadPoolExecutor(max_workers=4) as pool:
        sales = list(pool.map(invoice, [known["id"]] * INVOICES))
    bad = invoice(unknown["id"])
    everything = {sale["code"] for sale in sales} | {bad["code"]}

    def einvoices() -> list[dict[str, Any]]:
        return company.list_all("/v1/einvoices")

    queued = wait_for(lambda: einvoices() if len(einvoices()) == INVOICES + 1 else None, "queued", 120)
    assert {e["state"] for e in queued} == {"pending"}, Counter(e["state"] for e in queued)

    fired = company.request("POST", "/_localcloud/schedules/EInvoicesScheduleFunction")  # EventBridge's tick
    assert fired.status == 200, fired.body

    def decided() -> list[dict[str, Any]] | None:
        found = einvoices()
        if any(e["state"] in ("pending", "sending", "submitted") for e in found):
            company.request("POST", "/_localcloud/schedules/EInvoicesScheduleFunction")  # the next tick polls
            return None
        return found

    done = {e["code"]: e for e in wait_for(decided, "validated", 180)}
    assert set(done) == everything
    states = Counter(e["state"] for code_, e in done.items() if code_ != bad["code"])
    assert states == Counter({"valid": INVOICES}), states
    taken = [row for row in myinvois.store.documents_touching(TIN) if row["issuer_tin"] == TIN]
    assert sorted(Counter(row["submission_uid"] for row in taken).values()) == [51, 100, 100]  # three batches
    assert sorted(row["code_number"] for row in taken) == sorted(everything)  # each once

    rejected = company.get(f"/v1/einvoices/{done[bad['code']]['id']}").body
    assert rejected["state"] == "invalid", rejected
    assert any(UNKNOWN_BUYER in error["message"] for error in rejected["errors"]), rejected["errors"]

    one, other = (done[sale["code"]] for sale in sales[:2])
    assert one["validation_link"].startswith(f"{myinvois.url}/portal/{one['uuid']}/share/")
    within = company.post(f"/v1/einvoices/{one['id']}/cancel", {"reason": "Pesanan dibatalkan oleh pelanggan"})
    assert within.status == 200, within.body
    assert within.body["state"] == "cancelled"

    myinvois.advance(73 * 3600)  # MyInvois's clock: 73 hours after the validation
    late = company.post(f"/v1/einvoices/{other['id']}/cancel", {"reason": "Terlambat"})
    assert late.status == 409, late.body
    assert company.get(f"/v1/einvoices/{other['id']}").body["state"] == "valid"


def wait_for(found: Any, what: str, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = found()
        if value:
            return value
        assert time.monotonic() < deadline, f"not {what} within {timeout}s"
        time.sleep(1)


def test_a_malformed_certificate_is_refused_naming_the_field(product: str) -> None:
    company = sign_up(product, "Niaga Sijil")
    version = company.get("/v1/einvoicing/settings").body["version"]
    answer = company.request(
        "PUT", "/v1/einvoicing/certificate", {"version": version, "certificate": base64.b64encode(b"nope").decode()}
    )
    assert answer.status == 422, answer.body
    assert answer.body["errors"][0]["field"] == "body.certificate"
    assert company.get("/v1/einvoicing/settings").body.get("certificate") is None
