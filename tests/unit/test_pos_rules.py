"""The point of sale's arithmetic (ledgerlet.pos.rules): Malaysia's 5-sen rounding of the cash part of a bill,
change, the drawer's expected cash and its over or short, and a return never taking back more than was sold.
Figures worked out by hand in the comments; the algebra checked on any input (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerlet.pos.rules import (
    Tender,
    TenderError,
    expected_cash,
    over_returned,
    over_short,
    receipt_number,
    returnable,
    settle,
)

D = Decimal
sen = st.integers(min_value=0, max_value=10_000_000).map(lambda units: D(units).scaleb(-2))


@pytest.mark.parametrize(
    ("total", "rounded", "rounding"),
    [
        # Bank Negara: 1 and 2 sen round down to 0, 3 and 4 up to 5, 6 and 7 down to 5, 8 and 9 up to 10
        ("10.01", "10.00", "-0.01"),
        ("10.02", "10.00", "-0.02"),
        ("10.03", "10.05", "0.02"),
        ("10.04", "10.05", "0.01"),
        ("10.05", "10.05", "0.00"),
        ("10.06", "10.05", "-0.01"),
        ("10.07", "10.05", "-0.02"),
        ("10.08", "10.10", "0.02"),
        ("10.09", "10.10", "0.01"),
        ("10.10", "10.10", "0.00"),
    ],
)
def test_a_cash_bill_rounds_to_five_sen(total: str, rounded: str, rounding: str) -> None:
    settled = settle(D(total), [Tender("cash", D("50.00"))])
    assert (settled.cash, settled.rounding, settled.total) == (D(rounded), D(rounding), D(rounded))
    assert settled.change == D("50.00") - D(rounded)


def test_only_the_cash_part_of_a_mixed_bill_is_rounded() -> None:
    # 23.47 due; the card pays 20.00, so 3.47 is due in cash, rounded to 3.45 (-0.02); 5.00 tendered, 1.55 change
    settled = settle(D("23.47"), [Tender("card", D("20.00")), Tender("cash", D("5.00"))])
    assert (settled.card, settled.cash, settled.rounding) == (D("20.00"), D("3.45"), D("-0.02"))
    assert (settled.total, settled.change, settled.cash_tendered) == (D("23.45"), D("1.55"), D("5.00"))


def test_a_card_or_e_wallet_bill_is_paid_to_the_sen() -> None:
    # 23.47 by e-wallet: no cash, no rounding
    settled = settle(D("23.47"), [Tender("ewallet", D("23.47"))])
    assert (settled.ewallet, settled.cash, settled.rounding, settled.total) == (D("23.47"), 0, 0, D("23.47"))


@pytest.mark.parametrize(
    ("tenders", "code"),
    [
        ([Tender("cash", D("10.00"))], "pos.tender_short"),  # 10.03 rounds to 10.05: 10.00 is short
        ([Tender("card", D("10.04"))], "pos.tender_over"),  # a card never pays more than the total
        ([], "pos.tender_short"),
        ([Tender("cash", D("-1"))], "pos.tender_negative"),
        ([Tender("voucher", D("10.05"))], "pos.tender_kind"),
    ],
)
def test_tenders_that_do_not_pay_the_bill_are_refused(tenders: list[Tender], code: str) -> None:
    with pytest.raises(TenderError) as refused:
        settle(D("10.03"), tenders)
    assert refused.value.code == code


def test_a_refund_gives_back_exactly_the_rounded_cash() -> None:
    # returning 4.99 in cash: 5.00 comes back (rounding +0.01); 4.95 or 5.05 is not the refund
    settled = settle(D("4.99"), [Tender("cash", D("5.00"))], refund=True)
    assert (settled.cash, settled.rounding, settled.change) == (D("5.00"), D("0.01"), 0)
    for wrong in ("4.95", "5.05"):
        with pytest.raises(TenderError) as refused:
            settle(D("4.99"), [Tender("cash", D(wrong))], refund=True)
        assert refused.value.code == "pos.tender_refund"


@given(total=sen, card=sen, extra=sen)
def test_a_settlement_adds_up_whatever_the_bill(total: Decimal, card: Decimal, extra: Decimal) -> None:
    card = min(card, total)
    due = total - card
    # enough cash for the due amount rounded up to the next 5 sen, plus some more
    cash = due + D("0.05") + extra
    settled = settle(total, [Tender("card", card), Tender("cash", cash)])
    assert settled.cash % D("0.05") == 0  # the drawer only ever takes multiples of 5 sen
    assert abs(settled.rounding) <= D("0.02")  # never more than 2 sen either way
    assert settled.cash == due + settled.rounding
    assert settled.total == total + settled.rounding == settled.cash + settled.card + settled.ewallet
    assert settled.change == cash - settled.cash >= 0


def test_the_drawer_expects_its_float_and_the_cash_that_came_and_went() -> None:
    # 200.00 float + sales 10.05 + 3.45 - refund 5.00 + cash in 50.00 - pickup 100.00 = 158.50
    expected = expected_cash(D("200.00"), [D("10.05"), D("3.45")], [D("5.00")], [D("50.00")], [D("100.00")])
    assert expected == D("158.50")
    assert over_short(D("158.00"), expected) == D("-0.50")  # 50 sen short
    assert over_short(D("160.00"), expected) == D("1.50")  # RM 1.50 over


@given(
    opening=sen,
    taken=st.lists(sen, max_size=8),
    refunded=st.lists(sen, max_size=4),
    cash_in=st.lists(sen, max_size=3),
    cash_out=st.lists(sen, max_size=3),
    counted=sen,
)
def test_over_and_short_is_what_the_count_differs_from_the_books(
    *,
    opening: Decimal,
    taken: list[Decimal],
    refunded: list[Decimal],
    cash_in: list[Decimal],
    cash_out: list[Decimal],
    counted: Decimal,
) -> None:
    expected = expected_cash(opening, taken, refunded, cash_in, cash_out)
    assert expected - opening == sum(taken) - sum(refunded) + sum(cash_in) - sum(cash_out)
    assert expected + over_short(counted, expected) == counted  # the over/short posted makes the drawer the count
    # the order of the sales does not matter
    assert expected_cash(opening, reversed(taken), refunded, cash_in, cash_out) == expected


def test_a_return_never_takes_back_more_than_was_sold() -> None:
    sold = {"rice": D(3), "sugar": D(1)}
    # 1 rice was returned before: 2 are left; a return of 2 rice fits, a third in the same return does not
    assert over_returned(sold, {"rice": D(1)}, [("rice", D(2))]) == []
    wrong = over_returned(sold, {"rice": D(1)}, [("rice", D(2)), ("rice", D(1)), ("sugar", D(1))])
    assert [(w.position, w.item_id, w.left) for w in wrong] == [(1, "rice", D(0))]
    # an item the receipt never sold
    assert [(w.position, w.left) for w in over_returned(sold, {}, [("salt", D(1))])] == [(0, D(0))]


@given(
    sold=st.dictionaries(st.sampled_from("abc"), st.integers(1, 20).map(D), min_size=1),
    returns=st.lists(st.lists(st.tuples(st.sampled_from("abcd"), st.integers(1, 8).map(D)), max_size=3), max_size=8),
)
def test_returns_accepted_one_after_another_never_exceed_the_receipt(
    sold: dict[str, Decimal], returns: list[list[tuple[str, Decimal]]]
) -> None:
    returned: dict[str, Decimal] = {}
    for lines in returns:
        if over_returned(sold, returned, lines):
            continue  # refused whole
        for item, qty in lines:
            returned[item] = returned.get(item, D(0)) + qty
    assert all(returned.get(item, D(0)) <= qty for item, qty in sold.items())
    assert set(returned) <= set(sold)
    assert all(left >= 0 for left in returnable(sold, returned).values())


def test_a_receipt_number_is_the_register_and_six_digits() -> None:
    assert receipt_number("R01", 42) == "R01-000042"
