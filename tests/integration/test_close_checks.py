"""The period close's checks, on moto: what must be posted before a period is locked, and in what
order periods close."""

from __future__ import annotations

import pytest

from ledgerlet.hub.documents import Actor
from tests.support.hub import seed_tenant


def _pending(tenant_id: str, doc_type: str, prefix: str, code: str, day: str) -> None:
    from ledgerlet.hub.documents import DocumentStore

    DocumentStore(tenant_id).create(
        doc_type, prefix, {"date": day, "posting_state": "pending"}, Actor("test"), code=code
    )


def test_every_type_that_posts_must_be_posted_before_the_lock(hub: object) -> None:
    """Before, a pending transfer let the month close (only journals, receipts and payments were
    looked at); it then failed on the lock and blocked the next close."""
    from ledgerlet.ledger.close import UnpostedDocuments, check_all_posted_step
    from ledgerlet.ledger.rules import RULES

    for number, doc_type in enumerate(sorted(RULES)):
        tenant_id = f"tnt_CloseCheck{number}"
        seed_tenant(tenant_id)
        _pending(tenant_id, doc_type, "doc", f"{doc_type}-1", "2026-05-20")
        _pending(tenant_id, doc_type, "doc", f"{doc_type}-2", "2026-06-02")  # after the period: no matter
        with pytest.raises(UnpostedDocuments) as refused:
            check_all_posted_step(tenant_id, "2026-05", "test")
        assert f"{doc_type}-1 is pending" in str(refused.value)
        assert f"{doc_type}-2" not in str(refused.value)
    assert "TRANSFER" in RULES


def test_a_stock_entry_waiting_to_be_costed_holds_the_close(hub: object) -> None:
    """Its value is booked once it is costed, dated as the entry: a month closed before that would refuse
    the booking."""
    from ledgerlet.hub.documents import Actor, DocumentStore
    from ledgerlet.ledger.close import UnpostedDocuments, check_all_posted_step

    tenant_id = "tnt_CloseCheckStock"
    seed_tenant(tenant_id)
    fields = {"date": "2026-05-20", "valuation_state": "pending", "purpose": "receipt"}
    DocumentStore(tenant_id).create("STOCKENTRY", "stk", fields, Actor("test"), code="STK-1")
    with pytest.raises(UnpostedDocuments) as refused:
        check_all_posted_step(tenant_id, "2026-05", "test")
    assert "STK-1 is pending" in str(refused.value)
    check_all_posted_step(tenant_id, "2026-04", "test")  # April has nothing waiting


def _post(tenant_id: str, entry_key: str, day: str) -> None:
    from datetime import date
    from decimal import Decimal

    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.ledger.entries import JournalEntry, JournalLine
    from ledgerlet.ledger.store import LedgerStore, entry_id_for

    store = DocumentStore(tenant_id)
    bank, capital = (store.find_by_code("ACCOUNT", code)["id"] for code in ("1030", "3100"))  # type: ignore[index]
    lines = (
        JournalLine(bank, Decimal("10.00"), "MYR", Decimal("10.00")),
        JournalLine(capital, Decimal("-10.00"), "MYR", Decimal("-10.00")),
    )
    LedgerStore(tenant_id).post(JournalEntry(entry_id_for(entry_key, 0), date.fromisoformat(day), lines), "test")


def test_a_later_month_is_refused_while_an_earlier_one_is_open(hub: object) -> None:
    """Before, closing June locked May (its hard lock is June's last day) with no May revaluation."""
    from datetime import date

    from ledgerlet.errors import Unprocessable
    from ledgerlet.ledger.close import start_close

    tenant_id = "tnt_CloseOrder"
    seed_tenant(tenant_id)
    _post(tenant_id, "MAY", "2026-05-12")
    _post(tenant_id, "JUN", "2026-06-12")
    with pytest.raises(Unprocessable) as refused:
        start_close(tenant_id, "2026-06", "test", today=date(2026, 12, 4))
    problem = refused.value.errors[0]
    assert problem.field == "body.period"
    assert problem.message == "close 2026-05 first: months close in order, and 2026-05 is not closed yet"


def test_months_before_the_first_entry_or_under_the_hard_lock_need_no_close(hub: object) -> None:
    from ledgerlet.ledger.close import CloseRecords, earlier_open_period
    from ledgerlet.ledger.periods import Period
    from ledgerlet.ledger.store import LedgerStore

    tenant_id = "tnt_CloseOrderLock"
    seed_tenant(tenant_id)
    ledger, records = LedgerStore(tenant_id), CloseRecords(tenant_id)
    assert earlier_open_period(ledger, records, Period.from_key("2026-06")) is None  # no entries at all
    _post(tenant_id, "APR", "2026-04-30")
    assert earlier_open_period(ledger, records, Period.from_key("2026-04")) is None  # nothing before April
    assert earlier_open_period(ledger, records, Period.from_key("2026-06")) == "2026-04"
    settings = ledger.settings()
    ledger.save_settings({"hard_lock": "2026-04-30"}, settings["version"], "test")
    assert earlier_open_period(ledger, records, Period.from_key("2026-06")) == "2026-05"  # May is open
    assert earlier_open_period(ledger, records, Period.from_key("2026-05")) is None
