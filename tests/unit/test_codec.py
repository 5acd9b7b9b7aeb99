"""The hub's attribute codec: what goes in comes out, numbers as Decimal, floats refused."""

from decimal import Decimal

import pytest
from boto3.dynamodb.types import TypeSerializer
from hypothesis import given
from hypothesis import strategies as st

from ledgerlet.hub.codec import from_item, to_item, to_value

scalars = st.one_of(
    st.text(min_size=1, max_size=20),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False).map(
        lambda d: d.normalize() if d != d.to_integral_value() else d.quantize(Decimal("0.1"))
    ),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(min_size=1, max_size=10), values, max_size=6))
def test_round_trip(document: dict) -> None:
    assert from_item(to_item(document)) == document


@given(values)
def test_matches_boto3_serializer(value: object) -> None:
    assert to_value(value) == TypeSerializer().serialize(value)


def test_integers_come_back_as_int_and_fractions_as_decimal() -> None:
    item = to_item({"version": 3, "amount": Decimal("12.50")})
    assert from_item(item) == {"version": 3, "amount": Decimal("12.50")}
    assert isinstance(from_item(item)["version"], int)


def test_none_and_empty_strings_are_not_stored() -> None:
    assert to_item({"a": None, "b": "", "c": {"d": None, "e": "x"}}) == {"c": {"M": {"e": {"S": "x"}}}}


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        to_item({"amount": 1.5})
