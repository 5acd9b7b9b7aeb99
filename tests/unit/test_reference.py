"""Reference data: the shipped LHDN code tables and the seeds for a new company."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from infra.tools.build_reference import TABLES, clean_name, derive_tables, render
from ledgerlet.reference import codes
from ledgerlet.reference.defaults import (
    BASE_CURRENCY,
    CURRENCIES,
    DOCUMENT_TYPES,
    ORG_UNIT_KINDS,
    TAX_CODES,
)
from ledgerlet.reference.sme_chart import (
    ACCOUNT_SUBTYPES,
    CONTROL_SUBTYPES,
    SME_CHART,
    SYSTEM_ACCOUNTS,
    AccountSeed,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = REPO_ROOT.parent / "shared" / "vectors" / "myinvois" / "codes"
DATA_DIR = REPO_ROOT / "shared" / "ledgerlet" / "reference" / "data"
ACCOUNTS = {account.code: account for account in SME_CHART}


# --- LHDN code tables -------------------------------------------------------------------------------


def test_shipped_tables_match_generator_output() -> None:
    # ../shared (the reference material) always sits beside the checkout, in CI too
    derived = derive_tables(SOURCE_DIR)
    assert sorted(derived) == sorted(path.name for path in DATA_DIR.glob("*.json"))
    for name, table in derived.items():
        assert (DATA_DIR / name).read_text(encoding="utf-8") == render(table), f"{name} is stale"


def test_every_table_has_an_accessor_and_is_sorted() -> None:
    assert {table.output for table in TABLES} == {f"{name}.json" for name in codes.TABLE_NAMES}
    for name in codes.TABLE_NAMES:
        table = getattr(codes, name)()
        assert table, name
        assert list(table) == sorted(table), name
        assert all(value == value.strip() and "  " not in value for value in table.values()), name


def test_spot_checks() -> None:
    assert codes.states()["14"] == "Wilayah Persekutuan Kuala Lumpur"
    assert codes.states()["17"] == "Not Applicable"
    assert len(codes.states()) == 17
    assert codes.countries()["MYS"] == "MALAYSIA"
    assert codes.currencies()["MYR"] == "Malaysian Ringgit"
    assert codes.msic()["00000"] == "NOT APPLICABLE"
    assert codes.units()["C62"] == "one"
    assert codes.tax_types()["E"].startswith("Tax exemption")
    assert codes.payment_methods()["03"] == "Bank Transfer"
    assert codes.einvoice_types()["11"] == "Self-billed Invoice"
    assert codes.classifications()["004"] == "Consolidated e-Invoice"
    assert codes.countries()["SRB"] == "SERBIA & MONTENEGRO"  # trailing space trimmed


def test_names_are_cleaned() -> None:
    assert clean_name("  SRI LANKA  ") == "SRI LANKA"
    assert clean_name("Growing  of rubber trees") == "Growing of rubber trees"
    assert clean_name("megawatt hour (1000Â\xa0kW.h)") == "megawatt hour (1000 kW.h)"
    assert clean_name("Bulk, gas (at 1031 mbar and 15Â°C)") == "Bulk, gas (at 1031 mbar and 15°C)"
    assert clean_name("Pa\u2019anga") == "Pa\u2019anga"
    assert codes.units()["XVO"] == "Bulk, solid, large particles (\u201cnodules\u201d)"


def test_tables_are_read_only() -> None:
    with pytest.raises(TypeError):
        codes.states()["99"] = "Atlantis"  # type: ignore[index]


def test_is_valid() -> None:
    assert codes.is_valid("states", "14")
    assert not codes.is_valid("states", "18")
    assert codes.is_valid("currencies", "MYR")
    assert codes.is_valid("msic", "00000")
    assert codes.is_valid("tax_types", "E")
    assert not codes.is_valid("countries", "MY")
    with pytest.raises(ValueError):
        codes.is_valid("planets", "EARTH")


@pytest.mark.parametrize(
    ("currency", "places"),
    [
        ("MYR", 2),
        ("USD", 2),
        ("IDR", 2),
        ("JPY", 0),
        ("KRW", 0),
        ("VND", 0),
        ("KWD", 3),
        ("BHD", 3),
        ("CLF", 4),
    ],
)
def test_currency_precision(currency: str, places: int) -> None:
    assert codes.currency_precision(currency) == places


def test_precision_exceptions_are_lhdn_currencies() -> None:
    assert set(codes._MINOR_UNITS) <= set(codes.currencies())


_IMPORT_PROBE = """
import sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
import ledgerlet.reference.codes as codes
before = [path for path in opened if path.endswith(".json")]
codes.states()
after = [path for path in opened if path.endswith(".json")]
print(len(before), len(after))
"""


def test_importing_codes_reads_no_file() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT / "shared")},
    )
    assert result.stdout.split() == ["0", "1"]  # nothing read on import; one table read on first use


# --- chart of accounts ------------------------------------------------------------------------------


def test_account_codes_are_unique() -> None:
    assert len(ACCOUNTS) == len(SME_CHART)
    assert 60 <= len(SME_CHART) <= 100


def test_parents_are_headers_of_the_same_type() -> None:
    for account in SME_CHART:
        if account.parent_code is None:
            assert account.is_header, f"{account.code} is a postable account without a parent"
            continue
        parent = ACCOUNTS[account.parent_code]
        assert parent.is_header, account.code
        assert parent.type == account.type, account.code


def test_subtypes_agree_with_types() -> None:
    for account in SME_CHART:
        assert ACCOUNT_SUBTYPES[account.subtype] == account.type, account.code
    assert set(ACCOUNT_SUBTYPES.values()) == {"asset", "liability", "equity", "income", "expense"}


def test_code_ranges() -> None:
    first_digit = {"asset": "1", "liability": "2", "equity": "3", "income": "4"}
    for account in SME_CHART:
        assert len(account.code) == 4 and account.code.isdigit(), account.code
        if account.type in first_digit:
            assert account.code[0] == first_digit[account.type], account.code
        else:
            assert account.code[0] in "56789", account.code


def test_control_accounts() -> None:
    for kind, subtype in CONTROL_SUBTYPES.items():
        controls = [account for account in SME_CHART if account.control == kind]
        assert controls, kind
        assert all(account.subtype == subtype and not account.is_header for account in controls)
    assert {ACCOUNTS[code].control for code in ("1100", "2100", "1200", "2200", "2210")} == {
        "receivable",
        "payable",
        "inventory",
        "tax",
    }


def test_system_accounts_exist_and_post() -> None:
    for role, code in SYSTEM_ACCOUNTS.items():
        assert code in ACCOUNTS, role
        assert not ACCOUNTS[code].is_header, role
    assert ACCOUNTS[SYSTEM_ACCOUNTS["retained_earnings"]].subtype == "retained_earnings"
    assert ACCOUNTS[SYSTEM_ACCOUNTS["fx_gain_unrealised"]].type == "income"
    assert ACCOUNTS[SYSTEM_ACCOUNTS["fx_loss_unrealised"]].type == "expense"
    assert ACCOUNTS[SYSTEM_ACCOUNTS["rounding"]].subtype == "rounding"


def test_account_seed_rejects_a_mismatched_subtype() -> None:
    with pytest.raises(ValueError):
        AccountSeed("1999", "Wrong", "asset", "revenue")
    with pytest.raises(ValueError):
        AccountSeed("1999", "Wrong", "asset", "cash", control="receivable")


# --- other seeds --------------------------------------------------------------------------------------


def test_tax_codes() -> None:
    assert [tax.code for tax in TAX_CODES] == ["SR10", "SR5", "SV8", "SV6", "EX", "NA"]
    for tax in TAX_CODES:
        assert isinstance(tax.rate, Decimal), tax.code
        assert codes.is_valid("tax_types", tax.tax_type), tax.code
        if tax.account_code is not None:
            account = ACCOUNTS[tax.account_code]
            assert account.type == "liability" and account.subtype == "tax_payable", tax.code
            assert not account.is_header
        else:
            assert tax.rate == 0, tax.code
    rates = {tax.code: (tax.tax_type, tax.rate) for tax in TAX_CODES}
    assert rates["SV8"] == ("02", Decimal("8"))
    assert rates["SR10"] == ("01", Decimal("10"))
    assert rates["EX"][0] == "E"
    assert rates["NA"][0] == "06"


def test_currencies() -> None:
    by_code = {currency.code: currency for currency in CURRENCIES}
    assert len(by_code) == len(CURRENCIES)
    assert CURRENCIES[0].code == BASE_CURRENCY == "MYR"
    assert {"USD", "SGD", "EUR", "GBP", "CNY", "JPY", "THB", "IDR", "AUD", "HKD"} <= set(by_code)
    for currency in CURRENCIES:
        assert codes.is_valid("currencies", currency.code), currency.code
        assert currency.precision == codes.currency_precision(currency.code)
    assert by_code["JPY"].precision == 0
    assert by_code["MYR"].precision == 2
    assert codes.currency_precision("KWD") == 3


def test_document_types() -> None:
    by_code = {doc.code: doc for doc in DOCUMENT_TYPES}
    assert len(by_code) == len(DOCUMENT_TYPES)
    assert len({doc.prefix for doc in DOCUMENT_TYPES}) == len(DOCUMENT_TYPES)
    assert by_code["CUSTOMER"].format(42) == "C-000042"
    assert by_code["EMPLOYEE"].format(7) == "E-00007"
    assert by_code["SINV"].prefix == "INV-"
    assert all(doc.width > 0 for doc in DOCUMENT_TYPES)


def test_org_unit_kinds() -> None:
    assert ORG_UNIT_KINDS == ("company", "branch", "location", "department")


def test_generated_json_is_compact_and_sorted() -> None:
    text = (DATA_DIR / "states.json").read_text(encoding="utf-8")
    assert text.startswith('{"01":"Johor","02":"Kedah"')
    assert json.loads(text) == dict(codes.states())
