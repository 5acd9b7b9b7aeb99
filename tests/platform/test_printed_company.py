"""What a printed receipt or payment voucher shows of the company comes from the control plane's copy of
its profile in the hub: a change of the profile (address included) reaches it (issue 11, point 7)."""

from __future__ import annotations

from typing import Any

from tests.platform.conftest import Api


def test_a_changed_address_reaches_what_receipts_print(api: Api) -> None:
    from ledgerlet.company import company_profile
    from ledgerlet.finance.printing.voucher import _address_lines
    from ledgerlet.hub.aws import dynamodb
    from ledgerlet.settings import settings

    admin: dict[str, Any] = api.onboard("owner@cetak.com.my")
    address = {"line1": "Lot 12, Jalan Tun Razak", "city": "Kuala Lumpur", "postcode": "50400", "state": "Kuala Lumpur"}
    patched = api.call(
        "PATCH", "/v1/platform/tenant", {"legal_name": "Cetak Sdn Bhd", "address": address}, claims=admin
    )
    assert patched.status == 200, patched.body
    copy = company_profile(dynamodb(), settings().hub_table, admin["custom:tenant_id"])
    assert copy is not None and copy["legal_name"] == "Cetak Sdn Bhd"
    assert _address_lines(copy["address"]) == ["Lot 12, Jalan Tun Razak", "50400 Kuala Lumpur", "Kuala Lumpur"]
