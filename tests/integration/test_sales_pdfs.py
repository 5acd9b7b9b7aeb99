"""Issue 13, point 7: the documents a business sends, printed through their handlers on moto: a sales invoice
(a Tax Invoice with the company's SST number and the tax per tax code), a delivery order and a customer's
statement of account, in English and Chinese."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest

from tests.integration.test_cash_reversal import COMPANY, with_profile
from tests.integration.test_posting import cash_book, create, tax_code
from tests.integration.test_sales_documents import customer, item, submitted
from tests.support.events import Identity, api_event, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader

ADDRESSES = {
    "tin": "C20880050010",
    "brn": "202001012345",
    "billing_address": {"line1": "8 Jalan Sultan", "city": "Petaling Jaya", "postcode": "46200", "state": "10"},
    "shipping_address": {"line1": "Lot 5, Gudang Subang", "city": "Subang Jaya", "postcode": "47500", "state": "10"},
    "contact_person": "Encik Lim",
}


@pytest.fixture(scope="module")
def tenant(hub: StreamReader) -> Identity:
    return with_profile(seed_tenant("tnt_SALESPDF"), COMPANY)


def get_pdf(who: Identity, path: str, resource: str, params: dict[str, str], query: dict[str, str]) -> dict[str, Any]:
    """The raw answer of a print handler (its body base64, being a file)."""
    handler = {
        "/v1/sales-invoices/{id}/pdf": "sales_invoices/pdf.py",
        "/v1/delivery-orders/{id}/pdf": "delivery_orders/pdf.py",
        "/v1/sales/statements/{customer_id}": "sales_reports/statement.py",
    }[resource]
    event = api_event("GET", path, who, resource=resource, path_params=params, query=query or None)
    from tests.support.events import LambdaContext

    answer: dict[str, Any] = load_handler(handler)(event, LambdaContext(aws_request_id="print"))
    return answer


def invoice_pdf(who: Identity, doc_id: str, language: str) -> dict[str, Any]:
    path = f"/v1/sales-invoices/{doc_id}/pdf"
    return get_pdf(who, path, "/v1/sales-invoices/{id}/pdf", {"id": doc_id}, {"language": language})


def delivery_pdf(who: Identity, doc_id: str, language: str) -> dict[str, Any]:
    path = f"/v1/delivery-orders/{doc_id}/pdf"
    return get_pdf(who, path, "/v1/delivery-orders/{id}/pdf", {"id": doc_id}, {"language": language})


def statement_pdf(who: Identity, customer_id: str, query: dict[str, str]) -> dict[str, Any]:
    path = f"/v1/sales/statements/{customer_id}"
    return get_pdf(who, path, "/v1/sales/statements/{customer_id}", {"customer_id": customer_id}, query)


def pdf_text(answer: dict[str, Any]) -> str:
    """The PDF's text, each run of white space one space."""
    from pypdf import PdfReader

    assert answer["statusCode"] == 200, answer.get("body")
    assert answer["multiValueHeaders"]["Content-Type"] == ["application/pdf"]
    assert answer["isBase64Encoded"] is True
    content = base64.b64decode(answer["body"])
    assert content.startswith(b"%PDF-")
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def receive(who: Identity, body: dict[str, Any]) -> dict[str, Any]:
    status, receipt = create(who, "customer-receipts", body)
    assert status == 201, receipt
    return receipt


# The printed invoice: its title and its total in words, 889.01 (eight hundred and eighty-nine, one sen)
PRINTED = {
    "en": ("Tax Invoice", "Ringgit Malaysia Eight Hundred and Eighty-Nine and Sen One Only", "Tax summary"),
    "zh-CN": ("税务发票", "马币捌佰捌拾玖元零壹分", "税务汇总"),
}


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_an_invoice_prints_as_a_tax_invoice_with_the_tax_per_code(tenant: Identity, language: str) -> None:
    """By hand, prices before tax. Kettle (SR10, sales tax 10%): 12 x 52.00 = 624.00, 5% off = 31.20,
    leaving 592.80. Installation (SV8, service tax 8%): 2 x 80.00 = 160.00. Rice (EX, exempt): 3 x 25.00
    = 75.00. Subtotal 827.80; the invoice's 10.00 off is shared 592.80 : 160.00 : 75.00, in sen 716.11,
    193.28 and 90.60, floors 999, the last sen to the largest remainder (rice): 7.16, 1.93, 0.91. Nets
    585.64, 158.07, 74.09 (817.80). Tax 585.64 x 10% = 58.564 -> 58.56; 158.07 x 8% = 12.6456 -> 12.65;
    together 71.21. Total 889.01. A receipt of 500.00 leaves 389.01 due."""
    buyer = customer(tenant, f"陈氏贸易 Tan Trading {language}", **ADDRESSES)
    kettle = item(
        tenant, f"Cerek Elektrik {language}", sales_price="52.00", sales_tax_code_id=tax_code(tenant, "SR10")["id"]
    )
    setup = item(
        tenant,
        f"Pemasangan {language}",
        kind="service",
        sales_price="80.00",
        sales_tax_code_id=tax_code(tenant, "SV8")["id"],
    )
    rice = item(tenant, f"Beras Wangi {language}", sales_price="25.00", sales_tax_code_id=tax_code(tenant, "EX")["id"])
    status, draft = create(
        tenant,
        "sales-invoices",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-06",
            "reference": "PO 7781",
            "discount_amount": "10.00",
            "lines": [
                {"item_id": kettle["id"], "qty": "12", "discount_percent": "5"},
                {"item_id": setup["id"], "qty": "2"},
                {"item_id": rice["id"], "qty": "3", "exemption_reason": "Sales Tax (Goods Exempted) Order 2022"},
            ],
        },
    )
    assert status == 201, draft
    draft_text = pdf_text(invoice_pdf(tenant, draft["id"], "en"))
    assert "DRAFT: not yet issued" in draft_text  # a draft prints, marked as one
    invoice = submitted(tenant, "sales-invoices", draft)
    assert [(t["tax_code"], t["taxable"], t["tax"]) for t in invoice["taxes"]] == [
        ("SR10", "585.64", "58.56"),
        ("SV8", "158.07", "12.65"),
        ("EX", "74.09", "0.00"),
    ]
    assert (invoice["net"], invoice["tax"], invoice["total"]) == ("817.80", "71.21", "889.01")
    book = cash_book(tenant, f"PDF-{language}", "Maybank", "1030")
    receive(
        tenant,
        {
            "customer_id": buyer["id"],
            "cash_book_id": book["id"],
            "date": "2026-08-20",
            "amount": "500.00",
            "allocations": [{"invoice_id": invoice["id"], "amount": "500.00"}],
        },
    )
    text = pdf_text(invoice_pdf(tenant, invoice["id"], language))
    title, words, summary = PRINTED[language]
    for expected in (
        title,
        words,
        summary,
        COMPANY["legal_name"],
        "W10-1808-32000001",  # the company's SST number
        "201901000005",
        invoice["code"],
        buyer["name"],
        "8 Jalan Sultan",
        "C20880050010",  # the customer's TIN
        "PO 7781",
        "2026-09-05",  # due: 30 days' terms from 6 Aug
        *("585.64", "58.56", "158.07", "12.65", "74.09", "0.00"),  # per tax code: taxable and tax
        *("827.80", "-10.00", "817.80", "71.21", "889.01"),  # subtotal, discount, net, tax, total
        "-500.00",
        "389.01",  # paid, and due: 889.01 - 500.00
    ):
        assert expected in text, (expected, text)
    assert "DRAFT" not in text


def test_an_invoice_pdf_refuses_other_languages_unknown_invoices_and_a_delivery_id(tenant: Identity) -> None:
    refused = invoice_pdf(tenant, "si_" + "0" * 26, "fr")
    assert refused["statusCode"] == 422 and '"query.language"' in refused["body"], refused
    assert invoice_pdf(tenant, "si_" + "0" * 26, "en")["statusCode"] == 404
    assert invoice_pdf(tenant, "do_" + "0" * 26, "en")["statusCode"] == 404  # a delivery is no invoice
    assert delivery_pdf(tenant, "si_" + "0" * 26, "en")["statusCode"] == 404


@pytest.mark.parametrize(
    ("language", "title", "deliver_to"),
    [("en", "Delivery Order", "Deliver to"), ("zh-CN", "送货单", "送货地址")],
)
def test_a_delivery_order_prints_where_the_goods_go_with_batches_serials_and_no_prices(
    tenant: Identity, language: str, title: str, deliver_to: str
) -> None:
    """An order of 2 kettles (serial-numbered, 52.00 each) and 3 bags of rice (by batch, 25.00 each) is
    delivered from the KL store, naming the kettles' serial numbers and the rice's batch."""
    from tests.integration.test_stock_entries import entry, location

    store = location(tenant, f"PDF-KL-{language}")
    buyer = customer(tenant, f"Hotel Seri Malaysia {language}", **ADDRESSES)
    kettle = item(tenant, f"Cerek {language}", kind="stock", sales_price="52.00", tracking="serial")
    rice = item(tenant, f"Beras {language}", kind="stock", sales_price="25.00", tracking="batch")
    serials = [f"KT-{language}-1", f"KT-{language}-2"]
    status, received = entry(
        tenant,
        {
            "purpose": "receipt",
            "date": "2026-08-01",
            "location_id": store,
            "lines": [
                {"item_id": kettle["id"], "qty": "2", "rate": "30.00", "serials": serials},
                {"item_id": rice["id"], "qty": "10", "rate": "18.00", "batch_no": "B2026-07"},
            ],
        },
    )
    assert status == 201, received
    status, order = create(
        tenant,
        "sales-orders",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-02",
            "location_id": store,
            "reference": "PO 9912",
            "lines": [{"item_id": kettle["id"], "qty": "2"}, {"item_id": rice["id"], "qty": "3"}],
        },
    )
    assert status == 201, order
    order = submitted(tenant, "sales-orders", order)
    status, delivery = create(
        tenant,
        "delivery-orders",
        {
            "customer_id": buyer["id"],
            "date": "2026-08-03",
            "order_id": order["id"],
            "lines": [
                {"item_id": kettle["id"], "qty": "2", "source_line": 0, "serials": serials},
                {"item_id": rice["id"], "qty": "3", "source_line": 1, "batch_no": "B2026-07"},
            ],
        },
    )
    assert status == 201, delivery
    delivery = submitted(tenant, "delivery-orders", delivery)
    text = pdf_text(delivery_pdf(tenant, delivery["id"], language))
    for expected in (
        title,
        deliver_to,
        COMPANY["legal_name"],
        "W10-1808-32000001",
        delivery["code"],
        order["code"],
        "Lot 5, Gudang Subang",  # the shipping address
        "47500 Subang Jaya",
        "Encik Lim",
        f"KT-{language}-1, KT-{language}-2",
        "B2026-07",
        kettle["code"],
        rice["code"],
        f"PDF-KL-{language}",  # where the goods left from
    ):
        assert expected in text, (expected, text)
    for price in ("52.00", "25.00", "104.00", "75.00"):
        assert price not in text  # a delivery order shows no prices


def test_a_statement_runs_the_balance_through_the_period_and_ages_it(tenant: Identity) -> None:
    """By hand, no tax, 30 days' terms; the statement of July 2026.

    Before July: invoice A (10 Jun, 1,000.00, due 10 Jul); receipt R1 (20 Jun, 400.00, for A).
    Brought forward 1,000.00 - 400.00 = 600.00.
    In July, in date order, the balance after each:
      B   invoice      5 Jul   500.00 (due 4 Aug)    600.00 + 500.00   = 1,100.00
      C   credit note 12 Jul   100.00 (on B)        1,100.00 - 100.00  = 1,000.00
      R2  receipt     20 Jul 1,150.00 (no invoices named: the oldest due first, A's 600.00 then B's
          500.00 - 100.00 = 400.00, leaving 150.00 that no invoice took)
                                                    1,000.00 - 1,150.00 = -150.00
      D   invoice     25 Jul   250.00 (due 24 Aug)   -150.00 + 250.00  =   100.00, the closing balance.
    Left out: a cash sale on 22 Jul (paid when made) and invoice E of 3 Aug (after the period).
    Aging as at 31 Jul: A and B are settled, D is not yet due: current 250.00, nothing overdue; 150.00
    unapplied; total due 250.00 - 150.00 = 100.00, the closing balance.
    """
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.sales.printing.statement import customer_statement

    buyer = customer(tenant, "Restoran Nasi Kandar Penyata", **ADDRESSES)
    meal = item(tenant, "Katering Penyata", kind="service", sales_price="1.00")
    bank = cash_book(tenant, "PDF-STMT", "Bank Penyata", "1030")

    def invoice(day: str, qty: str, **extra: Any) -> dict[str, Any]:
        body = {"customer_id": buyer["id"], "date": day, "lines": [{"item_id": meal["id"], "qty": qty}], **extra}
        status, draft = create(tenant, "sales-invoices", body)
        assert status == 201, draft
        return submitted(tenant, "sales-invoices", draft)

    def paid(day: str, amount: str, **extra: Any) -> dict[str, Any]:
        body = {"customer_id": buyer["id"], "cash_book_id": bank["id"], "date": day, "amount": amount}
        return receive(tenant, {**body, **extra})

    a = invoice("2026-06-10", "1000")
    r1 = paid("2026-06-20", "400.00", allocations=[{"invoice_id": a["id"], "amount": "400.00"}])
    b = invoice("2026-07-05", "500")
    status, c = create(
        tenant,
        "credit-notes",
        {
            "customer_id": buyer["id"],
            "date": "2026-07-12",
            "invoice_id": b["id"],
            "reason": "Short delivered",
            "lines": [{"item_id": meal["id"], "qty": "100", "source_line": 0}],
        },
    )
    assert status == 201, c
    c = submitted(tenant, "credit-notes", c)
    r2 = paid("2026-07-20", "1150.00", reference="CHQ 100234")
    assert (r2["allocated"], r2["advance"]) == ("1000.00", "150.00")  # A's 600.00 and B's 400.00
    cash_sale = invoice("2026-07-22", "30", cash_book_id=bank["id"])
    d = invoice("2026-07-25", "250")
    e = invoice("2026-08-03", "70")

    july = {"from": "2026-07-01", "to": "2026-07-31"}
    statement = customer_statement(DocumentStore(tenant.tenant_id), buyer["id"], july["from"], july["to"], "en")
    (section,) = statement.sections
    assert (section.currency, str(section.opening), str(section.closing)) == ("MYR", "600.00", "100.00")
    assert [(entry.number, str(entry.debit), str(entry.credit), str(entry.balance)) for entry in section.entries] == [
        (b["code"], "500.00", "0", "1100.00"),
        (c["code"], "0", "100.00", "1000.00"),
        (r2["code"], "0", "1150.00", "-150.00"),
        (d["code"], "250.00", "0", "100.00"),
    ]
    aged = section.aging
    assert [str(amount) for amount in aged.amounts] == ["250.00", "0.00", "0.00", "0.00", "0.00"]
    assert (str(aged.unapplied), str(aged.total)) == ("-150.00", "100.00")

    for language, opening, closing, current in (
        ("en", "Balance brought forward", "Closing balance", "Current"),
        ("zh-CN", "上期结余", "期末余额", "未到期"),
    ):
        text = pdf_text(statement_pdf(tenant, buyer["id"], {**july, "language": language}))
        for expected in (
            opening,
            closing,
            current,
            COMPANY["legal_name"],
            "W10-1808-32000001",
            buyer["name"],
            *(b["code"], c["code"], r2["code"], d["code"], "CHQ 100234"),
            *("600.00", "1,100.00", "1,000.00", "1,150.00", "-150.00", "250.00", "100.00"),
        ):
            assert expected in text, (language, expected, text)
        for left_out in (a["code"], r1["code"], cash_sale["code"], e["code"]):
            assert left_out not in text, (language, left_out)


def test_a_statement_refuses_a_period_ending_before_it_starts_and_an_unknown_customer(tenant: Identity) -> None:
    buyer = customer(tenant, "Kedai Tanpa Urusan")
    refused = statement_pdf(tenant, buyer["id"], {"from": "2026-08-01", "to": "2026-07-31"})
    assert refused["statusCode"] == 422 and '"query.from"' in refused["body"] and "range.reversed" in refused["body"]
    assert statement_pdf(tenant, "cus_" + "0" * 26, {"to": "2026-07-31"})["statusCode"] == 404
    # A customer with nothing yet: the balance is nil, in its currency, and says so
    text = pdf_text(statement_pdf(tenant, buyer["id"], {"from": "2026-07-01", "to": "2026-07-31"}))
    assert "No transactions in this period." in text and "Amounts in MYR" in text
