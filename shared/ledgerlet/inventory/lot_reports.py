"""Reports on batches and serial numbers: batches by expiry (what expires soon, and where), the serial
numbers of an item, and the batches an issue would take (a FEFO pick list)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from ledgerlet.errors import invalid_field
from ledgerlet.hub.codec import to_value
from ledgerlet.hub.documents import DocumentStore
from ledgerlet.inventory.tracking import IN, Tracker, fefo
from ledgerlet.masterdata.contract import Item, MasterData

PAGE = 200


class BatchLine(BaseModel):
    item_id: str
    item_code: str
    location_id: str
    location_code: str
    batch_no: str
    expires_on: str | None = Field(default=None, description="None: the batch does not expire.")
    qty: str = Field(description="On hand, in the item's base unit.")
    days_left: int | None = Field(default=None, description="Days from `as_of` to its expiry (negative: expired).")
    expired: bool


class Batches(BaseModel):
    as_of: str
    lines: list[BatchLine] = Field(description="First expiring first.")
    next_cursor: str | None = None


class SerialLine(BaseModel):
    serial_no: str
    state: str = Field(description="`in_stock` (at `location_id`) or `out` (issued, returned or found missing).")
    location_id: str | None = None
    location_code: str | None = None
    expires_on: str | None = None
    out_entry: str | None = Field(default=None, description="The stock entry that took it out.")


class Serials(BaseModel):
    item_id: str
    item_code: str
    lines: list[SerialLine]
    next_cursor: str | None = None


class PickLine(BaseModel):
    batch_no: str
    expires_on: str | None = None
    qty: str


class PickList(BaseModel):
    item_id: str
    location_id: str
    date: str
    qty: str
    lines: list[PickLine] = Field(description="The batches to take, first expiring first.")
    short: str = Field(description="What the batches not expired on `date` cannot cover (0: enough).")


class LotReports:
    def __init__(self, tenant_id: str) -> None:
        self.tracker = Tracker(tenant_id)
        self.master = MasterData(DocumentStore(tenant_id))
        self._codes: dict[str, str] = {}

    def batches(
        self,
        as_of: str | None,
        item_id: str | None,
        location_id: str | None,
        expires_by: str | None,
        cursor: str | None,
    ) -> Batches:
        """Batches on hand in order of expiry (those without one last), up to ``expires_by`` when given."""
        day = as_of or date.today().isoformat()
        values: dict[str, Any] = {":pk": to_value(self.tracker.expiry_pk()), ":zero": to_value(0)}
        key = "GSI1PK = :pk"
        if expires_by:
            key += " AND GSI1SK <= :by"
            values[":by"] = to_value(f"{expires_by}#~")
        filters = ["qty > :zero"]
        for name, wanted in (("item_id", item_id), ("location_id", location_id)):
            if wanted:
                filters.append(f"{name} = :{name}")
                values[f":{name}"] = to_value(wanted)
        request = {
            "TableName": self.tracker.table.table,
            "IndexName": "GSI1",
            "KeyConditionExpression": key,
            "FilterExpression": " AND ".join(filters),
            "ExpressionAttributeValues": values,
        }
        page = self.tracker.table.collect(request, PAGE, self.tracker.table.decode_cursor(cursor))
        return Batches(
            as_of=day, lines=[self._batch_line(row, day) for row in page.items], next_cursor=page.next_cursor
        )

    def _batch_line(self, row: dict[str, Any], day: str) -> BatchLine:
        expires = row.get("expires_on")
        days_left = (date.fromisoformat(expires) - date.fromisoformat(day)).days if expires else None
        return BatchLine(
            item_id=row["item_id"],
            item_code=self._item_code(row["item_id"]),
            location_id=row["location_id"],
            location_code=self._location_code(row["location_id"]),
            batch_no=row["batch_no"],
            expires_on=expires,
            qty=_qty(row.get("qty") or 0),
            days_left=days_left,
            expired=days_left is not None and days_left < 0,
        )

    def serials(self, item_id: str, location_id: str | None, state: str | None, cursor: str | None) -> Serials:
        item = self._item(item_id)
        values: dict[str, Any] = {":pk": to_value(self.tracker.serial_key(item_id, "-")["PK"]["S"])}
        filters = []
        if state:
            filters.append("#state = :state")
            values[":state"] = to_value(state)
        if location_id:
            filters.append("location_id = :location AND #state = :in")
            values.update({":location": to_value(location_id), ":in": to_value(IN)})
        request: dict[str, Any] = {
            "TableName": self.tracker.table.table,
            "KeyConditionExpression": "PK = :pk",
            "ExpressionAttributeValues": values,
        }
        if filters:
            request["FilterExpression"] = " AND ".join(filters)
            request["ExpressionAttributeNames"] = {"#state": "state"}
        page = self.tracker.table.collect(request, PAGE, self.tracker.table.decode_cursor(cursor))
        lines = [
            SerialLine(
                serial_no=row["serial_no"],
                state=row["state"],
                location_id=row.get("location_id") if row["state"] == IN else None,
                location_code=self._location_code(row["location_id"]) if row["state"] == IN else None,
                expires_on=row.get("expires_on"),
                out_entry=row.get("out_entry") if row["state"] != IN else None,
            )
            for row in page.items
        ]
        return Serials(item_id=item_id, item_code=item.code, lines=lines, next_cursor=page.next_cursor)

    def pick_list(self, item_id: str, location_id: str, qty: Decimal, day: str | None) -> PickList:
        """The batches an issue of ``qty`` on ``day`` would take when it names none (FEFO)."""
        item = self._item(item_id)
        if item.tracking != "batch":
            raise invalid_field(
                "query.item_id", f"{item.code} is not tracked by batch", "stock.tracking", item=item.code
            )
        on = day or date.today().isoformat()
        wanted, lines = qty, []
        for balance in fefo(self.tracker.balances(item_id, location_id), on):
            if not wanted:
                break
            take = min(wanted, balance.qty)
            lines.append(PickLine(batch_no=balance.batch_no, expires_on=balance.expires_on, qty=_qty(take)))
            wanted -= take
        return PickList(
            item_id=item_id, location_id=location_id, date=on, qty=_qty(qty), lines=lines, short=_qty(wanted)
        )

    def _item(self, item_id: str) -> Item:
        item = self.master.item(item_id)
        if item is None:
            raise invalid_field("query.item_id", f"item {item_id} does not exist", "reference.missing", id=item_id)
        return item

    def _item_code(self, item_id: str) -> str:
        if item_id not in self._codes:
            item = self.master.item(item_id)
            self._codes[item_id] = item.code if item else ""
        return self._codes[item_id]

    def _location_code(self, location_id: str) -> str:
        if location_id not in self._codes:
            unit = self.master.org_unit(location_id)
            self._codes[location_id] = unit.code if unit else ""
        return self._codes[location_id]


def _qty(value: Any) -> str:
    amount = Decimal(str(value))
    return f"{amount.normalize():f}" if amount else "0"
