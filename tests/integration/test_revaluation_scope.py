"""Which balances a period end revalues, on the seeded chart (moto): monetary items only.

Before: every account of subtype current_asset, current_liability or non_current_liability was
revalued too, so buying USD through the currency exchange clearing account cancelled the bank's gain
with a loss on the clearing account, and a USD prepayment was restated.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.support.hub import seed_tenant

PERIOD = "2026-10"
# Monetary (IAS 21 / MPERS 30: a fixed number of units of currency to receive or pay), written out by
# hand from the seeded chart: cash and bank; trade, other and SST receivables; trade and other
# payables, accruals and goods received not invoiced; SST, salaries, EPF, SOCSO, EIS, PCB and income
# tax payable; amounts due to directors; the overdraft and loans.
MONETARY = {
    *("1010", "1020", "1030", "1040", "1100", "1120", "1140"),
    *("2100", "2110", "2120", "2200", "2210", "2300", "2400", "2410", "2420", "2430", "2440", "2500"),
    *("2600", "2710", "2720"),
}


def _accounts(tenant_id: str) -> dict[str, Any]:
    from ledgerlet.hub.documents import DocumentStore
    from ledgerlet.masterdata.contract import MasterData

    return {account.code: account for account in MasterData(DocumentStore(tenant_id)).accounts()}


def _set_rate(tenant_id: str, currency: str, day: str, rate: str) -> None:
    from ledgerlet.hub.documents import Actor, DocumentStore
    from ledgerlet.masterdata.exchange_rates import ExchangeRates, RateInput

    store = DocumentStore(tenant_id)
    found = store.find_by_code("CURRENCY", currency)
    assert found is not None
    ExchangeRates(store, Actor("test")).set_rate(found["id"], day, RateInput(rate=Decimal(rate)))


def test_every_postable_account_of_the_seeded_chart_is_revalued_only_if_monetary(hub: object) -> None:
    from ledgerlet.ledger.entries import JournalEntry, JournalLine
    from ledgerlet.ledger.revaluation import revalue
    from ledgerlet.ledger.store import LedgerStore, entry_id_for

    tenant_id = "tnt_RevalScope"
    seed_tenant(tenant_id)
    accounts = _accounts(tenant_id)
    postable = sorted(code for code, account in accounts.items() if not account.is_header)
    # USD 100.00 at 4.00 (MYR 400.00) on every postable account but share capital, which takes the other side
    others = [code for code in postable if code != "3100"]
    lines = [JournalLine(accounts[code].id, Decimal("100.00"), "USD", Decimal("400.00")) for code in others]
    total = Decimal("100.00") * len(others)
    lines.append(JournalLine(accounts["3100"].id, -total, "USD", -total * 4))
    LedgerStore(tenant_id).post(
        JournalEntry(entry_id_for("SETUP", 0), date(2026, 10, 5), tuple(lines), source_type="TEST", source_id="s"),
        "test",
    )
    # At the month end USD is 4.50: each monetary USD 100.00 is MYR 450.00, 50.00 more than carried
    _set_rate(tenant_id, "USD", "2026-10-31", "4.50")

    done = revalue(tenant_id, PERIOD, "test")

    stored = LedgerStore(tenant_id).entry(done["entry_ids"][0])
    assert stored is not None
    by_code = {a.id: code for code, a in accounts.items()}
    revalued = {by_code[line["account_id"]]: line["base_amount"] for line in stored["lines"]}
    gain = revalued.pop("4560")
    assert set(revalued) == MONETARY
    assert all(amount == Decimal("50.00") for amount in revalued.values())
    assert gain == Decimal("-1100.00")  # 22 monetary accounts x 50.00, credited to unrealised gain
    # Named non-monetary items (prepayments, clearing, inventory, advances received, the impairment
    # allowance, deferred tax, fixed assets, equity) and the other subtypes keep their carried MYR
    for code in ("1110", "1130", "1150", "1200", "2130", "2730", "1510", "1511", "3100"):
        assert code not in revalued, code
    subtypes = {accounts[code].subtype for code in others}
    revalued_subtypes = {accounts[code].subtype for code in MONETARY}
    assert {"current_asset", "current_liability", "non_current_liability"} <= subtypes & revalued_subtypes
    assert {
        "inventory",
        "fixed_asset",
        "accumulated_depreciation",
        "expense",
        "revenue",
    } <= subtypes - revalued_subtypes


def test_a_flag_makes_an_account_monetary_whatever_its_subtype(hub: object) -> None:
    from ledgerlet.hub.documents import Actor, DocumentStore
    from ledgerlet.kind_service import KindService
    from ledgerlet.masterdata.accounts import ACCOUNTS

    tenant_id = "tnt_RevalFlag"
    seed_tenant(tenant_id)
    service = KindService(ACCOUNTS, DocumentStore(tenant_id), Actor("test"))
    loan = service.create(
        ACCOUNTS.create_model.model_validate(
            {"code": "1160", "name": "Loan to supplier (USD)", "type": "asset", "subtype": "current_asset"}
        )
    )
    assert _accounts(tenant_id)["1160"].monetary is False  # a current asset is not monetary by default
    service.update(loan["id"], ACCOUNTS.update_model.model_validate({"version": loan["version"], "monetary": True}))
    assert _accounts(tenant_id)["1160"].monetary is True
