"""Quantities other documents take from a document's lines (returned from an entry, fulfilled on a request),
kept on it per line and changed on the condition that nobody else changed them meanwhile."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ledgerlet.hub import keys
from ledgerlet.hub.codec import to_value
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.hub.table import now_iso


def taken(document: dict[str, Any], field: str, line: int) -> Decimal:
    """How much of line ``line`` (0-based) other documents have taken so far."""
    return Decimal(str((document.get(field) or {}).get(str(line), 0)))


def left(document: dict[str, Any], field: str, line: int) -> Decimal:
    return Decimal(str(document["lines"][line]["qty"])) - taken(document, field, line)


def tally_update(
    store: DocumentStore,
    doc_type: str,
    document: dict[str, Any],
    field: str,
    amounts: dict[int, Decimal],
    *,
    touched_by: str | None = None,
    appended: dict[str, list[Any]] | None = None,
    **also: Any,
) -> dict[str, Any]:
    """The operation adding ``amounts`` (by line; negative to give back) to ``document``'s ``field``, setting
    ``also`` and appending ``appended``'s entries to those lists as they are when it lands (writers of other
    tallies of the same document, under other conditions, append to them too), on the condition that its
    tally is still at the revision read.

    With ``touched_by`` (the user, or the system actor, making the change) the document also gets its next
    ``version``, ``updated_at`` and ``updated_by``, as any change of it does: whoever read it before now
    holds a stale version, so writing back what they read (an update, a cancellation) is refused instead
    of putting the old tally back. The version is incremented in place, under the same condition (the
    tally's revision, not the version); so no history entry, whose key would be the version written."""
    totals = {str(n): taken(document, field, n) for n in range(len(document["lines"]))}
    for line, amount in amounts.items():
        totals[str(line)] += amount
    revision_field = f"{field}_revision"
    revision = int(document.get(revision_field) or 0)
    sets = {field: totals, revision_field: revision + 1, **also}
    if touched_by is not None:
        sets |= {"updated_at": now_iso(), "updated_by": touched_by}
    names = {f"#f{n}": name for n, name in enumerate(sets)}
    values = {f":v{n}": to_value(value) for n, value in enumerate(sets.values())}
    expression = "SET " + ", ".join(f"#f{n} = :v{n}" for n in range(len(sets)))
    if touched_by is not None:
        names["#version"], values[":one"] = "version", to_value(1)
        expression += ", #version = #version + :one"
    for n, (name, entries) in enumerate((appended or {}).items()):
        names[f"#a{n}"], values[f":a{n}"] = name, to_value(list(entries))
        values[":nothing"] = to_value([])
        expression += f", #a{n} = list_append(if_not_exists(#a{n}, :nothing), :a{n})"
    condition = "attribute_exists(PK) AND " + ("attribute_not_exists(#f1)" if not revision else "#f1 = :read")
    if revision:
        values[":read"] = to_value(revision)
    return {
        "Update": {
            "TableName": store.table,
            "Key": {
                "PK": {"S": keys.document_pk(store.tenant_id, doc_type, document["id"])},
                "SK": {"S": keys.DOC_SK},
            },
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
    }


def merged(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Two ``SET`` updates of the same item as one (DynamoDB takes one operation per item in a transaction):
    both assignments, both conditions."""
    one, two = first["Update"], second["Update"]
    if one["Key"] != two["Key"]:
        raise ValueError("updates of different items")

    def renamed(update: dict[str, Any], prefix: str) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
        def rename(text: str) -> str:
            return re.sub(r"([#:])([A-Za-z0-9_]+)", lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text)

        expression = update["UpdateExpression"]
        if not expression.startswith("SET "):
            raise ValueError("only SET updates merge")
        names = {rename(k): v for k, v in (update.get("ExpressionAttributeNames") or {}).items()}
        values = {rename(k): v for k, v in (update.get("ExpressionAttributeValues") or {}).items()}
        return rename(expression[4:]), rename(update.get("ConditionExpression") or ""), names, values

    sets_a, condition_a, names_a, values_a = renamed(one, "a")
    sets_b, condition_b, names_b, values_b = renamed(two, "b")
    update: dict[str, Any] = {
        "TableName": one["TableName"],
        "Key": one["Key"],
        "UpdateExpression": f"SET {sets_a}, {sets_b}",
        "ExpressionAttributeValues": {**values_a, **values_b},
    }
    conditions = [f"({c})" for c in (condition_a, condition_b) if c]
    if conditions:
        update["ConditionExpression"] = " AND ".join(conditions)
    if names_a or names_b:
        update["ExpressionAttributeNames"] = {**names_a, **names_b}
    return {"Update": update}


def revised_update(
    store: DocumentStore, doc_type: str, document: dict[str, Any], revision_field: str, sets: dict[str, Any]
) -> dict[str, Any]:
    """The operation setting ``sets`` on ``document`` and its ``revision_field`` to the next number, on the
    condition that the revision is still the one read (whoever changed it meanwhile: the caller reads again)."""
    revision = int(document.get(revision_field) or 0)
    sets = {**sets, revision_field: revision + 1}
    names = {f"#f{n}": name for n, name in enumerate(sets)}
    values = {f":v{n}": to_value(value) for n, value in enumerate(sets.values())}
    names["#revision"] = revision_field
    condition = "attribute_exists(PK) AND " + (
        "attribute_not_exists(#revision)" if not revision else "#revision = :read"
    )
    if revision:
        values[":read"] = to_value(revision)
    return {
        "Update": {
            "TableName": store.table,
            "Key": {
                "PK": {"S": keys.document_pk(store.tenant_id, doc_type, document["id"])},
                "SK": {"S": keys.DOC_SK},
            },
            "UpdateExpression": "SET " + ", ".join(f"#f{n} = :v{n}" for n in range(len(sets))),
            "ConditionExpression": condition,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
    }
