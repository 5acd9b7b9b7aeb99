"""Nested stacks and an API defined by its own OpenAPI document: the parent passes parameters (a layer
by ARN among them) and reads outputs; routes reach a nested stack's functions by their names in the
integration URIs, behind the Cognito authorizer the definition declares, with its CORS answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

NESTED_TEMPLATE = Path(__file__).resolve().parent / "nested" / "template.yaml"


@pytest.fixture(scope="module")
def nested() -> Iterator[Any]:
    from localcloud import LocalCloud

    with LocalCloud(NESTED_TEMPLATE, port=0, stack_name="lcnest") as running:
        yield running


def test_a_nested_stack_is_provisioned_with_its_parents_parameters(nested: Any) -> None:
    child = nested.stack.children["Child"]
    assert child.stack_name == "lcnest-Child"
    assert child.parameter_overrides["Stage"] == "nest"
    assert child.parameter_overrides["Greeting"] == "hello from the parent"
    function = nested.functions["NamedPublicFunction"]
    assert function.name == "fixture-nest-public"  # FunctionName, resolved in the child
    assert function.environment["GREETING"] == "hello from the parent"  # the child's Globals, from a parameter
    assert [d.name for d in function.layer_dirs] == ["shared"]  # the parent's layer, passed down by ARN


def test_the_parent_reads_a_nested_stacks_outputs(nested: Any) -> None:
    queue_url = nested.stack.find_stack("ChildQueue").physical_ids["ChildQueue"]
    assert nested.functions["ParentFunction"].environment["CHILD_QUEUE_URL"] == queue_url


def test_a_route_of_the_definition_reaches_the_nested_function_it_names(nested: Any) -> None:
    answer = requests.get(f"{nested.url}/hello/ada", timeout=10)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["name"] == "ada" and body["resource"] == "/hello/{name}"
    assert body["functionName"] == "fixture-nest-public"
    assert body["stage"] == "nest"


def test_the_definitions_cognito_authorizer_guards_its_routes(nested: Any) -> None:
    assert requests.get(f"{nested.url}/private/x", timeout=10).status_code == 401
    assert requests.post(f"{nested.url}/private/x", timeout=10).status_code == 401  # any method
    forged = {"Authorization": "Bearer not-a-token"}
    assert requests.get(f"{nested.url}/private/x", headers=forged, timeout=10).status_code == 401


def test_preflight_answers_with_the_definitions_cors_headers(nested: Any) -> None:
    answer = requests.options(
        f"{nested.url}/hello/ada",
        headers={"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"},
        timeout=10,
    )
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET,OPTIONS"
