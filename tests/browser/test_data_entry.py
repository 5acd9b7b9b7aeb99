"""Data entry for clerks (issue 11, points 5, 7 and 10), in English, 中文 and Bahasa Melayu: Enter adds a
journal line and the last line's Balance fills the exact difference; Ctrl-K finds documents and master
data; the chart of accounts is a tree with its count; a list exports what it shows as CSV."""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.console import choose, dialog_settled, settled_screenshot
from tests.support.languages import cell_label, field_label, open_in, records_text
from tests.support.languages import text as say
from tests.support.product import Client, sign_up


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Kerani Pantas")


def cell(page: Page, language: str, field: str, line: int) -> Locator:
    """The input of ``field`` on journal line ``line``, by its accessible name ("Debit, line 2")."""
    return page.get_by_label(cell_label(language, "journals", field, line), exact=True)


def account_cell(language: str, line: int) -> str:
    return cell_label(language, "journals", "account_id", line)


@pytest.mark.parametrize("language", ["en"])  # the suite covers the three languages between its tests
def test_enter_adds_a_line_and_balance_fills_the_difference(page: Page, company: Client, language: str) -> None:
    """By hand: 1,000.00 Dr (line 1) less 250.50 Cr (line 2) leaves credits 749.50 short, so the third
    line's Balance sets 749.50 Cr (and clears the 5.00 Dr typed there first): 1,000.00 = 250.50 + 749.50."""
    open_in(page, language, company, "/journals/new")
    grid = page.get_by_test_id("journal-lines")
    rows = grid.locator("tbody tr.ant-table-row")
    memo = f"Akruan {language} {uuid.uuid4().hex[:6]}"
    page.get_by_label(field_label(language, "journals", "memo"), exact=True).fill(memo)
    expect(rows).to_have_count(2)

    choose(page, account_cell(language, 1), "6140")
    cell(page, language, "debit", 1).fill("1,000")
    cell(page, language, "debit", 1).press("Enter")  # not the last line: on to line 2's first cell
    expect(page.get_by_label(account_cell(language, 2), exact=True)).to_be_focused()
    expect(rows).to_have_count(2)
    expect(cell(page, language, "debit", 1)).to_have_value("1000.00")

    choose(page, account_cell(language, 2), "2110")
    cell(page, language, "credit", 2).fill("250.50")
    cell(page, language, "credit", 2).press("Enter")  # the last line's last input: a new line, focused
    expect(rows).to_have_count(3)
    expect(page.get_by_label(account_cell(language, 3), exact=True)).to_be_focused()
    expect(page).to_have_url(re.compile(r"/journals/new$"))  # Enter submitted nothing

    choose(page, account_cell(language, 3), "3100")
    cell(page, language, "debit", 3).fill("5")  # the wrong side, and the wrong amount
    expect(cell(page, language, "credit", 3)).to_have_value("")
    expect(grid.get_by_test_id("journal-difference")).to_have_attribute("data-balanced", "false")
    # Only the last line has the control; line 2's row has none.
    expect(rows.nth(1).get_by_test_id("balance-line")).to_have_count(0)
    balance = page.get_by_role("button", name=say(language, "grid:balance.label", line=3), exact=True)
    balance.click()
    expect(cell(page, language, "credit", 3)).to_have_value("749.50")
    expect(cell(page, language, "debit", 3)).to_have_value("")
    expect(grid.get_by_test_id("journal-difference")).to_have_attribute("data-balanced", "true")
    expect(grid.get_by_test_id("journal-total-debit")).to_have_text("1,000.00")
    expect(grid.get_by_test_id("journal-total-credit")).to_have_text("1,000.00")
    settled_screenshot(page, f"journal-balance-{language}")

    # Enter in a balanced journal, whose Post button is enabled, still adds a line and posts nothing.
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    cell(page, language, "credit", 3).press("Enter")
    expect(rows).to_have_count(4)
    expect(page.get_by_label(account_cell(language, 4), exact=True)).to_be_focused()
    page.wait_for_timeout(500)
    assert posts == [], posts
    page.get_by_role("button", name=say(language, "records:removeLine", line=4), exact=True).click()
    expect(rows).to_have_count(3)

    with page.expect_request(lambda request: request.method == "POST" and request.url.endswith("/v1/journals")) as sent:
        page.get_by_test_id("form-submit").click()
    body = sent.value.post_data_json
    assert [(line.get("debit"), line.get("credit")) for line in body["lines"]] == [
        ("1000.00", None),
        (None, "250.50"),
        (None, "749.50"),
    ]
    expect(page).to_have_url(re.compile(r"/journals/jv_[0-9A-Z]{26}$"))
    expect(page.get_by_test_id("posting-state")).to_have_attribute("data-state", "posted", timeout=30_000)


def journal(company: Client, memo: str) -> dict[str, Any]:
    accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts") if a["code"] in ("1030", "3100")}
    answer = company.post(
        "/v1/journals",
        {
            "date": time.strftime("%Y-%m-%d"),
            "memo": memo,
            "currency": "MYR",
            "lines": [
                {"account_id": accounts["1030"], "debit": "120.00"},
                {"account_id": accounts["3100"], "credit": "120.00"},
            ],
        },
    )
    assert answer.status == 201, answer.body
    return dict(answer.body)


def search(page: Page, typed: str) -> Locator:
    """Open the search with Ctrl-K, type, and answer its hits once they show."""
    page.keyboard.press("Control+k")
    box = page.get_by_test_id("search-input")
    expect(box).to_be_focused()
    box.fill(typed)
    return page.get_by_test_id("search-hit")


@pytest.mark.parametrize("language", ["zh-CN"])  # the suite covers the three languages between its tests
def test_ctrl_k_finds_customers_and_journals(page: Page, company: Client, language: str) -> None:
    stamp = uuid.uuid4().hex[:6]
    first = company.post("/v1/customers", {"name": f"Kedai Cari {stamp} Satu"}).body
    second = company.post("/v1/customers", {"name": f"Kedai Cari {stamp} Dua"}).body
    posted = journal(company, f"Modal pemilik {stamp}")
    open_in(page, language, company, "/")
    opener = page.get_by_test_id("search-open")
    expect(opener).to_contain_text(say(language, "search:button"))
    expect(opener).to_contain_text("Ctrl K")

    # By name: both customers, in code order, grouped under Customers; arrows move, Enter opens.
    hits = search(page, f"Cari {stamp}")
    expect(hits).to_have_count(2)
    expect(hits.nth(0)).to_contain_text(first["code"])
    expect(hits.nth(1)).to_contain_text(second["code"])
    expect(page.get_by_role("listbox").get_by_role("group")).to_have_accessible_name(
        say(language, "records:customers.title")
    )
    expect(hits.nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    expect(hits.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/customers/{second['id']}$"))
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("heading", level=2)).to_contain_text(f"Kedai Cari {stamp} Dua")

    # By code: the journal, from a customer's page.
    hits = search(page, posted["code"])
    expect(hits).to_have_count(1)
    expect(hits.first).to_have_attribute("data-kind", "journals")
    expect(hits.first).to_contain_text(f"Modal pemilik {stamp}")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/journals/{posted['id']}$"))

    # Nothing found says so; Esc closes.
    search(page, f"tiada-{stamp}")
    expect(page.get_by_test_id("search-none")).to_contain_text(say(language, "search:none", q=f"tiada-{stamp}"))
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("search-input")).to_have_count(0)


def table_headers(page: Page) -> list[str]:
    texts = page.get_by_test_id("record-table").locator("thead th").all_inner_texts()
    return [text.strip() for text in texts if text.strip()]


def download_csv(page: Page) -> list[list[str]]:
    with page.expect_download() as started:
        page.get_by_test_id("list-export").click()
    download = started.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf"), "no byte order mark: a spreadsheet would misread Chinese"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("language", ["ms"])  # the suite covers the three languages between its tests
def test_chart_of_accounts_is_a_tree_with_its_count(page: Page, company: Client, language: str) -> None:
    chart = company.list_all("/v1/accounts")
    active = [account for account in chart if account["status"] == "active"]
    by_code = {account["code"]: account for account in chart}
    records = records_text(language)
    open_in(page, language, company, "/accounts")
    table = page.get_by_test_id("record-table")
    count = page.get_by_test_id("list-count")
    expect(count).to_have_text(say(language, "lists:count_other", count=len(active), many=records["accounts"]["many"]))
    expect(page.get_by_test_id("list-pager")).to_have_count(0)  # one screen: no pages
    if language == "en":
        settled_screenshot(page, "accounts-tree")

    header, child = by_code["1000"], by_code["1030"]
    assert child["parent_id"] == header["id"]
    header_row = table.locator(f'tr[data-row-key="{header["id"]}"]')
    child_row = table.locator(f'tr[data-row-key="{child["id"]}"]')
    expect(header_row).to_have_class(re.compile(r"\bant-table-row-level-0\b"))
    expect(child_row).to_have_class(re.compile(r"\bant-table-row-level-1\b"))
    expect(child_row).to_contain_text("Bank - Current Account")
    header_row.locator("button.ant-table-row-expand-icon").click()  # collapse the header
    expect(child_row).to_be_hidden()
    header_row.locator("button.ant-table-row-expand-icon").click()
    expect(child_row).to_be_visible()

    # The whole chart exports as shown: its headings, one line per account.
    rows = download_csv(page)
    assert rows[0] == table_headers(page), rows[0]
    assert len(rows) - 1 == len(active)

    # Searching keeps the matches' header as context (not counted).
    matches = company.get("/v1/accounts?q=bank+-+current&limit=200").body["items"]
    assert [account["code"] for account in matches] == ["1030"]
    search_box = page.get_by_test_id("list-search").locator("input")
    search_box.fill("Bank - Current")
    search_box.press("Enter")
    expect(count).to_have_text(say(language, "lists:count_one", count=1, one=records["accounts"]["one"]))
    expect(table.locator("tbody tr.record-row")).to_have_count(2)
    expect(header_row).to_have_class(re.compile(r"\btree-context\b"))
    expect(child_row).to_have_class(re.compile(r"\bant-table-row-level-1\b"))


@pytest.fixture(scope="module")
def exported_group(company: Client) -> str:
    """21 customers of one group (a page and one more at 20 a page); one named like a formula."""
    group = f"Eksport {uuid.uuid4().hex[:6]}"
    for number in range(20):
        answer = company.post(
            "/v1/customers", {"name": f"Pelanggan {number:02d}", "group": group, "credit_limit": "25000.50"}
        )
        assert answer.status == 201, answer.body
    formula = company.post("/v1/customers", {"name": "=1+1 Kedai Formula", "group": group, "phone": "+60 3-1234 5678"})
    assert formula.status == 201, formula.body
    return group


@pytest.mark.parametrize("language", ["en"])  # the suite covers the three languages between its tests
def test_a_list_exports_what_it_shows(page: Page, company: Client, exported_group: str, language: str) -> None:
    open_in(page, language, company, f"/customers?group={exported_group.replace(' ', '+')}")
    table = page.get_by_test_id("record-table")
    rows = table.locator("tbody tr.record-row")
    expect(rows).to_have_count(20)
    page.get_by_test_id("page-next").click()
    expect(rows).to_have_count(1)  # 20 + 1 shown, over two pages
    page.get_by_test_id("page-previous").click()
    expect(rows).to_have_count(20)  # back on the first page before the columns change (both write the URL)
    page.wait_for_load_state("networkidle")

    # Show the credit limit too: the export follows the columns chosen.
    page.get_by_test_id("column-chooser").click()
    expect(page.locator(".ant-popover:visible")).to_have_count(1)
    dialog_settled(page)
    page.get_by_role("checkbox", name=field_label(language, "customers", "credit_limit"), exact=True).check()
    page.keyboard.press("Escape")
    limit_header = field_label(language, "customers", "credit_limit")
    expect(table.get_by_role("columnheader", name=limit_header)).to_be_visible()

    exported = download_csv(page)
    headers = table_headers(page)
    assert exported[0] == headers, exported[0]
    assert len(exported) - 1 == 21  # every page of the filtered list, not only the one on screen
    by_name = {line[headers.index(field_label(language, "customers", "name"))]: line for line in exported[1:]}
    # A formula is written as text; the phone's leading + likewise; the amount as its decimal string.
    formula = by_name["'=1+1 Kedai Formula"]
    assert formula[headers.index(field_label(language, "customers", "phone"))] == "'+60 3-1234 5678"
    assert by_name["Pelanggan 00"][headers.index(limit_header)] == "25000.50"
    assert formula[headers.index(limit_header)] == ""


AXE = Path(__file__).resolve().parents[2] / "console" / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa"]})).violations.map(
    v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`)"""


def violations(page: Page) -> list[str]:
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(RUN_AXE))


def test_the_new_controls_pass_axe(page: Page, company: Client) -> None:
    """The tree (with a context row), the search dialog with its hits, and the journal grid's Balance."""
    found: dict[str, list[str]] = {}
    open_in(page, "en", company, "/accounts?q=receivable")
    expect(page.locator("tr.tree-context").first).to_be_visible()
    found["tree"] = violations(page)
    settled_screenshot(page, "accounts-tree-search")
    expect(search(page, "bank").first).to_be_visible()  # seeded accounts
    found["search"] = violations(page)
    settled_screenshot(page, "global-search")
    page.goto("/journals/new")
    expect(page.get_by_test_id("balance-line")).to_be_visible()
    found["journal"] = violations(page)
    assert {name: problems for name, problems in found.items() if problems} == {}
