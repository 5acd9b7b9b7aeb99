"""The ledger applet's read API through its handlers, in process, against moto.

One company posts a small year: capital and a sale in FY2025 (a January fiscal year), then sales, rent,
cost of sales and five bank charges in January and February 2026. Every report is checked against
those figures, in JSON, CSV and XLSX.
"""

from __future__ import annotations

import base64
import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.support.events import Identity, LambdaContext, api_event, load_handler
from tests.support.hub import moto_hub, seed_tenant

BRANCH = "org_01JD3V1T7Q8ZK4N2M5P6R7S8B1"


@pytest.fixture(scope="module")
def tenant() -> Iterator[Identity]:
    with moto_hub():
        who = seed_tenant("tnt_L")
        _profile_copy(who, "Lembah Niaga Sdn Bhd")
        _post_the_year(who)
        yield who


def _profile_copy(who: Identity, legal_name: str) -> None:
    """What the control plane writes into the hub when a company is set up (ledgerlet.company)."""
    import os

    from ledgerlet.company import profile_item
    from ledgerlet.hub.aws import dynamodb

    profile = {"legal_name": legal_name, "base_currency": "MYR", "time_zone": "Asia/Kuala_Lumpur"}
    item = profile_item(who.tenant_id, profile, "2026-01-01T00:00:00.000Z")
    dynamodb().put_item(TableName=os.environ["HUB_TABLE"], Item=item)


def account(who: Identity, code: str) -> str:
    from ledgerlet.hub.documents import DocumentStore

    found = DocumentStore(who.tenant_id).find_by_code("ACCOUNT", code)
    assert found, code
    return str(found["id"])


def _post_the_year(who: Identity) -> None:
    from ledgerlet.ledger.entries import Dimensions, balance_entry, convert_line
    from ledgerlet.ledger.store import LedgerStore, entry_id_for

    ledger = LedgerStore(who.tenant_id)
    rounding = account(who, "6530")
    postings: list[tuple[str, str, str, str, Dimensions]] = [
        ("2025-11-10", "1030", "3100", "10000.00", Dimensions()),
        ("2025-12-05", "1030", "4100", "3000.00", Dimensions()),
        ("2026-01-15", "1030", "4100", "5000.00", Dimensions()),
        ("2026-01-20", "6110", "1030", "1200.00", Dimensions()),
        ("2026-02-03", "1030", "4200", "2500.00", Dimensions(branch=BRANCH)),
        ("2026-02-10", "5010", "1030", "800.00", Dimensions()),
        *[(f"2026-02-2{n}", "6410", "1030", "10.00", Dimensions()) for n in range(5)],
    ]
    for number, (day, debit, credit, amount, dims) in enumerate(postings):
        lines = [
            convert_line(account(who, debit), Decimal(amount), "MYR", Decimal(1), dimensions=dims),
            convert_line(account(who, credit), -Decimal(amount), "MYR", Decimal(1), dimensions=dims),
        ]
        entry = balance_entry(
            entry_id_for(f"test-{number}"),
            date.fromisoformat(day),
            lines,
            rounding_account_id=rounding,
            memo=f"posting {number}",
            source_type="JOURNAL",
            source_id=f"jv_{number}",
            source_code=f"JV-{number:06d}",
        )
        assert ledger.post(entry, "test")


def raw(
    who: Identity, action: str, path: str, *, method: str = "GET", resource: str | None = None, **kwargs: Any
) -> dict[str, Any]:
    event = api_event(method, path, who, resource=resource, **kwargs)
    return load_handler(f"ledger/{action}.py")(
        event, LambdaContext(aws_request_id=event["requestContext"]["requestId"])
    )


def headers(answer: dict[str, Any]) -> dict[str, str]:
    """Response headers, single- or multi-valued (Powertools answers REST events with the latter)."""
    multi = {name: values[-1] for name, values in (answer.get("multiValueHeaders") or {}).items()}
    return {**multi, **(answer.get("headers") or {})}


def call(who: Identity, action: str, path: str, **kwargs: Any) -> tuple[int, Any]:
    import json

    answer = raw(who, action, path, **kwargs)
    return answer["statusCode"], json.loads(answer["body"]) if answer.get("body") else None


def table_of(body: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    """A CSV download's heading block (label -> value) and its table's rows (by column name)."""
    rows = list(csv.reader(io.StringIO(body)))
    blank = rows.index([])
    heading = {label: value for label, value in rows[:blank]}
    return heading, [dict(zip(rows[blank + 1], row, strict=True)) for row in rows[blank + 2 :]]


def by_code(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {line["code"]: line for line in lines}


def statement_amounts(report: dict[str, Any]) -> dict[str, str]:
    return {
        line["code"]: line["amount"]
        for section in report["sections"]
        for group in section["groups"]
        for line in group["lines"]
    }


# --- trial balance --------------------------------------------------------------------------------------


def test_trial_balance_ties_and_folds_last_years_profit(tenant: Identity) -> None:
    status, tb = call(
        tenant, "trial_balance", "/v1/ledger/trial-balance", query={"period_from": "2026-01", "period_to": "2026-02"}
    )
    assert status == 200, tb
    assert tb["total_debit"] == tb["total_credit"] == "20500.00" and tb["balanced"] is True
    lines = by_code(tb["lines"])
    assert lines["1030"]["debit"] == "18450.00" and lines["1030"]["credit"] == "0.00"
    assert lines["3100"]["credit"] == "10000.00"
    assert lines["3200"]["credit"] == "3000.00"  # FY2025's sale, folded into retained earnings
    assert lines["4100"]["credit"] == "5000.00" and lines["4200"]["credit"] == "2500.00"
    assert lines["6410"]["debit"] == "50.00" and lines["6410"]["balance"] == "50.00"
    bank = lines["1030"]
    assert {bank["account_id"], bank["name"], bank["type"]} >= {account(tenant, "1030"), "asset"}
    assert bank["drill"] == f"/v1/ledger/accounts/{bank['account_id']}/ledger?period_from=2026-01&period_to=2026-02"


def test_trial_balance_by_branch_and_by_default_period(tenant: Identity) -> None:
    status, tb = call(
        tenant,
        "trial_balance",
        "/v1/ledger/trial-balance",
        query={"period_from": "2026-01", "period_to": "2026-02", "branch_id": BRANCH},
    )
    assert status == 200
    assert {line["code"]: line["balance"] for line in tb["lines"]} == {"1030": "2500.00", "4200": "-2500.00"}

    status, default = call(tenant, "trial_balance", "/v1/ledger/trial-balance")
    today = date.today()
    assert status == 200 and default["period_to"] == f"{today.year:04d}-{today.month:02d}"
    assert default["period_from"] == f"{today.year:04d}-01" and default["balanced"]

    status, problem = call(tenant, "trial_balance", "/v1/ledger/trial-balance", query={"period_from": "2026-13"})
    assert status == 422 and problem["errors"][0]["field"] == "query.period_from"
    status, problem = call(
        tenant, "trial_balance", "/v1/ledger/trial-balance", query={"period_from": "2026-03", "period_to": "2026-01"}
    )
    assert status == 422 and problem["errors"][0]["field"] == "query.period_from"


# --- balance sheet and profit and loss ------------------------------------------------------------


def test_balance_sheet_balances_with_profit_in_current_year_earnings(tenant: Identity) -> None:
    status, bs = call(tenant, "balance_sheet", "/v1/ledger/balance-sheet", query={"as_of": "2026-02"})
    assert status == 200, bs
    assert bs["first_period"] == "2025-11" and bs["fiscal_year"] == 2026 and bs["balanced"] is True
    assert bs["total_assets"] == bs["total_liabilities_and_equity"] == "18450.00"
    assert bs["current_year_earnings"] == "5450.00" and bs["retained_earnings"] == "3000.00"
    assert statement_amounts(bs) == {"1030": "18450.00", "3100": "10000.00", "3200": "3000.00", "3300": "5450.00"}

    status, problem = call(tenant, "balance_sheet", "/v1/ledger/balance-sheet", query={"as_of": "2999-12"})
    assert status == 422 and problem["errors"][0]["field"] == "query.as_of"  # would read every month up to it

    status, last_year = call(tenant, "balance_sheet", "/v1/ledger/balance-sheet", query={"as_of": "2025-12"})
    assert status == 200 and last_year["current_year_earnings"] == "3000.00" and last_year["total_assets"] == "13000.00"


def test_profit_and_loss_with_a_comparison_column(tenant: Identity) -> None:
    query = {"period_from": "2026-01", "period_to": "2026-02"}
    status, pl = call(tenant, "profit_and_loss", "/v1/ledger/profit-and-loss", query=query)
    assert status == 200, pl
    assert (pl["gross_profit"], pl["profit_before_tax"], pl["net_profit"]) == ("6700.00", "5450.00", "5450.00")
    totals = {section["name"]: section["total"] for section in pl["sections"]}
    assert totals["revenue"] == "7500.00" and totals["cost_of_sales"] == "800.00" and totals["expenses"] == "1250.00"
    assert pl["compare_from"] is None and pl["comparison_net_profit"] is None

    compare = {**query, "compare_from": "2025-11", "compare_to": "2025-12"}
    status, both = call(tenant, "profit_and_loss", "/v1/ledger/profit-and-loss", query=compare)
    assert status == 200
    assert both["net_profit"] == "5450.00" and both["comparison_net_profit"] == "3000.00"
    sales = next(line for s in both["sections"] for g in s["groups"] for line in g["lines"] if line["code"] == "4100")
    assert (sales["amount"], sales["comparison"], sales["change"]) == ("5000.00", "3000.00", "2000.00")
    revenue = next(s for s in both["sections"] if s["name"] == "revenue")
    assert revenue["comparison_total"] == "3000.00"

    status, problem = call(
        tenant, "profit_and_loss", "/v1/ledger/profit-and-loss", query={**query, "compare_from": "2025-01"}
    )
    assert status == 422 and problem["errors"][0]["field"] == "query.compare_to"


# --- general ledger detail ---------------------------------------------------------------------------


def test_account_ledger_pages_carry_the_running_balance_across_months(tenant: Identity) -> None:
    bank = account(tenant, "1030")
    path = f"/v1/ledger/accounts/{bank}/ledger"
    lines: list[dict[str, Any]] = []
    cursor = None
    pages = []
    for _ in range(10):
        query = {
            "period_from": "2025-12",
            "period_to": "2026-02",
            "limit": "2",
            **({"cursor": cursor} if cursor else {}),
        }
        status, page = call(
            tenant,
            "account_ledger",
            path,
            resource="/v1/ledger/accounts/{id}/ledger",
            path_params={"id": bank},
            query=query,
        )
        assert status == 200, page
        pages.append(page)
        lines += page["lines"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert all(page["opening_balance"] == "10000.00" for page in pages)
    assert [p["closing_balance"] for p in pages[:-1]] == [None] * (len(pages) - 1)
    assert pages[-1]["closing_balance"] == "18450.00"
    assert [line["running_balance"] for line in lines] == [
        "13000.00", "18000.00", "16800.00", "19300.00", "18500.00",
        "18490.00", "18480.00", "18470.00", "18460.00", "18450.00",
    ]  # fmt: skip
    assert [line["date"][:7] for line in lines[:3]] == ["2025-12", "2026-01", "2026-01"]  # page 1 crosses a month
    first = lines[0]
    assert first["debit"] == "3000.00" and first["source_type"] == "JOURNAL" and first["source_code"] == "JV-000001"
    assert first["source_id"] == "jv_1" and first["entry"] == f"/v1/ledger/entries/{first['entry_id']}"

    # income accounts open at the start of the fiscal year: last year's sale is not in the opening
    sales = account(tenant, "4100")
    status, page = call(
        tenant,
        "account_ledger",
        f"/v1/ledger/accounts/{sales}/ledger",
        resource="/v1/ledger/accounts/{id}/ledger",
        path_params={"id": sales},
        query={"period_from": "2026-02", "period_to": "2026-02"},
    )
    assert status == 200 and page["opening_balance"] == "-5000.00" and page["lines"] == []

    status, problem = call(
        tenant,
        "account_ledger",
        f"{path}",
        resource="/v1/ledger/accounts/{id}/ledger",
        path_params={"id": bank},
        query={"period_from": "2025-12", "period_to": "2026-02", "cursor": "bm90LWEtY3Vyc29y"},
    )
    assert status == 400 and problem["errors"][0]["field"] == "query.cursor"

    # a cursor of the bank's pages does not page through another account
    cash = account(tenant, "1010")
    status, problem = call(
        tenant,
        "account_ledger",
        f"/v1/ledger/accounts/{cash}/ledger",
        resource="/v1/ledger/accounts/{id}/ledger",
        path_params={"id": cash},
        query={"period_from": "2025-12", "period_to": "2026-02", "limit": "2", "cursor": pages[0]["next_cursor"]},
    )
    assert status == 400 and problem["errors"][0]["field"] == "query.cursor"


# --- journal -------------------------------------------------------------------------------------------


def test_journal_lists_entries_in_date_order_and_shows_one_with_account_names(tenant: Identity) -> None:
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {
            "date_from": "2026-01-01",
            "date_to": "2026-02-28",
            "limit": "3",
            **({"cursor": cursor} if cursor else {}),
        }
        status, page = call(tenant, "entries", "/v1/ledger/entries", query=query)
        assert status == 200, page
        seen += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 9 and [e["date"] for e in seen] == sorted(e["date"] for e in seen)

    entry_id = seen[0]["entry_id"]
    status, entry = call(
        tenant,
        "entries",
        f"/v1/ledger/entries/{entry_id}",
        resource="/v1/ledger/entries/{id}",
        path_params={"id": entry_id},
    )
    assert status == 200 and entry["date"] == "2026-01-15" and entry["total"] == "5000.00"
    assert [(li["code"], li["name"], li["debit"], li["credit"]) for li in entry["lines"]] == [
        ("1030", "Bank - Current Account", "5000.00", "0.00"),
        ("4100", "Sales - Goods", "0.00", "5000.00"),
    ]
    status, _ = call(
        tenant,
        "entries",
        "/v1/ledger/entries/jnl_NOPE",
        resource="/v1/ledger/entries/{id}",
        path_params={"id": "jnl_NOPE"},
    )
    assert status == 404


# --- downloads -----------------------------------------------------------------------------------------


def test_trial_balance_csv_parses_back_with_totals_that_tie(tenant: Identity) -> None:
    answer = raw(
        tenant,
        "trial_balance",
        "/v1/ledger/trial-balance",
        query={"period_from": "2026-01", "period_to": "2026-02", "format": "csv"},
    )
    assert answer["statusCode"] == 200 and headers(answer)["Content-Type"] == "text/csv; charset=utf-8"
    disposition = headers(answer)["Content-Disposition"]
    assert disposition == 'attachment; filename="trial-balance-2026-01-2026-02.csv"'
    heading, rows = table_of(answer["body"])
    assert heading["Company"] == "Lembah Niaga Sdn Bhd"  # the copy of the company's profile
    assert (heading["Report"], heading["Period"], heading["Currency"]) == ("Trial balance", "2026-01 to 2026-02", "MYR")
    *lines, total = rows
    assert total["Account"] == "Total" and total["Debit"] == total["Credit"] == "20500.00"
    assert [row["Account"] for row in rows].count("Total") == 1
    assert sum(Decimal(r["Debit"]) for r in lines) == sum(Decimal(r["Credit"]) for r in lines) == Decimal("20500.00")
    assert {r["Code"] for r in lines} >= {"1030", "3100", "3200", "4100"}


def test_a_download_by_branch_names_the_branch_and_when_it_was_generated(tenant: Identity) -> None:
    import re

    from ledgerlet.hub.documents import Actor, DocumentStore
    from ledgerlet.kind_service import KindService
    from ledgerlet.masterdata.org_units import ORG_UNITS

    store = DocumentStore(tenant.tenant_id)
    service = KindService(ORG_UNITS, store, Actor("test"))
    company = store.find_by_code("ORGUNIT", "HQ")
    assert company
    body = {"code": "KL", "name": "Kuala Lumpur", "kind": "branch", "parent_id": company["id"]}
    branch = service.create(ORG_UNITS.create_model.model_validate(body))
    query = {"period_from": "2026-01", "period_to": "2026-02", "branch_id": branch["id"], "format": "csv"}
    answer = raw(tenant, "trial_balance", "/v1/ledger/trial-balance", query=query)
    heading, rows = table_of(answer["body"])
    assert list(heading) == ["Company", "Report", "Period", "Currency", "Branch", "Generated at"]
    assert heading["Branch"] == "KL Kuala Lumpur"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00", heading["Generated at"])  # Kuala Lumpur time
    assert rows == [{"Code": "", "Account": "Total", "Type": "", "Debit": "0.00", "Credit": "0.00"}]  # nothing in KL


def test_balance_sheet_and_profit_and_loss_download_as_xlsx(tenant: Identity) -> None:
    answer = raw(tenant, "balance_sheet", "/v1/ledger/balance-sheet", query={"as_of": "2026-02", "format": "xlsx"})
    assert answer["statusCode"] == 200 and answer["isBase64Encoded"] is True
    assert headers(answer)["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert headers(answer)["Content-Disposition"] == 'attachment; filename="balance-sheet-2026-02.xlsx"'
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(answer["body"]))) as book:
        assert book.testzip() is None
        assert 'name="Balance sheet"' in book.read("xl/workbook.xml").decode()
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        assert "<v>18450</v>" in sheet  # total assets, and liabilities plus equity, as numbers
        assert sheet.count("<v>18450</v>") >= 3
        assert "#,##0.00" in book.read("xl/styles.xml").decode()

    query = {"period_from": "2026-01", "period_to": "2026-02", "compare_from": "2025-11", "compare_to": "2025-12"}
    answer = raw(tenant, "profit_and_loss", "/v1/ledger/profit-and-loss", query={**query, "format": "csv"})
    rows = list(csv.reader(io.StringIO(answer["body"])))
    table = rows[rows.index([]) + 1 :]
    assert table[0] == ["Code", "Account", "2026-01 to 2026-02", "2025-11 to 2025-12", "Change"]
    assert table[-1] == ["", "Net profit", "5450.00", "3000.00", "2450.00"]


def test_account_ledger_and_journal_download_every_line(tenant: Identity) -> None:
    bank = account(tenant, "1030")
    answer = raw(
        tenant,
        "account_ledger",
        f"/v1/ledger/accounts/{bank}/ledger",
        resource="/v1/ledger/accounts/{id}/ledger",
        path_params={"id": bank},
        query={"period_from": "2026-01", "period_to": "2026-02", "format": "csv", "limit": "1"},
    )
    heading, rows = table_of(answer["body"])
    assert heading["Report"] == "General ledger detail" and heading["Account"] == "1030 Bank - Current Account"
    assert rows[0]["Balance"] == "13000.00" and rows[-1]["Balance"] == "18450.00" and len(rows) == 2 + 9
    assert headers(answer)["Content-Disposition"] == 'attachment; filename="ledger-1030-2026-01-2026-02.csv"'

    answer = raw(
        tenant,
        "entries",
        "/v1/ledger/entries",
        query={"date_from": "2026-01-01", "date_to": "2026-02-28", "format": "xlsx"},
    )
    assert answer["statusCode"] == 200
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(answer["body"]))) as book:
        assert "<v>9550</v>" in book.read("xl/worksheets/sheet1.xml").decode()  # total debits of the two months


# --- settings ------------------------------------------------------------------------------------------


def test_settings_change_with_version_checks_and_audit(tenant: Identity) -> None:
    status, current = call(tenant, "settings", "/v1/ledger/settings")
    assert status == 200 and current["fiscal_year_start_month"] == 1 and current["module_locks"] == {}
    assert current["time_zone"] == "Asia/Kuala_Lumpur"
    version = current["version"]

    body = {"version": version, "hard_lock": "2025-12-31", "module_locks": {"sales": "2026-01-31"}}
    status, saved = call(tenant, "update_settings", "/v1/ledger/settings", method="PUT", body=body)
    assert status == 200, saved
    assert saved["version"] == version + 1 and saved["hard_lock"] == "2025-12-31"
    assert saved["module_locks"] == {"sales": "2026-01-31"}

    status, problem = call(
        tenant, "update_settings", "/v1/ledger/settings", method="PUT", body={**body, "hard_lock": None}
    )
    assert status == 409 and problem["errors"][0]["field"] == "body.version"
    bad_module = {"version": version + 1, "module_locks": {"payroll": "2026-01-31"}}
    status, problem = call(tenant, "update_settings", "/v1/ledger/settings", method="PUT", body=bad_module)
    assert status == 422 and problem["errors"][0]["field"] == "body.module_locks.payroll"
    bad_date = {"version": version + 1, "hard_lock": "2026-02-30"}
    status, problem = call(tenant, "update_settings", "/v1/ledger/settings", method="PUT", body=bad_date)
    assert status == 422 and problem["errors"][0]["field"] == "body.hard_lock"
    for bad_zone in ("Mars/Olympus_Mons", None):
        body = {"version": version + 1, "time_zone": bad_zone}
        status, problem = call(tenant, "update_settings", "/v1/ledger/settings", method="PUT", body=body)
        assert status == 422 and problem["errors"][0]["field"] == "body.time_zone", problem

    status, history = call(tenant, "settings", "/v1/ledger/settings/history")
    assert status == 200
    latest = history["items"][0]
    assert latest["version"] == version + 1 and latest["actor"] == tenant.user_id
    assert latest["before"].get("hard_lock") is None and latest["after"]["hard_lock"] == "2025-12-31"

    status, cleared = call(
        tenant, "update_settings", "/v1/ledger/settings", method="PUT", body={"version": version + 1, "hard_lock": None}
    )
    assert status == 200 and cleared["hard_lock"] is None and cleared["module_locks"] == {"sales": "2026-01-31"}


# --- posting exceptions --------------------------------------------------------------------------------


def test_exceptions_list_and_retry_marks_the_document_pending(tenant: Identity) -> None:
    from ledgerlet.hub.documents import Actor, DocumentStore
    from ledgerlet.ledger.store import LedgerStore

    documents = DocumentStore(tenant.tenant_id)
    journal = documents.create("JOURNAL", "jv", {"date": "2025-12-20"}, Actor("test"), code="JV-LOCKED")
    reason = "cannot post into a locked period"
    documents.set_posting_state("JOURNAL", journal["id"], "failed", posting_error=reason)
    LedgerStore(tenant.tenant_id).record_exception("JOURNAL", journal["id"], "JV-LOCKED", reason)

    status, page = call(tenant, "exceptions", "/v1/ledger/exceptions")
    assert status == 200
    found = next(item for item in page["items"] if item["document_id"] == journal["id"])
    assert found["document_code"] == "JV-LOCKED" and found["reason"] == reason
    retry_path = f"/v1/ledger/exceptions/JOURNAL/{journal['id']}/retry"
    assert found["retry"] == retry_path

    resource = "/v1/ledger/exceptions/{document_type}/{document_id}/retry"
    params = {"document_type": "JOURNAL", "document_id": journal["id"]}
    status, answer = call(tenant, "retry", retry_path, method="POST", resource=resource, path_params=params)
    assert status == 202 and answer == {
        "document_type": "JOURNAL",
        "document_id": journal["id"],
        "posting_state": "pending",
    }
    after = documents.get("JOURNAL", journal["id"])
    assert after is not None and after["posting_state"] == "pending" and "posting_error" not in after

    missing = {"document_type": "JOURNAL", "document_id": "jv_NOPE"}
    status, _ = call(
        tenant,
        "retry",
        "/v1/ledger/exceptions/JOURNAL/jv_NOPE/retry",
        method="POST",
        resource=resource,
        path_params=missing,
    )
    assert status == 404


# --- tenants and permissions ---------------------------------------------------------------------------


def test_another_tenant_sees_none_of_the_first_ones_ledger(tenant: Identity) -> None:
    other = seed_tenant("tnt_M", user_roles=["viewer"])
    status, tb = call(
        other, "trial_balance", "/v1/ledger/trial-balance", query={"period_from": "2025-01", "period_to": "2026-12"}
    )
    assert status == 200 and tb["lines"] == [] and tb["total_debit"] == "0.00"
    status, page = call(
        other, "entries", "/v1/ledger/entries", query={"date_from": "2025-01-01", "date_to": "2026-12-31"}
    )
    assert status == 200 and page["items"] == []
    status, bs = call(other, "balance_sheet", "/v1/ledger/balance-sheet", query={"as_of": "2026-02"})
    assert status == 200 and bs["total_assets"] == "0.00"

    status, first_page = call(tenant, "entries", "/v1/ledger/entries", query={"date_from": "2026-01-01", "limit": "1"})
    entry_id = first_page["items"][0]["entry_id"]
    status, _ = call(
        other,
        "entries",
        f"/v1/ledger/entries/{entry_id}",
        resource="/v1/ledger/entries/{id}",
        path_params={"id": entry_id},
    )
    assert status == 404
    bank = account(tenant, "1030")
    status, _ = call(
        other,
        "account_ledger",
        f"/v1/ledger/accounts/{bank}/ledger",
        resource="/v1/ledger/accounts/{id}/ledger",
        path_params={"id": bank},
    )
    assert status == 404

    # a viewer reads the ledger but cannot change its settings
    status, _ = call(
        other, "update_settings", "/v1/ledger/settings", method="PUT", body={"version": 0, "hard_lock": "2025-12-31"}
    )
    assert status == 403


def test_csv_downloads_never_hand_a_spreadsheet_a_formula(tenant: Identity) -> None:
    """Before, an account named ``=1+1`` went out raw in the TB, P&L and GL CSVs, and a spreadsheet
    opening them ran it. Every text cell starting with = + - @ tab or CR gets a leading quote (OWASP)."""
    from ledgerlet.hub.documents import Actor, DocumentStore
    from ledgerlet.kind_service import KindService
    from ledgerlet.ledger.entries import convert_line
    from ledgerlet.ledger.store import LedgerStore, entry_id_for
    from ledgerlet.masterdata.accounts import ACCOUNTS

    who = seed_tenant("tnt_CsvFormula")
    service = KindService(ACCOUNTS, DocumentStore(who.tenant_id), Actor("test"))
    fee = service.create(
        ACCOUNTS.create_model.model_validate({"code": "6999", "name": "=1+1", "type": "expense", "subtype": "expense"})
    )
    lines = (
        convert_line(fee["id"], Decimal("5.00"), "MYR", Decimal(1), memo="@SUM(A1:A9)"),
        convert_line(account(who, "1030"), Decimal("-5.00"), "MYR", Decimal(1), memo="-2+3"),
    )
    from ledgerlet.ledger.entries import JournalEntry

    LedgerStore(who.tenant_id).post(
        JournalEntry(entry_id_for("CSV", 0), date(2026, 1, 9), lines, memo="+cmd|' /C calc'!A0"), "test"
    )
    period = {"period_from": "2026-01", "period_to": "2026-01", "format": "csv"}
    downloads = {
        "trial balance": raw(who, "trial_balance", "/v1/ledger/trial-balance", query=period),
        "profit and loss": raw(who, "profit_and_loss", "/v1/ledger/profit-and-loss", query=period),
        "ledger of 6999": raw(
            who,
            "account_ledger",
            f"/v1/ledger/accounts/{fee['id']}/ledger",
            resource="/v1/ledger/accounts/{id}/ledger",
            path_params={"id": fee["id"]},
            query=period,
        ),
        "ledger of the bank": raw(
            who,
            "account_ledger",
            f"/v1/ledger/accounts/{account(who, '1030')}/ledger",
            resource="/v1/ledger/accounts/{id}/ledger",
            path_params={"id": account(who, "1030")},
            query=period,
        ),
    }
    for name, answer in downloads.items():
        assert answer["statusCode"] == 200, (name, answer["body"])
        cells = [cell for row in csv.reader(io.StringIO(answer["body"])) for cell in row]
        formulas = [
            c for c in cells if c.startswith(("=", "+", "@", "\t", "\r")) or (c.startswith("-") and not _number(c))
        ]
        assert not formulas, (name, formulas)
        if name in ("trial balance", "profit and loss"):
            assert "'=1+1" in cells, (name, cells)  # the account's name, shown as text
    memo_cells = {
        name: [c for row in csv.reader(io.StringIO(downloads[name]["body"])) for c in row]
        for name in ("ledger of 6999", "ledger of the bank")
    }
    assert "'@SUM(A1:A9)" in memo_cells["ledger of 6999"]
    assert "'-2+3" in memo_cells["ledger of the bank"]
    assert "-5.00" in memo_cells["ledger of the bank"]  # a negative balance stays a number
    pl = list(csv.reader(io.StringIO(downloads["profit and loss"]["body"])))
    assert pl[-1][-1] == "-5.00"
    # a company set up before the profile was copied into the hub: the name of its own organisation unit
    assert pl[0] == ["Company", "tnt_CsvFormula Sdn Bhd"]


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


# --- dashboard --------------------------------------------------------------------------------------------


def test_the_dashboard_gives_each_month_in_one_answer(tenant: Identity) -> None:
    """By hand from the year posted above (bank 1030): November capital 10,000.00; December a sale of
    3,000.00; January a sale of 5,000.00 and rent 1,200.00; February services 2,500.00, cost of sales
    800.00 and five bank charges of 10.00."""
    status, summary = call(tenant, "dashboard", "/v1/ledger/dashboard", query={"to": "2026-02"})
    assert status == 200, summary
    months = {month["period"]: month for month in summary["months"]}
    assert summary["months"][0]["period"] == "2025-03" and len(months) == 12
    assert months["2025-11"] | {"period": ""} == {
        "period": "",
        "revenue": "0.00",
        "expenses": "0.00",
        "profit": "0.00",
        "receivables": "0.00",
        "payables": "0.00",
        "cash": "10000.00",
    }
    assert (months["2025-12"]["revenue"], months["2025-12"]["cash"]) == ("3000.00", "13000.00")  # 10,000 + 3,000
    january = months["2026-01"]
    # profit 5,000.00 - 1,200.00 = 3,800.00; cash 13,000.00 + 5,000.00 - 1,200.00 = 16,800.00
    assert (january["revenue"], january["expenses"], january["profit"], january["cash"]) == (
        "5000.00",
        "1200.00",
        "3800.00",
        "16800.00",
    )
    february = months["2026-02"]
    # expenses 800.00 + 5 x 10.00 = 850.00; profit 2,500.00 - 850.00 = 1,650.00; cash 16,800 + 2,500 - 850 = 18,450
    assert (february["revenue"], february["expenses"], february["profit"], february["cash"]) == (
        "2500.00",
        "850.00",
        "1650.00",
        "18450.00",
    )
    (bank,) = summary["cash"]
    assert bank["account_id"] == account(tenant, "1030") and bank["label"]
    assert bank["balances"][-4:] == ["10000.00", "13000.00", "16800.00", "18450.00"]
    assert summary["empty"] is False
