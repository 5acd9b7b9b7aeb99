"""The tenant session policy, evaluated as data: one tenant's credentials reach only its own keys."""

from hypothesis import given
from hypothesis import strategies as st

from ledgerlet.hub import keys
from ledgerlet.hub.tenant_policy import TENANT_ACTIONS, tenant_session_policy
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
