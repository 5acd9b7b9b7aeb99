"""The MyInvois v1.1 JSON signature against LHDN's signed SDK samples, our own signing, credential
loading and the Decimal -> JSON number rule that keeps parse/re-serialise the identity."""

from __future__ import annotations

import base64
import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlet.einvoice import signature

VECTORS = Path(__file__).parents[3] / "shared" / "vectors" / "myinvois"
EXPECTED: dict[str, dict[str, Any]] = (
    json.loads((VECTORS / "expected-digests.json").read_text(encoding="utf-8"))
    if (VECTORS / "expected-digests.json").exists()
    else {}
)
SIGNED_JSON = sorted(
    name
    for name in EXPECTED
    if name.endswith(".json")
    and (name.startswith("1.1-") or "signed" in name)
    and (VECTORS / "samples" / name).exists()
)
SIGNING_TIME = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_the_signed_samples_are_there() -> None:
    """The vectors beside the checkout (../shared) are the oracle: without them nothing here is shown."""
    assert len(SIGNED_JSON) >= 9, VECTORS


def load(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / "samples" / name).read_text(encoding="utf-8"))


def signature_of(document: dict[str, Any]) -> dict[str, Any]:
    extension = document["Invoice"][0]["UBLExtensions"][0]["UBLExtension"][0]
    information = extension["ExtensionContent"][0]["UBLDocumentSignatures"][0]["SignatureInformation"][0]
    return information["Signature"][0]


def references(document: dict[str, Any]) -> dict[str, str]:
    return {ref["URI"]: ref["DigestValue"][0]["_"] for ref in signature_of(document)["SignedInfo"][0]["Reference"]}


def qualifying_properties(document: dict[str, Any]) -> dict[str, Any]:
    return signature_of(document)["Object"][0]["QualifyingProperties"][0]


def signing_certificate(document: dict[str, Any]) -> dict[str, Any]:
    properties = qualifying_properties(document)["SignedProperties"][0]["SignedSignatureProperties"][0]
    return properties["SigningCertificate"][0]["Cert"][0]


def unsigned(document: dict[str, Any]) -> dict[str, Any]:
    stripped = copy.deepcopy(document)
    del stripped["Invoice"][0]["UBLExtensions"]
    del stripped["Invoice"][0]["Signature"]
    return stripped


# --------------------------------------------------------------------------------------------------
# LHDN's signed samples
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SIGNED_JSON)
def test_sample_digests_are_reproduced(name: str) -> None:
    document, expected = load(name), EXPECTED[name]
    embedded = base64.b64decode(signature_of(document)["KeyInfo"][0]["X509Data"][0]["X509Certificate"][0]["_"])

    assert signature.document_digest(document) == expected["DocDigest"] == references(document)[""]
    assert (
        signature.properties_digest(qualifying_properties(document))
        == expected["PropsDigest"]
        == references(document)["#id-xades-signed-props"]
    )
    assert (
        signature.certificate_digest(embedded)
        == expected["CertDigest"]
        == signing_certificate(document)["CertDigest"][0]["DigestValue"][0]["_"]
    )


@pytest.mark.parametrize("name", SIGNED_JSON)
def test_sample_verifies(name: str) -> None:
    assert signature.verify(load(name)) == []


@pytest.mark.parametrize("name", SIGNED_JSON)
def test_canonical_bytes_drop_only_the_signature_blocks(name: str) -> None:
    document = load(name)
    assert json.loads(signature.canonical(document)) == unsigned(document)
    assert signature.canonical(document) == signature.canonical(unsigned(document))
    assert json.loads(signature.serialise(document)) == document
    assert signature.serialise(json.loads(signature.serialise(document))) == signature.serialise(document)


def test_tampered_amount_is_reported_as_document_digest() -> None:
    document = load(SIGNED_JSON[0])
    total = document["Invoice"][0]["LegalMonetaryTotal"][0]["PayableAmount"][0]
    total["_"] = total["_"] + 1

    problems = signature.verify(document)

    assert any(problem.startswith("document_digest:") for problem in problems)
    assert any(problem.startswith("signature_value:") for problem in problems)
    assert not any(problem.startswith(("certificate_digest:", "properties_digest:")) for problem in problems)


def test_tampered_signing_time_is_reported_as_properties_digest() -> None:
    document = load(SIGNED_JSON[0])
    properties = qualifying_properties(document)["SignedProperties"][0]["SignedSignatureProperties"][0]
    properties["SigningTime"][0]["_"] = "2030-01-01T00:00:00Z"

    assert [problem.split(":")[0] for problem in signature.verify(document)] == ["properties_digest"]


def test_swapped_certificate_is_reported() -> None:
    document = load(SIGNED_JSON[0])
    other = signature.test_credentials()
    signature_of(document)["KeyInfo"][0]["X509Data"][0]["X509Certificate"][0]["_"] = base64.b64encode(
        other.certificate_der
    ).decode()

    kinds = {problem.split(":")[0] for problem in signature.verify(document)}

    assert {"certificate_digest", "signature_value"} <= kinds
    assert "document_digest" not in kinds


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["Invoice"][0].pop("UBLExtensions"),
        lambda d: signature_of(d).pop("SignedInfo"),
        lambda d: signature_of(d)["KeyInfo"][0]["X509Data"][0]["X509Certificate"][0].update({"_": "not base64!"}),
        lambda d: signature_of(d)["SignatureValue"][0].update({"_": 17}),
        lambda d: d.update({"Invoice": "nothing"}),
        lambda d: d["Invoice"][0].update({"Odd": [{"_": {1, 2}}]}),
        lambda d: signature_of(d)["SignedInfo"][0].update({"Reference": []}),
    ],
)
def test_malformed_input_is_reported_not_raised(damage: Any) -> None:
    document = load(SIGNED_JSON[0])
    damage(document)

    problems = signature.verify(document)

    assert problems
    assert all(isinstance(problem, str) for problem in problems)


def test_verify_reports_non_documents() -> None:
    assert signature.verify({}) != []
    assert signature.verify(None) != []  # type: ignore[arg-type]
    assert signature.verify({"Invoice": [{}]}) != []


# --------------------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------------------


def shape(value: Any, key: str = "") -> Any:
    """The structure of a signature block with its per-signature values blanked: keys and their order,
    list lengths, and every constant (algorithm URIs, ids, reference types and URIs) kept."""
    variable = {"SigningTime", "DigestValue", "X509IssuerName", "X509SerialNumber", "X509Certificate"}
    variable |= {"X509SubjectName", "SignatureValue"}
    if isinstance(value, dict):
        return [(k, shape(v, key if k == "_" else k)) for k, v in value.items()]
    if isinstance(value, list):
        return [shape(item, key) for item in value]
    return "<value>" if key in variable else value


@pytest.mark.parametrize("name", SIGNED_JSON)
def test_signing_reproduces_the_samples_structure(name: str) -> None:
    sample = load(name)
    document = unsigned(sample)
    before = copy.deepcopy(document)

    signed = signature.sign(document, signature.test_credentials(), SIGNING_TIME)

    assert document == before  # the input is untouched
    assert signature.verify(signed) == []
    assert signature.verify(json.loads(signature.serialise(signed))) == []
    assert list(signed["Invoice"][0]) == list(sample["Invoice"][0])
    assert shape(signed["Invoice"][0]["UBLExtensions"]) == shape(sample["Invoice"][0]["UBLExtensions"])
    assert signed["Invoice"][0]["Signature"] == sample["Invoice"][0]["Signature"]
    assert signature.canonical(signed) == signature.canonical(sample)


def test_signed_values() -> None:
    credentials = signature.test_credentials()
    document = unsigned(load(SIGNED_JSON[0]))
    malaysia = timezone(timedelta(hours=8))

    signed = signature.sign(document, credentials, datetime(2026, 3, 4, 13, 6, 7, 999, tzinfo=malaysia))

    properties = qualifying_properties(signed)["SignedProperties"][0]["SignedSignatureProperties"][0]
    assert properties["SigningTime"] == [{"_": "2026-03-04T05:06:07Z"}]
    cert = signing_certificate(signed)
    assert cert["CertDigest"][0]["DigestValue"][0]["_"] == signature.certificate_digest(credentials.certificate_der)
    issuer_serial = cert["IssuerSerial"][0]
    assert issuer_serial["X509SerialNumber"][0]["_"] == str(credentials.certificate.serial_number)
    issuer = issuer_serial["X509IssuerName"][0]["_"]
    assert issuer == "CN=Ledgerlet Test, 2.5.4.5=202401000001, 2.5.4.97=C29702635060, O=Ledgerlet Test, C=MY"
    key_info = signature_of(signed)["KeyInfo"][0]["X509Data"][0]
    assert key_info["X509Certificate"][0]["_"] == base64.b64encode(credentials.certificate_der).decode()
    assert references(signed)[""] == signature.document_digest(document)


def test_name_string_matches_the_samples() -> None:
    from cryptography import x509

    sample = load(SIGNED_JSON[0])
    der = base64.b64decode(signature_of(sample)["KeyInfo"][0]["X509Data"][0]["X509Certificate"][0]["_"])
    certificate = x509.load_der_x509_certificate(der)

    stated = signing_certificate(sample)["IssuerSerial"][0]
    assert signature.name_string(certificate.issuer) == stated["X509IssuerName"][0]["_"]
    assert str(certificate.serial_number) == stated["X509SerialNumber"][0]["_"]


def test_signing_replaces_an_existing_signature() -> None:
    sample = load(SIGNED_JSON[0])

    signed = signature.sign(sample, signature.test_credentials(), SIGNING_TIME)

    assert signature.verify(signed) == []
    assert list(signed["Invoice"][0]) == list(sample["Invoice"][0])
    assert signature_of(signed) != signature_of(sample)


def test_signing_refuses_a_naive_time_and_a_time_outside_the_certificate() -> None:
    document = unsigned(load(SIGNED_JSON[0]))
    credentials = signature.test_credentials()

    with pytest.raises(ValueError, match="timezone"):
        signature.sign(document, credentials, datetime(2026, 1, 1))
    with pytest.raises(signature.CredentialsError) as refused:
        signature.sign(document, credentials, datetime(2040, 1, 1, tzinfo=UTC))
    assert refused.value.code == "einvoice.certificate_expired"


def test_signing_writes_decimals_as_json_numbers() -> None:
    document = unsigned(load(SIGNED_JSON[0]))
    document["Invoice"][0]["LegalMonetaryTotal"][0]["PayableAmount"][0]["_"] = Decimal("1436.50")

    signed = signature.sign(document, signature.test_credentials(), SIGNING_TIME)

    assert b'"PayableAmount":[{"_":1436.5,' in signature.serialise(signed)
    assert signature.verify(signed) == []
    assert signature.verify(json.loads(signature.serialise(signed))) == []


# --------------------------------------------------------------------------------------------------
# Credentials
# --------------------------------------------------------------------------------------------------


def pkcs12(credentials: signature.SigningCredentials, password: bytes | None) -> bytes:
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, NoEncryption
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12

    encryption = BestAvailableEncryption(password) if password else NoEncryption()
    return p12.serialize_key_and_certificates(
        b"ledgerlet", credentials.private_key, credentials.certificate, None, encryption
    )


def same(a: signature.SigningCredentials, b: signature.SigningCredentials) -> bool:
    return a.certificate == b.certificate and a.private_key.private_numbers() == b.private_key.private_numbers()


@pytest.mark.parametrize("password", [None, b"s3cret"])
def test_pkcs12_round_trips(password: bytes | None) -> None:
    credentials = signature.test_credentials()

    assert same(signature.load_credentials(pkcs12(credentials, password), password), credentials)


def test_pkcs12_with_the_certificate_among_the_additional_ones() -> None:
    from cryptography.hazmat.primitives.serialization import NoEncryption
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12

    credentials, ca = signature.test_credentials(), signature.test_credentials("Some CA")
    data = p12.serialize_key_and_certificates(
        None, credentials.private_key, None, [ca.certificate, credentials.certificate], NoEncryption()
    )

    assert same(signature.load_credentials(data), credentials)


def test_pkcs12_with_a_wrong_or_missing_password_is_refused() -> None:
    data = pkcs12(signature.test_credentials(), b"s3cret")

    for password in (None, b"wrong"):
        with pytest.raises(signature.CredentialsError) as refused:
            signature.load_credentials(data, password)
        assert refused.value.code == "einvoice.certificate_unreadable"


@pytest.mark.parametrize("password", [None, b"s3cret"])
def test_pem_round_trips(password: bytes | None) -> None:
    credentials = signature.test_credentials()
    pem = signature.credentials_to_pem(credentials, password)

    assert same(signature.load_credentials(pem, password), credentials)


def test_pem_with_the_certificate_first_and_a_chain() -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    credentials = signature.test_credentials()
    other = signature.test_credentials("Some CA")
    pem = signature.credentials_to_pem(credentials)
    key, certificate = pem.split(b"-----END PRIVATE KEY-----\n")
    reordered = other.certificate.public_bytes(Encoding.PEM) + certificate + key + b"-----END PRIVATE KEY-----\n"

    assert same(signature.load_credentials(reordered), credentials)


def test_mismatched_key_and_certificate_are_refused() -> None:
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12

    mine, other = signature.test_credentials(), signature.test_credentials("Someone Else")
    key = mine.private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    # cryptography will not put a foreign certificate next to the key; a file whose only certificate
    # sits in the "additional" bag reaches the same check.
    mixed_pkcs12 = p12.serialize_key_and_certificates(b"x", mine.private_key, None, [other.certificate], NoEncryption())

    for data in (key + other.certificate.public_bytes(Encoding.PEM), mixed_pkcs12):
        with pytest.raises(signature.CredentialsError) as refused:
            signature.load_credentials(data)
        assert refused.value.code == "einvoice.key_mismatch"
        assert isinstance(refused.value, ValueError)


def test_a_non_rsa_key_is_refused() -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "EC")])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(datetime(2025, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2035, 1, 1, tzinfo=UTC))
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()) + certificate.public_bytes(Encoding.PEM)

    with pytest.raises(signature.CredentialsError) as refused:
        signature.load_credentials(pem)
    assert refused.value.code == "einvoice.certificate_not_rsa"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"garbage",
        b"\x30\x82\x01\x00" + bytes(300),
        b"-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n",
    ],
)
def test_garbage_is_refused(data: bytes) -> None:
    with pytest.raises(signature.CredentialsError) as refused:
        signature.load_credentials(data)
    assert refused.value.code == "einvoice.certificate_unreadable"


def test_a_certificate_alone_is_refused() -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    with pytest.raises(signature.CredentialsError) as refused:
        signature.load_credentials(signature.test_credentials().certificate.public_bytes(Encoding.PEM))
    assert refused.value.code == "einvoice.certificate_unreadable"


def test_an_expired_certificate_is_refused() -> None:
    pem = signature.credentials_to_pem(signature.test_credentials())

    with pytest.raises(signature.CredentialsError) as refused:
        signature.load_credentials(pem, at=datetime(2035, 6, 1, tzinfo=UTC))
    assert refused.value.code == "einvoice.certificate_expired"
    with pytest.raises(signature.CredentialsError) as early:
        signature.load_credentials(pem, at=datetime(2024, 6, 1, tzinfo=UTC))
    assert early.value.code == "einvoice.certificate_not_yet_valid"


def test_test_credentials_look_like_an_lhdn_signing_certificate() -> None:
    from cryptography.x509.oid import NameOID, ObjectIdentifier

    credentials = signature.test_credentials("Kedai Runcit Sdn Bhd", "C12345678901")
    subject = credentials.certificate.subject

    assert credentials is signature.test_credentials("Kedai Runcit Sdn Bhd", "C12345678901")
    assert credentials.private_key.key_size == 2048
    assert subject.get_attributes_for_oid(NameOID.COUNTRY_NAME)[0].value == "MY"
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Kedai Runcit Sdn Bhd"
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Kedai Runcit Sdn Bhd"
    assert subject.get_attributes_for_oid(ObjectIdentifier("2.5.4.97"))[0].value == "C12345678901"
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    validity = credentials.certificate.not_valid_after_utc - credentials.certificate.not_valid_before_utc
    assert validity.days >= 3650


def test_import_is_cheap() -> None:
    import subprocess
    import sys

    code = "import sys, ledgerlet.einvoice.signature; print('cryptography' in sys.modules)"
    shared = Path(__file__).parents[2] / "shared"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=shared)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------------------------------
# Decimal amounts as JSON numbers
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1436.50"), b"1436.5"),
        (Decimal("100.00"), b"100.0"),
        (Decimal("0.00"), b"0.0"),
        (Decimal("-0.00"), b"0.0"),
        (Decimal("999999999.99"), b"999999999.99"),
        (Decimal("0.000001"), b"1e-06"),
        (Decimal("6.000000"), b"6.0"),
        (Decimal("123456789012.345"), b"123456789012.345"),
    ],
)
def test_decimal_is_written_as_pythons_json_rewrites_it(value: Decimal, text: bytes) -> None:
    assert signature.serialise({"v": value}) == b'{"v":' + text + b"}"
    assert signature.serialise(json.loads(signature.serialise({"v": value}))) == signature.serialise({"v": value})


@pytest.mark.parametrize(
    "value",
    [
        Decimal("1234567890123456.7"),
        Decimal("0.1234567890123456"),
        Decimal("NaN"),
        Decimal("Infinity"),
        Decimal("1E+400"),
    ],
)
def test_decimal_that_would_not_survive_is_refused(value: Decimal) -> None:
    with pytest.raises(ValueError):
        signature.serialise({"v": value})
    with pytest.raises(ValueError):
        signature.canonical({"Invoice": [{"v": value}]})


def test_non_ascii_is_written_as_utf8_and_key_order_kept() -> None:
    document = {"z": "Kedai Ñyonya 茶", "a": [{"_": "é"}], "m": (1, 2)}

    assert signature.serialise(document) == '{"z":"Kedai Ñyonya 茶","a":[{"_":"é"}],"m":[1,2]}'.encode()


amounts = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("999999999.99"), places=2)
rates = st.integers(min_value=0, max_value=6).flatmap(
    lambda places: st.decimals(min_value=Decimal(0), max_value=Decimal(1000), places=places)
)
texts = st.text(max_size=12)


def amount_field(value: Decimal) -> list[dict[str, Any]]:
    return [{"_": value, "currencyID": "MYR"}]


invoice_lines = st.builds(
    lambda id_, quantity, price, rate, total, name: {
        "ID": [{"_": id_}],
        "InvoicedQuantity": [{"_": quantity, "unitCode": "C62"}],
        "LineExtensionAmount": amount_field(total),
        "TaxTotal": [{"TaxAmount": amount_field(total), "TaxSubtotal": [{"Percent": [{"_": rate}]}]}],
        "Item": [{"Description": [{"_": name}]}],
        "Price": [{"PriceAmount": amount_field(price)}],
    },
    texts,
    rates,
    amounts,
    rates,
    amounts,
    texts,
)
documents = st.builds(
    lambda number, lines, payable, exchange: {
        "_D": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        "Invoice": [
            {
                "ID": [{"_": number}],
                "TaxExchangeRate": [{"CalculationRate": [{"_": exchange}]}],
                "LegalMonetaryTotal": [{"PayableAmount": amount_field(payable)}],
                "InvoiceLine": lines,
            }
        ],
    },
    texts,
    st.lists(invoice_lines, min_size=1, max_size=4),
    amounts,
    rates,
)


@given(documents)
def test_serialise_is_a_fixed_point_of_parse_and_reserialise(document: dict[str, Any]) -> None:
    written = signature.serialise(document)

    assert signature.serialise(json.loads(written)) == written
    assert signature.canonical(json.loads(written)) == signature.canonical(document)


@given(st.one_of(amounts, rates))
def test_decimal_values_survive_the_json_number(value: Decimal) -> None:
    parsed = json.loads(signature.serialise({"v": value}))["v"]

    assert Decimal(repr(parsed)) == value


@settings(max_examples=25, deadline=None)
@given(documents)
def test_signed_documents_with_decimals_verify_after_parsing(document: dict[str, Any]) -> None:
    signed = signature.sign(document, signature.test_credentials(), SIGNING_TIME)

    assert signature.verify(json.loads(signature.serialise(signed))) == []


def test_signing_to_bytes_is_serialising_the_signed_document() -> None:
    """The fast path (no copy, one serialisation, the blocks spliced in) writes exactly what sign() and
    serialise() write, and it verifies."""
    sample = load("1.1-Invoice-Sample.json")
    credentials = signature.test_credentials()
    fast = signature.sign_to_bytes(sample, credentials, SIGNING_TIME)
    assert fast == signature.serialise(signature.sign(sample, credentials, SIGNING_TIME))
    assert signature.verify(json.loads(fast)) == []
