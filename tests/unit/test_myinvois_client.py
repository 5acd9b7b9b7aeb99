"""The MyInvois client against the offline MyInvois simulator (infra/myinvois_sim), in process."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import urllib3
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from myinvois_sim import Simulator, start

from ledgerlet.einvoice import client as client_module
from ledgerlet.einvoice.client import (
    MAX_SUBMISSION_BYTES,
    TOO_LARGE,
    MyInvoisAuthError,
    MyInvoisBadRequest,
    MyInvoisClient,
    MyInvoisError,
    Submittable,
    plan_batches,
)

SUPPLIER = "C2584563200"
BUYER = "C1234567890"
UTC = dt.UTC


# --- signing: a minimal v1.1 JSON signature (README recipe), independent of the product's signer ---------


class Signer:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name(
            [x509.NameAttribute(NameOID.COMMON_NAME, "Ledgerlet Test"), x509.NameAttribute(NameOID.COUNTRY_NAME, "MY")]
        )
        now = dt.datetime.now(UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365))
            .sign(self.key, hashes.SHA256())
        )
        self.der = self.cert.public_bytes(serialization.Encoding.DER)

    def sign(self, document: dict[str, Any]) -> bytes:
        canonical = compact(document)
        digest = b64sha(canonical)
        signed_props = {
            "Id": "id-xades-signed-props",
            "SignedSignatureProperties": [
                {
                    "SigningTime": [{"_": dt.datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}],
                    "SigningCertificate": [
                        {
                            "Cert": [
                                {
                                    "CertDigest": [
                                        {
                                            "DigestMethod": [
                                                {"_": "", "Algorithm": "http://www.w3.org/2001/04/xmlenc#sha256"}
                                            ],
                                            "DigestValue": [{"_": b64sha(self.der)}],
                                        }
                                    ],
                                    "IssuerSerial": [
                                        {
                                            "X509IssuerName": [{"_": self.cert.issuer.rfc4514_string()}],
                                            "X509SerialNumber": [{"_": str(self.cert.serial_number)}],
                                        }
                                    ],
                                }
                            ]
                        }
                    ],
                }
            ],
        }
        qualifying = {"Target": "signature", "SignedProperties": [signed_props]}
        value = self.key.sign(canonical, padding.PKCS1v15(), hashes.SHA256())
        signature = {
            "Id": "signature",
            "Object": [{"QualifyingProperties": [qualifying]}],
            "KeyInfo": [{"X509Data": [{"X509Certificate": [{"_": base64.b64encode(self.der).decode()}]}]}],
            "SignatureValue": [{"_": base64.b64encode(value).decode()}],
            "SignedInfo": [
                {
                    "SignatureMethod": [{"_": "", "Algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"}],
                    "Reference": [
                        {"Type": "http://uri.etsi.org/01903/v1.3.2#SignedProperties", "URI": "#id-xades-signed-props",
                         "DigestValue": [{"_": b64sha(compact(qualifying))}]},
                        {"Type": "", "URI": "", "DigestValue": [{"_": digest}]},
                    ],
                }
            ],
        }  # fmt: skip
        signed = copy.deepcopy(document)
        signed["Invoice"][0]["UBLExtensions"] = [
            {
                "UBLExtension": [
                    {
                        "ExtensionURI": [{"_": "urn:oasis:names:specification:ubl:dsig:enveloped:xades"}],
                        "ExtensionContent": [
                            {"UBLDocumentSignatures": [{"SignatureInformation": [{"Signature": [signature]}]}]}
                        ],
                    }
                ]
            }
        ]
        signed["Invoice"][0]["Signature"] = [
            {
                "ID": [{"_": "urn:oasis:names:specification:ubl:signature:Invoice"}],
                "SignatureMethod": [{"_": "urn:oasis:names:specification:ubl:dsig:enveloped:xades"}],
            }
        ]
        return compact(signed)


def compact(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def b64sha(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def leaf(value: Any, **attrs: Any) -> list[dict[str, Any]]:
    return [{"_": value, **attrs}]


def party(tin: str, name: str) -> list[dict[str, Any]]:
    return [
        {
            "Party": [
                {
                    "PartyIdentification": [
                        {"ID": leaf(tin, schemeID="TIN")},
                        {"ID": leaf("202301012345", schemeID="BRN")},
                    ],
                    "PartyLegalEntity": [{"RegistrationName": leaf(name)}],
                }
            ]
        }
    ]


def invoice(
    code: str,
    *,
    issued: dt.datetime,
    supplier: str = SUPPLIER,
    buyer: str = BUYER,
    lines: tuple[float, ...] = (100.0, 50.0),
    tax_rate: float = 0.08,
    exclusive: float | None = None,
    padding_text: str = "",
) -> dict[str, Any]:
    net = round(sum(lines), 2)
    tax = round(net * tax_rate, 2)
    body = {
        "ID": leaf(code),
        "IssueDate": leaf(issued.strftime("%Y-%m-%d")),
        "IssueTime": leaf(issued.strftime("%H:%M:%SZ")),
        "InvoiceTypeCode": leaf("01", listVersionID="1.1"),
        "DocumentCurrencyCode": leaf("MYR"),
        "AccountingSupplierParty": party(supplier, "Kedai Contoh Sdn Bhd"),
        "AccountingCustomerParty": party(buyer, "Pembeli Sdn Bhd" + padding_text),
        "TaxTotal": [
            {
                "TaxAmount": leaf(tax, currencyID="MYR"),
                "TaxSubtotal": [
                    {"TaxableAmount": leaf(net, currencyID="MYR"), "TaxAmount": leaf(tax, currencyID="MYR")}
                ],
            }
        ],
        "LegalMonetaryTotal": [
            {
                "LineExtensionAmount": leaf(net, currencyID="MYR"),
                "TaxExclusiveAmount": leaf(net if exclusive is None else exclusive, currencyID="MYR"),
                "TaxInclusiveAmount": leaf(round(net + tax, 2), currencyID="MYR"),
                "PayableAmount": leaf(round(net + tax, 2), currencyID="MYR"),
            }
        ],
        "InvoiceLine": [
            {"ID": leaf(str(i + 1)), "LineExtensionAmount": leaf(amount, currencyID="MYR")}
            for i, amount in enumerate(lines)
        ],
    }
    return {
        "_D": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        "_A": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
        "_B": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        "Invoice": [body],
    }


# --- fixtures -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer()


@pytest.fixture
def sim() -> Iterator[Simulator]:
    simulator = start(validation_delay=0.05)
    yield simulator
    simulator.stop()


ClientFactory = Callable[..., MyInvoisClient]


@pytest.fixture
def connect(sim: Simulator) -> ClientFactory:
    def make(
        tin: str = SUPPLIER, *, on_behalf_of: str | None = None, client_id: str | None = None, **kw: Any
    ) -> MyInvoisClient:
        cid = client_id or f"sim-{tin}"
        return MyInvoisClient(sim.url, sim.url, cid, "sim-secret", on_behalf_of, max_attempts=4, **kw)

    return make


@pytest.fixture
def make_doc(sim: Simulator, signer: Signer) -> Callable[..., Submittable]:
    def make(code: str, **kw: Any) -> Submittable:
        kw.setdefault("issued", sim.now() - dt.timedelta(minutes=5))
        return Submittable(code, signer.sign(invoice(code, **kw)))

    return make


def submit_and_wait(client: MyInvoisClient, docs: list[Submittable]) -> tuple[str, dict[str, Any]]:
    answer = client.submit(docs)
    assert answer.uid and len(answer.accepted) == len(docs), answer.rejected
    return answer.uid, client.wait_for_submission(answer.uid, timeout=20, interval=0.1)


def failing_steps(details: dict[str, Any]) -> dict[str, dict[str, Any]]:
    steps = details["validationResults"]["validationSteps"]
    return {s["name"]: s["error"] for s in steps if s["status"] == "Invalid"}


def inner_codes(error: dict[str, Any]) -> set[str]:
    return {e["errorCode"] for e in error["innerError"]}


# --- planning (no network) ------------------------------------------------------------------------------


def test_plan_batches_counts_sizes_and_refuses_oversize() -> None:
    small = [Submittable(f"S{i}", b"x" * 500) for i in range(250)]
    batches, refused = plan_batches(small)
    assert [len(b) for b in batches] == [100, 100, 50] and not refused
    assert [d.code_number for b in batches for d in b] == [d.code_number for d in small]

    big = Submittable("BIG", b"y" * (300 * 1024 + 1))
    near = [Submittable(f"N{i}", b"z" * (290 * 1024)) for i in range(30)]
    batches, refused = plan_batches([near[0], big, *near[1:]])
    assert refused == [(big, TOO_LARGE)]
    assert sum(len(b) for b in batches) == 30 and len(batches) == 3
    for batch in batches:
        payload = {"documents": [client_module._entry(d) for d in batch]}
        assert len(client_module._dumps(payload)) <= MAX_SUBMISSION_BYTES
    # a 290 KB document is ~387 KB of base64: 13 fit in 5 MB, 14 don't
    assert [len(b) for b in batches] == [13, 13, 4]


# --- against the simulator --------------------------------------------------------------------------------


def test_one_login_serves_many_calls_and_secret_stays_out(sim: Simulator, connect: ClientFactory) -> None:
    client = connect()
    for tin in ("C1111111110", "C2222222220", "IG12345678901"):
        assert client.validate_tin(tin, "BRN", "202301012345")
    other = connect()  # a second instance shares the process-wide token
    assert other.recent()["metadata"]["totalCount"] == 0
    assert sim.stats["logins"] == 1
    assert "sim-secret" not in repr(client)

    wrong = MyInvoisClient(sim.url, sim.url, f"sim-{SUPPLIER}", "not-the-secret")
    with pytest.raises(MyInvoisAuthError) as caught:
        wrong.recent()
    assert caught.value.code == "invalid_client" and "not-the-secret" not in str(caught.value)


def test_bad_token_is_401_and_client_logs_in_again(sim: Simulator, connect: ClientFactory) -> None:
    http = urllib3.PoolManager()
    answer = http.request("GET", f"{sim.url}/api/v1.0/documents/recent", headers={"Authorization": "Bearer nope"})
    assert answer.status == 401 and json.loads(answer.data)["error"]["code"] == "Unauthorized"
    client = connect()
    client.recent()
    sim.advance(3700)  # the simulator's token expired; the client's cache still holds it
    client.recent()
    assert sim.stats["logins"] == 2


def test_intermediary_acts_on_behalf_of_taxpayer(sim: Simulator, make_doc: Callable[..., Submittable]) -> None:
    intermediary = MyInvoisClient(sim.url, sim.url, "sim-intermediary", "sim-secret", SUPPLIER)
    _, answer = submit_and_wait(intermediary, [make_doc("OBO-1")])
    assert answer["overallStatus"] == "Valid"
    assert answer["documentSummary"][0]["issuerTin"] == SUPPLIER
    assert answer["documentSummary"][0]["createdByUserId"].endswith(":sim-intermediary")
    taxpayer = MyInvoisClient(sim.url, sim.url, f"sim-{BUYER}", "sim-secret", SUPPLIER)
    with pytest.raises(MyInvoisAuthError):
        taxpayer.recent()


def test_250_documents_in_three_batches_all_valid(
    sim: Simulator, connect: ClientFactory, make_doc: Callable[..., Submittable]
) -> None:
    client = connect()
    docs = [make_doc(f"INV-{i:04d}") for i in range(250)]
    batches, refused = plan_batches(docs)
    assert [len(b) for b in batches] == [100, 100, 50] and not refused
    uids = [client.submit(batch).uid for batch in batches]
    results = [client.wait_for_submission(uid, timeout=20, interval=0.2) for uid in uids if uid]
    assert [r["overallStatus"] for r in results] == ["Valid"] * 3
    summaries = [s for r in results for s in r["documentSummary"]]
    assert len(summaries) == 250 and all(s["status"] == "Valid" and s["longId"] for s in summaries)
    assert [s["internalId"] for s in summaries] == [d.code_number for d in docs]
    assert results[0]["documentCount"] == 100


def test_bad_signature_is_invalid_with_the_step_error(sim: Simulator, connect: ClientFactory, signer: Signer) -> None:
    client = connect()
    signed = json.loads(signer.sign(invoice("SIG-1", issued=sim.now() - dt.timedelta(minutes=1))))
    signed["Invoice"][0]["AccountingCustomerParty"][0]["Party"][0]["PartyLegalEntity"][0]["RegistrationName"] = leaf(
        "Tampered"
    )
    _, answer = submit_and_wait(client, [Submittable("SIG-1", compact(signed))])
    assert answer["overallStatus"] == "Invalid" and answer["documentSummary"][0]["longId"] is None
    details = client.document_details(answer["documentSummary"][0]["uuid"])
    assert details["validationResults"]["status"] == "Invalid"
    errors = failing_steps(details)
    assert list(errors) == ["Step04-Signature Validator"]
    assert {"DS322", "DS333"} <= inner_codes(errors["Step04-Signature Validator"])
    assert all(e["propertyPath"] for e in errors["Step04-Signature Validator"]["innerError"])


def test_unregistered_buyer_and_wrong_totals_are_invalid(
    sim: Simulator, connect: ClientFactory, make_doc: Callable[..., Submittable]
) -> None:
    client = connect()
    sim.register_unregistered_tin("C5555555550")
    docs = [
        make_doc("TIN-1", buyer="C00000000000"),
        make_doc("TIN-2", buyer="C5555555550"),
        make_doc("TOT-1", exclusive=999.0),
        make_doc("OK-1"),
    ]
    _, answer = submit_and_wait(client, docs)
    assert answer["overallStatus"] == "PartiallyValid"
    status = {s["internalId"]: s for s in answer["documentSummary"]}
    assert [status[c]["status"] for c in ("TIN-1", "TIN-2", "TOT-1", "OK-1")] == ["Invalid"] * 3 + ["Valid"]
    tin_error = failing_steps(client.document_details(status["TIN-1"]["uuid"]))["Step05-Taxpayer Validator"]
    assert tin_error["innerError"][0]["propertyPath"].startswith("Invoice.AccountingCustomerParty")
    totals = failing_steps(client.document_details(status["TOT-1"]["uuid"]))["Step08-Document Totals Validator"]
    assert "Invoice.LegalMonetaryTotal.TaxExclusiveAmount" in {e["propertyPath"] for e in totals["innerError"]}


def test_duplicates_are_rejected(sim: Simulator, connect: ClientFactory, make_doc: Callable[..., Submittable]) -> None:
    client = connect()
    first = make_doc("DUP-1")
    answer = client.submit([first])
    assert answer.accepted and not answer.rejected
    with pytest.raises(MyInvoisBadRequest) as caught:  # the identical submission again, within 10 minutes
        client.submit([first])
    assert caught.value.status == 422 and caught.value.code == "DuplicateSubmission"
    again = make_doc("DUP-1", issued=sim.now() - dt.timedelta(minutes=2))  # same number, new bytes
    answer = client.submit([again, make_doc("DUP-2")])
    assert [c for c, _ in answer.accepted] == ["DUP-2"]
    ((code, error),) = answer.rejected
    assert code == "DUP-1" and "DS302" in {d["code"] for d in error["details"]}

    mismatched = Submittable("OTHER", make_doc("DUP-3").body)
    answer = client.submit([mismatched])
    assert answer.uid is None and answer.rejected[0][1]["target"] == "codeNumber"


def test_cancel_within_72_hours_and_refused_after(
    sim: Simulator, connect: ClientFactory, make_doc: Callable[..., Submittable]
) -> None:
    client = connect()
    _, answer = submit_and_wait(client, [make_doc("CAN-1"), make_doc("CAN-2")])
    first, second = (s["uuid"] for s in answer["documentSummary"])
    assert client.cancel(first, "Wrong buyer details")["status"] == "Cancelled"
    raw = client.document_raw(first)
    assert raw["status"] == "Cancelled" and raw["documentStatusReason"] == "Wrong buyer details"
    with pytest.raises(MyInvoisBadRequest) as caught:
        client.cancel(first, "again")
    assert caught.value.code == "IncorrectState"
    sim.advance(73 * 3600)
    with pytest.raises(MyInvoisBadRequest) as caught:
        client.cancel(second, "too late")
    assert caught.value.code == "OperationPeriodOver"


def test_buyer_rejects_supplier_cannot(
    sim: Simulator, connect: ClientFactory, make_doc: Callable[..., Submittable]
) -> None:
    supplier, buyer = connect(), connect(BUYER)
    _, answer = submit_and_wait(supplier, [make_doc("REJ-1")])
    uuid = answer["documentSummary"][0]["uuid"]
    with pytest.raises(MyInvoisError) as caught:
        supplier.reject(uuid, "not mine to reject")
    assert caught.value.status == 403
    assert buyer.reject(uuid, "Wrong invoice details")["status"] == "Requested for Rejection"
    seen = buyer.document_details(uuid)
    assert seen["status"] == "Valid" and seen["rejectRequestDateTime"]


def test_429_is_waited_out(signer: Signer) -> None:
    sim = start(rate_limits={"validate_tin": 2}, rate_window=1.5, validation_delay=0.05)
    try:
        client = MyInvoisClient(sim.url, sim.url, f"sim-{SUPPLIER}", "sim-secret")
        began = time.monotonic()
        assert all(client.validate_tin(t, "BRN", "1") for t in ("C1000000010", "C1000000020", "C1000000030"))
        assert sim.stats["status.429"] >= 1 and time.monotonic() - began >= 1.0
    finally:
        sim.stop()


def test_client_paces_itself_below_the_documented_limit(sim: Simulator) -> None:
    client = MyInvoisClient(
        sim.url, sim.url, f"sim-{SUPPLIER}", "sim-secret", rate_limits={"recent": 2}, rate_window=1.0
    )
    began = time.monotonic()
    for _ in range(3):
        client.recent()
    assert time.monotonic() - began >= 0.9 and sim.stats["status.429"] == 0


def test_validate_tin_answers_are_cached(sim: Simulator, connect: ClientFactory) -> None:
    client = connect()
    assert client.validate_tin("C7777777770", "BRN", "202301012345") is True
    assert client.validate_tin("IG00000000000", "NRIC", "770625015324") is False
    assert client.validate_tin("C7777777770", "BRN", "202301012345") is True
    assert client.validate_tin("IG00000000000", "NRIC", "770625015324") is False
    assert sim.stats["validate_tin"] == 2
    with pytest.raises(MyInvoisBadRequest):
        client.validate_tin("C7777777771", "DRIVING", "x")


def test_state_survives_a_restart(tmp_path: Path, signer: Signer) -> None:
    issued = dt.datetime.now(UTC) - dt.timedelta(minutes=3)
    doc = Submittable("RST-1", signer.sign(invoice("RST-1", issued=issued)))
    pending = Submittable("RST-2", signer.sign(invoice("RST-2", issued=issued)))
    sim = start(data_dir=tmp_path)
    try:
        client = MyInvoisClient(sim.url, sim.url, f"sim-{SUPPLIER}", "sim-secret")
        uid, answer = submit_and_wait(client, [doc])
    finally:
        sim.stop()
    slow = start(data_dir=tmp_path, validation_delay=30)
    try:
        client = MyInvoisClient(slow.url, slow.url, f"sim-{SUPPLIER}", "sim-secret")
        pending_uid = client.submit([pending]).uid
    finally:
        slow.stop()
    again = start(data_dir=tmp_path)
    try:
        client = MyInvoisClient(again.url, again.url, f"sim-{SUPPLIER}", "sim-secret")
        assert client.submission(uid)["documentSummary"] == answer["documentSummary"]
        assert (
            pending_uid
            and client.wait_for_submission(pending_uid, timeout=10, interval=0.1)["overallStatus"] == "Valid"
        )
        raw = client.document_raw(answer["documentSummary"][0]["uuid"])
        assert raw["document"].encode() == doc.body
        page = urllib3.PoolManager().request("GET", raw["validationLink"])
        assert page.status == 200 and b"Valid" in page.data
        assert raw["validationLink"] == f"{again.url}/portal/{raw['uuid']}/share/{raw['longId']}"
    finally:
        again.stop()


def test_search_and_recent_filters(
    sim: Simulator, connect: ClientFactory, make_doc: Callable[..., Submittable]
) -> None:
    supplier, buyer = connect(), connect(BUYER)
    _, answer = submit_and_wait(supplier, [make_doc("LST-1"), make_doc("LST-2"), make_doc("LST-3", exclusive=1.0)])
    by_code = {s["internalId"]: s for s in answer["documentSummary"]}
    assert by_code["LST-3"]["status"] == "Invalid"

    sent = supplier.recent(InvoiceDirection="Sent")
    assert sent["metadata"]["totalCount"] == 3
    assert supplier.recent(status="Invalid")["result"][0]["internalId"] == "LST-3"
    received = buyer.recent(InvoiceDirection="Received")  # the buyer never sees Invalid documents
    assert sorted(d["internalId"] for d in received["result"]) == ["LST-1", "LST-2"]

    now = sim.now()
    window = {"issueDateFrom": now - dt.timedelta(hours=1), "issueDateTo": now}
    page = supplier.search(**window, status="Valid", pageSize=1, pageNo=2)
    assert page["metadata"] == {"totalPages": 2, "totalCount": 2, "pageNo": 2, "pageSize": 1}
    assert supplier.search(**window, searchQuery="lst-2")["result"][0]["uuid"] == by_code["LST-2"]["uuid"]
    assert buyer.search(**window, documentType="02")["metadata"]["totalCount"] == 0
    assert buyer.search(**window, invoiceDirection="Sent")["metadata"]["totalCount"] == 0
    with pytest.raises(MyInvoisBadRequest) as caught:
        supplier.search(status="Valid")
    assert caught.value.code == "BadArgument"


def test_submission_limits_answer_400(sim: Simulator, connect: ClientFactory) -> None:
    client = connect()
    token = client._login()
    entry = {"format": "JSON", "document": "e30=", "documentHash": hashlib.sha256(b"{}").hexdigest(), "codeNumber": "X"}
    answer = urllib3.PoolManager().request(
        "POST",
        f"{sim.url}/api/v1.0/documentsubmissions",
        body=json.dumps({"documents": [entry] * 101}),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert answer.status == 400 and json.loads(answer.data)["error"]["code"] == "MaximumSizeExceeded"
