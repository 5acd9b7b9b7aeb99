"""The default chart of accounts for a new company: a Malaysian SME, SST-registered, reporting under MPERS.

Four-digit codes in ranges: 1000 assets, 2000 liabilities, 3000 equity, 4000 income, 5000 cost of
sales, 6000 operating expenses, 9000 taxation. Header (group) accounts carry ``is_header=True`` and
take no postings; every other account names its header in ``parent_code``. The accounts the ledger
finds by role (control accounts, retained earnings, FX and rounding) are listed in ``SYSTEM_ACCOUNTS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AccountType = Literal["asset", "liability", "equity", "income", "expense"]
ControlKind = Literal["receivable", "payable", "inventory", "tax"]

ACCOUNT_TYPES: tuple[AccountType, ...] = ("asset", "liability", "equity", "income", "expense")

ACCOUNT_SUBTYPES: dict[str, AccountType] = {
    # assets
    "cash": "asset",  # cash in hand, petty cash
    "bank": "asset",  # bank current and foreign-currency accounts
    "receivable": "asset",  # trade receivables (the receivable control account)
    "current_asset": "asset",  # other receivables, deposits, prepayments, fixed deposits, ...
    "inventory": "asset",
    "fixed_asset": "asset",  # property, plant and equipment at cost
    "accumulated_depreciation": "asset",  # contra to fixed_asset
    # liabilities
    "payable": "liability",  # trade payables (the payable control account)
    "tax_payable": "liability",  # indirect tax collected for Customs (SST); not income tax
    "current_liability": "liability",
    "non_current_liability": "liability",
    # equity
    "equity": "equity",
    "retained_earnings": "equity",
    "current_year_earnings": "equity",  # profit for the year to date; closed to retained earnings
    # income
    "revenue": "income",
    "other_income": "income",
    "fx_gain": "income",
    # expenses
    "cost_of_sales": "expense",
    "expense": "expense",
    "fx_loss": "expense",
    "rounding": "expense",
    "tax_expense": "expense",  # income tax and deferred tax
}

CONTROL_SUBTYPES: dict[ControlKind, str] = {
    "receivable": "receivable",
    "payable": "payable",
    "inventory": "inventory",
    "tax": "tax_payable",
}


MONETARY_SUBTYPES = frozenset({"bank", "cash", "receivable", "payable", "tax_payable"})
"""Subtypes whose accounts are monetary items (IAS 21 / MPERS 30: units of currency held, or to be
received or paid in a fixed number of units): revalued at a period end when held in a foreign
currency. Another account is monetary only when flagged so (``monetary``): other receivables and
payables, accruals, amounts due, loans, an overdraft. Prepayments, advances received, allowances,
deferred tax, inventory, fixed assets, equity and the currency exchange clearing account are not."""

MONETARY_BY_FLAG = frozenset(
    {"1120", "1140", "2110", "2120", "2300", "2400", "2410", "2420", "2430", "2440", "2500", "2600", "2710", "2720"}
)
"""The seeded accounts outside ``MONETARY_SUBTYPES`` that are monetary."""


@dataclass(frozen=True, slots=True)
class AccountSeed:
    """One account to create in a new company's ledger.

    ``subtype`` is a key of ``ACCOUNT_SUBTYPES`` and must agree with ``type``. ``control`` marks the
    account as a control account fed only by its sub-ledger (customers, suppliers, stock, tax codes).
    """

    code: str
    name: str
    type: AccountType
    subtype: str
    parent_code: str | None = None
    is_header: bool = False
    control: ControlKind | None = None
    monetary: bool | None = None  # None: by subtype (MONETARY_SUBTYPES)

    def __post_init__(self) -> None:
        if ACCOUNT_SUBTYPES.get(self.subtype) != self.type:
            raise ValueError(f"account {self.code}: subtype {self.subtype!r} is not a {self.type} subtype")
        if self.control is not None and (self.is_header or CONTROL_SUBTYPES[self.control] != self.subtype):
            raise ValueError(f"account {self.code}: bad {self.control} control account")


def _group(code: str, name: str, type_: AccountType, subtype: str) -> AccountSeed:
    """A top-level header (group) account."""
    return AccountSeed(code, name, type_, subtype, is_header=True)


_Row = tuple[str, str, str] | tuple[str, str, str, ControlKind]


def _under(parent: AccountSeed, *rows: _Row) -> list[AccountSeed]:
    """The header followed by its postable children, given as (code, name, subtype[, control])."""
    children = [
        AccountSeed(
            row[0],
            row[1],
            parent.type,
            row[2],
            parent_code=parent.code,
            control=row[3] if len(row) == 4 else None,
            monetary=True if row[0] in MONETARY_BY_FLAG else None,
        )
        for row in rows
    ]
    return [parent, *children]


SME_CHART: tuple[AccountSeed, ...] = (
    # 1000 ASSETS
    *_under(
        _group("1000", "Current Assets", "asset", "current_asset"),
        ("1010", "Cash in Hand", "cash"),
        ("1020", "Petty Cash", "cash"),
        ("1030", "Bank - Current Account", "bank"),
        ("1040", "Bank - Foreign Currency Account", "bank"),
        ("1100", "Trade Receivables", "receivable", "receivable"),
        ("1110", "Allowance for Impairment of Trade Receivables", "current_asset"),
        ("1120", "Other Receivables", "current_asset"),
        ("1130", "Deposits and Prepayments", "current_asset"),
        ("1140", "SST Refundable / Deductible", "current_asset"),
        # Currency conversions pass through here: it nets to zero in MYR, and holds each currency's
        # position so every entry balances per currency (the "trading account" method).
        ("1150", "Currency Exchange Clearing", "current_asset"),
        ("1200", "Inventory", "inventory", "inventory"),
    ),
    *_under(
        _group("1500", "Property, Plant and Equipment", "asset", "fixed_asset"),
        ("1510", "Office Equipment and Computers - Cost", "fixed_asset"),
        ("1511", "Office Equipment and Computers - Accumulated Depreciation", "accumulated_depreciation"),
        ("1520", "Furniture and Fittings - Cost", "fixed_asset"),
        ("1521", "Furniture and Fittings - Accumulated Depreciation", "accumulated_depreciation"),
        ("1530", "Motor Vehicles - Cost", "fixed_asset"),
        ("1531", "Motor Vehicles - Accumulated Depreciation", "accumulated_depreciation"),
    ),
    # 2000 LIABILITIES
    *_under(
        _group("2000", "Current Liabilities", "liability", "current_liability"),
        ("2100", "Trade Payables", "payable", "payable"),
        ("2110", "Other Payables and Accruals", "current_liability"),
        ("2120", "Goods Received Not Invoiced", "current_liability"),
        ("2130", "Deposits Received from Customers", "current_liability"),
        ("2200", "SST Payable - Sales Tax", "tax_payable", "tax"),
        ("2210", "SST Payable - Service Tax", "tax_payable", "tax"),
        ("2300", "Amount Due to Directors", "current_liability"),
        ("2400", "Salaries Payable", "current_liability"),
        ("2410", "EPF Payable", "current_liability"),
        ("2420", "SOCSO Payable", "current_liability"),
        ("2430", "EIS Payable", "current_liability"),
        ("2440", "PCB (MTD) Payable", "current_liability"),
        ("2500", "Income Tax Payable", "current_liability"),
        ("2600", "Bank Overdraft", "current_liability"),
    ),
    *_under(
        _group("2700", "Non-Current Liabilities", "liability", "non_current_liability"),
        ("2710", "Term Loans", "non_current_liability"),
        ("2720", "Hire Purchase Payables", "non_current_liability"),
        ("2730", "Deferred Tax Liabilities", "non_current_liability"),
    ),
    # 3000 EQUITY
    *_under(
        _group("3000", "Equity", "equity", "equity"),
        ("3100", "Share Capital", "equity"),
        ("3200", "Retained Earnings", "retained_earnings"),
        ("3300", "Current Year Earnings", "current_year_earnings"),
    ),
    # 4000 INCOME
    *_under(
        _group("4000", "Revenue", "income", "revenue"),
        ("4100", "Sales - Goods", "revenue"),
        ("4200", "Sales - Services", "revenue"),
        ("4300", "Sales Returns and Allowances", "revenue"),
    ),
    *_under(
        _group("4500", "Other Income", "income", "other_income"),
        ("4510", "Interest Income", "other_income"),
        ("4520", "Other Income", "other_income"),
        ("4530", "Gain on Disposal of Property, Plant and Equipment", "other_income"),
        ("4550", "Realised Foreign Exchange Gain", "fx_gain"),
        ("4560", "Unrealised Foreign Exchange Gain", "fx_gain"),
    ),
    # 5000 COST OF SALES
    *_under(
        _group("5000", "Cost of Sales", "expense", "cost_of_sales"),
        ("5010", "Cost of Goods Sold", "cost_of_sales"),
        ("5100", "Purchases", "cost_of_sales"),
        ("5200", "Freight Inwards and Import Charges", "cost_of_sales"),
        ("5300", "Inventory Adjustments", "cost_of_sales"),
    ),
    # 6000 OPERATING EXPENSES
    *_under(
        _group("6000", "Staff Costs", "expense", "expense"),
        ("6010", "Salaries, Wages and Allowances", "expense"),
        ("6020", "Directors' Remuneration", "expense"),
        ("6030", "EPF - Employer's Contribution", "expense"),
        ("6040", "SOCSO - Employer's Contribution", "expense"),
        ("6050", "EIS - Employer's Contribution", "expense"),
        ("6060", "Staff Welfare and Medical", "expense"),
    ),
    *_under(
        _group("6100", "Administrative Expenses", "expense", "expense"),
        ("6110", "Rental of Premises", "expense"),
        ("6115", "Utilities - Electricity and Water", "expense"),
        ("6120", "Telephone and Internet", "expense"),
        ("6125", "Printing, Stationery and Postage", "expense"),
        ("6130", "Repairs and Maintenance", "expense"),
        ("6135", "Insurance", "expense"),
        ("6140", "Audit Fees", "expense"),
        ("6145", "Professional and Secretarial Fees", "expense"),
        ("6150", "Licences, Fees and Subscriptions", "expense"),
        ("6155", "Travelling and Accommodation", "expense"),
        ("6160", "Depreciation of Property, Plant and Equipment", "expense"),
    ),
    *_under(
        _group("6200", "Selling and Distribution Expenses", "expense", "expense"),
        ("6210", "Advertising and Promotion", "expense"),
        ("6220", "Carriage Outwards", "expense"),
        ("6230", "Entertainment", "expense"),
    ),
    *_under(
        _group("6400", "Finance Costs", "expense", "expense"),
        ("6410", "Bank Charges", "expense"),
        ("6420", "Interest Expense", "expense"),
    ),
    *_under(
        _group("6500", "Other Expenses", "expense", "expense"),
        ("6510", "Realised Foreign Exchange Loss", "fx_loss"),
        ("6520", "Unrealised Foreign Exchange Loss", "fx_loss"),
        ("6530", "Rounding Differences", "rounding"),
        ("6540", "Impairment Loss on Trade Receivables", "expense"),
        ("6550", "Loss on Disposal of Property, Plant and Equipment", "expense"),
    ),
    # 9000 TAXATION
    *_under(
        _group("9000", "Taxation", "expense", "tax_expense"),
        ("9100", "Income Tax Expense", "tax_expense"),
        ("9200", "Deferred Tax Expense", "tax_expense"),
    ),
)

# Account codes the ledger looks up by role rather than asking the user.
SYSTEM_ACCOUNTS: dict[str, str] = {
    "cash": "1010",
    "bank": "1030",
    "receivable": "1100",
    "inventory": "1200",
    "payable": "2100",
    "goods_received_not_invoiced": "2120",
    "customer_deposits": "2130",
    "sales_tax_payable": "2200",
    "service_tax_payable": "2210",
    "retained_earnings": "3200",
    "current_year_earnings": "3300",
    "sales_goods": "4100",
    "sales_services": "4200",
    "fx_gain_realised": "4550",
    "fx_gain_unrealised": "4560",
    "cost_of_goods_sold": "5010",
    "purchases": "5100",
    "inventory_adjustment": "5300",
    "depreciation": "6160",
    "fx_loss_realised": "6510",
    "fx_loss_unrealised": "6520",
    "rounding": "6530",
    "fx_clearing": "1150",
}
