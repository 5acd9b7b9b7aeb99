"""The marketplace applet's routes: the order log (what each marketplace order became, and what refused
it), and a retry of an order once what refused it is fixed."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, ConfigDict, Field

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.idempotency import idempotent_post
from ledgerlet.api.paging import Cursor, Limit
from ledgerlet.api.problems import answers

APPLET = "marketplaces"
STATES = ("importing", "imported", "error", "cancelled")
IdPath = Annotated[str, Path(max_length=40, description="The order log entry's id (`mko_...`).")]


class OrderEvent(BaseModel):
    at: str
    status: str = Field(description="The platform's status when it was read.")
    source: str = Field(description="`push`, `refetch` or `retry`.")


class OrderProblem(BaseModel):
    field: str = Field(description="Where in the order (`lines.1.sku`).")
    code: str = Field(description="The error's code (the console's errors namespace).")
    params: dict[str, Any] = {}
    message: str


class MarketplaceOrderView(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    connection_id: str
    platform: str
    shop_id: str
    order_id: str = Field(description="The platform's order number (Shopee order_sn, Lazada order id).")
    state: str = Field(description=f"One of {', '.join(f'`{s}`' for s in STATES)}.")
    order_status: str = Field(
        description="The order's status, normalised: unpaid, paid, shipped, delivered, completed, "
        "cancelled or returned."
    )
    raw_status: str
    buyer: str | None = None
    currency: str
    total: str
    error: str | None = Field(default=None, description="What refused the last import (fix it, then retry).")
    error_fields: list[str] | None = None
    errors: list[OrderProblem] | None = Field(default=None, description="The last refusal, field by field.")
    attempts: int = 0
    stock_held: bool | None = Field(default=None, description="False: the warehouse was short when it came in.")
    sales_order_id: str | None = None
    sales_order_code: str | None = None
    invoice_id: str | None = None
    invoice_code: str | None = None
    delivery_id: str | None = None
    delivery_code: str | None = None
    credit_note_id: str | None = None
    credit_note_code: str | None = None
    receipt_id: str | None = None
    receipt_code: str | None = None
    fees_payment_id: str | None = None
    fees_payment_code: str | None = None
    refund_id: str | None = None
    refund_code: str | None = None
    settlement: str | None = Field(default=None, description="`waiting` for the platform, or `received`.")
    payout: str | None = None
    imported_at: str | None = None
    created_at: str
    events: list[OrderEvent] = []


class MarketplaceOrderPage(BaseModel):
    items: list[MarketplaceOrderView]
    next_cursor: str | None = None


class RetryQueued(BaseModel):
    id: str
    queued: bool


def register_list(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/marketplace/orders",
        summary="The marketplace order log",
        description="Every marketplace order imported, the newest order first; `state=error` lists those waiting for a "
        "person (an unknown SKU, a locked period, stock short at delivery).",
        tags=[APPLET],
        operation_id="marketplace_orders_list",
        responses=answers(MarketplaceOrderPage),
        middlewares=[authorize(APPLET, "read")],
    )
    def listed(
        state: Annotated[str | None, Query(pattern="^(" + "|".join(STATES) + ")$")] = None,
        connection_id: Annotated[str | None, Query(max_length=40)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> MarketplaceOrderPage:
        from ledgerlet.hub.documents import DocumentStore, ListQuery

        equals = {name: value for name, value in (("state", state), ("connection_id", connection_id)) if value}
        page = DocumentStore(caller(app).tenant_id).list_documents(
            "MKTORDER", ListQuery(limit=limit, cursor=cursor, equals=equals, descending=True)
        )
        return MarketplaceOrderPage(
            items=[MarketplaceOrderView.model_validate(i) for i in page.items], next_cursor=page.next_cursor
        )


def register_get(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/marketplace/orders/<id>",
        summary="One marketplace order: the documents it became, its statuses and its last error",
        tags=[APPLET],
        operation_id="marketplace_orders_get",
        responses=answers(MarketplaceOrderView),
        middlewares=[authorize(APPLET, "read")],
    )
    def get(id: IdPath) -> MarketplaceOrderView:
        return MarketplaceOrderView.model_validate(_entry(caller(app).tenant_id, id))


def register_retry(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/marketplace/orders/<id>/retry",
        summary="Import a marketplace order again",
        description="Once what refused it is fixed (the item created, the period opened, stock received): the "
        "order is read from the platform again and imported, doing only what is left.",
        tags=[APPLET],
        operation_id="marketplace_orders_retry",
        responses=answers(RetryQueued),
        middlewares=[authorize(APPLET, "manage"), idempotent_post],
    )
    def retry(id: IdPath) -> RetryQueued:
        import secrets

        from ledgerlet.marketplace.receiver import queue_import

        entry = _entry(caller(app).tenant_id, id)
        queue_import(
            entry["platform"],
            entry["shop_id"],
            entry["order_id"],
            source="retry",
            deduplication_id=f"retry-{id}-{secrets.token_hex(8)}",
        )
        return RetryQueued(id=id, queued=True)


def _entry(tenant_id: str, entry_id: str) -> dict[str, Any]:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.ids import is_id

    store = DocumentStore(tenant_id)
    if not is_id(entry_id, "mko"):
        from ledgerlet.errors import NotFound

        raise NotFound(f"marketplace order {entry_id} does not exist")
    return store.require("MKTORDER", entry_id, "marketplace order")


ROUTES = (register_list, register_get, register_retry)


def register(app: APIGatewayRestResolver) -> None:
    for route in ROUTES:
        route(app)
