"""Credit notes, debit notes and customer refunds in the console (issue 13), in English; one look at the credit
note's form in 中文 and Bahasa Melayu.

The shop: a warehouse with 20 fans (stock, 250.00, sales tax 10% SR10) received at 150.00, an installation
service (80.00, service tax 8% SV8), freight (a service at 35.00, SV8) and a bank book. By hand:

- Goods back. An order of 4 fans, delivered and invoiced: 4 x 250.00 = 1,000.00 + 10% = 1,100.00. A credit
  note made through its form from that invoice, its lines left empty (it takes the invoice's 4 fans), then
  edited to the 2 that came back: 2 x 250.00 = 500.00 + 10% = 50.00, 550.00. Submitted, it posts, settles
  550.00 of the invoice (1,100.00 - 550.00 = 550.00 still owed), leaves no credit, and the 2 fans return to
  the warehouse (on hand + 2). The invoice's page lists it in its flow and among what settled it; its line
  shows 2 credited.
- A charge. A debit note on an invoice for freight typed in its grid, 1 x 35.00 = 35.00 + 8% = 2.80, and a
  document fee exempt from tax (EX), 1 x 10.00: refused until the exempt line says why (in its own cell),
  then 35.00 + 2.80 + 10.00 = 47.80; submitted, posted, an open item of 47.80; the invoice's flow lists it.
- A refund. An installation invoiced (80.00 + 8% = 86.40) and paid by a receipt of 86.40; a credit note of the
  whole invoice then finds nothing owed: the customer holds a credit of 86.40. A refund of 100.00 is refused
  (only 86.40 is left); 50.00 is paid out of the bank, leaving 86.40 - 50.00 = 36.40 of credit.
- Serial numbers. An air conditioner tracked by serial number (3 received: AC-1, AC-2, AC-3): an order of 2,
  its delivery's draft edited to name AC-1 and AC-2 in the line's serial numbers cell; submitted, its stock
  issue takes those two.

Setup the screens do not test goes through the API; one company for the module."""

from __future__ import annotations

import re
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose, dialog_settled, new_from_list, screenshot, settled_screenshot
from tests.support.languages import open_in, text
from tests.support.product import Client, sign_up

TODAY = date.today().isoformat()
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
ORDERS, DELIVERIES, INVOICES, RECEIPTS = "sales-orders", "delivery-orders", "sales-invoices", "customer-receipts"
CREDIT_NOTES, DEBIT_NOTES, REFUNDS = "credit-notes", "debit-notes", "customer-refunds"
EXEMPTION = "Service Tax (Exemption) Order 2018"


def created(company: Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = company.post(path, body)
    assert answer.status == 201, answer.body
    return dict(answer.body)


def submitted(company: Client, kind: str, document: dict[str, Any]) -> dict[str, Any]:
    answer = company.post(f"/v1/{kind}/{document['id']}/submit", {"version": document["version"]})
    assert answer.status == 200, answer.body
    return dict(answer.body)


def code_id(company: Client, path: str, wanted: str) -> str:
    return str(next(found for found in company.list_all(f"{path}?q={wanted}") if found["code"] == wanted)["id"])


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Kipas Nota")


@pytest.fixture(scope="module")
def shop(company: Client) -> dict[str, Any]:
    parent = next(unit for unit in company.list_all("/v1/org-units") if unit["kind"] == "company")
    warehouse = created(
        company, "/v1/org-units", {"code": "KLN", "name": "Gudang Nota", "kind": "location", "parent_id": parent["id"]}
    )
    sr10, sv8 = code_id(company, "/v1/tax-codes", "SR10"), code_id(company, "/v1/tax-codes", "SV8")
    fan = created(
        company,
        "/v1/items",
        {"name": "Kipas Meja", "kind": "stock", "sales_price": "250.00", "sales_tax_code_id": sr10},
    )
    install = created(
        company,
        "/v1/items",
        {"name": "Pemasangan", "kind": "service", "sales_price": "80.00", "sales_tax_code_id": sv8},
    )
    freight = created(
        company, "/v1/items", {"name": "Tambang", "kind": "service", "sales_price": "35.00", "sales_tax_code_id": sv8}
    )
    exempt = code_id(company, "/v1/tax-codes", "EX")
    fee = created(
        company,
        "/v1/items",
        {"name": "Yuran Dokumen", "kind": "service", "sales_price": "10.00", "sales_tax_code_id": exempt},
    )
    cooler = created(
        company,
        "/v1/items",
        {"name": "Penyaman Udara", "kind": "stock", "tracking": "serial", "sales_price": "1000.00"},
    )
    created(
        company,
        "/v1/stock-entries",
        {
            "purpose": "receipt",
            "date": YESTERDAY,
            "location_id": warehouse["id"],
            "lines": [
                {"item_id": fan["id"], "qty": "20", "rate": "150.00"},
                {"item_id": cooler["id"], "qty": "3", "rate": "600.00", "serials": ["AC-1", "AC-2", "AC-3"]},
            ],
        },
    )
    bank = next(a["id"] for a in company.list_all("/v1/accounts?q=1030") if a["code"] == "1030")
    book = created(company, "/v1/cash-books", {"code": "BNK", "name": "Bank Nota", "kind": "bank", "account_id": bank})
    return {
        "warehouse": warehouse,
        "fan": fan,
        "install": install,
        "freight": freight,
        "fee": fee,
        "cooler": cooler,
        "book": book,
    }


def customer(company: Client, name: str) -> dict[str, Any]:
    return created(company, "/v1/customers", {"name": f"{name} {uuid.uuid4().hex[:4].upper()}"})


def label(kind: str, field: str) -> str:
    """A field's English label: the kind's own word, else the records' shared one."""
    try:
        return text("en", f"{kind}:fields.{field}")
    except KeyError:
        return text("en", f"records:fields.{field}")


def cell(kind: str, field: str, line: int) -> str:
    return text("en", "records:cellLabel", field=label(kind, field), line=str(line))


def sent(page: Page, path: str, method: str = "POST") -> Any:
    return page.expect_response(
        lambda answer: answer.url.endswith(path) and answer.request.method == method, timeout=45_000
    )


def opened(page: Page, kind: str) -> str:
    """The id of the document the page shows (once it shows one of `kind`)."""
    expect(page).to_have_url(re.compile(rf"/{kind}/[a-z]+_[0-9A-Z]{{26}}$"))
    expect(page.get_by_test_id("posting-panel").or_(page.get_by_test_id("sales-state"))).to_be_visible()
    return page.url.rsplit("/", 1)[-1]


def from_menu(page: Page, kind: str) -> None:
    page.get_by_role("navigation", name=text("en", "common:nav.main")).get_by_role(
        "link", name=text("en", f"{kind}:title"), exact=True
    ).click()
    expect(page).to_have_url(re.compile(rf"/{kind}$"))
    new_from_list(page, kind)
    expect(page.get_by_test_id("record-form")).to_be_visible()


def submit(page: Page, kind: str, document_id: str) -> None:
    page.get_by_test_id("sales-submit").click()
    dialog_settled(page)
    with sent(page, f"/v1/{kind}/{document_id}/submit") as answer:
        page.locator("#sales-submit-confirm").click()
    assert answer.value.status == 200, answer.value.text()
    expect(page.get_by_test_id("sales-state")).to_have_attribute("data-state", "submitted")


def posted(company: Client, kind: str, document_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while (document := company.get(f"/v1/{kind}/{document_id}").body)["posting_state"] != "posted":
        assert time.monotonic() < deadline, document["posting_state"]
        time.sleep(0.3)
    return dict(document)


def on_hand(company: Client, shop: dict[str, Any]) -> Decimal:
    query = f"item_id={shop['fan']['id']}&location_id={shop['warehouse']['id']}"
    return Decimal(company.get(f"/v1/stock/balances?{query}").body["lines"][0]["qty"])


def fans_invoiced(company: Client, shop: dict[str, Any], buyer: dict[str, Any]) -> dict[str, Any]:
    """4 fans ordered, delivered and invoiced: 1,100.00."""
    order = created(
        company,
        f"/v1/{ORDERS}",
        {
            "customer_id": buyer["id"],
            "date": TODAY,
            "location_id": shop["warehouse"]["id"],
            "lines": [{"item_id": shop["fan"]["id"], "qty": "4"}],
        },
    )
    order = submitted(company, ORDERS, order)
    submitted(company, DELIVERIES, created(company, f"/v1/{DELIVERIES}", {**_from(buyer), "order_id": order["id"]}))
    invoice = submitted(
        company, INVOICES, created(company, f"/v1/{INVOICES}", {**_from(buyer), "order_id": order["id"]})
    )
    assert (invoice["total"], invoice["outstanding"]) == ("1100.00", "1100.00"), invoice
    return invoice


def service_invoiced(company: Client, item: dict[str, Any], buyer: dict[str, Any]) -> dict[str, Any]:
    """One installation invoiced: 80.00 + 8% = 86.40."""
    body = {**_from(buyer), "lines": [{"item_id": item["id"], "qty": "1"}]}
    invoice = submitted(company, INVOICES, created(company, f"/v1/{INVOICES}", body))
    assert invoice["total"] == "86.40", invoice
    return invoice


def _from(buyer: dict[str, Any]) -> dict[str, Any]:
    return {"customer_id": buyer["id"], "date": TODAY}


def test_a_credit_note_takes_goods_back_from_an_invoice(page: Page, company: Client, shop: dict[str, Any]) -> None:
    buyer = customer(company, "Hotel Pulang")
    invoice = fans_invoiced(company, shop, buyer)
    open_in(page, "en", company, "/")

    # Through its form: the customer, the invoice, why, and the goods coming back; its lines left empty
    from_menu(page, CREDIT_NOTES)
    choose(page, label(CREDIT_NOTES, "customer_id"), buyer["name"])
    choose(page, label(CREDIT_NOTES, "invoice_id"), invoice["code"])
    page.get_by_label(label(CREDIT_NOTES, "reason"), exact=True).fill("2 fans returned: faulty")
    page.get_by_label(label(CREDIT_NOTES, "return_stock"), exact=True).click()
    expect(page.get_by_label(label(CREDIT_NOTES, "delivery_id"), exact=True)).to_be_visible()
    settled_screenshot(page, "credit-note-form-en")
    with sent(page, f"/v1/{CREDIT_NOTES}") as answer:
        page.get_by_test_id("form-submit").click()
    assert answer.value.status == 201, answer.value.text()
    body = answer.value.request.post_data_json
    assert (body["invoice_id"], body["return_stock"], "lines" in body) == (invoice["id"], True, False), body
    note_id = opened(page, CREDIT_NOTES)
    expect(page.get_by_test_id("sales-state")).to_have_attribute("data-state", "draft")
    # every line left on the invoice: 4 fans, 1,100.00
    expect(page.get_by_test_id("line-qty")).to_have_text(["4"])
    expect(page.get_by_test_id("sales-total")).to_contain_text("1,100.00")

    edited_to_two(page, note_id)

    # Submitted: posted, 550.00 of the invoice settled, no credit left, the 2 fans back in the warehouse
    before = on_hand(company, shop)
    submit(page, CREDIT_NOTES, note_id)
    note = posted(company, CREDIT_NOTES, note_id)
    assert (note["total"], note["applied"]["amount"], note["outstanding"]) == ("550.00", "550.00", "0.00"), note
    assert note["stock_entry_id"] and note["delivery_id"]
    assert on_hand(company, shop) == before + 2
    expect(page.get_by_test_id("posting-panel").get_by_test_id("posting-state")).to_have_attribute(
        "data-state", "posted", timeout=30_000
    )
    expect(page.get_by_test_id("credit-applied")).to_contain_text("550.00")
    expect(page.get_by_test_id("credit-applied")).to_contain_text(invoice["code"])
    expect(page.get_by_test_id("credit-left")).to_contain_text("0.00")
    expect(page.get_by_test_id("credit-stock-entry")).to_be_visible()
    expect(page.get_by_test_id("sales-cancel")).to_have_count(0)  # posted: corrected, never cancelled
    flow = page.get_by_test_id("document-flow")
    expect(flow.locator("li[data-current='true']")).to_have_attribute("data-type", "SALESCREDITNOTE")
    screenshot(page, "credit-note-en")

    invoice_shows_the_credit(page, company, invoice, note)


def edited_to_two(page: Page, note_id: str) -> None:
    """Only 2 came back: the draft edited to 2 x 250.00 + 10% = 550.00 (its line still the invoice's)."""
    page.get_by_test_id("record-edit").click()
    expect(page.get_by_test_id("record-form")).to_be_visible()
    expect(page.get_by_label(label(CREDIT_NOTES, "invoice_id"), exact=True)).to_be_disabled()
    qty = page.get_by_label(cell(CREDIT_NOTES, "qty", 1), exact=True)
    qty.fill("2")
    with sent(page, f"/v1/{CREDIT_NOTES}/{note_id}", "PATCH") as saved:
        page.get_by_test_id("form-submit").click()
    assert saved.value.status == 200, saved.value.text()
    [line] = saved.value.request.post_data_json["lines"]
    assert (line["qty"], line["source_line"]) == ("2", 0), line
    opened(page, CREDIT_NOTES)
    expect(page.get_by_test_id("line-qty")).to_have_text(["2"])
    expect(page.get_by_test_id("line-net")).to_have_text(["500.00"])
    expect(page.get_by_test_id("line-tax")).to_have_text(["50.00"])
    expect(page.get_by_test_id("sales-total")).to_contain_text("550.00")


def invoice_shows_the_credit(page: Page, company: Client, invoice: dict[str, Any], note: dict[str, Any]) -> None:
    """The invoice, through the flow: the credit note in its chain and among what settled it; 550.00 owed."""
    flow = page.get_by_test_id("document-flow")
    flow.locator("li[data-type='SALESINVOICE'] >> [data-testid='flow-link']").first.click()
    expect(page).to_have_url(re.compile(rf"/{INVOICES}/{invoice['id']}$"))
    flow = page.get_by_test_id("document-flow")
    node = flow.locator("li[data-type='SALESCREDITNOTE']")
    expect(node).to_have_count(1)
    expect(node).to_have_attribute("data-code", note["code"])
    expect(node).to_have_attribute("data-state", "submitted")
    expect(node).to_contain_text(text("en", "sales:flow.types.SALESCREDITNOTE"))
    nodes = flow.get_by_test_id("flow-node")  # the invoice's flow may still be replacing the note's: wait for it
    expect(nodes).to_have_count(4)
    for n, kind in enumerate(["SALESORDER", "DELIVERYORDER", "SALESINVOICE", "SALESCREDITNOTE"]):
        expect(nodes.nth(n)).to_have_attribute("data-type", kind)
    expect(page.get_by_test_id("invoice-outstanding")).to_contain_text("550.00")
    expect(page.get_by_test_id("invoice-payment")).to_contain_text(note["code"])
    expect(page.get_by_test_id("line-credited")).to_have_text(["2"])
    assert company.get(f"/v1/{INVOICES}/{invoice['id']}").body["outstanding"] == "550.00"
    screenshot(page, "invoice-credited-en")


@pytest.mark.refusals(422)
def test_a_debit_note_charges_freight_on_an_invoice(page: Page, company: Client, shop: dict[str, Any]) -> None:
    buyer = customer(company, "Kedai Tambang")
    invoice = service_invoiced(company, shop["install"], buyer)
    open_in(page, "en", company, "/")

    from_menu(page, DEBIT_NOTES)
    choose(page, label(DEBIT_NOTES, "customer_id"), buyer["name"])
    choose(page, label(DEBIT_NOTES, "invoice_id"), invoice["code"])
    page.get_by_label(label(DEBIT_NOTES, "reason"), exact=True).fill("Freight to Ipoh")
    lines_typed(page, shop)
    note_id = opened(page, DEBIT_NOTES)
    # 1 x 35.00 = 35.00, service tax 8% = 2.80; 10.00 exempt: 47.80
    expect(page.get_by_test_id("line-net")).to_have_text(["35.00", "10.00"])
    expect(page.get_by_test_id("line-tax")).to_have_text(["2.80", "0.00"])
    expect(page.get_by_test_id("line-exemption-reason")).to_have_text([EXEMPTION])
    expect(page.get_by_test_id("sales-total")).to_contain_text("47.80")

    submit(page, DEBIT_NOTES, note_id)
    note = posted(company, DEBIT_NOTES, note_id)
    assert (note["total"], note["outstanding"], note["reason"]) == ("47.80", "47.80", "Freight to Ipoh"), note
    assert note["due_date"] >= note["date"]
    expect(page.get_by_test_id("posting-panel").get_by_test_id("posting-state")).to_have_attribute(
        "data-state", "posted", timeout=30_000
    )
    expect(page.get_by_test_id("invoice-outstanding")).to_contain_text("47.80")
    expect(page.get_by_test_id("sales-cancel")).to_have_count(0)
    flow = page.get_by_test_id("document-flow")
    expect(flow.locator("li[data-type='SALESINVOICE']")).to_have_attribute("data-code", invoice["code"])
    expect(flow.locator("li[data-current='true']")).to_have_attribute("data-type", "SALESDEBITNOTE")
    assert [link["id"] for link in company.get(f"/v1/{INVOICES}/{invoice['id']}").body["flow"]] == [note_id]
    screenshot(page, "debit-note-en")


def lines_typed(page: Page, shop: dict[str, Any]) -> None:
    """Freight, then the exempt fee: its exemption reason cell appears; saved without a reason, refused in that
    cell; saved with it."""
    for line, item_of in ((1, shop["freight"]), (2, shop["fee"])):
        item = page.get_by_label(cell(DEBIT_NOTES, "item_id", line), exact=True)
        if line == 1:
            item.click()
        else:  # Enter on the last line's quantity added this line, the cursor in its item picker
            page.keyboard.press("Enter")
            expect(item).to_be_focused()
        page.keyboard.type(item_of["code"])
        page.wait_for_load_state("networkidle")
        expect(page.locator(".ant-select-dropdown:visible .ant-select-item-option").first).to_contain_text(
            item_of["code"]
        )
        page.keyboard.press("Enter")
        expect(page.get_by_label(cell(DEBIT_NOTES, "qty", line), exact=True)).to_be_focused()
        page.keyboard.type("1")
    reason = page.get_by_label(cell(DEBIT_NOTES, "exemption_reason", 2), exact=True)
    expect(reason).to_be_visible()
    expect(page.get_by_label(cell(DEBIT_NOTES, "exemption_reason", 1), exact=True)).to_have_count(0)
    with sent(page, f"/v1/{DEBIT_NOTES}") as answer:
        page.get_by_test_id("form-submit").click()
    assert answer.value.status == 422, answer.value.text()
    [problem] = answer.value.json()["errors"]
    assert (problem["field"], problem["code"]) == ("body.lines.1.exemption_reason", "tax.exemption_reason"), problem
    expect(page.get_by_test_id("sales-line-1").locator(".ant-form-item-explain-error")).to_have_text(
        text("en", "errors:tax.exemption_reason")
    )
    reason.fill(EXEMPTION)
    with sent(page, f"/v1/{DEBIT_NOTES}") as answer:
        page.get_by_test_id("form-submit").click()
    assert answer.value.status == 201, answer.value.text()
    assert answer.value.request.post_data_json["lines"] == [
        {"item_id": shop["freight"]["id"], "qty": "1"},
        {"item_id": shop["fee"]["id"], "qty": "1", "exemption_reason": EXEMPTION},
    ]


@pytest.mark.refusals(422)
def test_a_credit_notes_unapplied_credit_is_refunded(page: Page, company: Client, shop: dict[str, Any]) -> None:
    buyer = customer(company, "Pelanggan Balik")
    invoice = service_invoiced(company, shop["install"], buyer)
    receipt = created(
        company,
        f"/v1/{RECEIPTS}",
        {**_from(buyer), "cash_book_id": shop["book"]["id"], "amount": "86.40"},
    )
    assert receipt["advance"] == "0.00", receipt
    note = created(
        company, f"/v1/{CREDIT_NOTES}", {**_from(buyer), "invoice_id": invoice["id"], "reason": "Not installed"}
    )
    note = submitted(company, CREDIT_NOTES, note)
    assert (note["total"], note["applied"]["amount"], note["outstanding"]) == ("86.40", "0.00", "-86.40"), note
    open_in(page, "en", company, "/")

    from_menu(page, REFUNDS)
    choose(page, label(REFUNDS, "customer_id"), buyer["name"])
    choose(page, label(REFUNDS, "cash_book_id"), shop["book"]["code"])
    choose(page, label(REFUNDS, "credit_note_id"), note["code"])
    # one credit at a time: the credit note chosen, the receipt's advance is not offered
    expect(page.get_by_label(label(REFUNDS, "receipt_id"), exact=True)).to_have_count(0)
    amount = page.get_by_label(label(REFUNDS, "amount"), exact=True)

    # More than the 86.40 left is refused, on the amount
    amount.fill("100.00")
    with sent(page, f"/v1/{REFUNDS}") as answer:
        page.get_by_test_id("form-submit").click()
    assert answer.value.status == 422, answer.value.text()
    [problem] = answer.value.json()["errors"]
    assert (problem["field"], problem["code"]) == ("body.amount", "refund.over_credit"), problem
    expect(page.get_by_text(text("en", "errors:refund.over_credit", left="86.40"), exact=True)).to_be_visible()

    # 50.00 paid back: 86.40 - 50.00 = 36.40 of credit left
    amount.fill("50.00")
    with sent(page, f"/v1/{REFUNDS}") as answer:
        page.get_by_test_id("form-submit").click()
    assert answer.value.status == 201, answer.value.text()
    body = answer.value.request.post_data_json
    assert (body["credit_note_id"], body["amount"], "receipt_id" in body) == (note["id"], "50.00", False), body
    refund_id = opened(page, REFUNDS)
    refund = posted(company, REFUNDS, refund_id)
    assert (refund["amount"], refund["currency"], refund["credit_note_id"]) == ("50.00", "MYR", note["id"])
    assert company.get(f"/v1/{CREDIT_NOTES}/{note['id']}").body["outstanding"] == "-36.40"
    expect(page.get_by_test_id("posting-panel").get_by_test_id("posting-state")).to_have_attribute(
        "data-state", "posted", timeout=30_000
    )
    flow = page.get_by_test_id("document-flow")
    expect(flow.locator("li[data-current='true']")).to_have_attribute("data-type", "CUSTOMERREFUND")
    expect(flow.locator("li[data-type='SALESCREDITNOTE']")).to_have_attribute("data-code", note["code"])
    expect(flow.locator("li[data-type='SALESINVOICE']").first).to_have_attribute("data-code", invoice["code"])
    screenshot(page, "customer-refund-en")

    # The credit note's page: 36.40 left, the refund in its flow
    flow.locator("li[data-type='SALESCREDITNOTE'] >> [data-testid='flow-link']").first.click()
    expect(page).to_have_url(re.compile(rf"/{CREDIT_NOTES}/{note['id']}$"))
    expect(page.get_by_test_id("credit-left")).to_contain_text("36.40")
    expect(page.get_by_test_id("credit-applied")).to_contain_text("0.00")
    refunded = page.get_by_test_id("document-flow").locator("li[data-type='CUSTOMERREFUND']")
    expect(refunded).to_have_attribute("data-code", refund["code"])


def test_the_credit_note_form_speaks_chinese_and_malay(page: Page, company: Client) -> None:
    for language in ("zh-CN", "ms"):
        open_in(page, language, company, f"/{CREDIT_NOTES}/new")
        expect(page.get_by_test_id("record-form")).to_be_visible()
        menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
        expect(menu.get_by_role("link", name=text(language, f"{CREDIT_NOTES}:title"), exact=True)).to_be_visible()
        for field in ("invoice_id", "reason", "delivery_id"):
            if field == "delivery_id":  # shown once the goods come back
                page.get_by_label(text(language, f"{CREDIT_NOTES}:fields.return_stock"), exact=True).click()
            expect(page.get_by_label(text(language, f"{CREDIT_NOTES}:fields.{field}"), exact=True)).to_be_visible()
        expect(page.get_by_test_id("record-form")).to_contain_text(
            text(language, f"{CREDIT_NOTES}:sections.creditNote")
        )
        expect(page.get_by_test_id("sales-lines-hint")).to_have_text(text(language, "sales:lines.sourceHint"))
        assert text(language, f"{CREDIT_NOTES}:fields.invoice_id") != text("en", f"{CREDIT_NOTES}:fields.invoice_id")
        settled_screenshot(page, f"credit-note-form-{language}")


def test_a_delivery_names_the_serial_numbers_it_takes(page: Page, company: Client, shop: dict[str, Any]) -> None:
    buyer = customer(company, "Hotel Sejuk")
    order = created(
        company,
        f"/v1/{ORDERS}",
        {
            **_from(buyer),
            "location_id": shop["warehouse"]["id"],
            "lines": [{"item_id": shop["cooler"]["id"], "qty": "2"}],
        },
    )
    order = submitted(company, ORDERS, order)
    open_in(page, "en", company, f"/{ORDERS}/{order['id']}")
    with sent(page, f"/v1/{DELIVERIES}") as answer:
        page.get_by_test_id("create-delivery").click()
    assert answer.value.status == 201, answer.value.text()
    delivery_id = opened(page, DELIVERIES)

    # Its draft edited: the cooler's line names the two numbers that leave (no batch cell: it is not batched)
    page.get_by_test_id("record-edit").click()
    expect(page.get_by_test_id("record-form")).to_be_visible()
    serials = page.get_by_label(cell(DELIVERIES, "serials", 1), exact=True)
    serials.fill("AC-1, AC-2")
    expect(page.get_by_test_id("serial-count")).to_have_text(
        text("en", "stock-entries:lots.serialCount_other", count=2)
    )
    expect(page.get_by_label(cell(DELIVERIES, "batch_no", 1), exact=True)).to_have_count(0)
    with sent(page, f"/v1/{DELIVERIES}/{delivery_id}", "PATCH") as saved:
        page.get_by_test_id("form-submit").click()
    assert saved.value.status == 200, saved.value.text()
    [line] = saved.value.request.post_data_json["lines"]
    assert (line["qty"], line["serials"], line["source_line"]) == ("2", ["AC-1", "AC-2"], 0), line
    opened(page, DELIVERIES)
    expect(page.get_by_test_id("line-serial")).to_have_text(["AC-1", "AC-2"])

    submit(page, DELIVERIES, delivery_id)
    delivery = company.get(f"/v1/{DELIVERIES}/{delivery_id}").body
    issue = company.get(f"/v1/stock-entries/{delivery['stock_entry_id']}").body
    assert [(found["qty"], found["serials"]) for found in issue["lines"]] == [("2", ["AC-1", "AC-2"])], issue
    screenshot(page, "delivery-serials-en")
