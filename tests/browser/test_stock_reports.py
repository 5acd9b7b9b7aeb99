"""Stock reports and reservations in the console (issue 12), in English, 中文 and Bahasa Melayu.

A FIFO stock item at a location receives 5 @ 2.00 on 1 July and 5 @ 3.00 on 3 July, and issues 6 on 4 July
(entries made through the API, then costed by the product). By hand: the receipts are 10.00 and 15.00; the
issue takes the first layer whole and one unit of the second, 5 x 2.00 + 1 x 3.00 = 13.00, leaving 4 @ 3.00
= 12.00. The storekeeper finds, under Inventory: the stock card with those rows, their running columns and
layers, opening and closing lines; the stock balances with the 12.00 (and 25.00 as at 3 July, whose line
opens the card up to that day) and their export; then reserves 3 of the 4 in the reservation form (1 left
available), is refused 2 more in their language (on the quantity: 1 short), and releases the first
reservation (4 available again). The menu offers the reports and the reservations only while their applets
are on and to users who may read them."""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose, dialog_settled, screenshot
from tests.support.languages import open_in, permission_label, text
from tests.support.product import ADMIN_PASSWORD, Client, sign_up

REPORTS = "stock-reports"
RESERVATIONS = "stock-reservations"
# July of this year once it is over (the entries are dated in it), else of last year
YEAR = date.today().year if date.today() > date(date.today().year, 7, 4) else date.today().year - 1
# How each language's date pickers take a typed date (records/fields/FieldControl.tsx dateFormat)
DATE_TYPED = {"en": "{day} {month} {year}", "zh-CN": "{year}-{mm}-{dd}", "ms": "{dd}/{mm}/{year}"}


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Stor Laporan")


@pytest.fixture(scope="module")
def closing_company(console_url: str) -> Client:
    """A company of its own: its applets are switched off and on."""
    return sign_up(console_url, "Stor Laporan Tutup")


def report(language: str, key: str, **values: object) -> str:
    """A string of the stock reports' namespace (locales/<language>/stock-reports.json)."""
    return text(language, f"{REPORTS}:{key}", **values)


def reservation(language: str, key: str, **values: object) -> str:
    """A string of the reservations' namespace (locales/<language>/stock-reservations.json)."""
    return text(language, f"{RESERVATIONS}:{key}", **values)


def typed(language: str, day: date) -> str:
    return DATE_TYPED[language].format(
        day=day.day, month=day.strftime("%b"), year=day.year, dd=f"{day.day:02d}", mm=f"{day.month:02d}"
    )


def location(company: Client, code: str) -> dict[str, Any]:
    parent = next(unit for unit in company.list_all("/v1/org-units") if unit["kind"] == "company")
    answer = company.post(
        "/v1/org-units", {"code": code, "name": f"Gudang {code}", "kind": "location", "parent_id": parent["id"]}
    )
    assert answer.status == 201, answer.body
    return dict(answer.body)


def fifo_item(company: Client, name: str) -> dict[str, Any]:
    answer = company.post("/v1/items", {"name": name, "kind": "stock", "costing_method": "fifo"})
    assert answer.status == 201, answer.body
    return dict(answer.body)


def valued(company: Client, entry_ids: list[str], timeout: float = 90) -> None:
    """Wait until the product has costed every entry."""
    deadline = time.monotonic() + timeout
    for entry_id in entry_ids:
        while (state := company.get(f"/v1/stock-entries/{entry_id}").body["valuation_state"]) != "valued":
            assert time.monotonic() < deadline, f"{entry_id} is still {state}"
            time.sleep(0.3)


def stocked(company: Client, language: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A location and a FIFO item with 5 @ 2.00 received on 1 Jul, 5 @ 3.00 on 3 Jul and 6 issued on 4 Jul,
    costed: 4 @ 3.00 = 12.00 on hand."""
    suffix = uuid.uuid4().hex[:4].upper()
    warehouse = location(company, f"KL-{language}-{suffix}")
    item = fifo_item(company, f"Teh {language} {suffix}")

    def entry(purpose: str, day: int, qty: str, rate: str | None = None) -> str:
        line = {"item_id": item["id"], "qty": qty, **({"rate": rate} if rate else {})}
        body = {"purpose": purpose, "date": f"{YEAR}-07-{day:02d}", "location_id": warehouse["id"], "lines": [line]}
        answer = company.post("/v1/stock-entries", body)
        assert answer.status == 201, answer.body
        return str(answer.body["id"])

    valued(company, [entry("receipt", 1, "5", "2.00"), entry("receipt", 3, "5", "3.00"), entry("issue", 4, "6")])
    card = company.get(f"/v1/stock/card?item_id={item['id']}&location_id={warehouse['id']}").body
    assert [(row["kind"], row["value_change"], row["qty"], row["value"]) for row in card["rows"]] == [
        ("receipt", "10.00", "5", "10.00"),
        ("receipt", "15.00", "10", "25.00"),
        ("issue", "-13.00", "4", "12.00"),
    ]
    return warehouse, item


def availability(company: Client, item: dict[str, Any], warehouse: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """Reserved and available of the item at the location, as the API says."""
    answer = company.get(f"/v1/stock/availability?item_id={item['id']}")
    assert answer.status == 200, answer.body
    [line] = [line for line in answer.body["locations"] if line["location_id"] == warehouse["id"]]
    return Decimal(line["reserved"]), Decimal(line["available"])


def menu_link(page: Page, language: str, name: str) -> Any:
    menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
    expect(menu).to_contain_text(text(language, "common:nav.inventory"))
    return menu.get_by_role("link", name=name, exact=True)


def shows_availability(page: Page, warehouse: dict[str, Any], *, reserved: str, available: str) -> None:
    row = page.get_by_test_id("availability").locator(f'tr[data-location="{warehouse["code"]}"]')
    expect(row.get_by_test_id("on_hand")).to_have_text("4")
    expect(row.get_by_test_id("reserved")).to_have_text(reserved)
    expect(row.get_by_test_id("available")).to_have_text(available)


@pytest.mark.refusals(409)
@pytest.mark.parametrize("language", ["ms"])  # the suite covers the three languages between its tests
def test_stock_card_balances_and_reservations(page: Page, company: Client, language: str) -> None:
    warehouse, item = stocked(company, language)
    open_in(page, language, company, "/")
    stock_card(page, language, warehouse, item)
    balances(page, language, warehouse, item)
    reservations(page, company, language, warehouse, item)


def stock_card(page: Page, language: str, warehouse: dict[str, Any], item: dict[str, Any]) -> None:
    """The card of the item at the location: its rows valued by hand, its closing line and layers."""
    menu_link(page, language, report(language, "nav.card")).click()
    expect(page).to_have_url(re.compile(r"/stock/card$"))
    expect(page.get_by_test_id("stock-card-choose")).to_contain_text(report(language, "card.choose"))
    choose(page, report(language, "column.item"), item["code"])
    choose(page, report(language, "column.location"), warehouse["code"])
    expect(page).to_have_url(re.compile(rf"/stock/card\?item={item['id']}&location={warehouse['id']}$"))
    expect(page.get_by_role("heading", level=2)).to_have_text(
        report(language, "card.titleWith", item=item["code"], location=warehouse["code"])
    )

    rows = page.get_by_test_id("stock-card-row")
    kinds = [report(language, f"kind.{kind}") for kind in ("receipt", "receipt", "issue")]
    expect(rows.get_by_test_id("movement-kind")).to_have_text(kinds)
    expect(rows.get_by_test_id("qty-change")).to_have_text(["5", "5", "-6"])
    expect(rows.get_by_test_id("value-change")).to_have_text(["10.00", "15.00", "-13.00"])
    expect(rows.get_by_test_id("qty-after")).to_have_text(["5", "10", "4"])
    expect(rows.get_by_test_id("value-after")).to_have_text(["10.00", "25.00", "12.00"])
    expect(rows.get_by_test_id("layers")).to_have_text(["5 @ 2.00", "5 @ 2.00, 5 @ 3.00", "4 @ 3.00"])
    expect(page.get_by_test_id("movement-cancelled")).to_have_count(0)
    expect(page.get_by_test_id("movement-pending")).to_have_count(0)
    opening, closing = page.get_by_test_id("stock-card-opening"), page.get_by_test_id("stock-card-closing")
    expect(opening).to_contain_text(report(language, "card.opening"))
    expect(opening.get_by_test_id("opening-qty")).to_have_text("0")
    expect(opening.get_by_test_id("opening-value")).to_have_text("0.00")
    expect(closing).to_contain_text(report(language, "card.closing"))
    expect(closing.get_by_test_id("closing-qty")).to_have_text("4")
    expect(closing.get_by_test_id("closing-value")).to_have_text("12.00")
    expect(closing.get_by_test_id("closing-layers")).to_have_text("4 @ 3.00")
    expect(page.get_by_test_id("row-count")).to_have_text(report(language, "card.rows_other", count=3))
    # Its availability under it: nothing reserved yet
    expect(page.get_by_test_id("availability")).to_contain_text(
        report(language, "availability.title", item=item["code"])
    )
    shows_availability(page, warehouse, reserved="0", available="4")
    screenshot(page, f"stock-card-{language}")


def balances(page: Page, language: str, warehouse: dict[str, Any], item: dict[str, Any]) -> None:
    """The item's balance, now (12.00) and as at 3 July (25.00, whose line opens the card up to that day)."""
    menu_link(page, language, report(language, "nav.balances")).click()
    expect(page).to_have_url(re.compile(r"/stock/balances$"))
    expect(page.get_by_test_id("balances-total")).to_be_visible()  # the page, not the card it replaces
    choose(page, report(language, "column.item"), item["code"])
    expect(page).to_have_url(re.compile(rf"/stock/balances\?item={item['id']}$"))
    table = page.get_by_test_id("stock-balances")
    row = table.locator(f'tr[data-item="{item["code"]}"][data-location="{warehouse["code"]}"]')
    expect(row.get_by_test_id("balance-qty")).to_have_text("4")
    expect(row.get_by_test_id("balance-value")).to_have_text("12.00")
    expect(row.get_by_test_id("valuation-pending")).to_have_count(0)
    expect(table.locator("tr.ant-table-row")).to_have_count(1)
    expect(page.get_by_test_id("balances-total")).to_have_text("12.00")
    expect(table).to_contain_text(report(language, "balances.total"))
    screenshot(page, f"stock-balances-{language}")

    exported = download_csv(page)
    header, lines = exported[0], exported[1:]
    assert header == [
        report(language, key)
        for key in (
            "column.itemCode",
            "column.itemName",
            "column.locationCode",
            "column.locationName",
            "column.onHand",
            "column.unit",
            "column.rate",
            "column.value",
            "balances.pending",
        )
    ], header
    pending = report(language, "balances.no")
    assert lines == [
        [item["code"], item["name"], warehouse["code"], warehouse["name"], "4", item["base_uom"], "3", "12.00", pending]
    ], lines

    # As at 3 July: both receipts, before the issue
    as_at = page.get_by_label(report(language, "balances.asOf"), exact=True)
    as_at.fill(typed(language, date(YEAR, 7, 3)))
    as_at.press("Enter")
    expect(page).to_have_url(re.compile(rf"as_of={YEAR}-07-03"))
    expect(row.get_by_test_id("balance-qty")).to_have_text("10")
    expect(row.get_by_test_id("balance-value")).to_have_text("25.00")
    expect(page.get_by_test_id("balances-total")).to_have_text("25.00")
    row.get_by_test_id("stock-card-link").click()
    expect(page).to_have_url(re.compile(rf"/stock/card\?item={item['id']}&location={warehouse['id']}&to={YEAR}-07-03$"))
    expect(page.get_by_test_id("stock-card-row").get_by_test_id("value-change")).to_have_text(["10.00", "15.00"])
    closing = page.get_by_test_id("stock-card-closing")
    expect(closing.get_by_test_id("closing-qty")).to_have_text("10")
    expect(closing.get_by_test_id("closing-value")).to_have_text("25.00")


def download_csv(page: Page) -> list[list[str]]:
    with page.expect_download() as started:
        page.get_by_test_id("list-export").click()
    content = Path(started.value.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def reservation_form(
    page: Page, language: str, warehouse: dict[str, Any], item: dict[str, Any], *, against: str, qty: str
) -> Any:
    """Fill the new reservation form and send it; the API's answer."""
    page.goto(f"/{RESERVATIONS}/new")
    page.get_by_label(reservation(language, "fields.against"), exact=True).fill(against)
    choose(page, reservation(language, "fields.item_id"), item["code"])
    choose(page, reservation(language, "fields.location_id"), warehouse["code"])
    page.get_by_label(reservation(language, "fields.qty"), exact=True).fill(qty)
    with page.expect_response(
        lambda answer: answer.url.endswith(f"/v1/{RESERVATIONS}") and answer.request.method == "POST"
    ) as answer:
        page.get_by_test_id("form-submit").click()
    return answer.value


def reservations(page: Page, company: Client, language: str, warehouse: dict[str, Any], item: dict[str, Any]) -> None:
    """Reserve 3 of the 4 (1 left), be refused 2 more (1 short), release the first (4 available)."""
    menu_link(page, language, reservation(language, "title")).click()
    expect(page).to_have_url(re.compile(rf"/{RESERVATIONS}$"))
    expect(page.get_by_test_id("list-new")).to_be_visible()

    suffix = uuid.uuid4().hex[:4].upper()
    answer = reservation_form(page, language, warehouse, item, against=f"SO-{suffix}", qty="3")
    assert answer.status == 201, answer.text()
    expect(page).to_have_url(re.compile(rf"/{RESERVATIONS}/rsv_[0-9A-Z]{{26}}$"))
    held = company.get(f"/v1/{RESERVATIONS}/{page.url.rsplit('/', 1)[-1]}").body
    assert (held["state"], held["against"], held["item_id"], held["location_id"]) == (
        "active",
        f"SO-{suffix}",
        item["id"],
        warehouse["id"],
    )
    assert Decimal(held["qty"]) == 3
    assert availability(company, item, warehouse) == (3, 1)
    expect(page.get_by_role("heading", level=2)).to_contain_text(f"SO-{suffix}")
    state = page.get_by_test_id("tag-state").first  # the page's; the history shows it again once changed
    expect(state).to_have_text(reservation(language, "enums.state.active"))
    shows_availability(page, warehouse, reserved="3", available="1")
    screenshot(page, f"stock-reservation-{language}")

    # 2 more: 1 short, said in the user's words on the quantity; nothing held
    answer = reservation_form(page, language, warehouse, item, against=f"SO-{suffix}-B", qty="2")
    assert answer.status == 409, answer.text()
    [problem] = answer.json()["errors"]
    assert (problem["field"], problem["code"], problem["params"]["item"]) == ("body.qty", "stock.short", item["code"])
    assert Decimal(problem["params"]["short"]) == 1
    short = text(language, "errors:stock.short", item=item["code"], short=problem["params"]["short"])
    expect(page.locator("#qty_help")).to_have_text(short)
    expect(page).to_have_url(re.compile(rf"/{RESERVATIONS}/new$"))
    assert [r["id"] for r in company.list_all(f"/v1/{RESERVATIONS}?item_id={item['id']}")] == [held["id"]]
    assert availability(company, item, warehouse) == (3, 1)
    screenshot(page, f"stock-reservation-short-{language}")

    # The first released: all 4 available again
    page.goto(f"/{RESERVATIONS}/{held['id']}")
    page.get_by_test_id("reservation-release").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(reservation(language, "release.title", against=f"SO-{suffix}"))
    dialog_settled(page)
    dialog.get_by_label(reservation(language, "release.reason"), exact=True).fill("Pesanan dibatalkan")
    with page.expect_response(lambda answer: answer.url.endswith(f"/{held['id']}/release")) as released:
        page.locator("#reservation-release-confirm").click()
    assert released.value.status == 200, released.value.text()
    expect(state).to_have_text(reservation(language, "enums.state.released"))
    expect(page.get_by_test_id("reservation-release")).to_have_count(0)
    assert company.get(f"/v1/{RESERVATIONS}/{held['id']}").body["state"] == "released"
    assert availability(company, item, warehouse) == (0, 4)
    shows_availability(page, warehouse, reserved="0", available="4")

    # The list says so
    menu_link(page, language, reservation(language, "title")).click()
    row = page.get_by_test_id("record-table").locator("tr", has_text=f"SO-{suffix}")
    expect(row.get_by_test_id("tag-state")).to_have_text(reservation(language, "enums.state.released"))


def user_holding(company: Client, role: str) -> Client:
    email = f"kerani+{uuid.uuid4().hex[:8]}@storlaporan.com.my"
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


def switch(company: Client, applet: str, on: bool) -> None:
    answer = company.request("PUT", f"/v1/platform/applets/{applet}", {"enabled": on})
    assert answer.status == 200, answer.body
    assert (applet in company.get("/v1/platform/me").body["applets"]) is on


LINKS = {
    REPORTS: ('a[href="/stock/balances"]', 'a[href="/stock/card"]'),
    RESERVATIONS: ('a[href="/stock-reservations"]',),
}


@pytest.mark.refusals(403)
@pytest.mark.parametrize("language", ["en"])  # the suite covers the three languages between its tests
def test_the_menu_offers_reports_and_reservations_with_the_applet_on_to_who_may_read_them(
    page: Page, closing_company: Client, language: str
) -> None:
    role = f"items-only-{language.lower()[:2]}"
    made = closing_company.request("PUT", f"/v1/platform/roles/{role}", {"permissions": ["items:read"]})
    assert made.status in (200, 201), made.body
    clerk = user_holding(closing_company, role)
    menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))

    # A user who may read neither: not in the menu, and the pages name the permission to ask for
    open_in(page, language, clerk, "/items")
    expect(menu.locator('a[href="/items"]')).to_have_count(1)
    for link in (*LINKS[REPORTS], *LINKS[RESERVATIONS]):
        expect(menu.locator(link)).to_have_count(0)
    page.goto("/stock/balances")
    expect(page.get_by_test_id("not-permitted")).to_contain_text(permission_label(language, REPORTS, "read"))
    expect(page.get_by_test_id("stock-balances")).to_have_count(0)
    page.goto(f"/{RESERVATIONS}")
    expect(page.get_by_test_id("not-permitted")).to_contain_text(permission_label(language, RESERVATIONS, "read"))

    # The admin sees them while their applets are on; switched off, they leave the menu and the pages say so
    open_in(page, language, closing_company, "/stock/balances")
    expect(page.get_by_test_id("stock-balances")).to_be_visible()
    for applet, page_path in ((REPORTS, "/stock/card"), (RESERVATIONS, f"/{RESERVATIONS}")):
        for link in LINKS[applet]:
            expect(menu.locator(link)).to_have_count(1)
        switch(closing_company, applet, on=False)
        try:
            page.goto(page_path)
            title = report(language, "title") if applet == REPORTS else reservation(language, "title")
            expect(page.get_by_test_id("applet-off")).to_contain_text(
                text(language, "records:appletOff.title", name=title)
            )
            for link in LINKS[applet]:
                expect(menu.locator(link)).to_have_count(0)
        finally:
            switch(closing_company, applet, on=True)
        page.reload()
        for link in LINKS[applet]:
            expect(menu.locator(link)).to_have_count(1)
