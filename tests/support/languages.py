"""The console in each of its languages, for the browser tests: open a page as a user in a language, and
the labels a screen shows, read from the console's own locale files (so a test names what a user reads)."""

from __future__ import annotations

import json
import time
from functools import cache
from typing import Any

from playwright.sync_api import Page, expect

from tests.support.events import ROOT
from tests.support.product import ADMIN_PASSWORD, Client

LANGUAGES = ["en", "zh-CN", "ms"]
LOCALES = ROOT / "console" / "src" / "locales"


def open_in(page: Page, language: str, client: Client | None, path: str, password: str = ADMIN_PASSWORD) -> None:
    """Open ``path`` in ``language``, logged in as ``client``'s user (when given)."""
    page.goto("/login")
    page.evaluate("language => localStorage.setItem('ledgerlet.language', language)", language)
    if client is not None:
        email = client.get("/v1/platform/me").body["user"]["email"]
        tokens = Client(client.base_url).post("/v1/platform/login", {"email": email, "password": password}).body
        session = {**tokens, "email": email, "expires_at": int(time.time() * 1000) + tokens["expires_in"] * 1000}
        page.evaluate("session => localStorage.setItem('ledgerlet.session', session)", json.dumps(session))
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", language)


@cache
def _namespace(language: str, namespace: str) -> dict[str, Any]:
    return dict(json.loads((LOCALES / language / f"{namespace}.json").read_text(encoding="utf-8")))


def text(language: str, key: str, **values: object) -> str:
    """A console string, ``<namespace>:<dotted key>``, with its ``{{placeholders}}`` filled."""
    namespace, _, dotted = key.partition(":")
    found: Any = _namespace(language, namespace)
    if dotted in found:  # a flat key with dots, as the error codes are
        found = found[dotted]
    else:
        for part in dotted.split("."):
            found = found[part]
    shown = str(found)
    for name, value in values.items():
        shown = shown.replace("{{" + name + "}}", str(value))
    return shown


def records_text(language: str) -> dict[str, Any]:
    return _namespace(language, "records")


def field_label(language: str, kind: str, field: str) -> str:
    records = records_text(language)
    return str(records.get(kind, {}).get("fields", {}).get(field) or records["fields"][field])


def cell_label(language: str, kind: str, field: str, line: int) -> str:
    return text(language, "records:cellLabel", field=field_label(language, kind, field), line=str(line))


def permission_label(language: str, applet: str, action: str) -> str:
    """How the console names a permission ("Chart of accounts — View")."""
    return text(
        language,
        "common:permission.label",
        applet=text(language, f"admin:applet.{applet}.name"),
        action=text(language, f"admin:action.{action}"),
    )


def open_select(page: Page, label: str) -> list[str]:
    """Open the select labelled ``label`` and answer the options it offers (once any other list has closed;
    again if the list closed while it was read)."""
    for _ in range(3):
        expect(page.locator(".ant-select-dropdown:visible")).to_have_count(0)
        page.get_by_label(label, exact=True).click()
        page.wait_for_load_state("networkidle")
        options = page.locator(".ant-select-dropdown:visible .ant-select-item-option")
        options.first.wait_for()
        texts = options.all_inner_texts()
        page.keyboard.press("Escape")
        if texts:
            return texts
    raise AssertionError(f"the select {label!r} showed no options")
