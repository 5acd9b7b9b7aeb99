"""Exchange rates: for each foreign currency, MYR per one unit, by effective date.

The rate for a document date is the latest rate on or before that date. Rates are entries of their
currency document (``SK = RATE#<date>``), so a currency's rates are one query away. The list across
currencies (the Exchange rates screen) reads each currency's rates in the date range, newest first,
and merges them: a company keeps a handful of currencies, so a page costs one query per currency
whatever the number of rates.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from ledgerlet.errors import NotFound, invalid_field
from ledgerlet.fields import Rate
from ledgerlet.hub.documents import Actor, DocumentStore, Page, now_iso
from ledgerlet.kinds import Input
from ledgerlet.masterdata.currencies import CURRENCIES

BASE_CURRENCY = "MYR"
RATE_PREFIX = "RATE#"


class RateInput(Input):
    rate: Rate = Field(description="MYR per one unit.")
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


class ListedRate(ExchangeRate):
    currency_id: str = Field(description="The currency's id (its rates: `/v1/currencies/{id}/rates`).")
    currency_name: str


class ListedRatePage(BaseModel):
    items: list[ListedRate] = Field(description="Newest date first; on one date, by currency code.")
    next_cursor: str | None = None


def _encode_position(day: str, code: str) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps({"d": day, "c": code}).encode()).decode()


def _decode_position(cursor: str) -> tuple[str, str]:
    """The (date, currency code) of the last rate of the previous page."""
    import base64
    import binascii
    import json
    from datetime import date

    from ledgerlet.errors import BadRequest, FieldError

    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        day, code = str(state["d"]), str(state["c"])
        date.fromisoformat(day)
    except (ValueError, TypeError, KeyError, AttributeError, binascii.Error, UnicodeError):
        raise BadRequest(
            "cursor is not one this API issued", [FieldError("query.cursor", "invalid", "cursor.invalid")]
        ) from None
    return day, code


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
            raise invalid_field(
                "path.id",
                f"{BASE_CURRENCY} is the base currency; its rate is always 1",
                "rate.base",
                currency=BASE_CURRENCY,
            )
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

    def across(
        self,
        *,
        currency: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> ListedRatePage:
        """Rates of every currency (or the one with code ``currency``) dated ``date_from``..``date_to``,
        newest first; the cursor is the last rate shown (its date and currency code)."""
        if date_from and date_to and date_from > date_to:
            raise invalid_field(
                "query.from", f"{date_from} is after {date_to}", "range.reversed", start=date_from, end=date_to
            )
        after = _decode_position(cursor) if cursor else None
        upper = min(filter(None, (date_to, after[0] if after else None)), default=None)
        candidates: list[ListedRate] = []
        more = False
        for document in self._currencies(currency):
            page = self.store.entries(CURRENCIES.doc_type, document["id"], RATE_PREFIX, limit=limit + 1, up_to=upper)
            for item in page.items:
                if date_from and item["date"] < date_from:
                    break
                if after and item["date"] == after[0] and item["currency"] <= after[1]:
                    continue  # shown on an earlier page
                candidates.append(
                    ListedRate.model_validate(
                        {**item, "currency_id": document["id"], "currency_name": document.get("name") or ""}
                    )
                )
            else:
                more = more or page.next_cursor is not None
        candidates.sort(key=lambda rate: rate.currency)
        candidates.sort(key=lambda rate: rate.date, reverse=True)
        items = candidates[:limit]
        more = more or len(candidates) > limit
        return ListedRatePage(
            items=items, next_cursor=_encode_position(items[-1].date, items[-1].currency) if more and items else None
        )

    def _currencies(self, code: str | None) -> list[dict[str, Any]]:
        """The company's foreign currencies (archived ones too: their rates are history), or the one
        with ``code``."""
        from ledgerlet.hub.documents import ListQuery

        if code is not None:
            found = self.store.find_by_code(CURRENCIES.doc_type, code)
            return [found] if found and found["code"] != BASE_CURRENCY else []
        documents: list[dict[str, Any]] = []
        page_cursor: str | None = None
        while True:
            page = self.store.list_documents(
                CURRENCIES.doc_type, ListQuery(limit=200, cursor=page_cursor, status="all")
            )
            documents += [item for item in page.items if item.get("code") != BASE_CURRENCY]
            page_cursor = page.next_cursor
            if not page_cursor:
                return documents
