"""A company's e-invoice settings: whether and how often its documents go to MyInvois, its MyInvois client
id, the business activity printed as the supplier's, and the signing certificate's particulars.

Kept at ``<tenant>#EINVOICE#SETTINGS`` with a version. The client secret and the certificate with its
private key are never kept here: they are the tenant's secrets (:mod:`ledgerlet.hub.secrets`), and the
settings only say whether they are set.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ledgerlet.fields import Email, MsicCode, Phone, ShortText
from ledgerlet.hub.settings_store import SettingsStore, VersionedSettings
from ledgerlet.kinds import Input

Environment = Literal["sandbox", "production"]
SECRET = "myinvois"  # the tenant's secret: {"client_secret": ..., "credentials_pem": ...}


class CertificateFacts(BaseModel):
    """What the console shows of the uploaded certificate (the certificate itself is a secret)."""

    subject: str
    issuer: str
    serial_number: str
    not_after: str
    uploaded_at: str


class EInvoiceSettings(VersionedSettings):
    enabled: bool = Field(default=False, description="Whether the scheduled job submits this company's documents.")
    environment: Environment = Field(default="sandbox", description="LHDN's pre-production (`sandbox`) or production.")
    client_id: str | None = Field(default=None, description="The ERP's client id registered on the MyInvois portal.")
    client_secret_set: bool = Field(default=False, description="Whether the client secret is kept.")
    msic: str | None = Field(default=None, description="The supplier's MSIC code (5 digits).")
    activity: str | None = Field(default=None, description="The supplier's business activity, as printed.")
    phone: str | None = Field(default=None, description="The supplier's contact number (required by LHDN).")
    email: str | None = None
    submit_every_minutes: int = Field(default=15, description="How often pending documents are submitted.")
    consolidate_b2c: bool = Field(
        default=True,
        description="Sales to buyers without a TIN go into the monthly consolidated e-invoice instead of "
        "one e-invoice each.",
    )
    certificate: CertificateFacts | None = None


class EInvoiceSettingsUpdate(Input):
    version: int = Field(ge=0, description="The version read.")
    enabled: bool | None = None
    environment: Environment | None = None
    client_id: ShortText | None = None
    client_secret: ShortText | None = Field(default=None, description="Kept as a secret; never answered.")
    msic: MsicCode | None = None
    activity: ShortText | None = None
    phone: Phone | None = None
    email: Email | None = None
    submit_every_minutes: int | None = Field(default=None, ge=5, le=1440)
    consolidate_b2c: bool | None = None


class CertificateUpload(Input):
    version: int = Field(ge=0, description="The settings' version read.")
    certificate: str = Field(
        max_length=65536,
        pattern=r"^[A-Za-z0-9+/=\s]+$",
        description="The PKCS#12 (.p12/.pfx) file or PEM key and certificate, base64-encoded.",
    )
    password: ShortText | None = Field(default=None, description="The PKCS#12 file's password.")


def _store(tenant_id: str) -> SettingsStore:
    return SettingsStore(tenant_id, "EINVOICE", "EINVOICESETTINGS", "e-invoice settings")


def read_settings(tenant_id: str) -> EInvoiceSettings:
    return _store(tenant_id).read(EInvoiceSettings)


def update_settings(tenant_id: str, body: EInvoiceSettingsUpdate, user_id: str) -> EInvoiceSettings:
    from ledgerlet.hub.secrets import TenantSecrets

    changes = body.model_dump(exclude_unset=True, exclude_none=True, exclude={"version", "client_secret"})
    current = read_settings(tenant_id)
    if body.client_secret is not None:
        _store(tenant_id).check_version(current, body.version)
        secrets = TenantSecrets(tenant_id)
        secrets.write(SECRET, {**(secrets.read(SECRET) or {}), "client_secret": body.client_secret})
        changes["client_secret_set"] = True
    if "msic" in changes and "activity" not in changes and not current.activity:
        from ledgerlet.reference.codes import msic

        changes["activity"] = msic().get(changes["msic"])
    return _store(tenant_id).update(current, body.version, changes, user_id)


def upload_certificate(tenant_id: str, body: CertificateUpload, user_id: str) -> EInvoiceSettings:
    """Read the certificate (422 naming ``body.certificate`` when it cannot be used), keep it and its key
    as the tenant's secret, and its particulars in the settings."""
    import base64
    import binascii

    from ledgerlet.einvoice.signature import CredentialsError, credentials_to_pem, load_credentials
    from ledgerlet.errors import invalid_field
    from ledgerlet.hub.secrets import TenantSecrets
    from ledgerlet.hub.table import now_iso

    try:
        raw = base64.b64decode(body.certificate, validate=True)
        credentials = load_credentials(raw, body.password.encode() if body.password else None)
    except (ValueError, binascii.Error, CredentialsError) as error:  # not base64 at all, or not a certificate
        code = getattr(error, "code", "einvoice.certificate_unreadable")
        raise invalid_field("body.certificate", str(error) or "the certificate cannot be read", code) from error
    current = read_settings(tenant_id)
    _store(tenant_id).check_version(current, body.version)
    certificate = credentials.certificate
    facts = CertificateFacts(
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        serial_number=str(certificate.serial_number),
        not_after=certificate.not_valid_after_utc.date().isoformat(),
        uploaded_at=now_iso(),
    )
    secrets = TenantSecrets(tenant_id)
    secrets.write(SECRET, {**(secrets.read(SECRET) or {}), "credentials_pem": credentials_to_pem(credentials).decode()})
    return _store(tenant_id).update(current, body.version, {"certificate": facts}, user_id)
