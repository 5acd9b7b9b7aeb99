"""Routes of the order-to-cash workflow: start it for an order, approve a blocked order, resume one that
waited for stock."""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path
from pydantic import Field

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.problems import answers
from ledgerlet.fields import ShortText
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import Input
from ledgerlet.sales.orders import SALES_ORDERS

OrderView = SALES_ORDERS.kind.view_model


class Decision(Input):
    approve: bool = Field(description="True lets the order go ahead; false rejects it (its workflow fails).")
    reason: ShortText | None = None


class Nothing(Input):
    pass


def register_fulfil(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/sales-orders/<id>/fulfil",
        summary="Start a submitted order's order-to-cash workflow",
        description="Confirm (credit), reserve, deliver, invoice, hand off to MyInvois, then wait for payment; "
        "it waits for an approver when the credit is blocked and for stock when some is missing.",
        tags=["sales-orders"],
        operation_id="sales_orders_fulfil",
        responses=answers(OrderView),
        middlewares=[authorize("sales-orders", "fulfil")],
    )
    def fulfil(id: Annotated[str, Path(max_length=64)], body: Nothing) -> OrderView:  # type: ignore[valid-type]
        from ledgerlet.sales.workflow import start

        who = caller(app)
        return OrderView.model_validate(start(DocumentStore(who.tenant_id), who.actor, id))


def register_approve(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/sales-orders/<id>/approve",
        summary="Decide on an order whose credit is blocked",
        description="Approved, its deliveries may go ahead and a waiting workflow goes on; rejected, the "
        "workflow fails (cancel the order to give back what it took).",
        tags=["sales-orders"],
        operation_id="sales_orders_approve",
        responses=answers(OrderView),
        middlewares=[authorize("sales-orders", "approve")],
    )
    def decide(id: Annotated[str, Path(max_length=64)], body: Decision) -> OrderView:  # type: ignore[valid-type]
        from ledgerlet.sales.workflow import approve

        who = caller(app)
        return OrderView.model_validate(approve(DocumentStore(who.tenant_id), who.actor, id, body.approve, body.reason))


def register_resume(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/sales-orders/<id>/resume",
        summary="Resume an order's workflow that waits for stock",
        description="Once stock came in: it tries to reserve again.",
        tags=["sales-orders"],
        operation_id="sales_orders_resume",
        responses=answers(OrderView),
        middlewares=[authorize("sales-orders", "fulfil")],
    )
    def resume_order(id: Annotated[str, Path(max_length=64)], body: Nothing) -> OrderView:  # type: ignore[valid-type]
        from ledgerlet.sales.workflow import resume

        who = caller(app)
        return OrderView.model_validate(resume(DocumentStore(who.tenant_id), who.actor, id))
