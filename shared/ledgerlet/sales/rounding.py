"""Rounding that keeps sums exact: half up to the currency's smallest unit, shares that add up to their
total, and Bank Negara Malaysia's 5-sen cash rounding. Pure: no clock, no storage, no floats.

Amounts are handled as whole numbers of the currency's smallest unit (sen for MYR, yen for JPY) and
exact ratios as a numerator over a denominator, so no intermediate result is ever rounded by a
``Decimal`` context: ``3 x 19.90`` is ``5970`` sen, and ``5373 / 1000`` sen of tax rounds to ``537``.

    >>> allocate(Decimal("10.00"), [Decimal("10.00"), Decimal("20.00"), Decimal("40.00")], "MYR")
    (Decimal('1.43'), Decimal('2.86'), Decimal('5.71'))
    >>> cash_round(Decimal("10.03"))
    Decimal('10.05')
"""

from __future__ import annotations

from decimal import Decimal
from math import lcm

from ledgerlet.money import exponent

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs milliseconds at cold start
if TYPE_CHECKING:
    from collections.abc import Sequence

BNM_CASH_ROUNDING = Decimal("0.05")
"""Bank Negara Malaysia's rounding mechanism: a cash bill's total rounds to the nearest 5 sen."""


def places(currency: str) -> int:
    """The number of decimal places of ``currency`` (2 for MYR, 0 for JPY, 3 for KWD), from ``ledgerlet.money``."""
    return -int(exponent(currency).as_tuple().exponent)


def to_units(amount: Decimal, places: int) -> int:
    """``amount`` as a whole number of units of ``10 ** -places``; a ``ValueError`` if it is finer than that."""
    numerator, denominator = amount.as_integer_ratio()
    units, rest = divmod(numerator * 10**places, denominator)
    if rest:
        raise ValueError(f"{amount} has more than {places} decimal places")
    return units


def from_units(units: int, places: int) -> Decimal:
    """``units`` of ``10 ** -places`` as a ``Decimal`` with exactly ``places`` decimals (``537, 2`` -> ``5.37``)."""
    return Decimal(units).scaleb(-places)


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to a whole number, halves away from zero (as ``money.quantize``)."""
    if denominator <= 0:
        raise ValueError("the denominator must be positive")
    if numerator < 0:
        return -((-2 * numerator + denominator) // (2 * denominator))
    return (2 * numerator + denominator) // (2 * denominator)


def largest_remainder(numerators: Sequence[int], denominator: int, total: int) -> list[int]:
    """Whole shares of ``total`` for the exact shares ``numerator / denominator``: every share is its exact
    value rounded down, and the units left over go one each to the shares with the largest remainders
    (the earlier share first on a tie), so the shares add up to ``total`` exactly.

    ``total`` must be within one unit per share of the exact sum: at least the sum rounded down, at most
    that plus one unit per share (the exact sum rounded, or a total the shares are proportional to).
    """
    floors: list[int] = []
    remainders: list[int] = []
    for numerator in numerators:
        floor, remainder = divmod(numerator, denominator)
        floors.append(floor)
        remainders.append(remainder)
    left = total - sum(floors)
    if not 0 <= left <= len(floors):
        raise ValueError(f"{total} cannot be shared: the exact shares round down to {sum(floors)}")
    if left:
        for position in sorted(range(len(floors)), key=lambda i: (-remainders[i], i))[:left]:
            floors[position] += 1
    return floors


def allocate(total: Decimal, weights: Sequence[Decimal], currency: str) -> tuple[Decimal, ...]:
    """``total`` (at ``currency``'s precision) shared in proportion to ``weights`` (zero or more, any
    precision), each share at the currency's precision, the shares adding up to ``total`` exactly
    (largest remainder on the smallest unit). All-zero weights share only a zero total."""
    digits = places(currency)
    units = to_units(total, digits)
    ratios = [weight.as_integer_ratio() for weight in weights]
    if any(numerator < 0 for numerator, _ in ratios):
        raise ValueError("weights cannot be negative")
    common = lcm(*(denominator for _, denominator in ratios))
    scaled = [numerator * (common // denominator) for numerator, denominator in ratios]
    whole = sum(scaled)
    if whole == 0:
        if units:
            raise ValueError(f"{total} cannot be shared over weights that are all zero")
        return tuple(from_units(0, digits) for _ in weights)
    shares = largest_remainder([units * weight for weight in scaled], whole, units)
    return tuple(from_units(share, digits) for share in shares)


def cash_round(amount: Decimal, increment: Decimal = BNM_CASH_ROUNDING) -> Decimal:
    """``amount`` rounded to the nearest multiple of ``increment``, halves away from zero.

    With Bank Negara's 5 sen: a total ending in 1 or 2 sen rounds down to 0, 3 or 4 up to 5, 6 or 7 down
    to 5, 8 or 9 up to 10 (a sen amount is never exactly halfway). The adjustment is the result minus
    ``amount``; it is never more than half the increment.
    """
    if increment <= 0:
        raise ValueError("the rounding increment must be positive")
    amount_numerator, amount_denominator = amount.as_integer_ratio()
    step_numerator, step_denominator = increment.as_integer_ratio()
    steps = round_half_up(amount_numerator * step_denominator, amount_denominator * step_numerator)
    return steps * increment + 0  # + 0: never a negative zero
