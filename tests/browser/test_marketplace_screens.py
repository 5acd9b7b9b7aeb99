"""The marketplace screens (Shopee and Lazada), against the product talking to this session's marketplace
simulator (the browser conftest's `marketplace`), which pushes its orders to the product's webhooks.

The shops page: a Shopee shop connected through the "Connect a shop" drawer (its warehouse, customer, seller
balance and fee accounts picked from the company's master data; the tokens the simulator issued pasted in),
listed as active with its push URL; paused and resumed; renamed; its tokens replaced. A second connection of
the same shop is refused on the shop ID field in the reader's words (`marketplace.shop_connected`, a 409).

The order log: an order the simulator creates (and pushes) shows as imported, with a link to the sales order
it became, and its own page lists its documents and the statuses seen. An order with a SKU no item has shows
as an error naming the SKU (`marketplace.unknown_sku`, translated); once the item exists (created over the
API with the SKU as its barcode), Retry imports it. Then the screens in 中文 and Bahasa Melayu, an unknown SKU
named in each. Master data the screens do not test is set up over the API; one company for the module."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.console import choose, dialog_settled, settled_screenshot
from tests.support.languages import open_in, text
from tests.support.marketplace import Seller, connect, created, seller, wait_for
from tests.support.product import Client, sign_up

SHOP = "770011"


def t(key: str, **values: object) -> str:
    return text("en", f"marketplace:{key}", **values)


def sent(page: Page, path: str, method: str) -> Any:
    return page.expect_response(
        lambda answer: answer.url.split("?")[0].endswith(path) and answer.request.method == method, timeout=30_000
    )


@pytest.fixture(scope="module")
def company(console_url: str) -> Client:
    return sign_up(console_url, "Kedai Skrin")


@pytest.fixture(scope="module")
def selling(company: Client) -> Seller:
    return seller(company, stock=100)


@pytest.fixture
def shop(company: Client, selling: Seller, marketplace: Any) -> dict[str, Any]:
    """The Shopee shop, connected (over the API when the screen's test did not connect it)."""
    found = [c for c in company.get("/v1/platform/connections").body["items"] if c["shop_id"] == SHOP]
    return found[0] if found else connect(selling, marketplace, "shopee", SHOP)


def fill_connection(page: Page, name: str, tokens: Any) -> None:
    """The drawer's form: the shop, what its orders book to (each picked), and its tokens."""
    form = page.get_by_test_id("marketplace-connection-form")
    expect(form).to_be_visible()
    form.get_by_label(t("fields.shop_id"), exact=True).fill(SHOP)
    form.get_by_label(t("fields.name"), exact=True).fill(name)
    choose(page, t("fields.location_id"), "ONLINE", "Online store")
    choose(page, t("fields.customer_id"), "Marketplace", "Marketplace buyers")
    choose(page, t("fields.wallet_cash_book_id"), "MKT", "Seller balance")
    choose(page, t("fields.commission_account_id"), "6240")
    choose(page, t("fields.service_fee_account_id"), "6250")
    choose(page, t("fields.transaction_fee_account_id"), "6410")
    form.get_by_label(t("fields.access_token"), exact=True).fill(tokens.access_token)
    form.get_by_label(t("fields.refresh_token"), exact=True).fill(tokens.refresh_token)


def listed(page: Page, order_id: str, state: str, timeout: float = 45) -> Any:
    """The order's row once it shows `state` (Refresh pressed meanwhile: pushes land at any time)."""
    row = page.locator(f"[data-testid=marketplace-orders] tr[data-order='{order_id}']")
    deadline = time.monotonic() + timeout
    while True:
        try:
            expect(row).to_have_attribute("data-state", state, timeout=3_000)
            return row
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.get_by_test_id("marketplace-refresh").click()


def connected(page: Page, selling: Seller, marketplace: Any, console_url: str) -> Any:
    """Connected through the drawer: listed as active, with what it books to and its push URL; its card."""
    page.get_by_test_id("marketplace-connect").click()
    fill_connection(page, "Kedai Skrin di Shopee", marketplace.authorize("shopee", SHOP))
    with sent(page, "/v1/platform/connections", "POST") as answer:
        page.get_by_test_id("marketplace-connection-save").click()
    assert answer.value.status == 201, answer.value.text()
    body = answer.value.request.post_data_json
    assert body["platform"] == "shopee" and body["shop_id"] == SHOP, body
    assert {name: body[name] for name in selling.settings} == selling.settings, body
    assert body["einvoice_policy"] == "platform" and body["stock_sync"] is True, body
    assert body["credentials"]["access_token"] and "credentials" not in answer.value.json()

    card = page.locator(f"[data-testid=marketplace-shop][data-shop='{SHOP}']")
    expect(card).to_have_attribute("data-status", "active")
    expect(card.get_by_test_id("marketplace-shop-name")).to_have_text("Kedai Skrin di Shopee")
    expect(card.get_by_test_id("marketplace-shop-status")).to_have_text(t("shopStatus.active"))
    for shown in ("Online store", "Marketplace buyers", "Seller balance", "6240", "6250", "6410"):
        expect(card).to_contain_text(shown)
    expect(card).to_contain_text(t("einvoicePolicy.platform"))
    expect(card.get_by_test_id("marketplace-push-url")).to_have_text(f"{console_url}/v1/webhooks/shopee")
    expect(card.get_by_test_id("marketplace-push-url").get_by_role("button")).to_be_visible()  # the copy button
    return card


def paused_and_resumed(page: Page, card: Any) -> None:
    """Paused (its orders are not imported meanwhile), after a confirmation; then resumed."""
    card.get_by_test_id("marketplace-pause").click()
    dialog_settled(page)
    with sent(page, f"/v1/platform/connections/shopee-{SHOP}", "PATCH") as answer:
        page.locator(".ant-popconfirm").get_by_role("button", name=t("pause.pause"), exact=True).click()
    assert answer.value.status == 200 and answer.value.request.post_data_json["status"] == "paused"
    expect(card).to_have_attribute("data-status", "paused")
    with sent(page, f"/v1/platform/connections/shopee-{SHOP}", "PATCH") as answer:
        card.get_by_test_id("marketplace-resume").click()
    assert answer.value.json()["status"] == "active", answer.value.text()
    expect(card).to_have_attribute("data-status", "active")


def renamed_and_tokens_replaced(page: Page, card: Any, marketplace: Any) -> None:
    """Renamed (only the name is sent, with the version read); new tokens replace the ones kept."""
    card.get_by_test_id("marketplace-edit").click()
    form = page.get_by_test_id("marketplace-connection-form")
    form.get_by_label(t("fields.name"), exact=True).fill("Kedai Skrin (Shopee)")
    with sent(page, f"/v1/platform/connections/shopee-{SHOP}", "PATCH") as answer:
        page.get_by_test_id("marketplace-connection-save").click()
    assert answer.value.status == 200, answer.value.text()
    assert answer.value.request.post_data_json == {"version": 3, "name": "Kedai Skrin (Shopee)"}
    expect(card.get_by_test_id("marketplace-shop-name")).to_have_text("Kedai Skrin (Shopee)")

    tokens = marketplace.authorize("shopee", SHOP)
    card.get_by_test_id("marketplace-replace-tokens").click()
    dialog_settled(page)
    page.get_by_label(t("fields.access_token"), exact=True).fill(tokens.access_token)
    page.get_by_label(t("fields.refresh_token"), exact=True).fill(tokens.refresh_token)
    with sent(page, f"/v1/platform/connections/shopee-{SHOP}", "PATCH") as answer:
        page.locator("#marketplace-tokens-save").click()
    assert answer.value.status == 200, answer.value.text()
    assert answer.value.request.post_data_json["credentials"]["access_token"] == tokens.access_token
    assert "credentials" not in answer.value.json() and answer.value.json()["version"] == 5
    expect(page.locator(".ant-modal:visible")).to_have_count(0)


@pytest.mark.refusals(409)
def test_a_shop_is_connected_on_the_shops_page(
    page: Page, company: Client, selling: Seller, marketplace: Any, console_url: str
) -> None:
    open_in(page, "en", company, "/")
    menu = page.get_by_role("navigation", name=text("en", "common:nav.main"))
    expect(menu).to_contain_text(text("en", "common:nav.sales"))
    menu.get_by_role("link", name=t("nav.shops"), exact=True).click()
    expect(page.get_by_role("heading", name=t("shops.title"), exact=True)).to_be_visible()
    expect(page.get_by_test_id("marketplace-shops")).to_contain_text(t("shops.empty"))

    card = connected(page, selling, marketplace, console_url)
    paused_and_resumed(page, card)
    settled_screenshot(page, "marketplace-shops-en")
    renamed_and_tokens_replaced(page, card, marketplace)

    # the same shop again: refused on its shop ID, in the reader's words
    page.get_by_test_id("marketplace-connect").click()
    fill_connection(page, "Kedai Skrin lagi", marketplace.authorize("shopee", SHOP))
    with sent(page, "/v1/platform/connections", "POST") as answer:
        page.get_by_test_id("marketplace-connection-save").click()
    assert answer.value.status == 409, answer.value.text()
    form = page.get_by_test_id("marketplace-connection-form")
    expect(form.locator(".ant-form-item-explain-error")).to_have_text(text("en", "errors:marketplace.shop_connected"))
    settled_screenshot(page, "marketplace-shop-connected-en")
    assert len(company.get("/v1/platform/connections").body["items"]) == 1


def test_an_order_pushed_is_imported_into_a_sales_order(
    page: Page, company: Client, shop: dict[str, Any], marketplace: Any
) -> None:
    order_id = marketplace.create_order("shopee", SHOP, lines=[{"sku": "BERAS-10", "qty": 2, "unit_price": "45.90"}])
    open_in(page, "en", company, "/")
    page.get_by_role("navigation", name=text("en", "common:nav.main")).get_by_role(
        "link", name=t("nav.orders"), exact=True
    ).click()
    expect(page.get_by_role("heading", name=t("orders.title"), exact=True)).to_be_visible()
    row = listed(page, order_id, "imported")
    entry = wait_for(company, order_id, state="imported", timeout=5)
    expect(row.get_by_test_id("marketplace-state")).to_have_text(t("state.imported"))
    expect(row.get_by_test_id("marketplace-status")).to_have_text(t("status.unpaid"))
    expect(row).to_contain_text("91.80")  # 2 x 45.90
    expect(row).to_contain_text(shop["name"])
    link = row.get_by_test_id("marketplace-doc-sales_order")
    expect(link).to_have_attribute("href", f"/sales-orders/{entry['sales_order_id']}")
    expect(link).to_have_text(entry["sales_order_code"])
    settled_screenshot(page, "marketplace-orders-en")

    # the order's page: its documents and the statuses seen
    row.get_by_test_id("marketplace-order-link").click()
    expect(page).to_have_url(re.compile(rf"/marketplace/orders/{entry['id']}$"))
    expect(page.get_by_role("heading", name=t("detail.title", order=order_id), exact=True)).to_be_visible()
    documents = page.get_by_test_id("marketplace-documents")
    expect(documents).to_contain_text(t("documents.sales_order"))
    expect(page.get_by_test_id("marketplace-history").get_by_test_id("marketplace-event")).not_to_have_count(0)
    expect(page.get_by_test_id("marketplace-history")).to_contain_text(t("source.push"))
    settled_screenshot(page, "marketplace-order-en")
    documents.get_by_test_id("marketplace-doc-sales_order").click()
    expect(page).to_have_url(re.compile(rf"/sales-orders/{entry['sales_order_id']}$"))
    expect(page.get_by_text(entry["sales_order_code"]).first).to_be_visible()


def test_an_unknown_sku_is_an_error_until_the_item_exists_and_it_is_retried(
    page: Page, company: Client, shop: dict[str, Any], marketplace: Any
) -> None:
    sku = f"KOPI-{uuid.uuid4().hex[:6].upper()}"
    order_id = marketplace.create_order("shopee", SHOP, lines=[{"sku": sku, "qty": 1, "unit_price": "12.90"}])
    open_in(page, "en", company, "/marketplace/orders")
    row = listed(page, order_id, "error")
    message = text("en", "errors:marketplace.unknown_sku", sku=sku)
    expect(row.get_by_test_id("marketplace-error")).to_have_text(message)
    expect(row.get_by_test_id("marketplace-doc-sales_order")).to_have_count(0)
    expect(row.get_by_test_id("marketplace-retry")).to_be_visible()
    settled_screenshot(page, "marketplace-orders-error-en")

    # the error filter shows it alone
    choose(page, t("orders.stateFilter"), t("state.error"))
    expect(page.locator("[data-testid=marketplace-orders] tr[data-order]")).to_have_count(1)
    expect(row).to_be_visible()

    # its page says the same, and names the field
    row.get_by_test_id("marketplace-order-link").click()
    expect(page.get_by_test_id("marketplace-order-error")).to_have_text(message)
    expect(page.get_by_test_id("marketplace-error-fields")).to_contain_text("lines.0.sku")
    expect(page.get_by_test_id("marketplace-retry")).to_be_visible()
    settled_screenshot(page, "marketplace-order-error-en")
    page.locator("#main").get_by_role("link", name=t("orders.title"), exact=True).click()  # back: every state

    # the item made, with the SKU as its barcode; Retry imports the order
    created(
        company, "/v1/items", {"name": "Kopi O Kampung", "kind": "stock", "barcodes": [sku], "sales_price": "12.90"}
    )
    expect(page.get_by_test_id("marketplace-state-filter")).to_contain_text(t("orders.allStates"))
    row = listed(page, order_id, "error", timeout=5)
    with sent(page, "/retry", "POST") as answer:
        row.get_by_test_id("marketplace-retry").click()
    assert answer.value.status == 200 and answer.value.json()["queued"] is True, answer.value.text()
    expect(row).to_have_attribute("data-state", "imported", timeout=45_000)  # the log looks again meanwhile
    expect(row.get_by_test_id("marketplace-error")).to_have_count(0)
    expect(row.get_by_test_id("marketplace-retry")).to_have_count(0)
    entry = wait_for(company, order_id, state="imported", timeout=5)
    expect(row.get_by_test_id("marketplace-doc-sales_order")).to_have_text(entry["sales_order_code"])
    assert entry["attempts"] >= 2 and not entry.get("error"), entry
    settled_screenshot(page, "marketplace-orders-retried-en")


def test_the_screens_speak_chinese_and_malay(
    page: Page, company: Client, shop: dict[str, Any], marketplace: Any
) -> None:
    sku = f"TEH-{uuid.uuid4().hex[:6].upper()}"
    order_id = marketplace.create_order("shopee", SHOP, lines=[{"sku": sku, "qty": 3, "unit_price": "2.50"}])
    wait_for(company, order_id, state="error", timeout=45)
    for language in ("zh-CN", "ms"):
        open_in(page, language, company, "/marketplace/orders")
        menu = page.get_by_role("navigation", name=text(language, "common:nav.main"))
        expect(menu).to_contain_text(text(language, "common:nav.sales"))
        for entry in ("orders", "shops"):
            label = text(language, f"marketplace:nav.{entry}")
            assert label != t(f"nav.{entry}")
            expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name=text(language, "marketplace:orders.title"), exact=True)).to_be_visible()
        expect(page.get_by_label(text(language, "marketplace:orders.stateFilter"), exact=True)).to_be_visible()
        row = listed(page, order_id, "error", timeout=10)
        expect(row.get_by_test_id("marketplace-state")).to_have_text(text(language, "marketplace:state.error"))
        expect(row.get_by_test_id("marketplace-error")).to_have_text(
            text(language, "errors:marketplace.unknown_sku", sku=sku)
        )
        expect(row.get_by_test_id("marketplace-retry")).to_have_text(text(language, "marketplace:retry.action"))
        expect(row.get_by_test_id("marketplace-status")).to_have_text(text(language, "marketplace:status.unpaid"))
        settled_screenshot(page, f"marketplace-orders-{language}")

        open_in(page, language, company, "/marketplace/shops")
        expect(page.get_by_role("heading", name=text(language, "marketplace:shops.title"), exact=True)).to_be_visible()
        shops = page.get_by_test_id("marketplace-shops")
        expect(shops).to_contain_text(text(language, "marketplace:fields.push_url"))
        expect(shops.get_by_test_id("marketplace-shop-status").first).to_have_text(
            text(language, "marketplace:shopStatus.active")
        )
        page.get_by_test_id("marketplace-connect").click()
        form = page.get_by_test_id("marketplace-connection-form")
        for field in ("shop_id", "location_id", "wallet_cash_book_id", "commission_account_id", "access_token"):
            expect(form.get_by_label(text(language, f"marketplace:fields.{field}"), exact=True)).to_be_visible()
        settled_screenshot(page, f"marketplace-connect-{language}")
