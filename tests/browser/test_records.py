"""The record screens built from the resource declarations (console/src/features/records): a customer
from creation through search, edit and history; an item; the API's field problems placed on the
offending (nested) fields; a manual journal entered through the lines grid and posted; list paging and
column choice. Every test logs in through the login page."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.support.console import choose, dialog_settled, fill_address, list_answers, new_from_list, settled_screenshot
from tests.support.console import log_in as login
from tests.support.events import ROOT
from tests.support.product import Client, sign_up

TABLET: ViewportSize = {"width": 820, "height": 1180}
DESKTOP: ViewportSize = {"width": 1366, "height": 860}


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Rekod Ujian")


def log_in(page: Page, client: Client, path: str) -> None:
    """Log in through the login page and open `path`."""
    login(page, client.get("/v1/platform/me").body["user"]["email"], path)


def field_error(page: Page, label: str) -> Locator:
    """The validation message shown under the form field labelled `label`."""
    item = page.locator(".ant-form-item").filter(has=page.get_by_label(label, exact=True))
    return item.locator(".ant-form-item-explain-error")


def test_reference_tables_are_the_apis() -> None:
    """The console's copies of LHDN's code tables are the ones the API validates against."""
    copies = ROOT / "console" / "src" / "features" / "records" / "reference" / "data"
    for copy in sorted(copies.glob("*.json")):
        source = ROOT / "shared" / "ledgerlet" / "reference" / "data" / copy.name
        assert json.loads(copy.read_text()) == json.loads(source.read_text()), f"{copy.name} differs from {source}"


def test_customer_from_creation_to_history(page: Page, company: Client) -> None:
    log_in(page, company, "/customers")
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    new_from_list(page, "customers")
    expect(page).to_have_url(re.compile(r"/customers/new$"))
    expect(page.get_by_test_id("record-form")).to_be_visible()

    page.get_by_label("Name", exact=True).fill("Syarikat Bunga Raya")
    page.get_by_label("TIN", exact=True).fill("c2584563201")  # typed lower case; the field keeps capitals
    expect(page.get_by_label("TIN", exact=True)).to_have_value("C2584563201")
    page.get_by_label("Email", exact=True).fill("akaun@bungaraya.com.my")
    billing = page.get_by_role("group", name="Billing address")
    fill_address(page, billing, "12 Jalan Ampang", "Kuala Lumpur", "50450", state=("Kuala", "14 —"))
    settled_screenshot(page, "customer-form")
    page.get_by_test_id("form-submit").click()

    expect(page).to_have_url(re.compile(r"/customers/cus_[0-9A-Z]{26}$"))
    heading = page.get_by_role("heading", level=2)
    expect(heading).to_contain_text("Syarikat Bunga Raya")
    code = heading.inner_text().split(" — ")[0]
    expect(page.get_by_text("Wilayah Persekutuan Kuala Lumpur")).to_be_visible()

    # The list shows it; the search finds it and opens it.
    page.get_by_role("link", name="Customers").first.click()
    table = page.get_by_test_id("record-table")
    expect(table.get_by_role("link", name=code)).to_be_visible()
    page.get_by_test_id("list-search").locator("input").fill("Bunga Raya")
    page.get_by_test_id("list-search").locator("input").press("Enter")
    expect(page).to_have_url(re.compile(r"q=Bunga"))
    expect(table.locator("tbody tr.record-row")).to_have_count(1)
    table.get_by_text("Syarikat Bunga Raya").click()
    expect(page).to_have_url(re.compile(r"/customers/cus_"))

    # Edit: only what changed is sent, with the version read; the history shows the change.
    page.get_by_test_id("record-edit").click()
    expect(page).to_have_url(re.compile(r"/edit$"))
    expect(page.get_by_label("Phone", exact=True)).to_be_visible()
    with page.expect_request(lambda request: request.method == "PATCH") as patched:
        page.get_by_label("Phone", exact=True).fill("+60 3-2161 8800")
        page.get_by_label("Payment terms (days)").fill("45")
        page.get_by_test_id("form-submit").click()
    assert patched.value.post_data_json == {"phone": "+60 3-2161 8800", "payment_terms_days": 45, "version": 1}
    expect(page).to_have_url(re.compile(r"/customers/cus_[0-9A-Z]{26}$"))
    history = page.get_by_test_id("record-history")
    change = history.locator("[data-action=update]")
    expect(change).to_contain_text("+60 3-2161 8800")
    expect(change.get_by_role("row", name=re.compile(r"Payment terms \(days\)\s*30\s*45"))).to_be_visible()
    expect(history.locator("[data-action=create]")).to_be_visible()

    # Saving replaced the form in the history: Back goes to the record as it was opened, then the list.
    page.go_back()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/customers\?q=Bunga"))


@pytest.mark.refusals(409, 422)
def test_api_problems_land_on_their_fields(page: Page, company: Client) -> None:
    log_in(page, company, "/customers/new")
    page.get_by_label("Name", exact=True).fill("Kedai Runcit Salah")
    page.get_by_label("TIN", exact=True).fill("X123")
    billing = page.get_by_role("group", name="Billing address")
    billing.get_by_label("Address line 1").fill("3 Lorong Maju")  # no city, no state: the API says so
    page.get_by_test_id("form-submit").click()

    expect(field_error(page, "TIN")).to_contain_text("A TIN looks like C2584563200 or IG12345678901.")
    city = billing.locator(".ant-form-item").filter(has=page.get_by_label("City"))
    expect(city.locator(".ant-form-item-explain-error")).to_contain_text("required")
    state = billing.locator(".ant-form-item").filter(has=page.get_by_label("State"))
    expect(state.locator(".ant-form-item-explain-error")).to_contain_text("required")
    expect(page.get_by_role("alert").first).to_contain_text("Some fields need correcting")
    expect(page).to_have_url(re.compile(r"/customers/new$"))

    # Fixing them saves the customer.
    page.get_by_label("TIN", exact=True).fill("IG12345678901")
    billing.get_by_label("City").fill("Ipoh")
    choose(page, "State", "Perak", "08 —", within=billing)
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/customers/cus_[0-9A-Z]{26}$"))


@pytest.mark.refusals(409, 422)
def test_item_with_prices_and_units(page: Page, company: Client) -> None:
    log_in(page, company, "/items/new")
    page.get_by_label("Name", exact=True).fill("Teh Tarik Premix 30s")
    page.get_by_label("Category", exact=True).fill("Beverages")
    page.get_by_label("Sales price", exact=True).fill("18.90")
    page.get_by_role("button", name="Add line").click()
    choose(page, "Unit, line 1", "XCT", "XCT —")
    page.get_by_label("Base units per unit, line 1").fill("24")
    page.get_by_test_id("form-submit").click()

    expect(page).to_have_url(re.compile(r"/items/itm_[0-9A-Z]{26}$"))
    expect(page.get_by_role("heading", level=2)).to_contain_text("Teh Tarik Premix 30s")
    expect(page.get_by_text("RM 18.90").first).to_be_visible()
    expect(page.get_by_text("XCT — Carton")).to_be_visible()

    # A problem on a line lands on its cell: a conversion unit equal to the base unit is refused.
    page.get_by_test_id("record-edit").click()
    expect(page.get_by_test_id("record-form")).to_be_visible()
    page.get_by_label("Base units per unit, line 1").fill("0")
    page.get_by_test_id("form-submit").click()
    factor = page.locator(".ant-form-item").filter(has=page.get_by_label("Base units per unit, line 1"))
    expect(factor.locator(".ant-form-item-explain-error")).to_contain_text("Enter more than 0.")


def test_manual_journal_posts_through_the_lines_grid(page: Page, company: Client) -> None:
    log_in(page, company, "/journals")
    new_from_list(page, "journals")
    expect(page.get_by_test_id("journal-lines")).to_be_visible()
    page.get_by_label("Memo", exact=True).fill("Accrued audit fee for the year")
    page.get_by_label("Reference", exact=True).fill("ACR-2026-01")
    grid = page.get_by_test_id("journal-lines")
    submit = page.get_by_test_id("form-submit")
    expect(submit).to_have_text(re.compile("Post"))
    expect(submit).to_be_disabled()

    choose(page, "Account, line 1", "6140", "6140 — Audit Fees")
    page.get_by_label("Debit, line 1").fill("3,500")
    page.get_by_label("Description, line 1").fill("Audit fee FY2026")
    choose(page, "Account, line 2", "2110")
    page.get_by_label("Credit, line 2").fill("3000.10")
    expect(grid.get_by_test_id("journal-difference")).to_contain_text("credits are 499.90 short")
    expect(submit).to_be_disabled()

    # A third line starts with the amount that balances the journal; removing it unbalances again.
    grid.get_by_test_id("add-line").click()
    expect(page.get_by_label("Credit, line 3")).to_have_value("499.90")
    expect(grid.get_by_test_id("journal-difference")).to_have_attribute("data-balanced", "true")
    page.get_by_label("Remove line 3").click()
    page.get_by_label("Credit, line 2").fill("3500")
    page.get_by_label("Credit, line 2").blur()
    expect(page.get_by_label("Credit, line 2")).to_have_value("3500.00")
    expect(page.get_by_label("Debit, line 1")).to_have_value("3500.00")
    expect(grid.get_by_test_id("journal-total-debit")).to_have_text("3,500.00")
    expect(grid.get_by_test_id("journal-total-credit")).to_have_text("3,500.00")
    expect(grid.get_by_test_id("journal-difference")).to_have_attribute("data-balanced", "true")
    expect(submit).to_be_enabled()
    settled_screenshot(page, "journal-form")

    with page.expect_request(lambda request: request.method == "POST" and request.url.endswith("/v1/journals")) as sent:
        submit.click()
    body = sent.value.post_data_json
    assert isinstance(body, dict)
    assert [(line.get("debit"), line.get("credit")) for line in body["lines"]] == [("3500.00", None), (None, "3500.00")]
    assert sent.value.headers.get("idempotency-key")

    expect(page).to_have_url(re.compile(r"/journals/jv_[0-9A-Z]{26}$"))
    expect(page.get_by_role("heading", level=2)).to_contain_text("Accrued audit fee for the year")
    # The ledger posts asynchronously; the page polls while the journal is pending.
    expect(page.get_by_test_id("posting-state")).to_have_attribute("data-state", "posted", timeout=30_000)
    expect(page.get_by_test_id("ledger-entry-link").first).to_have_attribute("href", re.compile(r"^/ledger/entries/"))
    expect(page.get_by_text("RM 3,500.00")).to_be_visible()
    settled_screenshot(page, "journal-detail")
    page.set_viewport_size(TABLET)
    expect(page.get_by_test_id("posting-state")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    settled_screenshot(page, "journal-detail-tablet")


def test_list_paging_sorting_and_columns(page: Page, company: Client) -> None:
    stamp = time.strftime("%H%M%S")
    for number in range(23):
        answer = company.post("/v1/suppliers", {"name": f"Pembekal {stamp} {number:02d}", "group": "Runcit"})
        assert answer.status == 201, answer.body
    answers = list_answers(page, "/v1/suppliers?")
    log_in(page, company, "/suppliers")
    table = page.get_by_test_id("record-table")
    rows = table.locator("tbody tr.record-row")
    try:
        expect(rows).to_have_count(20)
    except AssertionError as failure:
        raise AssertionError(f"{failure}\nlist requests: {answers}; page: {page.url}") from None
    expect(page.get_by_test_id("page-previous")).to_be_disabled()

    page.get_by_test_id("page-next").click()
    expect(page.get_by_test_id("page-number")).to_have_text("Page 2")
    expect(rows).to_have_count(3)
    expect(page.get_by_test_id("page-next")).to_be_disabled()
    page.get_by_test_id("page-previous").click()
    expect(page.get_by_test_id("page-number")).to_have_text("Page 1")
    expect(rows).to_have_count(20)

    # Order by name, descending, from the column header; the order is in the address.
    header = table.get_by_role("columnheader", name="Name")
    # Each click waits for the header to show the order: the table decides the next order from it.
    header.click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    header.click()
    expect(page).to_have_url(re.compile(r"sort=-name"))
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(rows.first).to_contain_text(f"Pembekal {stamp} 22")

    # A bigger page holds them all.
    choose(page, "Rows per page", "50")
    expect(rows).to_have_count(23)

    # Columns: hide Email, show Group; the choice outlives a reload.
    page.get_by_test_id("column-chooser").click()
    dialog_settled(page)
    page.get_by_role("checkbox", name="Email").uncheck()
    page.get_by_role("checkbox", name="Group").check()
    page.keyboard.press("Escape")
    expect(table.get_by_role("columnheader", name="Email")).to_have_count(0)
    expect(table.get_by_role("columnheader", name="Group")).to_be_visible()
    page.reload()
    expect(table.get_by_role("columnheader", name="Group")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Email")).to_have_count(0)
    expect(rows.first).to_contain_text("Runcit")
    settled_screenshot(page, "suppliers-list")

    # The customers' list (a customer made by the earlier tests, or none) at desktop and tablet widths.
    page.goto("/customers")
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    settled_screenshot(page, "customers-list")
    page.set_viewport_size(TABLET)
    page.goto("/customers/new")
    expect(page.get_by_label("Name", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the form scrolls sideways"
    settled_screenshot(page, "customer-form-tablet")


@pytest.mark.refusals(409, 422)
def test_stale_edit_offers_reload_and_archive_asks_first(page: Page, company: Client) -> None:
    created = company.post("/v1/customers", {"name": "Perniagaan Dua Tangan", "phone": "03-7722 1100"})
    assert created.status == 201, created.body
    customer = created.body
    log_in(page, company, f"/customers/{customer['id']}/edit")
    expect(page.get_by_label("Phone", exact=True)).to_have_value("03-7722 1100")

    # Someone else saves the customer while the form is open.
    changed = company.patch(f"/v1/customers/{customer['id']}", {"version": 1, "contact_person": "Encik Lain"})
    assert changed.status == 200, changed.body
    page.get_by_label("Contact person", exact=True).fill("Puan Saya")
    page.get_by_test_id("form-submit").click()
    expect(page.get_by_role("alert").filter(has_text="Someone else changed this record")).to_be_visible()
    page.get_by_test_id("reload-record").click()
    expect(page.get_by_label("Contact person", exact=True)).to_have_value("Encik Lain")
    page.get_by_label("Contact person", exact=True).fill("Puan Saya")
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/customers/cus_[0-9A-Z]{26}$"))
    expect(page.get_by_text("Puan Saya").first).to_be_visible()

    # Archiving asks first; cancelling leaves it active.
    page.get_by_test_id("record-archive").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Perniagaan Dua Tangan")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("status")).to_have_text("Active")
    page.get_by_test_id("record-archive").click()
    page.get_by_role("dialog").get_by_role("button", name="Archive").click()
    expect(page.get_by_test_id("status")).to_have_text("Archived")
    expect(page.get_by_test_id("record-edit")).to_have_count(0)
    expect(page.get_by_test_id("record-history").locator("[data-action=archive]")).to_be_visible()
