"""Delivery runs in the console (issue 13), in English: a run is entered through its form (its driver, the
vehicle typed as `wxy 1234`, the default slot and one stop picking a submitted delivery order), saved as a
draft showing the stop's customer and address on the driver's sheet, dispatched, and the stop's proof of
delivery recorded from the sheet ("Record proof"): the run completes itself and the delivery order shows
delivered, with the run in its document flow. Setup the screens do not test goes through the API."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.test_sales_screens import ORDERS, created, customer, label, sent
from tests.support.console import choose, dialog_settled, new_from_list, screenshot, settled_screenshot
from tests.support.languages import open_in, text
from tests.support.product import Client, sign_up

RUNS, DELIVERIES = "delivery-runs", "delivery-orders"


def submitted_delivery(company: Client) -> dict[str, Any]:
    """A submitted delivery order of one sofa for a customer with a shipping address."""
    sofa = created(company, "/v1/items", {"name": "Sofa Kulit", "kind": "non_stock", "sales_price": "1800.00"})
    address = {"line1": "8 Jalan Ampang", "postcode": "50450", "city": "Kuala Lumpur", "state": "14"}
    buyer = customer(company, "Rumah Perabot", shipping_address=address)
    today = date.today().isoformat()
    body = {"customer_id": buyer["id"], "date": today, "lines": [{"item_id": sofa["id"], "qty": "1"}]}
    order = created(company, f"/v1/{ORDERS}", body)
    assert company.post(f"/v1/{ORDERS}/{order['id']}/submit", {"version": order["version"]}).status == 200
    delivery = created(
        company, f"/v1/{DELIVERIES}", {"customer_id": buyer["id"], "date": today, "order_id": order["id"]}
    )
    answer = company.post(f"/v1/{DELIVERIES}/{delivery['id']}/submit", {"version": delivery["version"]})
    assert answer.status == 200, answer.body
    return dict(answer.body)


def test_a_run_is_entered_dispatched_and_its_stop_proved(page: Page, console_url: str) -> None:
    company: Client = sign_up(console_url, "Lori Laju")
    language = "en"
    delivery = submitted_delivery(company)
    driver = created(company, "/v1/employees", {"name": "Ahmad Pemandu", "job_title": "Driver"})
    open_in(page, language, company, "/")

    # The form: driver, vehicle, the default slot, one stop
    page.get_by_role("navigation", name=text(language, "common:nav.main")).get_by_role(
        "link", name=text(language, f"{RUNS}:title"), exact=True
    ).click()
    expect(page).to_have_url(re.compile(rf"/{RUNS}$"))
    new_from_list(page, RUNS)
    expect(page.get_by_test_id("record-form")).to_be_visible()
    choose(page, label(language, RUNS, "driver_id"), driver["name"])
    page.get_by_label(label(language, RUNS, "vehicle"), exact=True).fill("wxy 1234")
    stop = text(language, "records:cellLabel", field=label(language, RUNS, "delivery_order_id"), line="1")
    choose(page, stop, delivery["code"])
    settled_screenshot(page, "delivery-run-form")
    with sent(page, f"/v1/{RUNS}") as answer:
        page.get_by_test_id("form-submit").click()
    assert answer.value.status == 201, answer.value.text()
    run = answer.value.json()
    assert (run["vehicle"], run["slot_start"], run["slot_end"]) == ("WXY1234", "09:00", "17:00"), run
    assert run["stops"][0]["delivery_order_id"] == delivery["id"] and run["stops"][0]["kind"] == "delivery"
    expect(page).to_have_url(re.compile(rf"/{RUNS}/drn_[0-9A-Z]{{26}}$"))
    sheet = page.get_by_test_id("run-stops")
    expect(sheet).to_contain_text(delivery["customer_name"])
    expect(sheet).to_contain_text("8 Jalan Ampang")
    expect(page.get_by_test_id("run-state")).to_have_attribute("data-state", "draft")

    # Dispatched
    page.get_by_test_id("run-dispatch").click()
    dialog_settled(page)
    with sent(page, f"/v1/{RUNS}/{run['id']}/submit") as answer:
        page.locator("#run-dispatch-confirm").click()
    assert answer.value.status == 200, answer.value.text()
    expect(page.get_by_test_id("run-state")).to_have_attribute("data-state", "submitted")
    expect(page.get_by_test_id("run-state")).to_have_text(text(language, f"{RUNS}:enums.run_state.submitted"))

    # The stop's proof, from the driver's sheet: the run completes itself
    page.get_by_test_id("run-proof-0").click()
    dialog_settled(page)
    page.get_by_test_id("run-proof-received-by").fill("Puan Siti")
    with sent(page, f"/v1/{RUNS}/{run['id']}/stops/0/proof") as answer:
        page.locator("#run-proof-confirm").click()
    assert answer.value.status == 200, answer.value.text()
    sent_body = answer.value.request.post_data_json
    assert (sent_body["outcome"], sent_body["received_by"]) == ("delivered", "Puan Siti"), sent_body
    expect(page.get_by_test_id("run-state")).to_have_attribute("data-state", "completed")
    expect(page.get_by_test_id("run-stop-outcome-0")).to_have_text(text(language, f"{RUNS}:enums.outcome.delivered"))
    expect(page.get_by_test_id("run-proof-0")).to_have_count(0)
    settled_screenshot(page, "delivery-run")

    # The delivery order shows it delivered, the run in its flow
    assert company.get(f"/v1/{DELIVERIES}/{delivery['id']}").body["delivery_status"] == "delivered"
    page.goto(page.url.replace(f"/{RUNS}/{run['id']}", f"/{DELIVERIES}/{delivery['id']}"))
    flow = page.get_by_test_id("document-flow")
    expect(flow.locator("[data-testid='flow-node'][data-type='DELIVERYRUN']")).to_have_attribute(
        "data-code", run["code"]
    )
    screenshot(page, "delivery-run-flow")
