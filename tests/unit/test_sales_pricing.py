"""Sales pricing and Malaysian SST: price look-up, line and document discounts, tax-exclusive and
tax-inclusive prices, tax rounded per line or per document, and Bank Negara's 5-sen cash rounding.

Every expected figure below is computed by hand from the rules in ``ledgerlet.sales.pricing``'s docstring,
with the arithmetic written next to it; none is copied from the engine's output. Money rounds half up to
the currency's precision (2 places for MYR, 0 for JPY, 3 for KWD). Figures are compared as text, so a
figure at the wrong precision ("5.370" for "5.37") fails too.

Tax codes used: ST5 / ST10 sales tax (LHDN type 01) at 5% / 10%, SV6 / SV8 service tax (02) at 6% / 8%,
EX exempt (E) and NA not applicable (06).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerlet.sales.pricing import (
    Document,
    Line,
    LineTotals,
    Price,
    PriceBook,
    PriceLine,
    PricingError,
    TaxCode,
    Totals,
    compute_totals,
    find_price,
    price_list,
)
from ledgerlet.sales.rounding import BNM_CASH_ROUNDING, allocate, cash_round

if TYPE_CHECKING:
    from ledgerlet.sales.pricing import TaxRounding

D = Decimal
Num = str | int | Decimal

ST5 = TaxCode("tax_st5", "01", D(5))
ST10 = TaxCode("tax_st10", "01", D(10))
SV6 = TaxCode("tax_sv6", "02", D(6))
SV8 = TaxCode("tax_sv8", "02", D(8))
EX = TaxCode("tax_ex", "E")
NA = TaxCode("tax_na", "06")
REASON = "Exempted under Sales Tax (Goods Exempted From Tax) Order 2022"


def line(qty: Num, price: Num, tax: TaxCode = ST10, **kw: Any) -> Line:
    for name in ("discount_percent", "discount_amount"):
        if kw.get(name) is not None:
            kw[name] = D(kw[name])
    return Line(D(qty), D(price), tax, **kw)


def doc(*lines: Line, currency: str = "MYR", inclusive: bool = False, **kw: Any) -> Document:
    for name in ("discount_percent", "discount_amount"):
        if kw.get(name) is not None:
            kw[name] = D(kw[name])
    return Document(currency, tuple(lines), prices_include_tax=inclusive, **kw)


def _amounts(t: LineTotals) -> tuple[Decimal, ...]:
    return (t.gross, t.line_discount, t.document_discount, t.net, t.tax, t.total)


def figures(t: LineTotals) -> tuple[str, ...]:
    """A line as text: (gross, line discount, document discount share, net, tax, total)."""
    return tuple(str(x) for x in _amounts(t))


def summary(t: Totals) -> tuple[str, ...]:
    """The document as text: (gross, line discount, subtotal, discount, net, tax, before rounding, rounding, total)."""
    return tuple(
        str(x)
        for x in (
            t.gross,
            t.line_discount,
            t.subtotal,
            t.discount,
            t.net,
            t.tax,
            t.total_before_rounding,
            t.rounding,
            t.total,
        )
    )


def taxes(t: Totals) -> list[tuple[str, ...]]:
    """Per tax code as text: (code, tax type, taxable, tax)."""
    return [(s.tax_code_id, s.tax_type, str(s.taxable), str(s.tax)) for s in t.taxes]


def problems(document: Document, **kw: Any) -> list[tuple[str, str]]:
    with pytest.raises(PricingError) as raised:
        compute_totals(document, **kw)
    return [(p.field, p.code) for p in raised.value.problems]


# 1. Price look-up ---------------------------------------------------------------------------------------------------

ON = date(2026, 3, 25)
LIST = PriceBook(
    "pb_list",
    (
        PriceLine("itm_tea", D("12.00")),  # from 1 (the default min_quantity)
        PriceLine("itm_tea", D("11.00"), min_quantity=D(10)),
        PriceLine("itm_tea", D("10.50"), min_quantity=D(50)),
        PriceLine("itm_cup", D("3.50")),
        PriceLine("itm_tea", D("130.00"), uom="BX"),  # a box of 12
    ),
)
TRADE = PriceBook("pb_trade", (PriceLine("itm_tea", D("10.00")),), customer_group="TRADE")
KEDAI = PriceBook("pb_kedai", (PriceLine("itm_tea", D("9.50")),), customer_id="cus_kedai", customer_group="TRADE")
BOOKS = (LIST, TRADE, KEDAI)


def price_of(
    books: Sequence[PriceBook] = BOOKS,
    item: str = "itm_tea",
    qty: Num = 1,
    *,
    customer: str | None = "cus_walkin",
    group: str | None = None,
    currency: str = "MYR",
    on: date = ON,
    uom: str | None = None,
    base_uom: str | None = "C62",
) -> tuple[str, str] | None:
    """(unit price, book id) of the price found, or None."""
    found = find_price(
        books,
        item_id=item,
        quantity=D(qty),
        currency=currency,
        on=on,
        uom=uom,
        base_uom=base_uom,
        customer_id=customer,
        customer_group=group,
    )
    return None if found is None else (str(found.unit_price), found.book_id)


def test_a_customers_own_book_beats_its_groups_which_beats_a_general_book() -> None:
    assert price_of(customer="cus_kedai", group="TRADE") == ("9.50", "pb_kedai")  # its own book
    assert price_of(customer="cus_other", group="TRADE") == ("10.00", "pb_trade")  # its group's book
    assert price_of(customer="cus_retail", group="RETAIL") == ("12.00", "pb_list")  # the general book
    assert price_of(customer="cus_walkin", group=None) == ("12.00", "pb_list")


def test_the_best_book_answers_even_when_a_lower_book_has_a_lower_break() -> None:
    # 60 of tea for cus_kedai: its own book has 9.50 from 1; the list's 10.50 from 50 is not considered
    assert price_of(qty=60, customer="cus_kedai", group="TRADE") == ("9.50", "pb_kedai")
    # cus_other (TRADE): the trade book's 10.00 from 1, not the list's 10.50 from 50
    assert price_of(qty=60, customer="cus_other", group="TRADE") == ("10.00", "pb_trade")


def test_a_book_without_a_price_for_the_item_passes_to_the_next() -> None:
    # neither the customer's nor the group's book prices cups: the list's 3.50
    assert price_of(item="itm_cup", customer="cus_kedai", group="TRADE") == ("3.50", "pb_list")


def test_another_customers_or_groups_book_does_not_apply() -> None:
    assert price_of(books=(KEDAI, TRADE), customer="cus_other", group="RETAIL") is None


@pytest.mark.parametrize(
    ("qty", "expected"),
    [
        ("1", "12.00"),  # breaks at 1, 10, 50: the largest not above 1 is 1
        ("9.9999", "12.00"),  # 10 > 9.9999: still the break at 1
        ("10", "11.00"),  # exactly at a break takes it
        ("49", "11.00"),
        ("50", "10.50"),
        ("1000", "10.50"),
    ],
)
def test_quantity_breaks_take_the_largest_min_quantity_not_above_the_quantity(qty: str, expected: str) -> None:
    assert price_of(qty=qty) == (expected, "pb_list")


def test_below_the_smallest_break_there_is_no_price() -> None:
    assert price_of(qty="0.5") is None  # the smallest min_quantity is 1


def test_a_price_line_without_a_unit_is_in_the_items_base_unit() -> None:
    assert price_of(uom=None, base_uom="C62") == ("12.00", "pb_list")  # no unit asked: the base unit
    assert price_of(uom="C62", base_uom="C62") == ("12.00", "pb_list")  # the base unit named
    assert price_of(uom="BX", base_uom="C62") == ("130.00", "pb_list")  # the box line
    assert price_of(item="itm_cup", uom="BX", base_uom="C62") is None  # cups have no box price


PROMO = PriceBook(
    "pb_raya", (PriceLine("itm_tea", D("8.88")),), valid_from=date(2026, 3, 20), valid_to=date(2026, 3, 31)
)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 3, 19), ("12.00", "pb_list")),  # before the promotion starts
        (date(2026, 3, 20), ("8.88", "pb_raya")),  # valid_from is inclusive
        (date(2026, 3, 31), ("8.88", "pb_raya")),  # valid_to is inclusive
        (date(2026, 4, 1), ("12.00", "pb_list")),  # after it ends
    ],
)
def test_books_outside_their_validity_window_are_ignored(on: date, expected: tuple[str, str]) -> None:
    # Both are general books: within a rank the one that starts latest (the dated promotion) goes first
    assert price_of(books=(LIST, PROMO), on=on) == expected


def test_within_a_rank_the_latest_start_then_the_order_given_decides() -> None:
    march = PriceBook("pb_march", (PriceLine("itm_tea", D("11.50")),), valid_from=date(2026, 3, 1))
    mid_march = PriceBook("pb_mid", (PriceLine("itm_tea", D("11.25")),), valid_from=date(2026, 3, 15))
    also_mid = PriceBook("pb_mid2", (PriceLine("itm_tea", D("11.75")),), valid_from=date(2026, 3, 15))
    assert price_of(books=(LIST, march, mid_march, also_mid)) == ("11.25", "pb_mid")  # 15 March, given first
    assert price_of(books=(LIST, march, also_mid, mid_march)) == ("11.75", "pb_mid2")


def test_books_in_another_currency_are_ignored() -> None:
    usd = PriceBook("pb_usd", (PriceLine("itm_tea", D("2.80")),), currency="USD", customer_id="cus_kedai")
    assert price_of(books=(LIST, usd), customer="cus_kedai") == ("12.00", "pb_list")
    assert price_of(books=(LIST, usd), customer="cus_kedai", currency="USD") == ("2.80", "pb_usd")


def test_the_price_says_whether_it_includes_tax_and_where_it_came_from() -> None:
    counter = PriceBook(
        "pb_counter", (PriceLine("itm_cup", D("4.00")),), customer_group="WALKIN", prices_include_tax=True
    )
    found = find_price(
        (LIST, counter), item_id="itm_tea", quantity=D(12), currency="MYR", on=ON, customer_group="WALKIN"
    )
    assert found == Price(D("11.00"), False, "pb_list", 1, D(10), "general")  # the list's second line
    found = find_price(
        (LIST, counter), item_id="itm_cup", quantity=D(1), currency="MYR", on=ON, customer_group="WALKIN"
    )
    assert found == Price(D("4.00"), True, "pb_counter", 0, D(1), "group")


def test_one_price_list_answers_every_line_of_a_document() -> None:
    prices = price_list(BOOKS, currency="MYR", on=ON, customer_id="cus_other", customer_group="TRADE")
    tea, cup = prices.find("itm_tea", D(5)), prices.find("itm_cup", D(5))
    assert tea is not None and (tea.unit_price, tea.book_id) == (D("10.00"), "pb_trade")
    assert cup is not None and (cup.unit_price, cup.book_id) == (D("3.50"), "pb_list")
    assert prices.find("itm_unknown", D(1)) is None


# 2. Lines: gross, discount, tax exclusive ------------------------------------------------------------------------


def test_exclusive_line_with_a_percentage_discount() -> None:
    totals = compute_totals(doc(line(3, "19.90", ST10, discount_percent=10)))
    # 3 x 19.90 = 59.70; 10% off = 5.97; net 53.73; SST 10% = 5.373 -> 5.37; total 53.73 + 5.37 = 59.10
    assert figures(totals.lines[0]) == ("59.70", "5.97", "0.00", "53.73", "5.37", "59.10")
    assert taxes(totals) == [("tax_st10", "01", "53.73", "5.37")]
    assert summary(totals) == ("59.70", "5.97", "53.73", "0.00", "53.73", "5.37", "59.10", "0.00", "59.10")


def test_exclusive_line_with_a_discount_amount() -> None:
    totals = compute_totals(doc(line(2, "45.00", SV6, discount_amount="7.50")))
    # 2 x 45.00 = 90.00; less 7.50 = 82.50; service tax 6% = 4.95; total 87.45
    assert figures(totals.lines[0]) == ("90.00", "7.50", "0.00", "82.50", "4.95", "87.45")


def test_gross_is_quantity_times_price_rounded_half_up() -> None:
    totals = compute_totals(doc(line("2.5", "0.99", ST5), line("0.333", "1.5", ST5)))
    # 2.5 x 0.99 = 2.475 -> 2.48; 5% = 0.124 -> 0.12
    # 0.333 x 1.5 = 0.4995 -> 0.50; 5% = 0.025 -> 0.03 (half up)
    assert [figures(t) for t in totals.lines] == [
        ("2.48", "0.00", "0.00", "2.48", "0.12", "2.60"),
        ("0.50", "0.00", "0.00", "0.50", "0.03", "0.53"),
    ]


def test_sales_service_exempt_and_not_applicable_lines_on_one_document() -> None:
    totals = compute_totals(
        doc(
            line(4, "25.00", ST10),  # 100.00; 10% = 10.00
            line(1, "199.00", SV8),  # 199.00; 8% = 15.92
            line(10, "3.20", EX, exemption_reason=REASON),  # 32.00; exempt: 0.00
            line(1, "15.00", NA),  # 15.00; not applicable: 0.00
            line(2, "12.50", ST10),  # 25.00; 10% = 2.50
        )
    )
    assert [str(t.tax) for t in totals.lines] == ["10.00", "15.92", "0.00", "0.00", "2.50"]
    assert taxes(totals) == [  # in the order the codes first appear
        ("tax_st10", "01", "125.00", "12.50"),  # 100.00 + 25.00; 10.00 + 2.50
        ("tax_sv8", "02", "199.00", "15.92"),
        ("tax_ex", "E", "32.00", "0.00"),  # the amount exempted
        ("tax_na", "06", "15.00", "0.00"),
    ]
    # net 100.00 + 199.00 + 32.00 + 15.00 + 25.00 = 371.00; tax 12.50 + 15.92 = 28.42; total 399.42
    assert summary(totals) == ("371.00", "0.00", "371.00", "0.00", "371.00", "28.42", "399.42", "0.00", "399.42")


def test_yen_has_no_decimals() -> None:
    totals = compute_totals(doc(line(3, "333.5", ST10), currency="JPY"))
    # 3 x 333.5 = 1000.5 -> 1001 yen; 10% = 100.1 -> 100; total 1101
    assert figures(totals.lines[0]) == ("1001", "0", "0", "1001", "100", "1101")


def test_dinar_has_three_decimals() -> None:
    totals = compute_totals(doc(line(1, "1.2345", ST5), currency="KWD"))
    # 1.2345 -> 1.235 (half up at 3 places); 5% = 0.06175 -> 0.062; total 1.297
    assert figures(totals.lines[0]) == ("1.235", "0.000", "0.000", "1.235", "0.062", "1.297")


# 3. Tax-inclusive prices ------------------------------------------------------------------------------------------


def test_tax_inclusive_at_8_percent_service_tax() -> None:
    totals = compute_totals(doc(line(1, "50.00", SV8), inclusive=True))
    # tax = 50.00 x 8 / 108 = 3.7037... -> 3.70; net = 50.00 - 3.70 = 46.30; net + tax = 50.00 exactly
    assert figures(totals.lines[0]) == ("50.00", "0.00", "0.00", "46.30", "3.70", "50.00")
    assert taxes(totals) == [("tax_sv8", "02", "46.30", "3.70")]
    assert summary(totals) == ("50.00", "0.00", "50.00", "0.00", "46.30", "3.70", "50.00", "0.00", "50.00")


def test_tax_inclusive_that_divides_evenly() -> None:
    totals = compute_totals(doc(line(2, "54.00", SV8), inclusive=True))
    # 2 x 54.00 = 108.00; tax = 108.00 x 8 / 108 = 8.00; net 100.00
    assert figures(totals.lines[0]) == ("108.00", "0.00", "0.00", "100.00", "8.00", "108.00")


def test_tax_inclusive_with_line_and_document_discounts() -> None:
    totals = compute_totals(
        doc(line(2, "27.00", SV8, discount_amount="4.00"), line(1, "50.00", SV8), inclusive=True, discount_percent=10)
    )
    # Line 1: 2 x 27.00 = 54.00 less 4.00 = 50.00; line 2: 50.00. Subtotal 100.00; 10% = 10.00
    # Shares in proportion 50 : 50 = 5.00 and 5.00; each line 45.00 including tax
    # tax = 45.00 x 8 / 108 = 3.3333... -> 3.33; net = 45.00 - 3.33 = 41.67
    assert [figures(t) for t in totals.lines] == [
        ("54.00", "4.00", "5.00", "41.67", "3.33", "45.00"),
        ("50.00", "0.00", "5.00", "41.67", "3.33", "45.00"),
    ]
    assert taxes(totals) == [("tax_sv8", "02", "83.34", "6.66")]  # 41.67 x 2; 3.33 x 2
    # gross 104.00, line discount 4.00, subtotal 100.00, discount 10.00, net 83.34, tax 6.66, total 90.00
    assert summary(totals) == ("104.00", "4.00", "100.00", "10.00", "83.34", "6.66", "90.00", "0.00", "90.00")


# 4. Tax rounded per line or per document --------------------------------------------------------------------------


def test_per_line_and_per_document_rounding_give_different_taxes() -> None:
    document = doc(line(1, "1.19", ST10), line(1, "2.38", ST10), line(1, "3.57", ST10))
    # Unrounded: 1.19 x 10% = 0.119, 2.38 x 10% = 0.238, 3.57 x 10% = 0.357; each rounds up
    per_line = compute_totals(document, tax_rounding="line")
    # per line: 0.12 + 0.24 + 0.36 = 0.72
    assert [str(t.tax) for t in per_line.lines] == ["0.12", "0.24", "0.36"]
    assert taxes(per_line) == [("tax_st10", "01", "7.14", "0.72")]  # taxable 1.19 + 2.38 + 3.57 = 7.14
    per_document = compute_totals(document, tax_rounding="document")
    # per document: 0.119 + 0.238 + 0.357 = 0.714 -> 0.71 once. Spread: rounded down 0.11 + 0.23 + 0.35 = 0.69,
    # 2 sen left go to the largest remainders 0.9 and 0.8 sen (lines 1 and 2): 0.12, 0.24, 0.35
    assert [str(t.tax) for t in per_document.lines] == ["0.12", "0.24", "0.35"]
    assert taxes(per_document) == [("tax_st10", "01", "7.14", "0.71")]
    assert (str(per_line.total), str(per_document.total)) == ("7.86", "7.85")  # 7.14 + 0.72; 7.14 + 0.71


def test_per_document_rounding_is_per_tax_code() -> None:
    document = doc(line(1, "0.05", ST10), line(1, "0.05", SV6), line(1, "0.05", ST10), line(1, "0.05", SV6))
    totals = compute_totals(document, tax_rounding="document")
    # ST10: 0.005 + 0.005 = 0.010 -> 0.01; spread: 0.00 + 0.00, 1 sen left, tie (0.5 sen each): the first line
    # SV6: 0.003 + 0.003 = 0.006 -> 0.01; spread: 0.00 + 0.00, 1 sen left, tie (0.3 sen each): the first SV6 line
    assert [str(t.tax) for t in totals.lines] == ["0.01", "0.01", "0.00", "0.00"]
    assert taxes(totals) == [("tax_st10", "01", "0.10", "0.01"), ("tax_sv6", "02", "0.10", "0.01")]
    # Per line each would be 0.005 -> 0.01 (ST10) and 0.003 -> 0.00 (SV6): 0.02 and 0.00
    assert taxes(compute_totals(document)) == [("tax_st10", "01", "0.10", "0.02"), ("tax_sv6", "02", "0.10", "0.00")]


def test_per_document_rounding_with_inclusive_prices() -> None:
    document = doc(line(1, "1.00", SV8), line(1, "1.00", SV8), line(1, "1.00", SV8), inclusive=True)
    # Each line: 1.00 x 8 / 108 = 0.0740... -> 0.07 per line, 0.21 in all; nets 0.93
    assert [figures(t)[3:] for t in compute_totals(document).lines] == [("0.93", "0.07", "1.00")] * 3
    totals = compute_totals(document, tax_rounding="document")
    # Per document: 3.00 x 8 / 108 = 0.2222... -> 0.22. Spread: 0.07 x 3 = 0.21, 1 sen left, a tie: line 1
    # line 1: tax 0.08, net 1.00 - 0.08 = 0.92; lines 2 and 3: tax 0.07, net 0.93; net + tax = 1.00 on each
    assert [figures(t)[3:] for t in totals.lines] == [
        ("0.92", "0.08", "1.00"),
        ("0.93", "0.07", "1.00"),
        ("0.93", "0.07", "1.00"),
    ]
    assert taxes(totals) == [("tax_sv8", "02", "2.78", "0.22")]  # 0.92 + 0.93 + 0.93 = 2.78


# 5. Document discount -------------------------------------------------------------------------------------------


def test_a_document_discount_is_spread_by_largest_remainder() -> None:
    totals = compute_totals(
        doc(line(1, "10.00", ST10), line(2, "10.00", ST10), line(4, "10.00", SV6), discount_amount=10)
    )
    # Subtotal 10.00 + 20.00 + 40.00 = 70.00. Exact shares of 10.00 in sen: 1000 x 10/70 = 142.857,
    # 1000 x 20/70 = 285.714, 1000 x 40/70 = 571.428; rounded down 142 + 285 + 571 = 998; the 2 sen left go
    # to the largest remainders .857 and .714 (lines 1 and 2): 1.43, 2.86, 5.71 = 10.00
    # Nets: 8.57, 17.14, 34.29. Tax: 0.857 -> 0.86; 1.714 -> 1.71; 34.29 x 6% = 2.0574 -> 2.06
    assert [figures(t) for t in totals.lines] == [
        ("10.00", "0.00", "1.43", "8.57", "0.86", "9.43"),
        ("20.00", "0.00", "2.86", "17.14", "1.71", "18.85"),
        ("40.00", "0.00", "5.71", "34.29", "2.06", "36.35"),
    ]
    assert taxes(totals) == [("tax_st10", "01", "25.71", "2.57"), ("tax_sv6", "02", "34.29", "2.06")]
    # net 60.00; tax 2.57 + 2.06 = 4.63; total 64.63 = 9.43 + 18.85 + 36.35
    assert summary(totals) == ("70.00", "0.00", "70.00", "10.00", "60.00", "4.63", "64.63", "0.00", "64.63")


def test_a_document_discount_percentage_is_rounded_once_then_spread() -> None:
    totals = compute_totals(
        doc(line(1, "1.99", ST10), line(1, "2.99", ST10), line(1, "3.99", ST10), discount_percent="12.5")
    )
    # Subtotal 1.99 + 2.99 + 3.99 = 8.97; 12.5% = 1.12125 -> 1.12
    # Exact shares in sen: 112 x 199/897 = 24.847, 112 x 299/897 = 37.333, 112 x 399/897 = 49.819;
    # rounded down 24 + 37 + 49 = 110; 2 sen left to .847 and .819 (lines 1 and 3): 0.25, 0.37, 0.50
    # Nets 1.74, 2.62, 3.49; tax 0.174 -> 0.17, 0.262 -> 0.26, 0.349 -> 0.35
    assert [figures(t) for t in totals.lines] == [
        ("1.99", "0.00", "0.25", "1.74", "0.17", "1.91"),
        ("2.99", "0.00", "0.37", "2.62", "0.26", "2.88"),
        ("3.99", "0.00", "0.50", "3.49", "0.35", "3.84"),
    ]
    # net 8.97 - 1.12 = 7.85; tax 0.78; total 8.63 = 1.91 + 2.88 + 3.84
    assert summary(totals) == ("8.97", "0.00", "8.97", "1.12", "7.85", "0.78", "8.63", "0.00", "8.63")


def test_a_document_discount_is_shared_after_line_discounts() -> None:
    totals = compute_totals(
        doc(line(1, "100.00", NA, discount_percent=50), line(1, "50.00", NA), discount_amount="1.00")
    )
    # After line discounts 50.00 and 50.00: the 1.00 splits 0.50 / 0.50, not 100 : 50
    assert [figures(t)[:4] for t in totals.lines] == [
        ("100.00", "50.00", "0.50", "49.50"),
        ("50.00", "0.00", "0.50", "49.50"),
    ]


def test_allocate_splits_an_amount_exactly() -> None:
    # 10.00 over 10 : 20 : 40 as in the document above: 1.43, 2.86, 5.71
    assert allocate(D("10.00"), [D(10), D(20), D(40)], "MYR") == (D("1.43"), D("2.86"), D("5.71"))
    # 0.10 over three equal weights: 3.333 sen each, 3 + 3 + 3 = 9, the sen left to the first (a tie)
    assert allocate(D("0.10"), [D(1), D(1), D(1)], "MYR") == (D("0.04"), D("0.03"), D("0.03"))
    # 100 yen over 1 : 2: 33.33 and 66.67; 33 + 66 = 99, the yen left to .67 (the second)
    assert allocate(D(100), [D(1), D(2)], "JPY") == (D(33), D(67))
    assert allocate(D("0.00"), [D(0), D(0)], "MYR") == (D("0.00"), D("0.00"))


# 6. Cash rounding ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "rounding", "rounded"),
    [
        ("10.00", "0.00", "10.00"),
        ("10.01", "-0.01", "10.00"),  # 1 and 2 sen round down to 0
        ("10.02", "-0.02", "10.00"),
        ("10.03", "0.02", "10.05"),  # 3 and 4 sen round up to 5
        ("10.04", "0.01", "10.05"),
        ("10.05", "0.00", "10.05"),
        ("10.06", "-0.01", "10.05"),  # 6 and 7 sen round down to 5
        ("10.07", "-0.02", "10.05"),
        ("10.08", "0.02", "10.10"),  # 8 and 9 sen round up to 10
        ("10.09", "0.01", "10.10"),
    ],
)
def test_a_cash_sale_rounds_its_total_to_5_sen(total: str, rounding: str, rounded: str) -> None:
    totals = compute_totals(doc(line(1, total, NA)), cash_rounding=BNM_CASH_ROUNDING)
    assert (str(totals.total_before_rounding), str(totals.rounding), str(totals.total)) == (total, rounding, rounded)
    assert str(totals.lines[0].total) == total  # the adjustment is its own figure, not in the lines
    assert cash_round(D(total)) == D(rounded)


def test_cash_rounding_rounds_a_refund_the_same_way() -> None:
    assert (cash_round(D("-10.03")), cash_round(D("-10.02"))) == (D("-10.05"), D("-10.00"))


def test_cash_rounding_after_tax() -> None:
    totals = compute_totals(doc(line(3, "19.90", ST10, discount_percent=10)), cash_rounding=D("0.05"))
    # 53.73 + 5.37 = 59.10 (as above): already a multiple of 5 sen
    assert summary(totals)[-3:] == ("59.10", "0.00", "59.10")
    totals = compute_totals(doc(line(1, "9.99", SV8)), cash_rounding=D("0.05"))
    # 9.99 x 8% = 0.7992 -> 0.80; 9.99 + 0.80 = 10.79 -> 10.80 (9 sen rounds up to 10)
    assert summary(totals)[-3:] == ("10.79", "0.01", "10.80")


def test_no_cash_rounding_unless_asked() -> None:
    assert summary(compute_totals(doc(line(1, "10.03", NA))))[-3:] == ("10.03", "0.00", "10.03")


def test_cash_rounding_finer_than_the_currency_is_refused() -> None:
    with pytest.raises(ValueError, match="smallest unit"):
        compute_totals(doc(line(1, 100, NA), currency="JPY"), cash_rounding=D("0.05"))


# 7. Bad input -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (doc(line(-1, "10.00")), [("lines.0.quantity", "number.min")]),
        (doc(line(1, "-10.00")), [("lines.0.unit_price", "number.min")]),
        (doc(line(1, "NaN")), [("lines.0.unit_price", "number.finite")]),
        (doc(line(3, "19.90", discount_amount="59.71")), [("lines.0.discount_amount", "discount.exceeds")]),
        (doc(line(1, "10.00", discount_percent="100.01")), [("lines.0.discount_percent", "number.max")]),
        (doc(line(1, "10.00", discount_percent="-5")), [("lines.0.discount_percent", "number.min")]),
        (
            doc(line(1, "10.00", discount_percent=5, discount_amount="0.50")),
            [("lines.0.discount_percent", "discount.both")],
        ),
        (doc(line(1, "10.00", discount_amount="0.505")), [("lines.0.discount_amount", "amount.precision")]),
        (doc(line(1, "10.00", EX)), [("lines.0.exemption_reason", "tax.exemption_reason")]),
        (doc(line(1, "10.00", EX, exemption_reason="  ")), [("lines.0.exemption_reason", "tax.exemption_reason")]),
        (
            doc(line(1, "10.00", TaxCode("tax_ex", "E", D(6)), exemption_reason=REASON)),
            [("lines.0.tax.rate", "tax.exempt_rate")],
        ),
        (doc(line(1, "10.00", TaxCode("tax_na", "06", D(5)))), [("lines.0.tax.rate", "tax.exempt_rate")]),
        (doc(line(1, "10.00", TaxCode("tax_big", "01", D(101)))), [("lines.0.tax.rate", "number.max")]),
        (
            doc(line(1, "10.00", ST10), line(1, "10.00", TaxCode("tax_st10", "01", D(5)))),
            [("lines.1.tax.rate", "tax.code_conflict")],
        ),
        (
            doc(line(1, "10.00", ST10), line(1, "10.00", TaxCode("tax_st10", "02", D(10)))),
            [("lines.1.tax.tax_type", "tax.code_conflict")],
        ),
        (doc(line(1, "10.00"), line(1, "5.00"), discount_amount="15.01"), [("discount_amount", "discount.exceeds")]),
        (doc(line(1, "10.00"), discount_percent=101), [("discount_percent", "number.max")]),
        (doc(line(1, "10.00"), discount_percent=1, discount_amount=1), [("discount_percent", "discount.both")]),
    ],
)
def test_bad_input_names_the_field_and_its_code(document: Document, expected: list[tuple[str, str]]) -> None:
    assert problems(document) == expected


def test_every_wrong_field_is_named_at_once_by_its_position() -> None:
    document = doc(
        line(1, "10.00"),
        line(-2, "5.00", discount_amount="1.00"),  # only the quantity: a discount of a wrong line is not measured
        line(1, "10.00"),
        line(1, "10.00", discount_percent="150"),
        line(1, "10.00", EX),
    )
    assert problems(document) == [
        ("lines.1.quantity", "number.min"),
        ("lines.3.discount_percent", "number.max"),
        ("lines.4.exemption_reason", "tax.exemption_reason"),
    ]


def test_the_error_is_a_value_error_with_the_first_field_its_code_and_a_message() -> None:
    with pytest.raises(ValueError, match=r"lines\.0\.discount_amount") as raised:
        compute_totals(doc(line(3, "19.90", discount_amount="60.00")))
    error = raised.value
    assert isinstance(error, PricingError)
    assert (error.field, error.code, dict(error.params)) == (
        "lines.0.discount_amount",
        "discount.exceeds",
        {"limit": "59.70"},
    )
    assert error.problems[0].message == "The discount cannot be more than the amount it is taken from (59.70)."


def test_a_zero_percentage_beside_an_amount_is_not_two_discounts() -> None:
    totals = compute_totals(doc(line(1, "10.00", NA, discount_percent=0, discount_amount="1.00")))
    assert figures(totals.lines[0]) == ("10.00", "1.00", "0.00", "9.00", "0.00", "9.00")  # 10.00 - 1.00


def test_zero_quantity_and_free_lines_are_fine() -> None:
    totals = compute_totals(doc(line(0, "10.00"), line(5, 0)))
    assert [figures(t) for t in totals.lines] == [("0.00", "0.00", "0.00", "0.00", "0.00", "0.00")] * 2


# 8. Speed -----------------------------------------------------------------------------------------------------------


def _big_invoice(lines: int) -> Document:
    codes = [ST5, ST10, SV6, SV8, NA]
    return doc(
        *(line(1 + n % 7, f"{n % 997}.{n % 100:02d}", codes[n % 5], discount_percent=n % 11) for n in range(lines)),
        discount_amount="123.45",
    )


def test_a_500_line_invoice_computes_every_line_and_the_totals_add_up() -> None:
    """How fast is measured by bench/sales_pricing.py (figures printed, not timed here)."""
    totals = compute_totals(_big_invoice(500), tax_rounding="document")
    assert len(totals.lines) == 500
    assert totals.tax == sum((computed.tax for computed in totals.lines), D(0))


# 9. Properties ------------------------------------------------------------------------------------------------------

CODES = [ST5, ST10, SV6, SV8, TaxCode("tax_st75", "01", D("7.5")), EX, NA]
PLACES = {"MYR": 2, "JPY": 0, "KWD": 3}


def _half_up(value: Fraction) -> int:
    """An exact value rounded half up (away from zero) to a whole number: the rules' rounding, written again."""
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


@st.composite
def documents(draw: st.DrawFn, currencies: Sequence[str] = tuple(PLACES)) -> Document:
    currency = draw(st.sampled_from(currencies))
    unit = Fraction(1, 10 ** PLACES[currency])
    built = []
    subtotal = Fraction(0)
    for _ in range(draw(st.integers(1, 12))):
        qty = D(draw(st.integers(0, 50_000))).scaleb(-draw(st.integers(0, 3)))
        price = D(draw(st.integers(0, 2_000_000))).scaleb(-draw(st.integers(0, 4)))
        code = draw(st.sampled_from(CODES))
        gross = _half_up(Fraction(qty) * Fraction(price) / unit) * unit
        percent = amount = None
        how = draw(st.sampled_from(["none", "percent", "amount"]))
        if how == "percent":
            percent = D(draw(st.integers(0, 10_000))).scaleb(-2)  # 0.00 .. 100.00
            after = gross - _half_up(gross * Fraction(percent) / 100 / unit) * unit
        elif how == "amount":
            taken = draw(st.integers(0, int(gross / unit)))
            amount = D(taken).scaleb(-PLACES[currency])
            after = gross - taken * unit
        else:
            after = gross
        subtotal += after
        reason = REASON if code.tax_type == "E" else None
        built.append(Line(qty, price, code, percent, amount, reason))
    percent = amount = None
    how = draw(st.sampled_from(["none", "percent", "amount"]))
    if how == "percent":
        percent = D(draw(st.integers(0, 5_000))).scaleb(-2)  # 0.00 .. 50.00
    elif how == "amount":
        amount = D(draw(st.integers(0, int(subtotal / unit)))).scaleb(-PLACES[currency])
    return Document(currency, tuple(built), draw(st.booleans()), percent, amount)


PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
roundings: st.SearchStrategy[TaxRounding] = st.sampled_from(["line", "document"])


def _base(t: LineTotals) -> Fraction:
    """What a line's tax is taken from: its amount after discounts (including tax when prices include it)."""
    return Fraction(t.gross) - Fraction(t.line_discount) - Fraction(t.document_discount)


def _unrounded_tax(document: Document, index: int, t: LineTotals) -> Fraction:
    rate = Fraction(document.lines[index].tax.rate)
    return _base(t) * rate / (100 + rate if document.prices_include_tax else 100)


@PROPERTY_SETTINGS
@given(documents(), roundings)
def test_property_the_lines_add_up_to_the_document(document: Document, rounding: TaxRounding) -> None:
    totals = compute_totals(document, tax_rounding=rounding)
    lines = totals.lines
    assert sum(t.total for t in lines) == totals.total_before_rounding == totals.net + totals.tax
    assert sum(t.net for t in lines) == totals.net == sum(s.taxable for s in totals.taxes)
    assert sum(t.tax for t in lines) == totals.tax == sum(s.tax for s in totals.taxes)
    assert sum(t.gross for t in lines) == totals.gross
    assert totals.subtotal == totals.gross - totals.line_discount
    after_discounts = totals.total_before_rounding if document.prices_include_tax else totals.net
    assert totals.subtotal - totals.discount == after_discounts
    places = -PLACES[document.currency]
    for figure in (*(x for t in lines for x in _amounts(t)), totals.net, totals.tax, totals.total):
        assert figure.as_tuple().exponent == places, figure  # every figure at the currency's precision


@PROPERTY_SETTINGS
@given(documents(), roundings)
def test_property_net_plus_tax_is_the_amount_after_discounts(document: Document, rounding: TaxRounding) -> None:
    for t in compute_totals(document, tax_rounding=rounding).lines:
        if document.prices_include_tax:
            assert t.net + t.tax == t.gross - t.discount  # inclusive: split exactly
        else:
            assert t.net == t.gross - t.discount


@PROPERTY_SETTINGS
@given(documents())
def test_property_the_document_discount_shares_add_up_and_are_proportional(document: Document) -> None:
    totals = compute_totals(document)
    assert sum(t.document_discount for t in totals.lines) == totals.discount
    subtotal = Fraction(totals.subtotal)
    unit = Fraction(1, 10 ** PLACES[document.currency])
    if document.discount_percent is not None:  # a percentage: of the subtotal, rounded once
        assert Fraction(totals.discount) == _half_up(subtotal * Fraction(document.discount_percent) / 100 / unit) * unit
    for t in totals.lines:
        share = (
            Fraction(totals.discount) * (Fraction(t.gross) - Fraction(t.line_discount)) / subtotal if subtotal else 0
        )
        assert abs(Fraction(t.document_discount) - share) < unit  # the exact share rounded down or up


@PROPERTY_SETTINGS
@given(documents())
def test_property_per_line_tax_is_each_lines_own_rounded_tax(document: Document) -> None:
    totals = compute_totals(document, tax_rounding="line")
    unit = Fraction(1, 10 ** PLACES[document.currency])
    for index, t in enumerate(totals.lines):
        assert Fraction(t.tax) == _half_up(_unrounded_tax(document, index, t) / unit) * unit


@PROPERTY_SETTINGS
@given(documents())
def test_property_per_document_tax_per_code_is_its_unrounded_sum_rounded_once(document: Document) -> None:
    totals = compute_totals(document, tax_rounding="document")
    unit = Fraction(1, 10 ** PLACES[document.currency])
    unrounded: dict[str, Fraction] = {}
    for index, t in enumerate(totals.lines):
        exact = _unrounded_tax(document, index, t)
        assert abs(Fraction(t.tax) - exact) < unit  # each line: its own tax rounded down or up
        code = document.lines[index].tax.id
        unrounded[code] = unrounded.get(code, Fraction(0)) + exact
    assert {s.tax_code_id: Fraction(s.tax) for s in totals.taxes} == {
        code: _half_up(value / unit) * unit for code, value in unrounded.items()
    }


@PROPERTY_SETTINGS
@given(documents(["MYR"]), roundings)
def test_property_a_cash_rounded_total_is_a_multiple_of_5_sen_within_2_sen(
    document: Document, rounding: TaxRounding
) -> None:
    totals = compute_totals(document, tax_rounding=rounding, cash_rounding=BNM_CASH_ROUNDING)
    assert totals.total % D("0.05") == 0
    assert abs(totals.total - totals.total_before_rounding) <= D("0.02")
    assert totals.rounding == totals.total - totals.total_before_rounding
    assert str(totals.total) == f"{totals.total:.2f}"


@PROPERTY_SETTINGS
@given(
    st.integers(0, 10**9).map(lambda n: D(n).scaleb(-2)),
    st.lists(st.integers(0, 10**7).map(lambda n: D(n).scaleb(-3)), min_size=1, max_size=30).filter(any),
)
def test_property_allocations_add_up_exactly(total: Decimal, weights: list[Decimal]) -> None:
    shares = allocate(total, weights, "MYR")
    assert sum(shares) == total
    whole = sum(Fraction(w) for w in weights)
    for share, weight in zip(shares, weights, strict=True):
        assert share.as_tuple().exponent == -2
        assert abs(Fraction(share) - Fraction(total) * Fraction(weight) / whole) < Fraction(1, 100)


DAYS = [date(2026, 3, d) for d in (1, 10, 20, 31)]


@st.composite
def price_books(draw: st.DrawFn) -> list[PriceBook]:
    books = []
    for n in range(draw(st.integers(0, 6))):
        start, end = draw(st.sampled_from([None, *DAYS])), draw(st.sampled_from([None, *DAYS]))
        if start and end and end < start:
            start, end = end, start
        lines = tuple(
            PriceLine(
                draw(st.sampled_from(["itm_a", "itm_b"])),
                D(draw(st.integers(1, 9999))).scaleb(-2),
                draw(st.sampled_from([None, "C62", "BX"])),
                D(draw(st.sampled_from([1, 5, 10, 50]))),
            )
            for _ in range(draw(st.integers(0, 5)))
        )
        books.append(
            PriceBook(
                f"pb_{n}",
                lines,
                draw(st.sampled_from(["MYR", "USD"])),
                draw(st.sampled_from([None, None, "cus_1", "cus_2"])),
                draw(st.sampled_from([None, "G1", "G2"])),
                start,
                end,
                draw(st.booleans()),
            )
        )
    return books


@dataclass(frozen=True)
class Ask:
    """A look-up: for customer ``cus_1`` of group ``G1``; the items' base unit is ``C62``."""

    item: str
    qty: Decimal
    uom: str | None
    on: date
    currency: str


asks = st.builds(
    Ask,
    st.sampled_from(["itm_a", "itm_b"]),
    st.sampled_from([D(1), D(7), D(10), D(60)]),
    st.sampled_from([None, "C62", "BX"]),
    st.sampled_from(DAYS),
    st.sampled_from(["MYR", "USD"]),
)


def _brute_force(books: list[PriceBook], ask: Ask) -> tuple[str, int] | None:
    """The rules written again, naively: rank every applicable book, take the first with a matching line."""
    rank = {"customer": 0, "group": 1, "general": 2}
    candidates = []
    for order, book in enumerate(books):
        if book.customer_id is not None:
            tier = "customer" if book.customer_id == "cus_1" else None
        elif book.customer_group is not None:
            tier = "group" if book.customer_group == "G1" else None
        else:
            tier = "general"
        in_window = (book.valid_from or ask.on) <= ask.on <= (book.valid_to or ask.on)
        if tier is None or book.currency != ask.currency or not in_window:
            continue
        start = book.valid_from.toordinal() if book.valid_from else 0
        candidates.append(((rank[tier], -start, order), book))
    for _, book in sorted(candidates, key=lambda c: c[0]):
        found = [
            (line.min_quantity, -position, position)
            for position, line in enumerate(book.lines)
            if line.item_id == ask.item and (line.uom or "C62") == (ask.uom or "C62") and line.min_quantity <= ask.qty
        ]
        if found:
            return book.id, max(found)[2]  # the largest break, the first line on a tie
    return None


@PROPERTY_SETTINGS
@given(price_books(), asks)
def test_property_the_price_list_finds_what_the_rules_say(books: list[PriceBook], ask: Ask) -> None:
    found = find_price(
        books,
        item_id=ask.item,
        quantity=ask.qty,
        currency=ask.currency,
        on=ask.on,
        uom=ask.uom,
        base_uom="C62",
        customer_id="cus_1",
        customer_group="G1",
    )
    assert (None if found is None else (found.book_id, found.line)) == _brute_force(books, ask)
