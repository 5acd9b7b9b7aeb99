"""A new company's master data: numbering series, currencies, the SME chart of accounts, SST tax
codes and the company org unit. Safe to run again: what already exists (by code) is left alone.

The 130-odd documents are checked by their kinds' rules one by one, as any create is, and written
together: one batch read of their codes and a few transactions, not a read and a transaction each."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ledgerlet.errors import Conflict
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.hub.staged import StagedStore
from ledgerlet.kind_service import KindService
from ledgerlet.kinds import MasterKind
from ledgerlet.masterdata.accounts import ACCOUNTS
from ledgerlet.masterdata.currencies import CURRENCIES
from ledgerlet.masterdata.document_types import DOCUMENT_TYPES
from ledgerlet.masterdata.org_units import ORG_UNITS
from ledgerlet.masterdata.tax_codes import TAX_CODES
from ledgerlet.timezones import DEFAULT_TIME_ZONE

COMPANY_UNIT = "HQ"
"""The code of the org unit that is the company itself."""


def seed_company(
    tenant_id: str,
    *,
    legal_name: str,
    base_currency: str,
    actor: Actor,
    fiscal_year_start_month: int = 1,
    time_zone: str = DEFAULT_TIME_ZONE,
) -> None:
    from ledgerlet.reference import defaults
    from ledgerlet.reference.sme_chart import SME_CHART

    if base_currency not in {c.code for c in defaults.CURRENCIES}:
        raise ValueError(f"base currency {base_currency} has no seed")
    staged = StagedStore(tenant_id)
    staged.read_codes(
        [(DOCUMENT_TYPES.doc_type, each.code) for each in defaults.DOCUMENT_TYPES]
        + [(CURRENCIES.doc_type, each.code) for each in defaults.CURRENCIES]
        + [(ACCOUNTS.doc_type, each.code) for each in SME_CHART]
        + [(TAX_CODES.doc_type, each.code) for each in defaults.TAX_CODES]
        + [(ORG_UNITS.doc_type, COMPANY_UNIT)]
    )
    _ensure_all(staged, actor, legal_name)
    if not staged.commit():  # a concurrent run of the same company's onboarding wrote some meanwhile
        _ensure_all(DocumentStore(tenant_id), actor, legal_name)
    from ledgerlet.ledger.contract import seed_settings

    calendar = {"fiscal_year_start_month": fiscal_year_start_month, "time_zone": time_zone}
    seed_settings(tenant_id, calendar, actor.user_id)


def _ensure_all(store: DocumentStore, actor: Actor, legal_name: str) -> None:
    from ledgerlet.reference import defaults
    from ledgerlet.reference.sme_chart import SME_CHART

    for doc_type in defaults.DOCUMENT_TYPES:
        _ensure(
            store,
            actor,
            DOCUMENT_TYPES,
            doc_type.code,
            name=doc_type.name,
            prefix=doc_type.prefix,
            width=doc_type.width,
        )
    for currency in defaults.CURRENCIES:
        _ensure(
            store,
            actor,
            CURRENCIES,
            currency.code,
            name=currency.name,
            symbol=currency.symbol,
            precision=currency.precision,
        )
    account_ids: dict[str, str] = {}
    for account in SME_CHART:  # parents come before their children
        account_ids[account.code] = _ensure(
            store,
            actor,
            ACCOUNTS,
            account.code,
            name=account.name,
            type=account.type,
            subtype=account.subtype,
            parent_id=account_ids.get(account.parent_code or ""),
            is_header=account.is_header,
            control=account.control,
            monetary=account.monetary,
        )
    for tax in defaults.TAX_CODES:
        _ensure(
            store,
            actor,
            TAX_CODES,
            tax.code,
            name=tax.name,
            tax_type=tax.tax_type,
            rate=tax.rate,
            account_id=account_ids.get(tax.account_code or ""),
        )
    _ensure(store, actor, ORG_UNITS, COMPANY_UNIT, name=legal_name, kind="company")


def _ensure(store: DocumentStore, actor: Actor, master: MasterKind, code: str, **fields: Any) -> str:
    """The id of the document with this code, creating it from ``fields`` when missing."""
    existing = store.find_by_code(master.doc_type, code)
    if existing:
        return str(existing["id"])
    body: BaseModel = master.create_model.model_validate(
        {"code": code, **{k: v for k, v in fields.items() if v is not None}}
    )
    try:
        return str(KindService(master, store, actor).create(body)["id"])
    except Conflict:  # created meanwhile by a concurrent retry
        found = store.find_by_code(master.doc_type, code)
        if found is None:
            raise
        return str(found["id"])
