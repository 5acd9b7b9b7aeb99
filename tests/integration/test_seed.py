"""A new company's master data: checked one by one, written together, and safe to run again or twice at once."""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest

from tests.support.hub import moto_hub

SEEDED_TYPES = ("DOCTYPE", "CURRENCY", "ACCOUNT", "TAXCODE", "ORGUNIT")
REFERENCES = {"parent_id": "ACCOUNT", "account_id": "ACCOUNT"}
MOMENTS = {"id", "created_at", "updated_at"}


@pytest.fixture(scope="module", autouse=True)
def hub() -> Iterator[None]:
    with moto_hub():
        yield


def seed(tenant_id: str, legal_name: str = "Kedai Runcit Sdn Bhd") -> None:
    from ledgerlet.hub.documents import Actor
    from ledgerlet.masterdata.seed import seed_company

    seed_company(tenant_id, legal_name=legal_name, base_currency="MYR", actor=Actor("onboarding"))


@contextmanager
def dynamodb_calls(tenant_id: str) -> Iterator[Counter[str]]:
    """The DynamoDB requests made meanwhile for the company, by operation."""
    from ledgerlet.hub.aws import tenant_dynamodb

    counted: Counter[str] = Counter()

    def count(model: Any, **_: Any) -> None:
        counted[model.name] += 1

    events = tenant_dynamodb(tenant_id).meta.events
    events.register("before-call.dynamodb", count)
    try:
        yield counted
    finally:
        events.unregister("before-call.dynamodb", count)


def ids_of(tenant_id: str) -> dict[str, dict[str, str]]:
    from ledgerlet.hub.documents import DocumentStore

    store = DocumentStore(tenant_id)
    return {doc_type: {doc["code"]: doc["id"] for doc in store.every(doc_type)} for doc_type in SEEDED_TYPES}


def master_data(tenant_id: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Each seeded type's documents by code, without ids and moments; references named by code."""
    from ledgerlet.hub.documents import DocumentStore

    store = DocumentStore(tenant_id)
    every = {doc_type: store.every(doc_type) for doc_type in SEEDED_TYPES}
    codes = {doc_type: {doc["id"]: doc["code"] for doc in docs} for doc_type, docs in every.items()}
    return {
        doc_type: {
            doc["code"]: {
                name: codes[REFERENCES[name]][value] if name in REFERENCES else value
                for name, value in doc.items()
                if name not in MOMENTS
            }
            for doc in docs
        }
        for doc_type, docs in every.items()
    }


def counts() -> dict[str, int]:
    from ledgerlet.reference import defaults
    from ledgerlet.reference.sme_chart import SME_CHART

    return {
        "DOCTYPE": len(defaults.DOCUMENT_TYPES),
        "CURRENCY": len(defaults.CURRENCIES),
        "ACCOUNT": len(SME_CHART),
        "TAXCODE": len(defaults.TAX_CODES),
        "ORGUNIT": 1,
    }


def test_a_new_company_is_seeded_in_two_reads_and_five_transactions() -> None:
    seeded = counts()
    documents = sum(seeded.values())
    # Each document writes itself, its audit entry and its code's guard; a document type its series' counter too:
    # 4 x 19 document types + 3 x (11 currencies + 92 accounts + 6 tax codes + 1 org unit) = 76 + 330 = 406.
    writes = 4 * seeded["DOCTYPE"] + 3 * (documents - seeded["DOCTYPE"])
    assert (seeded["DOCTYPE"], documents, writes) == (19, 129, 406)
    # Packed in order, a document's writes never split: the 19 document types (76) and 8 currencies (24) make
    # the first 100; the other 102 documents of 3 writes go 33 (99 writes) to a transaction: 33 + 33 + 33 + 3.
    transactions = 1 + math.ceil((documents - 19 - 8) / 33)
    assert transactions == 5
    with dynamodb_calls("tnt_seedcount") as calls:
        seed("tnt_seedcount")
    # Its 129 codes read in batches of 100; the ledger's settings read, then written if none, reading them again
    assert calls == {"BatchGetItem": math.ceil(documents / 100), "TransactWriteItems": transactions + 1, "GetItem": 2}
    assert {doc_type: len(docs) for doc_type, docs in master_data("tnt_seedcount").items()} == seeded


def test_written_together_the_master_data_is_what_creating_each_in_turn_makes() -> None:
    from ledgerlet.hub.documents import Actor, DocumentStore
    from ledgerlet.masterdata.seed import _ensure_all

    seed("tnt_together")
    _ensure_all(DocumentStore("tnt_oneatatime"), Actor("onboarding"), "Kedai Runcit Sdn Bhd")

    together, one_at_a_time = master_data("tnt_together"), master_data("tnt_oneatatime")
    assert together == one_at_a_time
    # The references hold: 6010 Salaries is under the 6000 Staff Costs header, and SV8 posts to 2210 SST Payable
    assert together["ACCOUNT"]["6010"]["parent_id"] == "6000"
    assert together["TAXCODE"]["SV8"]["account_id"] == "2210"


def test_run_again_it_writes_nothing_and_keeps_every_id() -> None:
    seed("tnt_again")
    ids = ids_of("tnt_again")
    with dynamodb_calls("tnt_again") as calls:
        seed("tnt_again")
    assert calls["TransactWriteItems"] == 0
    assert ids_of("tnt_again") == ids


@pytest.mark.parametrize("transactions_written", [1, 3, 4])
def test_a_seed_killed_partway_and_run_again_completes_the_same_master_data(transactions_written: int) -> None:
    from botocore.client import BaseClient

    from tests.integration.test_posting import Killed, count_writes

    tenant_id = f"tnt_killedat{transactions_written}"
    original, _, _ = count_writes()
    _, dying, _ = count_writes(crash_after=transactions_written)
    BaseClient._make_api_call = dying  # type: ignore[method-assign]
    try:
        with pytest.raises(Killed):
            seed(tenant_id)
    finally:
        BaseClient._make_api_call = original  # type: ignore[method-assign]
    written = ids_of(tenant_id)

    seed(tenant_id)

    # What the first run wrote keeps its ids; every reference names a document that exists (master_data
    # reads each by its code), and the whole is what a run never interrupted makes
    assert all(ids_of(tenant_id)[doc_type].items() >= codes.items() for doc_type, codes in written.items())
    seed("tnt_neverkilled")
    assert master_data(tenant_id) == master_data("tnt_neverkilled") != {}


def test_an_interrupted_seed_is_completed_around_what_it_wrote() -> None:
    from ledgerlet.hub.documents import Actor, DocumentStore
    from ledgerlet.kind_service import KindService
    from ledgerlet.masterdata.accounts import ACCOUNTS

    # An earlier run got as far as the 6000 Staff Costs header
    store = DocumentStore("tnt_partial")
    body = ACCOUNTS.create_model.model_validate(
        {"code": "6000", "name": "Staff Costs", "type": "expense", "subtype": "expense", "is_header": True}
    )
    header = KindService(ACCOUNTS, store, Actor("onboarding")).create(body)

    seed("tnt_partial")

    accounts = {doc["code"]: doc for doc in store.every("ACCOUNT")}
    assert len(accounts) == counts()["ACCOUNT"]
    assert accounts["6000"]["id"] == header["id"]
    assert accounts["6010"]["parent_id"] == header["id"]


def test_two_runs_for_one_company_at_once_and_another_company_meanwhile_make_each_document_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ledgerlet.hub.staged import StagedStore

    # The same company's onboarding retried while it still runs: both runs find every code free, then commit
    # at once. The one refused on codes the other wrote completes what is missing one by one. Meanwhile a
    # second company signs up.
    both_staged = threading.Barrier(2)
    committed: list[bool] = []
    commit = StagedStore.commit

    def commit_together(store: StagedStore) -> bool:
        if store.tenant_id == "tnt_twice":
            both_staged.wait(timeout=30)
            committed.append(outcome := commit(store))
            return outcome
        return commit(store)

    monkeypatch.setattr(StagedStore, "commit", commit_together)
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(seed, ["tnt_twice", "tnt_twice", "tnt_other"], ["Kedai A", "Kedai A", "Kedai B"]))

    assert sorted(committed) in ([False, False], [False, True])  # transactions are serial: one run loses
    expected = counts()
    for tenant_id, legal_name in (("tnt_twice", "Kedai A"), ("tnt_other", "Kedai B")):
        data = master_data(tenant_id)
        assert {doc_type: len(docs) for doc_type, docs in data.items()} == expected
        assert data["ORGUNIT"]["HQ"]["name"] == legal_name
    assert master_data("tnt_twice")["ACCOUNT"] == master_data("tnt_other")["ACCOUNT"]
