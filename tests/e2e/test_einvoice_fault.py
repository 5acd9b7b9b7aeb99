"""The e-invoice submitter killed between sending a batch and recording the answer (issue 14's fault test).

MyInvois (the local simulator, in this test's process) stores the batch, then, before answering, the
product is killed with SIGKILL: the run's function never records what MyInvois took, and the hub keeps
what its last snapshot held. The product starts again on the same data folder; the scheduled job sends
what it believes unsent (the same bytes, or the document signed anew), MyInvois's duplicate detection
refuses what it already took, and the run records those as taken. Every document is at MyInvois exactly
once, and every one ends valid."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_einvoicing import TIN, switch_on_einvoicing, wait_for
from tests.e2e.test_order_to_cash import code, created, submitted
from tests.support.events import ROOT
from tests.support.product import ADMIN_PASSWORD, Client, running_product, sign_up, started_product

# Heavy (a SIGKILL, two starts): never beside the browser tests, whose timing it would upset.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]
INVOICES = 12


def test_a_submitter_killed_after_sending_submits_every_document_exactly_once(tmp_path: Path, myinvois: Any) -> None:
    (ROOT / "artifacts").mkdir(exist_ok=True)
    killed = threading.Event()
    with started_product(data_dir=tmp_path, myinvois_url=myinvois.url) as product:
        company = sign_up(product.url, "Niaga Mati")
        address = {"line1": "1 Jalan Tun Razak", "city": "Kuala Lumpur", "postcode": "50400", "state": "14"}
        switch_on_einvoicing(company, address)
        buyer = created(
            company,
            "/v1/customers",
            {
                "name": "Pembeli Tetap",
                "tin": "C20880050010",
                "brn": "202001012345",
                "phone": "+60379561234",
                "billing_address": address,
            },
        )
        pen = created(
            company,
            "/v1/items",
            {
                "name": "Pen",
                "kind": "non_stock",
                "sales_price": "3.00",
                "sales_tax_code_id": code(company, "/v1/tax-codes", "SR10"),
            },
        )
        body = {"customer_id": buyer["id"], "date": "2026-12-01", "lines": [{"item_id": pen["id"], "qty": "10"}]}
        sales = [
            submitted(company, "sales-invoices", created(company, "/v1/sales-invoices", body)) for _ in range(INVOICES)
        ]
        wait_for(lambda: len(company.list_all("/v1/einvoices")) == INVOICES, "queued", 120)
        time.sleep(2.5)  # the queue is in a snapshot before the run starts

        def kill(submission_uid: str) -> None:
            if not killed.is_set():
                killed.set()
                os.kill(product.process.pid, signal.SIGKILL)  # MyInvois has the batch; no answer is recorded

        myinvois.after_submission = kill
        company.request("POST", "/_localcloud/schedules/EInvoicesScheduleFunction")
        assert killed.wait(120), "the run never sent its batch"
        product.process.wait(10)
    myinvois.after_submission = None
    states = Counter(row["status"] for row in myinvois.store.documents_touching(TIN))
    assert sum(states.values()) == INVOICES, states  # MyInvois took the whole batch before the kill

    with running_product(data_dir=tmp_path, myinvois_url=myinvois.url) as url:
        login = Client(url).post("/v1/platform/login", {"email": company.email, "password": ADMIN_PASSWORD})
        assert login.status == 200, login.body
        again = Client(url, login.body["id_token"], company.email)

        def all_valid() -> list[dict[str, Any]] | None:
            found = again.list_all("/v1/einvoices")
            if len(found) == INVOICES and all(e["state"] == "valid" for e in found):
                return found
            again.request("POST", "/_localcloud/schedules/EInvoicesScheduleFunction")  # the next tick
            return None

        # a run killed mid-way holds its lease for 15 s at most
        done = wait_for(all_valid, "valid after the restart", 180)
    taken = [row for row in myinvois.store.documents_touching(TIN) if row["issuer_tin"] == TIN]
    by_code = Counter(row["code_number"] for row in taken)
    assert by_code == Counter({sale["code"]: 1 for sale in sales})  # each document exactly once at MyInvois
    assert {e["uuid"] for e in done} == {row["uuid"] for row in taken}
