"""Proforma invoices in the console (issue 13, applets), in English: from a submitted sales order's page,
"Create proforma invoice" makes the draft (the order's lines, prices and total); its form asks a deposit of
30%; it is submitted, shows its PDF link (the PDF downloads), and the order it came from is in its flow.

By hand: 2 fans at 250.00 = 500.00; sales tax 10% (SR10) = 50.00; total 550.00; 30% of it = 165.00."""

from __future__ import annotations

from datetime import date
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.test_sales_screens import (
    ORDERS,
    code_id,
    create_next,
    created,
    customer,
    label,
    one,
    opened,
    sent,
    submit,
    words,
)
from tests.support.console import screenshot
from tests.support.languages import open_in, text
from tests.support.product import Client, sign_up

PROFORMAS = "proforma-invoices"


def test_a_proforma_from_an_order_is_submitted_and_prints(page: Page, console_url: str) -> None:
    company: Client = sign_up(console_url, "Kipas Proforma")
    language = "en"
    sr10 = code_id(company, "/v1/tax-codes", "SR10")
    fan = created(
        company,
        "/v1/items",
        {"name": "Kipas Dinding", "kind": "non_stock", "sales_price": "250.00", "sales_tax_code_id": sr10},
    )
    buyer = customer(company, "Importer Seri")
    body: dict[str, Any] = {
        "customer_id": buyer["id"],
        "date": date.today().isoformat(),
        "lines": [{"item_id": fan["id"], "qty": "2"}],
    }
    order = created(company, f"/v1/{ORDERS}", body)
    order = company.post(f"/v1/{ORDERS}/{order['id']}/submit", {"version": order["version"]}).body
    assert order["total"] == "550.00", order
    open_in(page, language, company, f"/{ORDERS}/{order['id']}")

    # "Create proforma invoice": a draft of the order's lines and total
    button = page.get_by_test_id("create-proforma")
    expect(button).to_have_text(words(language, "next.action", one=one(language, PROFORMAS)))
    proforma_id = create_next(page, "create-proforma", PROFORMAS)
    expect(page.get_by_test_id("line-qty")).to_have_text(["2"])
    expect(page.get_by_test_id("sales-total")).to_contain_text("550.00")

    # Its form: a deposit of 30%
    page.get_by_test_id("record-edit").click()
    expect(page.get_by_test_id("record-form")).to_be_visible()
    expect(page.get_by_label(label(language, PROFORMAS, "order_id"), exact=True)).to_be_disabled()
    page.get_by_label(label(language, PROFORMAS, "deposit_percent"), exact=True).fill("30")
    with sent(page, f"/v1/{PROFORMAS}/{proforma_id}", "PATCH") as saved:
        page.get_by_test_id("form-submit").click()
    assert saved.value.status == 200, saved.value.text()
    assert saved.value.json()["deposit"] == "165.00"  # 550.00 x 30%
    opened(page, PROFORMAS)

    # Submitted: no longer editable; its PDF link downloads the PDF; the order is in its flow
    submit(page, PROFORMAS, proforma_id)
    expect(page.get_by_test_id("record-edit")).to_have_count(0)
    pdf = page.get_by_test_id("sales-pdf")
    expect(pdf).to_have_text(text(language, "sales:pdf.action"))
    with page.expect_download() as downloaded:
        pdf.click()
    path = downloaded.value.path()
    assert path is not None and path.read_bytes().startswith(b"%PDF-")
    proforma = company.get(f"/v1/{PROFORMAS}/{proforma_id}").body
    assert downloaded.value.suggested_filename == f"{proforma['code']}.pdf"
    assert (proforma["state"], proforma["total"], proforma["deposit"]) == ("submitted", "550.00", "165.00")
    flow = page.get_by_test_id("document-flow")
    expect(flow.locator("li[data-type='SALESORDER']")).to_have_count(1)
    expect(flow.locator("li[data-type='PROFORMA']")).to_have_count(1)
    assert company.get(f"/v1/{ORDERS}/{order['id']}").body.get("invoiced") is None
    screenshot(page, "proforma-invoice-en")
