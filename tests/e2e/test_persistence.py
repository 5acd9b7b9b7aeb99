"""The local product keeps its data: stopped (Ctrl-C, SIGTERM) and started again on the same data
folder, its companies, users, documents, numbering and ledger are as they were, and the hub's events
resume where they stopped (nothing posted twice)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.product import ADMIN_PASSWORD, Client, running_product, sign_up

pytestmark = pytest.mark.xdist_group("persistence")


def _journal(company: Client, accounts: dict[str, str], amount: str) -> dict[str, Any]:
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
