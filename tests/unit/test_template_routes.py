"""template.yaml and the code agree: every API event is served by its function, and every route is declared."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from localcloud.template import load_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load_template(ROOT / "template.yaml")
FUNCTIONS = {
    logical_id: resource["Properties"]
    for logical_id, resource in TEMPLATE.resources.items()
    if resource.get("Type") == "AWS::Serverless::Function"
}
RESOLVER_FUNCTIONS = [
    logical_id
    for logical_id, props in FUNCTIONS.items()
    if any(event.get("Type") == "Api" for event in (props.get("Events") or {}).values())
    and props["CodeUri"] != "functions/platform/"
]


def _routes(logical_id: str) -> set[tuple[str, str]]:
    props = FUNCTIONS[logical_id]
    module_name, _, attr = props["Handler"].rpartition(".")
    path = ROOT / props["CodeUri"] / f"{module_name}.py"
    sys.path.insert(0, str(ROOT / "shared"))
    spec = importlib.util.spec_from_file_location(f"template_check_{logical_id}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app = getattr(module, attr).app
    return {
        (route.method.upper(), route.path.replace("<", "{").replace(">", "}"))
        for route in app._static_routes + app._dynamic_routes
    }


@pytest.mark.parametrize("logical_id", RESOLVER_FUNCTIONS)
def test_api_events_match_the_functions_routes(logical_id: str) -> None:
    events = {
        (event["Properties"]["Method"].upper(), event["Properties"]["Path"])
        for event in FUNCTIONS[logical_id]["Events"].values()
        if event.get("Type") == "Api"
    }
    assert events == _routes(logical_id)


def test_every_applet_function_runs_with_tenant_scoped_credentials_only() -> None:
    for logical_id, props in FUNCTIONS.items():
        if props["CodeUri"] == "functions/platform/" or logical_id in (
            "LedgerPostingFunction",
            "HubFanOutFunction",  # reads the hub stream and publishes it; no tenant's data through a key
            "LedgerCloseStartFunction",  # also states:StartExecution on the period close
            "RecurringJournalsScheduleFunction",  # also the GLOBAL#RECURRING tenant list
        ):
            continue
        assert props.get("Role") == {"Fn::GetAtt": ["AppletRole", "Arn"]}, logical_id
        assert "Policies" not in props, logical_id


def test_every_route_in_the_openapi_document_is_deployed() -> None:
    import json

    from ledgerlet.api.openapi import document

    deployed = {
        (event["Properties"]["Method"].upper(), event["Properties"]["Path"])
        for props in FUNCTIONS.values()
        for event in (props.get("Events") or {}).values()
        if event.get("Type") == "Api"
    }
    documented = {
        (method.upper(), path) for path, operations in json.loads(document())["paths"].items() for method in operations
    }
    platform = {(m, p) for m, p in documented if p.startswith("/v1/platform/")}
    assert documented - platform <= deployed
