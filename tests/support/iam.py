"""A small evaluator for the IAM policy features the tenant session policy uses.

moto never evaluates IAM conditions, so the generated policy is tested as data: this evaluator follows
the IAM rules for Allow statements with Action/Resource wildcards and the ``ForAllValues:StringLike``
and ``Null`` condition operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _condition_holds(operator: str, key_values: dict[str, Any], context: dict[str, list[str]]) -> bool:
    for key, expected in key_values.items():
        present = context.get(key)
        if operator == "Null":
            wants_absent = str(expected).lower() == "true"
            if wants_absent != (not present):
                return False
        elif operator == "ForAllValues:StringLike":
            patterns = _as_list(expected)
            # Vacuously true when the request has no values for the key.
            if not all(any(fnmatchcase(value, pattern) for pattern in patterns) for value in present or []):
                return False
        else:
            raise NotImplementedError(operator)
    return True


def allows(policy: dict[str, Any], action: str, resource: str, context: dict[str, list[str]]) -> bool:
    """Is ``action`` on ``resource`` with these condition-key values allowed (no Deny statements used)?"""
    for statement in _as_list(policy["Statement"]):
        if statement["Effect"] != "Allow":
            raise NotImplementedError("Deny")
        if not any(fnmatchcase(action, pattern) for pattern in _as_list(statement["Action"])):
            continue
        if not any(fnmatchcase(resource, pattern) for pattern in _as_list(statement["Resource"])):
            continue
        conditions = statement.get("Condition", {})
        if all(_condition_holds(op, keys, context) for op, keys in conditions.items()):
            return True
    return False
