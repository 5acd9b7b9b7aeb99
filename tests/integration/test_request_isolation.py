"""One handler, many requests at once in one process: each request sees only its own event and caller.

Lambda never runs two invocations in one environment at once, but the application code must not
depend on that for correctness: the current event, the caller, the tenant and the idempotency
key belong to the request. Here one loaded handler (one module, one resolver) serves two tenants
from eight threads, with and without ``Idempotency-Key``.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import moto_hub, seed_tenant

REQUESTS_PER_TENANT = 48


@pytest.fixture(scope="module")
def tenants() -> Iterator[tuple[Identity, Identity]]:
    with moto_hub():
        yield seed_tenant("tnt_isoA"), seed_tenant("tnt_isoB")


def _customer(tag: str) -> dict[str, Any]:
    return {"name": tag, "billing_address": {"line1": "1 Jalan Ampang", "city": "Kuala Lumpur", "state": "14"}}


def test_concurrent_creates_of_two_tenants_answer_each_its_own(tenants: tuple[Identity, Identity]) -> None:
    # Given one create handler, shared by every thread (the state a framework keeps is shared too)
    create = load_handler("customers/create.py")
    lister = load_handler("customers/list.py")
    barrier = threading.Barrier(8)

    def send(who: Identity, index: int) -> tuple[Identity, str, str | None, int, Any]:
        tag = f"{who.tenant_id}-{index}-{uuid.uuid4().hex[:6]}"
        key = f"key-{tag}" if index % 2 == 0 else None  # half carry an Idempotency-Key
        headers = {"Idempotency-Key": key} if key else {}
        event = api_event("POST", "/v1/customers", who, body=_customer(tag), headers=headers)
        if index < 8:
            barrier.wait()  # the first eight start together
        status, body = invoke(create, event)
        return who, tag, key, status, body

    a, b = tenants
    jobs = [(who, i) for i in range(REQUESTS_PER_TENANT) for who in (a, b)]
    # When both tenants' creates run on eight threads at once
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda job: send(*job), jobs))

    # Then every answer is a 201 carrying the request's own customer
    for _who, tag, _key, status, body in answers:
        assert status == 201, (tag, status, body)
        assert body["name"] == tag, f"{tag} was answered with {body['name']}"
    # And every acknowledged customer exists in its own tenant, and nothing else does
    for who in (a, b):
        status, page = invoke(lister, api_event("GET", "/v1/customers", who, query={"limit": "200"}))
        assert status == 200
        stored = {c["name"]: c["id"] for c in page["items"] if c["name"].startswith("tnt_iso")}
        acknowledged = {body["name"]: body["id"] for w, _t, _k, _s, body in answers if w == who}
        assert stored == acknowledged
    # And a re-sent key returns the first answer, not a second customer
    keyed = [(who, tag, key, body) for who, tag, key, _s, body in answers if key][:6]
    for who, tag, key, first in keyed:
        event = api_event("POST", "/v1/customers", who, body=_customer(tag), headers={"Idempotency-Key": key})
        assert invoke(create, event) == (201, first)


def test_concurrent_refusals_name_their_own_request(tenants: tuple[Identity, Identity]) -> None:
    # Given one get handler, When many requests for missing customers run at once
    get = load_handler("customers/get.py")
    a, b = tenants

    def ask(index: int) -> tuple[str, int, Any]:
        who = (a, b)[index % 2]
        path = f"/v1/customers/cus_missing{index:03d}"
        event = api_event(
            "GET", path, who, resource="/v1/customers/{id}", path_params={"id": f"cus_missing{index:03d}"}
        )
        status, body = invoke(get, event)
        return path, status, body

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, range(64)))
    # Then each 404 names the path that was asked for
    for path, status, body in answers:
        assert status == 404, body
        assert body["instance"] == path


def test_tenant_work_without_a_tenant_role_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, a function with no TENANT_ROLE_ARN used its own credentials: every tenant's keys."""
    from ledgerlet.hub.aws import TenantScopeMissing, reset_clients, tenant_dynamodb
    from ledgerlet.settings import settings

    monkeypatch.delenv("TENANT_ROLE_ARN", raising=False)
    settings.cache_clear()
    reset_clients()
    try:
        with pytest.raises(TenantScopeMissing):
            tenant_dynamodb("tnt_NoRole")
    finally:
        settings.cache_clear()
        reset_clients()
