"""Issue 11, point 7, in English, 中文 and Bahasa Melayu: a posted receipt is no dead end. It prints as an
Official Receipt (a PDF in the user's language), copies into a new receipt's form, and reverses with a
reason: the reversal and the original say so and link to each other."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose, dialog_settled, screenshot
from tests.support.languages import cell_label, field_label, open_in, text
from tests.support.product import Client, sign_up

TITLES = {"en": "Official Receipt", "zh-CN": "正式收据", "ms": "Resit Rasmi"}
# 1,071.00 in words: one thousand, no hundreds, seven tens and one
WORDS = {
    "en": "Ringgit Malaysia One Thousand and Seventy-One Only",
    "zh-CN": "马币壹仟零柒拾壹元整",
    "ms": "Ringgit Malaysia Seribu Tujuh Puluh Satu Sahaja",
}


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Resit Tunai")


def posted_receipt(page: Page, company: Client, language: str) -> str:
    """Post a receipt through the form: 1,020.00 of goods with SR5 (5%: 51.00), 1,071.00 into the bank."""
    kind = "receipts"
    accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts") if a["code"] == "1030"}
    book = company.post(
        "/v1/cash-books",
        {"code": f"RHB-{language}", "name": f"RHB {language}", "kind": "bank", "account_id": accounts["1030"]},
    )
    assert book.status == 201, book.body
    open_in(page, language, company, "/receipts/new")
    choose(page, field_label(language, kind, "cash_book_id"), f"RHB-{language}")
    page.get_by_label(field_label(language, kind, "party"), exact=True).fill(f"Kedai Ah Kow {language}")
    page.get_by_label(field_label(language, kind, "memo"), exact=True).fill("Goods sold for cash")
    page.get_by_label(field_label(language, kind, "reference"), exact=True).fill("CHQ 771")
    choose(page, cell_label(language, kind, "account_id", 1), "4100")
    choose(page, cell_label(language, kind, "tax_code_id", 1), "SR5")
    page.get_by_label(cell_label(language, kind, "line_amount", 1), exact=True).fill("1020.00")
    expect(page.get_by_test_id("cash-total")).to_contain_text("1,071.00")
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/receipts/rcp_[0-9A-Z]{26}$"))
    expect(page.get_by_test_id("posting-state")).to_have_attribute("data-state", "posted")
    return page.url.rsplit("/", 1)[-1]


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", " ")


def printed(page: Page, receipt_id: str, click: Any) -> tuple[Any, str]:
    """Click to print: the API's answer, and the text of the PDF the browser saved."""
    with (
        page.expect_download() as saved,
        page.expect_response(lambda a: f"/v1/receipts/{receipt_id}/pdf" in a.url) as answer,
    ):
        click()
    download = saved.value
    with open(download.path(), "rb") as file:
        content = file.read()
    return answer.value, pdf_text(content)


@pytest.mark.parametrize("language", ["zh-CN"])  # the suite covers the three languages between its tests
def test_a_posted_receipt_prints_copies_and_reverses(page: Page, company: Client, language: str) -> None:
    receipt_id = posted_receipt(page, company, language)
    receipt = company.get(f"/v1/receipts/{receipt_id}").body
    legal_name = company.get("/v1/platform/me").body["tenant"]["legal_name"]

    # Print: the PDF in the console's language, with the company, the number, the total and it in words
    answer, shown = printed(page, receipt_id, page.get_by_test_id("cash-print").click)
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert f"language={language}" in answer.url
    for expected in (TITLES[language], legal_name, receipt["code"], "1,071.00", WORDS[language]):
        assert expected in shown, (expected, shown)
    # ... and in another language from the menu
    other = "ms" if language != "ms" else "zh-CN"
    page.get_by_test_id("cash-print-language").click()
    item = page.get_by_role("menuitem", name=re.compile({"ms": "Bahasa Melayu", "zh-CN": "简体中文"}[other]))
    answer, shown = printed(page, receipt_id, item.click)
    assert f"language={other}" in answer.url and TITLES[other] in shown

    # Copy: a new receipt's form with the party, cash book, memo and lines; not the number or reference
    page.get_by_test_id("cash-copy").click()
    expect(page).to_have_url(re.compile(rf"/receipts/new\?copy={receipt_id}$"))
    kind = "receipts"
    expect(page.get_by_label(field_label(language, kind, "party"), exact=True)).to_have_value(
        f"Kedai Ah Kow {language}"
    )
    expect(page.get_by_label(field_label(language, kind, "memo"), exact=True)).to_have_value("Goods sold for cash")
    expect(page.get_by_label(field_label(language, kind, "reference"), exact=True)).to_have_value("")
    expect(page.get_by_label(cell_label(language, kind, "line_amount", 1), exact=True)).to_have_value("1020.00")
    expect(page.get_by_test_id("cash-total")).to_contain_text("1,071.00")
    book_select = page.get_by_label(field_label(language, kind, "cash_book_id"), exact=True)
    expect(book_select.locator("xpath=ancestor::*[contains(@class,'ant-select')][1]")).to_contain_text(
        f"RHB-{language}"
    )
    screenshot(page, f"cash-copy-{language}")
    page.go_back()
    expect(page).to_have_url(re.compile(rf"/receipts/{receipt_id}$"))

    # Reverse, with a reason, on today's date: the reversal shows what it reverses and links to it
    page.get_by_test_id("cash-reverse").click()
    dialog = page.get_by_role("dialog")
    dialog_settled(page)
    dialog.get_by_label(text(language, "cash:reverse.reason"), exact=True).fill("Cheque returned by the bank")
    page.locator("#cash-reverse-confirm").click()
    expect(page).not_to_have_url(re.compile(rf"/receipts/{receipt_id}$"))
    expect(page).to_have_url(re.compile(r"/receipts/rcp_[0-9A-Z]{26}$"))
    reversal_id = page.url.rsplit("/", 1)[-1]
    expect(page.get_by_test_id("cash-reversal-tag")).to_have_text(text(language, "cash:status.reversal"))
    expect(page.get_by_test_id("reversal-link")).to_have_text(receipt["code"])
    expect(page.get_by_test_id("reversal-panel")).to_contain_text("Cheque returned by the bank")
    expect(page.get_by_test_id("posting-state")).to_have_attribute("data-state", "posted")
    expect(page.get_by_test_id("cash-reverse")).to_have_count(0)  # a reversal is not reversed again
    screenshot(page, f"cash-reversal-{language}")

    # The original: reversed, linking to its reversal, and no longer offered for reversal
    page.get_by_test_id("reversal-link").click()
    expect(page).to_have_url(re.compile(rf"/receipts/{receipt_id}$"))
    expect(page.get_by_test_id("cash-reversed-tag")).to_have_text(text(language, "cash:status.reversed"))
    reversal = company.get(f"/v1/receipts/{reversal_id}").body
    expect(page.get_by_test_id("reversal-link")).to_have_text(reversal["code"])
    expect(page.get_by_test_id("cash-reverse")).to_have_count(0)
    assert company.get(f"/v1/receipts/{receipt_id}").body["reversed_by"] == reversal_id
    assert (reversal["reverses"], reversal["posting_state"], reversal["total"]) == (receipt_id, "posted", "1071.00")
    # Printed again, the receipt says it was reversed, by which document
    _, shown = printed(page, receipt_id, page.get_by_test_id("cash-print").click)
    assert reversal["code"] in shown and "Cheque returned by the bank" in shown
