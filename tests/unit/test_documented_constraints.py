"""Issue 11, point 1: the OpenAPI document states the constraints the API checks. What the schema allows
is accepted, and the cross-field rules (a journal line's side, an account's subtype, a party's number) are
written into the schema as the models check them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import BaseModel, TypeAdapter, ValidationError

from ledgerlet.fields import Money, Percent, PositiveMoney, PositiveQuantity, Quantity, Rate, decimal_pattern
from ledgerlet.finance.journals import JournalLineInput
from ledgerlet.masterdata.accounts import AccountCreate
from ledgerlet.masterdata.parties import CustomerCreate
from ledgerlet.reference.sme_chart import ACCOUNT_SUBTYPES

ACCOUNT = "acc_01HZX3J8Q4V6T2M9R5K7P1W0YB"
DECIMALS: list[tuple[Any, int, int, bool]] = [  # type, places, digits before the point, more than zero
    (Money, 2, 12, False),
    (PositiveMoney, 2, 12, True),
    (Rate, 10, 6, True),
    (Quantity, 4, 9, False),
    (PositiveQuantity, 4, 9, True),
    (Percent, 4, 2, False),  # 0 to 100: two digits always fit
]


def documented_pattern(field_type: Any) -> str:
    (string_branch,) = [b for b in TypeAdapter(field_type).json_schema()["anyOf"] if b["type"] == "string"]
    return str(string_branch["pattern"])


@pytest.mark.parametrize(("field_type", "places", "digits", "positive"), DECIMALS)
def test_each_decimal_type_documents_its_own_pattern(field_type: Any, places: int, digits: int, positive: bool) -> None:
    expected = decimal_pattern(places, digits=digits, positive=positive)
    if field_type is Percent:
        expected = decimal_pattern(4, digits=3)
    assert documented_pattern(field_type) == expected


@pytest.mark.parametrize(("field_type", "places", "digits", "positive"), DECIMALS)
@given(data=st.data())
def test_every_decimal_text_the_schema_allows_is_accepted(
    field_type: Any, places: int, digits: int, positive: bool, data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(decimal_pattern(places, digits=digits, positive=positive), fullmatch=True))
    value = TypeAdapter(field_type).validate_python(text)
    assert value == Decimal(text) and (value > 0 or not positive)


@pytest.mark.parametrize("zero", ["0", "00", "0.0", "0.00", "000.00"])
def test_no_spelling_of_zero_fits_a_positive_pattern(zero: str) -> None:
    import re

    assert not re.fullmatch(decimal_pattern(2, positive=True), zero)
    assert re.fullmatch(decimal_pattern(2), zero)


def allowed(model: type[BaseModel], body: dict[str, Any]) -> tuple[bool, bool]:
    """(the model's JSON schema allows the body, the model accepts it)."""
    by_schema = Draft202012Validator(model.model_json_schema()).is_valid(body)
    try:
        model.model_validate(body)
        return by_schema, True
    except ValidationError:
        return by_schema, False


@pytest.mark.parametrize(
    "sides",
    [{"debit": "0.01"}, {"credit": 12.5}, {"debit": "0.00"}, {"debit": "1", "credit": "1"}, {}, {"credit": "-1"}],
)
def test_a_journal_line_is_documented_as_one_side_more_than_zero(sides: dict[str, Any]) -> None:
    by_schema, by_api = allowed(JournalLineInput, {"account_id": ACCOUNT, **sides})
    assert by_schema == by_api


def test_each_account_type_documents_exactly_the_subtypes_the_api_takes() -> None:
    for account_type in ("asset", "liability", "equity", "income", "expense"):
        for subtype, owner in ACCOUNT_SUBTYPES.items():
            body = {"code": "9999", "name": "Test", "type": account_type, "subtype": subtype}
            assert allowed(AccountCreate, body) == (owner == account_type,) * 2, body
    assert allowed(AccountCreate, {"code": "9999", "name": "Test", "type": "asset", "subtype": "gold"}) == (False,) * 2


@pytest.mark.parametrize(
    ("id_type", "number", "accepted"),
    [
        (None, "202001012345", True),  # an SSM number when id_type is left out (BRN)
        ("BRN", "1234567-A", True),
        ("BRN", "880101-14-5678", False),
        (None, "880101-14-5678", False),
        ("NRIC", "880101-14-5678", True),
        ("NRIC", "1234567-A", False),
        ("PASSPORT", "A12345678", True),
    ],
)
def test_a_partys_number_is_documented_by_its_id_type(id_type: str | None, number: str, accepted: bool) -> None:
    body: dict[str, Any] = {"name": "Kedai", "brn": number, **({"id_type": id_type} if id_type else {})}
    assert allowed(CustomerCreate, body) == (accepted, accepted)


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_address_line_or_city_of_nothing_is_refused(blank: str) -> None:
    """Found by schemathesis: a customer saved with a blank first address line read back without it (the hub
    keeps no empty strings), and every list of customers then failed with a 500."""
    for field in ("line1", "city"):
        address = {"line1": "12 Jalan Ampang", "city": "Kuala Lumpur", "state": "14", field: blank}
        assert allowed(CustomerCreate, {"name": "Kedai", "shipping_address": address}) == (False, False)
