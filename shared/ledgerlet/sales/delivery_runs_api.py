"""Routes of the delivery runs applet besides create, get and list (``ledgerlet.api.crud``): a draft's update,
which moves its claims with it, dispatch, cancel and a stop's proof of delivery."""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.idempotency import idempotent_post
from ledgerlet.api.problems import answers
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.sales.delivery_runs import DELIVERY_RUNS, ProofInput, cancel_run, record_proof, submit_run, update_run
from ledgerlet.sales.documents import CancelRequest, SubmitRequest

APPLET = DELIVERY_RUNS.applet
RunView = DELIVERY_RUNS.view_model
RunUpdate = DELIVERY_RUNS.update_model
IdPath = Annotated[str, Path(max_length=64, description="The run's id.")]


def register_update(app: APIGatewayRestResolver) -> None:
    @app.patch(
        f"/v1/{APPLET}/<id>",
        summary="Update a delivery run (fields sent are changed; null clears)",
        description="A draft only (409 `document.not_draft`). `stops` replaces every stop; delivery orders "
        "taken off are free again and those added are claimed, the driver's and the vehicle's slot moved, "
        "in one write (409 naming the field when another run holds them).",
        tags=[APPLET],
        operation_id="delivery_runs_update",
        responses=answers(RunView),
        middlewares=[authorize(APPLET, "update")],
    )
    def update(id: IdPath, body: RunUpdate) -> RunView:  # type: ignore[valid-type]
        who = caller(app)
        return RunView.model_validate(update_run(DocumentStore(who.tenant_id), who.actor, id, body))


def register_submit(app: APIGatewayRestResolver) -> None:
    @app.post(
        f"/v1/{APPLET}/<id>/submit",
        summary="Dispatch a delivery run",
        description="The draft is fixed: from now on only each stop's proof of delivery is recorded on it. "
        "Send the `version` read (a draft changed since: 409).",
        tags=[APPLET],
        operation_id="delivery_runs_submit",
        responses=answers(RunView),
        middlewares=[authorize(APPLET, "submit"), idempotent_post],
    )
    def submit(id: IdPath, body: SubmitRequest) -> RunView:  # type: ignore[valid-type]
        who = caller(app)
        return RunView.model_validate(submit_run(DocumentStore(who.tenant_id), who.actor, id, body))


def register_cancel(app: APIGatewayRestResolver) -> None:
    @app.post(
        f"/v1/{APPLET}/<id>/cancel",
        summary="Cancel a delivery run",
        description="A draft, or a dispatched run with no proof recorded (409 `delivery_run.has_proof`). Its "
        "driver's and vehicle's slot and its delivery orders are free again.",
        tags=[APPLET],
        operation_id="delivery_runs_cancel",
        responses=answers(RunView),
        middlewares=[authorize(APPLET, "cancel"), idempotent_post],
    )
    def cancel(id: IdPath, body: CancelRequest) -> RunView:  # type: ignore[valid-type]
        who = caller(app)
        return RunView.model_validate(cancel_run(DocumentStore(who.tenant_id), who.actor, id, body))


def register_proof(app: APIGatewayRestResolver) -> None:
    @app.post(
        f"/v1/{APPLET}/<id>/stops/<n>/proof",
        summary="Record a stop's proof of delivery",
        description="On a dispatched run: the outcome (`delivered`, `installed` or `failed`), who received it "
        "and when, why it failed, and a signature (a PNG data URL of at most 64 KB). The delivery order's "
        "`delivery_status` becomes `delivered` or `failed`. The same proof sent again answers the run as it "
        "is; another one is refused (409 `delivery_run.proof_recorded`). The last stop's proof completes the run.",
        tags=[APPLET],
        operation_id="delivery_runs_proof",
        responses=answers(RunView),
        middlewares=[authorize(APPLET, "proof"), idempotent_post],
    )
    def proof(
        id: IdPath,
        n: Annotated[int, Path(ge=0, le=99, description="The stop's position in `stops`, from 0.")],
        body: ProofInput,
    ) -> RunView:  # type: ignore[valid-type]
        who = caller(app)
        return RunView.model_validate(record_proof(DocumentStore(who.tenant_id), who.actor, id, n, body))


ROUTES = (register_update, register_submit, register_cancel, register_proof)
