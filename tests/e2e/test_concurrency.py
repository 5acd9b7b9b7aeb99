"""Two companies writing at once over HTTP: every answer is the request's own, every acknowledged write
exists in its own company, nothing crosses over, and idempotency keys replay or never collide.

Run against the product as `make dev` starts it (several execution environments per function) and
again with one environment per function, where requests queue and each environment serves them one
after another: correctness may depend on neither luck in timing nor on a fresh environment per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.support.load import Writers, run_writers
from tests.support.product import Answer, Client, running_product, sign_up

SECONDS = 20


@pytest.fixture(scope="module")
def serialised_url() -> Iterator[str]:
    with running_product(concurrency=1) as url:
        yield url


@pytest.mark.parametrize("product", ["product_url", "serialised_url"])
def test_two_companies_creating_at_once_each_get_their_own_answers(product: str, request: Any) -> None:
    url = request.getfixturevalue(product)
    a, b = sign_up(url, "Alpha Concurrent"), sign_up(url, "Bravo Concurrent")

    # When A creates customers from 8 threads, each with its own Idempotency-Key and 1 in 5 re-sent,
    # while B creates from 4 threads without a key, for 20 seconds
    exchanges = run_writers(
        [Writers(a, "A", threads=8, keyed=True, resend_every=5), Writers(b, "B", threads=4, keyed=False)],
        SECONDS,
    )
    by_client = {"A": [e for e in exchanges if e.client == "A"], "B": [e for e in exchanges if e.client == "B"]}
    assert len(by_client["A"]) >= 40 and len(by_client["B"]) >= 20, {k: len(v) for k, v in by_client.items()}

    # Then every answer is a 201 carrying the request's own customer (distinct keys never answer 409)
    wrong = [(e.tag, e.answer.status, e.answer.body) for e in exchanges if not _own(e.answer, e.tag)]
    assert not wrong, f"{len(wrong)} of {len(exchanges)} answers were not the request's own: {wrong[:5]}"

    # And every acknowledged customer exists in its own company, and nothing of one is in the other
    stored = {label: _customers(client) for label, client in (("A", a), ("B", b))}
    for label, other in (("A", "B"), ("B", "A")):
        acknowledged = {e.answer.body["id"]: e.tag for e in by_client[label]}
        assert stored[label] == acknowledged, f"company {label}: stored and acknowledged customers differ"
        assert not set(stored[label]) & {e.answer.body["id"] for e in by_client[other]}
        assert all(name.startswith(f"{label}-") for name in stored[label].values())

    # And a re-sent key returns the first answer, not a second customer
    resent = [e for e in by_client["A"] if e.replayed is not None]
    assert len(resent) >= 5
    for exchange in resent:
        assert exchange.replayed is not None
        assert (exchange.replayed.status, exchange.replayed.body) == (201, exchange.answer.body), exchange.tag

    # And 40 journals posted at once, each with its own key, are each created once
    _journals_at_once(a, 40)
    # And refusals under concurrency name the request's own path
    _missing_at_once(a, b, 32)


def _own(answer: Answer, tag: str) -> bool:
    return answer.status == 201 and isinstance(answer.body, dict) and answer.body.get("name") == tag


def _customers(client: Client) -> dict[str, str]:
    """The company's customers created by this test, id -> name."""
    return {c["id"]: c["name"] for c in client.list_all("/v1/customers") if c["name"][:2] in ("A-", "B-")}


def _journals_at_once(company: Client, count: int) -> None:
    accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts") if a["code"] in ("1030", "3100")}

    def post(index: int) -> tuple[str, Answer]:
        memo = f"capital tranche {index}"
        body = {
            "date": "2026-03-02",
            "memo": memo,
            "lines": [
                {"account_id": accounts["1030"], "debit": f"{100 + index}.00"},
                {"account_id": accounts["3100"], "credit": f"{100 + index}.00"},
            ],
        }
        return memo, company.post("/v1/journals", body, {"Idempotency-Key": f"journal-{index}-{company.email}"})

    with ThreadPoolExecutor(max_workers=count) as pool:
        answers = list(pool.map(post, range(count)))
    assert [a.status for _, a in answers] == [201] * count, [a.body for _, a in answers if a.status != 201][:3]
    assert all(answer.body["memo"] == memo for memo, answer in answers)
    assert len({answer.body["id"] for _, answer in answers}) == count


def _missing_at_once(a: Client, b: Client, count: int) -> None:
    def ask(index: int) -> tuple[str, Answer]:
        path = f"/v1/customers/cus_missing{index:03d}"
        return path, (a, b)[index % 2].get(path)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(ask, range(count)))
    for path, answer in answers:
        assert answer.status == 404 and answer.body["instance"] == path, (path, answer.body)
