"""Master-data applets through their handlers, in process, against moto."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import moto_hub, seed_tenant


@pytest.fixture(scope="module")
def tenant() -> Iterator[Identity]:
    with moto_hub():
        yield seed_tenant("tnt_A")


def call(action: str, method: str, path: str, who: Identity, **kwargs: object) -> tuple[int, dict]:
    applet = path.split("/")[2].replace("-", "_")
    resource = kwargs.pop("resource", None)
    event = api_event(method, path, who, resource=resource, **kwargs)  # type: ignore[arg-type]
    return invoke(load_handler(f"{applet}/{action}.py"), event)


def create_account(who: Identity, body: dict) -> tuple[int, dict]:
    return call("create", "POST", "/v1/accounts", who, body=body)


def account_id(who: Identity, code: str) -> str:
    status, page = call("list", "GET", "/v1/accounts", who, query={"q": code})
    assert status == 200
    return next(a["id"] for a in page["items"] if a["code"] == code)


def test_seeded_chart_lists_in_code_order_with_cursor(tenant: Identity) -> None:
    # Given the seeded SME chart, When it is listed two at a time, Then the pages chain in code order
    codes: list[str] = []
    cursor = None
    for _ in range(5):
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        status, page = call("list", "GET", "/v1/accounts", tenant, query=query)
        assert status == 200
        codes += [a["code"] for a in page["items"]]
        cursor = page["next_cursor"]
    assert codes == sorted(codes) and len(codes) == 10 and len(set(codes)) == 10


def test_customer_lifecycle_with_versions_and_history(tenant: Identity) -> None:
    body = {
        "name": "Kedai Runcit Ah Seng",
        "tin": "IG12345678901",
        "billing_address": {"line1": "12 Jalan Pasar", "city": "Ipoh", "state": "08"},
    }
    status, created = call("create", "POST", "/v1/customers", tenant, body=body)
    assert status == 201 and created["code"].startswith("C-") and created["version"] == 1
    path = f"/v1/customers/{created['id']}"

    status, updated = call(
        "update",
        "PATCH",
        path,
        tenant,
        resource="/v1/customers/{id}",
        path_params={"id": created["id"]},
        body={"version": 1, "credit_limit": "5000"},
    )
    assert status == 200 and updated["version"] == 2 and updated["credit_limit"] == "5000.00"

    # A stale version is refused with 409 naming the field
    status, problem = call(
        "update",
        "PATCH",
        path,
        tenant,
        resource="/v1/customers/{id}",
        path_params={"id": created["id"]},
        body={"version": 1, "name": "X"},
    )
    assert status == 409 and problem["errors"][0]["field"] == "body.version"

    status, archived = call(
        "archive",
        "POST",
        f"{path}/archive",
        tenant,
        resource="/v1/customers/{id}/archive",
        path_params={"id": created["id"]},
    )
    assert status == 200 and archived["status"] == "archived"

    status, history = call(
        "get",
        "GET",
        f"{path}/history",
        tenant,
        resource="/v1/customers/{id}/history",
        path_params={"id": created["id"]},
    )
    assert status == 200
    assert [entry["action"] for entry in history["items"]] == ["archive", "update", "create"]
    assert history["items"][1]["before"]["version"] == 1 and history["items"][1]["after"]["credit_limit"] == 5000
    # each entry's before is exactly the version before (kept as only the fields the change touched)
    archive, update, create = history["items"]
    assert (archive["before"], update["before"], create["before"]) == (update["after"], create["after"], None)

    status, active = call("list", "GET", "/v1/customers", tenant, query={"q": "ah seng"})
    assert status == 200 and active["items"] == []
    status, everything = call("list", "GET", "/v1/customers", tenant, query={"q": "ah seng", "status": "all"})
    assert [c["id"] for c in everything["items"]] == [created["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "billing_address": {"line1": "1", "city": "KL", "state": "99"}}, "body.billing_address.state"),
        ({"name": "X", "tin": "12345"}, "body.tin"),
        ({"name": "X", "currency": "ZZZ"}, "body.currency"),
        ({"name": "X", "credit_limit": "1.234"}, "body.credit_limit"),
        ({"name": "X", "nickname": "x"}, "body.nickname"),
        ({"name": "X", "control_account_id": "acc_01JD3V1T7Q8ZK4N2M5P6R7S8T9"}, "body.control_account_id"),
    ],
)
def test_bad_customer_input_names_the_field(tenant: Identity, body: dict, field: str) -> None:
    status, problem = call("create", "POST", "/v1/customers", tenant, body=body)
    assert status == 422
    assert problem["errors"][0]["field"] == field


def test_account_rules(tenant: Identity) -> None:
    bank_header = account_id(tenant, "1000")
    status, created = create_account(
        tenant,
        {
            "code": "1015",
            "name": "Bank - Maybank USD",
            "type": "asset",
            "subtype": "bank",
            "parent_id": bank_header,
            "currency": "USD",
        },
    )
    assert status == 201, created
    # duplicate code
    status, problem = create_account(
        tenant,
        {"code": "1015", "name": "Again", "type": "asset", "subtype": "bank"},
    )
    assert status == 409 and problem["errors"][0]["field"] == "body.code"
    # subtype of another type
    status, problem = create_account(
        tenant,
        {"code": "1016", "name": "X", "type": "asset", "subtype": "revenue"},
    )
    assert status == 422 and problem["errors"][0]["field"] == "body"
    # parent that is not a header
    status, problem = create_account(
        tenant,
        {"code": "1017", "name": "X", "type": "asset", "subtype": "bank", "parent_id": created["id"]},
    )
    assert status == 422 and problem["errors"][0]["field"] == "body.parent_id"


def test_exchange_rates_on_a_date(tenant: Identity) -> None:
    status, page = call("list", "GET", "/v1/currencies", tenant, query={"q": "usd"})
    usd = page["items"][0]["id"]
    rates = load_handler("currencies/set_rate.py")
    for date, rate in (("2026-11-01", "4.4712"), ("2026-11-20", "4.4650")):
        event = api_event(
            "PUT",
            f"/v1/currencies/{usd}/rates/{date}",
            tenant,
            resource="/v1/currencies/{id}/rates/{date}",
            path_params={"id": usd, "date": date},
            body={"rate": rate},
        )
        status, body = invoke(rates, event)
        assert status == 200, body
    listing = load_handler("currencies/rates.py")
    event = api_event(
        "GET",
        f"/v1/currencies/{usd}/rates",
        tenant,
        resource="/v1/currencies/{id}/rates",
        path_params={"id": usd},
        query={"on": "2026-11-19"},
    )
    status, body = invoke(listing, event)
    assert status == 200 and [r["rate"] for r in body["items"]] == ["4.4712"]
    event["queryStringParameters"] = {"on": "2026-10-01"}
    event["multiValueQueryStringParameters"] = {"on": ["2026-10-01"]}
    assert invoke(listing, event)[0] == 404


def test_permissions_and_switched_off_applets() -> None:
    viewer = seed_tenant("tnt_V", user_roles=["viewer"], applets=["accounts"])
    assert call("list", "GET", "/v1/accounts", viewer)[0] == 200
    status, problem = call(
        "create", "POST", "/v1/accounts", viewer, body={"code": "9999", "name": "X", "type": "asset", "subtype": "bank"}
    )
    assert status == 403 and "accounts:create" in problem["detail"]
    # the console names the missing permission in the user's language from the code (issue 11, point 3)
    assert (problem["code"], problem["params"]) == ("forbidden.permission", {"permission": "accounts:create"})
    status, problem = call("list", "GET", "/v1/customers", viewer)
    assert status == 403 and "not switched on" in problem["detail"]
    assert (problem["code"], problem["params"]) == ("forbidden.applet_off", {"applet": "customers"})


def test_updates_keep_every_create_rule(tenant: Identity) -> None:
    status, doc_types = call("list", "GET", "/v1/document-types", tenant, query={"q": "customer"})
    customer_type = next(d for d in doc_types["items"] if d["code"] == "CUSTOMER")
    path = f"/v1/document-types/{customer_type['id']}"
    # null on a field that must have a value is refused, naming it
    status, problem = call(
        "update",
        "PATCH",
        path,
        tenant,
        resource="/v1/document-types/{id}",
        path_params={"id": customer_type["id"]},
        body={"version": customer_type["version"], "width": None},
    )
    assert status == 422 and problem["errors"][0]["field"] == "body.width"
    # a change that breaks a rule of the whole document is refused too
    body = {"name": "Teh Tarik Powder", "kind": "stock", "costing_method": "fifo"}
    status, item = call("create", "POST", "/v1/items", tenant, body=body)
    assert status == 201
    status, problem = call(
        "update",
        "PATCH",
        f"/v1/items/{item['id']}",
        tenant,
        resource="/v1/items/{id}",
        path_params={"id": item["id"]},
        body={"version": 1, "kind": "service"},
    )
    assert status == 422 and "stock items only" in problem["detail"]


def test_numbering_series_follows_its_document_type(tenant: Identity) -> None:
    status, doc_types = call("list", "GET", "/v1/document-types", tenant, query={"q": "supplier"})
    supplier_type = next(d for d in doc_types["items"] if d["code"] == "SUPPLIER")
    status, changed = call(
        "update",
        "PATCH",
        f"/v1/document-types/{supplier_type['id']}",
        tenant,
        resource="/v1/document-types/{id}",
        path_params={"id": supplier_type["id"]},
        body={"version": supplier_type["version"], "prefix": "VEND-", "width": 4},
    )
    assert status == 200, changed
    status, supplier = call("create", "POST", "/v1/suppliers", tenant, body={"name": "Pembekal Utama Sdn Bhd"})
    assert status == 201 and supplier["code"] == "VEND-0001"


def test_every_partition_key_in_the_hub_starts_with_a_tenant(tenant: Identity) -> None:
    # After seeding and every write above: table and index partition keys all carry a tenant prefix
    import boto3

    from ledgerlet.settings import settings

    scan = boto3.client("dynamodb").get_paginator("scan").paginate(TableName=settings().hub_table)
    items = [item for page in scan for item in page["Items"]]
    assert len(items) > 300
    tenants = {"tnt_A", "tnt_V"}
    for item in items:
        for key in ("PK", "GSI1PK", "GSI2PK"):
            if key in item:
                assert item[key]["S"].split("#", 1)[0] in tenants, item[key]


def test_audit_entries_name_the_user_as_the_platform_knows_them(tenant: Identity) -> None:
    """A user can change the e-mail attribute their own tokens carry (Cognito lets a client write it).
    The audit records the token's immutable subject and the e-mail the control plane holds for it."""
    from dataclasses import replace

    disguised = replace(tenant, email="finance.director@another-company.example")
    status, created = call(
        "create", "POST", "/v1/customers", disguised, body={"name": "Kedai Audit", "tin": "C2584563200"}
    )
    assert status == 201, created
    status, history = call(
        "get",
        "GET",
        f"/v1/customers/{created['id']}/history",
        disguised,
        resource="/v1/customers/{id}/history",
        path_params={"id": created["id"]},
    )
    assert status == 200, history
    (entry,) = history["items"]
    assert entry["actor"] == tenant.user_id
    assert entry["actor_email"] == tenant.email  # seeded in the access projection, not the token's
