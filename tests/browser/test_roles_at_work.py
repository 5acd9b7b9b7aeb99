"""Issue 11, point 3: a role made in the wizard can do its job, in English, 中文 and Bahasa Melayu.

An admin makes a cashier role in the wizard (receipts: create; customers and cash books: view). The wizard
adds what a receipt's form reads (accounts, tax codes…) and its review names every permission as a user
reads it, never by slug. A cashier holding the role posts a receipt (the account picker lists accounts),
has no Payments in the menu, and `/payments/new` says which permission it needs. With the accounts
permission taken away, the form's account picker says which permission is missing instead of "Nothing
found".
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose
from tests.support.languages import cell_label, field_label, open_in, permission_label, text
from tests.support.product import ADMIN_PASSWORD, Client, sign_up


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    company = sign_up(console_url, "Kaunter")
    accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts")}
    book = company.post(
        "/v1/cash-books", {"code": "KAUNTER", "name": "Counter cash", "kind": "cash", "account_id": accounts["1010"]}
    )
    assert book.status == 201, book.body
    return company


def make_role_in_the_wizard(page: Page, company: Client, language: str, role: str) -> None:
    open_in(page, language, company, "/settings/roles/new")
    page.get_by_label(text(language, "admin:wizard.field.name"), exact=True).fill(role)
    page.get_by_role("button", name=text(language, "admin:wizard.next")).click()
    for applet in ("receipts", "customers", "cash-books"):
        page.get_by_role("checkbox", name=text(language, f"admin:applet.{applet}.name"), exact=True).check()
    page.get_by_role("button", name=text(language, "admin:wizard.next")).click()

    matrix = page.get_by_test_id("action-matrix")
    receipts, create = text(language, "admin:applet.receipts.name"), text(language, "admin:action.create")
    matrix.get_by_role(
        "checkbox", name=text(language, "admin:wizard.matrix.cell", applet=receipts, action=create)
    ).check()
    expect(page.get_by_test_id("needed-permissions")).to_contain_text(permission_label(language, "accounts", "read"))
    page.get_by_role("button", name=text(language, "admin:wizard.next")).click()

    review = page.get_by_test_id("role-review")
    for applet, action in (("accounts", "read"), ("tax-codes", "read"), ("cash-books", "read"), ("customers", "read")):
        expect(review.get_by_text(permission_label(language, applet, action), exact=True)).to_be_visible()
    expect(review).not_to_contain_text("accounts:read")  # by name, never by slug
    page.get_by_role("button", name=text(language, "admin:wizard.create")).click()
    expect(page).to_have_url(re.compile(r"/settings/roles$"))


def cashier_holding(company: Client, role: str) -> Client:
    email = f"cashier+{uuid.uuid4().hex[:8]}@kaunter.com.my"
    invitation = company.post("/v1/platform/invitations", {"email": email, "roles": [role]})
    assert invitation.status == 201, invitation.body
    accepted = Client(company.base_url).post(
        "/v1/platform/invitations/accept",
        {"token": invitation.body["token"], "name": "Nur Kasih", "password": ADMIN_PASSWORD},
    )
    assert accepted.status in (200, 201), accepted.body
    login = Client(company.base_url).post("/v1/platform/login", {"email": email, "password": ADMIN_PASSWORD})
    assert login.status == 200, login.body
    return Client(company.base_url, login.body["id_token"], email)


@pytest.mark.refusals(403)
@pytest.mark.parametrize("language", ["zh-CN"])  # the suite covers the three languages between its tests
def test_a_cashier_role_made_in_the_wizard_can_do_its_job(page: Page, company: Client, language: str) -> None:
    role = f"cashier-{language.lower()[:2]}"
    make_role_in_the_wizard(page, company, language, role)
    cashier = cashier_holding(company, role)

    # The receipt's form reads what it needs: the account picker lists the income accounts.
    open_in(page, language, cashier, "/receipts/new")
    choose(page, field_label(language, "receipts", "cash_book_id"), "KAUNTER")
    page.get_by_label(field_label(language, "receipts", "party"), exact=True).fill(f"Pelanggan tunai {language}")
    choose(page, cell_label(language, "receipts", "account_id", 1), "4100")
    page.get_by_label(cell_label(language, "receipts", "line_amount", 1), exact=True).fill("88.00")
    page.get_by_test_id("form-submit").click()
    expect(page).to_have_url(re.compile(r"/receipts/rcp_[0-9A-Z]{26}$"))
    receipt = cashier.get(f"/v1/receipts/{page.url.rsplit('/', 1)[-1]}").body
    assert (receipt["party"], receipt["total"]) == (f"Pelanggan tunai {language}", "88.00")

    # What the role does not grant is neither offered nor opened.
    menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
    expect(menu.locator('a[href="/receipts"]')).to_have_count(1)
    expect(menu.locator('a[href="/payments"]')).to_have_count(0)
    page.goto("/payments/new")
    refused = page.get_by_test_id("not-permitted")
    expect(refused).to_contain_text(permission_label(language, "payments", "create"))
    expect(page.locator("form")).to_have_count(0)
    page.goto("/customers")
    expect(page.get_by_test_id("list-new")).to_have_count(0)  # customers: view only

    # Without the accounts permission, the picker says which permission is missing, not "Nothing found".
    granted = company.get("/v1/platform/roles").body["items"]
    permissions = next(r["permissions"] for r in granted if r["name"] == role)
    narrowed = [p for p in permissions if p != "accounts:read"]
    narrowing = company.request("PUT", f"/v1/platform/roles/{role}", {"description": "", "permissions": narrowed})
    assert narrowing.status == 200, narrowing.body
    open_in(page, language, cashier, "/receipts/new")
    page.get_by_label(cell_label(language, "receipts", "account_id", 1), exact=True).click()
    expect(page.get_by_test_id("reference-forbidden")).to_have_text(
        text(language, "errors:forbidden.permission", permission=permission_label(language, "accounts", "read"))
    )
