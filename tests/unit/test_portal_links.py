"""The customer portal's link tokens (ledgerlet.einvoice.portal): what holds and what is refused, with one
refusal whatever the reason; and the absolute address a link is given from the request."""

from __future__ import annotations

import base64
import json

import pytest

from ledgerlet.einvoice.portal import LinkRefused, PortalLink, base_url, sign, verify

KEY = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
NOW = 1_800_000_000
LINK = PortalLink("tnt_ACME", "cus_01HZX3J8Q4V6T2M9R5K7P1W0YB", NOW + 3600)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_signed_link_verifies_to_itself_and_is_compact_json() -> None:
    token = sign(LINK, KEY)
    assert verify(token, KEY, NOW) == LINK
    payload = token.split(".")[0]
    assert base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)) == (
        b'{"tenant_id":"tnt_ACME","customer_id":"cus_01HZX3J8Q4V6T2M9R5K7P1W0YB","expires":1800003600}'
    )
    assert "=" not in token


def _every_one_character_change(token: str) -> list[str]:
    changed = []
    for at, was in enumerate(token):
        if was == ".":
            continue
        changed.append(token[:at] + ("A" if was != "A" else "B") + token[at + 1 :])
    return changed


def test_any_one_character_changed_is_refused() -> None:
    token = sign(LINK, KEY)
    for wrong in _every_one_character_change(token):
        with pytest.raises(LinkRefused) as refused:
            verify(wrong, KEY, NOW)
        assert refused.value.status == 403 and refused.value.detail == "This link is not valid"


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "abc",
        "a.b.c",
        "." * 2,
        "x" * 2000,
        "é.é",
        "eyJ9.AAAA",
    ],
)
def test_malformed_tokens_are_refused(token: str | None) -> None:
    with pytest.raises(LinkRefused):
        verify(token, KEY, NOW)


def test_another_key_an_expiry_passed_or_odd_claims_are_refused() -> None:
    with pytest.raises(LinkRefused):
        verify(sign(LINK, b"another key, 32 characters long."), KEY, NOW)
    with pytest.raises(LinkRefused):
        verify(sign(LINK, KEY), KEY, LINK.expires)  # expires at that second
    assert verify(sign(LINK, KEY), KEY, LINK.expires - 1) == LINK

    def signed(claims: object) -> str:
        import hashlib
        import hmac

        raw = json.dumps(claims, separators=(",", ":")).encode()
        return f"{b64(raw)}.{b64(hmac.new(KEY, raw, hashlib.sha256).digest())}"

    good = {"tenant_id": LINK.tenant_id, "customer_id": LINK.customer_id, "expires": LINK.expires}
    assert verify(signed(good), KEY, NOW) == LINK
    for odd in (
        [good],
        {**good, "extra": 1},
        {k: v for k, v in good.items() if k != "expires"},
        {**good, "expires": str(LINK.expires)},
        {**good, "expires": True},
        {**good, "expires": float(LINK.expires)},
        {**good, "tenant_id": "ACME#"},
        {**good, "customer_id": "sup_01HZX3J8Q4V6T2M9R5K7P1W0YB"},
        {**good, "tenant_id": None},
    ):
        with pytest.raises(LinkRefused):
            verify(signed(odd), KEY, NOW)


def test_a_non_canonical_spelling_of_the_same_bytes_is_refused() -> None:
    """Base64 leaves the last character's low bits unused: another letter there decodes to the same
    bytes. Only the canonical spelling holds."""
    token = sign(LINK, KEY)
    payload, signature = token.split(".")
    last = signature[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    unused_bits = {2: 4, 3: 2}.get(len(signature) % 4, 0)
    assert unused_bits, "a 32-byte MAC leaves unused bits in base64url"
    twin = alphabet[alphabet.index(last) ^ 1]
    assert base64.urlsafe_b64decode(signature[:-1] + twin + "=") == base64.urlsafe_b64decode(signature + "=")
    with pytest.raises(LinkRefused):
        verify(f"{payload}.{signature[:-1]}{twin}", KEY, NOW)


def _event(headers: dict[str, str], stage: str = "v1") -> dict[str, object]:
    return {"headers": headers, "requestContext": {"stage": stage, "domainName": headers.get("Host", "")}}


def test_the_links_address_is_the_host_the_request_reached() -> None:
    assert base_url(_event({"Host": "127.0.0.1:3000"})) == "http://127.0.0.1:3000"
    assert base_url(_event({"Host": "localhost:8080"})) == "http://localhost:8080"
    assert base_url(_event({"Host": "api.ledgerlet.my", "X-Forwarded-Proto": "https"})) == "https://api.ledgerlet.my"
    assert base_url(_event({"Host": "api.ledgerlet.my"})) == "https://api.ledgerlet.my"
    execute_api = "abc123.execute-api.ap-southeast-1.amazonaws.com"
    assert base_url(_event({"Host": execute_api, "X-Forwarded-Proto": "https"})) == f"https://{execute_api}/v1"
    for bad in ("", "evil.com/path", "a b", "x.my@evil.com", "host:port"):
        assert base_url(_event({"Host": bad})) is None, bad
