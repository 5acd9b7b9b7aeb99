"""The print actions of the sales applets: a sales invoice, a proforma invoice, a delivery order and a
customer's statement, each answered as a PDF in English, Chinese or Malay (``ledgerlet.sales.printing``;
reportlab is imported on the first print, not when the handler starts).

``GET /v1/sales-invoices/{id}/pdf``, ``GET /v1/proforma-invoices/{id}/pdf``,
``GET /v1/delivery-orders/{id}/pdf`` and ``GET /v1/sales/statements/{customer_id}?from=&to=``, each with
``language=en|zh-CN|ms``.
"""

from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path, Query

from ledgerlet.api.app import authorize, caller
from ledgerlet.fields import Date
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.printing.answer import PDF_RESPONSES, PdfAnswer, pdf_answers
from ledgerlet.printing.languages import Language

IdPath = Annotated[str, Path(max_length=64, description="The document's id.")]
CustomerPath = Annotated[str, Path(max_length=64, description="The customer's id.")]
LanguageQuery = Annotated[Language, Query(description="`en`, `zh-CN` or `ms`.")]


def register_invoice_pdf(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/sales-invoices/<id>/pdf",
        summary="Print a sales invoice",
        description="The invoice as a PDF: a Tax Invoice when the company is registered for SST (a Cash Sale "
        "when paid at once), with the company's name, BRN, TIN, SST number and address, the customer, the "
        "lines with their tax codes and tax, the totals, the tax per tax code (taxable amount and tax), the "
        "rounding, the total in words and what is still due once something was paid or credited.",
        tags=["sales-invoices"],
        operation_id="sales_invoices_pdf",
        responses=PDF_RESPONSES,
        middlewares=[authorize("sales-invoices", "read"), pdf_answers],
    )
    def invoice_pdf(id: IdPath, language: LanguageQuery = "en") -> None:
        from ledgerlet.sales.printing.invoice import printed_invoice, render

        invoice = printed_invoice(DocumentStore(caller(app).tenant_id), id, language)
        raise PdfAnswer(render(invoice), f"{invoice.number}.pdf")


def register_proforma_pdf(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/proforma-invoices/<id>/pdf",
        summary="Print a proforma invoice",
        description="The proforma invoice as a PDF, printed like a sales invoice but titled PROFORMA INVOICE and "
        "saying it is not a tax invoice: the company's name, BRN, TIN, SST number and address, the customer, "
        "its validity, the lines with their tax codes and tax, the totals, the tax per tax code, the total in "
        "words and the deposit asked.",
        tags=["proforma-invoices"],
        operation_id="proforma_invoices_pdf",
        responses=PDF_RESPONSES,
        middlewares=[authorize("proforma-invoices", "read"), pdf_answers],
    )
    def proforma_pdf(id: IdPath, language: LanguageQuery = "en") -> None:
        from ledgerlet.sales.printing.proforma import printed_proforma, render

        proforma = printed_proforma(DocumentStore(caller(app).tenant_id), id, language)
        raise PdfAnswer(render(proforma), f"{proforma.number}.pdf")


def register_delivery_pdf(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/delivery-orders/<id>/pdf",
        summary="Print a delivery order",
        description="The delivery order as a PDF: the company's details, the customer and where the goods go, "
        "each line's item, quantity, unit and batch or serial numbers (no prices), and lines to sign for "
        "who issued, delivered and received the goods.",
        tags=["delivery-orders"],
        operation_id="delivery_orders_pdf",
        responses=PDF_RESPONSES,
        middlewares=[authorize("delivery-orders", "read"), pdf_answers],
    )
    def delivery_pdf(id: IdPath, language: LanguageQuery = "en") -> None:
        from ledgerlet.sales.printing.delivery import printed_delivery, render

        delivery = printed_delivery(DocumentStore(caller(app).tenant_id), id, language)
        raise PdfAnswer(render(delivery), f"{delivery.number}.pdf")


def register_statement_pdf(app: APIGatewayRestResolver) -> None:
    @app.get(
        "/v1/sales/statements/<customer_id>",
        summary="Print a customer's statement of account",
        description="The customer's statement from `from` to `to` as a PDF, per currency: the balance brought "
        "forward, each invoice, debit note, credit note and receipt of the period in date order with the "
        "running balance, the closing balance, and what is owed as at `to` by days past due (current, 1-30, "
        "31-60, 61-90, over 90) with what was paid that no invoice took.",
        tags=["sales-reports"],
        operation_id="sales_statement_pdf",
        responses=PDF_RESPONSES,
        middlewares=[authorize("sales-reports", "read"), pdf_answers],
    )
    def statement_pdf(
        customer_id: CustomerPath,
        from_: Annotated[
            Date | None,
            Query(alias="from", description="The first day, `YYYY-MM-DD`; none: the first of `to`'s month."),
        ] = None,
        to: Annotated[Date | None, Query(description="The last day, `YYYY-MM-DD`; none: today.")] = None,
        language: LanguageQuery = "en",
    ) -> None:
        from ledgerlet.errors import invalid_field
        from ledgerlet.ledger.contract import company_today
        from ledgerlet.sales.printing.statement import customer_statement, render

        tenant_id = caller(app).tenant_id
        end = to or company_today(tenant_id).isoformat()
        start = from_ or f"{end[:8]}01"
        if start > end:
            raise invalid_field("query.from", f"{start} is after {end}", "range.reversed", start=start, end=end)
        statement = customer_statement(DocumentStore(tenant_id), customer_id, start, end, language)
        raise PdfAnswer(render(statement), f"statement-{statement.customer.code or customer_id}-{end}.pdf")
