"""Exchange rates: for each foreign currency, MYR per one unit, by effective date.

The rate for a document date is the latest rate on or before that date. Rates are entries of their
currency document (``SK = RATE#<date>``), so a currency's rates are one query away.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from ledgerlet.errors import NotFound, invalid_field
from ledgerlet.hub.documents import Actor, DocumentStore, Page, now_iso
from ledgerlet.kinds import Input
from ledgerlet.masterdata.currencies import CURRENCIES

BASE_CURRENCY = "MYR"
RATE_PREFIX = "RATE#"


class RateInput(Input):
    rate: Decimal = Field(gt=0, le=Decimal("1000000"), decimal_places=10, description="MYR per one unit.")
    source: str | None = Field(default=None, max_length=100, description="e.g. `BNM 12:00 middle rate`.")


class ExchangeRate(BaseModel):
    currency: str
    date: str
    rate: Decimal
    source: str | None = None
    set_by: str
    set_at: str


class ExchangeRatePage(BaseModel):
    items: list[ExchangeRate]
    next_cursor: str | None = None


class ExchangeRates:
    def __init__(self, store: DocumentStore, actor: Actor) -> None:
        self.store = store
        self.actor = actor

    def _currency(self, currency_id: str) -> dict[str, Any]:
        from ledgerlet.ids import is_id

        if not is_id(currency_id, CURRENCIES.id_prefix):
            raise NotFound(f"currency {currency_id} does not exist")
        return self.store.require(CURRENCIES.doc_type, currency_id, "currency")

    def set_rate(self, currency_id: str, date: str, body: RateInput) -> ExchangeRate:
        currency = self._currency(currency_id)
        if currency["code"] == BASE_CURRENCY:
            raise invalid_field("path.id", f"{BASE_CURRENCY} is the base currency; its rate is always 1")
        rate = ExchangeRate(
            currency=currency["code"],
            date=date,
            rate=body.rate,
            source=body.source,
            set_by=self.actor.user_id,
            set_at=now_iso(),
        )
        entry = rate.model_dump(mode="python")
        self.store.put_entry(CURRENCIES.doc_type, currency_id, RATE_PREFIX + date, entry)
        return rate

    def rates(self, currency_id: str, *, on: str | None, limit: int, cursor: str | None) -> ExchangeRatePage:
        """Rates newest first; with ``on``, only the rate in force on that date."""
        self._currency(currency_id)
        page: Page = self.store.entries(
            CURRENCIES.doc_type, currency_id, RATE_PREFIX, limit=1 if on else limit, cursor=cursor, up_to=on
        )
        if on and not page.items:
            raise NotFound(f"no rate for currency {currency_id} on or before {on}")
        items = [ExchangeRate.model_validate(item) for item in page.items]
        return ExchangeRatePage(items=items, next_cursor=None if on else page.next_cursor)
