"""Printed sales documents (issue 13, point 7): what an invoice, a delivery order and a statement show,
worked out by hand; every text in every language; the pages as PDFs."""

from __future__ import annotations

import io
import string
from decimal import Decimal
from typing import Any

import pytest

from ledgerlet.printing.company import Company
from ledgerlet.sales.printing.invoice import PrintedInvoice, TaxSummary, invoice_page
from ledgerlet.sales.printing.parts import Customer
from ledgerlet.sales.printing.texts import LANGUAGES, texts

COMPANY = Company(
    name="Kedai Elektrik Ah Seng Sdn Bhd",
    brn="201901000005",
    tin="C2584563200",
    sst_number="W10-1808-32000001",
    address=("12 Jalan Ampang", "50450 Kuala Lumpur", "Wilayah Persekutuan Kuala Lumpur"),
)
CUSTOMER = Customer(
    code="C-000042",
    name="陈氏贸易 Tan Trading Sdn Bhd",
    brn="202001012345",
    tin="C20880050010",
    billing=("8 Jalan Sultan", "46200 Petaling Jaya", "Selangor"),
    shipping=("Lot 5, Gudang Subang", "47500 Subang Jaya", "Selangor"),
    contact_person="Encik Lim",
    phone="+60123456789",
)


def pdf_text(content: bytes) -> str:
    """The text of every page, each run of white space one space (a wrapped cell's lines joined)."""
    from pypdf import PdfReader

    assert content.startswith(b"%PDF-")
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_every_printed_text_exists_in_every_language_with_the_same_placeholders() -> None:
    english = texts("en")
    for language in LANGUAGES:
        table = texts(language)
        assert set(table) == set(english), (language, set(english) ^ set(table))
        for key, text in table.items():
            assert text.strip(), (language, key)
            fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            expected = {name for _, name, _, _ in string.Formatter().parse(english[key]) if name}
            assert fields == expected, (language, key)
    assert texts("zh-CN")["title.tax_invoice"] == "税务发票" and texts("ms")["title.tax_invoice"] == "Invois Cukai"


def test_the_api_and_the_tables_offer_the_same_languages() -> None:
    from typing import get_args

    from ledgerlet.printing.languages import Language

    assert set(get_args(Language)) == set(LANGUAGES)


# --- an invoice, by hand ----------------------------------------------------------------------------------------
#
# Prices before tax. Kettle: 12 x 52.00 = 624.00, 5% off = 31.20, leaving 592.80, SR10 (sales tax 10%).
# Installation: 2 x 80.00 = 160.00, SV8 (service tax 8%). Rice: 3 x 25.00 = 75.00, exempt (EX).
# Subtotal 592.80 + 160.00 + 75.00 = 827.80. The invoice's 10.00 off is shared 592.80 : 160.00 : 75.00, in
# sen: 1000 x 592.80 / 827.80 = 716.11, 1000 x 160 / 827.80 = 193.28, 1000 x 75 / 827.80 = 90.60; floors
# 716 + 193 + 90 = 999, the last sen to the largest remainder (0.60, rice): 7.16, 1.93, 0.91.
# Nets: 592.80 - 7.16 = 585.64; 160.00 - 1.93 = 158.07; 75.00 - 0.91 = 74.09; together 817.80.
# Tax: 585.64 x 10% = 58.564 -> 58.56; 158.07 x 8% = 12.6456 -> 12.65; rice none. Together 71.21.
# Total 817.80 + 71.21 = 889.01; a receipt of 500.00 leaves 389.01 due.
LINES = [
    # qty, price, line discount, share, net, code, type, rate, tax
    ("I-KETTLE", "Cerek Elektrik 1.7L", "12", "52", "31.20", "7.16", "585.64", "SR10", "01", "10", "58.56"),
    ("S-INSTALL", "Pemasangan", "2", "80", "0.00", "1.93", "158.07", "SV8", "02", "8", "12.65"),
    ("I-RICE", "Beras Wangi 10kg", "3", "25", "0.00", "0.91", "74.09", "EX", "E", "0", "0.00"),
]


def stored_invoice(**changes: Any) -> dict[str, Any]:
    """The invoice as the API stores it once submitted (ledgerlet.sales.documents)."""
    lines = []
    for code, name, qty, price, own, share, net, tax_code, tax_type, rate, tax in LINES:
        discount = Decimal(own) + Decimal(share)
        line = {
            "item_id": f"itm_{code}",
            "item_code": code,
            "item_name": name,
            "description": name,
            "qty": qty,
            "uom": "C62" if code != "I-RICE" else "H87",
            "unit_price": price,
            "tax_code": tax_code,
            "tax_type": tax_type,
            "tax_rate": rate,
            "gross": f"{Decimal(qty) * Decimal(price):.2f}",
            "discount": f"{discount:.2f}",
            "net": net,
            "tax": tax,
            "total": f"{Decimal(net) + Decimal(tax):.2f}",
        }
        if tax_type == "E":
            line["exemption_reason"] = "Rice: Sales Tax (Goods Exempted) Order 2022"
        lines.append(line)
    document = {
        "id": "si_01",
        "code": "SINV-000107",
        "state": "submitted",
        "customer_id": "cus_01",
        "customer_code": CUSTOMER.code,
        "customer_name": CUSTOMER.name,
        "date": "2026-08-06",
        "due_date": "2026-09-05",
        "reference": "PO 7781",
        "source_type": "SALESORDER",
        "source_code": "SO-000031",
        "currency": "MYR",
        "prices_include_tax": False,
        "discount_amount": "10.00",
        "lines": lines,
        "subtotal": "827.80",
        "discount": "10.00",
        "net": "817.80",
        "tax": "71.21",
        "rounding": "0.00",
        "total": "889.01",
        "taxes": [
            {
                "tax_code_id": "tax_1",
                "tax_code": "SR10",
                "tax_type": "01",
                "rate": "10",
                "taxable": "585.64",
                "tax": "58.56",
            },
            {
                "tax_code_id": "tax_2",
                "tax_code": "SV8",
                "tax_type": "02",
                "rate": "8",
                "taxable": "158.07",
                "tax": "12.65",
            },
            {"tax_code_id": "tax_3", "tax_code": "EX", "tax_type": "E", "rate": "0", "taxable": "74.09", "tax": "0.00"},
        ],
        "outstanding": "389.01",
        "allocations": [{"receipt_id": "cr_01", "date": "2026-08-20", "amount": "500.00"}],
    }
    return {**document, **changes}


def test_the_hand_worked_invoice_is_what_pricing_gives() -> None:
    """The figures above are the engine's (so the page below prints what the API stores)."""
    from ledgerlet.sales import pricing

    lines = tuple(
        pricing.Line(
            quantity=Decimal(qty),
            unit_price=Decimal(price),
            tax=pricing.TaxCode(id=code, tax_type=tax_type, rate=Decimal(rate)),
            discount_percent=Decimal(5) if code == "SR10" else None,
            exemption_reason="Rice" if tax_type == "E" else None,
        )
        for _, _, qty, price, _, _, _, code, tax_type, rate, _ in LINES
    )
    totals = pricing.compute_totals(
        pricing.Document(currency="MYR", lines=lines, discount_amount=Decimal("10.00")), tax_rounding="line"
    )
    assert [(line.net, line.tax) for line in totals.lines] == [
        (Decimal(net), Decimal(tax)) for *_, net, _, _, _, tax in LINES
    ]
    assert (totals.subtotal, totals.net, totals.tax, totals.total) == (
        Decimal("827.80"),
        Decimal("817.80"),
        Decimal("71.21"),
        Decimal("889.01"),
    )


def test_an_invoice_page_shows_its_lines_totals_tax_per_code_and_what_is_due() -> None:
    page = invoice_page(stored_invoice(), COMPANY, CUSTOMER, "en", printed="2026-08-21")
    assert page.title == "Tax Invoice"  # the company has an SST number
    assert (page.number, page.date, page.due_date, page.reference, page.order) == (
        "SINV-000107",
        "2026-08-06",
        "2026-09-05",
        "PO 7781",
        "SO-000031",
    )
    kettle = page.lines[0]
    assert (kettle.qty, kettle.unit_price, kettle.discount, kettle.net, kettle.tax, kettle.total) == (
        Decimal(12),
        Decimal(52),
        Decimal("38.36"),  # its own 31.20 and its share 7.16 of the invoice's discount
        Decimal("585.64"),
        Decimal("58.56"),
        Decimal("644.20"),  # 585.64 + 58.56
    )
    assert page.lines[2].exemption_reason.startswith("Rice")
    assert page.taxes == (
        TaxSummary("SR10", "01", Decimal(10), Decimal("585.64"), Decimal("58.56")),
        TaxSummary("SV8", "02", Decimal(8), Decimal("158.07"), Decimal("12.65")),
        TaxSummary("EX", "E", Decimal(0), Decimal("74.09"), Decimal("0.00")),
    )
    # The tax per code adds up to the invoice's: 585.64 + 158.07 + 74.09 = 817.80; 58.56 + 12.65 = 71.21
    assert sum(t.taxable for t in page.taxes) == page.net == Decimal("817.80")
    assert sum(t.tax for t in page.taxes) == page.tax == Decimal("71.21")
    assert (page.subtotal, page.discount, page.rounding, page.total) == (
        Decimal("827.80"),
        Decimal("10.00"),
        Decimal(0),
        Decimal("889.01"),
    )
    # 500.00 was received: 889.01 - 500.00 = 389.01 still due
    assert page.partly_settled and (page.settled, page.outstanding) == (Decimal("500.00"), Decimal("389.01"))
    assert page.words == "Ringgit Malaysia Eight Hundred and Eighty-Nine and Sen One Only"
    assert page.money(Decimal("1234.5")) == "1,234.50"


@pytest.mark.parametrize(
    ("language", "title", "words"),
    [
        ("en", "Tax Invoice", "Ringgit Malaysia Eight Hundred and Eighty-Nine and Sen One Only"),
        ("zh-CN", "税务发票", "马币捌佰捌拾玖元零壹分"),  # 889 元, no 角, 1 分
        ("ms", "Invois Cukai", "Ringgit Malaysia Lapan Ratus Lapan Puluh Sembilan dan Sen Satu Sahaja"),
    ],
)
def test_an_invoice_prints_in_each_language(language: str, title: str, words: str) -> None:
    from ledgerlet.sales.printing.invoice import render

    page = invoice_page(stored_invoice(), COMPANY, CUSTOMER, language, printed="2026-08-21")
    text = pdf_text(render(page))
    table = texts(language)
    for expected in (
        title,
        words,
        COMPANY.name,
        "W10-1808-32000001",
        "SINV-000107",
        "陈氏贸易 Tan Trading Sdn Bhd",  # Chinese in a Latin page: set in the CJK font
        "8 Jalan Sultan",
        "C20880050010",
        "585.64",
        "58.56",
        "158.07",
        "12.65",
        "74.09",
        "817.80",
        "71.21",
        "889.01",
        "389.01",
        table["tax.summary"],
        table["total.due"],
    ):
        assert expected in text, (expected, text)


def test_the_title_says_tax_invoice_only_for_an_sst_registered_company_and_cash_sale_when_paid_at_once() -> None:
    """A cash sale of 10.47 is rounded to 5 sen: 10.45, rounding -0.02 (Bank Negara's mechanism)."""
    unregistered = Company(name="Gerai Makan Mak Cik")
    cash = {"cash_book_id": "cbk_01", "total": "10.45", "rounding": "-0.02", "outstanding": "0.00"}

    def title(company: Company, language: str, **changes: Any) -> PrintedInvoice:
        return invoice_page(stored_invoice(**changes), company, CUSTOMER, language, printed="x", cash_book="CASH")

    assert title(unregistered, "en").title == "Invoice"
    assert title(unregistered, "zh-CN").title == "发票"
    sale = title(COMPANY, "en", **cash)
    assert (sale.title, sale.rounding, sale.total, sale.partly_settled) == (
        "Cash Sale: Tax Invoice",
        Decimal("-0.02"),
        Decimal("10.45"),
        False,  # paid when made: nothing is due
    )
    assert title(unregistered, "ms", **cash).title == "Jualan Tunai"
    draft = invoice_page(
        stored_invoice(state="draft", outstanding=None), COMPANY, CUSTOMER, "en", printed="x"
    )  # a draft owes its total, and its page says it is a draft
    assert draft.settled == 0 and not draft.partly_settled
    from ledgerlet.sales.printing.invoice import render

    text = pdf_text(render(title(COMPANY, "en", **cash)))
    assert "Cash Sale: Tax Invoice" in text and "Rounding adjustment" in text and "-0.02" in text
    assert "Ringgit Malaysia Ten and Sen Forty-Five Only" in text and "Balance due" not in text
    assert "DRAFT: not yet issued" in pdf_text(render(draft))


def test_a_long_invoice_runs_onto_more_pages_with_its_column_heads() -> None:
    from pypdf import PdfReader

    from ledgerlet.sales.printing.invoice import render

    document = stored_invoice()
    document["lines"] = [dict(document["lines"][1], description=f"Visit {n}") for n in range(80)]
    content = render(invoice_page(document, COMPANY, CUSTOMER, "en", printed="x"))
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) > 1 and "Page 2" in pages[1], pages
    assert "Unit price" in pages[1]  # the column heads again
    assert "Visit 79" in pages[-1] and "Amount in words" in pages[-1]


# --- a delivery order ---------------------------------------------------------------------------------------------


def stored_delivery() -> dict[str, Any]:
    return {
        "id": "do_01",
        "code": "DO-000012",
        "state": "submitted",
        "customer_id": "cus_01",
        "customer_name": CUSTOMER.name,
        "date": "2026-08-05",
        "reference": "PO 7781",
        "source_type": "SALESORDER",
        "source_code": "SO-000031",
        "location_id": "org_01",
        "lines": [
            {"item_code": "I-KETTLE", "description": "Cerek Elektrik 1.7L", "qty": "12", "uom": "C62",
             "unit_price": "52", "net": "585.64", "serials": ["KT-0001", "KT-0002"]},
            {"item_code": "I-RICE", "description": "Beras Wangi 10kg", "qty": "3", "uom": "H87",
             "unit_price": "25", "net": "74.09", "batch_no": "B2026-07", "memo": "Keep dry"},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("language", "title", "deliver_to", "received"),
    [
        ("en", "Delivery Order", "Deliver to", "Received by"),
        ("zh-CN", "送货单", "送货地址", "收货人"),
        ("ms", "Pesanan Penghantaran", "Hantar kepada", "Diterima oleh"),
    ],
)
def test_a_delivery_order_shows_where_the_goods_go_their_batches_and_no_prices(
    language: str, title: str, deliver_to: str, received: str
) -> None:
    from ledgerlet.sales.printing.delivery import delivery_page, render

    page = delivery_page(stored_delivery(), COMPANY, CUSTOMER, language, printed="2026-08-05", location="KL Store")
    assert page.deliver_to == CUSTOMER.shipping  # its shipping address, not the billing one
    assert [(line.item_code, line.qty, line.batch, line.serials) for line in page.lines] == [
        ("I-KETTLE", Decimal(12), "", ("KT-0001", "KT-0002")),
        ("I-RICE", Decimal(3), "B2026-07", ()),
    ]
    text = pdf_text(render(page))
    for expected in (
        title,
        deliver_to,
        received,
        "DO-000012",
        "SO-000031",
        "Lot 5, Gudang Subang",
        "KT-0001, KT-0002",
        "B2026-07",
        "W10-1808-32000001",
        "KL Store",
    ):
        assert expected in text, (expected, text)
    assert "52.00" not in text and "585.64" not in text  # no prices


def test_without_a_shipping_address_goods_go_to_the_billing_address() -> None:
    from ledgerlet.sales.printing.delivery import delivery_page

    customer = Customer(code="C-1", name="Kedai Runcit", billing=("1 Jalan Satu",))
    assert delivery_page(stored_delivery(), COMPANY, customer, "en", printed="x").deliver_to == ("1 Jalan Satu",)


# --- a statement --------------------------------------------------------------------------------------------------


def doc(code: str, day: str, total: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "date": day, "total": total, "amount": total, "state": "submitted", **extra}


def test_a_statement_carries_the_balance_forward_and_runs_it_through_the_period() -> None:
    """Period 1 to 31 Jul 2026. Before it: invoice A (20 Jun) 1,000.00 less receipt R0 (25 Jun) 400.00,
    so 600.00 is brought forward. In it, in date order (on one day what is owed comes before what is
    paid): invoice B (3 Jul) 500.00 -> 1,100.00; credit note C (10 Jul) 100.00 -> 1,000.00; receipt R1
    (10 Jul) 300.00 -> 700.00; debit note D (15 Jul) 50.00 -> 750.00, the closing balance. Invoice E
    (2 Aug) is after the period and left out."""
    from ledgerlet.sales.printing.statement import Aging, statement_section

    documents = [
        ("receipt", doc("OR-2", "2026-07-10", "300.00", reference="CHQ 100234")),
        ("invoice", doc("SINV-B", "2026-07-03", "500.00", due_date="2026-08-02")),
        ("invoice", doc("SINV-A", "2026-06-20", "1000.00")),
        ("credit_note", doc("SCN-C", "2026-07-10", "100.00", source_code="SINV-B")),
        ("receipt", doc("OR-1", "2026-06-25", "400.00")),
        ("debit_note", doc("SDN-D", "2026-07-15", "50.00", due_date="2026-08-14")),
        ("invoice", doc("SINV-E", "2026-08-02", "70.00")),
    ]
    aging = Aging(("current", "1-30", "31-60", "61-90", "over 90"), tuple(Decimal(n) for n in (750, 0, 0, 0, 0)))
    section = statement_section("MYR", documents, "2026-07-01", "2026-07-31", aging)
    assert section.opening == Decimal("600.00")  # 1,000.00 - 400.00
    assert [(e.number, e.debit, e.credit, e.balance) for e in section.entries] == [
        ("SINV-B", Decimal("500.00"), 0, Decimal("1100.00")),
        ("SCN-C", 0, Decimal("100.00"), Decimal("1000.00")),
        ("OR-2", 0, Decimal("300.00"), Decimal("700.00")),
        ("SDN-D", Decimal("50.00"), 0, Decimal("750.00")),
    ]
    assert section.closing == Decimal("750.00") == section.aging.total
    assert [(e.reference, e.due_date) for e in section.entries][:3] == [
        ("", "2026-08-02"),
        ("SINV-B", ""),  # a credit note names the invoice it corrects
        ("CHQ 100234", ""),
    ]


def test_drafts_cancelled_documents_and_cash_sales_are_not_on_a_statement() -> None:
    from ledgerlet.sales.printing.statement import listed

    assert listed("invoice", doc("A", "2026-07-01", "1.00"))
    assert not listed("invoice", doc("A", "2026-07-01", "1.00", state="draft"))
    assert not listed("credit_note", doc("A", "2026-07-01", "1.00", state="cancelled"))
    assert not listed("invoice", doc("A", "2026-07-01", "1.00", cash_book_id="cbk_1"))  # paid when made
    assert listed("receipt", {"date": "2026-07-01", "amount": "1.00"})


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Current", "1-30 days", "31-60 days", "61-90 days", "Over 90 days"]),
        ("zh-CN", ["未到期", "1-30 天", "31-60 天", "61-90 天", "超过 90 天"]),
        ("ms", ["Semasa", "1-30 hari", "31-60 hari", "61-90 hari", "Melebihi 90 hari"]),
    ],
)
def test_a_statement_prints_its_entries_and_aging_in_each_language(language: str, labels: list[str]) -> None:
    """Brought forward 600.00; invoice 500.00 -> 1,100.00; receipt 1,250.00 of which 150.00 no invoice
    took -> -150.00. Aging as at 31 Jul: nothing owed, 150.00 paid ahead: total due -150.00."""
    from ledgerlet.sales.printing.statement import (
        Aging,
        PrintedStatement,
        bucket_label,
        render,
        statement_section,
    )

    buckets = ("current", "1-30", "31-60", "61-90", "over 90")
    assert [bucket_label(bucket, language) for bucket in buckets] == labels
    aging = Aging(buckets, tuple(Decimal(0) for _ in buckets), Decimal("-150.00"))
    documents = [
        ("invoice", doc("SINV-A", "2026-06-20", "600.00")),
        ("invoice", doc("SINV-B", "2026-07-03", "500.00")),
        ("receipt", doc("OR-1", "2026-07-20", "1250.00", advance="150.00")),
    ]
    section = statement_section("MYR", documents, "2026-07-01", "2026-07-31", aging)
    assert (section.opening, section.closing, section.aging.total) == (
        Decimal("600.00"),
        Decimal("-150.00"),  # 600.00 + 500.00 - 1,250.00
        Decimal("-150.00"),
    )
    statement = PrintedStatement(language, COMPANY, CUSTOMER, "2026-07-01", "2026-07-31", (section,), "2026-08-01")
    text = pdf_text(render(statement))
    table = texts(language)
    for expected in (
        table["title.statement"],
        table["statement.opening"],
        table["statement.closing"],
        table["aging.unapplied"],
        *labels,
        "SINV-B",
        "OR-1",
        "600.00",
        "1,100.00",
        "1,250.00",
        "-150.00",
        "W10-1808-32000001",
    ):
        assert expected in text, (expected, text)


def test_printed_numbers_keep_their_sign_and_places() -> None:
    from ledgerlet.printing.page import amount_text, price_text, quantity_text, rate_text

    assert amount_text(Decimal("-0.50"), "MYR") == "-0.50"  # no lost sign below one ringgit
    assert amount_text(Decimal("1234567.891"), "MYR") == "1,234,567.89"
    assert amount_text(Decimal("1500"), "JPY") == "1,500"
    assert price_text(Decimal("59.9"), "MYR") == "59.90" and price_text(Decimal("1.234567"), "MYR") == "1.234567"
    assert quantity_text(Decimal("12.000")) == "12" and quantity_text(Decimal("2.50")) == "2.5"
    assert rate_text(Decimal("6.00")) == "6%"


def test_an_address_prints_its_state_by_name_and_its_country_only_outside_malaysia() -> None:
    from ledgerlet.printing.company import address_lines

    home = {"line1": "8 Jalan Sultan", "postcode": "46200", "city": "Petaling Jaya", "state": "10", "country": "MYS"}
    assert address_lines(home) == ["8 Jalan Sultan", "46200 Petaling Jaya", "Selangor"]
    abroad = {"line1": "1 Raffles Place", "postcode": "048616", "city": "Singapore", "state": "17", "country": "SGP"}
    assert address_lines(abroad) == ["1 Raffles Place", "048616 Singapore", "Singapore"]  # no "Not Applicable"
    assert address_lines({**home, "country": "MY"})[-1] == "Selangor"  # the company profile's alpha-2
