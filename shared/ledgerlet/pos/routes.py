"""The point of sale's routes: registers and their number blocks, shifts (open, cash in and out, close, the Z
report), sales synced in batches, their conflicts and resolution, and printed receipts.

Each function registers only its own route (``functions/pos/*.py``); :func:`register` registers them all (the
OpenAPI document)."""

from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from ledgerlet.api import crud
from ledgerlet.api.app import authorize, caller
from ledgerlet.api.paging import Cursor, Limit
from ledgerlet.api.problems import answers
from ledgerlet.hub.documents import DocumentStore, ListQuery
from ledgerlet.pos import registers, sales, shifts
from ledgerlet.printing.answer import PDF_RESPONSES, PdfAnswer, pdf_answers

APPLET = registers.APPLET
IdPath = Annotated[str, Path(max_length=64, description="The id.")]
TAGS = ["pos"]


def _store(app: APIGatewayRestResolver) -> DocumentStore:
    return DocumentStore(caller(app).tenant_id)


def _new_or_again(model: object, again: str) -> dict[int, Any]:
    """The answers of a write a register retries: 201 when it writes, 200 (``again``) when it was written."""
    return {**answers(model, 201), 200: answers(model, 200, again)[200]}


def _answer(status: int, model: object, location: str | None = None) -> Response[object]:
    headers = {"Location": location} if location else None
    return Response(status, "application/json", model, headers=headers)


# --- registers and their number blocks ----------------------------------------------------------------------


def register_registers_create(app: APIGatewayRestResolver) -> None:
    crud.register(app, registers.REGISTERS, "create")


def register_registers_get(app: APIGatewayRestResolver) -> None:
    crud.register(app, registers.REGISTERS, "get")


def register_registers_list(app: APIGatewayRestResolver) -> None:
    crud.register(app, registers.REGISTERS, "list")


def register_registers_update(app: APIGatewayRestResolver) -> None:
    crud.register(app, registers.REGISTERS, "update")


def register_registers_archive(app: APIGatewayRestResolver) -> None:
    crud.register(app, registers.REGISTERS, "archive")


def register_blocks_lease(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/pos/registers/<id>/blocks",
        status_code=201,
        summary="Lease the register's next block of receipt numbers",
        description="Takes the next `block_size` numbers of the register, atomically: two leases at once never "
        "get the same numbers. An offline register numbers its receipts from the blocks it leased "
        "(`<code>-<number zero-padded to 6>`).",
        tags=TAGS,
        operation_id="pos_blocks_lease",
        responses=answers(registers.PosBlock, 201),
        middlewares=[authorize(APPLET, "sell")],
    )
    def lease(id: IdPath) -> Response[registers.PosBlock]:
        block = registers.lease_block(_store(app), caller(app).actor, id)
        return _answer(201, registers.PosBlock.model_validate(block))  # type: ignore[return-value]


def register_blocks_list(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/pos/registers/<id>/blocks",
        summary="The register's number blocks, the latest first, with how many of each were used",
        tags=TAGS,
        operation_id="pos_blocks_list",
        responses=answers(registers.PosBlockPage),
        middlewares=[authorize(APPLET, "read")],
    )
    def listed(id: IdPath, limit: Limit = 50, cursor: Cursor = None) -> registers.PosBlockPage:
        page = registers.blocks(_store(app), id, limit, cursor)
        return registers.PosBlockPage(
            items=[registers.PosBlock.model_validate(item) for item in page.items], next_cursor=page.next_cursor
        )


# --- shifts -------------------------------------------------------------------------------------------------


ShiftView = shifts.SHIFTS.view_model
CashView = shifts.CASH_MOVEMENTS.view_model


def register_shifts_open(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/pos/shifts",
        status_code=201,
        summary="Open a shift on a register",
        description="With the id the register made: the same open again answers the shift (200). A register has "
        "one open shift at a time (409 naming `body.register_id`).",
        tags=TAGS,
        operation_id="pos_shifts_open",
        responses=_new_or_again(ShiftView, "Opened before with this id: the shift as it is"),
        middlewares=[authorize(APPLET, "sell")],
    )
    def opened(body: shifts.PosShiftCreate) -> Response[ShiftView]:  # type: ignore[valid-type]
        shift, new = shifts.open_shift(_store(app), caller(app).actor, body)
        return _answer(201 if new else 200, ShiftView.model_validate(shift), f"/v1/pos/shifts/{shift['id']}")


def register_shifts_get(app: APIGatewayRestResolver) -> None:
    crud.register(app, shifts.SHIFTS, "get")


def register_shifts_list(app: APIGatewayRestResolver) -> None:
    crud.register(app, shifts.SHIFTS, "list")


def register_shifts_cash(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/pos/shifts/<id>/cash",
        status_code=201,
        summary="Put cash into the drawer or take it out",
        description="With the id the register made: the same movement again answers it (200). A shift closed "
        "meanwhile takes it as late (its cash posts against the over/short account, which the count held).",
        tags=TAGS,
        operation_id="pos_shifts_cash",
        responses=_new_or_again(CashView, "Recorded before with this id: the movement as it is"),
        middlewares=[authorize(APPLET, "sell")],
    )
    def moved(id: IdPath, body: shifts.PosCashMovementCreate) -> Response[CashView]:  # type: ignore[valid-type]
        movement, new = shifts.record_cash(_store(app), caller(app).actor, id, body)
        return _answer(201 if new else 200, CashView.model_validate(movement))


def register_shifts_close(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/pos/shifts/<id>/close",
        summary="Close a shift with the cash counted",
        description="Expected cash = opening float + cash kept from sales (after rounding, less change) - cash "
        "refunded + cash in - cash out; the over or short (counted - expected) posts to the ledger between the "
        "drawer and the register's over/short account. The same close again answers the shift.",
        tags=TAGS,
        operation_id="pos_shifts_close",
        responses=answers(ShiftView),
        middlewares=[authorize(APPLET, "sell")],
    )
    def closed(id: IdPath, body: shifts.PosShiftClose) -> ShiftView:  # type: ignore[valid-type]
        shift, _ = shifts.close_shift(_store(app), caller(app).actor, id, body)
        return ShiftView.model_validate(shift)


def register_z_report(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/pos/shifts/<id>/z-report",
        summary="A shift's Z report",
        description="Sales and returns, first and last receipt numbers, gross, discounts, SST by code, tenders, "
        "change, rounding, the cash expected, counted and over or short, and the sales synced after the close.",
        tags=TAGS,
        operation_id="pos_shifts_z_report",
        responses=answers(shifts.PosZReport),
        middlewares=[authorize(APPLET, "read")],
    )
    def report(id: IdPath) -> shifts.PosZReport:
        return shifts.z_report(_store(app), id)


# --- sales --------------------------------------------------------------------------------------------------


SaleView = sales.SALES.view_model


def register_sales_sync(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/pos/sales",
        summary="Sync a batch of sales made at registers",
        description="Up to 100 sales, in any order, from any registers. Each is answered on its own: `recorded` "
        "(201), `duplicate` (its id was recorded before: the first answer, nothing written) or `refused` with the "
        "field at fault (`body.sales.<n>.number` outside the register's blocks or another sale's: 409). A price "
        "that differs from the books now, or stock short, records the sale as `conflict` for a person.",
        tags=TAGS,
        operation_id="pos_sales_sync",
        responses=answers(sales.PosSalesSynced),
        middlewares=[authorize(APPLET, "sell")],
    )
    def synced(body: sales.PosSalesBatch) -> sales.PosSalesSynced:
        return sales.sync_sales(_store(app), caller(app).actor, body)


def register_sales_get(app: APIGatewayRestResolver) -> None:
    crud.register(app, sales.SALES, "get")


def register_sales_list(app: APIGatewayRestResolver) -> None:
    crud.register(app, sales.SALES, "list")


def register_conflicts(app: APIGatewayRestResolver) -> None:
    page_model = sales.SALES.view_model

    @app.get(
        "/v1/pos/conflicts",
        summary="Sales waiting for a person",
        description="Sales recorded with conflicts (a price that differs from the books, stock short, a return "
        "whose receipt was not synced yet), by receipt number.",
        tags=TAGS,
        operation_id="pos_conflicts",
        responses=answers(sales.PosSalePage),
        middlewares=[authorize(APPLET, "read")],
    )
    def conflicts(
        kind: Annotated[Literal["sale", "return"] | None, Query()] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> sales.PosSalePage:
        equals = {"state": sales.CONFLICT, **({"kind": kind} if kind else {})}
        page = _store(app).list_documents(sales.SALE, ListQuery(limit=limit, cursor=cursor, equals=equals))
        return sales.PosSalePage(items=[page_model.model_validate(i) for i in page.items], next_cursor=page.next_cursor)


def register_sales_resolve(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/pos/sales/<id>/resolve",
        summary="Resolve a sale's conflicts",
        description="`price`: the prices accepted as sold; `stock`: its stock moved now that it is there (409 "
        "`stock.short` naming the line while it still is not), a return checked against its receipt.",
        tags=TAGS,
        operation_id="pos_sales_resolve",
        responses=answers(SaleView),
        middlewares=[authorize(APPLET, "manage")],
    )
    def resolved(id: IdPath, body: sales.PosResolveRequest) -> SaleView:  # type: ignore[valid-type]
        return SaleView.model_validate(sales.resolve(_store(app), caller(app).actor, id, body))


def register_receipt(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/pos/sales/<id>/receipt",
        summary="A sale's receipt, printed for an 80 mm roll (PDF)",
        tags=TAGS,
        operation_id="pos_sales_receipt",
        responses=PDF_RESPONSES,
        middlewares=[authorize(APPLET, "read"), pdf_answers],
    )
    def receipt(id: IdPath) -> None:
        from ledgerlet.pos.receipt import printed_receipt, render

        printed = printed_receipt(_store(app), id)
        raise PdfAnswer(render(printed), f"{printed.number}.pdf")


ROUTES = (
    register_registers_create,
    register_registers_get,
    register_registers_list,
    register_registers_update,
    register_registers_archive,
    register_blocks_lease,
    register_blocks_list,
    register_shifts_open,
    register_shifts_get,
    register_shifts_list,
    register_shifts_cash,
    register_shifts_close,
    register_z_report,
    register_sales_sync,
    register_sales_get,
    register_sales_list,
    register_conflicts,
    register_sales_resolve,
    register_receipt,
)


def register(app: APIGatewayRestResolver) -> None:
    for route in ROUTES:
        route(app)
