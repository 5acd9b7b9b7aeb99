"""The local product keeps its data: stopped (Ctrl-C, SIGTERM) and started again on the same data
folder, its companies, users, documents, numbering and ledger are as they were, and the hub's events
resume where they stopped (nothing posted twice)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.product import ADMIN_PASSWORD, Client, running_product, sign_up

# Heavy (a load, a SIGKILL, two starts): never beside the browser tests, whose timing it would upset.
pytestmark = pytest.mark.xdist_group("browser")


def _journal(company: Client, accounts: dict[str, str], amount: str, *, check: bool = True) -> Any:
    answer = company.post(
        "/v1/journals",
        {
            "date": "2026-05-04",
            "memo": f"Capital {amount}",
            "lines": [
                {"account_id": accounts["1030"], "debit": amount},
                {"account_id": accounts["3100"], "credit": amount},
            ],
        },
    )
    if not check:
        return answer
    assert answer.status == 201, answer.body
    return dict(answer.body)


def _posted(company: Client, journal_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        found = company.get(f"/v1/journals/{journal_id}").body
        if found["posting_state"] != "pending" or time.monotonic() > deadline:
            return dict(found)
        time.sleep(0.2)


def _bank(company: Client) -> str:
    tb = company.get("/v1/ledger/trial-balance?period_from=2026-05&period_to=2026-05").body
    return str(next(line["debit"] for line in tb["lines"] if line["code"] == "1030"))


def test_a_restart_on_the_same_data_folder_loses_nothing(tmp_path: Path) -> None:
    with running_product(data_dir=tmp_path) as url:
        company = sign_up(url, "Simpan Data")
        accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts") if a["code"] in ("1030", "3100")}
        first = company.post("/v1/customers", {"name": "Kedai Pertama"})
        assert first.status == 201, first.body
        journal = _journal(company, accounts, "1000.00")
        posted = _posted(company, journal["id"])
        assert posted["posting_state"] == "posted"
        journal_entries = posted["entry_ids"]
        assert _bank(company) == "1000.00"
    assert (tmp_path / "localcloud.pickle").exists()

    with running_product(data_dir=tmp_path) as url:
        # the same user signs in with the same password (the user pool was kept) ...
        login = Client(url).post("/v1/platform/login", {"email": company.email, "password": ADMIN_PASSWORD})
        assert login.status == 200, login.body
        again = Client(url, login.body["id_token"], company.email)
        # ... and finds the company as it was
        assert [c["code"] for c in again.list_all("/v1/customers")] == [first.body["code"]]
        kept = again.get(f"/v1/journals/{journal['id']}").body
        assert kept["posting_state"] == "posted" and kept["entry_ids"] == journal_entries
        assert _bank(again) == "1000.00"  # posted once, not again on the restart
        # numbering continues, and new documents post (the events resume)
        second = again.post("/v1/customers", {"name": "Kedai Kedua"})
        assert second.status == 201, second.body
        assert int(second.body["code"].rsplit("-", 1)[1]) == int(first.body["code"].rsplit("-", 1)[1]) + 1
        more = _journal(again, accounts, "250.00")
        assert _posted(again, more["id"])["posting_state"] == "posted"
        assert _bank(again) == "1250.00"  # 1,000.00 + 250.00


def _write_until(
    company: Client,
    accounts: dict[str, str],
    worker: int,
    stop: Any,
    acknowledged: list[tuple[float, str, dict[str, Any]]],
) -> None:
    """Customers and journals, alternately, until told to stop or the product is gone; each answer
    201 is noted with when it came."""
    number = 0
    while not stop.is_set():
        number += 1
        try:
            if number % 2:
                answer, kind = company.post("/v1/customers", {"name": f"Kedai {worker}-{number}"}), "customer"
            else:
                amount = f"{worker + 1}.{number % 100:02d}"
                answer, kind = _journal(company, accounts, amount, check=False), "journal"
        except OSError:
            return
        if answer.status == 201:
            acknowledged.append((time.monotonic(), kind, dict(answer.body)))


def test_a_kill_at_any_moment_loses_at_most_the_last_second_and_leaves_the_books_whole(tmp_path: Path) -> None:
    """SIGKILL in the middle of a load of customers and journals, then a restart on the same folder:
    what was acknowledged more than a second or so before the kill is there, numbering has no gap,
    every journal there posts exactly once, and the trial balance balances."""
    import signal
    import threading
    from decimal import Decimal

    from tests.support.product import started_product

    acknowledged: list[tuple[float, str, dict[str, Any]]] = []  # (when, kind, answer body)
    with started_product(data_dir=tmp_path) as product:
        company = sign_up(product.url, "Mati Hidup")
        accounts = {a["code"]: a["id"] for a in company.list_all("/v1/accounts") if a["code"] in ("1030", "3100")}
        time.sleep(2.5)  # the company is in a snapshot before the load starts
        stop = threading.Event()

        def load(worker: int) -> None:
            _write_until(company, accounts, worker, stop, acknowledged)

        workers = [threading.Thread(target=load, args=(n,), daemon=True) for n in range(4)]
        for worker in workers:
            worker.start()
        time.sleep(6)
        # on a loaded machine journals come slowly: kill only once a few are acknowledged and snapshotted
        deadline = time.monotonic() + 60
        while sum(kind == "journal" for _, kind, _ in list(acknowledged)) < 3 and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2.5)
        killed_at = time.monotonic()
        product.process.send_signal(signal.SIGKILL)
        product.process.wait(10)
        stop.set()
        for worker in workers:
            worker.join(70)
    assert len(acknowledged) > 10

    with running_product(data_dir=tmp_path) as url:
        login = Client(url).post("/v1/platform/login", {"email": company.email, "password": ADMIN_PASSWORD})
        assert login.status == 200, login.body
        again = Client(url, login.body["id_token"], company.email)
        customers = {c["id"]: c for c in again.list_all("/v1/customers")}
        journals = {j["id"]: j for j in again.list_all("/v1/journals")}
        settled = killed_at - 2.0  # a snapshot a second, and a margin
        for when, kind, body in acknowledged:
            if when < settled:
                assert body["id"] in (customers if kind == "customer" else journals), (kind, body["code"])
        numbers = sorted(int(c["code"].rsplit("-", 1)[1]) for c in customers.values())
        assert numbers == list(range(1, len(numbers) + 1))  # no gap
        # every journal that survived posts, once: the bank holds exactly their sum
        deadline = time.monotonic() + 60
        while any(j["posting_state"] == "pending" for j in again.list_all("/v1/journals")):
            assert time.monotonic() < deadline, "journals still pending after the restart"
            time.sleep(0.5)
        final = again.list_all("/v1/journals")
        assert {j["posting_state"] for j in final} == {"posted"}
        expected = sum((Decimal(j["total"]) for j in final), Decimal(0))
        tb = again.get("/v1/ledger/trial-balance?period_from=2026-05&period_to=2026-05").body
        assert tb["total_debit"] == tb["total_credit"]
        bank = next((line for line in tb["lines"] if line["code"] == "1030"), {"debit": "0.00"})
        assert Decimal(bank["debit"]) == expected, (bank, expected)
