"""Issue 14, point 4: once MyInvois validates an invoice's e-invoice, its printed invoice carries LHDN's UUID,
the validation date and link, and the link as a QR code; before that, the invoice prints as it did.

The QR code is checked without a QR reader: reportlab draws it as vector rectangles (one per run of dark
modules in a row), so the test reads those rectangles back from the PDF's page content with pypdf, rebuilds
the module matrix from them, and compares it with the matrix reportlab's own QR encoder makes of the
validation link (the encoding is deterministic: the same text at the same error-correction level gives the
same modules). A QR code of any other text, or a missing one, does not match.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from typing import Any

import pytest

from tests.integration.test_einvoice_submission import (
    BUYER,
    invoice,
    queued,
    run,
    settle,
    simulator,  # noqa: F401  (a fixture)
    submitting,
)
from tests.integration.test_sales_documents import customer, item
from tests.integration.test_sales_pdfs import invoice_pdf, pdf_text
from tests.support.events import Identity

COMPANY_TIN = "C2584563200"


@pytest.fixture(scope="module")
def tenant(simulator: Any) -> Identity:  # noqa: F811
    from tests.integration.test_cash_reversal import COMPANY

    return submitting("tnt_EINVPDF", {**COMPANY, "tin": COMPANY_TIN})


def drawn_rectangles(content: bytes) -> list[tuple[float, float, float, float]]:
    """Every rectangle (``x y w h re``) drawn on the PDF's pages."""
    from pypdf import PdfReader

    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        contents = page.get_contents()
        assert contents is not None
        for operands, operator in contents.operations:
            if operator == b"re":
                found.append(tuple(round(float(value), 3) for value in operands))
    return found  # type: ignore[return-value]


def drawn_qr(content: bytes) -> list[list[bool]] | None:
    """The QR code's modules as drawn: the most common small rectangle height is one module's side, and
    each rectangle of that height a run of dark modules in a row. None when no such run is drawn."""
    rectangles = drawn_rectangles(content)
    heights = Counter(r[3] for r in rectangles if 0 < r[3] < 5)
    if not heights or heights.most_common(1)[0][1] < 50:
        return None
    side = heights.most_common(1)[0][0]
    runs = [r for r in rectangles if r[3] == side]
    left, top = min(r[0] for r in runs), max(r[1] for r in runs)
    count = round((max(r[0] + r[2] for r in runs) - left) / side)
    modules = [[False] * count for _ in range(count)]
    for x, y, width, _ in runs:
        row, column = round((top - y) / side), round((x - left) / side)
        for dark in range(column, column + round(width / side)):
            modules[row][dark] = True
    return modules


def qr_of(text: str) -> list[list[bool]]:
    """The modules reportlab's QR encoder makes of ``text`` at the invoice's error-correction level."""
    from reportlab.graphics.barcode import qrencoder

    from ledgerlet.sales.printing.invoice import QR_LEVEL

    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, QR_LEVEL))
    code.addData(text)
    code.make()
    return [[bool(module) for module in row] for row in code.modules]


def pdf_bytes(answer: dict[str, Any]) -> bytes:
    return base64.b64decode(answer["body"])


LABELS = {
    "en": ("e-Invoice validated by LHDN (MyInvois)", "Validated on", "Validation link"),
    "zh-CN": ("电子发票已获 LHDN 验证（MyInvois）", "验证时间", "验证链接"),  # noqa: RUF001
    "ms": ("e-Invois disahkan oleh LHDN (MyInvois)", "Disahkan pada", "Pautan pengesahan"),
}


def test_a_valid_einvoice_prints_its_uuid_validation_link_and_qr_code(tenant: Identity) -> None:
    from ledgerlet.einvoice.contract import validation_of

    buyer = customer(tenant, "Syarikat Cetak Maju", **BUYER)
    toner = item(tenant, "Toner Pencetak", sales_price="180.00")
    sale = invoice(tenant, buyer, [{"item_id": toner["id"], "qty": "3"}])

    before = invoice_pdf(tenant, sale["id"], "en")
    assert "UUID" not in pdf_text(before) and "Validation link" not in pdf_text(before)
    assert drawn_qr(pdf_bytes(before)) is None
    assert validation_of(tenant.tenant_id, sale["id"]) is None  # not sent yet

    queued(tenant, "SALESINVOICE", sale)
    run(tenant)
    done = settle(tenant, [sale["id"]])[sale["id"]]
    assert done["state"] == "valid", done.get("errors")
    validation = validation_of(tenant.tenant_id, sale["id"])
    assert validation is not None
    assert (validation.uuid, validation.long_id, validation.validation_link, validation.validated_at) == (
        done["uuid"],
        done["long_id"],
        done["validation_link"],
        done["validated_at"],
    )

    for language, (heading, validated, link) in LABELS.items():
        answer = invoice_pdf(tenant, sale["id"], language)
        text = pdf_text(answer)
        assert sale["code"] in text
        assert heading in text and validated in text and link in text, (language, text[-600:])
        assert done["uuid"] in text, language
        assert done["validation_link"] in text, (language, text[-600:])  # printed whole, on one line
        drawn = drawn_qr(pdf_bytes(answer))
        assert drawn is not None, language
        assert drawn == qr_of(done["validation_link"]), language
        assert drawn != qr_of(done["validation_link"] + "x")  # the comparison tells one text from another


def test_a_cancelled_einvoice_prints_no_qr_code(tenant: Identity) -> None:
    """Only a valid e-invoice is printed: once cancelled at MyInvois, the invoice carries no QR code."""
    from ledgerlet.einvoice.actions import cancel
    from ledgerlet.einvoice.contract import validation_of
    from ledgerlet.einvoice.queue import einvoice_id

    buyer = customer(tenant, "Kedai Batal", **BUYER)
    paper = item(tenant, "Kertas A4", sales_price="12.00")
    sale = invoice(tenant, buyer, [{"item_id": paper["id"], "qty": "10"}])
    queued(tenant, "SALESINVOICE", sale)
    run(tenant)
    assert settle(tenant, [sale["id"]])[sale["id"]]["state"] == "valid"
    assert drawn_qr(pdf_bytes(invoice_pdf(tenant, sale["id"], "en"))) is not None
    cancel(tenant.tenant_id, einvoice_id(sale["id"]), "wrong buyer")
    assert validation_of(tenant.tenant_id, sale["id"]) is None
    after = invoice_pdf(tenant, sale["id"], "en")
    assert drawn_qr(pdf_bytes(after)) is None and "Validation link" not in pdf_text(after)
