"""Every validation error the OpenAPI document can produce reaches a person in plain words (issue 11).

The walk reads the API's own document and, for every operation, breaks each constraint it states —
a pattern, a length, a bound, a type, a choice — one field at a time (body fields, one level of
nested objects, path and query parameters), sends it, and reads the problem details answered. Each
field error must carry a code of the catalogue (``ledgerlet.field_errors.MESSAGES``, which the
console translates) and a message with no regular expression and no pydantic phrase in it.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

import pytest

from ledgerlet.field_errors import MESSAGES
from tests.support.product import Answer, Client, sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DEVELOPER_TEXT = re.compile(
    r"String should|Input should|should match|should be|Value error|Field required|valid decimal|Extra inputs"
    r"|pattern|\^\(|\[0-9|\\d|\{\d|type=|pydantic|Unprocessable",
    re.IGNORECASE,
)
ID = "acc_" + "0" * 26


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def branches(document: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null alternatives of a schema (``anyOf``/``oneOf``), resolved."""
    schema = resolve(document, schema)
    found = schema.get("anyOf") or schema.get("oneOf") or [schema]
    return [resolve(document, one) for one in found if resolve(document, one).get("type") != "null"]


def breakers(document: dict[str, Any], schema: dict[str, Any]) -> list[Any]:
    """Values that break what ``schema`` states, one per kind of constraint."""
    values: list[Any] = []
    alternatives = branches(document, schema)
    types = {one.get("type") for one in alternatives}
    for one in alternatives:
        kind = one.get("type")
        if "enum" in one or "const" in one:
            values.append("not-a-choice")
        if kind == "string":
            values += text_breakers(one)
        if kind in ("number", "integer"):
            values += number_breakers(one)
        if kind == "boolean":
            values.append("maybe")
        if kind == "array":
            values.append("not a list")
        if kind == "object" and "properties" not in one:
            values.append("not an object")
    if "string" not in types and alternatives:
        values.append({"nested": "object"} if "object" not in types else "text")
    return values


def text_breakers(schema: dict[str, Any]) -> list[Any]:
    values: list[Any] = []
    if "pattern" in schema:
        values.append("!? not this")
    if "maxLength" in schema:
        values.append("7" * (schema["maxLength"] + 1))
    if schema.get("minLength", 0) > 1:
        values.append("7")
    return values


def number_breakers(schema: dict[str, Any]) -> list[Any]:
    values: list[Any] = ["ten thousand"]
    if "minimum" in schema or "exclusiveMinimum" in schema:
        values.append(schema.get("minimum", schema.get("exclusiveMinimum", 0)) - 1)
    if "maximum" in schema or "exclusiveMaximum" in schema:
        values.append(schema.get("maximum", schema.get("exclusiveMaximum", 0)) + 1)
    if schema.get("type") == "integer":
        values.append(1.5)
    return values


def body_cases(document: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Bodies with one field broken each (and one with an unknown field, and an empty one)."""
    schema = resolve(document, schema)
    cases: list[dict[str, Any]] = [{}, {"not_a_field": 1}]
    for name, field in (schema.get("properties") or {}).items():
        cases += [{name: value} for value in breakers(document, field)]
        for nested in branches(document, field):
            for inner, inner_field in (nested.get("properties") or {}).items():
                cases += [{name: {inner: value}} for value in breakers(document, inner_field)]
    return cases


def path_value(document: dict[str, Any], parameter: dict[str, Any]) -> str:
    schema = resolve(document, parameter.get("schema", {}))
    if parameter["name"] in ("date",):
        return "2026-06-30"
    if parameter["name"] in ("period",):
        return "2026-06"
    return str(schema.get("example") or ID)


def requests(document: dict[str, Any]) -> list[list[tuple[str, str, Any]]]:
    """(method, url path with query, body) to send, each breaking one stated constraint, per operation (one
    function: its cases are sent one after the other, so it starts one execution environment, not four)."""
    operations_cases: list[list[tuple[str, str, Any]]] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            found: list[tuple[str, str, Any]] = []
            operations_cases.append(found)
            parameters = operation.get("parameters", [])
            filled = path
            for parameter in (p for p in parameters if p["in"] == "path"):
                filled = filled.replace("{" + parameter["name"] + "}", quote(path_value(document, parameter)))
            for parameter in (p for p in parameters if p["in"] == "path"):
                for value in breakers(document, parameter.get("schema", {})):
                    broken = path.replace("{" + parameter["name"] + "}", quote(str(value), safe=""))
                    for other in (p for p in parameters if p["in"] == "path" and p is not parameter):
                        broken = broken.replace("{" + other["name"] + "}", quote(path_value(document, other)))
                    found.append((method, broken, {} if method in ("post", "put", "patch") else None))
            for parameter in (p for p in parameters if p["in"] == "query"):
                for value in breakers(document, parameter.get("schema", {})):
                    if isinstance(value, dict):
                        continue
                    found.append((method, f"{filled}?{parameter['name']}={quote(str(value))}", None))
            content = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
            if content:
                found += [(method, filled, body) for body in body_cases(document, content["schema"])]
    return operations_cases


def test_no_validation_error_reaches_a_person_as_a_regex_or_a_pydantic_phrase(product_url: str) -> None:
    company: Client = sign_up(product_url, "Plain Words")
    document = company.get("/v1/openapi.json").body
    per_operation = requests(document)
    assert sum(map(len, per_operation)) > 500, per_operation  # the walk covers the API, not a corner of it

    def send(cases: list[tuple[str, str, Any]]) -> list[tuple[tuple[str, str, Any], Answer]]:
        answers = []
        for case in cases:
            method, path, body = case
            if path.startswith("/v1/platform/logout"):
                answers.append((case, Answer(204, None, {})))
            else:
                answers.append((case, company.request(method.upper(), path, body)))
        return answers

    with ThreadPoolExecutor(max_workers=4) as pool:
        answered = [one for answers in pool.map(send, per_operation) for one in answers]

    problems, codes = [], set()
    for (method, path, body), answer in answered:
        assert answer.status < 500, (method, path, body, answer.status, answer.body)
        if answer.status not in (400, 422):
            continue
        for error in answer.body.get("errors", []):
            codes.add(error.get("code"))
            if error.get("code") not in MESSAGES or DEVELOPER_TEXT.search(error.get("message", "")):
                problems.append((method, path, body, error))
        if DEVELOPER_TEXT.search(answer.body.get("detail", "")):
            problems.append((method, path, body, answer.body.get("detail")))
    assert not problems, f"{len(problems)} errors a person would not understand, e.g. {problems[:8]}"
    # The walk met the kinds of error a person meets most, each answered by its own code.
    assert {"required", "field.unknown", "number.invalid", "format.id", "format.date", "choice.invalid"} <= codes, codes
