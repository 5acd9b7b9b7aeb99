"""A route's answer with a PDF: the route raises :class:`PdfAnswer` and the :func:`pdf_answers` middleware,
which sits outside Powertools' response validation (JSON only), returns it."""

from __future__ import annotations

import re
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from ledgerlet.api.problems import ERROR_RESPONSES

PDF_TYPE = "application/pdf"
PDF_RESPONSES: dict[int, Any] = {
    200: {"description": "The PDF", "content": {PDF_TYPE: {"schema": {"type": "string", "format": "binary"}}}},
    **ERROR_RESPONSES,
}


class PdfAnswer(Exception):  # not an error: carries the PDF past the response validation
    def __init__(self, content: bytes, filename: str) -> None:
        super().__init__("pdf")
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
        headers = {"Content-Disposition": f'inline; filename="{safe}"'}
        self.response: Response[bytes] = Response(200, PDF_TYPE, content, headers=headers)


def pdf_answers(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[Any]:
    """Route middleware: answer with the PDF the route raised as :class:`PdfAnswer`."""
    try:
        return next_middleware(app)
    except PdfAnswer as answer:
        return answer.response
