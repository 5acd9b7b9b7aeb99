"""Proforma invoices (issue 13, applets): a priced offer or advance bill made from a sales order or a
quotation (its lines, prices, tax basis and discount copied as an invoice copies them), with a validity and
a deposit asked; editable as a draft, fixed when submitted, listed in its source's flow. It is no tax
invoice: it posts nothing and takes nothing from its order, also when two companies make many at once.
And its PDF, in English and Chinese."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.integration.test_cash_reversal import COMPANY, with_profile
from tests.integration.test_posting import balances, create, get, tax_code
from tests.integration.test_sales_documents import (
    action,
    customer,
    item,
    patch,
    post_everything,
    problem,
    submitted,
)
from tests.integration.test_sales_pdfs import ADDRESSES, pdf_text
from tests.support.events import Identity, LambdaContext, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader, pending_documents

APPLET = "proforma-invoices"


@pytest.fixture(scope="module")
def tenant(hub: StreamReader) -> Identity:
    return with_profile(seed_tenant("tnt_PROFORMA"), COMPANY)


def listed(who: Identity, query: dict[str, str] | None = None) -> list[dict[str, Any]]:
    event = api_event("GET", f"/v1/{APPLET}", who, query=query)
    status, page = invoke(load_handler("proforma_invoices/list.py"), event)
    assert status == 200, page
    return list(page["items"])


def coffee_order(who: Identity, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A submitted order (and its customer): 3 coffee machines at 1,200.00 (SR10) less 60.00 on the line,
    2 barista trainings at 150.00 (SV8), 5% off the whole order."""
    buyer = customer(who, f"Kafe {name}", **ADDRESSES)
    machine = item(who, f"Mesin Kopi {name}", sales_price="1200.00", sales_tax_code_id=tax_code(who, "SR10")["id"])
    training = item(
        who,
        f"Latihan Barista {name}",
        kind="service",
        sales_price="150.00",
        sales_tax_code_id=tax_code(who, "SV8")["id"],
    )
    body = {
        "customer_id": buyer["id"],
        "date": "2026-08-03",
        "discount_percent": "5",
        "lines": [
            {"item_id": machine["id"], "qty": "3", "discount_amount": "60.00"},
            {"item_id": training["id"], "qty": "2"},
        ],
    }
    status, order = create(who, "sales-orders", body)
    assert status == 201, order
    return submitted(who, "sales-orders", order), buyer


def from_order(who: Identity, order: dict[str, Any], **extra: Any) -> tuple[int, dict[str, Any]]:
    return create(
        who, APPLET, {"customer_id": order["customer_id"], "date": "2026-08-04", "order_id": order["id"], **extra}
    )


def test_a_proforma_copies_its_order_asks_a_deposit_and_posts_nothing(hub: StreamReader, tenant: Identity) -> None:
    order, _ = coffee_order(tenant, "Satu")
    # By hand. Machines 3 x 1,200.00 = 3,600.00 less 60.00 = 3,540.00; training 2 x 150.00 = 300.00.
    # Subtotal 3,840.00; 5% off: 3,540.00 x 5% = 177.00 and 300.00 x 5% = 15.00 (192.00 in all).
    # Nets 3,363.00 and 285.00 (3,648.00). SST 10% of 3,363.00 = 336.30; service tax 8% of 285.00 = 22.80
    # (359.10). Total 3,648.00 + 359.10 = 4,007.10.
    assert (order["net"], order["tax"], order["total"]) == ("3648.00", "359.10", "4007.10")
    post_everything(hub)
    before = balances(tenant)
    status, draft = from_order(tenant, order, deposit_percent="30", reference="LC 2026/118")
    assert status == 201, draft
    assert draft["code"].startswith("PRO-") and draft["id"].startswith("pf_") and draft["state"] == "draft"
    assert [(line["qty"], line["unit_price"], line["source_line"]) for line in draft["lines"]] == [
        ("3", "1200", 0),
        ("2", "150", 1),
    ]
    assert draft["lines"][0]["discount_amount"] == "60.00" and draft["discount_percent"] == "5"
    assert (draft["subtotal"], draft["discount"], draft["net"]) == ("3840.00", "192.00", "3648.00")
    assert [(t["tax_code"], t["taxable"], t["tax"]) for t in draft["taxes"]] == [
        ("SR10", "3363.00", "336.30"),
        ("SV8", "285.00", "22.80"),
    ]
    assert (draft["tax"], draft["total"]) == ("359.10", "4007.10")
    # 30% of 4,007.10 = 1,202.13; valid for the company's 30 days: 4 August + 30 = 3 September
    assert draft["deposit"] == "1202.13" and draft["valid_until"] == "2026-09-03"
    assert (draft["source_type"], draft["source_code"]) == ("SALESORDER", order["code"])
    # A deposit of an amount instead, edited in the draft
    status, edited = patch(
        tenant, APPLET, draft["id"], {"version": draft["version"], "deposit_percent": None, "deposit_amount": "1000.00"}
    )
    assert status == 200, edited
    assert edited["deposit"] == "1000.00" and edited.get("deposit_percent") is None
    proforma = submitted(tenant, APPLET, edited)
    assert proforma["state"] == "submitted" and proforma["deposit"] == "1000.00" and proforma["total"] == "4007.10"
    # Nothing posted, nothing pending, nothing taken from the order: it is listed in its flow only
    assert not [r for r in pending_documents(hub.read()) if "PROFORMA" in str(r["dynamodb"]["Keys"])]
    post_everything(hub)
    assert balances(tenant) == before
    after = get(tenant, "sales-orders", order["id"])
    assert after.get("invoiced") is None and after.get("delivered") is None
    assert [(link["type"], link["code"]) for link in after["flow"]] == [("PROFORMA", proforma["code"])]
    assert proforma.get("outstanding") is None and proforma.get("posting_state") is None
    # Submitted: never edited again
    status, refused = patch(tenant, APPLET, proforma["id"], {"version": proforma["version"], "memo": "late"})
    assert status == 409 and problem(refused) == ("state", "document.not_draft")
    # The order is still wholly invoiced afterwards: 3 machines and 2 trainings left to invoice
    status, invoice = create(
        tenant, "sales-invoices", {"customer_id": order["customer_id"], "date": "2026-08-10", "order_id": order["id"]}
    )
    assert status == 201, invoice
    assert [(line["qty"], line["source_line"]) for line in invoice["lines"]] == [("3", 0), ("2", 1)]
    assert invoice["total"] == "4007.10"
    # Cancelled, with its reason; the order keeps no tally of it
    status, cancelled = action(tenant, APPLET, proforma["id"], "cancel", {"reason": "customer paid in full"})
    assert status == 200 and cancelled["state"] == "cancelled" and cancelled["cancel_reason"] == "customer paid in full"
    assert get(tenant, "sales-orders", order["id"]).get("invoiced") is None
    assert [p["id"] for p in listed(tenant, {"order_id": order["id"]})] == [proforma["id"]]


def test_a_proforma_from_a_quotation_and_a_standalone_one(tenant: Identity) -> None:
    buyer = customer(tenant, "Syarikat Import Jaya")
    chair = item(tenant, "Kerusi Rotan", sales_price="250.00")
    status, quote = create(
        tenant,
        "quotations",
        {"customer_id": buyer["id"], "date": "2026-08-03", "lines": [{"item_id": chair["id"], "qty": "10"}]},
    )
    assert status == 201, quote
    quote = submitted(tenant, "quotations", quote)
    status, draft = create(
        tenant,
        APPLET,
        {"customer_id": buyer["id"], "date": "2026-08-05", "quotation_id": quote["id"], "valid_until": "2026-08-20"},
    )
    assert status == 201, draft
    # 10 x 250.00 = 2,500.00, no tax code: total 2,500.00; no deposit asked
    assert draft["total"] == "2500.00" and draft.get("deposit") is None and draft["valid_until"] == "2026-08-20"
    proforma = submitted(tenant, APPLET, draft)
    after = get(tenant, "quotations", quote["id"])
    assert after.get("ordered") is None and [link["id"] for link in after["flow"]] == [proforma["id"]]
    # An order still takes all 10 from the quotation
    status, order = create(
        tenant, "sales-orders", {"customer_id": buyer["id"], "date": "2026-08-06", "quotation_id": quote["id"]}
    )
    assert status == 201 and order["lines"][0]["qty"] == "10", order
    # Standalone: a customer and lines; 4 x 250.00 = 1,000.00, a deposit of all of it is allowed
    status, alone = create(
        tenant,
        APPLET,
        {
            "customer_id": buyer["id"],
            "date": "2026-08-05",
            "deposit_amount": "1000.00",
            "lines": [{"item_id": chair["id"], "qty": "4"}],
        },
    )
    assert status == 201, alone
    assert (alone["total"], alone["deposit"], alone.get("source_id")) == ("1000.00", "1000.00", None)


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"deposit_amount": "4007.11"}, "body.deposit_amount", "proforma.deposit_exceeds"),  # a sen over the total
        ({"deposit_amount": "-1"}, "body.deposit_amount", "number.min"),
        ({"deposit_percent": "100.5"}, "body.deposit_percent", "number.max"),
        ({"deposit_percent": "10", "deposit_amount": "100.00"}, "body.deposit_amount", "proforma.deposit_both"),
        ({"valid_until": "2026-08-01"}, "body.valid_until", "proforma.valid_until"),
        ({"quotation_id": "sq_01JD3V1T7Q8ZK4N2M5P6R7S8T9"}, "body.quotation_id", "proforma.source_both"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    tenant: Identity, change: dict[str, Any], field: str, code: str
) -> None:
    order, _ = coffee_order(tenant, f"Salah {field} {code}")
    mine = len(listed(tenant, {"order_id": order["id"]}))
    status, refused = from_order(tenant, order, **change)
    assert status == 422, refused
    assert problem(refused) == (field, code)
    assert len(listed(tenant, {"order_id": order["id"]})) == mine == 0


def test_a_deposit_edited_past_the_total_is_refused(tenant: Identity) -> None:
    order, _ = coffee_order(tenant, "Dua")
    status, draft = from_order(tenant, order, deposit_amount="4007.10")  # the whole total: allowed
    assert status == 201 and draft["deposit"] == "4007.10", draft
    status, refused = patch(tenant, APPLET, draft["id"], {"version": draft["version"], "deposit_amount": "4100.00"})
    assert status == 422 and problem(refused) == ("body.deposit_amount", "proforma.deposit_exceeds")
    assert get(tenant, APPLET, draft["id"])["deposit_amount"] == "4007.10"  # unchanged


def test_concurrent_proformas_from_two_companies_are_all_listed_and_kept_apart(hub: StreamReader) -> None:
    """Per company, one order; 6 proformas of it created and submitted at once, from 6 threads each. By
    hand: all 12 are made and submitted (a proforma takes nothing, so nothing is refused), each order's flow
    lists its own 6 (none lost), its invoiced tally stays empty, and each company lists only its own."""
    companies = [seed_tenant(f"tnt_PROFORMARACE{n}") for n in (1, 2)]
    orders = {who.tenant_id: coffee_order(who, "Serentak")[0] for who in companies}
    made: dict[str, list[tuple[int, int, dict[str, Any]]]] = {who.tenant_id: [] for who in companies}
    lock = threading.Lock()

    def make_one(who: Identity) -> None:
        status, draft = from_order(who, orders[who.tenant_id], deposit_percent="50")
        answer: tuple[int, dict[str, Any]] = (0, draft)
        if status == 201:
            answer = action(who, APPLET, draft["id"], "submit", {"version": draft["version"]})
        with lock:
            made[who.tenant_id].append((status, *answer))

    threads = [threading.Thread(target=make_one, args=(who,)) for who in companies for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for who in companies:
        mine = made[who.tenant_id]
        assert [(created, submit) for created, submit, _ in mine] == [(201, 200)] * 6, mine
        ids = {answer["id"] for _, _, answer in mine}
        # 50% of 4,007.10 = 2,003.55 on each
        assert {(answer["state"], answer["deposit"]) for _, _, answer in mine} == {("submitted", "2003.55")}
        order = get(who, "sales-orders", orders[who.tenant_id]["id"])
        assert {link["id"] for link in order["flow"]} == ids and len(order["flow"]) == 6
        assert order.get("invoiced") is None
        assert {p["id"] for p in listed(who)} == ids
    first, second = companies
    someone_elses = next(iter({answer["id"] for _, _, answer in made[second.tenant_id]}))
    event = api_event(
        "GET",
        f"/v1/{APPLET}/{someone_elses}",
        first,
        resource=f"/v1/{APPLET}/{{id}}",
        path_params={"id": someone_elses},
    )
    status, _ = invoke(load_handler("proforma_invoices/get.py"), event)
    assert status == 404


# What the page says: the title, that it is no tax invoice, the deposit asked and the total in words
# (4,007.10: four thousand and seven, ten sen)
PRINTED = {
    "en": ("PROFORMA INVOICE", "This is not a tax invoice", "Deposit requested", "Valid until"),
    "zh-CN": ("形式发票", "此非税务发票", "所需订金", "有效期至"),
}


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_a_proforma_prints_with_the_company_its_lines_taxes_and_deposit(tenant: Identity, language: str) -> None:
    order, _ = coffee_order(tenant, f"Cetak {language}")
    status, draft = from_order(tenant, order, deposit_percent="30")
    assert status == 201, draft
    proforma = submitted(tenant, APPLET, draft)
    event = api_event(
        "GET",
        f"/v1/{APPLET}/{proforma['id']}/pdf",
        tenant,
        resource=f"/v1/{APPLET}/{{id}}/pdf",
        path_params={"id": proforma["id"]},
        query={"language": language},
    )
    text = pdf_text(load_handler("proforma_invoices/pdf.py")(event, LambdaContext(aws_request_id="print")))
    title, not_tax, deposit_label, valid = PRINTED[language]
    for expected in (title, not_tax, deposit_label, valid):
        assert expected in text, (expected, text)
    # the company, its SST number; the proforma's number, its order, its lines and figures
    for expected in (COMPANY["legal_name"], COMPANY["sst_number"], proforma["code"], order["code"]):
        assert expected in text, (expected, text)
    for expected in ("Mesin Kopi", "SR10", "SV8", "3,363.00", "336.30", "22.80", "4,007.10", "1,202.13"):
        assert expected in text, (expected, text)
    if language == "en":
        assert "Tax Invoice" not in text
