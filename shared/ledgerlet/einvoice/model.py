"""A neutral, immutable description of one LHDN MyInvois e-invoice, independent of the sales documents.

Everything is a frozen dataclass; money, quantities and rates are ``Decimal`` (never ``float``). Document
totals are never taken as input: :func:`totals` derives them from the lines by LHDN's "Mathematical
Mappings" (sdk.myinvois.hasil.gov.my/mathematical-mappings):

- line subtotal (``LineExtensionAmount``) = round(quantity x unit price) - discount
- tax of a line = round(taxable x rate / 100), where taxable = subtotal - amount exempted from tax
- total net amount (``LineExtensionAmount``) = sum of line subtotals
- total excluding tax = total net amount - document discount
- total tax = sum of the per-tax-type tax amounts = sum of line taxes
- total including tax = total excluding tax + total tax
- payable = total including tax - prepaid amount + rounding

Rounding is always half-up to the currency's minor units (``ledgerlet.reference.codes.currency_precision``:
2 for MYR and USD, 0 for JPY, 3 for KWD).

Self-billed documents (types 11..14) are issued by the buyer, but LHDN's samples keep the seller in
``AccountingSupplierParty``: always pass the party that supplies the goods or services as ``supplier`` and
the party that pays as ``buyer``, whoever issues the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from ledgerlet.reference.codes import currency_precision

ZERO = Decimal(0)

INVOICE_TYPES: frozenset[str] = frozenset({"01", "11"})
NOTE_TYPES: frozenset[str] = frozenset({"02", "03", "04", "12", "13", "14"})
"""Credit, debit and refund notes (and their self-billed forms): they must name the original e-invoice."""

EXEMPT = "E"
"""Tax type of an amount exempted from tax (it carries a reason and no tax)."""
NOT_APPLICABLE = "06"
"""Tax type "Not Applicable": no tax."""


def round_money(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up to ``currency``'s minor units; a negative zero comes back as zero."""
    return amount.quantize(Decimal(1).scaleb(-currency_precision(currency)), rounding=ROUND_HALF_UP) + 0


def line_tax(taxable: Decimal, rate: Decimal, currency: str) -> Decimal:
    """Tax on ``taxable`` at ``rate`` percent, rounded half-up to the currency (LHDN rounds per line)."""
    return round_money(taxable * rate / 100, currency)


@dataclass(frozen=True, kw_only=True)
class Address:
    """A postal address. ``state`` is an LHDN state code ("14"; "17" = not applicable) for Malaysian
    addresses, the state's name elsewhere; ``country`` is ISO 3166-1 alpha-3 ("MYS")."""

    lines: tuple[str, ...]
    city: str
    postcode: str | None
    state: str
    country: str = "MYS"


@dataclass(frozen=True, kw_only=True)
class Party:
    """Supplier or buyer. ``id_type`` is one of ``BRN``, ``NRIC``, ``PASSPORT``, ``ARMY``; SST and tourism
    tax numbers are ``"NA"`` when the party has none. ``msic``/``activity`` are required of the supplier
    only (MSIC 2008 code and its description)."""

    name: str
    tin: str
    id_type: str
    id_value: str
    address: Address
    phone: str
    sst_number: str = "NA"
    tourism_tax_number: str = "NA"
    msic: str | None = None
    activity: str | None = None
    email: str | None = None


@dataclass(frozen=True, kw_only=True)
class TaxSubtotal:
    """Taxable amount and tax of one tax type (``percent`` is ``None`` when the lines of that type do not
    share one rate)."""

    tax_type: str
    taxable_amount: Decimal
    tax_amount: Decimal
    percent: Decimal | None


@dataclass(frozen=True, kw_only=True)
class Line:
    """One invoice line. ``subtotal`` is quantity x unit price - discount, before tax (what LHDN calls the
    line's "Total Excluding Tax"); ``tax_rate`` is a percentage. A line of tax type ``"E"`` is exempt as a
    whole; a line of another type may exempt part of its subtotal with ``exemption_amount`` (and a reason),
    the tax then being on the rest. :meth:`priced` computes subtotal and tax by the rules."""

    number: str
    classification: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    subtotal: Decimal
    tax_type: str
    tax_rate: Decimal
    tax_amount: Decimal
    unit_code: str = "C62"
    discount: Decimal = ZERO
    exemption_reason: str | None = None
    exemption_amount: Decimal = ZERO
    country_of_origin: str | None = None
    tariff_code: str | None = None
    summed: int = 1
    """How many sales, each taxed and rounded on its own, the line sums (a consolidated e-invoice's lines):
    its tax may then stray from the rate on its subtotal by half a sen for each."""

    @classmethod
    def priced(
        cls,
        *,
        number: str,
        classification: str,
        description: str,
        quantity: Decimal,
        unit_price: Decimal,
        tax_type: str,
        tax_rate: Decimal = ZERO,
        currency: str = "MYR",
        unit_code: str = "C62",
        discount: Decimal = ZERO,
        exemption_reason: str | None = None,
        exemption_amount: Decimal = ZERO,
        country_of_origin: str | None = None,
        tariff_code: str | None = None,
    ) -> Line:
        """A line whose subtotal and tax are computed by the rules (half-up to ``currency``)."""
        subtotal = round_money(quantity * unit_price, currency) - discount
        exempt = subtotal if tax_type == EXEMPT else exemption_amount
        if tax_type in (EXEMPT, NOT_APPLICABLE):
            tax = round_money(ZERO, currency)
        else:
            tax = line_tax(subtotal - exempt, tax_rate, currency)
        return cls(
            number=number,
            classification=classification,
            description=description,
            quantity=quantity,
            unit_price=unit_price,
            subtotal=subtotal,
            tax_type=tax_type,
            tax_rate=tax_rate,
            tax_amount=tax,
            unit_code=unit_code,
            discount=discount,
            exemption_reason=exemption_reason,
            exemption_amount=exemption_amount,
            country_of_origin=country_of_origin,
            tariff_code=tariff_code,
        )

    @property
    def exempt_amount(self) -> Decimal:
        """The part of the subtotal exempted from tax: all of it for tax type ``E``."""
        return self.subtotal if self.tax_type == EXEMPT else self.exemption_amount

    @property
    def taxable_amount(self) -> Decimal:
        """The part of the subtotal the line's tax type applies to (zero for an exempt line)."""
        return ZERO if self.tax_type == EXEMPT else self.subtotal - self.exemption_amount

    def gross(self, currency: str) -> Decimal:
        """Quantity x unit price before the discount, rounded (LHDN's line "Subtotal", ``ItemPriceExtension``)."""
        return round_money(self.quantity * self.unit_price, currency)

    def expected_tax(self, currency: str) -> Decimal:
        """The tax the rules give this line: nothing for ``E`` and ``06``, else round(taxable x rate / 100)."""
        if self.tax_type in (EXEMPT, NOT_APPLICABLE):
            return ZERO
        return line_tax(self.taxable_amount, self.tax_rate, currency)

    def tax_subtotals(self) -> tuple[TaxSubtotal, ...]:
        """The line's ``TaxSubtotal`` entries: its own tax type, then (for a partial exemption) ``E``."""
        if self.tax_type == EXEMPT:
            return (
                TaxSubtotal(
                    tax_type=EXEMPT, taxable_amount=self.subtotal, tax_amount=self.tax_amount, percent=self.tax_rate
                ),
            )
        own = TaxSubtotal(
            tax_type=self.tax_type,
            taxable_amount=self.taxable_amount,
            tax_amount=self.tax_amount,
            percent=self.tax_rate,
        )
        if self.exemption_amount:
            exempt = TaxSubtotal(tax_type=EXEMPT, taxable_amount=self.exemption_amount, tax_amount=ZERO, percent=None)
            return (own, exempt)
        return (own,)


@dataclass(frozen=True, kw_only=True)
class Reference:
    """The original e-invoice a note adjusts: LHDN's UUID for it and its internal number (``"NA"`` for
    both is accepted where the original is a consolidated e-invoice)."""

    uuid: str
    number: str


@dataclass(frozen=True)
class BillingPeriod:
    """Billing period of the document; ``frequency`` is free text ("Monthly", "Daily", ..., max 50)."""

    start: date
    end: date
    frequency: str


@dataclass(frozen=True, kw_only=True)
class Totals:
    """Document totals derived from the lines (see the module docstring for the rules)."""

    line_extension: Decimal
    """Sum of the line subtotals (``LegalMonetaryTotal/LineExtensionAmount``)."""
    allowance: Decimal
    """Document-level discount (``AllowanceTotalAmount``)."""
    excluding_tax: Decimal
    tax_subtotals: tuple[TaxSubtotal, ...]
    tax: Decimal
    including_tax: Decimal
    prepaid: Decimal
    rounding: Decimal
    payable: Decimal


@dataclass(frozen=True, kw_only=True)
class EInvoice:
    """One MyInvois document. ``type_code``: 01 invoice, 02 credit, 03 debit, 04 refund note, 11..14 their
    self-billed forms. ``number`` is the issuer's own document number (max 50); ``issued_at`` is in UTC;
    ``exchange_rate`` (MYR per unit of ``currency``) is required exactly when the currency is not MYR.
    ``original`` names the e-invoice(s) a note adjusts; ``billing_period`` is required of a consolidated
    e-invoice, whose buyer is the general public (``ledgerlet.einvoice.ubl.general_public_buyer``).

    A few optional fields beyond the core model map onto LHDN's optional blocks: ``supplier_bank_account``
    (``PaymentMeans/PayeeFinancialAccount``), ``payment_terms``, ``prepaid_reference``/``prepaid_at``
    (``PrepaidPayment``) and ``discount_reason`` (``AllowanceCharge/AllowanceChargeReason``)."""

    type_code: str
    number: str
    issued_at: datetime
    currency: str
    supplier: Party
    buyer: Party
    lines: tuple[Line, ...]
    exchange_rate: Decimal | None = None
    document_discount: Decimal = ZERO
    discount_reason: str = "Discount"
    rounding: Decimal = ZERO
    prepaid_amount: Decimal = ZERO
    prepaid_reference: str | None = None
    prepaid_at: datetime | None = None
    original: tuple[Reference, ...] = ()
    billing_period: BillingPeriod | None = None
    payment_mode: str | None = None
    supplier_bank_account: str | None = None
    payment_terms: str | None = None
    consolidated: bool = False

    @property
    def self_billed(self) -> bool:
        """Types 11..14: issued by the buyer on the supplier's behalf."""
        return self.type_code.startswith("1")

    @property
    def is_note(self) -> bool:
        """Credit, debit or refund note (self-billed or not): it must reference the original e-invoice."""
        return self.type_code in NOTE_TYPES

    def totals(self) -> Totals:
        """The document totals, derived from the lines."""
        return totals(self)


def tax_subtotals(invoice: EInvoice) -> tuple[TaxSubtotal, ...]:
    """One ``TaxSubtotal`` per tax type, in order of first appearance: the sums of the lines' taxable
    amounts and taxes of that type (``percent`` is the common rate, or ``None`` if the rates differ)."""
    taxable: dict[str, Decimal] = {}
    tax: dict[str, Decimal] = {}
    rates: dict[str, set[Decimal | None]] = {}
    for line in invoice.lines:
        for sub in line.tax_subtotals():
            taxable[sub.tax_type] = taxable.get(sub.tax_type, ZERO) + sub.taxable_amount
            tax[sub.tax_type] = tax.get(sub.tax_type, ZERO) + sub.tax_amount
            rates.setdefault(sub.tax_type, set()).add(sub.percent)
    result = []
    for tax_type, amount in taxable.items():
        common = rates[tax_type]
        percent = next(iter(common)) if len(common) == 1 else None
        result.append(
            TaxSubtotal(
                tax_type=tax_type,
                taxable_amount=round_money(amount, invoice.currency),
                tax_amount=round_money(tax[tax_type], invoice.currency),
                percent=percent,
            )
        )
    return tuple(result)


def totals(invoice: EInvoice) -> Totals:
    """The document totals of ``invoice`` by LHDN's rules, each rounded half-up to the currency."""
    currency = invoice.currency
    line_extension = round_money(sum((line.subtotal for line in invoice.lines), ZERO), currency)
    allowance = round_money(invoice.document_discount, currency)
    excluding_tax = line_extension - allowance
    subtotals = tax_subtotals(invoice)
    tax = round_money(sum((line.tax_amount for line in invoice.lines), ZERO), currency)
    including_tax = excluding_tax + tax
    prepaid = round_money(invoice.prepaid_amount, currency)
    rounding = round_money(invoice.rounding, currency)
    return Totals(
        line_extension=line_extension,
        allowance=allowance,
        excluding_tax=excluding_tax,
        tax_subtotals=subtotals,
        tax=tax,
        including_tax=including_tax,
        prepaid=prepaid,
        rounding=rounding,
        payable=including_tax - prepaid + rounding,
    )
