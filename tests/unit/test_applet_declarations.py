"""Each domain's declaration (shared/ledgerlet/<domain>/applet.py) is what is deployed and served:
the templates' generated parts, every function's handler and routes, the API's definition, the
OpenAPI document, the catalogue, the document registries and the posting-rule table."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from infra.tools import templates
from ledgerlet.applet_spec import DOMAIN_ROLE, Domain, Function
from ledgerlet.domains import DOMAINS
from tests.support.templates import functions, nested_stacks, of_type, stacks

ROOT = Path(__file__).resolve().parents[2]
DECLARED = {fn.name: (domain, fn) for domain in DOMAINS for fn in domain.functions}
ROOT_FUNCTIONS = {"HubFanOutFunction"}  # the hub's own: the stream's one reader
# Plain handlers: a marketplace's push is read byte for byte and answered in milliseconds, without the resolver
# (tests/e2e/test_marketplace_webhooks.py serves its route).
PLAIN_HANDLERS = {"MarketplaceWebhookFunction"}
RESOLVER_FUNCTIONS = [
    name
    for name, (_, fn) in DECLARED.items()
    if fn.routes and not fn.handler.startswith("platform/") and name not in PLAIN_HANDLERS
]


def test_the_generated_parts_of_the_templates_are_current() -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, text in templates.expected_files().items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `make templates`: {stale}"


def test_every_deployed_function_is_declared_and_every_declared_function_deployed() -> None:
    deployed = functions()
    assert set(deployed) == set(DECLARED) | ROOT_FUNCTIONS
    for name, (domain, fn) in DECLARED.items():
        template = next(t for path, t in stacks().items() if path.endswith(f"/{domain.stack}.yaml"))
        assert name in template.resources, f"{name} is not in {domain.stack}'s stack"
        props = deployed[name]
        assert props["CodeUri"].rstrip("/").endswith(f"functions/{fn.code_dir}") and props["Handler"] == fn.entry


def _served_routes(fn: Function) -> set[tuple[str, str]]:
    module_name, _, attr = fn.entry.rpartition(".")
    path = ROOT / "functions" / fn.code_dir / f"{module_name}.py"
    spec = importlib.util.spec_from_file_location(f"declaration_check_{fn.name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    spec.loader.exec_module(module)
    app = getattr(module, attr).app
    return {
        (route.method.upper(), route.path.replace("<", "{").replace(">", "}"))
        for route in app._static_routes + app._dynamic_routes
    }


@pytest.mark.parametrize("name", RESOLVER_FUNCTIONS)
def test_each_function_serves_exactly_its_declared_routes(name: str) -> None:
    _, fn = DECLARED[name]
    assert _served_routes(fn) == {(route.method.upper(), route.path) for route in fn.routes}


def _definition() -> dict[str, Any]:
    return dict(stacks()["template.yaml"].resources["Api"]["Properties"]["DefinitionBody"])


def test_the_api_integrates_every_declared_route_with_its_function_by_name() -> None:
    integrated = {
        (method, path): operation["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"].rsplit(":function:", 1)[1]
        for path, operations in _definition()["paths"].items()
        for method, operation in operations.items()
        if operation["x-amazon-apigateway-integration"]["type"] == "aws_proxy"
    }
    declared = {
        ("x-amazon-apigateway-any-method" if route.method == "any" else route.method, route.path): fn
        for _, fn in DECLARED.values()
        for route in fn.routes
    }
    assert set(integrated) == set(declared)
    for key, uri in integrated.items():
        fn = declared[key]
        assert uri == f"ledgerlet-${{Stage}}-{fn.name.removesuffix('Function')}/invocations"
        props = functions()[fn.name]
        assert props["FunctionName"] == {"Fn::Sub": f"ledgerlet-${{Stage}}-{fn.name.removesuffix('Function')}"}


def test_only_routes_declared_public_skip_the_authorizer() -> None:
    public = {route.path for _, fn in DECLARED.values() for route in fn.routes if route.public}
    assert public == {
        "/v1/openapi.json",
        "/v1/platform/signup",
        "/v1/platform/login",
        "/v1/platform/refresh",
        "/v1/platform/invitations/accept",
        # a customer's e-invoices through a signed, expiring link (the token is checked first: 403)
        "/v1/portal/einvoices",
        "/v1/portal/einvoices/{id}/pdf",
        "/v1/portal/einvoices/{id}/document",
        # a marketplace's pushes: its signature over the raw body is checked first (401)
        "/v1/webhooks/{platform}",
    }
    for path, operations in _definition()["paths"].items():
        for method, operation in operations.items():
            if method == "options":
                continue
            assert ("security" not in operation) == (path in public), f"{method} {path}"


def test_every_route_in_the_openapi_document_is_deployed() -> None:
    from ledgerlet.api.openapi import document

    documented = {
        (method, path) for path, operations in json.loads(document())["paths"].items() for method in operations
    }
    deployed = {(method, path) for path, operations in _definition()["paths"].items() for method in operations}
    platform = {(m, p) for m, p in documented if p.startswith("/v1/platform/")}
    assert documented - platform <= deployed
    assert ("x-amazon-apigateway-any-method", "/v1/platform/{proxy+}") in deployed  # the control plane's routes


def test_each_routed_function_lets_the_api_invoke_it() -> None:
    for path, template in nested_stacks().items():
        permitted = {p["FunctionName"]["Ref"] for p in of_type(template, "AWS::Lambda::Permission").values()}
        routed = {lid for lid in of_type(template, "AWS::Serverless::Function") if DECLARED[lid][1].routes}
        assert routed == permitted, path


def test_the_catalogue_is_the_domains_applets() -> None:
    from ledgerlet.applets import CATALOGUE

    assert tuple(applet for domain in DOMAINS for applet in domain.applets) == CATALOGUE
    ids = [applet.id for applet in CATALOGUE]
    assert len(ids) == len(set(ids))


def _kinds() -> list[Any]:
    from ledgerlet.finance.cash import PAYMENTS, RECEIPTS
    from ledgerlet.finance.journals import JOURNALS
    from ledgerlet.finance.recurring import RECURRING_JOURNALS
    from ledgerlet.finance.transfers import TRANSFERS
    from ledgerlet.inventory.counting import COUNT_SHEETS
    from ledgerlet.inventory.entries import STOCK_ENTRIES
    from ledgerlet.inventory.requests import REORDER_RULES, STOCK_REQUESTS
    from ledgerlet.inventory.reservations import RESERVATIONS
    from ledgerlet.masterdata.registry import KINDS
    from ledgerlet.sales.actions import KINDS as SALES

    inventory = [STOCK_ENTRIES, RESERVATIONS, STOCK_REQUESTS, REORDER_RULES, COUNT_SHEETS]
    from ledgerlet.sales.delivery_runs import DELIVERY_RUNS
    from ledgerlet.sales.proforma import PROFORMA_INVOICES
    from ledgerlet.sales.receipts import CUSTOMER_RECEIPTS
    from ledgerlet.sales.refunds import CUSTOMER_REFUNDS

    sales = [*(document.kind for document in SALES), CUSTOMER_RECEIPTS, CUSTOMER_REFUNDS, DELIVERY_RUNS]
    sales.append(PROFORMA_INVOICES.kind)
    from ledgerlet.pos.registers import REGISTERS
    from ledgerlet.pos.sales import SALES as POS_SALES
    from ledgerlet.pos.shifts import CASH_MOVEMENTS, SHIFTS

    pos = [REGISTERS, SHIFTS, POS_SALES, CASH_MOVEMENTS]
    return [*KINDS, JOURNALS, RECEIPTS, PAYMENTS, TRANSFERS, RECURRING_JOURNALS, *inventory, *sales, *pos]


def _owner(doc_type: str) -> Domain:
    (owner,) = [domain for domain in DOMAINS if doc_type in domain.document_types]
    return owner


def test_each_document_kind_is_declared_by_the_domain_of_its_applet() -> None:
    kinds = _kinds()
    assert {kind.doc_type for kind in kinds} == {t for domain in DOMAINS for t in domain.document_types}
    for kind in kinds:
        owner = _owner(kind.doc_type)
        assert kind.applet in {applet.id for applet in owner.applets}, kind.doc_type


def test_no_two_domains_claim_a_key_prefix() -> None:
    prefixes = [p for domain in DOMAINS for p in (*domain.document_types, *domain.key_prefixes)]
    assert len(prefixes) == len(set(prefixes))


def test_the_ledger_posts_exactly_the_declared_document_types() -> None:
    from ledgerlet.ledger.rules import RULES

    assert set(RULES) == {doc_type for domain in DOMAINS for doc_type in domain.posts}


def test_each_domain_runs_as_a_role_of_its_own() -> None:
    """A role that reaches tenant data (the hub, or the tenant role) serves one domain only. Only a
    role with no such reach may serve several domains of a stack (the scheduled fan-out: it reads the
    registry of tenants and sends to work queues)."""
    domains_of: dict[str, set[str]] = {}
    for name, (domain, fn) in DECLARED.items():
        role = functions()[name].get("Role")
        if fn.role is None:
            assert role is None
            continue
        assert role == {"Fn::GetAtt": [templates.domain_role(domain) if fn.role == DOMAIN_ROLE else fn.role, "Arn"]}
        domains_of.setdefault(role["Fn::GetAtt"][0], set()).add(domain.name)
    for role, domains in domains_of.items():
        if len(domains) > 1:
            (template,) = [t for t in nested_stacks().values() if role in t.resources]
            reach = json.dumps(_statements(template, role))
            assert "TenantAccessRoleArn" not in reach and "HubTable" not in reach, f"{role} serves {domains}"


def _statements(template: Any, role: str) -> list[dict[str, Any]]:
    props = template.resources[role]["Properties"]
    return [s for policy in props.get("Policies") or [] for s in policy["PolicyDocument"]["Statement"]]


def test_a_domains_applet_role_can_only_assume_the_tenant_scoped_role() -> None:
    for path, template in nested_stacks().items():
        for domain in [d for d in DOMAINS if path.endswith(f"/{d.stack}.yaml")]:
            for statement in _statements(template, templates.domain_role(domain)):
                actions = set(statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]])
                assert actions <= {"sts:AssumeRole", "sts:TagSession", *templates.QUEUE_READ}, statement
                assert not any(a.startswith("dynamodb:") for a in actions)


def test_the_control_plane_touches_only_the_access_projection_of_the_hub() -> None:
    """moto does not evaluate IAM conditions: the policy is checked as data."""
    (platform,) = [t for path, t in nested_stacks().items() if path.endswith("/platform.yaml")]
    for role in ("ControlPlaneRole", "OnboardingRole"):
        hub = [s for s in _statements(platform, role) if s["Resource"] == {"Ref": "HubTableArn"}]
        assert hub, role
        for statement in hub:
            assert statement["Condition"]["ForAllValues:StringLike"] == {"dynamodb:LeadingKeys": ["*#ACCESS"]}
            assert statement["Condition"]["Null"] == {"dynamodb:LeadingKeys": "false"}  # no key-less Scan
            assert set(statement["Action"]) <= {"dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"}
        others = [s for s in _statements(platform, role) if s not in hub]
        assert all("HubTable" not in json.dumps(s["Resource"]) for s in others), role


def test_every_action_needs_only_actions_that_exist() -> None:
    """Issue 11, point 3: what an action needs (its forms' pickers) names real applets and actions."""
    from ledgerlet.applets import CATALOGUE

    applets = {applet.id: applet for applet in (CATALOGUE.values() if isinstance(CATALOGUE, dict) else CATALOGUE)}
    for applet in applets.values():
        for action, needed in applet.needs.items():
            assert action in applet.actions, (applet.id, action)
            for permission in needed:
                other, _, other_action = permission.partition(":")
                assert other in applets and other_action in applets[other].actions, (applet.id, action, permission)
                assert permission != f"{applet.id}:{action}", permission
    assert set(applets["receipts"].needs["create"]) >= {"accounts:read", "tax-codes:read", "cash-books:read"}
