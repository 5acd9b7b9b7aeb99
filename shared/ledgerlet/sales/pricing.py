"""Sales pricing and Malaysian SST: the price a customer pays for an item, and a document's totals.

Every sales document (quotation, order, invoice, debit and credit note, cash sale) prices its lines here.
Pure: no clock, no storage, no floats; every amount is a ``Decimal`` at its currency's precision
(``ledgerlet.money``: 2 places for MYR, 0 for JPY), every quantity a ``Decimal``.

**Price lookup** (:func:`find_price`, or :func:`price_list` once per document and
:meth:`PriceList.find` per line): only books in the document's currency whose validity window holds
the date count. A book for this customer beats a book for the customer's group, which beats a general
book; among books of one rank, the one that starts latest (a dated book before an open-ended one),
then the one given first. The first book in that order with a price for the item and unit answers,
with its line of the largest ``min_quantity`` not above the quantity.

**Totals** (:func:`compute_totals`), line by line, each amount rounded half up to the currency:

1. ``gross = quantity x unit_price``; the line discount is ``gross x percent / 100`` or an amount.
2. The document discount (``subtotal x percent / 100``, or an amount) is shared over the lines in
   proportion to what is left of each after its line discount, largest remainder on the smallest unit,
   so the shares add up to it exactly.
3. What is left is the line's taxable amount, or with tax-inclusive prices its amount including tax:
   ``tax = amount x rate / 100`` (exclusive) or ``tax = amount x rate / (100 + rate)`` (inclusive, and
   ``net = amount - tax``, so net + tax is the inclusive amount exactly).
4. Tax is rounded per line, or per document (tenant policy): then each tax code's unrounded tax is
   summed, rounded once, and spread back over the code's lines by largest remainder.
5. A cash sale's total is rounded to 5 sen (Bank Negara's rounding mechanism), the difference reported
   as ``rounding``, never spread into the lines.

Bad input raises :class:`PricingError` (a ``ValueError``) naming each wrong field by its path in the
document (``lines.3.discount_percent``) with a stable code, for the API to answer 422.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ledgerlet.sales.rounding import (
    cash_round,
    from_units,
    largest_remainder,
    places,
    round_half_up,
    to_units,
)

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs milliseconds at cold start
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from datetime import date
    from typing import Literal

    TaxRounding = Literal["line", "document"]
    Tier = Literal["customer", "group", "general"]

ZERO = Decimal(0)
HUNDRED = Decimal(100)
EXEMPT = "E"
"""LHDN tax type of an exemption: the line must say why (``exemption_reason``)."""
UNTAXED_TYPES = frozenset({EXEMPT, "06"})
"""LHDN tax types that carry no rate: ``E`` exempt, ``06`` not applicable."""

MESSAGES: dict[str, str] = {
    "number.min": "Enter {limit} or more.",
    "number.max": "Enter {limit} or less.",
    "number.finite": "Enter a finite number.",
    "amount.precision": "{currency} amounts take at most {places} decimal places.",
    "discount.both": "Give the discount as a percentage or as an amount, not both.",
    "discount.exceeds": "The discount cannot be more than the amount it is taken from ({limit}).",
    "tax.exemption_reason": "An exempt line needs the reason for its exemption.",
    "tax.exempt_rate": "An exempt or not-applicable tax code has no rate.",
    "tax.code_conflict": "Tax code {code} has another {what} on line {line}.",
}
"""The codes :class:`PricingError` answers, with their English text. The first four are the API's own
(``ledgerlet.field_errors``); the others are this engine's."""


# Price lookup ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PriceLine:
    """``unit_price`` for ``item_id`` in ``uom`` (``None``: the item's base unit), from ``min_quantity`` up."""

    item_id: str
    unit_price: Decimal
    uom: str | None = None
    min_quantity: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True)
class PriceBook:
    """A price book as master data keeps it (``PriceBookCreate``), plus ``customer_id`` for one customer's
    own prices. ``customer_group`` ``None`` and no ``customer_id``: a general book, for every customer.
    ``valid_from`` and ``valid_to`` are inclusive; ``None`` leaves that end open."""

    id: str
    lines: tuple[PriceLine, ...] = ()
    currency: str = "MYR"
    customer_id: str | None = None
    customer_group: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    prices_include_tax: bool = False

    def tier_for(self, customer_id: str | None, customer_group: str | None) -> Tier | None:
        """How closely this book fits the customer (``None``: it is another customer's or group's)."""
        if self.customer_id is not None:
            return "customer" if self.customer_id == customer_id else None
        if self.customer_group is not None:
            return "group" if self.customer_group == customer_group else None
        return "general"

    def valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Price:
    """The price found: ``unit_price`` (including tax when ``includes_tax``), the book and the position of
    its line in the book, that line's ``min_quantity``, and the tier that chose the book."""

    unit_price: Decimal
    includes_tax: bool
    book_id: str
    line: int
    min_quantity: Decimal
    tier: Tier


_TIERS: dict[str, int] = {"customer": 0, "group": 1, "general": 2}


@dataclass(frozen=True, slots=True)
class _Candidate:
    book: PriceBook
    tier: Tier
    position: int  # of the line in its book
    line: PriceLine


@dataclass(frozen=True, slots=True)
class PriceList:
    """The books that apply to one customer, currency and date, best first, their lines by item: built once
    per document by :func:`price_list`, so each line's look-up reads only that item's prices."""

    by_item: Mapping[str, tuple[_Candidate, ...]] = field(default_factory=dict)

    def find(
        self, item_id: str, quantity: Decimal, uom: str | None = None, base_uom: str | None = None
    ) -> Price | None:
        """The price of ``quantity`` of ``item_id`` in ``uom`` (``None``: ``base_uom``, the item's base unit,
        which is also the unit of a price line that names none), or ``None`` when no book has one."""
        wanted = uom or base_uom
        best: _Candidate | None = None
        for candidate in self.by_item.get(item_id, ()):
            if best is not None and candidate.book is not best.book:
                break  # the best book with a price for the item answers
            line = candidate.line
            if (line.uom or base_uom) != wanted or line.min_quantity > quantity:
                continue
            if best is None or line.min_quantity > best.line.min_quantity:
                best = candidate
        if best is None:
            return None
        return Price(
            best.line.unit_price,
            best.book.prices_include_tax,
            best.book.id,
            best.position,
            best.line.min_quantity,
            best.tier,
        )


def price_list(
    books: Iterable[PriceBook],
    *,
    currency: str,
    on: date,
    customer_id: str | None = None,
    customer_group: str | None = None,
) -> PriceList:
    """The books among ``books`` in ``currency``, valid ``on`` the date and meant for this customer, ranked:
    the customer's own, then its group's, then general books; within a rank the latest ``valid_from`` first
    (an open start last), then the order given."""
    ranked: list[tuple[tuple[int, int, int], PriceBook, Tier]] = []
    for order, book in enumerate(books):
        tier = book.tier_for(customer_id, customer_group)
        if tier is None or book.currency != currency or not book.valid_on(on):
            continue
        newest_first = -book.valid_from.toordinal() if book.valid_from is not None else 0
        ranked.append(((_TIERS[tier], newest_first, order), book, tier))
    ranked.sort(key=lambda entry: entry[0])
    by_item: dict[str, list[_Candidate]] = {}
    for _, book, tier in ranked:
        for position, line in enumerate(book.lines):
            by_item.setdefault(line.item_id, []).append(_Candidate(book, tier, position, line))
    return PriceList({item_id: tuple(candidates) for item_id, candidates in by_item.items()})


def find_price(
    books: Iterable[PriceBook],
    *,
    item_id: str,
    quantity: Decimal,
    currency: str,
    on: date,
    uom: str | None = None,
    base_uom: str | None = None,
    customer_id: str | None = None,
    customer_group: str | None = None,
) -> Price | None:
    """One look-up: ``price_list(...).find(...)``. A document with many lines builds the list once."""
    prices = price_list(books, currency=currency, on=on, customer_id=customer_id, customer_group=customer_group)
    return prices.find(item_id, quantity, uom, base_uom)


# Documents ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaxCode:
    """A tax code as fixed on the document: its id, LHDN tax type (``01`` sales tax, ``02`` service tax,
    ``E`` exempt, ``06`` not applicable, ...) and rate in percent (``Decimal("8")`` is 8%)."""

    id: str
    tax_type: str
    rate: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Line:
    """A document line. The discount is a percentage of the line's gross or an amount (one of them), in the
    document's price basis like ``unit_price`` (including tax when its prices include tax); an exempt line
    (tax type ``E``) says why in ``exemption_reason``."""

    quantity: Decimal
    unit_price: Decimal
    tax: TaxCode
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None
    exemption_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """What prices a document: its currency, lines, whether its prices include tax, and its own discount
    (a percentage of the subtotal or an amount), shared over the lines."""

    currency: str
    lines: tuple[Line, ...]
    prices_include_tax: bool = False
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class LineTotals:
    """One line's figures. ``gross``, ``line_discount`` and ``document_discount`` (the line's share of the
    document's discount) are in the document's price basis, so including tax when its prices include tax;
    ``net`` always excludes tax and ``total = net + tax``. Hence ``gross - discount`` is ``net`` when prices
    exclude tax and ``total`` when they include it."""

    gross: Decimal
    line_discount: Decimal
    document_discount: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal

    @property
    def discount(self) -> Decimal:
        """Every discount on the line: its own and its share of the document's."""
        return self.line_discount + self.document_discount


LINE_FIGURES = ("gross", "discount", "net", "tax", "total")


def line_figures(line: LineTotals, currency: str) -> dict[str, str]:
    """A line's worked figures as a document keeps and answers them: decimal strings at the currency's
    precision."""
    from ledgerlet.money import money_text

    return {name: money_text(getattr(line, name), currency) for name in LINE_FIGURES}


@dataclass(frozen=True, slots=True)
class TaxTotals:
    """One tax code over the document, for the SST return and the posting: the net amount of its lines
    (``taxable``; the amount exempted for an exempt code) and their tax."""

    tax_code_id: str
    tax_type: str
    rate: Decimal
    taxable: Decimal
    tax: Decimal


@dataclass(frozen=True, slots=True)
class Totals:
    """A document's figures: ``lines`` in the document's order and ``taxes`` per tax code in the order the
    codes first appear.

    ``gross`` and ``line_discount`` sum the lines'; ``subtotal = gross - line_discount``; ``discount`` is the
    document's own discount; these are in the price basis, like the lines'. ``net`` (excluding tax) and
    ``tax`` sum the lines'; ``total_before_rounding = net + tax`` (the lines' totals added up);
    ``rounding`` is the cash-rounding adjustment (0 unless cash rounding was asked for) and
    ``total = total_before_rounding + rounding``, what the customer pays."""

    currency: str
    lines: tuple[LineTotals, ...]
    taxes: tuple[TaxTotals, ...]
    gross: Decimal
    line_discount: Decimal
    subtotal: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    total_before_rounding: Decimal
    rounding: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One wrong field: its path in the document (``lines.3.discount_percent``), a stable ``code`` (see
    :data:`MESSAGES`), the English ``message`` and the code's ``params``."""

    field: str
    code: str
    message: str
    params: Mapping[str, str]


class PricingError(ValueError):
    """A document that cannot be priced. ``problems`` names every wrong field; ``field``, ``code`` and
    ``params`` are the first one's."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__("; ".join(f"{problem.field}: {problem.message}" for problem in problems))
        self.problems = tuple(problems)
        self.field = self.problems[0].field
        self.code = self.problems[0].code
        self.params = self.problems[0].params


def compute_totals(
    document: Document, *, tax_rounding: TaxRounding = "line", cash_rounding: Decimal | None = None
) -> Totals:
    """The figures of ``document``. ``tax_rounding``: ``"line"`` rounds each line's tax to the currency,
    ``"document"`` each tax code's total once. ``cash_rounding``: the increment a cash sale's total is
    rounded to (``rounding.BNM_CASH_ROUNDING``, 5 sen, for a ringgit cash sale), ``None`` for none.

    Linear in the number of lines (a sort of one tax code's lines to place its remainder units aside)."""
    if tax_rounding not in ("line", "document"):
        raise ValueError(f"tax_rounding is 'line' or 'document', not {tax_rounding!r}")
    digits = places(document.currency)
    read = _Checker(document.currency, digits).read(document)
    after_lines = [g - d for g, d in zip(read.gross, read.line_discounts, strict=True)]
    shares = _share(read.discount, after_lines, sum(after_lines))
    amounts = [amount - share for amount, share in zip(after_lines, shares, strict=True)]
    taxes = [0] * len(amounts)
    for code_id, positions in read.by_code.items():
        code_tax = _tax(read.codes[code_id].rate, [amounts[i] for i in positions], document, tax_rounding)
        for position, tax in zip(positions, code_tax, strict=True):
            taxes[position] = tax
    nets = [a - t for a, t in zip(amounts, taxes, strict=True)] if document.prices_include_tax else amounts

    def money(units: int) -> Decimal:
        return from_units(units, digits)

    lines = tuple(
        LineTotals(money(g), money(ld), money(s), money(n), money(t), money(n + t))
        for g, ld, s, n, t in zip(read.gross, read.line_discounts, shares, nets, taxes, strict=True)
    )
    summaries = tuple(
        TaxTotals(
            code_id,
            read.codes[code_id].tax_type,
            read.codes[code_id].rate,
            money(sum(nets[i] for i in positions)),
            money(sum(taxes[i] for i in positions)),
        )
        for code_id, positions in read.by_code.items()
    )
    before_rounding = money(sum(nets) + sum(taxes))
    total = before_rounding if cash_rounding is None else _cash_total(before_rounding, cash_rounding, digits)
    return Totals(
        currency=document.currency,
        lines=lines,
        taxes=summaries,
        gross=money(sum(read.gross)),
        line_discount=money(sum(read.line_discounts)),
        subtotal=money(sum(after_lines)),
        discount=money(read.discount),
        net=money(sum(nets)),
        tax=money(sum(taxes)),
        total_before_rounding=before_rounding,
        rounding=total - before_rounding,
        total=total,
    )


@dataclass(frozen=True, slots=True)
class _Read:
    """A document's numbers in units of its currency, checked: each line's gross and discount, the document's
    discount, each tax code's lines (positions, in order) and the code as first used."""

    gross: list[int]
    line_discounts: list[int]
    discount: int
    by_code: dict[str, list[int]]
    codes: dict[str, TaxCode]


def _share(discount: int, amounts: list[int], subtotal: int) -> list[int]:
    """The document discount shared in proportion to the amounts (largest remainder on the smallest unit)."""
    if discount == 0:
        return [0] * len(amounts)
    return largest_remainder([discount * amount for amount in amounts], subtotal, discount)


def _tax(rate: Decimal, amounts: list[int], document: Document, tax_rounding: TaxRounding) -> list[int]:
    """The tax of one code's lines, in units: ``amount x p / q`` with ``p / q`` = ``rate / 100`` on prices
    excluding tax and ``rate / (100 + rate)`` on prices including it, rounded per line or once for the code."""
    numerator, denominator = rate.as_integer_ratio()
    if numerator == 0:
        return [0] * len(amounts)
    scale = 100 * denominator + (numerator if document.prices_include_tax else 0)
    exact = [amount * numerator for amount in amounts]  # each line's tax is exact / scale
    if tax_rounding == "line":
        return [round_half_up(value, scale) for value in exact]
    return largest_remainder(exact, scale, round_half_up(sum(exact), scale))


def _cash_total(total: Decimal, increment: Decimal, digits: int) -> Decimal:
    try:
        step = to_units(increment, digits)
    except ValueError:
        step = 0
    if step <= 0:
        raise ValueError(f"cash rounding {increment} is not a positive multiple of the currency's smallest unit")
    return from_units(to_units(cash_round(total, increment), digits), digits)


class _Checker:
    """Reads the document's numbers as units of the currency, collecting what is wrong with them."""

    def __init__(self, currency: str, digits: int) -> None:
        self.currency = currency
        self.digits = digits
        self.problems: list[FieldProblem] = []

    def problem(self, path: str, code: str, /, **params: str) -> None:
        self.problems.append(FieldProblem(path, code, MESSAGES[code].format(**params), params))

    def raise_problems(self) -> None:
        if self.problems:
            raise PricingError(self.problems)

    def number(self, value: Decimal, path: str, maximum: Decimal | None = None) -> bool:
        """Whether ``value`` is finite, not negative and not above ``maximum``."""
        if not value.is_finite():
            self.problem(path, "number.finite")
        elif value < 0:
            self.problem(path, "number.min", limit="0")
        elif maximum is not None and value > maximum:
            self.problem(path, "number.max", limit=f"{maximum}")
        else:
            return True
        return False

    def line_gross(self, line: Line, at: str) -> int | None:
        """``quantity x unit_price`` in units, rounded half up (``None`` when either is wrong)."""
        quantity_ok = self.number(line.quantity, f"{at}.quantity")
        price_ok = self.number(line.unit_price, f"{at}.unit_price")
        if not (quantity_ok and price_ok):
            return None
        quantity, per = line.quantity.as_integer_ratio()
        price, price_per = line.unit_price.as_integer_ratio()
        return round_half_up(quantity * price * 10**self.digits, per * price_per)

    def discount(self, percent: Decimal | None, amount: Decimal | None, base: int | None, at: str) -> int:
        """The discount on ``base`` units given as ``percent`` or ``amount``, in units (0 when it is wrong;
        ``base`` ``None``: the amount it is taken from is wrong itself, so only the discount's form is checked).

        A zero percentage or amount counts as not given, so a form may send both fields with one at 0."""
        prefix = f"{at}." if at else ""
        if percent is not None and amount is not None and percent != 0 and amount != 0:
            self.problem(f"{prefix}discount_percent", "discount.both")
            return 0
        if percent is not None and percent != 0:
            if not self.number(percent, f"{prefix}discount_percent", HUNDRED):
                return 0
            numerator, denominator = percent.as_integer_ratio()
            return 0 if base is None else round_half_up(base * numerator, 100 * denominator)
        if amount is not None and amount != 0:
            path = f"{prefix}discount_amount"
            if not self.number(amount, path):
                return 0
            try:
                units = to_units(amount, self.digits)
            except ValueError:
                self.problem(path, "amount.precision", currency=self.currency, places=f"{self.digits}")
                return 0
            if base is not None and units > base:
                self.problem(path, "discount.exceeds", limit=f"{from_units(base, self.digits)}")
                return 0
            return 0 if base is None else units
        return 0

    def read(self, document: Document) -> _Read:
        """The document's numbers, or a :class:`PricingError` naming every wrong field."""
        gross: list[int] = []
        line_discounts: list[int] = []
        by_code: dict[str, list[int]] = {}
        codes: dict[str, TaxCode] = {}
        for position, line in enumerate(document.lines):
            at = f"lines.{position}"
            gross_units = self.line_gross(line, at)
            gross.append(gross_units or 0)
            line_discounts.append(self.discount(line.discount_percent, line.discount_amount, gross_units, at))
            self.tax(line, position, codes, by_code)
        self.raise_problems()
        subtotal = sum(gross) - sum(line_discounts)
        discount = self.discount(document.discount_percent, document.discount_amount, subtotal, "")
        self.raise_problems()
        return _Read(gross, line_discounts, discount, by_code, codes)

    def tax(self, line: Line, position: int, codes: dict[str, TaxCode], by_code: dict[str, list[int]]) -> None:
        """Checks the line's tax code and files the line under it."""
        at = f"lines.{position}"
        code = line.tax
        if self.number(code.rate, f"{at}.tax.rate", HUNDRED) and code.tax_type in UNTAXED_TYPES and code.rate != 0:
            self.problem(f"{at}.tax.rate", "tax.exempt_rate")
        if code.tax_type == EXEMPT and not (line.exemption_reason or "").strip():
            self.problem(f"{at}.exemption_reason", "tax.exemption_reason")
        first = codes.setdefault(code.id, code)
        earlier = by_code.setdefault(code.id, [])
        if earlier and first.tax_type != code.tax_type:
            self.problem(
                f"{at}.tax.tax_type", "tax.code_conflict", code=code.id, what="tax type", line=f"{earlier[0] + 1}"
            )
        elif earlier and first.rate != code.rate:
            self.problem(f"{at}.tax.rate", "tax.code_conflict", code=code.id, what="rate", line=f"{earlier[0] + 1}")
        earlier.append(position)
