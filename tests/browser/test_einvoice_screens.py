"""MyInvois e-invoicing in the console (issue 14, point 8), against the product's local MyInvois simulator.

The settings page: e-invoicing switched on with the simulator's client (every company `sign_up` makes has TIN
C2584563200, so `sim-C2584563200` / `sim-secret`), MSIC 46510 and the company's phone; the secret is then
shown as set, never answered. The certificate card: a garbage file is refused on its field in the reader's
words (`einvoice.certificate_unreadable`); a PKCS#12 made here (with its password) is taken and its subject
shown.

The queue: two invoices to a buyer LHDN knows (TIN, BRN, phone, address) and one to a buyer without a phone
are issued over the API; the hub's event queues all three (pending). "Submit now" starts a run: the two
are signed and sent and, once a later run asks MyInvois, valid; the third breaks LHDN's rules (the buyer's
phone is required), so it is refused without being sent, its error naming `buyer.phone`, and "Resubmit" is
offered (and takes it back to pending). One valid e-invoice shows its LHDN uuid and validation link, gives
its UBL JSON, and is cancelled with a reason within its 72 hours. Then the screens in 中文 and Bahasa
Melayu. Setup the screens do not test goes through the API; one company for the module."""

from __future__ import annotations

import json
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose, dialog_settled, screenshot, settled_screenshot
from tests.support.languages import open_in, text
from tests.support.product import Client, sign_up

TODAY = date.today().isoformat()
ADDRESS = {"line1": "12 Jalan Ampang", "city": "Kuala Lumpur", "postcode": "50450", "state": "14"}
PASSWORD = "kata-laluan"
SETTLED = {"valid", "invalid", "refused", "cancelled"}


def created(company: Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = company.post(path, body)
    assert answer.status == 201, answer.body
    return dict(answer.body)


def invoiced(company: Client, customer_id: str, item_id: str) -> dict[str, Any]:
    body = {"customer_id": customer_id, "date": TODAY, "lines": [{"item_id": item_id, "qty": "2"}]}
    invoice = created(company, "/v1/sales-invoices", body)
    answer = company.post(f"/v1/sales-invoices/{invoice['id']}/submit", {"version": invoice["version"]})
    assert answer.status == 200, answer.body
    return dict(answer.body)


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    company = sign_up(console_url, "Niaga Skrin")
    address = {**{k: v for k, v in ADDRESS.items() if k != "state"}, "state": "Kuala Lumpur"}
    assert company.request("PATCH", "/v1/platform/tenant", {"address": address}).status == 200
    return company


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from ledgerlet.einvoice.signature import test_credentials

    credentials = test_credentials()
    p12 = pkcs12.serialize_key_and_certificates(
        b"niaga", credentials.private_key, credentials.certificate, None, BestAvailableEncryption(PASSWORD.encode())
    )
    folder = tmp_path_factory.mktemp("certificates")
    (folder / "niaga.p12").write_bytes(p12)
    (folder / "rosak.p12").write_bytes(b"this is no certificate at all")
    return {"good": folder / "niaga.p12", "garbage": folder / "rosak.p12"}


def t(key: str, **values: object) -> str:
    return text("en", f"einvoices:{key}", **values)


def sent(page: Page, path: str, method: str) -> Any:
    return page.expect_response(
        lambda answer: answer.url.split("?")[0].endswith(path) and answer.request.method == method, timeout=45_000
    )


def shown_states(page: Page) -> dict[str, str]:
    """The queue's rows as the page shows them: number -> state."""
    rows = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-testid=einvoice-table] tr[data-code]'))"
        ".map(row => [row.dataset.code, row.dataset.state])"
    )
    return dict(rows)


def wait_until_listed(page: Page, wanted: dict[str, set[str]], timeout: float, nudge: bool = False) -> dict[str, str]:
    """Refresh the queue (pressing "Submit now" again every few seconds when `nudge`: a run polls MyInvois for
    what the one before sent) until each number shows one of its wanted states."""
    deadline = time.monotonic() + timeout
    last_nudge = time.monotonic()
    while True:
        states = shown_states(page)
        if all(states.get(code) in allowed for code, allowed in wanted.items()):
            return states
        assert time.monotonic() < deadline, f"the queue shows {states}, wanted {wanted}"
        if nudge and time.monotonic() - last_nudge > 6:
            page.get_by_test_id("einvoice-submit-now").click()
            last_nudge = time.monotonic()
        page.get_by_test_id("einvoice-refresh").click()
        page.wait_for_timeout(1500)


def settings_saved(page: Page) -> None:
    """Switched on with the simulator's client, MSIC 46510 and the phone; the secret is then only "set"."""
    expect(page.get_by_test_id("einvoice-settings-form")).to_be_visible()
    expect(page.get_by_test_id("einvoice-settings-status")).to_have_text(t("settings.off"))
    expect(page.get_by_test_id("einvoice-secret-unset")).to_be_visible()
    expect(page.get_by_test_id("einvoice-certificate-none")).to_be_visible()
    page.get_by_label(t("settings.fields.enabled"), exact=True).click()
    page.get_by_label(t("settings.fields.client_id"), exact=True).fill("sim-C2584563200")
    page.get_by_test_id("einvoice-settings-client-secret").fill("sim-secret")
    choose(page, t("settings.fields.msic"), "46510")
    page.get_by_label(t("settings.fields.phone"), exact=True).fill("+60321610000")
    with sent(page, "/v1/einvoicing/settings", "PUT") as answer:
        page.get_by_test_id("einvoice-settings-save").click()
    assert answer.value.status == 200, answer.value.text()
    body = answer.value.request.post_data_json
    wanted = {"enabled": True, "client_id": "sim-C2584563200", "client_secret": "sim-secret", "msic": "46510"}
    assert {name: body.get(name) for name in wanted} == wanted, body
    assert body["phone"] == "+60321610000" and "activity" not in body and "email" not in body, body
    saved = answer.value.json()
    assert saved["client_secret_set"] is True and "client_secret" not in saved, saved
    assert saved["activity"], saved  # the MSIC code's description, as nothing else was typed
    expect(page.get_by_test_id("einvoice-settings-status")).to_have_text(t("settings.on"))
    expect(page.get_by_test_id("einvoice-secret-set")).to_have_text(t("settings.secretSet"))
    expect(page.get_by_test_id("einvoice-settings-client-secret")).to_have_value("")
    expect(page.get_by_label(t("settings.fields.activity"), exact=True)).to_have_value(saved["activity"])


def certificate_uploaded(page: Page, certificates: dict[str, Path]) -> None:
    """A garbage file is refused on the file's field, in the reader's words; the PKCS#12 is taken."""
    certificate_file = page.get_by_label(t("certificate.file"), exact=True)
    certificate_file.set_input_files(certificates["garbage"])
    expect(page.get_by_test_id("einvoice-certificate-chosen")).to_contain_text("rosak.p12")
    with sent(page, "/v1/einvoicing/certificate", "PUT") as answer:
        page.get_by_test_id("einvoice-certificate-upload").click()
    assert answer.value.status == 422, answer.value.text()
    [problem] = answer.value.json()["errors"]
    assert (problem["field"], problem["code"]) == ("body.certificate", "einvoice.certificate_unreadable"), problem
    field_error = page.get_by_test_id("einvoice-certificate-form").locator(".ant-form-item-explain-error")
    expect(field_error).to_have_text(text("en", "errors:einvoice.certificate_unreadable"))

    certificate_file.set_input_files(certificates["good"])
    page.get_by_label(t("certificate.password"), exact=True).fill(PASSWORD)
    with sent(page, "/v1/einvoicing/certificate", "PUT") as answer:
        page.get_by_test_id("einvoice-certificate-upload").click()
    assert answer.value.status == 200, answer.value.text()
    facts = answer.value.json()["certificate"]
    assert "CN=Ledgerlet Test" in facts["subject"], facts
    expect(page.get_by_test_id("einvoice-certificate-subject")).to_have_text(facts["subject"])
    expect(page.get_by_test_id("einvoice-certificate-issuer")).to_have_text(facts["issuer"])
    expect(page.get_by_test_id("einvoice-certificate-none")).to_have_count(0)


def issued(company: Client) -> dict[str, Any]:
    """Two invoices to a buyer LHDN knows (99.00 each: 2 x 45.00 + 10%), one to a buyer without a phone."""
    buyer = {"tin": "C20880050010", "brn": "202001012345", "billing_address": ADDRESS}
    suffix = uuid.uuid4().hex[:4].upper()
    known = created(company, "/v1/customers", {"name": f"Syarikat Skrin {suffix}", "phone": "+60379561234", **buyer})
    silent = created(company, "/v1/customers", {"name": f"Syarikat Senyap {suffix}", **buyer})
    sr10 = next(found for found in company.list_all("/v1/tax-codes?q=SR10") if found["code"] == "SR10")
    mouse = created(
        company,
        "/v1/items",
        {"name": "Tetikus", "kind": "non_stock", "sales_price": "45.00", "sales_tax_code_id": sr10["id"]},
    )
    good = [invoiced(company, known["id"], mouse["id"]) for _ in range(2)]
    return {"known": known, "silent": silent, "good": good, "bad": invoiced(company, silent["id"], mouse["id"])}


def valid_one_cancelled(page: Page, company: Client, code: str) -> None:
    """A valid e-invoice: its uuid, validation link and UBL JSON; cancelled with a reason within 72 hours."""
    page.locator(f"tr[data-code='{code}']").get_by_test_id("einvoice-link").click()
    expect(page.get_by_test_id("einvoice-state").first).to_have_attribute("data-state", "valid")
    einvoice = company.get(f"/v1/einvoices/{page.url.rsplit('/', 1)[-1]}").body
    assert einvoice["uuid"] and einvoice["uuid"] in einvoice["validation_link"], einvoice
    expect(page.get_by_test_id("einvoice-uuid")).to_have_text(einvoice["uuid"])
    link = page.get_by_test_id("einvoice-validation-link")
    expect(link).to_have_attribute("href", einvoice["validation_link"])
    expect(link).to_have_attribute("target", "_blank")
    history = page.get_by_test_id("einvoice-history")
    expect(history.locator("[data-testid=einvoice-event][data-state='valid']")).to_have_count(1)
    with page.expect_download() as downloaded:
        page.get_by_test_id("einvoice-download").click()
    assert downloaded.value.suggested_filename == f"{code}.json"
    document = json.loads(Path(downloaded.value.path()).read_text(encoding="utf-8"))
    assert "Invoice" in document, list(document)

    page.get_by_test_id("einvoice-cancel").click()
    dialog_settled(page)
    expect(page.get_by_test_id("einvoice-cancel-left")).to_contain_text(" h ")
    page.get_by_test_id("einvoice-cancel-reason").fill("Pesanan dibatalkan oleh pelanggan")
    with sent(page, f"/v1/einvoices/{einvoice['id']}/cancel", "POST") as answer:
        page.locator("#einvoice-cancel-confirm").click()
    assert answer.value.status == 200, answer.value.text()
    expect(page.get_by_test_id("einvoice-state").first).to_have_attribute("data-state", "cancelled")
    expect(page.get_by_test_id("einvoice-cancel-reason-shown")).to_have_text("Pesanan dibatalkan oleh pelanggan")
    expect(page.get_by_test_id("einvoice-cancel")).to_have_count(0)
    assert company.get(f"/v1/einvoices/{einvoice['id']}").body["state"] == "cancelled"
    screenshot(page, "einvoice-cancelled-en")


def refused_one_resubmitted(page: Page, code: str, customer_id: str) -> None:
    """The refused e-invoice: its error names the buyer's phone (fixed on the customer); Resubmit queues it."""
    page.locator(f"tr[data-code='{code}']").get_by_test_id("einvoice-link").click()
    expect(page.get_by_test_id("einvoice-state").first).to_have_attribute("data-state", "refused")
    errors = page.get_by_test_id("einvoice-errors")
    expect(errors).to_contain_text(t("errors.titleRefused"))
    expect(errors.locator("tr[data-field='buyer.phone']")).to_have_count(1)
    fix = errors.locator("tr[data-field='buyer.phone']").get_by_role("link", name=t("errors.fixCustomer"))
    expect(fix).to_have_attribute("href", f"/customers/{customer_id}")
    expect(page.get_by_test_id("einvoice-cancel")).to_have_count(0)
    settled_screenshot(page, "einvoice-refused-en")
    with sent(page, f"/v1/einvoices/{page.url.rsplit('/', 1)[-1]}/resubmit", "POST") as answer:
        page.get_by_test_id("einvoice-resubmit").click()
    assert answer.value.status == 200, answer.value.text()
    expect(page.get_by_test_id("einvoice-state").first).to_have_attribute("data-state", "pending")
    expect(page.get_by_test_id("einvoice-resubmit")).to_have_count(0)


@pytest.mark.refusals(422)
def test_settings_queue_cancel_and_errors_to_fix(page: Page, company: Client, certificates: dict[str, Path]) -> None:
    open_in(page, "en", company, "/")
    menu = page.get_by_role("navigation", name=text("en", "common:nav.main"))
    expect(menu).to_contain_text(text("en", "common:nav.compliance"))
    menu.get_by_role("link", name=t("nav.settings"), exact=True).click()
    settings_saved(page)
    certificate_uploaded(page, certificates)
    settled_screenshot(page, "einvoice-settings-en")

    # Issued over the API, queued by the hub's event: pending in the queue
    sales = issued(company)
    good, bad = sales["good"], sales["bad"]
    codes = [sale["code"] for sale in good] + [bad["code"]]
    menu.get_by_role("link", name=t("nav.queue"), exact=True).click()
    expect(page.get_by_test_id("einvoice-table")).to_be_visible()
    wait_until_listed(page, {code: {"pending"} for code in codes}, 45)
    row = page.locator(f"tr[data-code='{good[0]['code']}']")
    expect(row.get_by_test_id("einvoice-state")).to_have_text(t("state.pending"))
    expect(row).to_contain_text(sales["known"]["name"])
    expect(row).to_contain_text("99.00")
    expect(row).to_contain_text(t("type.01"))
    screenshot(page, "einvoice-queue-pending-en")

    # Submit now: the two go and come back valid; the third is refused before it is sent
    with sent(page, "/v1/einvoicing/run", "POST") as answer:
        page.get_by_test_id("einvoice-submit-now").click()
    assert answer.value.status == 200, answer.value.text()
    wanted = {good[0]["code"]: {"valid"}, good[1]["code"]: {"valid"}, bad["code"]: {"refused"}}
    wait_until_listed(page, wanted, 75, nudge=True)
    expect(row.get_by_test_id("einvoice-uuid")).not_to_be_empty()
    expect(row.get_by_test_id("einvoice-state")).to_have_text(t("state.valid"))
    screenshot(page, "einvoice-queue-en")

    # Filtered by state: only the refused one
    choose(page, t("list.stateFilter"), t("state.refused"))
    expect(page.locator("[data-testid=einvoice-table] tr[data-code]")).to_have_count(1)
    expect(page.locator(f"tr[data-code='{bad['code']}']")).to_be_visible()
    choose(page, t("list.stateFilter"), t("list.allStates"))
    expect(page.locator("[data-testid=einvoice-table] tr[data-code]")).to_have_count(3)

    valid_one_cancelled(page, company, good[0]["code"])
    page.get_by_role("link", name=t("title"), exact=True).click()
    refused_one_resubmitted(page, bad["code"], sales["silent"]["id"])


def test_the_screens_speak_chinese_and_malay(page: Page, company: Client) -> None:
    for language in ("zh-CN", "ms"):
        open_in(page, language, company, "/einvoices")
        menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
        expect(menu).to_contain_text(text(language, "common:nav.compliance"))
        expect(menu.get_by_role("link", name=text(language, "einvoices:nav.queue"), exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name=text(language, "einvoices:title"), exact=True)).to_be_visible()
        expect(page.get_by_test_id("einvoice-submit-now")).to_have_text(text(language, "einvoices:list.submitNow"))
        expect(page.get_by_label(text(language, "einvoices:list.stateFilter"), exact=True)).to_be_visible()
        table = page.get_by_test_id("einvoice-table")
        expect(table).to_contain_text(text(language, "einvoices:fields.uuid"))
        for state in {row_state for row_state in shown_states(page).values()}:
            expect(table.locator(f"[data-testid=einvoice-state][data-state='{state}']").first).to_have_text(
                text(language, f"einvoices:state.{state}")
            )
        settled_screenshot(page, f"einvoice-queue-{language}")

        open_in(page, language, company, "/einvoices/settings")
        expect(page.get_by_test_id("einvoice-settings-form")).to_be_visible()
        for field in ("enabled", "client_id", "phone", "submit_every_minutes"):
            label = text(language, f"einvoices:settings.fields.{field}")
            expect(page.get_by_label(label, exact=True)).to_be_visible()
        expect(page.get_by_test_id("einvoice-certificate")).to_contain_text(
            text(language, "einvoices:certificate.title")
        )
        assert text(language, "einvoices:settings.fields.client_id") != text(
            "en", "einvoices:settings.fields.client_id"
        )
        settled_screenshot(page, f"einvoice-settings-{language}")
