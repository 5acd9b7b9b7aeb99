"""Batches and serial numbers in the console (issue 12), in English, 中文 and Bahasa Melayu.

Days count from today in the company's time zone (Asia/Kuala_Lumpur), T.

Batches. The storekeeper makes a stock item tracked by batch through the item form (Tracking: by batch, with a
shelf life of 90 days); its page shows both, and its edit form keeps the tracking as it is (the API refuses a
change). Through the API, batch C (2 @ 2.00) was received on T-2 expiring on T-1: expired today. Through the
stock entry form they receive on T batch A, 6 @ 2.00 expiring on T+30, and batch B, 4 @ 2.50 expiring on
T+10: by hand 12.00 + 10.00 = 22.00, and the receipt's page shows each line's batch and expiry. They issue 3
without naming a batch: first expiring, first out, skipping the expired C, the issue takes 3 of B (T+10 comes
before A's T+30), as its page says. The Batches report (under Inventory) lists what is on hand of the item,
first expiring first: C 2 with -1 day left, marked expired; B 4 - 3 = 1 with 10 days left; A 6 with 30 days
left. Expiring by T+15 keeps C and B (the expired included); the export holds the same lines. The item's page
lists its batches too.

Serial numbers. A stock item tracked by serial number receives 2 through the form at 100.00 (200.00), the
numbers typed "S1, S2" in one field; the receipt's page lists both. A second receipt naming S2 again (in stock
already) is refused, on the serial numbers' field, in the user's language. The item's page shows S1 and S2
in stock at the location, and so does the Serial numbers report (under Inventory) it links to."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose, screenshot
from tests.support.languages import field_label, open_in, text
from tests.support.product import Client, sign_up

ENTRIES = "stock-entries"
REPORTS = "stock-reports"
# Today where the company is: the form dates its entries so, and the report counts days from it
TODAY = datetime.now(ZoneInfo("Asia/Kuala_Lumpur")).date()
# How each language's date pickers take a typed date (records/fields/FieldControl.tsx dateFormat)
DATE_TYPED = {"en": "{day} {month} {year}", "zh-CN": "{year}-{mm}-{dd}", "ms": "{dd}/{mm}/{year}"}


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Stor Kelompok")


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def typed(language: str, when: date) -> str:
    return DATE_TYPED[language].format(
        day=when.day, month=when.strftime("%b"), year=when.year, dd=f"{when.day:02d}", mm=f"{when.month:02d}"
    )


def entry_word(language: str, key: str, **values: object) -> str:
    """A string of the stock entries' namespace (locales/<language>/stock-entries.json)."""
    return text(language, f"{ENTRIES}:{key}", **values)


def report(language: str, key: str, **values: object) -> str:
    """A string of the stock reports' namespace (locales/<language>/stock-reports.json)."""
    return text(language, f"{REPORTS}:{key}", **values)


def entry_field(language: str, field: str) -> str:
    try:
        return entry_word(language, f"fields.{field}")
    except KeyError:
        return field_label(language, ENTRIES, field)


def cell(language: str, field: str, line: int) -> str:
    """The accessible name of a stock line's input ("Batch, line 2")."""
    return text(language, "records:cellLabel", field=entry_field(language, field), line=str(line))


def location(company: Client, code: str) -> dict[str, Any]:
    parent = next(unit for unit in company.list_all("/v1/org-units") if unit["kind"] == "company")
    answer = company.post(
        "/v1/org-units", {"code": code, "name": f"Gudang {code}", "kind": "location", "parent_id": parent["id"]}
    )
    assert answer.status == 201, answer.body
    return dict(answer.body)


def menu_link(page: Page, language: str, name: str) -> Any:
    menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
    expect(menu).to_contain_text(text(language, "common:nav.inventory"))
    return menu.get_by_role("link", name=name, exact=True)


def submit(page: Page) -> Any:
    """Send the entry form; the API's answer to it."""
    with page.expect_response(
        lambda answer: answer.url.endswith("/v1/stock-entries") and answer.request.method == "POST"
    ) as answer:
        page.get_by_test_id("form-submit").click()
    return answer.value


def new_entry(page: Page, language: str, purpose: str, warehouse: dict[str, Any]) -> None:
    page.goto("/stock-entries/new")
    expect(page.get_by_test_id("stock-lines")).to_be_visible()
    if purpose != "receipt":  # a new entry starts as a receipt
        choose(page, entry_field(language, "purpose"), entry_word(language, f"enums.purpose.{purpose}"))
    choose(page, entry_field(language, "location_id"), warehouse["code"])


def line(page: Page, language: str, number: int, item: dict[str, Any], qty: str, *, rate: str | None = None) -> None:
    """Fill a line's item and quantity (and unit cost); its tracked cells appear once the item is read."""
    if number > 1:
        page.get_by_test_id("add-line").click()
    choose(page, cell(language, "item_id", number), item["code"])
    page.get_by_label(cell(language, "qty", number), exact=True).fill(qty)
    if rate is not None:
        page.get_by_label(cell(language, "rate", number), exact=True).fill(rate)


def pick_date(page: Page, label: str, language: str, when: date, *, key: str = "Enter") -> None:
    """Type a date into the picker labelled `label`; Enter takes it (in a lines grid it also goes down a
    line, adding one after the last: there, Tab). A date the picker did not take would leave it empty."""
    picker = page.get_by_label(label, exact=True)
    picker.fill(typed(language, when))
    picker.press(key)
    expect(picker).to_have_value(typed(language, when))


def entry_id(page: Page) -> str:
    expect(page).to_have_url(re.compile(r"/stock-entries/stk_[0-9A-Z]{26}$"))
    return page.url.rsplit("/", 1)[-1]


def entry_line(page: Page, line_index: int) -> Any:
    """A line of the entry's page."""
    return page.get_by_test_id("stock-lines-view").locator("tbody tr.ant-table-row").nth(line_index)


@pytest.mark.parametrize("language", ["en", "zh-CN"])  # the module covers the three languages between its tests
def test_batches_received_issued_first_expiring_and_reported(page: Page, company: Client, language: str) -> None:
    suffix = uuid.uuid4().hex[:4].upper()
    warehouse = location(company, f"KB-{language}-{suffix}")
    open_in(page, language, company, "/")
    item = batch_item_through_its_form(page, company, language, f"Susu {language} {suffix}")
    batch_a, batch_b, batch_c = (f"{name}-{suffix}" for name in "ABC")
    # C, expired yesterday, came in through the API two days ago
    expired = company.post(
        "/v1/stock-entries",
        {
            "purpose": "receipt",
            "date": day(-2).isoformat(),
            "location_id": warehouse["id"],
            "lines": [
                {
                    "item_id": item["id"],
                    "qty": "2",
                    "rate": "2.00",
                    "batch_no": batch_c,
                    "expires_on": day(-1).isoformat(),
                }
            ],
        },
    )
    assert expired.status == 201, expired.body

    # Two batches received through the form, each with its expiry
    new_entry(page, language, "receipt", warehouse)
    line(page, language, 1, item, "6", rate="2.00")
    page.get_by_label(cell(language, "batch_no", 1), exact=True).fill(batch_a)
    pick_date(page, cell(language, "expires_on", 1), language, day(30), key="Tab")
    line(page, language, 2, item, "4", rate="2.50")
    page.get_by_label(cell(language, "batch_no", 2), exact=True).fill(batch_b)
    pick_date(page, cell(language, "expires_on", 2), language, day(10), key="Tab")
    expect(page.get_by_label(cell(language, "serials", 1), exact=True)).to_have_count(0)  # batches, not numbers
    expect(page.get_by_test_id("stock-total")).to_contain_text("22.00")  # 6 x 2.00 + 4 x 2.50
    answer = submit(page)
    assert answer.status == 201, answer.text()
    receipt = company.get(f"/v1/stock-entries/{entry_id(page)}").body
    assert [(lot["batch_no"], lot["qty"], lot["expires_on"]) for row in receipt["lines"] for lot in row["batches"]] == [
        (batch_a, "6", day(30).isoformat()),
        (batch_b, "4", day(10).isoformat()),
    ]
    for index, (batch, qty, expires) in enumerate(((batch_a, "6", day(30)), (batch_b, "4", day(10)))):
        lot = entry_line(page, index).get_by_test_id("line-batch")
        expect(lot).to_have_attribute("data-batch", batch)
        expect(lot.get_by_test_id("line-batch-qty")).to_have_text(qty)
        expect(lot.get_by_test_id("line-batch-expiry")).to_have_attribute("data-date", expires.isoformat())
    screenshot(page, f"stock-batches-receipt-{language}")

    # An issue naming no batch: the first expiring that has not expired, B
    new_entry(page, language, "issue", warehouse)
    line(page, language, 1, item, "3")
    batch = page.get_by_label(cell(language, "batch_no", 1), exact=True)
    expect(batch).to_have_attribute("placeholder", entry_word(language, "lots.firstExpiring"))
    expect(page.get_by_label(cell(language, "expires_on", 1), exact=True)).to_have_count(0)  # receipts only
    answer = submit(page)
    assert answer.status == 201, answer.text()
    entry_id(page)
    lots = entry_line(page, 0).get_by_test_id("line-batch")
    expect(lots).to_have_count(1)
    expect(lots).to_have_attribute("data-batch", batch_b)
    expect(lots.get_by_test_id("line-batch-qty")).to_have_text("3")

    batches_report(page, language, warehouse, item, [(batch_c, "2", -1), (batch_b, "1", 10), (batch_a, "6", 30)])


def batch_item_through_its_form(page: Page, company: Client, language: str, name: str) -> dict[str, Any]:
    """Tracking by batch with a shelf life, through the item form; its page shows both, its edit form keeps it."""
    tracking, shelf_life = (field_label(language, "items", field) for field in ("tracking", "shelf_life_days"))
    by_batch = text(language, "records:enums.tracking.batch")
    page.goto("/items/new")
    page.get_by_label(field_label(language, "items", "name"), exact=True).fill(name)
    expect(page.get_by_label(shelf_life, exact=True)).to_have_count(0)  # for batches only
    choose(page, tracking, by_batch)
    page.get_by_label(shelf_life, exact=True).fill("90")
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/items/itm_[0-9A-Z]{26}$"))
    item = dict(company.get(f"/v1/items/{page.url.rsplit('/', 1)[-1]}").body)
    assert (item["kind"], item["tracking"], item["shelf_life_days"]) == ("stock", "batch", 90), item
    details = page.locator(".ant-descriptions-item")
    expect(details.filter(has_text=tracking)).to_contain_text(by_batch)
    expect(details.filter(has_text=shelf_life)).to_contain_text("90")
    page.get_by_test_id("record-edit").click()
    expect(page.get_by_label(tracking, exact=True)).to_be_disabled()
    expect(page.get_by_label(shelf_life, exact=True)).to_have_value("90")
    return item


def batches_report(
    page: Page, language: str, warehouse: dict[str, Any], item: dict[str, Any], expected: list[tuple[str, str, int]]
) -> None:
    """The item's batches on hand, first expiring first, with days left; the expired marked; by expiry; exported."""
    menu_link(page, language, report(language, "nav.batches")).click()
    expect(page).to_have_url(re.compile(r"/stock/batches$"))
    choose(page, report(language, "column.item"), item["code"])
    expect(page).to_have_url(re.compile(rf"/stock/batches\?item={item['id']}$"))
    table = page.get_by_test_id("stock-batches")
    rows = table.get_by_test_id("batch-row")
    expect(rows).to_have_count(len(expected))
    expect(rows.get_by_test_id("batch-no")).to_have_text([batch for batch, _, _ in expected])
    expect(rows.get_by_test_id("batch-qty")).to_have_text([qty for _, qty, _ in expected])
    expect(rows.get_by_test_id("batch-days-left")).to_have_text([str(left) for _, _, left in expected])
    for row, (_, _, left) in zip(rows.all(), expected, strict=True):
        expect(row).to_have_attribute("data-location", warehouse["code"])
        expect(row.get_by_test_id("batch-expired")).to_have_count(1 if left < 0 else 0)
    expect(rows.first.get_by_test_id("batch-expired")).to_have_text(report(language, "batches.expired"))
    expect(page.get_by_test_id("line-count")).to_have_text(report(language, "batches.lines_other", count=len(expected)))
    screenshot(page, f"stock-batches-{language}")

    # Expiring by T+15: the expired and B
    pick_date(page, report(language, "batches.expiresBy"), language, day(15))
    expect(page).to_have_url(re.compile(rf"expires_by={day(15).isoformat()}"))
    soon = [line for line in expected if line[2] <= 15]
    expect(rows.get_by_test_id("batch-no")).to_have_text([batch for batch, _, _ in soon])

    with page.expect_download() as started:
        page.get_by_test_id("list-export").click()
    content = Path(started.value.path()).read_bytes().decode("utf-8-sig")
    header, *lines = list(csv.reader(io.StringIO(content, newline="")))
    assert header[:3] == [report(language, key) for key in ("column.itemCode", "column.locationCode", "column.batch")]
    assert [(line[2], line[4], line[5]) for line in lines] == [(batch, str(left), qty) for batch, qty, left in soon]

    # The item's page (opened by its address: the whole console loads again) says how it is tracked and
    # lists its batches
    page.goto(f"/items/{item['id']}")
    details = page.locator(".ant-descriptions-item")
    tracking = field_label(language, "items", "tracking")
    expect(details.filter(has_text=tracking)).to_contain_text(text(language, "records:enums.tracking.batch"))
    panel = page.get_by_test_id("item-batches")
    expect(panel).to_contain_text(report(language, "batches.panelTitle"))
    expect(panel.get_by_test_id("batch-no")).to_have_text([batch for batch, _, _ in expected])


@pytest.mark.refusals(409)
@pytest.mark.parametrize("language", ["ms"])  # the module covers the three languages between its tests
def test_serial_numbers_received_refused_twice_and_reported(page: Page, company: Client, language: str) -> None:
    suffix = uuid.uuid4().hex[:4].upper()
    warehouse = location(company, f"KS-{language}-{suffix}")
    made = company.post("/v1/items", {"name": f"Telefon {language} {suffix}", "kind": "stock", "tracking": "serial"})
    assert made.status == 201, made.body
    item = dict(made.body)
    first, second = f"S1-{suffix}", f"S2-{suffix}"
    open_in(page, language, company, "/")

    # Two units, a number each, typed in one field
    new_entry(page, language, "receipt", warehouse)
    line(page, language, 1, item, "2", rate="100.00")
    expect(page.get_by_label(cell(language, "batch_no", 1), exact=True)).to_have_count(0)  # numbers, not batches
    page.get_by_label(cell(language, "serials", 1), exact=True).fill(f"{first}, {second}")
    expect(page.get_by_test_id("serial-count")).to_have_text(entry_word(language, "lots.serialCount_other", count=2))
    expect(page.get_by_test_id("stock-total")).to_contain_text("200.00")
    answer = submit(page)
    assert answer.status == 201, answer.text()
    receipt = company.get(f"/v1/stock-entries/{entry_id(page)}").body
    assert receipt["lines"][0]["serials"] == [first, second]
    expect(entry_line(page, 0).get_by_test_id("line-serial")).to_have_text([first, second])
    screenshot(page, f"stock-serials-receipt-{language}")

    # S2 again: in stock already, refused on the serial numbers, in the user's words
    new_entry(page, language, "receipt", warehouse)
    line(page, language, 1, item, "1", rate="100.00")
    page.get_by_label(cell(language, "serials", 1), exact=True).fill(second)
    answer = submit(page)
    assert answer.status == 409, answer.text()
    [problem] = answer.json()["errors"]
    assert (problem["field"], problem["code"], problem["params"]["serial"]) == (
        "body.lines.0.serials",
        "stock.serial_state",
        second,
    )
    refused = text(language, "errors:stock.serial_state", serial=second, state=problem["params"]["state"])
    expect(page.locator("#lines_0_serials_help")).to_have_text(refused)
    expect(page).to_have_url(re.compile(r"/stock-entries/new$"))
    screenshot(page, f"stock-serials-refused-{language}")

    # Where they are: on the item's page, and in the Serial numbers report it links to (also in the menu)
    expect(menu_link(page, language, report(language, "nav.serials"))).to_have_attribute("href", "/stock/serials")
    page.goto(f"/items/{item['id']}")
    details = page.locator(".ant-descriptions-item")
    tracking = field_label(language, "items", "tracking")
    expect(details.filter(has_text=tracking)).to_contain_text(text(language, "records:enums.tracking.serial"))
    panel = page.get_by_test_id("item-serials")
    expect(panel.get_by_test_id("serial-no")).to_have_text([first, second])
    panel.get_by_role("link", name=report(language, "serials.open"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/stock/serials\?item={item['id']}$"))
    expect(page.get_by_role("heading", level=2)).to_have_text(report(language, "serials.titleWith", item=item["code"]))
    rows = page.get_by_test_id("stock-serials").get_by_test_id("serial-row")
    expect(rows.get_by_test_id("serial-no")).to_have_text([first, second])
    expect(rows.get_by_test_id("serial-state")).to_have_text([report(language, "serials.states.in_stock")] * 2)
    expect(rows.get_by_test_id("serial-location")).to_have_text([warehouse["code"]] * 2)
