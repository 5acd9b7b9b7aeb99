"""Stock requests, reorder rules, count sheets and the stock settings in the console (issue 12), in English,
中文 and Bahasa Melayu.

A storekeeper finds them under Inventory. They make a reorder rule through its form (reorder 20 when below 5,
moved in from a second location), are told in their language that the item already has a rule there, raise its
quantity to 25 and archive it. They ask for 10 of the item to be moved in (a stock request); once a transfer
of 4 names the request, its page shows the line's 10 requested, 4 fulfilled and 6 still to fulfil.

The count, by hand: the item (weighted average) receives 10 @ 2.00 through the API the day before, so the
books expect 10 on hand worth 20.00 at a rate of 2.00. The count sheet for its location lists it with 10
expected; 7 are counted (the dialog shows the difference, -3) and submitted. The API writes one stock count
entry setting 7 at the valuation rate 2.00: on hand 7, value round(7 x 2.00) = 14.00, a change of -6.00 (to
stock adjustment); the sheet is counted and names that entry.

The settings page shows the default costing method and saves the other one (with the next version); a clerk who
may only read stock entries sees the settings read-only, with the permission a change needs, and the menu
offers them no requests, rules or count sheets."""

from __future__ import annotations

import re
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose, dialog_settled, new_from_list, screenshot
from tests.support.languages import open_in, permission_label, text
from tests.support.product import ADMIN_PASSWORD, Client, sign_up

REQUESTS = "stock-requests"
RULES = "reorder-rules"
SHEETS = "count-sheets"
SETTINGS = "stock-settings"
# The day before the count, in the company's time zone (the console dates the count today there)
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Stor Rancang")


def words(language: str, namespace: str, key: str, **values: object) -> str:
    """A string of a kind's own namespace (locales/<language>/<namespace>.json)."""
    return text(language, f"{namespace}:{key}", **values)


def label(language: str, namespace: str, field: str) -> str:
    """A field's label on a kind's form and page."""
    return words(language, namespace, f"fields.{field}")


def cell(language: str, namespace: str, field: str, line: int) -> str:
    return text(language, "records:cellLabel", field=label(language, namespace, field), line=str(line))


def org_unit(company: Client, code: str) -> dict[str, Any]:
    parent = next(unit for unit in company.list_all("/v1/org-units") if unit["kind"] == "company")
    answer = company.post(
        "/v1/org-units", {"code": code, "name": f"Gudang {code}", "kind": "location", "parent_id": parent["id"]}
    )
    assert answer.status == 201, answer.body
    return dict(answer.body)


def stock_item(company: Client, name: str) -> dict[str, Any]:
    answer = company.post("/v1/items", {"name": name, "kind": "stock", "costing_method": "weighted_average"})
    assert answer.status == 201, answer.body
    return dict(answer.body)


def entry(company: Client, body: dict[str, Any]) -> str:
    answer = company.post("/v1/stock-entries", {"date": YESTERDAY, **body})
    assert answer.status == 201, answer.body
    return str(answer.body["id"])


def valued(company: Client, entry_ids: list[str], timeout: float = 90) -> None:
    """Wait until the product has costed every entry."""
    deadline = time.monotonic() + timeout
    for entry_id in entry_ids:
        while (state := company.get(f"/v1/stock-entries/{entry_id}").body["valuation_state"]) != "valued":
            assert time.monotonic() < deadline, f"{entry_id} is still {state}"
            time.sleep(0.3)


def menu_link(page: Page, language: str, name: str) -> Any:
    menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
    expect(menu).to_contain_text(text(language, "common:nav.inventory"))
    return menu.get_by_role("link", name=name, exact=True)


def sent(page: Page, path: str, method: str = "POST") -> Any:
    """A context catching the API's answer to the form's request to `path`."""
    return page.expect_response(lambda answer: answer.url.endswith(path) and answer.request.method == method)


def new_record(page: Page, language: str, namespace: str) -> None:
    """Open a kind's list from the menu, then its form."""
    menu_link(page, language, words(language, namespace, "title")).click()
    expect(page).to_have_url(re.compile(rf"/{namespace}$"))
    new_from_list(page, namespace)
    expect(page).to_have_url(re.compile(rf"/{namespace}/new$"))
    expect(page.get_by_test_id("record-form")).to_be_visible()  # the form, not the list its page replaces


def rule_form(
    page: Page, language: str, item: dict[str, Any], *, at: dict[str, Any], source: dict[str, Any] | None = None
) -> Any:
    """Fill the reorder rule form (reorder 20 below 5 at `at`, bought, or transferred in from `source`) and
    send it; the answer."""
    choose(page, label(language, RULES, "item_id"), item["code"])
    choose(page, label(language, RULES, "location_id"), at["code"])
    page.get_by_label(label(language, RULES, "reorder_level"), exact=True).fill("5")
    page.get_by_label(label(language, RULES, "reorder_qty"), exact=True).fill("20")
    from_location = page.get_by_label(label(language, RULES, "from_location_id"), exact=True)
    expect(from_location).to_have_count(0)  # a purchase comes from no location
    if source is not None:
        choose(page, label(language, RULES, "source"), words(language, RULES, "enums.source.transfer"))
        choose(page, label(language, RULES, "from_location_id"), source["code"])
    with sent(page, f"/v1/{RULES}") as answer:
        page.get_by_test_id("form-submit").click()
    return answer.value


@pytest.mark.refusals(422)
@pytest.mark.parametrize("language", ["en"])  # the module covers the three languages between its tests
def test_reorder_rule_and_stock_request_through_their_forms(page: Page, company: Client, language: str) -> None:
    suffix = uuid.uuid4().hex[:4].upper()
    warehouse, source = org_unit(company, f"KD-{language}-{suffix}"), org_unit(company, f"PS-{language}-{suffix}")
    item = stock_item(company, f"Gula {language} {suffix}")
    open_in(page, language, company, "/")

    # A reorder rule: made through its form, found on its page and in the list
    new_record(page, language, RULES)
    answer = rule_form(page, language, item, at=warehouse, source=source)
    assert answer.status == 201, answer.text()
    expect(page).to_have_url(re.compile(rf"/{RULES}/rrl_[0-9A-Z]{{26}}$"))
    rule = company.get(f"/v1/{RULES}/{page.url.rsplit('/', 1)[-1]}").body
    assert (rule["item_id"], rule["location_id"], rule["source"], rule["from_location_id"]) == (
        item["id"],
        warehouse["id"],
        "transfer",
        source["id"],
    )
    assert (Decimal(rule["reorder_level"]), Decimal(rule["reorder_qty"])) == (5, 20)
    heading = page.get_by_role("heading", level=2)
    expect(heading).to_have_text(words(language, RULES, "heading", qty="20", level="5"))
    expect(page.locator(".record-section").first).to_contain_text(item["code"])
    screenshot(page, f"reorder-rule-{language}")

    menu_link(page, language, words(language, RULES, "title")).click()
    row = page.get_by_test_id("record-table").locator("tr", has_text=item["code"])
    expect(row).to_contain_text(warehouse["code"])
    expect(row).to_contain_text(words(language, RULES, "enums.source.transfer"))
    link = row.locator("a.record-link")  # the item names the rule's link, with no link of its own inside it
    expect(link).to_contain_text(item["code"])
    expect(link.locator("a")).to_have_count(0)
    link.click()
    expect(page).to_have_url(re.compile(rf"/{RULES}/{rule['id']}$"))

    # A second rule for the item at that location: refused, said in the user's words on the item
    page.goto(f"/{RULES}/new")
    answer = rule_form(page, language, item, at=warehouse)
    assert answer.status == 422, answer.text()
    assert [problem["code"] for problem in answer.json()["errors"]] == ["stock.rule_exists"]
    expect(page.locator("#item_id_help")).to_have_text(text(language, "errors:stock.rule_exists"))
    assert [found["id"] for found in company.list_all(f"/v1/{RULES}?item_id={item['id']}")] == [rule["id"]]

    # Edited (the item and location stay), then archived
    page.goto(f"/{RULES}/{rule['id']}")
    page.get_by_test_id("record-edit").click()
    expect(page.get_by_label(label(language, RULES, "item_id"), exact=True)).to_be_disabled()
    page.get_by_label(label(language, RULES, "reorder_qty"), exact=True).fill("25")
    with sent(page, f"/v1/{RULES}/{rule['id']}", "PATCH") as saved:
        page.get_by_test_id("form-submit").click()
    assert saved.value.status == 200, saved.value.text()
    expect(heading).to_have_text(words(language, RULES, "heading", qty="25", level="5"))
    page.get_by_test_id("record-archive").click()
    dialog = page.get_by_role("dialog")
    dialog_settled(page)
    with sent(page, f"/v1/{RULES}/{rule['id']}/archive") as archived:
        dialog.locator("button.ant-btn-dangerous").click()  # antd spaces two-character words: 归 档
    assert archived.value.status == 200, archived.value.text()
    expect(page.get_by_test_id("status")).to_have_text(text(language, "records:enums.status.archived"))
    rule = company.get(f"/v1/{RULES}/{rule['id']}").body
    assert (rule["status"], Decimal(rule["reorder_qty"])) == ("archived", 25)

    stock_request(page, company, language, item, warehouse=warehouse, source=source)


def stock_request(
    page: Page,
    company: Client,
    language: str,
    item: dict[str, Any],
    *,
    warehouse: dict[str, Any],
    source: dict[str, Any],
) -> None:
    """Ask for 10 to be moved into the warehouse; a transfer of 4 from `source` naming the request fulfils 4."""
    new_record(page, language, REQUESTS)
    purpose = page.get_by_label(label(language, REQUESTS, "purpose"), exact=True)
    expect(purpose.locator("xpath=ancestor::*[contains(@class,'ant-select')][1]")).to_contain_text(
        words(language, REQUESTS, "enums.purpose.transfer")
    )
    choose(page, label(language, REQUESTS, "location_id"), warehouse["code"])
    page.get_by_label(label(language, REQUESTS, "memo"), exact=True).fill(f"Rak depan {item['code']}")
    choose(page, cell(language, REQUESTS, "item_id", 1), item["code"])
    page.get_by_label(cell(language, REQUESTS, "qty", 1), exact=True).fill("10")
    screenshot(page, f"stock-request-form-{language}")
    with sent(page, f"/v1/{REQUESTS}") as answer:
        page.get_by_test_id("form-submit").click()
    assert answer.value.status == 201, answer.value.text()
    expect(page).to_have_url(re.compile(rf"/{REQUESTS}/srq_[0-9A-Z]{{26}}$"))
    request = company.get(f"/v1/{REQUESTS}/{page.url.rsplit('/', 1)[-1]}").body
    [line] = request["lines"]
    assert (request["purpose"], request["location_id"], request["state"]) == ("transfer", warehouse["id"], "open")
    assert (line["item_id"], Decimal(line["qty"]), request["memo"]) == (item["id"], 10, f"Rak depan {item['code']}")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        f"{words(language, REQUESTS, 'enums.purpose.transfer')} — Rak depan {item['code']}"
    )
    lines = page.get_by_test_id("request-lines-view")
    expect(lines).to_contain_text(item["code"])
    expect(lines.get_by_test_id("requested-qty")).to_have_text("10")
    expect(lines.get_by_test_id("fulfilled-qty")).to_have_text("0")

    # 10 received at the source, 4 of them moved in for the request: 4 fulfilled, 6 still to fulfil
    received = [{"item_id": item["id"], "qty": "10", "rate": "2.00"}]
    entry(company, {"purpose": "receipt", "location_id": source["id"], "lines": received})
    entry(
        company,
        {
            "purpose": "transfer",
            "location_id": source["id"],
            "to_location_id": warehouse["id"],
            "request_id": request["id"],
            "lines": [{"item_id": item["id"], "qty": "4"}],
        },
    )
    assert company.get(f"/v1/{REQUESTS}/{request['id']}").body["fulfilled"] == {"0": "4"}
    page.reload()
    expect(lines.get_by_test_id("requested-qty")).to_have_text("10")
    expect(lines.get_by_test_id("fulfilled-qty")).to_have_text("4")
    expect(lines.get_by_test_id("left-qty")).to_have_text("6")
    state = page.get_by_test_id("tag-state").first
    expect(state).to_have_text(words(language, REQUESTS, "enums.state.open"))
    screenshot(page, f"stock-request-{language}")

    # The list shows it, open, where it is wanted
    menu_link(page, language, words(language, REQUESTS, "title")).click()
    row = page.get_by_test_id("record-table").locator("tr", has_text=f"Rak depan {item['code']}")
    expect(row).to_contain_text(warehouse["code"])
    expect(row).to_contain_text(words(language, REQUESTS, "enums.purpose.transfer"))
    expect(row.get_by_test_id("tag-state")).to_have_text(words(language, REQUESTS, "enums.state.open"))


@pytest.mark.parametrize("language", ["zh-CN"])  # the module covers the three languages between its tests
def test_a_count_sheet_counted_and_submitted_sets_the_stock_counted(page: Page, company: Client, language: str) -> None:
    suffix = uuid.uuid4().hex[:4].upper()
    warehouse = org_unit(company, f"KR-{language}-{suffix}")
    item = stock_item(company, f"Kopi {language} {suffix}")
    lines = [{"item_id": item["id"], "qty": "10", "rate": "2.00"}]
    valued(company, [entry(company, {"purpose": "receipt", "location_id": warehouse["id"], "lines": lines})])
    open_in(page, language, company, "/")
    sheet = count_sheet(page, company, language, item, at=warehouse)
    counted(page, language, sheet, item)

    # The count entry: 7 at the valuation rate 2.00, so 7 on hand worth 14.00
    sheet = company.get(f"/v1/{SHEETS}/{sheet['id']}").body
    assert sheet["state"] == "counted" and sheet["entry_id"], sheet
    count = company.get(f"/v1/stock-entries/{sheet['entry_id']}").body
    [line] = count["lines"]
    assert (count["purpose"], count["location_id"], count["reference"], line["item_id"]) == (
        "count",
        warehouse["id"],
        sheet["id"],
        item["id"],
    )
    assert (Decimal(line["qty"]), Decimal(line["rate"])) == (7, 2)
    valued(company, [count["id"]])
    [balance] = company.get(f"/v1/stock/balances?item_id={item['id']}&location_id={warehouse['id']}").body["lines"]
    assert (Decimal(balance["qty"]), balance["value"]) == (7, "14.00"), balance
    card = company.get(f"/v1/stock/card?item_id={item['id']}&location_id={warehouse['id']}").body
    assert [(row["kind"], row["value_change"], row["value"]) for row in card["rows"]] == [
        ("receipt", "20.00", "20.00"),
        ("count", "-6.00", "14.00"),
    ], card["rows"]
    # the sheet's page names the entry it wrote
    expect(page.locator(f'a[href="/stock-entries/{count["id"]}"]')).to_contain_text(count["code"])
    screenshot(page, f"count-sheet-{language}")


def count_sheet(page: Page, company: Client, language: str, item: dict[str, Any], *, at: dict[str, Any]) -> Any:
    """A sheet for the item at `at`, made through the form (the location and the item chosen): the books
    expect 10."""
    new_record(page, language, SHEETS)
    limit = page.get_by_label(label(language, SHEETS, "limit"), exact=True)
    expect(limit).to_have_value("20")
    choose(page, label(language, SHEETS, "location_id"), at["code"])
    choose(page, label(language, SHEETS, "item_ids"), item["code"])
    expect(limit).to_have_count(0)  # the items are named
    screenshot(page, f"count-sheet-form-{language}")
    with sent(page, f"/v1/{SHEETS}") as answer:
        page.get_by_test_id("form-submit").click()
    assert answer.value.status == 201, answer.value.text()
    expect(page).to_have_url(re.compile(rf"/{SHEETS}/cnt_[0-9A-Z]{{26}}$"))
    sheet = company.get(f"/v1/{SHEETS}/{page.url.rsplit('/', 1)[-1]}").body
    assert (sheet["location_id"], sheet["state"], [line["item_id"] for line in sheet["lines"]]) == (
        at["id"],
        "open",
        [item["id"]],
    )
    expect(page.get_by_role("heading", level=2)).to_have_text(words(language, SHEETS, "heading", items=item["code"]))
    view = page.get_by_test_id("count-lines-view")
    expect(view).to_contain_text(item["code"])
    expect(view.get_by_test_id("expected-qty")).to_have_text("10")
    expect(page.get_by_test_id("tag-state").first).to_have_text(words(language, SHEETS, "enums.state.open"))
    return sheet


def counted(page: Page, language: str, sheet: dict[str, Any], item: dict[str, Any]) -> None:
    """7 counted: the dialog shows the difference (-3); submitted, the sheet is counted."""
    page.get_by_test_id("count-submit").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(words(language, SHEETS, "submit.title_one", count=1))
    dialog_settled(page)
    dialog.get_by_label(words(language, SHEETS, "submit.countedOf", item=item["code"]), exact=True).fill("7")
    expect(dialog.get_by_test_id("count-difference")).to_have_text("-3")
    screenshot(page, f"count-sheet-submit-{language}")
    with sent(page, f"/v1/{SHEETS}/{sheet['id']}/submit") as submitted:
        page.locator("#count-submit-confirm").click()
    assert submitted.value.status == 200, submitted.value.text()
    expect(page.get_by_test_id("tag-state").first).to_have_text(words(language, SHEETS, "enums.state.counted"))
    expect(page.get_by_test_id("count-submit")).to_have_count(0)
    view = page.get_by_test_id("count-lines-view")
    expect(view.get_by_test_id("counted-qty")).to_have_text("7")
    expect(view.get_by_test_id("difference-qty")).to_have_text("-3")


def clerk_reading_stock_entries(company: Client, language: str) -> Client:
    """A user whose role lets them read stock entries (and so the settings), nothing more."""
    role = f"stock-reader-{language.lower()[:2]}"
    made = company.request("PUT", f"/v1/platform/roles/{role}", {"permissions": ["stock-entries:read"]})
    assert made.status in (200, 201), made.body
    email = f"kerani+{uuid.uuid4().hex[:8]}@storrancang.com.my"
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


LINKS = ('a[href="/stock-requests"]', 'a[href="/reorder-rules"]', 'a[href="/count-sheets"]')


@pytest.mark.parametrize("language", ["ms"])  # the module covers the three languages between its tests
def test_stock_settings_shown_and_saved_and_read_only_to_who_may_not_manage(
    page: Page, company: Client, language: str
) -> None:
    before = company.get("/v1/stock/settings").body
    other = "fifo" if before["default_costing_method"] == "weighted_average" else "weighted_average"

    def option(method: str) -> str:
        return words(language, SETTINGS, f"enums.costing.{method}")

    # The admin: the page under Inventory, the method in force checked; the other one saved
    open_in(page, language, company, "/")
    menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
    for link in LINKS:
        expect(menu.locator(link)).to_have_count(1)
    menu_link(page, language, words(language, SETTINGS, "nav")).click()
    expect(page).to_have_url(re.compile(r"/stock/settings$"))
    expect(page.get_by_role("heading", level=2)).to_have_text(words(language, SETTINGS, "title"))
    expect(page.get_by_role("radio", name=option(before["default_costing_method"]), exact=True)).to_be_checked()
    expect(page.get_by_test_id("stock-settings-version")).to_have_text(str(before["version"]))
    page.get_by_role("radio", name=option(other), exact=True).check()
    with sent(page, "/v1/stock/settings", "PUT") as answer:
        page.get_by_test_id("stock-settings-save").click()
    assert answer.value.status == 200, answer.value.text()
    expect(page.get_by_test_id("stock-settings-version")).to_have_text(str(before["version"] + 1))
    expect(page.get_by_role("radio", name=option(other), exact=True)).to_be_checked()
    after = company.get("/v1/stock/settings").body
    assert (after["default_costing_method"], after["negative_stock"], after["version"]) == (
        other,
        before["negative_stock"],
        before["version"] + 1,
    )
    screenshot(page, f"stock-settings-{language}")

    # A clerk who may only read stock entries: the settings read-only, the permission a change needs named;
    # no requests, rules or count sheets in their menu
    open_in(page, language, clerk_reading_stock_entries(company, language), "/stock/settings")
    expect(page.get_by_test_id("stock-settings-read-only")).to_contain_text(
        permission_label(language, "stock-entries", "manage")
    )
    expect(page.get_by_role("radio", name=option(other), exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name=option(other), exact=True)).to_be_disabled()
    expect(page.get_by_test_id("stock-settings-save")).to_have_count(0)
    expect(menu.locator('a[href="/stock/settings"]')).to_have_count(1)
    for link in LINKS:
        expect(menu.locator(link)).to_have_count(0)
