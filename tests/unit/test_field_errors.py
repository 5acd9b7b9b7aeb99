"""Field errors as a person reads them: a stable code, its params and a plain message, never pydantic's
or a regular expression (issue 11, point 1). The console translates the same codes: its locales hold
exactly the catalogue's codes with the same placeholders, in every language."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from ledgerlet.errors import FieldError, field_errors_from_pydantic
from ledgerlet.field_errors import MESSAGES
from ledgerlet.formats import FORMATS
from ledgerlet.masterdata.parties import CustomerCreate
from ledgerlet.platform.schemas import SignupRequest

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "console" / "src" / "locales"
# What pydantic says or how a pattern looks: none of it may reach a person.
DEVELOPER_TEXT = re.compile(
    r"String should|Input should|should match|Value error|Field required|valid decimal|Extra inputs"
    r"|pattern|\^|\$|\[0-9\]|\\d|type=|pydantic",
    re.IGNORECASE,
)
ADDRESS = {"line1": "1 Jalan Ampang", "city": "Kuala Lumpur", "state": "14"}


def customer_errors(**fields: Any) -> dict[str, FieldError]:
    with pytest.raises(ValidationError) as raised:
        CustomerCreate.model_validate({"name": "Kedai Satu", **fields})
    return {error.field: error for error in field_errors_from_pydantic(raised.value.errors(), prefix="body")}


def assert_plain(error: FieldError) -> None:
    assert error.code in MESSAGES, error
    assert not DEVELOPER_TEXT.search(error.message), error.message


@pytest.mark.parametrize(
    ("fields", "field", "code", "message"),
    [
        ({"tin": "12345"}, "body.tin", "format.tin", "A TIN looks like C2584563200 or IG12345678901."),
        ({"credit_limit": "ten thousand"}, "body.credit_limit", "number.invalid", "Enter a number, like 1,250.50."),
        ({"credit_limit": "RM25.50"}, "body.credit_limit", "number.invalid", "Enter a number, like 1,250.50."),
        ({"credit_limit": "25.505"}, "body.credit_limit", "number.decimals", "Use at most 2 decimal places."),
        ({"credit_limit": "-1"}, "body.credit_limit", "number.min", "Enter 0 or more."),
        ({"payment_terms_days": 400}, "body.payment_terms_days", "number.max", "Enter 365 or less."),
        ({"payment_terms_days": "thirty"}, "body.payment_terms_days", "number.whole", "Enter a whole number, like 30."),
        ({"email": "ap.example.com"}, "body.email", "format.email", "An email address looks like ap@example.com.my."),
        (
            {"billing_address": {**ADDRESS, "postcode": "5O-45O!"}},
            "body.billing_address.postcode",
            "format.postcode",
            "A postcode looks like 50450.",
        ),
        (
            {"billing_address": {**ADDRESS, "state": "99"}},
            "body.billing_address.state",
            "code.states",
            "Choose a Malaysian state code, like 14 (W.P. Kuala Lumpur).",
        ),
        (
            {"id_type": "BRN", "brn": "12345"},
            "body.brn",
            "format.brn",
            "An SSM number looks like 202001012345 or 1234567-A.",
        ),
        (
            {"id_type": "NRIC", "brn": "88010114"},
            "body.brn",
            "format.nric",
            "A MyKad number looks like 880101-14-5678.",
        ),
        ({"id_type": "PASSPORT2"}, "body.id_type", "choice.invalid", "Choose one of: BRN, NRIC, PASSPORT, ARMY."),
        ({"currency": "XXY"}, "body.currency", "code.currencies", "Choose a currency code, like MYR or USD."),
        ({"nickname": "x"}, "body.nickname", "field.unknown", "This field is not part of the form."),
    ],
)
def test_customer_field_errors_name_the_expected_form(
    fields: dict[str, Any], field: str, code: str, message: str
) -> None:
    errors = customer_errors(**fields)
    assert (errors[field].code, errors[field].message) == (code, message)
    for error in errors.values():
        assert_plain(error)


def test_a_missing_field_and_a_union_of_types_answer_one_plain_error_per_field() -> None:
    with pytest.raises(ValidationError) as raised:
        CustomerCreate.model_validate({"credit_limit": ["a list"]})
    errors = field_errors_from_pydantic(raised.value.errors(), prefix="body")
    assert [(e.field, e.code) for e in errors] == [("body.name", "required"), ("body.credit_limit", "number.invalid")]


@pytest.mark.parametrize(
    "brn", ["202001012345", "201901000005", "1234567-A", "123456-W", "AS0123456-X", "001234567-K", "LLP0012345-LGN"]
)
def test_sign_up_takes_ssm_numbers_in_ssms_old_and_new_formats(brn: str) -> None:
    SignupRequest.model_validate(signup(brn=brn))


@pytest.mark.parametrize("brn", ["12345", "123456789012", "202013012345", "12345678-A", "ABC-1"])
def test_sign_up_refuses_what_is_no_ssm_number(brn: str) -> None:
    with pytest.raises(ValidationError) as raised:
        SignupRequest.model_validate(signup(brn=brn))
    (error,) = field_errors_from_pydantic(raised.value.errors(), prefix="body")
    assert (error.field, error.code) == ("body.brn", "format.brn")
    assert error.params == {"example": "202001012345 or 1234567-A", "examples": ["202001012345", "1234567-A"]}


def signup(**fields: Any) -> dict[str, Any]:
    return {
        "legal_name": "Kedai Contoh Sdn Bhd",
        "brn": "202301012345",
        "tin": "C2584563200",
        "base_currency": "MYR",
        "fiscal_year_start_month": 1,
        "time_zone": "Asia/Kuala_Lumpur",
        "admin_name": "Demo Admin",
        "admin_email": "demo@ledgerlet.my",
        "admin_password": "Demo-Ledgerlet-2026",
        **fields,
    }


def test_every_registered_format_has_a_message_and_an_example_that_fits_it() -> None:
    import importlib
    import pkgutil

    import ledgerlet

    for module in pkgutil.walk_packages(ledgerlet.__path__, "ledgerlet."):  # formats register on import
        importlib.import_module(module.name)
    for pattern, text_format in FORMATS.items():
        assert text_format.code in MESSAGES, text_format.code
        assert all(re.match(pattern, example) for example in text_format.examples), text_format


def placeholders(text: str, i18next: bool) -> set[str]:
    return set(re.findall(r"\{\{(\w+)\}\}" if i18next else r"\{(\w+)\}", text))


@pytest.mark.parametrize("language", sorted(path.name for path in LOCALES.iterdir() if path.is_dir()))
def test_the_console_translates_every_code_with_the_same_placeholders(language: str) -> None:
    translated = json.loads((LOCALES / language / "errors.json").read_text(encoding="utf-8"))
    assert set(translated) == set(MESSAGES), f"{language}/errors.json: codes differ from ledgerlet.field_errors"
    for code, english in MESSAGES.items():
        assert translated[code].strip(), f"{language}/errors.json: {code} is empty"
        assert placeholders(translated[code], True) == placeholders(english, False), f"{language}: {code}"


def test_the_sign_up_form_checks_the_apis_formats_before_sending() -> None:
    from ledgerlet.formats import SSM_PATTERN, TIN_PATTERN

    options = (LOCALES.parent / "features" / "auth" / "options.ts").read_text(encoding="utf-8")
    console = dict(re.findall(r"export const (\w+_PATTERN) = /(.+)/;", options))
    assert (console["BRN_PATTERN"], console["TIN_PATTERN"]) == (SSM_PATTERN, TIN_PATTERN)


def test_the_account_form_offers_each_type_its_own_subtypes() -> None:
    """The console narrows an account's subtype to its type with a copy of the chart's table (issue 11, point 5)."""
    from ledgerlet.reference.sme_chart import ACCOUNT_SUBTYPES

    spec = (LOCALES.parent / "features" / "records" / "specs" / "masterdata.tsx").read_text(encoding="utf-8")
    block = spec[spec.index("export const SUBTYPE_TYPES = {") : spec.index("} as const;", spec.index("SUBTYPE_TYPES"))]
    assert dict(re.findall(r"^\s+(\w+): \"(\w+)\",$", block, re.MULTILINE)) == ACCOUNT_SUBTYPES


def _calls(name: str) -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted((ROOT / "shared" / "ledgerlet").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if called == name:
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def _code_argument(call: ast.Call, position: int) -> ast.expr | None:
    if len(call.args) > position:
        return call.args[position]
    return next((keyword.value for keyword in call.keywords if keyword.arg == "code"), None)


@pytest.mark.parametrize(
    ("function", "position"), [("invalid_field", 2), ("FieldError", 2), ("PydanticCustomError", 0)]
)
def test_every_business_rule_answers_a_code_the_console_translates(function: str, position: int) -> None:
    """Issue 11, point 1: a rule the API checks itself says what is wrong with a code of the catalogue (which
    every language has), never only in English words ("rule"). A code passed on from another error is fine."""
    uncoded, unknown = [], []
    for where, call in _calls(function):
        if function == "FieldError" and "errors.py" in where:
            continue  # the helpers that build field errors from a code they are given
        code = _code_argument(call, position)
        if code is None:
            uncoded.append(where)
        elif isinstance(code, ast.Constant) and (code.value not in MESSAGES or code.value == "rule"):
            unknown.append(f"{where}: {code.value}")
    assert not uncoded, f"{function} without a code: {uncoded}"
    assert not unknown, f"codes missing from ledgerlet.field_errors.MESSAGES: {unknown}"


@settings(max_examples=400, deadline=None)
@given(st.text(min_size=0, max_size=24) | st.from_regex(r"[A-Za-z0-9]{8,14}", fullmatch=True))
def test_the_documented_password_pattern_is_the_policy_the_api_checks(password: str) -> None:
    """Point 1: the OpenAPI document states the constraints the API enforces; a generator that follows the
    schema's pattern makes passwords the API takes, and only those."""
    from ledgerlet.platform.schemas import PASSWORD_SCHEMA, _password_policy

    documented = re.fullmatch(PASSWORD_SCHEMA["pattern"], password) is not None
    try:
        _password_policy(password)
        taken = True
    except PydanticCustomError:
        taken = False
    assert documented == taken, password
