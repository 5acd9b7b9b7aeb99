"""The e-invoice applet's routes: the queue (list, read, the signed document, resubmit, cancel), the
company's settings and certificate, and a run started now."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.idempotency import idempotent_post
from ledgerlet.api.paging import Cursor, Limit
from ledgerlet.api.problems import answers
from ledgerlet.einvoice.lifecycle import STATES
from ledgerlet.einvoice.portal_routes import PORTAL_ROUTES
from ledgerlet.einvoice.settings import (
    CertificateUpload,
    EInvoiceSettings,
    EInvoiceSettingsUpdate,
    read_settings,
    update_settings,
    upload_certificate,
)
from ledgerlet.fields import ShortText

APPLET = "einvoices"
IdPath = Annotated[str, Path(max_length=80, description="The e-invoice's id (`ein_<document id>`).")]


class EInvoiceError(BaseModel):
    field: str = Field(description="The field at fault, as LHDN or the rules name it.")
    code: str
    message: str
    step: str | None = Field(default=None, description="LHDN's validation step, when LHDN found it.")


class EInvoiceEvent(BaseModel):
    at: str
    state: str
    note: str | None = None


class EInvoiceView(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    code: str = Field(description="The document's own number (LHDN's `internalId`).")
    state: str = Field(description=f"One of {', '.join(f'`{s}`' for s in STATES)}.")
    source_type: str
    source_id: str
    type_code: str = Field(description="LHDN's e-invoice type: 01 invoice, 02 credit, 03 debit, 04 refund note.")
    customer_id: str | None = None
    customer_name: str | None = None
    date: str | None = None
    currency: str
    total: str
    queued_at: str
    attempts: int = 0
    issued_at: str | None = None
    submission_uid: str | None = None
    uuid: str | None = Field(default=None, description="LHDN's id for it.")
    long_id: str | None = None
    validation_link: str | None = Field(default=None, description="LHDN's public page for it (the QR code's link).")
    validated_at: str | None = None
    cancellable_until: str | None = None
    cancel_reason: str | None = None
    waiting: str | None = Field(default=None, description="Why it has not gone yet.")
    errors: list[EInvoiceError] | None = None
    history: list[EInvoiceEvent] = []


class EInvoicePage(BaseModel):
    items: list[EInvoiceView]
    next_cursor: str | None = None


class CancelEInvoice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: ShortText = Field(min_length=1, description="Why (LHDN keeps it with the cancellation).")


class RunStarted(BaseModel):
    queued: bool


def _view(found: dict[str, Any]) -> EInvoiceView:
    return EInvoiceView.model_validate(found)


def register_list(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/einvoices",
        summary="The e-invoice queue",
        description="Every document sent (or to be sent) to MyInvois, by its number; with `state`, those in "
        "that state in the order they fell due.",
        tags=[APPLET],
        operation_id="einvoices_list",
        responses=answers(EInvoicePage),
        middlewares=[authorize(APPLET, "read")],
    )
    def listed(
        state: Annotated[str | None, Query(pattern="^(" + "|".join(STATES) + ")$")] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> EInvoicePage:
        from ledgerlet.einvoice.queue import EInvoiceQueue

        page = EInvoiceQueue(caller(app).tenant_id).listed(state, limit, cursor)
        return EInvoicePage(items=[_view(i) for i in page.items], next_cursor=page.next_cursor)


def register_get(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/einvoices/<id>",
        summary="One e-invoice: its state, LHDN's ids and validation link, errors and history",
        tags=[APPLET],
        operation_id="einvoices_get",
        responses=answers(EInvoiceView),
        middlewares=[authorize(APPLET, "read")],
    )
    def get(id: IdPath) -> EInvoiceView:
        from ledgerlet.einvoice.actions import einvoice

        return _view(einvoice(caller(app).tenant_id, id))


def register_document(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/einvoices/<id>/document",
        summary="The signed UBL 2.1 JSON document, byte for byte as sent to MyInvois",
        tags=[APPLET],
        operation_id="einvoices_document",
        middlewares=[authorize(APPLET, "read")],
    )
    def document(id: IdPath) -> Any:
        from aws_lambda_powertools.event_handler import Response

        from ledgerlet.einvoice.actions import einvoice
        from ledgerlet.errors import NotFound

        found = einvoice(caller(app).tenant_id, id)
        if not found.get("document"):
            raise NotFound(f"e-invoice {id} has not been signed yet")
        return Response(200, "application/json", str(found["document"]))


def register_resubmit(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/einvoices/<id>/resubmit",
        summary="Send an invalid or refused e-invoice again",
        description="After the document or the company's particulars are fixed: it is composed and signed "
        "again at the next run. Anything else answers 409 `einvoice.not_resubmittable`.",
        tags=[APPLET],
        operation_id="einvoices_resubmit",
        responses=answers(EInvoiceView),
        middlewares=[authorize(APPLET, "manage"), idempotent_post],
    )
    def resubmit(id: IdPath) -> EInvoiceView:
        from ledgerlet.einvoice.actions import resubmit as resubmit_einvoice

        return _view(resubmit_einvoice(caller(app).tenant_id, id))


def register_cancel(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/einvoices/<id>/cancel",
        summary="Cancel a valid e-invoice at MyInvois",
        description="Within 72 hours of its validation (after: 409 `einvoice.cancel_window_closed`, issue a "
        "credit note). MyInvois is asked first; its refusal answers 409 `einvoice.cancel_refused`.",
        tags=[APPLET],
        operation_id="einvoices_cancel",
        responses=answers(EInvoiceView),
        middlewares=[authorize(APPLET, "cancel"), idempotent_post],
    )
    def cancel(id: IdPath, body: CancelEInvoice) -> EInvoiceView:
        from ledgerlet.einvoice.actions import cancel as cancel_einvoice

        return _view(cancel_einvoice(caller(app).tenant_id, id, body.reason))


def register_settings(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/einvoicing/settings",
        summary="The company's e-invoice settings",
        tags=[APPLET],
        operation_id="einvoicing_settings",
        responses=answers(EInvoiceSettings),
        middlewares=[authorize(APPLET, "read")],
    )
    def settings() -> EInvoiceSettings:
        return read_settings(caller(app).tenant_id)


def register_update_settings(app: APIGatewayRestResolver) -> None:
    @app.put(
        "/v1/einvoicing/settings",
        summary="Change the company's e-invoice settings",
        description="Whether and how often documents are submitted, the MyInvois client id and secret (kept "
        "in Secrets Manager, never answered), MSIC code, contact and B2C consolidation. Send the `version` "
        "read; a stale one answers 409.",
        tags=[APPLET],
        operation_id="einvoicing_settings_update",
        responses=answers(EInvoiceSettings),
        middlewares=[authorize(APPLET, "manage")],
    )
    def update(body: EInvoiceSettingsUpdate) -> EInvoiceSettings:
        who = caller(app)
        return update_settings(who.tenant_id, body, who.user_id)


def register_certificate(app: APIGatewayRestResolver) -> None:
    @app.put(
        "/v1/einvoicing/certificate",
        summary="Upload the signing certificate",
        description="A PKCS#12 file (with its password) or PEM key and certificate, base64-encoded. It must "
        "hold an RSA key matching a certificate valid today (422 naming `body.certificate` otherwise). Kept "
        "in Secrets Manager; the settings show its subject, issuer and expiry.",
        tags=[APPLET],
        operation_id="einvoicing_certificate",
        responses=answers(EInvoiceSettings),
        middlewares=[authorize(APPLET, "manage")],
    )
    def certificate(body: CertificateUpload) -> EInvoiceSettings:
        who = caller(app)
        return upload_certificate(who.tenant_id, body, who.user_id)


def register_run(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/einvoicing/run",
        summary="Submit the pending e-invoices now",
        description="Queues a run for the company at once, whatever its interval (the scheduled runs go on).",
        tags=[APPLET],
        operation_id="einvoicing_run",
        responses=answers(RunStarted),
        middlewares=[authorize(APPLET, "manage")],
    )
    def run() -> RunStarted:
        from ledgerlet.einvoice.consumers import QUEUE_VARIABLE
        from ledgerlet.hub.work import send_per_tenant

        return RunStarted(queued=send_per_tenant(QUEUE_VARIABLE, [caller(app).tenant_id], force=True) == 1)


class TinCheck(BaseModel):
    tin: str
    id_type: str
    id_value: str
    valid: bool = Field(description="Whether LHDN knows this TIN with this identification.")


def register_validate_tin(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/einvoicing/tin",
        summary="Ask LHDN whether a TIN goes with an identification",
        description="MyInvois's taxpayer validation (answers cached for an hour), e.g. before a customer is "
        "saved. Needs the company's MyInvois client (409 `einvoice.not_set_up` until it is).",
        tags=[APPLET],
        operation_id="einvoicing_validate_tin",
        responses=answers(TinCheck),
        middlewares=[authorize(APPLET, "read")],
    )
    def validate_tin(
        tin: Annotated[str, Query(pattern=r"^[A-Z]{1,2}[0-9]{8,12}$", description="e.g. C2584563200")],
        id_type: Annotated[str, Query(pattern="^(BRN|NRIC|PASSPORT|ARMY)$")],
        id_value: Annotated[str, Query(min_length=1, max_length=30)],
    ) -> TinCheck:
        from ledgerlet.einvoice.actions import validate_tin as check

        valid = check(caller(app).tenant_id, tin, id_type, id_value)
        return TinCheck(tin=tin, id_type=id_type, id_value=id_value, valid=valid)


def register(app: APIGatewayRestResolver) -> None:
    for route in ROUTES:
        route(app)


ROUTES = (
    register_list,
    register_get,
    register_document,
    register_resubmit,
    register_cancel,
    register_settings,
    register_update_settings,
    register_certificate,
    register_run,
    *PORTAL_ROUTES,  # the customer portal: its links, and the public pages they open
)
