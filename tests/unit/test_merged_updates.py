"""Two updates of one document merge into one operation (DynamoDB refuses two on an item in a transaction)."""

from __future__ import annotations

from typing import Any

import pytest

from ledgerlet.hub.tally import merged

KEY = {"PK": {"S": "t1#SALESINVOICE#si_1"}, "SK": {"S": "DOC"}}


def update(
    expression: str, condition: str, values: dict[str, dict[str, str]], names: dict[str, str] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"TableName": "hub", "Key": KEY, "UpdateExpression": expression}
    body |= {"ConditionExpression": condition, "ExpressionAttributeValues": values}
    if names:
        body["ExpressionAttributeNames"] = names
    return {"Update": body}


def test_both_assignments_and_both_conditions_survive_with_their_own_placeholders() -> None:
    tally = update(
        "SET #f0 = :v0, #f1 = :v1",
        "#f1 = :read",
        {":v0": {"S": "a"}, ":v1": {"N": "2"}, ":read": {"N": "1"}},
        {"#f0": "credited", "#f1": "credited_revision"},
    )
    settle = update(
        "SET outstanding = :outstanding",
        "settled_revision = :read",
        {":outstanding": {"S": "0.00"}, ":read": {"N": "3"}},
    )
    one = merged(tally, settle)["Update"]
    assert one["UpdateExpression"] == "SET #af0 = :av0, #af1 = :av1, outstanding = :boutstanding"
    assert one["ConditionExpression"] == "(#af1 = :aread) AND (settled_revision = :bread)"
    assert one["ExpressionAttributeValues"][":aread"] == {"N": "1"} and one["ExpressionAttributeValues"][":bread"] == {
        "N": "3"
    }
    assert one["ExpressionAttributeNames"] == {"#af0": "credited", "#af1": "credited_revision"}


def test_updates_of_two_items_do_not_merge() -> None:
    other = update("SET a = :a", "", {":a": {"S": "x"}})
    other["Update"]["Key"] = {"PK": {"S": "t1#SALESINVOICE#si_2"}, "SK": {"S": "DOC"}}
    with pytest.raises(ValueError, match="different items"):
        merged(update("SET a = :a", "", {":a": {"S": "x"}}), other)
