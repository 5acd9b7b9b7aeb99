"""Process settings, read once from the environment (the template sets them; tests override them)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Settings:
    region: str
    hub_table: str
    platform_table: str
    user_pool_id: str
    user_pool_client_id: str
    # Role assumed with a per-tenant session policy; empty means "use the function's own credentials".
    tenant_role_arn: str
    stage: str


@cache
def settings() -> Settings:
    env = os.environ
    return Settings(
        region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "ap-southeast-1",
        hub_table=env.get("HUB_TABLE", "ledgerlet-hub"),
        platform_table=env.get("PLATFORM_TABLE", "ledgerlet-platform"),
        user_pool_id=env.get("USER_POOL_ID", ""),
        user_pool_client_id=env.get("USER_POOL_CLIENT_ID", ""),
        tenant_role_arn=env.get("TENANT_ROLE_ARN", ""),
        stage=env.get("STAGE", "local"),
    )
