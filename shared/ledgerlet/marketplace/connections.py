"""A marketplace connection as the import uses it: read from the control plane by the shop a push names,
with the shop's tokens from the company's own secret and a client of the platform's API."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ledgerlet.marketplace.platforms import Credentials, MarketplaceClient

API_URLS = {
    # Where each platform's API answers; the local runtime points them at the simulator (infra/marketplace_sim).
    "shopee": ("SHOPEE_API_URL", "https://partner.shopeemobile.com"),
    "lazada": ("LAZADA_API_URL", "https://api.lazada.com.my/rest"),
}


@dataclass(frozen=True)
class Connection:
    tenant_id: str
    connection_id: str
    platform: str
    shop_id: str
    name: str
    status: str
    settings: dict[str, Any]
    credentials_secret: str

    @property
    def active(self) -> bool:
        return self.status == "active"


def connection(platform: str, shop_id: str) -> Connection | None:
    """The connection of a shop, None when no company connected it."""
    from ledgerlet.platform.contract import marketplace_connection

    found = marketplace_connection(platform, shop_id)
    if found is None:
        return None
    return Connection(
        tenant_id=str(found["tenant_id"]),
        connection_id=str(found["connection_id"]),
        platform=str(found["platform"]),
        shop_id=str(found["shop_id"]),
        name=str(found.get("name") or ""),
        status=str(found.get("status") or "active"),
        settings=dict(found.get("settings") or {}),  # type: ignore[call-overload]
        credentials_secret=str(found["credentials_secret"]),
    )


def api_url(platform: str) -> str:
    variable, default = API_URLS[platform]
    return os.environ.get(variable) or default


def api_client(connection: Connection) -> MarketplaceClient:
    """A client of the platform's API for the connection's shop; refreshed tokens are written back."""
    from ledgerlet.hub.secrets import TenantSecrets
    from ledgerlet.marketplace.platforms import Credentials, client
    from ledgerlet.marketplace.receiver import app_credentials

    app = app_credentials(connection.platform)
    if app is None:
        raise RuntimeError(f"no {connection.platform} app is configured (the marketplace apps secret)")
    secrets = TenantSecrets(connection.tenant_id)
    tokens = secrets.read(connection.credentials_secret) or {}
    credentials = Credentials(
        platform=connection.platform,
        shop_id=connection.shop_id,
        app_key=app["app_key"],
        app_secret=app["app_secret"],
        access_token=str(tokens.get("access_token") or ""),
        refresh_token=str(tokens.get("refresh_token") or ""),
        expires_at=int(tokens.get("expires_at") or 0),
    )

    def keep(refreshed: Credentials) -> None:
        secrets.write(
            connection.credentials_secret,
            {
                "access_token": refreshed.access_token,
                "refresh_token": refreshed.refresh_token,
                "expires_at": refreshed.expires_at,
            },
        )

    return client(credentials, api_url(connection.platform), on_refresh=keep)
