"""A first-time user's day in the console, in English, 中文 and Bahasa Melayu (issue 11).

Point 1: a wrong field answers in the user's language, from the API's error code, with an example to
follow — never a regular expression or pydantic's words — and amount inputs take numbers only.
Point 6: sign-up refuses a BRN that is no SSM number, before sending and from the API alike.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose
from tests.support.languages import cell_label, field_label, open_in, open_select, records_text, text
from tests.support.product import ADMIN_PASSWORD, Client, sign_up

# The message for format.tin with LHDN's two examples, as each language reads it.
TIN_MESSAGE = {
    "en": "A TIN looks like C2584563200 or IG12345678901.",
    "zh-CN": "税务识别号（TIN）格式如 C2584563200或IG12345678901。",  # noqa: RUF001
    "ms": "TIN ditulis seperti C2584563200 atau IG12345678901.",
}
BRN_MESSAGE = {
    "en": "An SSM number looks like 202001012345 or 1234567-A.",
    "zh-CN": "SSM 注册号格式如 202001012345或1234567-A。",
    "ms": "Nombor SSM ditulis seperti 202001012345 atau 1234567-A.",
}
REQUIRED = {"en": "This field is required.", "zh-CN": "此项为必填。", "ms": "Medan ini wajib diisi."}
DEVELOPER_TEXT = ("String should", "Input should", "pattern", "^(", "Value error", "valid decimal")


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Hari Pertama")


@pytest.mark.refusals(422)
@pytest.mark.parametrize("language", ["en"])  # the suite covers the three languages between its tests
def test_a_wrong_field_says_what_is_expected_in_the_users_language(page: Page, company: Client, language: str) -> None:
    open_in(page, language, company, "/customers/new")
    page.locator("#name").fill(f"Kedai Salah {language}")
    page.locator("#tin").fill("12345")
    limit = page.locator("#credit_limit")
    limit.press_sequentially("ten thousand")
    expect(limit).to_have_value("")  # letters are not taken
    limit.press_sequentially("RM25,000.50")
    expect(limit).to_have_value("25000.50")  # digits, grouping dropped, one decimal point
    page.get_by_test_id("form-submit").click()

    tin_help = page.locator("#tin_help")
    expect(tin_help).to_have_text(TIN_MESSAGE[language])
    shown = page.locator(".ant-form-item-explain-error, [role=alert]").all_inner_texts()
    assert not [text for text in shown if any(phrase in text for phrase in DEVELOPER_TEXT)], shown
    assert all(c["name"] != f"Kedai Salah {language}" for c in company.list_all("/v1/customers"))  # not saved

    page.locator("#tin").fill("IG12345678901")
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/customers/cus_[0-9A-Z]{26}$"))
    saved = [c for c in company.list_all("/v1/customers") if c["name"] == f"Kedai Salah {language}"]
    assert [(c["tin"], c["credit_limit"]) for c in saved] == [("IG12345678901", "25000.50")]


@pytest.mark.refusals(422)
@pytest.mark.parametrize("language", ["zh-CN"])  # the suite covers the three languages between its tests
def test_sign_up_refuses_a_brn_that_is_no_ssm_number(page: Page, console_url: str, language: str) -> None:
    open_in(page, language, None, "/signup")
    suffix = uuid.uuid4().hex[:6]
    page.locator("#legal_name").fill(f"Kedai {suffix} Sdn Bhd")
    page.locator("#brn").fill("12345")
    page.locator("#tin").fill("C2584563200")
    page.locator("#admin_name").fill("Siti Aminah")
    page.locator("#admin_email").fill(f"owner+{suffix}@kedai-{suffix}.com.my")
    page.locator("#admin_password").fill(ADMIN_PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page.locator("#brn_help")).to_have_text(BRN_MESSAGE[language])  # checked before sending

    # The API checks the same: a BRN only the old console pattern took is refused there too.
    answer = Client(console_url).post(
        "/v1/platform/signup",
        {
            "legal_name": f"Kedai {suffix} Sdn Bhd",
            "brn": "12345",
            "tin": "C2584563200",
            "base_currency": "MYR",
            "fiscal_year_start_month": 1,
            "time_zone": "Asia/Kuala_Lumpur",
            "admin_name": "Siti Aminah",
            "admin_email": f"owner+{suffix}@kedai-{suffix}.com.my",
            "admin_password": ADMIN_PASSWORD,
        },
    )
    assert (answer.status, [(e["field"], e["code"]) for e in answer.body["errors"]]) == (
        422,
        [("body.brn", "format.brn")],
    )

    page.locator("#brn").fill("201901000005")
    expect(page.locator("#brn_help")).to_have_count(0)


@pytest.mark.parametrize("language", ["ms"])  # the suite covers the three languages between its tests
def test_a_receipt_shows_its_tax_and_the_cash_that_reaches_the_bank(page: Page, company: Client, language: str) -> None:
    """Point 2. By hand: SR5 is 5%; 1,020.00 before tax + 5% (51.00) = 1,071.00 into the bank; the same
    receipt written with tax, 1,071.00, holds 1,071.00 x 5/105 = 51.00 of tax and 1,020.00 of income."""
    accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts") if a["code"] in ("1030",)}
    book = company.post(
        "/v1/cash-books",
        {"code": f"PBB-{language}", "name": f"Public Bank {language}", "kind": "bank", "account_id": accounts["1030"]},
    )
    assert book.status == 201, book.body
    customer = company.post("/v1/customers", {"name": f"Kedai Mei Ling {language}"}).body
    kind = "receipts"
    open_in(page, language, company, "/receipts/new")
    choose(page, field_label(language, kind, "cash_book_id"), f"PBB-{language}")
    choose(page, field_label(language, kind, "customer_id"), f"Kedai Mei Ling {language}")
    choose(page, cell_label(language, kind, "account_id", 1), "4100")
    choose(page, cell_label(language, kind, "tax_code_id", 1), "SR5")
    amount = page.get_by_label(cell_label(language, kind, "line_amount", 1), exact=True)
    amount.fill("1020.00")
    expect(page.get_by_test_id("cash-subtotal")).to_contain_text("1,020.00")
    expect(page.get_by_test_id("cash-tax")).to_contain_text("51.00")
    expect(page.get_by_test_id("cash-total")).to_contain_text("1,071.00")

    inclusive = records_text(language)["enums"]["amounts_are"]["inclusive"]
    page.get_by_label(field_label(language, kind, "amounts_are"), exact=True).click()
    # by its whole label: 含税 (inclusive) is also part of 不含税 (exclusive)
    page.locator(f'.ant-select-dropdown:visible .ant-select-item-option[title="{inclusive}"]').click()
    amount.fill("1071.00")
    expect(page.get_by_test_id("cash-subtotal")).to_contain_text("1,020.00")
    expect(page.get_by_test_id("cash-tax")).to_contain_text("51.00")
    expect(page.get_by_test_id("cash-total")).to_contain_text("1,071.00")
    page.get_by_test_id("form-submit").click()

    expect(page).to_have_url(re.compile(r"/receipts/rcp_[0-9A-Z]{26}$"))
    expect(page.get_by_test_id("cash-tax")).to_contain_text("51.00")
    expect(page.get_by_test_id("cash-total")).to_contain_text("1,071.00")
    receipt_id = page.url.rsplit("/", 1)[-1]
    saved = company.get(f"/v1/receipts/{receipt_id}").body
    assert (saved["customer_id"], saved["party"]) == (customer["id"], f"Kedai Mei Ling {language}")
    assert (saved["amounts_are"], saved["amount"], saved["tax_total"], saved["total"]) == (
        "inclusive",
        "1020.00",
        "51.00",
        "1071.00",
    )

    page.goto("/receipts")
    row = page.locator("tr", has_text=saved["code"])
    expect(row).to_contain_text("51.00")
    expect(row).to_contain_text("1,071.00")


@pytest.mark.parametrize("language", ["en"])  # the suite covers the three languages between its tests
def test_pickers_offer_only_what_the_rule_allows(page: Page, company: Client, language: str) -> None:
    """Point 5: an Expense account is never Cash or Bank; an item's income account is an income account;
    no two fields of the account form share a label."""
    text = records_text(language)
    subtype_names = text["enums"]["account_subtype"]
    open_in(page, language, company, "/accounts/new")
    labels = page.locator(".ant-form-item-label label").all_inner_texts()
    assert len(labels) == len(set(labels)), labels
    page.get_by_label(field_label(language, "accounts", "type"), exact=True).click()
    expense = text["enums"]["account_type"]["expense"]
    page.locator(f'.ant-select-dropdown:visible .ant-select-item-option[title="{expense}"]').click()
    offered = open_select(page, field_label(language, "accounts", "subtype"))
    assert subtype_names["expense"] in offered and subtype_names["cost_of_sales"] in offered, offered
    assert subtype_names["cash"] not in offered and subtype_names["bank"] not in offered, offered

    open_in(page, language, company, "/items/new")
    offered = open_select(page, field_label(language, "items", "income_account_id"))
    assert any(option.startswith("4100") for option in offered), offered
    assert not any(option.startswith(("1030", "1010", "6")) for option in offered), offered


@pytest.mark.parametrize("language", ["zh-CN"])  # the suite covers the three languages between its tests
def test_an_applet_switched_off_takes_its_screens_buttons_and_fields(
    page: Page, console_url: str, language: str
) -> None:
    """Point 4: with price books off, /price-books says so (no 'Forbidden', no 'New' button) and the
    customer form has no price-book field; switched on again, both are back."""
    company = sign_up(console_url, f"Tanpa Harga {language}")
    assert company.request("PUT", "/v1/platform/applets/price-books", {"enabled": False}).status == 200
    text = records_text(language)
    open_in(page, language, company, "/price-books")
    expect(page.get_by_test_id("applet-off")).to_contain_text(
        text["appletOff"]["title"].replace("{{name}}", text["price-books"]["title"])
    )
    expect(page.get_by_test_id("list-new")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)
    page.goto("/customers/new")
    expect(page.locator("#name")).to_be_visible()
    expect(page.locator("#price_book_id")).to_have_count(0)

    assert company.request("PUT", "/v1/platform/applets/price-books", {"enabled": True}).status == 200
    open_in(page, language, company, "/customers/new")
    expect(page.locator("#price_book_id")).to_have_count(1)


@pytest.mark.refusals(409)
@pytest.mark.parametrize("language", ["ms"])  # the suite covers the three languages between its tests
def test_a_business_rule_the_api_checks_speaks_the_users_language(page: Page, company: Client, language: str) -> None:
    """Point 1, beyond the schema: the API's own rules (here, a code already used) answer a code the console
    words in the user's language, on the field it concerns; the alert says so in that language too."""
    taken = f"DUA-{language.upper()}"
    accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts") if a["code"] == "1030"}
    first = {"code": taken, "name": f"Bank pertama {language}", "kind": "bank", "account_id": accounts["1030"]}
    assert company.post("/v1/cash-books", first).status == 201
    open_in(page, language, company, "/cash-books/new")
    page.locator("#code").fill(taken)
    page.locator("#name").fill(f"Bank kedua {language}")
    bank = records_text(language)["enums"]["cash_book_kind"]["bank"]
    choose(page, field_label(language, "cash-books", "kind"), bank)
    choose(page, field_label(language, "cash-books", "account_id"), "1030")
    page.get_by_test_id("form-submit").click()
    expect(page.locator("#code_help")).to_have_text(text(language, "errors:duplicate.code", code=taken))
    shown = page.locator(".ant-form-item-explain-error, [role=alert]").all_inner_texts()
    assert not [line for line in shown if "already used" in line and language != "en"], shown
