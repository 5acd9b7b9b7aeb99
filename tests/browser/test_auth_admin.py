"""The console's public pages (sign-up, login, session expiry, invitations) and its administration pages
(company profile, users, roles wizard, applet store), driven through the UI."""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support.console import choose, dialog_settled, fill_address, fill_sign_up, log_out, screenshot
from tests.support.product import ADMIN_PASSWORD as PASSWORD
from tests.support.product import Client, sign_up

# These tests provoke refusals on purpose (wrong password, invalid postcode, last admin, expired token).
pytestmark = pytest.mark.refusals(401, 409, 422)


@dataclass
class Company:
    name: str
    email: str
    client: Client
    admin: str  # the admin's name


def new_company(base_url: str, name: str) -> Company:
    """A company signed up over HTTP, with its admin's e-mail (the password is PASSWORD)."""
    company = f"{name} {uuid.uuid4().hex[:4].upper()}"
    client = sign_up(base_url, company)
    assert client.email
    return Company(f"{company} Sdn Bhd", client.email, client, f"{company} Admin")


def sign_in(page: Any, company: Company) -> None:
    """Log the browser in by writing the session, as the login page would."""
    tokens = (
        Client(company.client.base_url).post("/v1/platform/login", {"email": company.email, "password": PASSWORD}).body
    )
    stored = {
        "id_token": tokens["id_token"],
        "refresh_token": tokens["refresh_token"],
        "expires_in": tokens["expires_in"],
        "expires_at": int(time.time() * 1000) + tokens["expires_in"] * 1000,
        "email": company.email,
    }
    page.goto("/login")
    page.evaluate("stored => localStorage.setItem('ledgerlet.session', stored)", json.dumps(stored))


def log_in_through_form(page: Any, email: str, password: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_sign_up_log_out_and_log_in(page: Any, console_url: str) -> None:
    suffix = uuid.uuid4().hex[:6]
    email = f"owner+{suffix}@kedai-{suffix}.com.my"
    legal_name = f"Kedai Runcit {suffix.upper()} Sdn Bhd"

    page.goto("/signup")
    expect(page.get_by_role("heading", name="Sign up your company")).to_be_visible()
    fill_sign_up(page, legal_name, "Siti Aminah", email, tin="c2584563200")
    page.get_by_label("SST registration number").fill("W10-1808-32000104")
    expect(page.get_by_label("Base currency")).to_have_value("MYR — Malaysian ringgit")
    choose(page, "Financial year starts in", "July")
    page.get_by_label("Password").fill("short")
    expect(page.get_by_text("At least 10 characters")).to_be_visible()
    page.get_by_role("button", name="Create company").click()
    expect(page.get_by_text("The password does not meet the rules below.")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    expect(page.get_by_text("The password does not meet the rules below.")).to_have_count(0)
    screenshot(page, "signup")
    page.get_by_role("button", name="Create company").click()

    expect(page.get_by_test_id("company-name")).to_have_text(legal_name, timeout=45_000)
    expect(page).to_have_url(f"{console_url}/")
    me = Client(console_url).post("/v1/platform/login", {"email": email, "password": PASSWORD})
    profile = Client(console_url, me.body["id_token"]).get("/v1/platform/tenant").body
    assert profile["tin"] == "C2584563200"
    assert profile["fiscal_year_start_month"] == 7
    assert profile["time_zone"] == "Asia/Kuala_Lumpur"

    log_out(page)

    # The same e-mail cannot sign up a second company: the API's 409 lands on the e-mail field.
    page.get_by_role("link", name="Sign up your company").click()
    fill_sign_up(page, "Another Sdn Bhd", "Someone Else", email, brn="202301012346", tin="C2584563201")
    page.get_by_role("button", name="Create company").click()
    expect(page.locator("#admin_email_help")).to_have_text("This e-mail address already has an account.")

    page.get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in to Ledgerlet")).to_be_visible()
    log_in_through_form(page, email, "Wrong-Password-2026")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Could not log you in")
    expect(alert).to_contain_text("wrong e-mail or password")
    screenshot(page, "login")
    log_in_through_form(page, email, PASSWORD)
    expect(page.get_by_test_id("company-name")).to_have_text(legal_name)
    expect(page).to_have_url(f"{console_url}/")


def test_expired_session_returns_to_the_page_after_login(page: Any, console_url: str) -> None:
    company = new_company(console_url, "Expiry")
    sign_in(page, company)
    page.goto("/settings/users")
    expect(page.get_by_test_id("users-table")).to_contain_text(company.email)

    page.evaluate(
        """() => {
            const stored = JSON.parse(localStorage.getItem('ledgerlet.session'));
            stored.id_token = 'not-a-token';
            delete stored.refresh_token;
            localStorage.setItem('ledgerlet.session', JSON.stringify(stored));
        }"""
    )
    page.goto("/settings/roles")
    expect(page).to_have_url(re.compile(r"/login\?expired=1&next=%2Fsettings%2Froles$"))
    expect(page.get_by_text("Your session has expired. Please log in again.")).to_be_visible()
    log_in_through_form(page, company.email, PASSWORD)
    expect(page).to_have_url(f"{console_url}/settings/roles")
    expect(page.get_by_test_id("roles-table")).to_contain_text("accountant")


def test_company_profile_edit(page: Any, console_url: str) -> None:
    company = new_company(console_url, "Profile")
    sign_in(page, company)
    page.goto("/settings/company")
    profile = page.get_by_test_id("company-profile")
    expect(profile).to_contain_text(company.name)
    expect(profile).to_contain_text("No address yet")

    page.get_by_role("button", name="Edit profile").click()
    form = page.get_by_test_id("company-form")
    expect(form.get_by_label("Base currency")).to_have_value("MYR")
    expect(form.get_by_label("Base currency")).to_have_attribute("readonly", "")
    new_name = f"Syarikat Baharu {uuid.uuid4().hex[:4].upper()} Sdn Bhd"
    form.get_by_label("Legal name").fill(new_name)
    fill_address(page, form, "Lot 12, Jalan Tun Razak", "Kuala Lumpur", "12", state=("W.P. Kuala Lumpur", None))
    choose(page, "Financial year starts in", "April")
    form.get_by_role("button", name="Save").click()
    # The API's message for its code, on the postcode field.
    expect(page.locator("#address_postcode_help")).to_contain_text("A postcode looks like 50450.")
    assert company.client.get("/v1/platform/tenant").body["address"] is None
    screenshot(page, "company-profile")

    form.get_by_label("Postcode").fill("50450")
    form.get_by_role("button", name="Save").click()
    expect(profile).to_contain_text("50450 Kuala Lumpur")
    expect(profile).to_contain_text(new_name)
    expect(profile).to_contain_text("April")
    expect(page.get_by_test_id("company-name")).to_have_text(new_name)
    saved = company.client.get("/v1/platform/tenant").body
    assert saved["address"] == {
        "line1": "Lot 12, Jalan Tun Razak",
        "line2": None,
        "city": "Kuala Lumpur",
        "postcode": "50450",
        "state": "Kuala Lumpur",
        "country": "MY",
    }
    assert saved["fiscal_year_start_month"] == 4


def test_applet_store_switches_an_applet_off(page: Any, console_url: str) -> None:
    company = new_company(console_url, "Store")
    sign_in(page, company)
    page.goto("/settings/applets")
    core = page.get_by_role("switch", name="Chart of accounts on or off")
    expect(core).to_be_checked()
    expect(core).to_be_disabled()
    customers = page.get_by_role("switch", name="Customers on or off")
    expect(customers).to_be_checked()
    screenshot(page, "applet-store")

    menu = page.get_by_role("navigation", name="Main menu")
    customers_in_menu = menu.locator('a[href="/customers"]')
    expect(customers_in_menu).to_have_count(1)
    customers.click()
    expect(customers).not_to_be_checked()
    expect(page.get_by_text("Customers switched off")).to_be_visible()
    assert "customers" not in company.client.get("/v1/platform/me").body["applets"]
    expect(customers_in_menu).to_have_count(0)

    customers.click()
    expect(customers).to_be_checked()
    assert "customers" in company.client.get("/v1/platform/me").body["applets"]
    expect(customers_in_menu).to_have_count(1)


def test_role_wizard_creates_a_custom_role(page: Any, console_url: str) -> None:
    company = new_company(console_url, "Roles")
    sign_in(page, company)
    page.goto("/settings/roles")
    page.get_by_role("button", name="New role").click()
    expect(page).to_have_url(f"{console_url}/settings/roles/new")

    page.get_by_label("Role name").fill("sales")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("A role with this name already exists.")).to_be_visible()
    page.get_by_label("Role name").fill("cashier")
    page.get_by_label("Description").fill("Receipts and payments at the counter.")
    page.get_by_role("button", name="Next").click()

    # Each Next waits for its step to show: a click before the step renders still belongs to the last.
    expect(page.get_by_role("checkbox", name="Receipts", exact=True)).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Choose at least one applet.")).to_be_visible()
    page.get_by_role("checkbox", name="Receipts", exact=True).check()
    page.get_by_role("checkbox", name="Payments", exact=True).check()
    page.get_by_role("checkbox", name="Cash books").check()
    page.get_by_role("button", name="Next").click()

    matrix = page.get_by_test_id("action-matrix")
    # chosen applets start with view
    expect(matrix.get_by_role("checkbox", name="Receipts: View", exact=True)).to_be_checked()
    matrix.get_by_role("checkbox", name="Receipts: Create", exact=True).check()
    # Issue 11, point 3: what a receipt's form reads comes with "create", and the wizard says why.
    needed = page.get_by_test_id("needed-permissions")
    expect(needed).to_contain_text("Chart of accounts — View — needed by Receipts — Create")
    expect(matrix.get_by_role("checkbox", name="Chart of accounts: View")).to_be_checked()
    expect(matrix.get_by_role("checkbox", name="Tax codes (SST): View")).to_be_checked()
    matrix.get_by_role("checkbox", name="Every action of Payments").check()
    expect(matrix.get_by_role("checkbox", name="Payments: Create")).to_be_checked()
    matrix.get_by_role("checkbox", name="Cash books: View").click()  # a receipt needs it: it stays chosen
    expect(matrix.get_by_role("checkbox", name="Cash books: View")).to_be_checked()
    page.wait_for_timeout(300)  # let the steps' transition settle for the screenshot
    screenshot(page, "role-wizard")
    page.get_by_role("button", name="Next").click()

    review = page.get_by_test_id("role-review")
    for permission in (  # by name, never by slug (issue 11, point 3)
        "Receipts — Create",  # not reverse: only what was chosen
        "Receipts — View",
        "Payments — All actions",
        "Cash books — View",
        "Chart of accounts — View",
        "Tax codes (SST) — View",
    ):
        expect(review.get_by_text(permission, exact=True)).to_be_visible()
    page.get_by_role("button", name="Create role").click()

    expect(page).to_have_url(f"{console_url}/settings/roles")
    row = page.get_by_test_id("roles-table").get_by_role("row", name=re.compile("cashier"))
    expect(row).to_contain_text("Custom")
    roles = {role["name"]: role for role in company.client.get("/v1/platform/roles").body["items"]}
    assert roles["cashier"]["permissions"] == [
        "org-units:read",
        "accounts:read",
        "currencies:read",
        "tax-codes:read",
        "cash-books:read",
        "customers:read",
        "suppliers:read",
        "receipts:create",
        "receipts:read",
        "payments:*",
    ]
    assert roles["cashier"]["description"] == "Receipts and payments at the counter."


def test_role_wizard_edits_and_deletes_a_custom_role(page: Any, console_url: str) -> None:
    company = new_company(console_url, "Edit roles")
    answer = company.client.request(
        "PUT",
        "/v1/platform/roles/cashier",
        {"description": "Counter", "permissions": ["cash-books:read", "receipts:*", "payments:*"]},
    )
    assert answer.status == 200, answer.body
    sign_in(page, company)
    page.goto("/settings/roles")
    # Editing goes through the same wizard, with the choices of the role.
    page.get_by_role("button", name="Edit role cashier").click()
    expect(page.get_by_label("Role name")).to_be_disabled()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("checkbox", name="Receipts", exact=True)).to_be_checked()
    page.get_by_role("checkbox", name="Payments", exact=True).uncheck()
    page.get_by_role("checkbox", name="Cash books").click()  # receipts need it: it stays chosen
    expect(page.get_by_role("checkbox", name="Cash books")).to_be_checked()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_test_id("action-matrix")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_test_id("role-review")).to_be_visible()
    page.get_by_role("button", name="Save role").click()
    expect(page).to_have_url(f"{console_url}/settings/roles")
    roles = {role["name"]: role for role in company.client.get("/v1/platform/roles").body["items"]}
    # the receipts' needs came with the change (issue 11, point 3)
    assert roles["cashier"]["permissions"] == [
        "org-units:read",
        "accounts:read",
        "currencies:read",
        "tax-codes:read",
        "cash-books:read",
        "customers:read",
        "receipts:*",
    ]

    page.get_by_role("button", name="Delete role cashier").click()
    page.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_text("Role cashier deleted")).to_be_visible()
    expect(page.get_by_test_id("roles-table")).not_to_contain_text("cashier")


def test_invite_a_user_who_accepts(page: Any, console_url: str) -> None:
    company = new_company(console_url, "Invite")
    sign_in(page, company)
    page.goto("/settings/users")

    # The only admin cannot disable themselves: the API's 409 is shown above the table.
    users = page.get_by_test_id("users-table")
    page.get_by_role("button", name=f"Disable {company.admin}").click()
    dialog_settled(page)
    page.get_by_role("button", name="Disable", exact=True).click()
    refusal = page.get_by_test_id("user-status-error")
    expect(refusal).to_contain_text(f"{company.admin} cannot be changed")
    expect(refusal).to_contain_text("the company needs at least one active admin")
    expect(users).to_contain_text("Active")

    invitee = f"clerk+{uuid.uuid4().hex[:8]}@example.com.my"
    page.get_by_role("button", name="Invite user").click()
    dialog = page.get_by_role("dialog", name="Invite user")
    dialog.get_by_label("E-mail").fill(invitee)
    dialog.get_by_role("button", name="Create invitation").click()
    expect(dialog.get_by_text("Choose at least one role.")).to_be_visible()
    choose(page, "Roles", "viewer")
    dialog.get_by_role("button", name="Create invitation").click()
    token = dialog.get_by_test_id("invitation-token").inner_text()
    assert token.startswith("tnt_")
    link = dialog.get_by_test_id("invitation-link")
    expect(link).to_contain_text(f"{console_url}/invitations/accept?token=")
    accept_url = link.inner_text().strip()
    dialog.get_by_role("button", name="Done").click()
    invitations = page.get_by_test_id("invitations-table")
    expect(invitations).to_contain_text(invitee)
    expect(invitations).to_contain_text("Pending")

    # The invitee opens the link (signed out), names themselves and lands in the console.
    log_out(page)
    page.goto(accept_url)
    page.get_by_label("Your name").fill("Nur Clerk")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_test_id("company-name")).to_have_text(company.name)
    users_now = company.client.get("/v1/platform/users").body["items"]
    assert {(user["email"], tuple(user["roles"])) for user in users_now} >= {(invitee, ("viewer",))}


def test_sign_up_while_onboarding_still_runs(page: Any, console_url: str) -> None:
    """A 202 answer (onboarding still running) shows "setting up" until `me` reports the company active."""
    provisioning_answers = 2

    def signup_still_running(route: Any) -> None:
        route.fulfill(response=route.fetch(timeout=60_000), status=202)

    def me_provisioning_at_first(route: Any) -> None:
        nonlocal provisioning_answers
        answer = route.fetch()
        body = answer.json()
        if provisioning_answers > 0:
            provisioning_answers -= 1
            body["tenant"]["status"] = "provisioning"
        route.fulfill(response=answer, json=body)

    page.route("**/v1/platform/signup", signup_still_running)
    page.route("**/v1/platform/me", me_provisioning_at_first)
    suffix = uuid.uuid4().hex[:6]
    legal_name = f"Kedai Lambat {suffix.upper()} Sdn Bhd"
    page.goto("/signup")
    fill_sign_up(page, legal_name, "Ahmad Lambat", f"owner+{suffix}@lambat.com.my")
    page.get_by_role("button", name="Create company").click()
    expect(page.get_by_test_id("setting-up")).to_contain_text("Setting up your company…", timeout=45_000)
    expect(page.get_by_test_id("company-name")).to_have_text(legal_name, timeout=30_000)
    assert provisioning_answers == 0
    page.unroute_all(behavior="ignoreErrors")
