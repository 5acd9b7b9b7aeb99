"""The tenant session policy, evaluated as data: one tenant's credentials reach only its own keys."""

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlet.hub import keys
from ledgerlet.hub.tenant_policy import SECRET_ACTIONS, TENANT_ACTIONS, tenant_session_policy
from tests.support.iam import allows

TABLE = "arn:aws:dynamodb:ap-southeast-1:123456789012:table/ledgerlet-local-hub"
tenant_ids = st.from_regex(r"tnt_[0-9A-Z]{4,26}", fullmatch=True)


def _leading(*pks: str) -> dict[str, list[str]]:
    return {"dynamodb:LeadingKeys": list(pks)}


@given(tenant=tenant_ids, doc_id=st.text(min_size=1, max_size=30))
def test_own_keys_are_allowed_in_table_and_indexes(tenant: str, doc_id: str) -> None:
    policy = tenant_session_policy(tenant, TABLE)
    own = keys.document_pk(tenant, "CUSTOMER", doc_id)
    for action in TENANT_ACTIONS:
        assert allows(policy, action, TABLE, _leading(own))
    assert allows(policy, "dynamodb:Query", f"{TABLE}/index/GSI1", _leading(keys.collection_pk(tenant, "CUSTOMER")))


@given(tenant=tenant_ids, other=tenant_ids, doc_id=st.text(min_size=1, max_size=30))
def test_other_tenants_keys_are_denied(tenant: str, other: str, doc_id: str) -> None:
    if other == tenant:
        return
    policy = tenant_session_policy(tenant, TABLE)
    foreign = keys.document_pk(other, "CUSTOMER", doc_id)
    own = keys.document_pk(tenant, "CUSTOMER", doc_id)
    assert not allows(policy, "dynamodb:GetItem", TABLE, _leading(foreign))
    # A batch mixing one foreign key with own keys is denied as a whole (ForAllValues).
    assert not allows(policy, "dynamodb:BatchGetItem", TABLE, _leading(own, foreign))
    assert not allows(policy, "dynamodb:Query", f"{TABLE}/index/GSI2", _leading(keys.collection_pk(other, "ITEM")))


def test_a_tenant_id_that_prefixes_another_does_not_reach_it() -> None:
    policy = tenant_session_policy("tnt_AB", TABLE)
    assert not allows(policy, "dynamodb:GetItem", TABLE, _leading("tnt_ABC#CUSTOMER#cus_1"))


def test_scan_and_requests_without_leading_keys_are_denied() -> None:
    policy = tenant_session_policy("tnt_A", TABLE)
    assert not allows(policy, "dynamodb:Scan", TABLE, {})
    # Even an allowed action carrying no leading keys fails the Null guard.
    assert not allows(policy, "dynamodb:Query", TABLE, {})
    assert not allows(policy, "dynamodb:DeleteTable", TABLE, _leading("tnt_A#X"))
    assert not allows(policy, "dynamodb:PartiQLSelect", TABLE, _leading("tnt_A#X"))


def test_other_tables_are_denied() -> None:
    policy = tenant_session_policy("tnt_A", TABLE)
    other_table = TABLE.replace("hub", "platform")
    assert not allows(policy, "dynamodb:GetItem", other_table, _leading("tnt_A#X"))


def test_every_key_builder_starts_with_the_tenant_prefix() -> None:
    tenant = "tnt_01JD3V1T7Q8ZK4N2M5P6R7S8T9"
    built = [
        keys.document_pk(tenant, "CUSTOMER", "cus_1"),
        keys.collection_pk(tenant, "CUSTOMER"),
        keys.code_guard_pk(tenant, "CUSTOMER", "C-000001"),
        keys.series_pk(tenant, "CUSTOMER"),
        keys.access_pk(tenant),
        keys.idempotency_pk(tenant, "fn"),
    ]
    assert all(key.startswith(tenant + "#") for key in built)


# -- the tenant access role itself (template.yaml): one tenant even without the session policy -----------


def _tenant_role() -> dict[str, Any]:
    from tests.support.templates import stacks

    return dict(stacks()["template.yaml"].resources["TenantAccessRole"]["Properties"])


def _role_policy() -> dict[str, Any]:
    """The role's own policy, its table ARNs resolved as CloudFormation would."""
    (policy,) = [p for p in _tenant_role()["Policies"] if p["PolicyName"] == "hub-items"]
    document = json.loads(json.dumps(policy["PolicyDocument"]))
    for statement in document["Statement"]:
        statement["Resource"] = [TABLE, f"{TABLE}/index/*"]
    return dict(document)


def _session(tenant: str | None) -> dict[str, list[str]]:
    return {"aws:PrincipalTag/tenant_id": [tenant]} if tenant else {}


@settings(deadline=None)  # the first example reads the templates
@given(tenant=tenant_ids, other=tenant_ids)
def test_the_roles_own_policy_reaches_only_the_tenant_its_session_is_tagged_with(tenant: str, other: str) -> None:
    policy = _role_policy()
    own = keys.document_pk(tenant, "CUSTOMER", "cus_1")
    for action in TENANT_ACTIONS:
        assert allows(policy, action, TABLE, {**_leading(own), **_session(tenant)})
    if other != tenant:
        foreign = keys.document_pk(other, "CUSTOMER", "cus_1")
        assert not allows(policy, "dynamodb:GetItem", TABLE, {**_leading(foreign), **_session(tenant)})
        assert not allows(policy, "dynamodb:BatchGetItem", TABLE, {**_leading(own, foreign), **_session(tenant)})


def test_the_roles_own_policy_denies_untagged_sessions_system_partitions_and_scans() -> None:
    policy = _role_policy()
    own = keys.document_pk("tnt_A", "CUSTOMER", "cus_1")
    assert not allows(policy, "dynamodb:GetItem", TABLE, _leading(own))  # no tenant tag on the session
    assert not allows(policy, "dynamodb:Query", TABLE, {**_leading("GLOBAL#RECURRING"), **_session("tnt_A")})
    assert not allows(policy, "dynamodb:Query", TABLE, _session("tnt_A"))  # no leading keys: the Null guard
    assert not allows(policy, "dynamodb:Scan", TABLE, _session("tnt_A"))


def _assume(request_tags: dict[str, str], applet: bool = True) -> bool:
    trust = _tenant_role()["AssumeRolePolicyDocument"]
    context: dict[str, list[str]] = {f"aws:RequestTag/{key}": [value] for key, value in request_tags.items()}
    context["aws:TagKeys"] = list(request_tags)
    if applet:
        context["aws:PrincipalTag/ledgerlet-applet"] = ["true"]
    return all(allows(trust, action, "*", context) for action in ("sts:AssumeRole", "sts:TagSession"))


def test_the_role_is_assumed_only_by_applets_and_only_tagged_with_a_tenant() -> None:
    assert _assume({"tenant_id": "tnt_01JD3V1T7Q8ZK4N2M5P6R7S8T9"})
    assert not _assume({})  # no tenant tag: the session would have no tenant to be limited to
    assert not _assume({"tenant_id": "GLOBAL"})  # not a tenant id
    assert not _assume({"tenant_id": "tnt_A", "role": "admin"})  # only the tenant tag
    assert not _assume({"tenant_id": "tnt_A"}, applet=False)  # not an applet's role


def test_tenant_ids_cannot_take_a_system_partition() -> None:
    import pytest

    for bad in ("GLOBAL", "GLOBAL#RECURRING", "tnt_A#B", "", "TNT_A", "tnt_"):
        with pytest.raises(ValueError):
            keys.tenant_prefix(bad)
    assert keys.tenant_prefix("tnt_01JD3V1T7Q8ZK4N2M5P6R7S8T9") == "tnt_01JD3V1T7Q8ZK4N2M5P6R7S8T9#"


# -- the tenant's own secrets (MyInvois client secret, signing certificate) --------------------------------

SECRETS = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:"


def _secret(tenant: str, name: str = "myinvois") -> str:
    return f"{SECRETS}ledgerlet/local/tenants/{tenant}/{name}-AbCdEf"  # Secrets Manager adds a random suffix


def _role_secrets_policy() -> dict[str, Any]:
    """The role's own secrets policy, its ``!Sub`` resolved as CloudFormation would."""
    (policy,) = [p for p in _tenant_role()["Policies"] if p["PolicyName"] == "tenant-secrets"]
    document = json.loads(json.dumps(policy["PolicyDocument"]))
    for statement in document["Statement"]:
        pattern = statement["Resource"]["Fn::Sub"]
        for name, value in {
            "AWS::Partition": "aws",
            "AWS::Region": "ap-southeast-1",
            "AWS::AccountId": "123456789012",
            "Stage": "local",
        }.items():
            pattern = pattern.replace("${" + name + "}", value)
        statement["Resource"] = pattern.replace("${!", "${")
    return dict(document)


@given(tenant=tenant_ids, other=tenant_ids)
def test_a_session_reaches_its_own_tenants_secrets_only(tenant: str, other: str) -> None:
    session = tenant_session_policy(tenant, TABLE, f"{SECRETS}ledgerlet/local/tenants/{tenant}/*")
    role = _role_secrets_policy()
    for action in SECRET_ACTIONS:
        assert allows(session, action, _secret(tenant), {})
        assert allows(role, action, _secret(tenant), _session(tenant))
    if other != tenant:
        assert not allows(session, "secretsmanager:GetSecretValue", _secret(other), {})
        assert not allows(role, "secretsmanager:GetSecretValue", _secret(other), _session(tenant))
    assert not allows(role, "secretsmanager:GetSecretValue", _secret(tenant), _session(None))  # untagged: nothing
    assert not allows(session, "secretsmanager:DeleteSecret", _secret(tenant), {})


def test_a_tenant_id_that_prefixes_another_does_not_reach_its_secrets() -> None:
    session = tenant_session_policy("tnt_AB", TABLE, f"{SECRETS}ledgerlet/local/tenants/tnt_AB/*")
    assert not allows(session, "secretsmanager:GetSecretValue", _secret("tnt_ABC"), {})
    assert not allows(_role_secrets_policy(), "secretsmanager:GetSecretValue", _secret("tnt_ABC"), _session("tnt_AB"))
