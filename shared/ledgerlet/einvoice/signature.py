"""The MyInvois (LHDN) v1.1 signature of a JSON UBL document.

LHDN's recipe (reproduced against every signed JSON sample of the SDK, see
``shared/vectors/myinvois/README.md``):

* canonical bytes: the document with ``Invoice[0].UBLExtensions`` and ``Invoice[0].Signature`` removed,
  serialised compactly (key order kept, separators ``,``/``:``, non-ASCII written as UTF-8);
* DocDigest = Base64(SHA-256(canonical bytes));
* CertDigest = Base64(SHA-256(certificate DER));
* PropsDigest = Base64(SHA-256(compact serialisation of the ``QualifyingProperties`` object));
* SignatureValue = RSASSA-PKCS1-v1_5 / SHA-256 over the canonical bytes (not over ``SignedInfo``).

LHDN re-serialises the parsed JSON to check the digests, so what we submit must already be in that
re-serialised form: :func:`serialise` writes Decimals as the float text Python's ``json`` writes for
the parsed number (``Decimal("100.00")`` -> ``100.0``), and ``serialise(json.loads(serialise(d)))``
is ``serialise(d)``.

``cryptography`` is imported inside the functions that need it: importing this module stays cheap.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

__all__ = [
    "ALGORITHM_RSA_SHA256",
    "ALGORITHM_SHA256",
    "EXTENSION_URI",
    "SIGNED_PROPERTIES_ID",
    "SIGNED_PROPERTIES_TYPE",
    "CredentialsError",
    "SigningCredentials",
    "canonical",
    "certificate_digest",
    "check_validity",
    "credentials_to_pem",
    "document_digest",
    "load_credentials",
    "name_string",
    "properties_digest",
    "serialise",
    "sign",
    "test_credentials",
    "to_json_number",
    "verify",
]

ALGORITHM_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
ALGORITHM_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903/v1.3.2#SignedProperties"
SIGNED_PROPERTIES_ID = "id-xades-signed-props"
SIGNATURE_ID = "signature"
EXTENSION_URI = "urn:oasis:names:specification:ubl:dsig:enveloped:xades"
SIGNATURE_INFORMATION_ID = "urn:oasis:names:specification:ubl:signature:1"
DOCUMENT_SIGNATURE_ID = "urn:oasis:names:specification:ubl:signature:Invoice"

# Invoice[0] keys that are not part of the signed content.
_SIGNATURE_KEYS = ("UBLExtensions", "Signature")
# More significant digits than a double keeps for every decimal (DBL_DIG).
_MAX_SIGNIFICANT_DIGITS = 15


# --------------------------------------------------------------------------------------------------
# Serialisation and digests
# --------------------------------------------------------------------------------------------------


def to_json_number(value: Decimal) -> float:
    """The float ``json`` writes for ``value`` (its ``repr``), refusing what would not come back intact.

    ``Decimal("1436.50")`` -> ``1436.5``; ``Decimal("100.00")`` -> ``100.0``. A value that is not finite,
    carries more than 15 significant digits, or under/overflows a double raises ``ValueError``."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    if value.is_zero():
        return 0.0  # also folds -0.00 into 0.0
    digits = value.normalize().as_tuple().digits
    if len(digits) > _MAX_SIGNIFICANT_DIGITS:
        raise ValueError(
            f"{value} has {len(digits)} significant digits; at most {_MAX_SIGNIFICANT_DIGITS} survive a JSON number"
        )
    number = float(value)
    if Decimal(repr(number)) != value:  # overflow to inf, underflow to 0, or out of double range
        raise ValueError(f"{value} does not survive the round trip through a JSON number")
    return number


def _json_default(value: object) -> Any:
    if isinstance(value, Decimal):
        return to_json_number(value)
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default).encode(
        "utf-8"
    )


def serialise(document: Mapping[str, Any]) -> bytes:
    """The compact UTF-8 bytes to submit (signature blocks kept). Decimals become JSON numbers."""
    return _dumps(document)


def _without_signature(document: Mapping[str, Any]) -> dict[str, Any]:
    invoices = document.get("Invoice")
    if not isinstance(invoices, list | tuple) or not invoices or not isinstance(invoices[0], Mapping):
        raise ValueError("the document has no Invoice[0] object")
    first = {key: value for key, value in invoices[0].items() if key not in _SIGNATURE_KEYS}
    return {**document, "Invoice": [first, *invoices[1:]]}


def canonical(document: Mapping[str, Any]) -> bytes:
    """The signed bytes: the document without ``Invoice[0].UBLExtensions``/``Signature``, compact UTF-8."""
    return _dumps(_without_signature(document))


def _digest(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def document_digest(document: Mapping[str, Any]) -> str:
    """DocDigest: Base64(SHA-256(canonical(document)))."""
    return _digest(canonical(document))


def certificate_digest(certificate_der: bytes) -> str:
    """CertDigest: Base64(SHA-256(DER of the certificate))."""
    return _digest(certificate_der)


def properties_digest(qualifying_properties: Mapping[str, Any]) -> str:
    """PropsDigest: Base64(SHA-256(compact serialisation of the QualifyingProperties object))."""
    return _digest(_dumps(qualifying_properties))


# --------------------------------------------------------------------------------------------------
# Credentials
# --------------------------------------------------------------------------------------------------


class CredentialsError(ValueError):
    """A signing key/certificate that cannot be used. ``code`` is stable (``einvoice.*``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[CredentialsError], tuple[str, str]]:
        return type(self), (self.code, self.message)


@dataclass(frozen=True)
class SigningCredentials:
    """An RSA private key and the certificate of its public key."""

    private_key: RSAPrivateKey
    certificate: x509.Certificate

    @property
    def certificate_der(self) -> bytes:
        from cryptography.hazmat.primitives.serialization import Encoding

        return self.certificate.public_bytes(Encoding.DER)


_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \1-----", re.DOTALL)


def load_credentials(data: bytes, password: bytes | None = None, *, at: datetime | None = None) -> SigningCredentials:
    """Read a PKCS#12 (.p12/.pfx) file or PEM text (private key and certificate, any order; chain
    certificates allowed) into :class:`SigningCredentials`.

    The certificate must be valid at ``at`` (default: now). Raises :class:`CredentialsError`:
    ``einvoice.certificate_unreadable`` (not PKCS#12/PEM, wrong password, no key or certificate),
    ``einvoice.certificate_not_rsa``, ``einvoice.key_mismatch``, ``einvoice.certificate_expired``,
    ``einvoice.certificate_not_yet_valid``."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise CredentialsError("einvoice.certificate_unreadable", "the certificate file must be bytes")
    data = bytes(data)
    if b"-----BEGIN " in data:
        key, certificates = _read_pem(data, password)
    else:
        key, certificates = _read_pkcs12(data, password)
    credentials = _pair(key, certificates)
    check_validity(credentials, at or datetime.now(UTC))
    return credentials


def _read_pkcs12(data: bytes, password: bytes | None) -> tuple[object, list[x509.Certificate]]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, certificate, additional = pkcs12.load_key_and_certificates(data, password)
    except (ValueError, TypeError) as exc:
        raise CredentialsError(
            "einvoice.certificate_unreadable",
            "the file is neither PEM nor a PKCS#12 (.p12/.pfx) file this password opens",
        ) from exc
    # The key's own certificate is normally returned on its own; a file without the local-key-id link
    # leaves it among the additional certificates, where _pair finds it by its public key.
    certificates = [certificate, *additional] if certificate is not None else list(additional)
    if key is None or not certificates:
        raise CredentialsError(
            "einvoice.certificate_unreadable", "the PKCS#12 file must hold both the private key and its certificate"
        )
    return key, certificates


def _read_pem(data: bytes, password: bytes | None) -> tuple[object, list[x509.Certificate]]:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key: object = None
    certificates: list[x509.Certificate] = []
    for match in _PEM_BLOCK.finditer(data):
        label, block = match.group(1), match.group(0)
        try:
            if label == b"CERTIFICATE":
                certificates.append(x509.load_pem_x509_certificate(block))
            elif label.endswith(b"PRIVATE KEY") and key is None:
                key = load_pem_private_key(block, password)
        except (ValueError, TypeError) as exc:
            what = "certificate" if label == b"CERTIFICATE" else "private key (or its password)"
            raise CredentialsError("einvoice.certificate_unreadable", f"the PEM {what} cannot be read") from exc
    if key is None or not certificates:
        raise CredentialsError(
            "einvoice.certificate_unreadable", "the PEM text must hold both a private key and a certificate"
        )
    return key, certificates


def _pair(key: object, certificates: list[x509.Certificate]) -> SigningCredentials:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

    if not isinstance(key, RSAPrivateKey):
        raise CredentialsError("einvoice.certificate_not_rsa", "the private key is not an RSA key")
    public_numbers = key.public_key().public_numbers()
    for certificate in certificates:
        try:
            public = certificate.public_key()
        except ValueError:  # unsupported key type in a chain certificate
            continue
        if isinstance(public, RSAPublicKey) and public.public_numbers() == public_numbers:
            return SigningCredentials(key, certificate)
    try:
        leaf_key = certificates[0].public_key()
    except ValueError:
        leaf_key = None
    if not isinstance(leaf_key, RSAPublicKey):
        raise CredentialsError("einvoice.certificate_not_rsa", "the certificate does not carry an RSA public key")
    raise CredentialsError("einvoice.key_mismatch", "the private key does not belong to the certificate")


def check_validity(credentials: SigningCredentials, at: datetime) -> None:
    """Raise :class:`CredentialsError` when the certificate is not valid at ``at``."""
    moment = _utc(at)
    certificate = credentials.certificate
    if moment < certificate.not_valid_before_utc:
        raise CredentialsError(
            "einvoice.certificate_not_yet_valid",
            f"the certificate is valid from {certificate.not_valid_before_utc:%Y-%m-%d %H:%M:%S} UTC",
        )
    if moment > certificate.not_valid_after_utc:
        raise CredentialsError(
            "einvoice.certificate_expired",
            f"the certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d %H:%M:%S} UTC",
        )


def credentials_to_pem(credentials: SigningCredentials, password: bytes | None = None) -> bytes:
    """PKCS#8 private key (encrypted when ``password`` is given) followed by the certificate, as PEM."""
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        Encoding,
        KeySerializationEncryption,
        NoEncryption,
        PrivateFormat,
    )

    encryption: KeySerializationEncryption = BestAvailableEncryption(password) if password else NoEncryption()
    key = credentials.private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, encryption)
    return key + credentials.certificate.public_bytes(Encoding.PEM)


TEST_REGISTRATION_NUMBER = "202401000001"
_TEST_NOT_BEFORE = datetime(2025, 1, 1, tzinfo=UTC)


@functools.cache
def test_credentials(
    common_name: str = "Ledgerlet Test", organization_identifier: str = "C29702635060"
) -> SigningCredentials:
    """A self-signed RSA 2048 certificate shaped like a Malaysian e-invoice signing certificate
    (C=MY, O, organizationIdentifier = TIN, serialNumber = registration number, CN), valid from
    2025-01-01 for ten years. Cached per arguments (key generation is slow). For tests only."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID, ObjectIdentifier

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "MY"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
            x509.NameAttribute(ObjectIdentifier("2.5.4.97"), organization_identifier),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, TEST_REGISTRATION_NUMBER),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_TEST_NOT_BEFORE)
        .not_valid_after(_TEST_NOT_BEFORE.replace(year=_TEST_NOT_BEFORE.year + 10))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SigningCredentials(key, certificate)


# Let pytest not collect the helper when a test module imports it by name.
test_credentials.__test__ = False  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------------------


def name_string(name: x509.Name) -> str:
    """A distinguished name as the LHDN samples write it: RFC 4514 attributes, most significant RDN
    first (``C=MY, O=..., OU=..., CN=...``), separated by ``", "``."""
    return ", ".join(rdn.rfc4514_string() for rdn in reversed(name.rdns))


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the time must be timezone-aware")
    return moment.astimezone(UTC)


def _value(value: str) -> list[dict[str, str]]:
    return [{"_": value}]


def _digest_method() -> list[dict[str, str]]:
    return [{"_": "", "Algorithm": ALGORITHM_SHA256}]


def sign(document: Mapping[str, Any], credentials: SigningCredentials, signing_time: datetime) -> dict[str, Any]:
    """A signed copy of ``document`` (left untouched): any existing ``UBLExtensions``/``Signature`` of
    ``Invoice[0]`` are dropped and new ones appended at its end, as in LHDN's signed samples.

    Raises ``ValueError`` for a naive ``signing_time``, a document without ``Invoice[0]`` or an amount
    that cannot be a JSON number, and :class:`CredentialsError` when the certificate is not valid at
    ``signing_time``."""
    moment = _utc(signing_time)
    check_validity(credentials, moment)
    unsigned = _plain(_without_signature(document))
    extensions, document_signature = _signature_blocks(_dumps(unsigned), credentials, moment)
    unsigned["Invoice"][0].update({"UBLExtensions": extensions, "Signature": document_signature})
    return unsigned


def sign_to_bytes(document: Mapping[str, Any], credentials: SigningCredentials, signing_time: datetime) -> bytes:
    """``serialise(sign(document, ...))``, made without copying the document or serialising it twice: the
    signature blocks are spliced into the signed bytes at the end of ``Invoice[0]`` (where :func:`sign`
    appends them). For a document whose ``Invoice`` is not its last key or holds more than one invoice,
    it falls back to :func:`sign`."""
    moment = _utc(signing_time)
    check_validity(credentials, moment)
    unsigned = _without_signature(document)
    signed_bytes = _dumps(unsigned)
    extensions, document_signature = _signature_blocks(signed_bytes, credentials, moment)
    if list(unsigned)[-1] != "Invoice" or len(unsigned["Invoice"]) != 1 or not signed_bytes.endswith(b"}]}"):
        return serialise(sign(document, credentials, signing_time))
    blocks = b',"UBLExtensions":' + _dumps(extensions) + b',"Signature":' + _dumps(document_signature)
    return signed_bytes[:-3] + blocks + signed_bytes[-3:]


def _signature_blocks(
    signed_bytes: bytes, credentials: SigningCredentials, moment: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``UBLExtensions`` (XAdES) and ``Signature`` blocks signing ``signed_bytes`` at ``moment``."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    facts = _certificate_facts(credentials)

    qualifying_properties = {
        "Target": SIGNATURE_ID,
        "SignedProperties": [
            {
                "Id": SIGNED_PROPERTIES_ID,
                "SignedSignatureProperties": [
                    {
                        "SigningTime": _value(moment.strftime("%Y-%m-%dT%H:%M:%SZ")),
                        "SigningCertificate": [
                            {
                                "Cert": [
                                    {
                                        "CertDigest": [
                                            {
                                                "DigestMethod": _digest_method(),
                                                "DigestValue": _value(facts.digest),
                                            }
                                        ],
                                        "IssuerSerial": facts.issuer_serial(),
                                    }
                                ]
                            }
                        ],
                    }
                ],
            }
        ],
    }
    signature_value = credentials.private_key.sign(signed_bytes, padding.PKCS1v15(), hashes.SHA256())
    signature = {
        "Id": SIGNATURE_ID,
        "Object": [{"QualifyingProperties": [qualifying_properties]}],
        "KeyInfo": [
            {
                "X509Data": [
                    {
                        "X509Certificate": _value(facts.der_base64),
                        "X509SubjectName": _value(facts.subject),
                        "X509IssuerSerial": facts.issuer_serial(),
                    }
                ]
            }
        ],
        "SignatureValue": _value(base64.b64encode(signature_value).decode("ascii")),
        "SignedInfo": [
            {
                "SignatureMethod": [{"_": "", "Algorithm": ALGORITHM_RSA_SHA256}],
                "Reference": [
                    {
                        "Type": SIGNED_PROPERTIES_TYPE,
                        "URI": f"#{SIGNED_PROPERTIES_ID}",
                        "DigestMethod": _digest_method(),
                        "DigestValue": _value(properties_digest(qualifying_properties)),
                    },
                    {
                        "Type": "",
                        "URI": "",
                        "DigestMethod": _digest_method(),
                        "DigestValue": _value(_digest(signed_bytes)),
                    },
                ],
            }
        ],
    }
    extensions = [
        {
            "UBLExtension": [
                {
                    "ExtensionURI": _value(EXTENSION_URI),
                    "ExtensionContent": [
                        {
                            "UBLDocumentSignatures": [
                                {
                                    "SignatureInformation": [
                                        {
                                            "ID": _value(SIGNATURE_INFORMATION_ID),
                                            "ReferencedSignatureID": _value(DOCUMENT_SIGNATURE_ID),
                                            "Signature": [signature],
                                        }
                                    ]
                                }
                            ]
                        }
                    ],
                }
            ]
        }
    ]
    document_signature = [{"ID": _value(DOCUMENT_SIGNATURE_ID), "SignatureMethod": _value(EXTENSION_URI)}]
    return extensions, document_signature


@dataclass(frozen=True)
class _CertificateFacts:
    """What every signature by one certificate repeats, worked out once per certificate."""

    digest: str
    der_base64: str
    subject: str
    issuer: str
    serial: str

    def issuer_serial(self) -> list[dict[str, Any]]:
        return [{"X509IssuerName": _value(self.issuer), "X509SerialNumber": _value(self.serial)}]


_FACTS: dict[bytes, _CertificateFacts] = {}


def _certificate_facts(credentials: SigningCredentials) -> _CertificateFacts:
    der = credentials.certificate_der
    found = _FACTS.get(der)
    if found is None:
        certificate = credentials.certificate
        found = _CertificateFacts(
            digest=certificate_digest(der),
            der_base64=base64.b64encode(der).decode("ascii"),
            subject=name_string(certificate.subject),
            issuer=name_string(certificate.issuer),
            serial=str(certificate.serial_number),
        )
        _FACTS[der] = found
    return found


def _plain(value: Any) -> Any:
    """A deep copy made of dicts and lists (the signed document shares nothing with the input)."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


# --------------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------------


class _Malformed(Exception):
    pass


def _at(value: Any, *path: str | int) -> Any:
    """``value[path...]``, raising :class:`_Malformed` naming the path when it is not there."""
    where = ""
    for step in path:
        where += f"[{step}]" if isinstance(step, int) else f".{step}"
        try:
            if isinstance(step, int):
                if not isinstance(value, list | tuple):
                    raise TypeError
                value = value[step]
            else:
                if not isinstance(value, Mapping):
                    raise TypeError
                value = value[step]
        except (KeyError, IndexError, TypeError):
            raise _Malformed(f"structure: {where.lstrip('.')} is missing or malformed") from None
    return value


def _text(value: Any, *path: str | int) -> str:
    found = _at(value, *path, 0, "_")
    if not isinstance(found, str):
        raise _Malformed(f"structure: {'.'.join(str(step) for step in path)} is not a string")
    return found


def verify(document: Mapping[str, Any]) -> list[str]:
    """What is wrong with the signature of ``document`` (empty: valid). Never raises.

    Each problem starts with a stable prefix: ``structure:``, ``document_digest:``,
    ``properties_digest:``, ``certificate:``, ``certificate_digest:``, ``issuer_serial:``,
    ``signature_value:``."""
    try:
        return _verify(document)
    except _Malformed as exc:
        return [str(exc)]
    except Exception as exc:  # malformed input must be reported, not raised
        return [f"structure: cannot be checked ({type(exc).__name__}: {exc})"]


def _verify(document: Mapping[str, Any]) -> list[str]:
    if not isinstance(document, Mapping):
        return ["structure: the document is not a JSON object"]
    invoices = document.get("Invoice")
    if not isinstance(invoices, list | tuple) or not invoices or not isinstance(invoices[0], Mapping):
        return ["structure: the document has no Invoice[0] object"]
    invoice = invoices[0]
    signature = _at(invoice, *_SIGNATURE_PATH)
    problems: list[str] = []
    if "Signature" not in invoice:
        problems.append("structure: Invoice[0].Signature (cac:Signature) is missing")
    try:
        signed_bytes = canonical(document)
    except (ValueError, TypeError) as exc:
        return [*problems, f"structure: the document cannot be serialised ({exc})"]
    qualifying_properties = _at(signature, "Object", 0, "QualifyingProperties", 0)
    problems += _check_references(signature, signed_bytes, qualifying_properties)
    problems += _check_certificate_and_value(signature, signed_bytes, qualifying_properties)
    return problems


_SIGNATURE_PATH: tuple[str | int, ...] = (
    "UBLExtensions",
    0,
    "UBLExtension",
    0,
    "ExtensionContent",
    0,
    "UBLDocumentSignatures",
    0,
    "SignatureInformation",
    0,
    "Signature",
    0,
)


def _check_references(signature: Any, signed_bytes: bytes, qualifying_properties: Any) -> list[str]:
    """SignatureMethod, and the document and signed-properties digests SignedInfo states."""
    problems: list[str] = []
    method = _at(signature, "SignedInfo", 0, "SignatureMethod", 0, "Algorithm")
    if method != ALGORITHM_RSA_SHA256:
        problems.append(f"structure: unsupported SignatureMethod {method!r}")
    references = _at(signature, "SignedInfo", 0, "Reference")
    if not isinstance(references, list):
        raise _Malformed("structure: SignedInfo.Reference is not a list")
    by_uri = {reference.get("URI"): reference for reference in references if isinstance(reference, Mapping)}
    expected = {
        "": ("document_digest: the document digest", lambda: _digest(signed_bytes)),
        f"#{SIGNED_PROPERTIES_ID}": (
            "properties_digest: the signed properties digest",
            lambda: properties_digest(qualifying_properties),
        ),
    }
    for uri, (what, compute) in expected.items():
        reference = by_uri.get(uri)
        if reference is None:
            problems.append(f"structure: SignedInfo has no Reference with URI {uri!r}")
            continue
        if _at(reference, "DigestMethod", 0, "Algorithm") != ALGORITHM_SHA256:
            problems.append(f"structure: the Reference with URI {uri!r} does not use SHA-256")
        stated, actual = _text(reference, "DigestValue"), compute()
        if stated != actual:
            problems.append(f"{what} is {actual}, SignedInfo states {stated}")
    return problems


def _check_certificate_and_value(signature: Any, signed_bytes: bytes, qualifying_properties: Any) -> list[str]:
    """The embedded certificate against CertDigest/IssuerSerial, and the SignatureValue against its key."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

    problems: list[str] = []
    try:
        der = base64.b64decode(_text(signature, "KeyInfo", 0, "X509Data", 0, "X509Certificate"), validate=True)
        certificate = x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError):
        return ["certificate: X509Certificate is not a Base64 DER certificate"]

    cert = _at(qualifying_properties, "SignedProperties", 0, "SignedSignatureProperties", 0)
    cert = _at(cert, "SigningCertificate", 0, "Cert", 0)
    stated, actual = _text(cert, "CertDigest", 0, "DigestValue"), certificate_digest(der)
    if stated != actual:
        problems.append(
            f"certificate_digest: the embedded certificate's digest is {actual}, SigningCertificate states {stated}"
        )
    serial = _text(cert, "IssuerSerial", 0, "X509SerialNumber")
    if serial != str(certificate.serial_number):
        problems.append(
            f"issuer_serial: X509SerialNumber {serial} is not the certificate's {certificate.serial_number}"
        )

    try:
        value = base64.b64decode(_text(signature, "SignatureValue"), validate=True)
    except binascii.Error:
        return [*problems, "signature_value: SignatureValue is not Base64"]
    try:
        public_key = certificate.public_key()
    except ValueError:
        public_key = None
    if not isinstance(public_key, RSAPublicKey):
        return [*problems, "certificate: the embedded certificate does not carry an RSA public key"]
    try:
        public_key.verify(value, signed_bytes, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        problems.append("signature_value: the SignatureValue does not verify with the embedded certificate")
    return problems
