"""Issue 14, point 7: a tenant's customer sees and downloads their e-invoices (the printed invoice with its QR
code, and the signed UBL JSON) through an expiring signed link, without an account in the tenant; a
tampered or expired link answers 403 and shows nothing, and the link never reaches another customer's or
another tenant's e-invoices.

The handlers run in process on moto (as tests/integration/test_einvoice_submission.py runs the
submission), the public routes with no caller at all; the signing key is the platform secret the
compliance stack generates, created here as the stack would."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.integration.test_einvoice_submission import (
    BUYER,
    invoice,
    queued,
    run,
    settle,
    simulator,  # noqa: F401  (a fixture)
    submitting,
)
from tests.integration.test_sales_documents import customer, item
from tests.support.events import Identity, LambdaContext, api_event, load_handler

PAGE = "/v1/portal/einvoices"
PDF = "/v1/portal/einvoices/{id}/pdf"
DOCUMENT = "/v1/portal/einvoices/{id}/document"


@pytest.fixture(scope="module")
def key(simulator: Any) -> Iterator[bytes]:  # noqa: F811
    """The platform's portal link key, as the compliance stack generates it."""
    import boto3

    from ledgerlet.einvoice.portal import forget_key, secret_name

    value = "k3yG3neratedByTheStack0123456789abcdefABCDEF0123456789"
    boto3.client("secretsmanager", region_name="ap-southeast-1").create_secret(Name=secret_name(), SecretString=value)
    forget_key()
    yield value.encode()
    forget_key()


@pytest.fixture(scope="module")
def companies(key: bytes) -> dict[str, Any]:
    """Two companies: the first with two customers (A and B), the second with one (C); each customer has
    a valid e-invoice, A also one still pending."""
    from tests.integration.test_cash_reversal import COMPANY

    first = submitting("tnt_PORTALA", {**COMPANY, "tin": "C2584563200"})
    second = submitting("tnt_PORTALB", {**COMPANY, "tin": "C1234567890"})
    made: dict[str, Any] = {"first": first, "second": second}
    for who, name, label in ((first, "Syarikat Pelanggan A", "a"), (first, "Syarikat Pelanggan B", "b")):
        buyer = customer(who, name, **BUYER)
        made[f"customer_{label}"] = buyer
    made["customer_c"] = customer(second, "Syarikat Pelanggan C", **BUYER)
    for who, label in ((first, "a"), (first, "b"), (second, "c")):
        goods = item(who, f"Barang {label.upper()}", sales_price="75.00")
        sale = invoice(who, made[f"customer_{label}"], [{"item_id": goods["id"], "qty": "2"}])
        queued(who, "SALESINVOICE", sale)
        made[f"sale_{label}"] = sale
    for who in (first, second):
        run(who)
    for who, label in ((first, "a"), (first, "b"), (second, "c")):
        done = settle(who, [made[f"sale_{label}"]["id"]])[made[f"sale_{label}"]["id"]]
        assert done["state"] == "valid", done.get("errors")
        made[f"einvoice_{label}"] = done
    goods = item(first, "Barang Menunggu", sales_price="10.00")
    waiting = invoice(first, made["customer_a"], [{"item_id": goods["id"], "qty": "1"}])
    queued(first, "SALESINVOICE", waiting)  # pending: not shown
    made["waiting"] = waiting
    return made


def call(relative: str, method: str, path: str, resource: str, **options: Any) -> dict[str, Any]:
    event = api_event(method, path, options.pop("who", None), resource=resource, **options)
    answer: dict[str, Any] = load_handler(relative)(event, LambdaContext(aws_request_id="portal"))
    return answer


def make_link(who: Identity, body: dict[str, Any], host: str = "erp.example.my") -> dict[str, Any]:
    return call(
        "einvoices/portal_links.py",
        "POST",
        "/v1/einvoicing/portal-links",
        "/v1/einvoicing/portal-links",
        who=who,
        body=body,
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )


def portal(token: str | None, einvoice_id: str | None = None, kind: str = "page", **query: str) -> dict[str, Any]:
    params = {**({"token": token} if token is not None else {}), **query}
    if einvoice_id is None:
        return call("einvoices/portal_pages.py", "GET", PAGE, PAGE, query=params or None)
    resource = PDF if kind == "pdf" else DOCUMENT
    path = resource.replace("{id}", einvoice_id)
    return call(
        "einvoices/portal_pages.py", "GET", path, resource, query=params or None, path_params={"id": einvoice_id}
    )


def body_text(answer: dict[str, Any]) -> str:
    body = answer.get("body") or ""
    return base64.b64decode(body).decode("latin-1") if answer.get("isBase64Encoded") else str(body)


def header(answer: dict[str, Any], name: str) -> str:
    values = {k.lower(): v for k, v in (answer.get("multiValueHeaders") or {}).items()}
    found = values.get(name.lower()) or [(answer.get("headers") or {}).get(name, "")]
    return str(found[0])


def token_for(companies: dict[str, Any], label: str = "a") -> str:
    answer = make_link(companies["first"], {"customer_id": companies[f"customer_{label}"]["id"], "days": 7})
    assert answer["statusCode"] == 200, answer["body"]
    link = json.loads(answer["body"])
    return parse_qs(urlsplit(link["url"]).query)["token"][0]


def forged(payload: dict[str, Any], key: bytes) -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    raw = json.dumps(payload, separators=(",", ":")).encode()
    return f"{b64(raw)}.{b64(hmac.new(key, raw, hashlib.sha256).digest())}"


def test_a_link_is_made_for_a_customer_of_the_company_for_1_to_90_days(companies: dict[str, Any]) -> None:
    first, customer_a = companies["first"], companies["customer_a"]
    before = time.time()
    answer = make_link(first, {"customer_id": customer_a["id"]})
    assert answer["statusCode"] == 200, answer["body"]
    link = json.loads(answer["body"])
    parts = urlsplit(link["url"])
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "erp.example.my", PAGE)
    assert link["url"].endswith(link["path"]) and link["path"].startswith(f"{PAGE}?token=")
    from datetime import datetime

    expires = datetime.fromisoformat(link["expires_at"].replace("Z", "+00:00")).timestamp()
    assert before + 30 * 86400 - 5 <= expires <= time.time() + 30 * 86400 + 5  # 30 days unless told

    local = make_link(first, {"customer_id": customer_a["id"]}, host="127.0.0.1:3000")
    assert json.loads(local["body"])["url"].startswith("https://127.0.0.1:3000/v1/portal/einvoices?token=")

    unknown = make_link(first, {"customer_id": "cus_01HZX3J8Q4V6T2M9R5K7P1W0YB"})
    assert unknown["statusCode"] == 422, unknown["body"]
    assert [e["field"] for e in json.loads(unknown["body"])["errors"]] == ["body.customer_id"]
    elsewhere = make_link(first, {"customer_id": companies["customer_c"]["id"]})  # the other company's
    assert elsewhere["statusCode"] == 422
    assert [e["field"] for e in json.loads(elsewhere["body"])["errors"]] == ["body.customer_id"]
    for days in (0, 91, -1):
        wrong = make_link(first, {"customer_id": customer_a["id"], "days": days})
        assert wrong["statusCode"] == 422, wrong["body"]
        assert [e["field"] for e in json.loads(wrong["body"])["errors"]] == ["body.days"]
    for days in (1, 90):
        assert make_link(first, {"customer_id": customer_a["id"], "days": days})["statusCode"] == 200


def test_the_link_lists_the_customers_valid_einvoices_and_downloads_them(companies: dict[str, Any]) -> None:
    from pypdf import PdfReader

    from ledgerlet.einvoice.signature import verify

    token = token_for(companies)
    mine, theirs = companies["einvoice_a"], companies["einvoice_b"]
    page = portal(token)
    assert page["statusCode"] == 200, page["body"]
    assert header(page, "Content-Type").startswith("text/html")
    assert header(page, "Cache-Control") == "no-store" and header(page, "Referrer-Policy") == "no-referrer"
    html = body_text(page)
    assert companies["sale_a"]["code"] in html and mine["uuid"] in html
    assert mine["validation_link"] in html and "Syarikat Pelanggan A" in html
    assert f"einvoices/{mine['id']}/pdf?token=" in html and f"einvoices/{mine['id']}/document?token=" in html
    assert "<script" not in html
    for other in (theirs["uuid"], companies["sale_b"]["code"], "Syarikat Pelanggan B", companies["waiting"]["code"]):
        assert other not in html
    assert "电子发票" in body_text(portal(token, language="zh-CN"))
    assert "e-Invois anda" in body_text(portal(token, language="ms"))

    printed = portal(token, mine["id"], "pdf")
    assert printed["statusCode"] == 200, printed.get("body")
    assert header(printed, "Content-Type") == "application/pdf"
    import io

    content = base64.b64decode(printed["body"])
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)
    assert companies["sale_a"]["code"] in text and mine["uuid"] in text and mine["validation_link"] in text
    assert "Validation link" in text

    document = portal(token, mine["id"], "document")
    assert document["statusCode"] == 200, document.get("body")
    assert header(document, "Content-Type") == "application/json"
    assert body_text(document) == mine["document"]  # byte for byte as sent
    assert verify(json.loads(body_text(document))) == []


def test_the_link_reaches_no_other_customers_or_companys_einvoices(companies: dict[str, Any]) -> None:
    token = token_for(companies)
    for einvoice_id in (
        companies["einvoice_b"]["id"],  # the same company's other customer
        companies["einvoice_c"]["id"],  # another company's
        f"ein_{companies['waiting']['id']}",  # the customer's own, not valid yet
        "ein_nothing",
        "../../v1/einvoices",
    ):
        for kind in ("pdf", "document"):
            answer = portal(token, einvoice_id, kind)
            assert answer["statusCode"] == 404, (einvoice_id, kind, answer.get("body"))
            for secret in (companies["einvoice_b"]["uuid"], companies["einvoice_c"]["uuid"], "Invoice"):
                assert secret not in body_text(answer)
    # a link of the other company's customer sees that company's e-invoice only
    other = forged(
        {"tenant_id": "tnt_PORTALB", "customer_id": companies["customer_c"]["id"], "expires": int(time.time()) + 60},
        companies_key(),
    )
    assert portal(other, companies["einvoice_c"]["id"], "document")["statusCode"] == 200
    assert portal(other, companies["einvoice_a"]["id"], "document")["statusCode"] == 404
    assert companies["einvoice_a"]["uuid"] not in body_text(portal(other))


def companies_key() -> bytes:
    from ledgerlet.einvoice.portal import link_key

    return link_key()


def refused(answer: dict[str, Any], companies: dict[str, Any]) -> None:
    assert answer["statusCode"] == 403, answer.get("body")
    body = json.loads(body_text(answer))
    assert body == {"type": "about:blank", "title": "Forbidden", "status": 403, "detail": "This link is not valid"}
    text = body_text(answer)
    for label in ("a", "b"):
        for shown in (companies[f"einvoice_{label}"]["uuid"], companies[f"sale_{label}"]["code"], "ein_"):
            assert shown not in text


def test_a_tampered_expired_foreign_or_missing_token_answers_403_and_shows_nothing(
    companies: dict[str, Any], key: bytes
) -> None:
    token = token_for(companies)
    payload, signature = token.split(".")

    def changed(text: str, at: int) -> str:
        return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]

    a = companies["customer_a"]["id"]
    later = int(time.time()) + 3600
    bad = {
        "missing": None,
        "empty": "",
        "payload changed": f"{changed(payload, 5)}.{signature}",
        "payload's last character changed": f"{changed(payload, len(payload) - 1)}.{signature}",
        "signature changed": f"{payload}.{changed(signature, 10)}",
        "signature's last character changed": f"{payload}.{changed(signature, len(signature) - 1)}",
        "signature cut": f"{payload}.{signature[:-2]}",
        "no signature": payload,
        "another key": forged({"tenant_id": "tnt_PORTALA", "customer_id": a, "expires": later}, b"x" * 54),
        "expired": forged({"tenant_id": "tnt_PORTALA", "customer_id": a, "expires": int(time.time()) - 1}, key),
        "another customer claimed": forged(
            {"tenant_id": "tnt_PORTALA", "customer_id": companies["customer_b"]["id"], "expires": later}, b"y" * 54
        ),
        "unknown customer": forged(
            {"tenant_id": "tnt_PORTALA", "customer_id": "cus_01HZX3J8Q4V6T2M9R5K7P1W0YB", "expires": later}, key
        ),
        "unknown tenant": forged({"tenant_id": "tnt_NOBODY", "customer_id": a, "expires": later}, key),
        "garbage": "not-a-token",
        "two dots": f"{payload}.{signature}.{signature}",
    }
    for name, wrong in bad.items():
        for kind, einvoice_id in (("page", None), ("pdf", companies["einvoice_a"]["id"])):
            answer = portal(wrong, einvoice_id, kind)
            assert answer["statusCode"] == 403, (name, kind, answer.get("body"))
            refused(answer, companies)
        refused(portal(wrong, companies["einvoice_a"]["id"], "document"), companies)
    assert portal(token)["statusCode"] == 200  # the token itself still works
