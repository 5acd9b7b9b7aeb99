"""Where MyInvois is: LHDN's pre-production or production hosts, or (``MYINVOIS_API_URL``, set by the local
runtime) the local simulator, which answers the same contract."""

from __future__ import annotations

import os

LHDN: dict[str, tuple[str, str, str]] = {  # environment -> (API, identity, public portal for validation links)
    "sandbox": (
        "https://preprod-api.myinvois.hasil.gov.my",
        "https://preprod-api.myinvois.hasil.gov.my",
        "https://preprod.myinvois.hasil.gov.my",
    ),
    "production": (
        "https://api.myinvois.hasil.gov.my",
        "https://api.myinvois.hasil.gov.my",
        "https://myinvois.hasil.gov.my",
    ),
}


def endpoints(environment: str) -> tuple[str, str, str]:
    """(API, identity, portal) base URLs for the company's environment."""
    local = os.environ.get("MYINVOIS_API_URL")
    if local:
        base = local.rstrip("/")
        return base, base, os.environ.get("MYINVOIS_PORTAL_URL") or f"{base}/portal"
    return LHDN[environment]
