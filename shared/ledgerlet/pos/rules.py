"""The point of sale's own arithmetic, pure: how a sale's tenders settle its total (Malaysia's 5-sen rounding of
cash, change given), what a drawer should hold when its shift closes and how far the count is over or short,
and how much of a receipt is left to take back. No clock, no storage, no floats: ``Decimal`` at MYR precision.

**Tenders.** A sale's lines come to ``total`` (SST included, as a shop's shelf prices are). Card and e-wallet
tenders are paid to the sen and cover the total first; what is left is due in cash, and only that is rounded to
5 sen (Bank Negara's rounding mechanism applies to the cash part of a bill). The difference is the sale's
``rounding``, so what the customer pays is ``total + rounding``. Cash handed over beyond the rounded amount
comes back as change. A return refunds the same way: card and e-wallet first, the rest in cash, rounded; a
refund gives no change, so its cash tender is exactly the rounded amount.

**The drawer.** Expected cash = opening float + cash kept from sales (the rounded cash, change given back
already) - cash refunded + cash in - cash out. Over (+) or short (-) = counted - expected.

**Returns.** What a receipt sold of an item, less what earlier returns took back, is what may still come back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ledgerlet.money import quantize
from ledgerlet.sales.contract import BNM_CASH_ROUNDING, cash_round

ZERO = Decimal("0.00")
TENDER_KINDS = ("cash", "card", "ewallet")


def money(amount: Decimal) -> Decimal:
    """An amount at MYR precision (half up)."""
    return quantize(amount, "MYR")


@dataclass(frozen=True)
class Tender:
    kind: str  # cash, card or ewallet
    amount: Decimal


@dataclass(frozen=True)
class Settlement:
    """How a sale (or a return) was paid (refunded). ``cash`` is what the drawer keeps (gives back): the
    rounded cash due, change already given; ``total = cash + card + ewallet``."""

    total_before_rounding: Decimal
    rounding: Decimal
    total: Decimal
    cash: Decimal
    card: Decimal
    ewallet: Decimal
    cash_tendered: Decimal
    change: Decimal


class TenderError(ValueError):
    """Tenders that do not settle the sale: ``code`` (``pos.tender_*``) and its ``params``."""

    def __init__(self, code: str, message: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def settle(total: Decimal, tenders: Sequence[Tender], *, refund: bool = False) -> Settlement:
    """The settlement of a sale whose lines come to ``total`` (``refund``: a return's refund), or a
    :class:`TenderError` when the tenders do not settle it."""
    paid = {kind: sum((t.amount for t in tenders if t.kind == kind), ZERO) for kind in TENDER_KINDS}
    unknown = [t.kind for t in tenders if t.kind not in TENDER_KINDS]
    if unknown:
        raise TenderError("pos.tender_kind", f"unknown tender {unknown[0]}", kind=unknown[0])
    if any(t.amount < 0 for t in tenders):
        raise TenderError("pos.tender_negative", "a tender is never negative")
    other = paid["card"] + paid["ewallet"]
    if other > total:
        raise TenderError("pos.tender_over", f"card and e-wallet pay {other:f} of {total:f}", total=f"{total:f}")
    due = total - other
    rounded = money(cash_round(due, BNM_CASH_ROUNDING))
    if refund and paid["cash"] != rounded:
        raise TenderError("pos.tender_refund", f"the cash refunded is {rounded:f}", due=f"{rounded:f}")
    if paid["cash"] < rounded:
        raise TenderError("pos.tender_short", f"{rounded:f} is due in cash", due=f"{rounded:f}")
    rounding = rounded - due
    return Settlement(
        total_before_rounding=money(total),
        rounding=money(rounding),
        total=money(total + rounding),
        cash=rounded,
        card=money(paid["card"]),
        ewallet=money(paid["ewallet"]),
        cash_tendered=money(paid["cash"]),
        change=money(paid["cash"] - rounded),
    )


def expected_cash(
    opening_float: Decimal,
    cash_taken: Iterable[Decimal],
    cash_refunded: Iterable[Decimal],
    cash_in: Iterable[Decimal],
    cash_out: Iterable[Decimal],
) -> Decimal:
    """What the drawer should hold: the float, plus the cash kept from sales (rounded, net of change), less cash
    refunded, plus cash put in, less cash taken out."""
    return money(
        opening_float + sum(cash_taken, ZERO) - sum(cash_refunded, ZERO) + sum(cash_in, ZERO) - sum(cash_out, ZERO)
    )


def over_short(counted: Decimal, expected: Decimal) -> Decimal:
    """Over (positive) or short (negative): what was counted less what was expected."""
    return money(counted - expected)


@dataclass(frozen=True)
class OverReturned:
    """A return's line asking more of an item than is left on the receipt: ``left`` before this line."""

    position: int
    item_id: str
    left: Decimal


def returnable(sold: Mapping[str, Decimal], returned: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Per item, what a receipt sold less what returns took back so far."""
    return {item: qty - returned.get(item, Decimal(0)) for item, qty in sold.items()}


def over_returned(
    sold: Mapping[str, Decimal], returned: Mapping[str, Decimal], lines: Sequence[tuple[str, Decimal]]
) -> list[OverReturned]:
    """The lines (item, quantity) of a return that take back more than is left on the receipt, the earlier
    lines of the same return counted first. Empty: the return fits."""
    left = returnable(sold, returned)
    wrong: list[OverReturned] = []
    for position, (item_id, qty) in enumerate(lines):
        available = left.get(item_id, Decimal(0))
        if qty > available:
            wrong.append(OverReturned(position, item_id, available))
        else:
            left[item_id] = available - qty
    return wrong


def quantities(lines: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Quantities per item of (item, quantity) lines."""
    found: dict[str, Decimal] = {}
    for item_id, qty in lines:
        found[item_id] = found.get(item_id, Decimal(0)) + qty
    return found


def receipt_number(register_code: str, number: int) -> str:
    """A receipt's number as printed: the register's code and the number zero-padded to 6 (``R01-000042``)."""
    return f"{register_code}-{number:06d}"
