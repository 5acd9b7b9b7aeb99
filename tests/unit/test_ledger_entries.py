"""Journal entries: balanced on construction, rounding posted by rule, reversals and totals that add up.

The strategies here (``entries``, ``ledgers``) generate valid multi-currency entries the way the
product builds them, through ``convert_lines`` and ``balance_entry``; the statement tests reuse them.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from ledgerlet.ledger.entries import (
    Dimensions,
    InvalidEntry,
    JournalEntry,
    JournalLine,
    Totals,
    UnbalancedEntry,
    balance_entry,
    convert_line,
    convert_lines,
    reversal,
    totals_by_account,
)
from ledgerlet.money import BASE_CURRENCY, is_quantized, quantize, to_base
from ledgerlet.reference.sme_chart import SME_CHART, SYSTEM_ACCOUNTS

POSTABLE = tuple(seed.code for seed in SME_CHART if not seed.is_header)
ROUNDING = SYSTEM_ACCOUNTS["rounding"]
CURRENT_YEAR_EARNINGS = SYSTEM_ACCOUNTS["current_year_earnings"]
RETAINED_EARNINGS = SYSTEM_ACCOUNTS["retained_earnings"]
# Accounts generated entries post to: every postable account but the ones statements fold profit into.
POSTING_ACCOUNTS = tuple(code for code in POSTABLE if code not in {CURRENT_YEAR_EARNINGS, RETAINED_EARNINGS})
CURRENCIES = ("MYR", "USD", "SGD", "JPY")
DAY = date(2026, 3, 14)

dimensions = st.builds(
    Dimensions,
    branch=st.sampled_from([None, "org_kl", "org_pg"]),
    department=st.sampled_from([None, "org_sales"]),
    project=st.sampled_from([None, "prj_1"]),
)


def rates(currency: str) -> st.SearchStrategy[Decimal]:
    """MYR per unit: exactly 1 for MYR, a rate with up to six places otherwise."""
    if currency == BASE_CURRENCY:
        return st.just(Decimal(1))
    low, high = (Decimal("0.02"), Decimal("0.05")) if currency == "JPY" else (Decimal("2"), Decimal("5"))
    return st.decimals(min_value=low, max_value=high, places=6)


def amounts(currency: str) -> st.SearchStrategy[Decimal]:
    """A signed, non-zero amount at the currency's precision."""
    unit = Decimal(1).scaleb(-2 if currency != "JPY" else 0)
    return st.integers(min_value=-(10**7), max_value=10**7).filter(bool).map(lambda n: n * unit)


@st.composite
def legs(draw: st.DrawFn) -> tuple[JournalLine, ...]:
    """A group of lines in one currency that sums to zero in that currency."""
    currency = draw(st.sampled_from(CURRENCIES))
    rate = draw(rates(currency))
    values = draw(st.lists(amounts(currency), min_size=1, max_size=4))
    if total := sum(values, Decimal(0)):
        values.append(-total)
    else:
        values += [values[0], -values[0]]  # the draws cancelled out: add a non-zero pair instead
    accounts = draw(st.lists(st.sampled_from(POSTING_ACCOUNTS), min_size=len(values), max_size=len(values)))
    dims = draw(dimensions)
    return convert_lines(zip(accounts, values, strict=True), currency, rate, dimensions=dims)


@st.composite
def entries(draw: st.DrawFn, entry_id: str = "je_1", on: date | st.SearchStrategy[date] = DAY) -> JournalEntry:
    """A valid entry of one to three single-currency groups, balanced in MYR by ``balance_entry``."""
    groups = draw(st.lists(legs(), min_size=1, max_size=3))
    day = draw(on) if isinstance(on, st.SearchStrategy) else on
    return balance_entry(entry_id, day, [line for group in groups for line in group], rounding_account_id=ROUNDING)


@st.composite
def ledgers(
    draw: st.DrawFn, days: st.SearchStrategy[date] | None = None, max_size: int = 8
) -> tuple[JournalEntry, ...]:
    """A list of valid entries with distinct ids, dated by ``days`` (one fixed day by default)."""
    count = draw(st.integers(min_value=0, max_value=max_size))
    on = days if days is not None else st.just(DAY)
    return tuple(draw(entries(f"je_{n}", on)) for n in range(count))


def line(account: str, amount: str, currency: str = "MYR", base: str | None = None) -> JournalLine:
    return JournalLine(account, Decimal(amount), currency, Decimal(amount if base is None else base))


# --- money ------------------------------------------------------------------------------------------


def test_quantize_rounds_half_up_to_the_currency_precision() -> None:
    assert quantize(Decimal("10.005"), "MYR") == Decimal("10.01")
    assert quantize(Decimal("-10.005"), "MYR") == Decimal("-10.01")
    assert quantize(Decimal("2.5"), "JPY") == Decimal("3")
    assert quantize(Decimal("1.0005"), "KWD") == Decimal("1.001")
    assert str(quantize(Decimal("-0.001"), "MYR")) == "0.00"  # no negative zero


def test_to_base_multiplies_and_rounds_to_sen() -> None:
    assert to_base(Decimal("100"), Decimal("0.0312")) == Decimal("3.12")
    assert to_base(Decimal("10.01"), Decimal("4.4725")) == Decimal("44.77")  # 44.769725


# --- construction rules -----------------------------------------------------------------------------


def test_a_valid_entry_is_immutable() -> None:
    entry = JournalEntry("je_1", DAY, (line("1010", "10.00"), line("4100", "-10.00")))
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.memo = "changed"  # type: ignore[misc]
    assert entry.lines[0].debit == Decimal("10.00") and entry.lines[1].credit == Decimal("10.00")
    assert entry.lines[1].base_credit == Decimal("10.00") and entry.lines[1].base_debit == 0


@pytest.mark.parametrize(
    ("lines", "error", "reason"),
    [
        ((line("1010", "10.00"),), InvalidEntry, "at least two lines"),
        ((line("1010", "10.001"), line("4100", "-10.001")), InvalidEntry, "line 0: amount"),
        (
            (line("1040", "5", "JPY", "0.15"), line("4100", "-5.5", "JPY", "-0.15")),
            InvalidEntry,
            "line 1: amount Decimal('-5.5') is not a Decimal at JPY precision",
        ),
        ((line("1010", "10.00"), line("4100", "-10.00", base="-10.004")), InvalidEntry, "line 1: base_amount"),
        ((line("1010", "10.00"), line("4100", "-10.00"), line("6530", "0")), InvalidEntry, "line 2: amount and"),
        ((line("1010", "10.00"), line("4100", "-9.00")), UnbalancedEntry, "MYR amounts sum to 1.00"),
        (
            (line("1040", "10.00", "USD", "44.70"), line("4100", "-10.00", "USD", "-44.80")),
            UnbalancedEntry,
            "base amounts sum to -0.10",
        ),
        ((line("1010", "10.00", base="11.00"), line("4100", "-11.00")), InvalidEntry, "line 0: a MYR line"),
        ((line("1010", "10.00", "usd", "44.70"), line("4100", "-44.70")), InvalidEntry, "line 0: currency"),
        ((line("", "10.00"), line("4100", "-10.00")), InvalidEntry, "line 0: account_id is empty"),
        (
            (JournalLine("1010", 10.0, "MYR", Decimal(10)), line("4100", "-10.00")),  # type: ignore[arg-type]
            InvalidEntry,
            "line 0: amount 10.0 is not a Decimal",
        ),
    ],
)
def test_invalid_and_unbalanced_entries_are_refused_with_the_reason(
    lines: tuple[JournalLine, ...], error: type[Exception], reason: str
) -> None:
    with pytest.raises(error, match=re.escape(reason)):
        JournalEntry("je_1", DAY, lines)


def test_a_base_only_line_is_allowed_but_not_an_empty_one() -> None:
    entry = JournalEntry(
        "je_reval",
        DAY,
        # an unrealised exchange gain: both sides are base-only, so USD and MYR amounts still balance
        (line("1100", "0.00", "USD", "12.30"), line("4560", "0.00", "MYR", "-12.30")),
    )
    assert entry.lines[0].amount == 0 and entry.lines[0].base_debit == Decimal("12.30")
    assert entry.lines[1].credit == 0 and entry.lines[1].base_credit == Decimal("12.30")


def test_bad_header_fields_are_refused() -> None:
    lines = (line("1010", "1.00"), line("4100", "-1.00"))
    with pytest.raises(InvalidEntry, match="entry_id is empty"):
        JournalEntry("", DAY, lines)
    with pytest.raises(InvalidEntry, match=r"datetime\.date"):
        JournalEntry("je_1", "2026-03-14", lines)  # type: ignore[arg-type]
    with pytest.raises(InvalidEntry, match="reverse itself"):
        JournalEntry("je_1", DAY, lines, reverses="je_1")


# --- rounding by rule -------------------------------------------------------------------------------


def test_rounding_within_tolerance_goes_to_the_rounding_account() -> None:
    # Given three USD lines converted one by one: 1.01 + 1.01 - 2.02 USD at 4.4725 MYR
    legs = [("1100", Decimal("1.01")), ("1120", Decimal("1.01")), ("4100", Decimal("-2.02"))]
    lines = convert_lines(legs, "USD", Decimal("4.4725"))
    assert [li.base_amount for li in lines] == [Decimal("4.52"), Decimal("4.52"), Decimal("-9.03")]
    # When balanced by rule
    entry = balance_entry("je_1", DAY, lines, rounding_account_id=ROUNDING, memo="Sale")
    # Then one base-only MYR line takes the difference and every currency still balances
    rounding = entry.lines[-1]
    assert (rounding.account_id, rounding.currency, rounding.amount, rounding.base_amount) == (
        ROUNDING,
        "MYR",
        Decimal(0),
        Decimal("-0.01"),
    )
    assert len(entry.lines) == 4 and entry.memo == "Sale"


def test_no_rounding_line_when_the_base_amounts_already_balance() -> None:
    lines = convert_lines([("1100", Decimal("10.00")), ("4100", Decimal("-10.00"))], "USD", Decimal("4.4725"))
    assert balance_entry("je_1", DAY, lines, rounding_account_id=ROUNDING).lines == lines


def test_rounding_beyond_tolerance_is_refused() -> None:
    # a USD settlement at two different rates is an exchange difference, not rounding
    lines = (
        convert_line("1040", Decimal("100.00"), "USD", Decimal("4.47")),
        convert_line("1100", Decimal("-100.00"), "USD", Decimal("4.40")),
    )
    with pytest.raises(UnbalancedEntry, match="beyond the rounding tolerance"):
        balance_entry("je_1", DAY, lines, rounding_account_id=ROUNDING)
    with pytest.raises(UnbalancedEntry, match=r"beyond the rounding tolerance of 0\.001"):
        lines = (line("1120", "1.00", "USD", "4.47"), line("4100", "-1.00", "USD", "-4.46"))
        balance_entry("je_1", DAY, lines, rounding_account_id=ROUNDING, tolerance=Decimal("0.001"))


def test_balance_entry_refuses_a_currency_that_does_not_balance() -> None:
    with pytest.raises(UnbalancedEntry, match=r"USD amounts sum to 1\.00"):
        balance_entry(
            "je_1",
            DAY,
            convert_lines([("1100", Decimal("11.00")), ("4100", Decimal("-10.00"))], "USD", Decimal("4")),
            rounding_account_id=ROUNDING,
        )


def test_convert_line_refuses_a_base_currency_rate_other_than_one() -> None:
    with pytest.raises(InvalidEntry, match="rate 1"):
        convert_line("1010", Decimal("1.00"), "MYR", Decimal("1.1"))
    with pytest.raises(InvalidEntry, match="positive Decimal"):
        convert_line("1040", Decimal("1.00"), "USD", Decimal("-4"))


@given(entries())
def test_generated_entries_are_valid_and_at_precision(entry: JournalEntry) -> None:
    assert sum(li.base_amount for li in entry.lines) == 0
    for li in entry.lines:
        assert is_quantized(li.amount, li.currency) and is_quantized(li.base_amount, BASE_CURRENCY)
    # at most one rounding line, and only base-only
    rounding = [li for li in entry.lines if li.memo == "Rounding difference"]
    assert len(rounding) <= 1
    assert all(li.amount == 0 and li.account_id == ROUNDING for li in rounding)


# --- reversal and totals ----------------------------------------------------------------------------


@given(entries())
def test_reversal_and_original_net_every_account_to_zero(entry: JournalEntry) -> None:
    undo = reversal(entry, "je_2", date(2026, 4, 1))
    assert (undo.reverses, undo.date, undo.memo) == ("je_1", date(2026, 4, 1), "Reversal of je_1")
    for totals in totals_by_account([entry, undo]).values():
        assert totals.base_debit == totals.base_credit
        assert totals.base_balance == 0
        assert all(amount == 0 for amount in totals.by_currency.values())
    assert not any(li.amount.is_signed() for li in undo.lines if not li.amount)  # no negative zeros


@given(ledgers(), st.integers(min_value=0, max_value=8))
def test_totals_by_account_is_additive(ledger: tuple[JournalEntry, ...], cut: int) -> None:
    whole = totals_by_account(ledger)
    first, second = totals_by_account(ledger[:cut]), totals_by_account(ledger[cut:])
    combined = {key: first.get(key, Totals()) + second.get(key, Totals()) for key in first.keys() | second.keys()}
    assert combined == whole


@given(ledgers())
def test_a_ledger_of_valid_entries_balances_in_total_and_per_currency(ledger: tuple[JournalEntry, ...]) -> None:
    total = sum(totals_by_account(ledger).values(), Totals())
    assert total.base_debit == total.base_credit
    assert all(amount == 0 for amount in total.by_currency.values())


def test_totals_key_by_account_and_dimensions() -> None:
    kl = Dimensions(branch="org_kl")
    entry = JournalEntry(
        "je_1",
        DAY,
        (
            JournalLine("1010", Decimal("5.00"), "MYR", Decimal("5.00"), kl),
            JournalLine("1010", Decimal("3.00"), "MYR", Decimal("3.00")),
            JournalLine("4100", Decimal("-8.00"), "MYR", Decimal("-8.00"), kl),
        ),
    )
    totals = totals_by_account([entry])
    assert set(totals) == {
        ("1010", "branch=org_kl|department=-|project=-"),
        ("1010", "branch=-|department=-|project=-"),
        ("4100", "branch=org_kl|department=-|project=-"),
    }
    assert totals[("4100", kl.key())].base_credit == Decimal("8.00")
    assert dict(totals[("4100", kl.key())].by_currency) == {"MYR": Decimal("-8.00")}


@given(dimensions)
def test_dimensions_key_round_trips(dims: Dimensions) -> None:
    assert Dimensions.from_key(dims.key()) == dims


def test_dimensions_key_format_is_stable() -> None:
    assert Dimensions().key() == "branch=-|department=-|project=-"
    assert Dimensions("org_1", None, "prj_9").key() == "branch=org_1|department=-|project=prj_9"
    with pytest.raises(ValueError, match="not a dimensions key"):
        Dimensions.from_key("branch=x")


def test_generated_entries_do_exercise_the_rounding_rule() -> None:
    # Found, not shrunk: shrinking an entry to the smallest such one took most of a minute.
    entry = find(
        entries(),
        lambda e: any(li.amount == 0 for li in e.lines),
        settings=settings(phases=[Phase.generate], database=None, max_examples=5000),
    )
    assert entry.lines[-1].account_id == ROUNDING and entry.lines[-1].base_amount
