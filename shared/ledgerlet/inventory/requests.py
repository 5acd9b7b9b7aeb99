"""Stock requests and replenishment.

A stock request asks for stock: to be moved into a location (``transfer``), bought into it
(``purchase``: the draft a purchase requisition starts from, once purchasing lands) or issued from it to
a department (``issue``). Stock entries that name the request fulfil it line by line, never beyond what
was asked; it is ``fulfilled`` when every line is, and a cancelled entry gives its quantities back.

Replenishment rules (per item and location: a reorder level, a reorder quantity, and whether to buy or
transfer) are checked by a daily run: where what is available and already requested is below the level,
a request for the reorder quantity is raised, once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from ledgerlet.errors import invalid_field
from ledgerlet.fields import Date, PositiveQuantity, Quantity, ShortText
from ledgerlet.fields import Reference as Id
from ledgerlet.hub.documents import Actor, DocumentStore, ListQuery
from ledgerlet.hub.tally import left, tally_update
from ledgerlet.kinds import DocumentMeta, Input, MasterKind
from ledgerlet.masterdata.contract import MasterData

RequestPurpose = Literal["transfer", "purchase", "issue"]
FULFILLED_BY = {"transfer": "transfer", "purchase": "receipt", "issue": "issue"}  # entry purpose
FULFILLER = Actor("stock-entries")  # who changes a request when an entry fulfils it and no user is named


class RequestLine(Input):
    item_id: Id
    qty: PositiveQuantity
    memo: ShortText | None = None


class StockRequestCreate(Input):
    purpose: RequestPurpose = Field(
        description="`transfer` (stock to move into `location_id`), `purchase` (to buy into it) or `issue` "
        "(from it, to a department)."
    )
    location_id: Id = Field(description="Where the stock is needed (an issue: where it is taken from).")
    needed_by: Date | None = None
    department_id: Id | None = Field(default=None, description="Who it is for (an org unit).")
    memo: ShortText | None = None
    lines: list[RequestLine] = Field(min_length=1, max_length=50)


class RequestLineView(RequestLine):
    model_config = ConfigDict(extra="ignore")

    item_code: str | None = None
    item_name: str | None = None


class RequestMeta(DocumentMeta):
    state: str | None = Field(default=None, description="`open` until every line is fulfilled, then `fulfilled`.")
    fulfilled: dict[str, str] | None = Field(default=None, description="Quantity fulfilled, by line (0-based).")
    lines: list[RequestLineView]

    @field_validator("fulfilled", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return {line: f"{Decimal(str(qty)).normalize():f}" for line, qty in value.items()} if value else value


def prepare_request(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    from ledgerlet.inventory.entries import check_location, check_stock_item

    master = MasterData(store)
    check_location(master, "location_id", fields["location_id"])
    lines = []
    for number, line in enumerate(fields["lines"]):
        item = check_stock_item(master, f"body.lines.{number}.item_id", line["item_id"])
        lines.append({**line, "item_code": item.code, "item_name": item.name})
    return {**fields, "lines": lines, "name": fields.get("memo") or fields["purpose"], "state": "open"}


STOCK_REQUESTS = MasterKind(
    label="stock request",
    applet="stock-requests",
    doc_type="STOCKREQUEST",
    id_prefix="srq",
    create_model=StockRequestCreate,
    series=None,
    filters=("purpose", "location_id", "state"),
    search_fields=("memo",),
    prepare=prepare_request,
    view_base=RequestMeta,
)


def fulfilment(
    store: DocumentStore, entry: dict[str, Any], sign: int = 1, actor: Actor | None = None
) -> dict[str, Any]:
    """The operation recording what a stock entry fulfils of the request it names (``sign`` -1: gives it
    back, when the entry is cancelled). Checks that the entry fits the request and asks no more than is left.
    The request gets its next version, changed by ``actor`` (else by the stock entries applet)."""
    field = "body.request_id"
    request = store.get(STOCK_REQUESTS.doc_type, entry["request_id"])
    if request is None:
        raise invalid_field(
            field, f"stock request {entry['request_id']} does not exist", "reference.missing", id=entry["request_id"]
        )
    where = entry.get("to_location_id") if request["purpose"] == "transfer" else entry["location_id"]
    if FULFILLED_BY[request["purpose"]] != entry["purpose"] or where != request["location_id"]:
        raise invalid_field(
            field,
            "this entry does not fulfil that request",
            "stock.request_fit",
            purpose=FULFILLED_BY[request["purpose"]],
        )
    amounts: dict[int, Decimal] = {}
    for number, line in enumerate(entry["lines"]):
        at = next((n for n, asked in enumerate(request["lines"]) if asked["item_id"] == line["item_id"]), None)
        if at is None:
            raise invalid_field(
                f"body.lines.{number}.item_id",
                "not on the request",
                "stock.request_item",
                item=line.get("item_code", ""),
            )
        amounts[at] = amounts.get(at, Decimal(0)) + sign * Decimal(str(line["qty"]))
        remaining = left(request, "fulfilled", at)
        if sign > 0 and amounts[at] > remaining:
            raise invalid_field(
                f"body.lines.{number}.qty",
                f"only {remaining:f} left on the request",
                "stock.request_qty",
                item=line.get("item_code", ""),
                left=f"{remaining:f}",
            )
    done = all(left(request, "fulfilled", n) - amounts.get(n, Decimal(0)) <= 0 for n in range(len(request["lines"])))
    return tally_update(
        store,
        STOCK_REQUESTS.doc_type,
        request,
        "fulfilled",
        amounts,
        touched_by=(actor or FULFILLER).user_id,
        state="fulfilled" if done else "open",
    )


# --- replenishment -----------------------------------------------------------------------------------


class ReorderRuleCreate(Input):
    item_id: Id
    location_id: Id
    reorder_level: Quantity = Field(description="Raise a request when available and requested fall below it.")
    reorder_qty: PositiveQuantity = Field(description="How much each request asks for.")
    source: Literal["purchase", "transfer"] = Field(default="purchase", description="Buy it, or move it in.")
    from_location_id: Id | None = Field(
        default=None, description="Where a transfer comes from (a transfer needs it; a purchase has none)."
    )

    @model_validator(mode="after")
    def _source(self) -> ReorderRuleCreate:
        if (self.source == "transfer") != (self.from_location_id is not None):
            raise _field_error(
                self,
                "from_location_id",
                PydanticCustomError(
                    "stock.rule_source", "a transfer names the location it comes from; a purchase names none"
                ),
            )
        if self.from_location_id == self.location_id:
            raise _field_error(
                self,
                "from_location_id",
                PydanticCustomError("stock.same_location", "a transfer needs two different locations"),
            )
        return self


def _field_error(model: BaseModel, field: str, error: PydanticCustomError) -> ValidationError:
    """A model's rule across fields, told on the field to change (``body.<field>``, not the whole body)."""
    located = InitErrorDetails(type=error, loc=(field,), input=getattr(model, field))
    return ValidationError.from_exception_data(type(model).__name__, [located])


class RuleMeta(DocumentMeta):
    name: str | None = Field(default=None, description="`<item code> at <location code>`.")
    item_code: str | None = None
    item_name: str | None = None
    location_code: str | None = None


def prepare_rule(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
    from ledgerlet.inventory.entries import check_location, check_stock_item

    master = MasterData(store)
    check_location(master, "location_id", fields["location_id"])
    item = check_stock_item(master, "body.item_id", fields["item_id"])
    unit = master.org_unit(fields["location_id"])
    code = unit.code if unit else ""
    return {
        **fields,
        "name": f"{item.code} at {code}",
        "item_code": item.code,
        "item_name": item.name,
        "location_code": code,
    }


def _source_is_a_location(store: DocumentStore, doc: dict[str, Any], before: dict[str, Any] | None) -> None:
    from ledgerlet.inventory.entries import check_location

    source = doc.get("from_location_id")
    if source and source != (before or {}).get("from_location_id"):
        check_location(MasterData(store), "from_location_id", source)


def _one_rule_per_key(store: DocumentStore, doc: dict[str, Any], before: dict[str, Any] | None) -> None:
    page = store.list_documents(
        REORDER_RULES.doc_type,
        ListQuery(limit=2, equals={"item_id": doc["item_id"], "location_id": doc["location_id"]}),
    )
    if any(rule["id"] != (before or {}).get("id") for rule in page.items):
        raise invalid_field("body.item_id", "this item already has a rule at that location", "stock.rule_exists")


REORDER_RULES = MasterKind(
    label="reorder rule",
    applet="reorder-rules",
    doc_type="REORDERRULE",
    id_prefix="rrl",
    create_model=ReorderRuleCreate,
    filters=("item_id", "location_id", "source"),
    prepare=prepare_rule,
    rules=(_one_rule_per_key, _source_is_a_location),
    immutable=("code", "item_id", "location_id"),
    view_base=RuleMeta,
)


def replenish(tenant_id: str) -> list[str]:
    """Raise a request for each rule whose item, at its location, is below its level counting what is
    available and what open requests still ask for; the ids of the requests raised."""
    from ledgerlet.inventory.stock_ledger import StockLedger

    store, ledger = DocumentStore(tenant_id), StockLedger(tenant_id)
    raised: list[str] = []
    for rule in store.every(REORDER_RULES.doc_type):
        head = ledger.head(rule["item_id"], rule["location_id"]) or {}
        available = Decimal(str(head.get("on_hand") or 0)) - Decimal(str(head.get("reserved") or 0))
        requested = sum(
            (
                left(request, "fulfilled", n)
                for request in store.every(
                    STOCK_REQUESTS.doc_type, {"location_id": rule["location_id"], "state": "open"}
                )
                for n, line in enumerate(request["lines"])
                if line["item_id"] == rule["item_id"]
            ),
            Decimal(0),
        )
        if available + requested >= Decimal(str(rule["reorder_level"])):
            continue
        fields = prepare_request(
            store,
            {
                "purpose": rule["source"],
                "location_id": rule["location_id"],
                "memo": f"Reorder: {rule['item_code']} below {Decimal(str(rule['reorder_level'])):f}",
                "lines": [{"item_id": rule["item_id"], "qty": Decimal(str(rule["reorder_qty"]))}],
            },
        )
        created = store.create(STOCK_REQUESTS.doc_type, STOCK_REQUESTS.id_prefix, fields, Actor("replenishment"))
        raised.append(created["id"])
    return raised
