"""Over HTTP on the locally started product: sign-up to master data, tenant isolation, numbering."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.product import Client, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

LIST_PATHS = [
    f"/v1/{applet}"
    for applet in (
        "org-units",
        "accounts",
        "cash-books",
        "employees",
        "items",
        "customers",
        "suppliers",
        "price-books",
        "tax-codes",
        "currencies",
        "document-types",
    )
]


@pytest.fixture(scope="module")
def company_a(product_url: str) -> Client:
    return sign_up(product_url, "Alpha")


@pytest.fixture(scope="module")
def company_b(product_url: str) -> Client:
    return sign_up(product_url, "Beta")


@pytest.fixture(scope="module")
def a_documents(company_a: Client) -> dict[str, dict]:
    """Given company A's account, customer and item, created over HTTP."""
    header = next(a for a in company_a.list_all("/v1/accounts?q=4000") if a["code"] == "4000")
    account = company_a.post(
        "/v1/accounts",
        {
            "code": "4190",
            "name": "Sales - Online Marketplace",
            "type": "income",
            "subtype": "revenue",
            "parent_id": header["id"],
        },
    )
    assert account.status == 201, account.body
    customer = company_a.post(
        "/v1/customers",
        {
            "name": "Syarikat Pelanggan Setia Sdn Bhd",
            "tin": "C20880050010",
            "brn": "201901000005",
            "sst_number": "W10-1808-32000104",
            "email": "ap@pelanggan.com.my",
            "billing_address": {
                "line1": "Lot 66, Jalan Perusahaan",
                "city": "Shah Alam",
                "postcode": "40150",
                "state": "10",
            },
            "credit_limit": "25000.00",
            "payment_terms_days": 60,
        },
    )
    assert customer.status == 201, customer.body
    item = company_a.post(
        "/v1/items",
        {
            "name": "Kopi O Kaw 1kg",
            "kind": "stock",
            "base_uom": "KGM",
            "barcodes": ["9555000000017"],
            "sales_price": "38.90",
        },
    )
    assert item.status == 201, item.body
    return {"accounts": account.body, "customers": customer.body, "items": item.body}


def test_signup_login_create_and_list(company_a: Client, a_documents: dict[str, dict]) -> None:
    # Then each list shows what was created, with the server-assigned fields
    for applet, created in a_documents.items():
        listed = {doc["id"]: doc for doc in company_a.list_all(f"/v1/{applet}")}
        assert created["id"] in listed
        assert listed[created["id"]]["name"] == created["name"]
    assert a_documents["customers"]["code"] == "C-000001"
    assert a_documents["customers"]["credit_limit"] == "25000.00"
    assert a_documents["items"]["code"].startswith("I-") and a_documents["items"]["costing_method"] is None
    fetched = company_a.get(f"/v1/customers/{a_documents['customers']['id']}")
    assert fetched.status == 200 and fetched.body["billing_address"]["state"] == "10"


def test_second_tenant_sees_nothing_of_the_first(
    company_a: Client, company_b: Client, a_documents: dict[str, dict]
) -> None:
    a_ids = {doc["id"] for path in LIST_PATHS for doc in company_a.list_all(path)}
    assert {d["id"] for d in a_documents.values()} <= a_ids
    # Every id of A answers 404 to B, whatever the action
    for path in LIST_PATHS:
        for doc in company_a.list_all(path):
            url = f"{path}/{doc['id']}"
            assert company_b.get(url).status == 404, url
            assert company_b.get(f"{url}/history").status == 404, url
            assert company_b.patch(url, {"version": doc["version"], "name": "Hijacked"}).status == 404, url
            assert company_b.post(f"{url}/archive").status == 404, url
    # and no list of B shows any of A's data
    b_ids = {doc["id"] for path in LIST_PATHS for doc in company_b.list_all(path)}
    assert b_ids and not (a_ids & b_ids)
    searched = company_b.get("/v1/customers?q=pelanggan&status=all")
    assert searched.status == 200 and searched.body["items"] == []
    # and A's documents are untouched
    assert company_a.get(f"/v1/customers/{a_documents['customers']['id']}").body["version"] == 1


def test_twenty_concurrent_creates_get_consecutive_codes(product_url: str) -> None:
    company = sign_up(product_url, "Gamma")

    def create(n: int) -> str:
        answer = Client(product_url, company.token).post("/v1/customers", {"name": f"Concurrent Customer {n:02d}"})
        assert answer.status == 201, answer.body
        return str(answer.body["code"])

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(create, range(20)))
    numbers = sorted(int(code.removeprefix("C-")) for code in codes)
    assert len(set(codes)) == 20
    assert numbers == list(range(1, 21))


def test_idempotency_key_replays_the_first_answer(company_a: Client) -> None:
    key = {"Idempotency-Key": f"retry-{uuid.uuid4()}"}
    body = {"name": "Retried Supplier Sdn Bhd", "currency": "USD"}
    first = company_a.post("/v1/suppliers", body, headers=key)
    again = company_a.post("/v1/suppliers", body, headers=key)
    assert first.status == again.status == 201
    assert again.body["id"] == first.body["id"]
    assert [s["id"] for s in company_a.list_all("/v1/suppliers?q=retried")] == [first.body["id"]]
    changed = company_a.post("/v1/suppliers", {**body, "name": "Other"}, headers=key)
    assert changed.status == 422 and changed.body["errors"][0]["field"] == "header.Idempotency-Key"


def test_requests_without_a_valid_token_are_refused(product_url: str) -> None:
    assert Client(product_url).get("/v1/customers").status == 401
    assert Client(product_url, "not-a-jwt").get("/v1/customers").status == 401
