"""Rounding money to its currency's precision and converting it to the base currency.

Every amount the ledger stores is a ``Decimal`` already at its currency's ISO 4217 precision (2 for MYR
and USD, 0 for JPY, 3 for KWD, ...). Rounding is always half-up, the way invoices and bank statements
round, never banker's rounding.

    >>> quantize(Decimal("10.005"), "MYR")
    Decimal('10.01')
    >>> to_base(Decimal("100"), Decimal("0.0312"))  # 100 JPY at 0.0312 MYR per yen
    Decimal('3.12')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ledgerlet.reference.codes import currency_precision

BASE_CURRENCY = "MYR"
"""The currency every ledger keeps its books in (``base_amount`` on journal lines)."""


def exponent(currency: str) -> Decimal:
    """The smallest unit of ``currency`` as a ``Decimal`` exponent: ``Decimal("0.01")`` for MYR, ``1`` for JPY."""
    return Decimal(1).scaleb(-currency_precision(currency))


def quantize(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up to the precision of ``currency``; a negative zero comes back as zero."""
    return amount.quantize(exponent(currency), rounding=ROUND_HALF_UP) + 0


def money_text(amount: Decimal | str | int, currency: str) -> str:
    """An amount as every answer carries it: a decimal string at ``currency``'s precision
    (``"100.00"`` for MYR 100, ``"1500"`` for JPY 1,500), whatever form it was stored or summed in."""
    return f"{quantize(Decimal(str(amount)), currency):f}"


def is_quantized(amount: Decimal, currency: str) -> bool:
    """Whether ``amount`` is a finite ``Decimal`` that rounding to ``currency``'s precision would not change.

    Only the value counts: ``Decimal("1.5")`` and ``Decimal("1.5000")`` are both at MYR precision.
    """
    return isinstance(amount, Decimal) and amount.is_finite() and amount == quantize(amount, currency)


def to_base(amount: Decimal, rate: Decimal, base_currency: str = BASE_CURRENCY) -> Decimal:
    """``amount`` x ``rate`` (base-currency units per unit of ``amount``'s currency), rounded half-up."""
    return quantize(amount * rate, base_currency)
