"""The customer portal's routes (:mod:`ledgerlet.einvoice.portal`): a link made for a customer by someone
who manages e-invoices, and the public pages that link opens (no account: the token is the access).

Every public route checks the token first; whatever is wrong with it answers the same 403 with nothing
but "This link is not valid" (no path, no id). Their other parameters are read by the route itself, so
that no validation error can answer before the token is checked.
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from pydantic import BaseModel, Field

from ledgerlet.api.app import authorize, caller
from ledgerlet.api.problems import ERROR_RESPONSES, PROBLEM_JSON, answers
from ledgerlet.einvoice.portal import DEFAULT_DAYS, MAX_DAYS
from ledgerlet.fields import Reference
from ledgerlet.kinds import Input

APPLET = "einvoices"
TAG = "einvoices-portal"
TokenQuery = Annotated[str | None, Query(description="The link's token (a missing or wrong one answers 403).")]
LanguageQuery = Annotated[str | None, Query(description="`en` (the default), `zh-CN` or `ms`.")]
PortalIdPath = Annotated[str, Path(description="The e-invoice's id (`ein_<document id>`).")]


class PortalLinkRequest(Input):
    customer_id: Reference = Field(description="The customer the link shows the e-invoices of.")
    days: int = Field(default=DEFAULT_DAYS, ge=1, le=MAX_DAYS, description="How many days the link works.")


class PortalLink(BaseModel):
    url: str | None = Field(description="The portal page's address, from the host the request reached.")
    path: str = Field(description="The same from the API's root (when `url` is null, the host was unknown).")
    expires_at: str = Field(description="When the link stops working (UTC).")


def portal_answers(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[Any]:
    """Route middleware of the public routes: a refused token answers the bare 403, a PDF is answered as
    a file; neither is cached or sent on as a referrer."""
    from ledgerlet.einvoice.portal import HEADERS, REFUSED_BODY, LinkRefused
    from ledgerlet.printing.answer import PdfAnswer

    try:
        return next_middleware(app)
    except LinkRefused:
        return Response(403, PROBLEM_JSON, REFUSED_BODY, headers=HEADERS)
    except PdfAnswer as answer:
        answer.response.headers.update(HEADERS)
        return answer.response


def register_portal_links(app: APIGatewayRestResolver) -> None:
    @app.post(
        "/v1/einvoicing/portal-links",
        summary="Make a customer's link to their e-invoices",
        description="A signed link, working `days` days (1 to 90, 30 unless told), to a page where the customer "
        "sees their valid and cancelled e-invoices and downloads each (the printed invoice with its QR code, "
        "and the signed UBL JSON) without an account. Anyone holding the link can: send it to the customer "
        "only. A customer the company does not have answers 422 naming `body.customer_id`.",
        tags=[APPLET],
        operation_id="einvoicing_portal_link",
        responses=answers(PortalLink),
        middlewares=[authorize(APPLET, "manage")],
    )
    def portal_link(body: PortalLinkRequest) -> PortalLink:
        from ledgerlet.einvoice.portal import base_url, issue_link

        issued = issue_link(caller(app).tenant_id, body.customer_id, body.days)
        base = base_url(app.current_event.raw_event)
        return PortalLink(url=f"{base}{issued.path}" if base else None, path=issued.path, expires_at=issued.expires_at)


def register_portal_page(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/portal/einvoices",
        summary="A customer's e-invoices (public: the link's token)",
        description="An HTML page listing the link's customer's valid and cancelled e-invoices (number, date, "
        "total, state, LHDN's UUID and validation link) with their downloads.",
        tags=[TAG],
        operation_id="portal_einvoices",
        responses={
            200: {"description": "The page", "content": {"text/html": {"schema": {"type": "string"}}}},
            **ERROR_RESPONSES,
        },
        middlewares=[portal_answers],
    )
    def portal_page(token: TokenQuery = None, language: LanguageQuery = None) -> Any:
        from ledgerlet.einvoice.portal import HTML_HEADERS, admitted, language_of, page

        link, customer = admitted(token)
        html = page(link, customer, str(token), language_of(language))
        return Response(200, "text/html; charset=utf-8", html, headers=HTML_HEADERS)


def register_portal_pdf(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/portal/einvoices/<id>/pdf",
        summary="A customer's e-invoice, printed (public: the link's token)",
        description="The invoice as its company prints it, with the e-invoice's QR code while it is valid.",
        tags=[TAG],
        operation_id="portal_einvoices_pdf",
        responses={
            200: {"description": "The PDF", "content": {"application/pdf": {"schema": {"type": "string"}}}},
            **ERROR_RESPONSES,
        },
        middlewares=[portal_answers],
    )
    def portal_pdf(id: PortalIdPath, token: TokenQuery = None, language: LanguageQuery = None) -> None:
        from ledgerlet.einvoice.portal import admitted, language_of, pdf_of
        from ledgerlet.printing.answer import PdfAnswer

        content, filename = pdf_of(admitted(token)[0], id, language_of(language))
        raise PdfAnswer(content, filename)


def register_portal_document(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/portal/einvoices/<id>/document",
        summary="A customer's e-invoice as signed UBL JSON (public: the link's token)",
        description="The signed UBL 2.1 JSON document, byte for byte as sent to MyInvois.",
        tags=[TAG],
        operation_id="portal_einvoices_document",
        responses={
            200: {"description": "The document", "content": {"application/json": {"schema": {"type": "object"}}}},
            **ERROR_RESPONSES,
        },
        middlewares=[portal_answers],
    )
    def portal_document(id: PortalIdPath, token: TokenQuery = None) -> Any:
        import re

        from ledgerlet.einvoice.portal import HEADERS, admitted, document_of

        document = document_of(admitted(token)[0], id)
        filename = re.sub(r"[^A-Za-z0-9._-]", "_", id) + ".json"
        headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}
        return Response(200, "application/json", document, headers=headers)


PORTAL_ROUTES = (register_portal_links, register_portal_page, register_portal_pdf, register_portal_document)
