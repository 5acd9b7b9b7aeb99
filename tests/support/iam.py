"""A small evaluator for the IAM policy features the tenant policies use.

moto never evaluates IAM conditions, so the generated policies are tested as data: this evaluator
follows the IAM rules for Allow statements with Action/Resource wildcards, policy variables
(``${aws:PrincipalTag/tenant_id}``: a statement whose variable has no value does not match), and the
``ForAllValues:StringLike``, ``ForAllValues:StringEquals``, ``StringEquals``, ``StringLike`` and
``Null`` condition operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
A context maps each key to its values (one for a single-valued key such as ``aws:RequestTag/x``).
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Any


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


class _Unresolved(Exception):
    """A policy variable with no value in the request: the condition does not match."""


def _resolve(pattern: str, context: dict[str, list[str]]) -> str:
    def value(match: re.Match[str]) -> str:
        found = context.get(match.group(1))
        if not found:
            raise _Unresolved(match.group(1))
        return found[0].replace("*", "[*]").replace("?", "[?]")  # a value is literal, never a wildcard

    return re.sub(r"\$\{([^}]+)\}", value, pattern)


def _condition_holds(operator: str, key_values: dict[str, Any], context: dict[str, list[str]]) -> bool:
    for key, expected in key_values.items():
        present = context.get(key)
        try:
            patterns = [_resolve(str(p), context) for p in _as_list(expected)]
        except _Unresolved:
            return False
        if operator == "Null":
            wants_absent = str(expected).lower() == "true"
            if wants_absent != (not present):
                return False
        elif operator in ("ForAllValues:StringLike", "ForAllValues:StringEquals"):
            like = operator.endswith("Like")
            # Vacuously true when the request has no values for the key.
            if not all(any(_matches(value, p, like) for p in patterns) for value in present or []):
                return False
        elif operator in ("StringEquals", "StringLike"):
            like = operator == "StringLike"
            if not present or not any(_matches(present[0], p, like) for p in patterns):
                return False
        else:
            raise NotImplementedError(operator)
    return True


def _matches(value: str, pattern: str, like: bool) -> bool:
    return fnmatchcase(value, pattern) if like else value == pattern


def _names(patterns: Any, resource: str, context: dict[str, list[str]]) -> bool:
    """Does a statement's Resource name ``resource`` (policy variables resolved from the request)?"""
    for pattern in _as_list(patterns):
        try:
            if fnmatchcase(resource, _resolve(str(pattern), context)):
                return True
        except _Unresolved:
            continue
    return False


def allows(policy: dict[str, Any], action: str, resource: str, context: dict[str, list[str]]) -> bool:
    """Is ``action`` on ``resource`` with these condition-key values allowed (no Deny statements used)?"""
    for statement in _as_list(policy["Statement"]):
        if statement["Effect"] != "Allow":
            raise NotImplementedError("Deny")
        if not any(fnmatchcase(action, pattern) for pattern in _as_list(statement["Action"])):
            continue
        if "Resource" in statement and not _names(statement["Resource"], resource, context):
            continue
        conditions = statement.get("Condition", {})
        if all(_condition_holds(op, keys, context) for op, keys in conditions.items()):
            return True
    return False
