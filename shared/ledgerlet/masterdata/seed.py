"""A new company's master data: numbering series, currencies, the SME chart of accounts, SST tax
codes and the company org unit. Safe to run again: what already exists (by code) is left alone."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ledgerlet.errors import Conflict
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.kind_service import KindService
from ledgerlet.kinds import MasterKind
from ledgerlet.masterdata.accounts import ACCOUNTS
from ledgerlet.masterdata.currencies import CURRENCIES
from ledgerlet.masterdata.document_types import DOCUMENT_TYPES
from ledgerlet.masterdata.org_units import ORG_UNITS
from ledgerlet.masterdata.tax_codes import TAX_CODES
from ledgerlet.timezones import DEFAULT_TIME_ZONE


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

    store = DocumentStore(tenant_id)
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
    if base_currency not in {c.code for c in defaults.CURRENCIES}:
        raise ValueError(f"base currency {base_currency} has no seed")
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
    _ensure(store, actor, ORG_UNITS, "HQ", name=legal_name, kind="company")
    from ledgerlet.ledger.contract import seed_settings

    calendar = {"fiscal_year_start_month": fiscal_year_start_month, "time_zone": time_zone}
    seed_settings(tenant_id, calendar, actor.user_id)


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
