"""Cycle counting: count sheets list what to count at a location (the items named, or those counted
longest ago), with the quantity the books expect; submitting the counted quantities writes one stock count
entry (at each key's valuation rate) and closes the sheet (its next version, with its history entry), in one
transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ConfigDict, Field

from ledgerlet.errors import Conflict, FieldError, NotFound, invalid_field
from ledgerlet.fields import Date, Quantity
from ledgerlet.fields import Reference as Id
from ledgerlet.hub import keys
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.hub.table import now_iso
from ledgerlet.ids import is_id
from ledgerlet.kinds import DocumentMeta, Input, MasterKind
from ledgerlet.masterdata.contract import MasterData

SIX = Decimal("0.000001")  # a unit cost's places


class CountSheetCreate(Input):
    location_id: Id
    item_ids: list[Id] | None = Field(
        default=None, max_length=100, description="What to count; none: those counted longest ago (`limit`)."
    )
    limit: int = Field(default=20, ge=1, le=100, description="How many items, when `item_ids` is not given.")


class CountLine(Input):
    model_config = ConfigDict(extra="ignore")

    item_id: str
    item_code: str | None = None
    item_name: str | None = None
    expected_qty: str | None = Field(default=None, description="On hand in the books when the sheet was made.")
    counted_qty: str | None = None


class CountSheetMeta(DocumentMeta):
    name: str | None = Field(default=None, description="`Count at <location code> (<location name>)`.")
    location_code: str | None = None
    location_name: str | None = None
    state: str | None = Field(default=None, description="`open`, then `counted`.")
    counted_on: str | None = Field(default=None, description="The date of the count, once counted.")
    entry_id: str | None = Field(
        default=None, description="The stock count entry it wrote (its `reference` is the sheet's id)."
    )
    lines: list[CountLine]


class Counted(Input):
    item_id: Id
    counted_qty: Quantity


class CountSubmit(Input):
    date: Date
    time: str | None = Field(default=None, description="HH:MM:SS; the stock entry's default otherwise.")
    lines: list[Counted] = Field(min_length=1, max_length=100)


def prepare_sheet(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    from ledgerlet.inventory.entries import check_location, check_stock_item
    from ledgerlet.inventory.stock_ledger import StockLedger

    master, ledger = MasterData(store), StockLedger(store.tenant_id)
    location = fields["location_id"]
    check_location(master, "location_id", location)
    unit = master.org_unit(location)
    code, name = (unit.code, unit.name) if unit else ("", "")
    heads = {
        str(head["GSI1SK"]).split("#", 1)[0]: head
        for head in ledger.heads()
        if str(head["GSI1SK"]).endswith(f"#{location}")
    }
    named = fields.get("item_ids")
    if named:
        chosen = list(dict.fromkeys(named))
        for number, item_id in enumerate(chosen):
            check_stock_item(master, f"body.item_ids.{number}", item_id)
    else:  # never counted first, then the longest ago
        chosen = sorted(heads, key=lambda item: (str(heads[item].get("last_counted_on") or ""), item))
        chosen = chosen[: fields.get("limit", 20)]
    lines = []
    for item_id in chosen:
        item = master.item(item_id)
        on_hand = Decimal(str((heads.get(item_id) or {}).get("on_hand") or 0))
        lines.append(
            {
                "item_id": item_id,
                "item_code": item.code if item else "",
                "item_name": item.name if item else "",
                "expected_qty": f"{on_hand.normalize():f}",
            }
        )
    if not lines:
        raise invalid_field("body.location_id", "nothing to count at this location", "stock.nothing_to_count")
    # how the items were chosen, as asked: the items named, or how many of those counted longest ago
    chosen_by = {"item_ids": named} if named else {"limit": fields.get("limit", 20)}
    return {
        "location_id": location,
        "location_code": code,
        "location_name": name,
        **chosen_by,
        "lines": lines,
        "name": f"Count at {code} ({name})",
        "state": "open",
    }


COUNT_SHEETS = MasterKind(
    label="count sheet",
    applet="count-sheets",
    doc_type="COUNTSHEET",
    id_prefix="cnt",
    create_model=CountSheetCreate,
    filters=("location_id", "state"),
    prepare=prepare_sheet,
    view_base=CountSheetMeta,
)


def submit_sheet(store: DocumentStore, actor: Actor, sheet_id: str, body: CountSubmit) -> dict[str, Any]:
    """Write the count entry for the sheet's items (each at its key's valuation rate) and close the sheet."""
    from ledgerlet.hub.codec import to_value
    from ledgerlet.inventory.entries import STOCK_ENTRIES, StockEntryCreate, create_entry, prepare_entry
    from ledgerlet.inventory.stock_ledger import StockLedger

    if not is_id(sheet_id, COUNT_SHEETS.id_prefix):
        raise NotFound(f"count sheet {sheet_id} does not exist")
    sheet = store.require(COUNT_SHEETS.doc_type, sheet_id, "count sheet")
    if sheet.get("state") != "open":
        raise Conflict(f"count sheet {sheet_id} is already counted", [FieldError("id", "counted", "count.closed")])
    counted = {line.item_id: line.counted_qty for line in body.lines}
    for number, line in enumerate(body.lines):
        if line.item_id not in {expected["item_id"] for expected in sheet["lines"]}:
            raise invalid_field(f"body.lines.{number}.item_id", "not on the sheet", "count.not_on_sheet")
    missing = [line["item_code"] for line in sheet["lines"] if line["item_id"] not in counted]
    if missing:
        message = f"not counted: {', '.join(missing)}"
        raise invalid_field("body.lines", message, "count.missing", items=", ".join(missing))
    ledger, master = StockLedger(store.tenant_id), MasterData(store)
    lines = []
    for line in sheet["lines"]:
        last = ledger.last_row(line["item_id"], sheet["location_id"])
        rate = (last or {}).get("after", {}).get("rate")
        item = master.item(line["item_id"])
        fallback = item.fallback_rate if item else None
        unit_cost = Decimal(str(rate)) if rate is not None else (fallback or Decimal(0))
        lines.append({"item_id": line["item_id"], "qty": counted[line["item_id"]], "rate": unit_cost.quantize(SIX)})
    entry = StockEntryCreate.model_validate(
        {
            "purpose": "count",
            "date": body.date,
            "location_id": sheet["location_id"],
            "reference": sheet_id,  # no memo: the console says what a count entry is, in the reader's language
            "lines": lines,
            **({"time": body.time} if body.time else {}),
        }
    )
    fields = prepare_entry(store, entry.model_dump(mode="python", exclude_none=True))
    closed = {
        **sheet,
        "state": "counted",
        "counted_on": body.date,
        "lines": [{**line, "counted_qty": f"{counted[line['item_id']].normalize():f}"} for line in sheet["lines"]],
        "version": sheet["version"] + 1,
        "updated_at": now_iso(),
        "updated_by": actor.user_id,
    }
    changed = ("state", "counted_on", "lines", "version", "updated_at", "updated_by")
    closing = {
        "Update": {
            "TableName": store.table,
            "Key": {
                "PK": {"S": keys.document_pk(store.tenant_id, COUNT_SHEETS.doc_type, sheet_id)},
                "SK": {"S": keys.DOC_SK},
            },
            "UpdateExpression": "SET " + ", ".join(f"#{name} = :{name}" for name in changed),
            # still open, and still the version read: the history entry below is that version's next
            "ConditionExpression": "#state = :open AND #version = :seen",
            "ExpressionAttributeNames": {f"#{name}": name for name in changed},
            "ExpressionAttributeValues": {
                **{f":{name}": to_value(closed[name]) for name in changed},
                ":open": to_value("open"),
                ":seen": to_value(sheet["version"]),
            },
        }
    }
    history = store._put_audit(
        COUNT_SHEETS.doc_type, sheet_id, action="submit", before=sheet, after=closed, actor=actor
    )
    try:
        created = create_entry(store, STOCK_ENTRIES, fields, actor, extra=(closing, history))
    except Conflict:
        if (store.get(COUNT_SHEETS.doc_type, sheet_id) or {}).get("state") != "open":  # counted meanwhile
            raise Conflict(
                f"count sheet {sheet_id} is already counted", [FieldError("id", "counted", "count.closed")]
            ) from None
        raise
    # The entry names the sheet (its reference); the sheet names the entry once it exists (the system's
    # link, like a posting state: no version of its own)
    store.set_state(COUNT_SHEETS.doc_type, sheet_id, "state", "counted", entry_id=created["id"])
    return store.require(COUNT_SHEETS.doc_type, sheet_id, "count sheet")
