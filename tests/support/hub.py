"""An in-process moto hub (table as declared in template.yaml) with seeded tenants."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.support.events import ROOT, Identity

REGION = "ap-southeast-1"
ENVIRONMENT = {
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",  # botocore would send stream calls where moto does not route
    "HUB_TABLE": "test-hub",
    "TENANT_ROLE_ARN": "arn:aws:iam::123456789012:role/tenant-access",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


def template_resources() -> dict[str, Any]:
    """template.yaml's resources, read by the local runtime's own loader (Globals merged)."""
    from localcloud.template import load_template

    return load_template(ROOT / "template.yaml").resources


def hub_table_properties() -> dict[str, Any]:
    return dict(template_resources()["HubTable"]["Properties"])


def create_hub_table(db: Any, name: str) -> None:
    props = hub_table_properties()
    db.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=props["AttributeDefinitions"],
        KeySchema=props["KeySchema"],
        GlobalSecondaryIndexes=props["GlobalSecondaryIndexes"],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": props["StreamSpecification"]["StreamViewType"]},
    )


@contextmanager
def moto_hub() -> Iterator[None]:
    from moto import mock_aws

    from localcloud import moto_patches

    moto_patches.install()
    saved = {key: os.environ.get(key) for key in ENVIRONMENT}
    os.environ.update(ENVIRONMENT)
    from ledgerlet.hub.aws import reset_clients
    from ledgerlet.settings import settings

    settings.cache_clear()
    reset_clients()
    with mock_aws():
        import boto3

        create_hub_table(boto3.client("dynamodb", region_name=REGION), ENVIRONMENT["HUB_TABLE"])
        yield
    reset_clients()
    settings.cache_clear()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def seed_tenant(
    tenant_id: str,
    *,
    roles: dict[str, list[str]] | None = None,
    user_roles: list[str] | None = None,
    applets: list[str] | None = None,
) -> Identity:
    """A company as onboarding leaves it, with one user (admin unless told otherwise)."""
    from ledgerlet.access import tenant_access_item, user_access_item
    from ledgerlet.applets import DEFAULT_ROLES, default_applets
    from ledgerlet.hub.aws import dynamodb
    from ledgerlet.hub.documents import Actor
    from ledgerlet.masterdata.seed import seed_company

    identity = Identity(tenant_id, f"usr-{tenant_id}")
    seed_company(tenant_id, legal_name=f"{tenant_id} Sdn Bhd", base_currency="MYR", actor=Actor("onboarding"))
    table = os.environ["HUB_TABLE"]
    all_roles = {name: list(perms) for name, perms in DEFAULT_ROLES.items()} | (roles or {})
    dynamodb().put_item(TableName=table, Item=tenant_access_item(tenant_id, applets or default_applets(), all_roles))
    dynamodb().put_item(
        TableName=table,
        Item=user_access_item(tenant_id, identity.user_id, identity.email, user_roles or ["admin"], "active"),
    )
    return identity
