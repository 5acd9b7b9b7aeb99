"""The e-invoice customer portal on the started product (issue 14, point 7): a link made over HTTP opens, through
the gateway's public route and with no Authorization header, the customer's page of valid e-invoices and
their downloads (the printed invoice with its QR code, the signed UBL JSON); the same link with one
character changed answers 403 and shows nothing. The signing key is the secret the compliance stack
generates on provisioning."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.test_einvoicing import switch_on_einvoicing, wait_for
from tests.e2e.test_order_to_cash import created, submitted
from tests.support.product import sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """A plain GET, as a customer's browser makes it: no Authorization header."""
    request = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_customer_opens_their_einvoices_through_the_link_and_a_changed_link_shows_nothing(product: str) -> None:
    from pypdf import PdfReader

    from ledgerlet.einvoice.signature import verify

    company = sign_up(product, "Niaga Portal")
    address = {"line1": "12 Jalan Ampang", "city": "Kuala Lumpur", "postcode": "50450", "state": "14"}
    switch_on_einvoicing(company, address)
    buyer = {"billing_address": address, "phone": "+60 3-7956 1234", "brn": "202001012345"}
    customer = created(company, "/v1/customers", {"name": "Syarikat Portal", "tin": "C20880050010", **buyer})
    other = created(company, "/v1/customers", {"name": "Syarikat Lain", "tin": "C20880050010", **buyer})
    pen = created(company, "/v1/items", {"name": "Pen Dakwat", "kind": "non_stock", "sales_price": "4.50"})

    def invoice(customer_id: str) -> dict[str, Any]:
        body = {"customer_id": customer_id, "date": "2026-12-01", "lines": [{"item_id": pen["id"], "qty": "20"}]}
        return submitted(company, "sales-invoices", created(company, "/v1/sales-invoices", body))

    mine, theirs = invoice(customer["id"]), invoice(other["id"])

    def valid() -> list[dict[str, Any]] | None:
        found = company.list_all("/v1/einvoices")
        if len(found) < 2 or any(e["state"] != "valid" for e in found):
            company.request("POST", "/v1/einvoicing/run")
            return None
        return found

    by_code = {e["code"]: e for e in wait_for(valid, "valid", 120)}
    einvoice, foreign = by_code[mine["code"]], by_code[theirs["code"]]

    made = company.post("/v1/einvoicing/portal-links", {"customer_id": customer["id"], "days": 3})
    assert made.status == 200, made.body
    url = made.body["url"]
    assert url.startswith(f"{product}/v1/portal/einvoices?token="), (url, product)

    status, headers, page = fetch(url)
    assert status == 200, page[:500]
    assert headers["Content-Type"].startswith("text/html")
    html = page.decode()
    assert mine["code"] in html and einvoice["uuid"] in html and einvoice["validation_link"] in html
    assert theirs["code"] not in html and foreign["uuid"] not in html
    query = urlsplit(url).query

    status, headers, pdf = fetch(f"{product}/v1/portal/einvoices/{einvoice['id']}/pdf?{query}")
    assert status == 200 and headers["Content-Type"] == "application/pdf", pdf[:300]
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert einvoice["uuid"] in text and einvoice["validation_link"] in text

    status, _, document = fetch(f"{product}/v1/portal/einvoices/{einvoice['id']}/document?{query}")
    assert status == 200, document[:300]
    assert verify(json.loads(document)) == []

    assert fetch(f"{product}/v1/portal/einvoices/{foreign['id']}/document?{query}")[0] == 404

    token = query.removeprefix("token=")
    at = 12
    changed = token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :]
    for path in ("", f"/{einvoice['id']}/pdf", f"/{einvoice['id']}/document"):
        for wrong in (f"?token={changed}", ""):
            status, _, body = fetch(f"{product}/v1/portal/einvoices{path}{wrong}")
            assert status == 403, (path, wrong, body[:300])
            assert json.loads(body)["detail"] == "This link is not valid"
            assert einvoice["uuid"].encode() not in body and mine["code"].encode() not in body
