"""Document checks of the MyInvois simulator: the synchronous submit-time checks and the background
validators (structure, core fields, signature, taxpayer, totals).

Written from LHDN's SDK pages on purpose, independently of ``ledgerlet.einvoice``: the simulator is the
product's counterpart, so sharing code with it would make both agree on the same mistakes.

Error objects follow LHDN's validation-step shape (``propertyName``, ``propertyPath``, ``errorCode``,
``error``, ``errorMS``, ``innerError``) plus ``target``. Codes not published by LHDN are prefixed ``SIM``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

MAX_DOCUMENT_BYTES = 300 * 1024
MAX_SUBMISSION_BYTES = 5 * 1024 * 1024
MAX_DOCUMENTS = 100
ISSUE_WINDOW = timedelta(hours=72)
FUTURE_SKEW = timedelta(minutes=5)
TOLERANCE = Decimal("0.01")

TIN_SHAPE = re.compile(r"^(?:IG\d{9,11}|EI\d{11}|[A-Z]{1,2}\d{8,12})$")
TYPE_NAMES = {
    "01": "Invoice",
    "02": "Credit Note",
    "03": "Debit Note",
    "04": "Refund Note",
    "11": "Self-billed Invoice",
    "12": "Self-billed Credit Note",
    "13": "Self-billed Debit Note",
    "14": "Self-billed Refund Note",
}
SELF_BILLED = {"11", "12", "13", "14"}
SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256"
RSA_SHA256_URI = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"


def valid_tin_shape(tin: str) -> bool:
    """Whether ``tin`` looks like an LHDN TIN (IG… for individuals, C…/D…/E…/… for others, EI… general)."""
    return bool(TIN_SHAPE.match(tin or ""))


def step_error(code: str, message: str, path: str | None, inner: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One error in LHDN's validation error shape."""
    name = path.rsplit(".", 1)[-1] if path else None
    return {
        "propertyName": name,
        "propertyPath": path,
        "target": name,
        "errorCode": code,
        "error": message,
        "errorMS": message,
        "innerError": inner,
    }


# --- reading the UBL JSON ------------------------------------------------------------------------


def first(node: Any, *keys: str | int) -> Any:
    """Walk ``node`` through keys (dict keys or list indexes); ``None`` as soon as anything is missing."""
    for key in keys:
        if isinstance(key, int):
            if not isinstance(node, list) or len(node) <= key:
                return None
            node = node[key]
        else:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
    return node


def text(node: Any, *keys: str | int) -> Any:
    """The ``_`` value of ``node[keys][0]`` (UBL JSON wraps every leaf as ``[{"_": value}]``)."""
    return first(node, *keys, 0, "_")


def amount(node: Any, *keys: str | int) -> Decimal | None:
    value = text(node, *keys)
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def party_ids(party: Any) -> dict[str, str]:
    """``{schemeID: value}`` of a ``Party``'s ``PartyIdentification`` list."""
    out: dict[str, str] = {}
    for ident in first(party, "PartyIdentification") or []:
        node = first(ident, "ID", 0)
        if isinstance(node, dict) and isinstance(node.get("schemeID"), str):
            out[node["schemeID"]] = str(node.get("_", ""))
    return out


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """LHDN's JSON canonical form: without ``Invoice[0].UBLExtensions``/``Signature``, compact, UTF-8."""
    copy = dict(document)
    invoices = copy.get("Invoice")
    if isinstance(invoices, list) and invoices and isinstance(invoices[0], dict):
        head = {k: v for k, v in invoices[0].items() if k not in ("UBLExtensions", "Signature")}
        copy["Invoice"] = [head, *invoices[1:]]
    return json.dumps(copy, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def b64_sha256(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


# --- synchronous (submit-time) reading ------------------------------------------------------------


@dataclass
class Facts:
    """What the simulator stores about an accepted document, read from its JSON."""

    internal_id: str = ""
    type_code: str = ""
    type_version: str = ""
    issued: datetime | None = None
    supplier_tin: str = ""
    supplier_name: str = ""
    buyer_tin: str = ""
    buyer_name: str = ""
    buyer_id: str = ""
    buyer_id_type: str = ""
    supplier_id: str = ""
    supplier_id_type: str = ""
    totals: dict[str, float] = field(default_factory=dict)


def issued_at(inv: Any) -> datetime | None:
    date, time_ = text(inv, "IssueDate"), text(inv, "IssueTime")
    if not isinstance(date, str) or not isinstance(time_, str):
        return None
    try:
        stamp = datetime.fromisoformat(f"{date}T{time_.rstrip('Z')}")
    except ValueError:
        return None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def _id_pair(ids: dict[str, str]) -> tuple[str, str]:
    for scheme in ("BRN", "NRIC", "PASSPORT", "ARMY"):
        if ids.get(scheme):
            return ids[scheme], scheme
    return "", ""


def read_facts(document: dict[str, Any]) -> Facts:
    """Best-effort summary of a parsed document (missing parts stay empty; the validators report them)."""
    inv = first(document, "Invoice", 0)
    facts = Facts()
    if not isinstance(inv, dict):
        return facts
    facts.internal_id = str(text(inv, "ID") or "")
    type_node = first(inv, "InvoiceTypeCode", 0) or {}
    facts.type_code = str(type_node.get("_", "")) if isinstance(type_node, dict) else ""
    facts.type_version = str(type_node.get("listVersionID", "")) if isinstance(type_node, dict) else ""
    facts.issued = issued_at(inv)
    supplier = first(inv, "AccountingSupplierParty", 0, "Party", 0)
    buyer = first(inv, "AccountingCustomerParty", 0, "Party", 0)
    s_ids, b_ids = party_ids(supplier), party_ids(buyer)
    facts.supplier_tin, facts.buyer_tin = s_ids.get("TIN", ""), b_ids.get("TIN", "")
    facts.supplier_id, facts.supplier_id_type = _id_pair(s_ids)
    facts.buyer_id, facts.buyer_id_type = _id_pair(b_ids)
    facts.supplier_name = str(text(supplier, "PartyLegalEntity", 0, "RegistrationName") or "")
    facts.buyer_name = str(text(buyer, "PartyLegalEntity", 0, "RegistrationName") or "")
    total = first(inv, "LegalMonetaryTotal", 0)
    for key, src in (
        ("totalExcludingTax", "TaxExclusiveAmount"),
        ("totalDiscount", "AllowanceTotalAmount"),
        ("totalNetAmount", "LineExtensionAmount"),
        ("totalPayableAmount", "PayableAmount"),
    ):
        value = amount(total, src)
        facts.totals[key] = float(value) if value is not None else 0.0
    return facts


# --- background validators ------------------------------------------------------------------------


@dataclass
class Context:
    """What the validators need besides the document."""

    submitter_tin: str
    received: datetime
    is_registered: Callable[[str], bool]


Step = dict[str, Any]


def _step(name: str, errors: list[dict[str, Any]], outer_code: str, outer_message: str) -> Step:
    if not errors:
        return {"status": "Valid", "name": name}
    return {"status": "Invalid", "name": name, "error": step_error(outer_code, outer_message, None, errors)}


REQUIRED = (
    ("ID", "Invoice.ID"),
    ("IssueDate", "Invoice.IssueDate"),
    ("IssueTime", "Invoice.IssueTime"),
    ("InvoiceTypeCode", "Invoice.InvoiceTypeCode"),
    ("DocumentCurrencyCode", "Invoice.DocumentCurrencyCode"),
    ("AccountingSupplierParty", "Invoice.AccountingSupplierParty"),
    ("AccountingCustomerParty", "Invoice.AccountingCustomerParty"),
    ("InvoiceLine", "Invoice.InvoiceLine"),
    ("TaxTotal", "Invoice.TaxTotal"),
    ("LegalMonetaryTotal", "Invoice.LegalMonetaryTotal"),
)


def check_structure(document: Any) -> list[dict[str, Any]]:
    inv = first(document, "Invoice", 0)
    if not isinstance(inv, dict):
        return [step_error("SIM-STRUCT", "Invoice[0] is missing", "Invoice")]
    errors = []
    for key, path in REQUIRED:
        node = inv.get(key)
        if not isinstance(node, list) or not node:
            errors.append(step_error("SIM-STRUCT", f"{key} is required", path))
    for key in ("AccountingSupplierParty", "AccountingCustomerParty"):
        if inv.get(key) and not isinstance(first(inv, key, 0, "Party", 0), dict):
            errors.append(step_error("SIM-STRUCT", "Party is required", f"Invoice.{key}.Party"))
    return errors


def check_core_fields(document: Any, ctx: Context) -> list[dict[str, Any]]:
    inv = first(document, "Invoice", 0)
    errors = []
    type_node = first(inv, "InvoiceTypeCode", 0)
    code = type_node.get("_") if isinstance(type_node, dict) else None
    if code not in TYPE_NAMES:
        errors.append(step_error("CF001", f"Invalid e-invoice type code {code!r}", "Invoice.InvoiceTypeCode"))
    version = type_node.get("listVersionID") if isinstance(type_node, dict) else None
    if version != "1.1":
        errors.append(
            step_error("CF002", "Document version (listVersionID) must be 1.1", "Invoice.InvoiceTypeCode.listVersionID")
        )
    issued = issued_at(inv)
    if issued is None:
        errors.append(step_error("CF003", "IssueDate/IssueTime are not a valid UTC date and time", "Invoice.IssueTime"))
    elif issued < ctx.received - ISSUE_WINDOW:
        errors.append(
            step_error(
                "CF321",
                "Issuance date time value of the document is too old and cannot be submitted",
                "Invoice.IssueDate",
            )
        )
    elif issued > ctx.received + FUTURE_SKEW:
        errors.append(
            step_error("CF322", "Issuance date time value of the document is in the future", "Invoice.IssueDate")
        )
    currency = text(inv, "DocumentCurrencyCode")
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        errors.append(
            step_error("CF004", "DocumentCurrencyCode must be an ISO 4217 code", "Invoice.DocumentCurrencyCode")
        )
    for key in ("AccountingSupplierParty", "AccountingCustomerParty"):
        party = first(inv, key, 0, "Party", 0)
        if not party_ids(party).get("TIN"):
            errors.append(step_error("CF005", "Party TIN is required", f"Invoice.{key}.Party.PartyIdentification.TIN"))
        if not text(party, "PartyLegalEntity", 0, "RegistrationName"):
            errors.append(
                step_error("CF006", "Party name is required", f"Invoice.{key}.Party.PartyLegalEntity.RegistrationName")
            )
    return errors


def _signature_node(inv: Any) -> Any:
    return first(
        inv, "UBLExtensions", 0, "UBLExtension", 0, "ExtensionContent", 0, "UBLDocumentSignatures", 0,
        "SignatureInformation", 0, "Signature", 0,
    )  # fmt: skip


def _check_certificate(sig: Any, base: str) -> tuple[x509.Certificate | None, list[dict[str, Any]]]:
    """The embedded certificate (DS305) and its CertDigest (DS317/DS318)."""
    errors = []
    cert_b64 = text(sig, "KeyInfo", 0, "X509Data", 0, "X509Certificate")
    cert: x509.Certificate | None = None
    der = b""
    try:
        der = base64.b64decode(str(cert_b64 or ""), validate=True)
        cert = x509.load_der_x509_certificate(der)
    except (ValueError, TypeError):
        errors.append(step_error("DS305", "X509Certificate is not valid.", f"{base}.KeyInfo.X509Data.X509Certificate"))
    qualifying = first(sig, "Object", 0, "QualifyingProperties", 0)
    signed_props = first(qualifying, "SignedProperties", 0)
    cert_digest = text(
        signed_props, "SignedSignatureProperties", 0, "SigningCertificate", 0, "Cert", 0, "CertDigest", 0, "DigestValue"
    )
    cert_path = f"{base}.Object.QualifyingProperties.SignedProperties.SigningCertificate.Cert.CertDigest"
    if not cert_digest:
        errors.append(step_error("DS317", "Certificate digest is missing or empty.", cert_path))
    elif cert is not None and cert_digest != b64_sha256(der):
        errors.append(
            step_error(
                "DS318",
                "Certificate digest value doesn't match digest calculated value from provided certificate.",
                f"{cert_path}.DigestValue",
            )
        )
    return cert, errors


def check_signature(raw_document: Any) -> list[dict[str, Any]]:
    """The v1.1 JSON signature: DocDigest, CertDigest, PropsDigest and SignatureValue (DS3xx codes)."""
    inv = first(raw_document, "Invoice", 0)
    sig = _signature_node(inv)
    base = "Invoice.UBLExtensions.UBLExtension.ExtensionContent.UBLDocumentSignatures.SignatureInformation.Signature"
    if not isinstance(sig, dict) or not first(inv, "Signature", 0):
        return [step_error("DS301", "Signature not found.", "Invoice.UBLExtensions")]
    errors = []
    canonical = canonical_bytes(raw_document)
    references = first(sig, "SignedInfo", 0, "Reference") or []
    doc_ref = next((r for r in references if isinstance(r, dict) and r.get("URI") == ""), None)
    props_ref = next((r for r in references if isinstance(r, dict) and r.get("URI") == "#id-xades-signed-props"), None)
    method = first(sig, "SignedInfo", 0, "SignatureMethod", 0, "Algorithm")
    if method != RSA_SHA256_URI:
        errors.append(
            step_error(
                "DS316",
                f"Signature method doesn't match supported method of {RSA_SHA256_URI}",
                f"{base}.SignedInfo.SignatureMethod",
            )
        )
    doc_digest = text(doc_ref, "DigestValue")
    if not doc_digest:
        errors.append(step_error("DS321", "Document digest is missing or empty.", f"{base}.SignedInfo.Reference"))
    elif doc_digest != b64_sha256(canonical):
        errors.append(
            step_error(
                "DS322",
                "Document digest value doesn't match digest calculated value from existing document content. "
                "Document content might have changed.",
                f"{base}.SignedInfo.Reference.DigestValue",
            )
        )
    cert, cert_errors = _check_certificate(sig, base)
    errors += cert_errors
    qualifying = first(sig, "Object", 0, "QualifyingProperties", 0)
    props_digest = text(props_ref, "DigestValue")
    if not props_digest:
        errors.append(
            step_error("DS319", "Signed properties section digest is missing or empty.", f"{base}.SignedInfo.Reference")
        )
    elif isinstance(qualifying, dict):
        props_bytes = json.dumps(qualifying, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        if props_digest != b64_sha256(props_bytes):
            errors.append(
                step_error(
                    "DS320",
                    "Signed properties digest value doesn't match digest calculated value from provided signed "
                    "properties section where ID is id-xades-signed-props.",
                    f"{base}.SignedInfo.Reference.DigestValue",
                )
            )
    value = text(sig, "SignatureValue")
    if not value:
        errors.append(
            step_error("DS332", "Document signature value is empty or doesn't exist.", f"{base}.SignatureValue")
        )
    elif cert is not None:
        key = cert.public_key()
        try:
            if not isinstance(key, rsa.RSAPublicKey):
                raise InvalidSignature
            key.verify(base64.b64decode(str(value)), canonical, padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            errors.append(
                step_error(
                    "DS333",
                    "Document signature value is not a valid signature of the document digest using the public key "
                    "of the certificate provided.",
                    f"{base}.SignatureValue",
                )
            )
    return errors


def check_taxpayers(document: Any, ctx: Context) -> list[dict[str, Any]]:
    inv = first(document, "Invoice", 0)
    code = text(inv, "InvoiceTypeCode")
    issuer_key, other_key = "AccountingSupplierParty", "AccountingCustomerParty"
    if code in SELF_BILLED:
        issuer_key, other_key = other_key, issuer_key
    errors = []
    issuer_tin = party_ids(first(inv, issuer_key, 0, "Party", 0)).get("TIN", "")
    path = f"Invoice.{issuer_key}.Party.PartyIdentification.TIN"
    if issuer_tin != ctx.submitter_tin:
        errors.append(
            step_error("SIM-TIN01", "The issuer TIN doesn't match the TIN of the authenticated taxpayer", path)
        )
    other_tin = party_ids(first(inv, other_key, 0, "Party", 0)).get("TIN", "")
    path = f"Invoice.{other_key}.Party.PartyIdentification.TIN"
    if other_tin and not (valid_tin_shape(other_tin) and ctx.is_registered(other_tin)):
        errors.append(step_error("SIM-TIN02", f"TIN {other_tin} is not a registered taxpayer", path))
    return errors


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def check_totals(document: Any) -> list[dict[str, Any]]:
    inv = first(document, "Invoice", 0)
    errors = []
    lmt = first(inv, "LegalMonetaryTotal", 0)
    lines = [amount(line, "LineExtensionAmount") for line in first(inv, "InvoiceLine") or []]
    allowances = charges = Decimal(0)
    for item in first(inv, "AllowanceCharge") or []:
        value = amount(item, "Amount") or Decimal(0)
        if text(item, "ChargeIndicator") is True:
            charges += value
        else:
            allowances += value
    exclusive = amount(lmt, "TaxExclusiveAmount")
    inclusive = amount(lmt, "TaxInclusiveAmount")
    tax = amount(inv, "TaxTotal", 0, "TaxAmount")
    subtotals = _sum([amount(s, "TaxAmount") for s in first(inv, "TaxTotal", 0, "TaxSubtotal") or []])
    base = "Invoice.LegalMonetaryTotal"
    if exclusive is None:
        errors.append(step_error("SIM-TOT00", "TaxExclusiveAmount is required", f"{base}.TaxExclusiveAmount"))
    elif abs(_sum(lines) - allowances + charges - exclusive) > TOLERANCE:
        errors.append(
            step_error(
                "SIM-TOT01",
                f"Sum of line amounts {_sum(lines)} less allowances {allowances} plus charges {charges} "
                f"doesn't equal TaxExclusiveAmount {exclusive}",
                f"{base}.TaxExclusiveAmount",
            )
        )
    if tax is None:
        errors.append(step_error("SIM-TOT00", "TaxTotal.TaxAmount is required", "Invoice.TaxTotal.TaxAmount"))
    elif abs(subtotals - tax) > TOLERANCE:
        errors.append(
            step_error(
                "SIM-TOT02",
                f"TaxTotal.TaxAmount {tax} doesn't equal the sum of TaxSubtotal amounts {subtotals}",
                "Invoice.TaxTotal.TaxAmount",
            )
        )
    if inclusive is None:
        errors.append(step_error("SIM-TOT00", "TaxInclusiveAmount is required", f"{base}.TaxInclusiveAmount"))
    elif exclusive is not None and tax is not None and abs(exclusive + tax - inclusive) > TOLERANCE:
        errors.append(
            step_error(
                "SIM-TOT03",
                f"TaxInclusiveAmount {inclusive} doesn't equal TaxExclusiveAmount {exclusive} plus tax {tax}",
                f"{base}.TaxInclusiveAmount",
            )
        )
    return errors


def validate(raw: bytes, ctx: Context) -> dict[str, Any]:
    """Run the background validators; ``{"status": "Valid"|"Invalid", "validationSteps": [...]}``."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        steps = [_step("Step01-Structure Validator", [step_error("DS300", "Failed to parse input document.", None)],
                       "Error01", "Structure Validator")]  # fmt: skip
        return {"status": "Invalid", "validationSteps": steps}
    structure = check_structure(document)
    steps = [_step("Step01-Structure Validator", structure, "Error01", "Invalid Structure")]
    if not structure:
        steps += [
            _step("Step02-Core Fields Validator", check_core_fields(document, ctx), "Error02", "Core Fields Validator"),
            _step("Step04-Signature Validator", check_signature(document), "Error04", "Signature Validator"),
            _step("Step05-Taxpayer Validator", check_taxpayers(document, ctx), "Error05", "Taxpayer Validator"),
            _step("Step08-Document Totals Validator", check_totals(document), "Error08", "Document Totals Validator"),
        ]
    status = "Valid" if all(s["status"] == "Valid" for s in steps) else "Invalid"
    return {"status": status, "validationSteps": steps}
