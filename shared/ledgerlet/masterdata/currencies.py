"""Currencies a tenant trades in; exchange rates hang off each (see ``exchange_rates.py``)."""

from __future__ import annotations

from pydantic import Field

from ledgerlet.fields import CurrencyCode, Name
from ledgerlet.kinds import Input, MasterKind


class CurrencyCreate(Input):
    code: CurrencyCode
    name: Name
    symbol: str | None = Field(default=None, max_length=5)
    precision: int = Field(default=2, ge=0, le=4, description="Decimal places of amounts (JPY 0, KWD 3).")


CURRENCIES = MasterKind(
    label="currency",
    applet="currencies",
    doc_type="CURRENCY",
    id_prefix="cur",
    create_model=CurrencyCreate,
    immutable=("code", "precision"),
)
