"""The marketplace roles' policies, evaluated as data (moto never evaluates IAM): the webhook receiver reads
the app secret and sends to the import queue, nothing of any company's; the import reads the shops'
connections (their SHOP# partitions and the CONNECTIONS registry) and no other part of the platform table,
and reaches a company's data only through the tenant role."""

from __future__ import annotations

import json
from typing import Any

from tests.support.iam import allows
from tests.support.templates import stacks

PLATFORM = "arn:aws:dynamodb:ap-southeast-1:123456789012:table/ledgerlet-local-platform"
HUB = "arn:aws:dynamodb:ap-southeast-1:123456789012:table/ledgerlet-local-hub"
QUEUE = "arn:aws:sqs:ap-southeast-1:123456789012:MarketplaceImportQueue.fifo"
APPS = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:ledgerlet/local/marketplace-apps-AbCdEf"
TENANT_ROLE = "arn:aws:iam::123456789012:role/TenantAccessRole"
RESOLVED = {
    "PlatformTableArn": PLATFORM,
    "MarketplaceImportQueue.Arn": QUEUE,
    "MarketplaceApps": APPS,
    "TenantAccessRoleArn": TENANT_ROLE,
}


def _policy(role: str) -> dict[str, Any]:
    """The role's inline policies as one document, its references resolved as CloudFormation would."""
    properties = stacks()["infra/stacks/channels.yaml"].resources[role]["Properties"]

    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and len(value) == 1:
            ((kind, target),) = value.items()
            if kind == "Ref":
                return RESOLVED[target]
            if kind == "Fn::GetAtt":
                return RESOLVED[".".join(target) if isinstance(target, list) else target]
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return value

    statements = [s for p in properties["Policies"] for s in p["PolicyDocument"]["Statement"]]
    return {"Version": "2012-10-17", "Statement": json.loads(json.dumps(resolve(statements)))}


def _leading(*pks: str) -> dict[str, list[str]]:
    return {"dynamodb:LeadingKeys": list(pks)}


def test_the_receiver_reads_the_app_secret_and_queues_and_nothing_else() -> None:
    policy = _policy("MarketplaceWebhookRole")
    assert allows(policy, "secretsmanager:GetSecretValue", APPS, {})
    assert allows(policy, "sqs:SendMessage", QUEUE, {})
    for action, resource in (
        ("dynamodb:GetItem", PLATFORM),
        ("dynamodb:GetItem", HUB),
        ("dynamodb:PutItem", HUB),
        ("sts:AssumeRole", TENANT_ROLE),
        ("secretsmanager:GetSecretValue", APPS.replace("marketplace-apps", "tenants/tnt_A/marketplace/shopee-1")),
        ("sqs:ReceiveMessage", QUEUE),
    ):
        assert not allows(policy, action, resource, _leading("SHOP#shopee#1")), (action, resource)


def test_the_import_reads_shop_connections_and_the_registry_only() -> None:
    policy = _policy("MarketplaceWorkerRole")
    assert allows(policy, "dynamodb:GetItem", PLATFORM, _leading("SHOP#shopee#220011"))
    assert allows(policy, "dynamodb:Query", PLATFORM, _leading("CONNECTIONS"))
    assert allows(policy, "dynamodb:Query", PLATFORM, _leading("CONNECTIONS#tnt_01JD3V1T7Q8ZK4N2M5P6R7S8T9"))
    for denied in ("TENANT#tnt_A", "TENANTS", "EMAIL#a@b.my", "CONNECTIONSX"):
        assert not allows(policy, "dynamodb:GetItem", PLATFORM, _leading(denied)), denied
        assert not allows(policy, "dynamodb:Query", PLATFORM, _leading(denied)), denied
    assert not allows(policy, "dynamodb:GetItem", PLATFORM, {})  # no leading keys: the Null guard
    assert not allows(policy, "dynamodb:Scan", PLATFORM, {})
    for write in ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"):
        assert not allows(policy, write, PLATFORM, _leading("SHOP#shopee#220011"))


def test_the_import_reaches_a_companys_data_only_through_the_tenant_role() -> None:
    policy = _policy("MarketplaceWorkerRole")
    assert allows(policy, "sts:AssumeRole", TENANT_ROLE, {})
    assert not allows(policy, "dynamodb:GetItem", HUB, _leading("tnt_A#SALESORDER#so_1"))
    assert not allows(policy, "secretsmanager:GetSecretValue", APPS.replace("marketplace-apps", "tenants/tnt_A/x"), {})
    assert allows(policy, "secretsmanager:GetSecretValue", APPS, {})
    role = stacks()["infra/stacks/channels.yaml"].resources["MarketplaceWorkerRole"]["Properties"]
    assert {"Key": "ledgerlet-applet", "Value": "true"} in role["Tags"]  # what the tenant role trusts
