"""The lifecycle actions every sales document has (submit, cancel), and the company's sales settings."""

from collections.abc import Callable
from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.idempotency import idempotent_post
from ledgerlet.api.problems import answers
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.sales.documents import CancelRequest, SalesKind, SubmitRequest, cancel, submit
from ledgerlet.sales.settings import SalesSettings, SalesSettingsUpdate, read_settings, update_settings

Registration = Callable[[APIGatewayRestResolver], None]


def submit_route(sales: SalesKind, effect: str) -> Registration:
    """``POST /v1/<applet>/{id}/submit`` (``effect``: what submitting does besides fixing it, for the docs)."""

    def register(app: APIGatewayRestResolver) -> None:
        kind = sales.kind
        view = kind.view_model

        @app.post(
            f"/v1/{kind.applet}/<id>/submit",
            summary=f"Submit {kind.a_label}",
            description=f"Prices the draft once more and fixes it: prices, tax rates and amounts stay as they are "
            f"now, and it is never edited again. {effect} Send the `version` read (a draft changed since: 409).",
            tags=[kind.applet],
            operation_id=f"{kind.applet.replace('-', '_')}_submit",
            responses=answers(view),
            middlewares=[authorize(kind.applet, "submit"), idempotent_post],
        )
        def submit_document(id: Annotated[str, Path(max_length=64)], body: SubmitRequest) -> view:  # type: ignore[valid-type]
            who = caller(app)
            return view.model_validate(submit(DocumentStore(who.tenant_id), who.actor, sales, id, body))

    return register


def cancel_route(sales: SalesKind) -> Registration:
    """``POST /v1/<applet>/{id}/cancel``."""

    def register(app: APIGatewayRestResolver) -> None:
        kind = sales.kind
        view = kind.view_model

        @app.post(
            f"/v1/{kind.applet}/<id>/cancel",
            summary=f"Cancel {kind.a_label}",
            description="A draft at any time; a submitted one while no later document took from it "
            "(409 `sales.has_downstream`). What it took from its source becomes available there again.",
            tags=[kind.applet],
            operation_id=f"{kind.applet.replace('-', '_')}_cancel",
            responses=answers(view),
            middlewares=[authorize(kind.applet, "cancel"), idempotent_post],
        )
        def cancel_document(id: Annotated[str, Path(max_length=64)], body: CancelRequest) -> view:  # type: ignore[valid-type]
            who = caller(app)
            return view.model_validate(cancel(DocumentStore(who.tenant_id), who.actor, sales, id, body))

    return register


def register_settings(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/sales/settings",
        summary="The company's sales settings",
        tags=["sales-orders"],
        operation_id="sales_settings",
        responses=answers(SalesSettings),
        middlewares=[authorize("sales-orders", "read")],
    )
    def settings() -> SalesSettings:
        return read_settings(caller(app).tenant_id)


def register_update_settings(app: APIGatewayRestResolver) -> None:
    @app.put(
        "/v1/sales/settings",
        summary="Change the company's sales settings",
        description="How tax is rounded, a quotation's default validity, over-delivery and invoicing before "
        "delivery. Send the `version` read; a stale one answers 409. Documents already submitted keep "
        "their figures.",
        tags=["sales-orders"],
        operation_id="sales_settings_update",
        responses=answers(SalesSettings),
        middlewares=[authorize("sales-orders", "manage")],
    )
    def update(body: SalesSettingsUpdate) -> SalesSettings:
        who = caller(app)
        return update_settings(who.tenant_id, body, who.user_id)
