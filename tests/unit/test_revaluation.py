"""The unrealised FX revaluation rule: differences, base-only lines, the reversal, refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerlet.ledger.entries import NO_DIMENSIONS, totals_by_account
from ledgerlet.ledger.revaluation import (
    MissingRate,
    OpenBalance,
    difference,
    open_balances,
    revaluation_entries,
    revaluation_lines,
)
from ledgerlet.ledger.store import BalanceItem, entry_id_for
from ledgerlet.money import quantize

DIMS = NO_DIMENSIONS.key()
GAIN, LOSS = "acc_GAIN", "acc_LOSS"


def item(account: str, period: str, by: dict[str, str], base: dict[str, str]) -> BalanceItem:
    return BalanceItem(
        account,
        period,
        DIMS,
        Decimal(0),
        Decimal(0),
        {k: Decimal(v) for k, v in by.items()},
        {k: Decimal(v) for k, v in base.items()},
    )


def test_open_balances_sum_periods_and_skip_myr_closed_and_non_monetary() -> None:
    items = [
        item("acc_BANK", "2026-10", {"USD": "1000.00", "MYR": "50.00"}, {"USD": "4400.00", "MYR": "50.00"}),
        item("acc_BANK", "2026-11", {"USD": "-200.00"}, {"USD": "-890.00"}),
        item("acc_AR", "2026-11", {"SGD": "300.00"}, {"SGD": "1000.00"}),
        item("acc_AR", "2026-11", {"SGD": "-300.00"}, {"SGD": "-1005.00"}),  # closed, though MYR is left
        item("acc_SALES", "2026-11", {"USD": "-500.00"}, {"USD": "-2200.00"}),  # not monetary
    ]
    found = open_balances(items, {"acc_BANK", "acc_AR"})
    assert found == [OpenBalance("acc_BANK", DIMS, "USD", Decimal("800.00"), Decimal("3510.00"))]


def test_an_asset_gain_and_a_liability_loss_post_base_only_lines_and_reverse_next_period() -> None:
    balances = [
        OpenBalance("acc_BANK", DIMS, "USD", Decimal("800.00"), Decimal("3510.00")),  # at 4.50: 3600.00, +90.00
        OpenBalance("acc_AP", DIMS, "USD", Decimal("-100.00"), Decimal("-440.00")),  # at 4.50: -450.00, -10.00
    ]
    lines = revaluation_lines(balances, {"USD": Decimal("4.5")}, gain_account=GAIN, loss_account=LOSS)
    assert [(x.account_id, x.currency, x.amount, x.base_amount) for x in lines] == [
        ("acc_BANK", "USD", Decimal(0), Decimal("90.00")),
        ("acc_AP", "USD", Decimal(0), Decimal("-10.00")),
        (GAIN, "MYR", Decimal(0), Decimal("-90.00")),
        (LOSS, "MYR", Decimal(0), Decimal("10.00")),
    ]
    entry, reversed_ = revaluation_entries("2026-11", lines)
    assert entry.entry_id == entry_id_for("REVAL:2026-11", 0) and reversed_.entry_id == entry_id_for("REVAL:2026-11", 1)
    assert entry.date == date(2026, 11, 30) and reversed_.date == date(2026, 12, 1)
    assert entry.source_type == "REVALUATION" and entry.source_code == "REVAL-2026-11"
    assert reversed_.reverses == entry.entry_id


def test_nothing_to_post_when_every_balance_already_stands_at_the_rate() -> None:
    balances = [OpenBalance("acc_BANK", DIMS, "USD", Decimal("800.00"), Decimal("3600.00"))]
    assert revaluation_lines(balances, {"USD": Decimal("4.5")}, gain_account=GAIN, loss_account=LOSS) == []
    assert revaluation_entries("2026-11", []) == []


def test_a_missing_rate_is_refused_naming_the_currency() -> None:
    balances = [
        OpenBalance("acc_BANK", DIMS, "USD", Decimal("1.00"), Decimal("4.00")),
        OpenBalance("acc_BANK", DIMS, "JPY", Decimal("100"), Decimal("3.00")),
    ]
    with pytest.raises(MissingRate, match="JPY"):
        revaluation_lines(balances, {"USD": Decimal("4.5")}, gain_account=GAIN, loss_account=LOSS)


amounts = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2).filter(bool)
carried = st.decimals(min_value=Decimal("-5000000"), max_value=Decimal("5000000"), places=2)
rates = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("20"), places=4)


@given(st.lists(st.tuples(amounts, carried), min_size=1, max_size=6), rates)
def test_revalued_carried_amount_is_amount_times_rate_and_the_reversal_nets_to_zero(
    legs: list[tuple[Decimal, Decimal]], rate: Decimal
) -> None:
    balances = [OpenBalance(f"acc_{n}", DIMS, "USD", amount, base) for n, (amount, base) in enumerate(legs)]
    lines = revaluation_lines(balances, {"USD": rate}, gain_account=GAIN, loss_account=LOSS)
    moved = {line.account_id: line.base_amount for line in lines}
    for balance in balances:  # carried + what the entry moves == amount x rate, to the sen
        assert balance.carried + moved.get(balance.account_id, Decimal(0)) == quantize(balance.amount * rate, "MYR")
        assert difference(balance, rate) == moved.get(balance.account_id, Decimal(0))
    entries = revaluation_entries("2026-02", lines)
    if not lines:
        return
    totals = totals_by_account(entries)  # entry + reversal: every account back where it was
    assert all(t.base_balance == 0 and all(v == 0 for v in t.by_currency.values()) for t in totals.values())
    assert all(line.amount == 0 for line in entries[0].lines)  # base-only: no currency balance moves
