"""The master-data domain: organisation, chart of accounts, currencies, tax codes, numbering, parties,
items and price books. Its stack: stacks/masterdata.yaml."""

from __future__ import annotations

from ledgerlet.applet_spec import Applet, Domain, Function, Route, crud_functions


def _both(reads: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """A master-data form's pickers, needed to create and to update."""
    return {"create": reads, "update": reads}


DOMAIN = Domain(
    name="master-data",
    package="ledgerlet.masterdata",
    stack="masterdata",
    applets=(
        Applet("org-units", "Organisation units", "Master data", core=True),
        Applet("accounts", "Chart of accounts", "Master data", core=True),
        Applet("currencies", "Currencies and exchange rates", "Master data", core=True),
        Applet("tax-codes", "Tax codes (SST)", "Master data", core=True),
        Applet("document-types", "Document types and numbering", "Master data", core=True),
        Applet("cash-books", "Cash books", "Master data", needs=_both(("accounts:read", "currencies:read"))),
        Applet("employees", "Employees", "Master data"),
        Applet("items", "Items", "Master data", needs=_both(("accounts:read", "tax-codes:read"))),
        Applet(
            "customers",
            "Customers",
            "Master data",
            needs=_both(("accounts:read", "currencies:read", "price-books:read")),
        ),
        Applet("suppliers", "Suppliers", "Master data", needs=_both(("accounts:read", "currencies:read"))),
        Applet("price-books", "Price books", "Master data"),
    ),
    document_types=(
        "ORGUNIT",
        "ACCOUNT",
        "CASHBOOK",
        "EMPLOYEE",
        "ITEM",
        "CUSTOMER",
        "SUPPLIER",
        "PRICEBOOK",
        "TAXCODE",
        "CURRENCY",
        "DOCTYPE",
    ),
    functions=(
        *crud_functions("OrgUnits", "org_units", "org-units"),
        *crud_functions("Accounts", "accounts", "accounts"),
        *crud_functions("CashBooks", "cash_books", "cash-books"),
        *crud_functions("Employees", "employees", "employees"),
        *crud_functions("Items", "items", "items"),
        *crud_functions("Customers", "customers", "customers"),
        *crud_functions("Suppliers", "suppliers", "suppliers"),
        *crud_functions("PriceBooks", "price_books", "price-books"),
        *crud_functions("TaxCodes", "tax_codes", "tax-codes"),
        *crud_functions("Currencies", "currencies", "currencies"),
        Function(
            "CurrenciesSetRateFunction",
            "currencies/set_rate.handler",
            (Route("put", "/v1/currencies/{id}/rates/{date}"),),
        ),
        Function("CurrenciesRatesFunction", "currencies/rates.handler", (Route("get", "/v1/currencies/{id}/rates"),)),
        Function("ExchangeRatesListFunction", "currencies/all_rates.handler", (Route("get", "/v1/exchange-rates"),)),
        *crud_functions("DocumentTypes", "document_types", "document-types"),
    ),
    openapi="ledgerlet.masterdata.routes:register",
)
