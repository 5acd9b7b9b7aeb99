"""Seeds for a new company besides its chart of accounts: SST tax codes, currencies, numbering series
and organisation-unit kinds. Plain frozen dataclasses; amounts and rates are ``Decimal``, never float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ledgerlet.reference.codes import currency_precision
from ledgerlet.reference.sme_chart import SYSTEM_ACCOUNTS


@dataclass(frozen=True, slots=True)
class TaxCodeSeed:
    """A tax code offered on document lines.

    ``tax_type`` is the MyInvois tax type (``codes.tax_types()``: ``"01"`` sales tax, ``"02"`` service
    tax, ``"06"`` not applicable, ``"E"`` exempt). ``rate`` is a percentage (``Decimal("8")`` is 8 %).
    ``account_code`` is the liability account the tax is credited to, or None when no tax arises.
    """

    code: str
    name: str
    tax_type: str
    rate: Decimal
    account_code: str | None

    def __post_init__(self) -> None:
        if not isinstance(self.rate, Decimal) or not Decimal(0) <= self.rate <= Decimal(100):
            raise ValueError(f"tax code {self.code}: rate must be a Decimal percentage, got {self.rate!r}")


@dataclass(frozen=True, slots=True)
class CurrencySeed:
    """A currency enabled for a new company; ``precision`` is its ISO 4217 number of decimals."""

    code: str
    name: str
    symbol: str
    precision: int


@dataclass(frozen=True, slots=True)
class DocumentTypeSeed:
    """A numbering series: numbers look like ``prefix`` + the sequence zero-padded to ``width`` digits."""

    code: str
    name: str
    prefix: str
    width: int

    def format(self, number: int) -> str:
        """The document number for ``number`` in this series, e.g. ``INV-000042``."""
        return f"{self.prefix}{number:0{self.width}d}"


_SALES_TAX = SYSTEM_ACCOUNTS["sales_tax_payable"]
_SERVICE_TAX = SYSTEM_ACCOUNTS["service_tax_payable"]

TAX_CODES: tuple[TaxCodeSeed, ...] = (
    TaxCodeSeed("SR10", "Sales Tax 10%", "01", Decimal("10"), _SALES_TAX),
    TaxCodeSeed("SR5", "Sales Tax 5%", "01", Decimal("5"), _SALES_TAX),
    # 8% is the standard service tax rate since 1 March 2024; 6% remains for food and beverage,
    # telecommunications, parking and logistics services.
    TaxCodeSeed("SV8", "Service Tax 8%", "02", Decimal("8"), _SERVICE_TAX),
    TaxCodeSeed("SV6", "Service Tax 6%", "02", Decimal("6"), _SERVICE_TAX),
    TaxCodeSeed("EX", "Exempt", "E", Decimal("0"), None),
    TaxCodeSeed("NA", "Not Applicable", "06", Decimal("0"), None),
)

BASE_CURRENCY = "MYR"


def _currency(code: str, name: str, symbol: str) -> CurrencySeed:
    return CurrencySeed(code, name, symbol, currency_precision(code))


CURRENCIES: tuple[CurrencySeed, ...] = (
    _currency("MYR", "Malaysian Ringgit", "RM"),
    _currency("USD", "US Dollar", "US$"),
    _currency("SGD", "Singapore Dollar", "S$"),
    _currency("EUR", "Euro", "€"),
    _currency("GBP", "Pound Sterling", "£"),
    _currency("CNY", "Chinese Yuan Renminbi", "CN¥"),
    _currency("JPY", "Japanese Yen", "¥"),
    _currency("THB", "Thai Baht", "฿"),
    _currency("IDR", "Indonesian Rupiah", "Rp"),
    _currency("AUD", "Australian Dollar", "A$"),
    _currency("HKD", "Hong Kong Dollar", "HK$"),
)

DOCUMENT_TYPES: tuple[DocumentTypeSeed, ...] = (
    # master data
    DocumentTypeSeed("CUSTOMER", "Customer", "C-", 6),
    DocumentTypeSeed("SUPPLIER", "Supplier", "S-", 6),
    DocumentTypeSeed("EMPLOYEE", "Employee", "E-", 5),
    DocumentTypeSeed("ITEM", "Item", "I-", 6),
    # sales
    DocumentTypeSeed("QT", "Quotation", "QT-", 6),
    DocumentTypeSeed("SO", "Sales Order", "SO-", 6),
    DocumentTypeSeed("DO", "Delivery Order", "DO-", 6),
    DocumentTypeSeed("SINV", "Sales Invoice", "INV-", 6),
    DocumentTypeSeed("SCN", "Credit Note", "CN-", 6),
    DocumentTypeSeed("SDN", "Debit Note", "DN-", 6),
    DocumentTypeSeed("PRO", "Proforma Invoice", "PRO-", 6),
    DocumentTypeSeed("DRUN", "Delivery Run", "RUN-", 6),
    DocumentTypeSeed("RCPT", "Official Receipt", "OR-", 6),
    # purchases
    DocumentTypeSeed("PO", "Purchase Order", "PO-", 6),
    DocumentTypeSeed("GRN", "Goods Received Note", "GRN-", 6),
    DocumentTypeSeed("PV", "Payment Voucher", "PV-", 6),
    # general ledger
    DocumentTypeSeed("JV", "Journal Voucher", "JV-", 6),
    DocumentTypeSeed("TRF", "Bank Transfer", "TRF-", 6),
    # inventory
    DocumentTypeSeed("STK", "Stock Entry", "STK-", 6),
)

OrgUnitKind = Literal["company", "branch", "location", "department"]
ORG_UNIT_KINDS: tuple[OrgUnitKind, ...] = ("company", "branch", "location", "department")
