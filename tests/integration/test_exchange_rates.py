"""Exchange rates across currencies (`GET /v1/exchange-rates`, issue 11, point 10) through the handlers,
in process, against moto: newest first, filtered by currency and dates, paged, one tenant's only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.events import Identity, api_event, invoke, load_handler
from tests.support.hub import moto_hub, seed_tenant

RATES = (  # currency, date, MYR per unit
    ("USD", "2026-03-02", "4.4120"),
    ("USD", "2026-03-09", "4.4305"),
    ("USD", "2026-03-16", "4.4250"),
    ("SGD", "2026-03-02", "3.3010"),
    ("SGD", "2026-03-16", "3.3105"),
    ("EUR", "2026-03-09", "4.8150"),
)


def currency_id(who: Identity, code: str) -> str:
    event = api_event("GET", "/v1/currencies", who, query={"q": code.lower()})
    status, page = invoke(load_handler("currencies/list.py"), event)
    assert status == 200
    return str(next(c["id"] for c in page["items"] if c["code"] == code))


def set_rate(who: Identity, code: str, day: str, rate: str) -> None:
    cid = currency_id(who, code)
    event = api_event(
        "PUT",
        f"/v1/currencies/{cid}/rates/{day}",
        who,
        resource="/v1/currencies/{id}/rates/{date}",
        path_params={"id": cid, "date": day},
        body={"rate": rate, "source": "BNM 12:00 middle rate"},
    )
    status, body = invoke(load_handler("currencies/set_rate.py"), event)
    assert status == 200, body


def listed(who: Identity, **query: str) -> tuple[int, Any]:
    event = api_event("GET", "/v1/exchange-rates", who, query=query)
    return invoke(load_handler("currencies/all_rates.py"), event)


@pytest.fixture(scope="module")
def tenant() -> Iterator[Identity]:
    with moto_hub():
        who = seed_tenant("tnt_Rates")
        for code, day, rate in RATES:
            set_rate(who, code, day, rate)
        yield who


def rows(page: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(item["currency"], item["date"], item["rate"]) for item in page["items"]]


def test_every_currencys_rates_newest_first_then_by_code(tenant: Identity) -> None:
    status, page = listed(tenant)
    assert status == 200, page
    assert rows(page) == [
        ("SGD", "2026-03-16", "3.3105"),
        ("USD", "2026-03-16", "4.4250"),
        ("EUR", "2026-03-09", "4.8150"),
        ("USD", "2026-03-09", "4.4305"),
        ("SGD", "2026-03-02", "3.3010"),
        ("USD", "2026-03-02", "4.4120"),
    ]
    first = page["items"][0]
    assert first["currency_id"] == currency_id(tenant, "SGD") and first["currency_name"] == "Singapore Dollar"
    assert first["source"] == "BNM 12:00 middle rate" and first["set_by"] == tenant.user_id
    assert page["next_cursor"] is None


def test_filtered_by_currency_and_by_dates(tenant: Identity) -> None:
    assert rows(listed(tenant, currency="USD")[1]) == [
        ("USD", "2026-03-16", "4.4250"),
        ("USD", "2026-03-09", "4.4305"),
        ("USD", "2026-03-02", "4.4120"),
    ]
    # both ends inclusive
    assert rows(listed(tenant, **{"from": "2026-03-03", "to": "2026-03-09"})[1]) == [
        ("EUR", "2026-03-09", "4.8150"),
        ("USD", "2026-03-09", "4.4305"),
    ]
    assert rows(listed(tenant, currency="SGD", to="2026-03-15")[1]) == [("SGD", "2026-03-02", "3.3010")]
    assert listed(tenant, currency="JPY")[1]["items"] == []  # kept, no rate yet
    assert listed(tenant, currency="MYR")[1]["items"] == []  # the base currency has no rates


def test_pages_chain_through_every_rate_once(tenant: Identity) -> None:
    every = rows(listed(tenant)[1])
    seen: list[tuple[str, str, str]] = []
    query: dict[str, str] = {"limit": "2"}
    for _ in range(5):
        status, page = listed(tenant, **query)
        assert status == 200 and len(page["items"]) <= 2
        seen += rows(page)
        if not page["next_cursor"]:
            break
        query = {"limit": "2", "cursor": page["next_cursor"]}
    assert seen == every and len(seen) == 6  # 6 rates in 3 pages of 2, none twice
    # a page boundary inside one date (two rates on 2026-03-16, one shown): the other comes next
    status, page = listed(tenant, limit="1")
    status, page = listed(tenant, limit="1", cursor=page["next_cursor"])
    assert rows(page) == [("USD", "2026-03-16", "4.4250")]


def test_bad_queries_name_the_field(tenant: Identity) -> None:
    status, problem = listed(tenant, **{"from": "2026-03-10", "to": "2026-03-01"})
    assert status == 422 and problem["errors"][0]["field"] == "query.from"
    status, problem = listed(tenant, currency="usd")
    assert status == 422 and problem["errors"][0]["field"] == "query.currency"
    status, problem = listed(tenant, to="2026-02-30")
    assert status == 422 and problem["errors"][0]["field"] == "query.to"
    status, problem = listed(tenant, cursor="not-a-cursor")
    assert status == 400 and problem["errors"][0]["field"] == "query.cursor"


def test_another_company_sees_only_its_own_rates_and_permissions_follow_currencies(tenant: Identity) -> None:
    other = seed_tenant("tnt_RatesOther")
    status, page = listed(other)
    assert status == 200 and page["items"] == []
    no_currencies = seed_tenant("tnt_RatesNone", roles={"clerk": ["customers:read"]}, user_roles=["clerk"])
    status, problem = listed(no_currencies)
    assert status == 403 and "currencies:read" in problem["detail"]
