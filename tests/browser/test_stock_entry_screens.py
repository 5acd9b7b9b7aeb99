"""Stock entries in the console (issue 12), in English, 中文 and Bahasa Melayu: a storekeeper finds them in the
menu under Inventory, creates a stock item, receives it at a location at cost, is told in their language that
an issue of more than is on hand is short (naming the item, on the quantity), issues what there is, and finds
the entries in the list and its export. The pickers offer only locations and stock items; the form shows the
fields a purpose takes (a unit cost for a receipt, a destination for a transfer). The menu offers stock
entries only while the applet is on and to users who may read them."""

from __future__ import annotations

import csv
import io
import re
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose, new_from_list, screenshot
from tests.support.languages import field_label, open_in, open_select, permission_label, text
from tests.support.product import ADMIN_PASSWORD, Client, sign_up

KIND = "stock-entries"


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Stor Gudang")


@pytest.fixture(scope="module")
def closing_company(console_url: str) -> Client:
    """A company of its own: its applet is switched off and on."""
    return sign_up(console_url, "Stor Tutup")


def words(language: str, key: str, **values: object) -> str:
    """A string of the stock entries' own namespace (locales/<language>/stock-entries.json)."""
    return text(language, f"{KIND}:{key}", **values)


def stock_field(language: str, field: str) -> str:
    """A stock entry field's label: its own word, else the shared records one."""
    try:
        return words(language, f"fields.{field}")
    except KeyError:
        return field_label(language, KIND, field)


def stock_cell(language: str, field: str, line: int) -> str:
    label = stock_field(language, "line_memo" if field == "memo" else field)
    return text(language, "records:cellLabel", field=label, line=str(line))


def org_unit(company: Client, code: str, kind: str) -> dict[str, Any]:
    parent = next(unit for unit in company.list_all("/v1/org-units") if unit["kind"] == "company")
    answer = company.post(
        "/v1/org-units", {"code": code, "name": f"Gudang {code}", "kind": kind, "parent_id": parent["id"]}
    )
    assert answer.status == 201, answer.body
    return dict(answer.body)


def entries_at(company: Client, location_id: str) -> list[dict[str, Any]]:
    return company.list_all(f"/v1/stock-entries?location_id={location_id}")


def choose_purpose(page: Page, language: str, purpose: str) -> None:
    choose(page, stock_field(language, "purpose"), words(language, f"enums.purpose.{purpose}"))


def submit(page: Page) -> Any:
    """Send the form; the API's answer to it."""
    with page.expect_response(
        lambda answer: answer.url.endswith("/v1/stock-entries") and answer.request.method == "POST"
    ) as answer:
        page.get_by_test_id("form-submit").click()
    return answer.value


def download_csv(page: Page) -> list[list[str]]:
    with page.expect_download() as started:
        page.get_by_test_id("list-export").click()
    content = Path(started.value.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def valuation_shown(language: str, tag: Any) -> str:
    """The valuation tag's state, once it says it in the user's words (it may turn from pending to valued)."""
    expect(tag).to_be_visible()
    state, shown = tag.evaluate("tag => [tag.dataset.value, tag.textContent]")
    assert state in ("pending", "valued"), state
    assert shown == words(language, f"enums.valuation_state.{state}"), (state, shown)
    return str(state)


def stock_item_through_its_form(page: Page, company: Client, language: str, name: str) -> dict[str, Any]:
    """A new item is a stock item unless told otherwise."""
    page.goto("/items/new")
    page.get_by_label(field_label(language, "items", "name"), exact=True).fill(name)
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/items/itm_[0-9A-Z]{26}$"))
    item = dict(company.get(f"/v1/items/{page.url.rsplit('/', 1)[-1]}").body)
    assert item["kind"] == "stock", item
    return item


def receive(page: Page, language: str, warehouse: dict[str, Any], item: dict[str, Any], reference: str) -> str:
    """Receive 10 of the item at 12.50 with 5.00 of landed cost at 09:30 (a new entry starts as a receipt); its id."""
    purpose = page.get_by_label(stock_field(language, "purpose"), exact=True)
    expect(purpose.locator("xpath=ancestor::*[contains(@class,'ant-select')][1]")).to_contain_text(
        words(language, "enums.purpose.receipt")
    )
    expect(page.get_by_label(stock_field(language, "to_location_id"), exact=True)).to_have_count(0)
    choose(page, stock_field(language, "location_id"), warehouse["code"])
    page.get_by_label(field_label(language, KIND, "reference"), exact=True).fill(reference)
    time = page.get_by_label(stock_field(language, "time"), exact=True)
    time.fill("09:30:00")
    time.press("Enter")
    expect(time).to_have_value("09:30:00")
    choose(page, stock_cell(language, "item_id", 1), item["code"])
    page.get_by_label(stock_cell(language, "qty", 1), exact=True).fill("10")
    page.get_by_label(stock_cell(language, "rate", 1), exact=True).fill("12.50")
    landed = page.get_by_label(stock_cell(language, "landed_cost", 1), exact=True)
    landed.fill("5")
    landed.blur()
    expect(landed).to_have_value("5.00")
    expect(page.get_by_test_id("stock-total")).to_contain_text("130.00")  # 10 x 12.50 + 5.00
    answer = submit(page)
    assert answer.status == 201, answer.text()
    expect(page).to_have_url(re.compile(r"/stock-entries/stk_[0-9A-Z]{26}$"))
    return page.url.rsplit("/", 1)[-1]


@pytest.mark.refusals(409)
@pytest.mark.parametrize("language", ["zh-CN"])  # the suite covers the three languages between its tests
def test_receive_then_issue_more_than_on_hand_then_what_there_is(page: Page, company: Client, language: str) -> None:
    suffix = uuid.uuid4().hex[:4].upper()
    warehouse = org_unit(company, f"WH-{language}-{suffix}", "location")
    branch = org_unit(company, f"BR-{language}-{suffix}", "branch")
    service = company.post("/v1/items", {"name": f"Servis {suffix}", "kind": "service"})
    assert service.status == 201, service.body

    open_in(page, language, company, "/")
    item = stock_item_through_its_form(page, company, language, f"Beras {language} {suffix}")
    # Stock entries are in the menu, under Inventory
    menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
    expect(menu).to_contain_text(text(language, "common:nav.inventory"))
    menu.get_by_role("link", name=words(language, "title"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/stock-entries$"))
    new_from_list(page, "stock-entries")
    expect(page).to_have_url(re.compile(r"/stock-entries/new$"))
    expect(page.get_by_test_id("stock-lines")).to_be_visible()  # the form, its lines grid loaded
    # The pickers offer locations (no branch) and stock items (no service)
    locations = open_select(page, stock_field(language, "location_id"))
    assert any(warehouse["code"] in option for option in locations), locations
    assert not any(branch["code"] in option for option in locations), locations
    items = open_select(page, stock_cell(language, "item_id", 1))
    assert any(item["code"] in option for option in items), items
    assert not any(service.body["code"] in option for option in items), items

    receipt = company.get(f"/v1/stock-entries/{receive(page, language, warehouse, item, f'DO-{suffix}')}").body
    [line] = receipt["lines"]
    assert (receipt["purpose"], receipt["location_id"], receipt["reference"]) == (
        "receipt",
        warehouse["id"],
        f"DO-{suffix}",
    )
    assert (receipt["time"], line["item_id"], line["item_code"]) == ("09:30:00", item["id"], item["code"])
    assert (Decimal(line["qty"]), Decimal(line["rate"]), Decimal(line["landed_cost"])) == (10, Decimal("12.5"), 5)
    heading = page.get_by_role("heading", level=2)
    expect(heading).to_contain_text(receipt["code"])
    expect(heading).to_contain_text(words(language, "enums.purpose.receipt"))
    expect(page.get_by_test_id("stock-lines-view")).to_contain_text(item["code"])
    valuation_shown(language, page.get_by_test_id("tag-valuation_state"))
    screenshot(page, f"stock-receipt-{language}")

    issue = refused_then_issued(page, company, language, warehouse=warehouse, item=item, receipt=receipt)
    listed(page, language, warehouse, receipt, issue)


def refused_then_issued(
    page: Page,
    company: Client,
    language: str,
    *,
    warehouse: dict[str, Any],
    item: dict[str, Any],
    receipt: dict[str, Any],
) -> dict[str, Any]:
    """Issue 15 of the 10 received: refused, in the user's words, on the quantity; then 4, issued."""
    # An issue takes no unit cost; a transfer names where its stock goes
    page.goto("/stock-entries/new")
    expect(page.get_by_test_id("stock-lines")).to_be_visible()
    choose_purpose(page, language, "transfer")
    expect(page.get_by_label(stock_field(language, "to_location_id"), exact=True)).to_have_count(1)
    choose_purpose(page, language, "issue")
    expect(page.get_by_label(stock_field(language, "to_location_id"), exact=True)).to_have_count(0)
    expect(page.get_by_label(stock_cell(language, "rate", 1), exact=True)).to_have_count(0)
    expect(page.get_by_label(stock_cell(language, "landed_cost", 1), exact=True)).to_have_count(0)
    choose(page, stock_field(language, "location_id"), warehouse["code"])
    choose(page, stock_cell(language, "item_id", 1), item["code"])
    quantity = page.get_by_label(stock_cell(language, "qty", 1), exact=True)
    quantity.fill("15")

    # More than is on hand: refused whole, the quantity says which item and how much is missing
    answer = submit(page)
    assert answer.status == 409, answer.text()
    [problem] = answer.json()["errors"]
    assert (problem["field"], problem["code"], problem["params"]["item"]) == (
        "body.lines.0.qty",
        "stock.short",
        item["code"],
    )
    assert Decimal(problem["params"]["short"]) == 5
    short = text(language, "errors:stock.short", item=item["code"], short=problem["params"]["short"])
    expect(page.locator("#lines_0_qty_help")).to_have_text(short)
    expect(page).to_have_url(re.compile(r"/stock-entries/new$"))
    assert [entry["id"] for entry in entries_at(company, warehouse["id"])] == [receipt["id"]]  # nothing saved
    screenshot(page, f"stock-short-{language}")

    # What there is: issued
    quantity.fill("4")
    answer = submit(page)
    assert answer.status == 201, answer.text()
    expect(page).to_have_url(re.compile(r"/stock-entries/stk_[0-9A-Z]{26}$"))
    issue = company.get(f"/v1/stock-entries/{page.url.rsplit('/', 1)[-1]}").body
    [line] = issue["lines"]
    assert (issue["purpose"], issue["location_id"], line["item_id"]) == ("issue", warehouse["id"], item["id"])
    assert Decimal(line["qty"]) == 4 and line.get("rate") is None and line.get("landed_cost") is None

    return dict(issue)


def listed(
    page: Page, language: str, warehouse: dict[str, Any], receipt: dict[str, Any], issue: dict[str, Any]
) -> None:
    """The list shows both entries, newest first, with purpose, location and valuation; its export too."""
    page.get_by_role("link", name=words(language, "title"), exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/stock-entries$"))
    table = page.get_by_test_id("record-table")
    for entry in (issue, receipt):
        row = table.locator("tr", has_text=entry["code"])
        expect(row).to_contain_text(words(language, f"enums.purpose.{entry['purpose']}"))
        expect(row).to_contain_text(warehouse["code"])
        valuation_shown(language, row.get_by_test_id("tag-valuation_state"))
    expect(table.locator("tbody tr.ant-table-row").first).to_contain_text(issue["code"])
    screenshot(page, f"stock-list-{language}")

    exported = download_csv(page)
    header, lines = exported[0], exported[1:]
    purpose, location = words(language, "fields.purpose"), words(language, "fields.location_id")
    assert purpose in header and words(language, "fields.valuation_state") in header, header
    by_code = {line[0]: dict(zip(header, line, strict=True)) for line in lines}
    for entry in (issue, receipt):
        assert by_code[entry["code"]][purpose] == words(language, f"enums.purpose.{entry['purpose']}")
        assert warehouse["code"] in by_code[entry["code"]][location]


def user_holding(company: Client, role: str) -> Client:
    email = f"kerani+{uuid.uuid4().hex[:8]}@stortutup.com.my"
    invitation = company.post("/v1/platform/invitations", {"email": email, "roles": [role]})
    assert invitation.status == 201, invitation.body
    accepted = Client(company.base_url).post(
        "/v1/platform/invitations/accept",
        {"token": invitation.body["token"], "name": "Kerani Stor", "password": ADMIN_PASSWORD},
    )
    assert accepted.status in (200, 201), accepted.body
    login = Client(company.base_url).post("/v1/platform/login", {"email": email, "password": ADMIN_PASSWORD})
    assert login.status == 200, login.body
    return Client(company.base_url, login.body["id_token"], email)


def switch(company: Client, on: bool) -> None:
    answer = company.request("PUT", f"/v1/platform/applets/{KIND}", {"enabled": on})
    assert answer.status == 200, answer.body
    assert (KIND in company.get("/v1/platform/me").body["applets"]) is on


@pytest.mark.refusals(403)
@pytest.mark.parametrize("language", ["ms"])  # the suite covers the three languages between its tests
def test_the_menu_offers_stock_entries_with_the_applet_on_to_who_may_read_them(
    page: Page, closing_company: Client, language: str
) -> None:
    role = f"items-{language.lower()[:2]}"
    made = closing_company.request("PUT", f"/v1/platform/roles/{role}", {"permissions": ["items:read"]})
    assert made.status in (200, 201), made.body
    clerk = user_holding(closing_company, role)
    link = 'a[href="/stock-entries"]'

    # A user who may not read them: not in the menu, and the form names the permission to ask for
    open_in(page, language, clerk, "/items")
    menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
    expect(menu.locator('a[href="/items"]')).to_have_count(1)
    expect(menu.locator(link)).to_have_count(0)
    expect(menu).not_to_contain_text(text(language, "common:nav.inventory"))
    page.goto("/stock-entries/new")
    expect(page.get_by_test_id("not-permitted")).to_contain_text(permission_label(language, KIND, "create"))
    expect(page.locator("form")).to_have_count(0)

    # The admin sees them while the applet is on; switched off, they leave the menu and the page says so
    open_in(page, language, closing_company, "/stock-entries")
    expect(menu.locator(link)).to_have_count(1)
    expect(page.get_by_test_id("record-table")).to_be_visible()
    switch(closing_company, on=False)
    try:
        page.reload()
        expect(page.get_by_test_id("applet-off")).to_contain_text(
            text(language, "records:appletOff.title", name=words(language, "title"))
        )
        expect(menu.locator(link)).to_have_count(0)  # the Inventory group stays for its other applets
    finally:
        switch(closing_company, on=True)
    page.reload()
    expect(menu.locator(link)).to_have_count(1)
