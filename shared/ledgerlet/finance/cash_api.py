"""The reverse and print actions of the receipts and payments applets.

``POST /v1/<receipts|payments>/{id}/reverse`` undoes a posted document (``ledgerlet.finance.cash``);
``GET /v1/<receipts|payments>/{id}/pdf?language=`` prints it as an Official Receipt or a Payment Voucher
(``ledgerlet.finance.printing``, which imports reportlab on first use).
"""

from typing import Annotated, Literal

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.idempotency import idempotent_post
from ledgerlet.api.problems import ERROR_RESPONSES, answers
from ledgerlet.finance.cash import PAYMENTS, RECEIPTS, CashReverseRequest, reverse_cash
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.kinds import MasterKind

PDF_TYPE = "application/pdf"
Language = Literal["en", "zh-CN", "ms"]
IdPath = Annotated[str, Path(max_length=64, description="The document's id.")]
PRINTED_AS = {"receipts": "an Official Receipt", "payments": "a Payment Voucher"}


class _File(Exception):  # not an error: carries the PDF past the response validation (JSON only)
    def __init__(self, response: Response[bytes]) -> None:
        super().__init__("file")
        self.response = response


def _files(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[bytes]:
    """Route middleware, outside the validation: answer with the file the route raised as :class:`_File`."""
    try:
        return next_middleware(app)
    except _File as file:
        return file.response


def _register_reverse(app: APIGatewayRestResolver, kind: MasterKind) -> None:
    View = kind.view_model

    @app.post(
        f"/v1/{kind.applet}/<id>/reverse",
        status_code=201,
        summary=f"Reverse a {kind.label}",
        description=f"Creates a {kind.label} that posts the mirror of this one's entries, dated `date` (an open "
        "period), linked both ways (`reverses`, `reversed_by`) with the `reason`. Only a posted document that is "
        "neither reversed nor itself a reversal can be reversed (else 409).",
        tags=[kind.applet],
        operation_id=f"{kind.applet.replace('-', '_')}_reverse",
        responses=answers(View, 201),
        middlewares=[authorize(kind.applet, "reverse"), idempotent_post],
    )
    def reverse(id: IdPath, body: CashReverseRequest) -> Response[View]:  # type: ignore[valid-type]
        who = caller(app)
        created = reverse_cash(DocumentStore(who.tenant_id), who.actor, kind, id, body)
        view = View.model_validate(created)
        return Response(201, "application/json", view, headers={"Location": f"/v1/{kind.applet}/{created['id']}"})


def _register_pdf(app: APIGatewayRestResolver, kind: MasterKind) -> None:
    @app.get(
        f"/v1/{kind.applet}/<id>/pdf",
        summary=f"Print a {kind.label}",
        description=f"The {kind.label} as {PRINTED_AS[kind.applet]} (PDF): the company's details, the lines, "
        "totals, the amount in words, its reversal if any, and lines to sign, in English, Chinese or Malay.",
        tags=[kind.applet],
        operation_id=f"{kind.applet.replace('-', '_')}_pdf",
        responses={
            200: {"description": "The PDF", "content": {PDF_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
            **ERROR_RESPONSES,
        },
        middlewares=[authorize(kind.applet, "read"), _files],
    )
    def pdf(
        id: IdPath,
        language: Annotated[Language, Query(description="`en`, `zh-CN` or `ms`.")] = "en",
    ) -> None:
        from ledgerlet.finance.printing.voucher import cash_voucher, render

        who = caller(app)
        voucher = cash_voucher(DocumentStore(who.tenant_id), kind, id, language)
        headers = {"Content-Disposition": f'inline; filename="{voucher.number}.pdf"'}
        raise _File(Response(200, PDF_TYPE, render(voucher), headers=headers))


def register_receipts_reverse(app: APIGatewayRestResolver) -> None:
    _register_reverse(app, RECEIPTS)


def register_payments_reverse(app: APIGatewayRestResolver) -> None:
    _register_reverse(app, PAYMENTS)


def register_receipts_pdf(app: APIGatewayRestResolver) -> None:
    _register_pdf(app, RECEIPTS)


def register_payments_pdf(app: APIGatewayRestResolver) -> None:
    _register_pdf(app, PAYMENTS)
