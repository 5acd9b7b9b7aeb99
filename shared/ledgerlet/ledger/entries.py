"""Immutable journal entries: the only thing the general ledger records.

A ``JournalEntry`` is a dated set of ``JournalLine`` postings that balances twice over:

* per currency, the transaction amounts sum to zero (a USD receipt debits USD 100 to the bank and
  credits USD 100 to the customer), and
* in the base currency (MYR), the ``base_amount`` of all lines sums to zero, so the books balance.

Amounts are signed: debit > 0, credit < 0. The entry checks everything on construction and rounds
nothing; build lines with ``convert_line``/``convert_lines`` and let ``balance_entry`` place the cents
that line-by-line conversion leaves over.

The rounding rule (``balance_entry``)
-------------------------------------
Converting each line to MYR and rounding it to the sen can leave the base amounts a few sen away from
zero even though every currency balances. That difference is a base-currency-only quantity, so it is
posted on a *base-only line*: one line to the rounding account with ``currency="MYR"``,
``amount=0`` and ``base_amount`` = minus the difference. A zero transaction amount leaves every
currency's balance (MYR included) untouched, and the base amounts then sum to zero. Only differences
within the tolerance (by default 0.01 MYR per line, twice the worst case of half a sen per line) are
treated as rounding; anything larger is a real error, or an exchange gain or loss the caller must post
to its own account, and is refused.

Base-only lines (amount 0, base amount not 0) are allowed in general: unrealised exchange
revaluation posts them too. A line in MYR that does carry an amount must have ``base_amount ==
amount``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType

from ledgerlet.money import BASE_CURRENCY, is_quantized, quantize, to_base

TYPE_CHECKING = False  # not ``typing.TYPE_CHECKING``: importing typing costs milliseconds at cold start
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

ZERO = Decimal(0)
ROUNDING_TOLERANCE_PER_LINE = Decimal("0.01")
"""Default base-currency rounding tolerance of ``balance_entry``, per line of the entry."""


class InvalidEntry(ValueError):
    """A journal entry or line that is malformed: too few lines, wrong precision, zero line, bad field."""


class UnbalancedEntry(ValueError):
    """A journal entry whose amounts do not sum to zero in some currency or in the base currency."""


def _negate(amount: Decimal) -> Decimal:
    """``-amount`` without producing a negative zero."""
    return -amount if amount else amount.copy_abs()


@dataclass(frozen=True, slots=True)
class Dimensions:
    """Analysis dimensions carried by every journal line: ids of an org unit (branch, department) and a
    project, or None when the line is not analysed on that dimension."""

    branch: str | None = None
    department: str | None = None
    project: str | None = None

    def key(self) -> str:
        """A stable text key, ``"branch=org_1|department=-|project=-"``; ``"-"`` stands for None.

        Ledger balances are kept per account x period x this key, so its format never changes.
        """
        return "|".join(f"{name}={value or '-'}" for name, value in self._items())

    @classmethod
    def from_key(cls, key: str) -> Dimensions:
        """The dimensions a ``key()`` was made from; raises ``ValueError`` on any other text."""
        values: dict[str, str | None] = {}
        for part in key.split("|"):
            name, sep, value = part.partition("=")
            if not sep or name not in _DIMENSION_NAMES or name in values:
                raise ValueError(f"not a dimensions key: {key!r}")
            values[name] = None if value == "-" else value
        if len(values) != len(_DIMENSION_NAMES):
            raise ValueError(f"not a dimensions key: {key!r}")
        return cls(**values)

    def _items(self) -> tuple[tuple[str, str | None], ...]:
        return (("branch", self.branch), ("department", self.department), ("project", self.project))


_DIMENSION_NAMES = ("branch", "department", "project")
NO_DIMENSIONS = Dimensions()


@dataclass(frozen=True, slots=True)
class JournalLine:
    """One posting: a signed amount in its transaction currency and the same in MYR.

    ``amount`` is in ``currency`` and ``base_amount`` in MYR, both signed the same way (debit > 0,
    credit < 0). Lines are checked when an entry is built from them, so a bad line names its index.
    """

    account_id: str
    amount: Decimal
    currency: str
    base_amount: Decimal
    dimensions: Dimensions = NO_DIMENSIONS
    memo: str = ""

    @property
    def debit(self) -> Decimal:
        """The amount when it is a debit, else zero (transaction currency)."""
        return self.amount if self.amount > 0 else ZERO

    @property
    def credit(self) -> Decimal:
        """The amount negated when it is a credit, else zero (transaction currency)."""
        return -self.amount if self.amount < 0 else ZERO

    @property
    def base_debit(self) -> Decimal:
        """The base amount when it is a debit, else zero (MYR)."""
        return self.base_amount if self.base_amount > 0 else ZERO

    @property
    def base_credit(self) -> Decimal:
        """The base amount negated when it is a credit, else zero (MYR)."""
        return -self.base_amount if self.base_amount < 0 else ZERO


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A dated, balanced and immutable set of journal lines.

    ``source_type``/``source_id``/``source_code`` name the document that posted it (``"CASHRECEIPT"``,
    its id and its number such as ``"OR-000031"``); ``reverses`` is the ``entry_id`` of the entry this
    one cancels. Construction raises ``InvalidEntry`` or ``UnbalancedEntry`` unless every rule in the
    module docstring holds.
    """

    entry_id: str
    date: date
    lines: tuple[JournalLine, ...]
    memo: str = ""
    source_type: str = ""
    source_id: str = ""
    source_code: str = ""
    reverses: str | None = None

    def __post_init__(self) -> None:
        if not self.entry_id:
            raise InvalidEntry("entry_id is empty")
        if not isinstance(self.date, date) or isinstance(self.date, datetime):
            raise InvalidEntry(f"entry {self.entry_id}: date must be a datetime.date, got {self.date!r}")
        if not isinstance(self.lines, tuple):
            object.__setattr__(self, "lines", tuple(self.lines))
        if len(self.lines) < 2:
            raise InvalidEntry(f"entry {self.entry_id}: needs at least two lines, got {len(self.lines)}")
        if self.reverses == self.entry_id:
            raise InvalidEntry(f"entry {self.entry_id}: cannot reverse itself")
        for index, line in enumerate(self.lines):
            _check_line(self.entry_id, index, line)
        _check_balance(self.entry_id, self.lines)

    @property
    def currencies(self) -> tuple[str, ...]:
        """The transaction currencies of the lines, in order of first appearance."""
        return tuple(dict.fromkeys(line.currency for line in self.lines))


def _check_line(entry_id: str, index: int, line: JournalLine) -> None:
    """Raise ``InvalidEntry`` naming line ``index`` unless the line is well formed and at precision."""
    where = f"entry {entry_id}, line {index}"
    if not isinstance(line, JournalLine):
        raise InvalidEntry(f"{where}: not a JournalLine: {line!r}")
    if not line.account_id:
        raise InvalidEntry(f"{where}: account_id is empty")
    if not (isinstance(line.currency, str) and len(line.currency) == 3 and line.currency.isalpha()):
        raise InvalidEntry(f"{where}: currency must be a three-letter ISO code, got {line.currency!r}")
    if not line.currency.isupper():
        raise InvalidEntry(f"{where}: currency must be upper case, got {line.currency!r}")
    if not is_quantized(line.amount, line.currency):
        raise InvalidEntry(f"{where}: amount {line.amount!r} is not a Decimal at {line.currency} precision")
    if not is_quantized(line.base_amount, BASE_CURRENCY):
        raise InvalidEntry(f"{where}: base_amount {line.base_amount!r} is not a Decimal at {BASE_CURRENCY} precision")
    if not line.amount and not line.base_amount:
        raise InvalidEntry(f"{where}: amount and base_amount are both zero")
    if line.currency == BASE_CURRENCY and line.amount and line.base_amount != line.amount:
        raise InvalidEntry(
            f"{where}: a {BASE_CURRENCY} line must have base_amount == amount ({line.base_amount} != {line.amount})"
        )
    if line.amount and line.base_amount and (line.amount > 0) != (line.base_amount > 0):
        raise InvalidEntry(f"{where}: amount {line.amount} and base_amount {line.base_amount} have opposite signs")


def _check_balance(entry_id: str, lines: Sequence[JournalLine]) -> None:
    """Raise ``UnbalancedEntry`` unless every currency and the base amounts each sum to zero."""
    for currency, total in currency_sums(lines).items():
        if total:
            raise UnbalancedEntry(f"entry {entry_id}: {currency} amounts sum to {total}, not zero")
    base_total = sum((line.base_amount for line in lines), ZERO)
    if base_total:
        raise UnbalancedEntry(f"entry {entry_id}: {BASE_CURRENCY} base amounts sum to {base_total}, not zero")


def currency_sums(lines: Iterable[JournalLine]) -> dict[str, Decimal]:
    """The signed sum of ``amount`` per transaction currency, in order of first appearance."""
    sums: dict[str, Decimal] = {}
    for line in lines:
        sums[line.currency] = sums.get(line.currency, ZERO) + line.amount
    return sums


def convert_line(
    account_id: str,
    amount: Decimal,
    currency: str,
    rate: Decimal,
    *,
    dimensions: Dimensions = NO_DIMENSIONS,
    memo: str = "",
) -> JournalLine:
    """A line for ``amount`` of ``currency`` at ``rate`` MYR per unit, its base amount rounded half-up.

    ``amount`` must already be at the currency's precision (it is not rounded here); an MYR line must
    use rate 1.
    """
    if currency == BASE_CURRENCY and rate != 1:
        raise InvalidEntry(f"a {BASE_CURRENCY} line converts at rate 1, not {rate}")
    if not (isinstance(rate, Decimal) and rate.is_finite() and rate > 0):
        raise InvalidEntry(f"rate must be a positive Decimal, got {rate!r}")
    return JournalLine(account_id, amount, currency, to_base(amount, rate), dimensions, memo)


def convert_lines(
    legs: Iterable[tuple[str, Decimal]],
    currency: str,
    rate: Decimal,
    *,
    dimensions: Dimensions = NO_DIMENSIONS,
    memo: str = "",
) -> tuple[JournalLine, ...]:
    """Lines for ``(account_id, signed amount)`` legs in one currency, converted one by one at ``rate``.

    Each base amount is rounded on its own, so the result may be a few sen out of balance in MYR; pass
    it to ``balance_entry``, which posts that difference to the rounding account.
    """
    return tuple(
        convert_line(account_id, amount, currency, rate, dimensions=dimensions, memo=memo)
        for account_id, amount in legs
    )


def balance_entry(
    entry_id: str,
    date: date,
    lines: Sequence[JournalLine],
    *,
    rounding_account_id: str,
    tolerance: Decimal | None = None,
    rounding_dimensions: Dimensions = NO_DIMENSIONS,
    memo: str = "",
    source_type: str = "",
    source_id: str = "",
    source_code: str = "",
    reverses: str | None = None,
) -> JournalEntry:
    """A ``JournalEntry`` from ``lines``, with any base-currency rounding difference posted by rule.

    Every currency must already balance. When the base amounts miss zero by no more than ``tolerance``
    (default ``ROUNDING_TOLERANCE_PER_LINE`` x number of lines), one base-only line is appended:
    ``JournalLine(rounding_account_id, 0 MYR, base_amount=-difference, rounding_dimensions,
    "Rounding difference")``. A larger difference raises ``UnbalancedEntry``. With no difference the
    lines are used as given.
    """
    lines = tuple(lines)
    if tolerance is None:
        tolerance = ROUNDING_TOLERANCE_PER_LINE * max(1, len(lines))
    for currency, total in currency_sums(lines).items():
        if total:
            raise UnbalancedEntry(f"entry {entry_id}: {currency} amounts sum to {total}, not zero")
    difference = sum((line.base_amount for line in lines), ZERO)
    if abs(difference) > tolerance:
        raise UnbalancedEntry(
            f"entry {entry_id}: {BASE_CURRENCY} base amounts sum to {difference}, beyond the rounding "
            f"tolerance of {tolerance}; post exchange differences explicitly"
        )
    if difference:
        rounding = JournalLine(
            rounding_account_id,
            quantize(ZERO, BASE_CURRENCY),
            BASE_CURRENCY,
            _negate(difference),
            rounding_dimensions,
            "Rounding difference",
        )
        lines = (*lines, rounding)
    return JournalEntry(entry_id, date, lines, memo, source_type, source_id, source_code, reverses)


def reversal(entry: JournalEntry, entry_id: str, on: date, *, memo: str | None = None) -> JournalEntry:
    """An entry dated ``on`` that cancels ``entry``: every amount and base amount negated.

    The source document fields are copied, so the reversal shows up beside the original on its
    document; ``reverses`` names the original. The memo defaults to ``"Reversal of <entry_id>"``.
    """
    lines = tuple(
        JournalLine(
            line.account_id,
            _negate(line.amount),
            line.currency,
            _negate(line.base_amount),
            line.dimensions,
            line.memo,
        )
        for line in entry.lines
    )
    return JournalEntry(
        entry_id,
        on,
        lines,
        f"Reversal of {entry.entry_id}" if memo is None else memo,
        entry.source_type,
        entry.source_id,
        entry.source_code,
        reverses=entry.entry_id,
    )


@dataclass(frozen=True, slots=True)
class Totals:
    """What a set of lines adds up to on one account x dimensions: MYR debits and credits, and the net
    signed amount per transaction currency.

    Debits and credits are kept in MYR only: gross transaction amounts in different currencies do not
    add up to anything meaningful. ``by_currency`` is read-only; a currency stays listed even when it
    nets to zero. ``Totals`` add with ``+``.
    """

    base_debit: Decimal = ZERO
    base_credit: Decimal = ZERO
    by_currency: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def base_balance(self) -> Decimal:
        """The net MYR balance, debit positive."""
        return self.base_debit - self.base_credit

    def __add__(self, other: Totals) -> Totals:
        if not isinstance(other, Totals):
            return NotImplemented
        by_currency = dict(self.by_currency)
        for currency, amount in other.by_currency.items():
            by_currency[currency] = by_currency.get(currency, ZERO) + amount
        return Totals(
            self.base_debit + other.base_debit,
            self.base_credit + other.base_credit,
            MappingProxyType(by_currency),
        )

    @classmethod
    def of_line(cls, line: JournalLine) -> Totals:
        """The totals of a single line."""
        return cls(line.base_debit, line.base_credit, MappingProxyType({line.currency: line.amount}))


def totals_by_account(entries: Iterable[JournalEntry]) -> dict[tuple[str, str], Totals]:
    """``Totals`` per ``(account_id, dimensions.key())`` over every line of ``entries``.

    Additive: the totals of a concatenation equal the ``+`` of the totals of its parts, key by key.
    """
    base_debit: dict[tuple[str, str], Decimal] = {}
    base_credit: dict[tuple[str, str], Decimal] = {}
    by_currency: dict[tuple[str, str], dict[str, Decimal]] = {}
    for entry in entries:
        for line in entry.lines:
            key = (line.account_id, line.dimensions.key())
            base_debit[key] = base_debit.get(key, ZERO) + line.base_debit
            base_credit[key] = base_credit.get(key, ZERO) + line.base_credit
            currencies = by_currency.setdefault(key, {})
            currencies[line.currency] = currencies.get(line.currency, ZERO) + line.amount
    return {
        key: Totals(base_debit[key], base_credit[key], MappingProxyType(currencies))
        for key, currencies in by_currency.items()
    }
