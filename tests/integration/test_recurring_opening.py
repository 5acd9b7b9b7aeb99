"""Recurring journals (created once per due date however often run, also by the daily schedule) and
opening balances from CSV (one journal that posts; bad rows named)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.support.events import Identity, LambdaContext, api_event, invoke, load_handler
from tests.support.hub import seed_tenant
from tests.support.streams import StreamReader, deliver, pending_documents


@pytest.fixture(scope="module")
def tenant(hub: StreamReader) -> Identity:
    return seed_tenant("tnt_R")


def account(who: Identity, code: str) -> str:
    from ledgerlet.hub.documents import DocumentStore

    found = DocumentStore(who.tenant_id).find_by_code("ACCOUNT", code)
    assert found, code
    return str(found["id"])


def template(who: Identity, code: str, next_run: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": f"Office rent {code}",
        "frequency": "monthly",
        "next_run": next_run,
        "journal": {
            "memo": "Office rent",
            "lines": [
                {"account_id": account(who, "6110"), "debit": "3000.00"},
                {"account_id": account(who, "1030"), "credit": "3000.00"},
            ],
        },
        **extra,
    }


def run(who: Identity) -> dict[str, Any]:
    status, body = invoke(
        load_handler("recurring_journals/run.py"), api_event("POST", "/v1/recurring-journals/run", who)
    )
    assert status == 200, body
    return dict(body)


def journals_of(who: Identity, template_id: str) -> list[dict[str, Any]]:
    from ledgerlet.hub.documents import DocumentStore, ListQuery

    page = DocumentStore(who.tenant_id).list_documents("JOURNAL", ListQuery(limit=200, status="all"))
    return [j for j in page.items if j.get("recurring_journal_id") == template_id]


def test_next_dates_keep_month_ends_and_days() -> None:
    from ledgerlet.finance.recurring import next_date

    assert next_date(date(2026, 1, 31), "monthly") == date(2026, 2, 28)
    assert next_date(date(2026, 2, 28), "monthly") == date(2026, 3, 31)
    assert next_date(date(2026, 1, 15), "quarterly") == date(2026, 4, 15)
    assert next_date(date(2026, 5, 30), "monthly") == date(2026, 6, 30)  # 30 June is June's end
    assert next_date(date(2024, 2, 29), "yearly") == date(2025, 2, 28)


def test_due_journals_are_created_once_per_date_however_often_run(hub: StreamReader, tenant: Identity) -> None:
    from ledgerlet.finance.recurring import next_date
    from ledgerlet.ledger.contract import company_today

    status, created = invoke(
        load_handler("recurring_journals/create.py"),
        api_event("POST", "/v1/recurring-journals", tenant, body=template(tenant, "RENT", "2026-08-01")),
    )
    assert status == 201, created
    assert created["next_run"] == "2026-08-01" and created["code"] == "RENT"
    due = []
    day = date(2026, 8, 1)
    while day <= company_today(tenant.tenant_id):
        due.append(day.isoformat())
        day = next_date(day, "monthly")
    first = run(tenant)
    assert [c["date"] for c in first["created"]] == due and first["failed"] == []
    for _ in range(2):
        assert run(tenant) == {"created": [], "failed": []}
    journals = journals_of(tenant, created["id"])
    assert sorted(j["date"] for j in journals) == due
    assert all(j["posting_state"] == "pending" and j["memo"] == "Office rent" for j in journals)
    event = api_event(
        "GET",
        f"/v1/recurring-journals/{created['id']}",
        tenant,
        resource="/v1/recurring-journals/{id}",
        path_params={"id": created["id"]},
    )
    status, now = invoke(load_handler("recurring_journals/get.py"), event)
    assert status == 200 and now["next_run"] == day.isoformat() and now["last_run"] == due[-1]
    # The journals post from the stream like any other
    assert deliver(load_handler("ledger/post_documents.py"), pending_documents(hub.read())) == {"batchItemFailures": []}
    assert {j["posting_state"] for j in journals_of(tenant, created["id"])} == {"posted"}


def test_the_daily_schedule_sends_each_active_tenant_to_its_own_run(hub: StreamReader, tenant: Identity) -> None:
    """Before, one 300-second loop ran every tenant listed under GLOBAL#RECURRING (a hub partition no
    tenant owned, kept from the stream). Now the registry of active tenants is the platform's, and each
    tenant runs from its own message, failing and retrying alone."""
    from tests.support.work import received, register_tenants, work_queue

    other = seed_tenant("tnt_S")
    status, created = invoke(
        load_handler("recurring_journals/create.py"),
        api_event(
            "POST", "/v1/recurring-journals", other, body=template(other, "RENT", "2026-10-01", until="2026-10-31")
        ),
    )
    assert status == 201, created
    hub.read()
    register_tenants(tenant.tenant_id, "tnt_S")
    with work_queue("RECURRING_RUN_QUEUE_URL") as url:
        scheduled = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}
        assert load_handler("journals/run_recurring.py")(scheduled, LambdaContext()) == {"tenants": 2}
        batch = received(url)
        assert sorted(json.loads(r["body"])["tenant_id"] for r in batch["Records"]) == ["tnt_R", "tnt_S"]
        run_due = load_handler("recurring_journals/run_due.py")
        assert run_due(batch, LambdaContext()) == {"batchItemFailures": []}
        assert run_due(batch, LambdaContext()) == {"batchItemFailures": []}  # delivered again: nothing new
    assert [j["date"] for j in journals_of(other, created["id"])] == ["2026-10-01"]  # `until` stops it


def test_due_means_today_where_the_company_is(hub: StreamReader, tenant: Identity) -> None:
    from datetime import UTC, datetime

    from ledgerlet.ledger.contract import company_today
    from ledgerlet.ledger.store import LedgerStore

    far_east = seed_tenant("tnt_Kiritimati")
    ledger = LedgerStore(far_east.tenant_id)
    ledger.save_settings({"time_zone": "Pacific/Kiritimati"}, ledger.settings()["version"], "test")
    noon_utc = datetime(2026, 10, 31, 12, 0, tzinfo=UTC)
    assert company_today(tenant.tenant_id, noon_utc) == date(2026, 10, 31)  # 20:00 in Kuala Lumpur (UTC+8)
    assert company_today(far_east.tenant_id, noon_utc) == date(2026, 11, 1)  # 02:00 on Kiritimati (UTC+14)


def test_a_template_whose_journal_cannot_be_created_keeps_the_reason(hub: StreamReader, tenant: Identity) -> None:
    body = template(tenant, "FX", "2026-09-01")
    body["journal"]["currency"] = "SGD"  # no SGD rate was ever set
    status, created = invoke(
        load_handler("recurring_journals/create.py"), api_event("POST", "/v1/recurring-journals", tenant, body=body)
    )
    assert status == 201, created
    answer = run(tenant)
    assert answer["created"] == [] and answer["failed"][0]["template_id"] == created["id"]
    assert "SGD" in answer["failed"][0]["reason"]
    assert journals_of(tenant, created["id"]) == []


def test_a_template_names_a_bad_account_where_it_is(hub: StreamReader, tenant: Identity) -> None:
    body = template(tenant, "BAD", "2026-09-01")
    body["journal"]["lines"][0]["account_id"] = "acc_00000000000000000000000000"
    status, problem = invoke(
        load_handler("recurring_journals/create.py"), api_event("POST", "/v1/recurring-journals", tenant, body=body)
    )
    assert status == 422 and problem["errors"][0]["field"] == "body.journal.lines.0.account_id", problem


# --- opening balances ---------------------------------------------------------------------------------


def import_csv(who: Identity, text: str, day: str = "2026-01-01", content_type: str = "text/csv") -> tuple[int, Any]:
    event = api_event(
        "POST", "/v1/journals/opening-balances", who, query={"date": day}, headers={"Content-Type": content_type}
    )
    event["body"] = text
    return invoke(load_handler("journals/import_opening.py"), event)


def test_opening_balances_from_csv_become_one_journal_that_posts(hub: StreamReader) -> None:
    from ledgerlet.ledger.store import LedgerStore

    who = seed_tenant("tnt_O")
    hub.read()
    text = (
        "account_code,debit,credit,currency,amount,rate\n"
        "1030,10000.00,,,,\n"
        "1040,4471.10,,USD,1000.00,4.4711\n"
        "\n"
        "3100,,14471.10,,,\n"
    )
    status, journal = import_csv(who, text)
    assert status == 201, journal
    assert (
        journal["memo"] == "Opening balances"
        and journal["date"] == "2026-01-01"
        and journal["posting_state"] == "pending"
    )
    assert journal["total"] == "14471.10" and len(journal["lines"]) == 3
    assert import_csv(who, text)[0] == 409  # the same file twice: once
    # The same balances written another way are the same import: rows reordered, "10000" for
    # "10000.00", thousands separators, spacing, a lower-case code, no blank line. Before, each of
    # these imported again and doubled the balances.
    rewritten = (
        "account_code,debit,credit,currency,amount,rate\n"
        '3100,,"14,471.1",,,\n'
        " 1040 ,4471.10,,usd,1000,4.47110\n"
        "1030,10000,,,,\n"
    )
    status, problem = import_csv(who, rewritten)
    assert status == 409 and journal["id"] in problem["detail"], problem
    # On another date the same balances are another import
    assert import_csv(who, text, day="2026-02-01")[0] == 201
    deliver(load_handler("ledger/post_documents.py"), pending_documents(hub.read()))
    items = LedgerStore(who.tenant_id).balances(["2026-01"])
    by_account = {item.account_id: item.base_debit - item.base_credit for item in items}
    assert by_account[account(who, "1030")] == Decimal("10000.00")
    assert by_account[account(who, "3100")] == Decimal("-14471.10")


def test_bad_rows_are_named_and_nothing_is_created(hub: StreamReader, tenant: Identity) -> None:
    text = (
        "account_code,debit,credit,currency,amount,rate\n"
        "1030,100.00,,,,\n"
        "9999,50.00,,,,\n"  # row 3: no such account
        "1030,abc,,,,\n"  # row 4: not a number
        "1040,10.00,,USD,1.00,4.00\n"  # row 5: 1 x 4 is not 10
        ",1.00,,,,\n"  # row 6: no account
        "3100,,100.00,,,\n"
        "3100,5.00,5.00,,,\n"  # row 8: both sides
    )
    status, problem = import_csv(tenant, text)
    assert status == 422, problem
    fields = [e["field"] for e in problem["errors"]]
    assert fields == [
        "body.row 4.debit",
        "body.row 5.rate",
        "body.row 6.account_code",
        "body.row 8.debit",
    ]
    status, problem = import_csv(tenant, "account_code,debit,credit\n1030,100.00,\n9999,,100.00\n")
    assert status == 422 and [e["field"] for e in problem["errors"]] == ["body.row 3.account_code"]
    status, problem = import_csv(tenant, "account_code,debit,credit\n1030,100.00,\n3100,,90.00\n")
    assert status == 422 and "differ by 10.00" in problem["detail"]
    status, problem = import_csv(tenant, "code,amount\n1030,1\n")
    assert status == 422 and problem["errors"][0]["field"] == "body.row 1"
    assert import_csv(tenant, "account_code,debit,credit\n", content_type="text/plain")[0] == 415
    status, problem = import_csv(tenant, '{"x": 1}', content_type="application/json")
    assert status == 415, problem
