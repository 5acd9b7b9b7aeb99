"""Stock reports: the balance of every item at every location (now or as at a date), which is the stock
valuation, and the stock card of one item at one location (its rows with their running columns)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from ledgerlet.errors import invalid_field
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.inventory.stock_ledger import StockLedger
from ledgerlet.masterdata.contract import MasterData
from ledgerlet.money import BASE_CURRENCY, money_text

RATE_PLACES = Decimal("0.000001")


class StockBalance(BaseModel):
    item_id: str
    item_code: str
    item_name: str
    uom: str
    location_id: str
    location_code: str
    location_name: str
    qty: str = Field(description="On hand, in the item's base unit.")
    value: str = Field(description="Its value in MYR.")
    rate: str | None = Field(default=None, description="Valuation rate (value per unit; the last rate at zero).")
    valuation_pending: bool = Field(description="Movements not yet costed: the value will change.")


class StockBalances(BaseModel):
    as_of: str | None = Field(default=None, description="The date the balances are at; none: now.")
    lines: list[StockBalance]
    total_value: str


class LocationAvailability(BaseModel):
    location_id: str
    location_code: str
    location_name: str
    on_hand: str
    reserved: str = Field(description="Held by active reservations.")
    incoming: str = Field(
        description="Expected in: what open stock requests still ask to transfer or purchase into it "
        "(purchase orders, once purchasing lands)."
    )
    available: str = Field(description="On hand less reserved: what a new issue or reservation may take.")


class Availability(BaseModel):
    item_id: str
    item_code: str
    uom: str
    locations: list[LocationAvailability]
    on_hand: str
    reserved: str
    incoming: str
    available: str


class AgeBucket(BaseModel):
    label: str = Field(description="Days on hand: `0-30`, `31-60`, `61-90`, `91-180`, `over 180`.")
    qty: str
    value: str


class StockAge(BaseModel):
    item_id: str
    item_code: str
    location_id: str
    location_code: str
    qty: str
    value: str
    buckets: list[AgeBucket]


class StockAgeing(BaseModel):
    as_of: str
    lines: list[StockAge]
    total_value: str


class Layer(BaseModel):
    qty: str
    rate: str


class StockCardRow(BaseModel):
    date: str
    time: str
    movement_id: str
    entry_id: str = Field(description="The stock entry the movement belongs to.")
    kind: str = Field(description="receipt, issue, transfer_out, transfer_in, customer_return, supplier_return, count")
    qty_change: str | None = None
    value_change: str | None = None
    rate: str | None = Field(default=None, description="The rate it came in or went out at.")
    qty: str | None = Field(default=None, description="On hand after the row.")
    value: str | None = Field(default=None, description="Value after the row.")
    valuation_rate: str | None = None
    queue: list[Layer] = Field(default_factory=list, description="FIFO layers after the row, oldest first.")
    cancelled: bool = False
    valued: bool = Field(description="False while the row waits to be costed.")


class StockCard(BaseModel):
    item_id: str
    item_code: str
    location_id: str
    location_code: str
    opening_qty: str
    opening_value: str
    rows: list[StockCardRow]
    closing_qty: str
    closing_value: str


def _qty(value: Any) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def _rate(value: Any) -> str | None:
    return None if value is None else f"{Decimal(str(value)).quantize(RATE_PLACES).normalize():f}"


def _money(value: Any) -> str:
    return money_text(Decimal(str(value)), BASE_CURRENCY)


class StockReports:
    def __init__(self, tenant_id: str) -> None:
        self.ledger = StockLedger(tenant_id)
        self.documents = DocumentStore(tenant_id)
        self.master = MasterData(self.documents)

    def _incoming(self, item_id: str) -> dict[str, Decimal]:
        """What open stock requests still expect into each location: transfers in and purchases."""
        from ledgerlet.hub.tally import left

        expected: dict[str, Decimal] = {}
        for request in self.documents.every("STOCKREQUEST", equals={"state": "open"}):
            if request.get("purpose") not in ("transfer", "purchase"):
                continue
            for number, line in enumerate(request["lines"]):
                if line["item_id"] == item_id and left(request, "fulfilled", number) > 0:
                    location = request["location_id"]
                    expected[location] = expected.get(location, Decimal(0)) + left(request, "fulfilled", number)
        return expected

    def balances(self, as_of: str | None, item_id: str | None, location_id: str | None) -> StockBalances:
        lines: list[StockBalance] = []
        for head in self.ledger.heads(item_id):
            item, location = str(head["GSI1SK"]).split("#", 1)
            if location_id and location != location_id:
                continue
            row, pending = self.ledger.last_row(item, location, as_of), bool(head.get("pending"))
            if row is None and not pending:
                continue
            after = dict((row or {}).get("after") or {"qty": 0, "value": 0, "rate": None})
            if as_of is None:  # quantities are exact when recorded; values follow when costed
                after["qty"] = head.get("on_hand", after["qty"])
            lines.append(self._balance(item, location, after, pending))
        total = sum((Decimal(line.value) for line in lines), Decimal(0))
        lines.sort(key=lambda line: (line.item_code, line.location_code))
        return StockBalances(as_of=as_of, lines=lines, total_value=_money(total))

    def _balance(self, item_id: str, location_id: str, after: dict[str, Any], pending: bool) -> StockBalance:
        item = self.master.item(item_id)
        unit = self.master.org_unit(location_id)
        return StockBalance(
            item_id=item_id,
            item_code=item.code if item else "",
            item_name=item.name if item else "",
            uom=item.base_uom if item else "",
            location_id=location_id,
            location_code=unit.code if unit else "",
            location_name=unit.name if unit else "",
            qty=_qty(after["qty"]),
            value=_money(after["value"]),
            rate=_rate(after.get("rate")),
            valuation_pending=pending,
        )

    def availability(self, item_id: str) -> Availability:
        item = self.master.item(item_id)
        if item is None:
            raise invalid_field("query.item_id", f"item {item_id} does not exist", "reference.missing", id=item_id)
        incoming = self._incoming(item_id)
        heads = {str(head["GSI1SK"]).split("#", 1)[1]: head for head in self.ledger.heads(item_id)}
        locations = []
        for location_id in sorted(set(heads) | set(incoming)):
            head = heads.get(location_id) or {}
            unit = self.master.org_unit(location_id)
            on_hand = Decimal(str(head.get("on_hand") or 0))
            reserved = Decimal(str(head.get("reserved") or 0))
            locations.append(
                LocationAvailability(
                    location_id=location_id,
                    location_code=unit.code if unit else "",
                    location_name=unit.name if unit else "",
                    on_hand=_qty(on_hand),
                    reserved=_qty(reserved),
                    incoming=_qty(incoming.get(location_id, 0)),
                    available=_qty(on_hand - reserved),
                )
            )
        locations.sort(key=lambda line: line.location_code)

        def total(name: str) -> str:
            return _qty(sum((Decimal(getattr(line, name)) for line in locations), Decimal(0)))

        return Availability(
            item_id=item_id,
            item_code=item.code,
            uom=item.base_uom,
            locations=locations,
            on_hand=total("on_hand"),
            reserved=total("reserved"),
            incoming=total("incoming"),
            available=total("available"),
        )

    def ageing(self, as_of: str, item_id: str | None, location_id: str | None) -> StockAgeing:
        """What is on hand at the end of ``as_of``, by how long it has been there (``ageing``)."""
        from datetime import date

        from ledgerlet.inventory.ageing import Change, age

        lines = []
        for head in self.ledger.heads(item_id):
            item, location = str(head["GSI1SK"]).split("#", 1)
            if location_id and location != location_id:
                continue
            rows = [
                row
                for row in self.ledger.rows(item, location)
                if row["posted_on"] <= as_of and not row.get("cancelled") and row.get("after") is not None
            ]
            if not rows or not Decimal(str(rows[-1]["after"]["qty"])):
                continue
            changes = [Change(date.fromisoformat(r["posted_on"]), Decimal(str(r["qty_change"]))) for r in rows]
            value = Decimal(str(rows[-1]["after"]["value"]))
            balance = self._balance(item, location, rows[-1]["after"], False)
            buckets = age(changes, date.fromisoformat(as_of), value)
            lines.append(
                StockAge(
                    item_id=item,
                    item_code=balance.item_code,
                    location_id=location,
                    location_code=balance.location_code,
                    qty=balance.qty,
                    value=balance.value,
                    buckets=[AgeBucket(label=b.label, qty=_qty(b.qty), value=_money(b.value)) for b in buckets],
                )
            )
        lines.sort(key=lambda line: (line.item_code, line.location_code))
        total = sum((Decimal(line.value) for line in lines), Decimal(0))
        return StockAgeing(as_of=as_of, lines=lines, total_value=_money(total))

    def card(self, item_id: str, location_id: str, date_from: str | None, date_to: str | None) -> StockCard:
        item, unit = self.master.item(item_id), self.master.org_unit(location_id)
        if item is None:
            raise invalid_field("query.item_id", f"item {item_id} does not exist", "reference.missing", id=item_id)
        if unit is None:
            raise invalid_field(
                "query.location_id", f"location {location_id} does not exist", "reference.missing", id=location_id
            )
        opening = self._opening(item_id, location_id, date_from)
        rows = [
            _card_row(row)
            for row in self.ledger.rows(item_id, location_id)
            if (not date_from or row["posted_on"] >= date_from) and (not date_to or row["posted_on"] <= date_to)
        ]
        live = [row for row in rows if not row.cancelled and row.qty is not None]
        closing_qty = live[-1].qty if live else opening[0]
        closing_value = live[-1].value if live else opening[1]
        return StockCard(
            item_id=item_id,
            item_code=item.code,
            location_id=location_id,
            location_code=unit.code,
            opening_qty=opening[0],
            opening_value=opening[1],
            rows=rows,
            closing_qty=closing_qty or "0",
            closing_value=closing_value or _money(0),
        )

    def _opening(self, item_id: str, location_id: str, date_from: str | None) -> tuple[str, str]:
        if not date_from:
            return "0", _money(0)
        from datetime import date, timedelta

        day_before = (date.fromisoformat(date_from) - timedelta(days=1)).isoformat()
        row = self.ledger.last_row(item_id, location_id, day_before)
        after = (row or {}).get("after") or {"qty": 0, "value": 0}
        return _qty(after["qty"]), _money(after["value"])


def _card_row(row: dict[str, Any]) -> StockCardRow:
    after = row.get("after") if not row.get("cancelled") else None
    return StockCardRow(
        date=row["posted_on"],
        time=row["posted_at"],
        movement_id=row["id"],
        entry_id=str(row["id"]).split(".")[0],
        kind=row["kind"],
        qty_change=_qty(row["qty_change"]) if after else None,
        value_change=_money(row["value_change"]) if after else None,
        rate=_rate(row.get("out_rate")) if after else None,
        qty=_qty(after["qty"]) if after else None,
        value=_money(after["value"]) if after else None,
        valuation_rate=_rate(after.get("rate")) if after else None,
        queue=[Layer(qty=_qty(q), rate=_rate(r) or "0") for q, r in (after or {}).get("queue") or []],
        cancelled=bool(row.get("cancelled")),
        valued=after is not None,
    )
