"""Shifts: a register's drawer from its opening float to its count, the cash put in and taken out meanwhile,
the over or short posted at the close, and the Z report.

A shift's id is made by the register (``shf_`` and a ULID), so an open retried offline finds what it wrote; a
register has one open shift at a time (an item beside the register, put on the condition that there is none).

**What belongs to a shift** is kept in its own partition, each written in the transaction of the sale or cash
movement it sums: a summary per sale (``SALE#<number>#<id>``) and per movement (``CASH#<id>``), and a tally
(``TALLY``: the shift's state and how many entries it has). A sale adds to the tally on the condition that the
shift's state is what the sale read: open, or closed for a sale synced after the close (``late``). The close
sets the tally closed on the condition that it still counts what the close read, so a sale and a close racing
never leave a sale out of the expected cash while posting it to the drawer: one of them reads again.

**Late sales.** An offline register syncs after its shift was closed: its sale is taken and reported on the
shift's Z report as late. The drawer was counted with that cash in it, so the over or short posted at the close
already holds it: a late sale's (or movement's) cash posts to the over/short account instead of the drawer,
undoing that part of the over or short. The Z report shows the expected cash and over or short with the late
sales counted, beside what was posted at the close.

==============================  ==========================  =============================================
item                            PK                          SK
==============================  ==========================  =============================================
the shift                       ``T#POSSHIFT#shf_..``       ``DOC``
its tally (state, entries)      ``T#POSSHIFT#shf_..``       ``TALLY``
a sale's summary                ``T#POSSHIFT#shf_..``       ``SALE#000000042#pss_..``
a cash movement's summary       ``T#POSSHIFT#shf_..``       ``CASH#pcm_..``
==============================  ==========================  =============================================
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from ledgerlet.errors import Conflict, FieldError, NotFound, invalid_field
from ledgerlet.fields import Money, Name, PositiveMoney, Timestamp
from ledgerlet.fields import Reference as Id
from ledgerlet.formats import formatted
from ledgerlet.hub import keys
from ledgerlet.hub.codec import to_item
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.hub.table import CONTENDED
from ledgerlet.ids import is_id
from ledgerlet.kinds import DocumentMeta, Input, MasterKind
from ledgerlet.pos import registers
from ledgerlet.pos.rules import ZERO, expected_cash, money, over_short

SHIFT, CASH = "POSSHIFT", "POSCASH"
OPEN, CLOSED = "open", "closed"
TALLY_SK, SALE_PREFIX, CASH_PREFIX = "TALLY", "SALE#", "CASH#"
ATTEMPTS = 30
ULID = "[0-9A-HJKMNP-TV-Z]{26}"

ShiftId = Annotated[str, formatted(rf"^shf_{ULID}$", "id", "shf_01JF8ZQ4V6T2M9R5K7P1W0YB3C")]
CashId = Annotated[str, formatted(rf"^pcm_{ULID}$", "id", "pcm_01JF8ZQ4V6T2M9R5K7P1W0YB3C")]


class PosShiftCreate(Input):
    id: ShiftId = Field(description="Made by the register (`shf_` and a ULID): an open retried finds itself.")
    register_id: Id
    opening_float: Money = Field(description="The cash in the drawer when it opens.")
    opened_at: Timestamp


class PosShiftMeta(DocumentMeta):
    state: str = Field(description="`open` or `closed`.")
    register_code: str | None = None
    date: str | None = Field(default=None, description="The day it closed, in the company's time zone.")
    closed_at: str | None = None
    counted_cash: str | None = None
    expected_cash: str | None = Field(default=None, description="What the drawer should have held at the close.")
    over_short: str | None = Field(default=None, description="Counted less expected at the close: over (+), short (-).")
    cash_book_id: str | None = None
    over_short_account_id: str | None = None
    posting_state: str | None = None
    entry_ids: list[str] | None = None


SHIFTS = MasterKind(
    label="shift",
    applet=registers.APPLET,
    doc_type=SHIFT,
    id_prefix="shf",
    create_model=PosShiftCreate,
    filters=("state",),
    view_base=PosShiftMeta,
    collection="pos/shifts",
    permissions={"create": "sell"},
)


class PosCashMovementCreate(Input):
    id: CashId = Field(description="Made by the register (`pcm_` and a ULID): a retry finds what it wrote.")
    kind: Literal["in", "out"]
    amount: PositiveMoney
    reason: Name
    at: Timestamp
    account_id: Id | None = Field(
        default=None,
        description="The other side: none takes the register's cash transfer account (a float from the safe, a "
        "pickup to it); an expense paid out of the drawer names its own.",
    )


class PosCashMeta(DocumentMeta):
    shift_id: str
    register_id: str
    date: str
    late: bool = Field(default=False, description="Synced after its shift was closed.")
    cash_book_id: str | None = None
    over_short_account_id: str | None = None
    posting_state: str | None = None
    entry_ids: list[str] | None = None


CASH_MOVEMENTS = MasterKind(
    label="cash movement",
    applet=registers.APPLET,
    doc_type=CASH,
    id_prefix="pcm",
    create_model=PosCashMovementCreate,
    view_base=PosCashMeta,
    collection="pos/cash-movements",
)


class PosShiftClose(Input):
    counted_cash: Money = Field(description="The cash counted in the drawer.")
    closed_at: Timestamp


# --- reads ------------------------------------------------------------------------------------------------------


def _pk(store: DocumentStore, shift_id: str) -> str:
    return keys.document_pk(store.tenant_id, SHIFT, shift_id)


def shift_of(store: DocumentStore, shift_id: str) -> dict[str, Any]:
    if not is_id(shift_id, SHIFTS.id_prefix):
        raise NotFound(f"shift {shift_id} does not exist")
    return store.require(SHIFT, shift_id, "shift")


def tally(store: DocumentStore, shift_id: str) -> tuple[str, int]:
    """The shift's state and how many sales and movements it has, read consistently."""
    found = store.db.get_item(
        TableName=store.table,
        Key={"PK": {"S": _pk(store, shift_id)}, "SK": {"S": TALLY_SK}},
        ConsistentRead=True,
    ).get("Item")
    if not found:
        raise NotFound(f"shift {shift_id} does not exist")
    return found["state"]["S"], int(found.get("entries", {"N": "0"})["N"])


def _children(store: DocumentStore, shift_id: str, prefix: str) -> list[dict[str, Any]]:
    """A shift's sale or movement summaries, read consistently, page after page."""
    request: dict[str, Any] = {
        "TableName": store.table,
        "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": _pk(store, shift_id)}, ":prefix": {"S": prefix}},
        "ConsistentRead": True,
    }
    found: list[dict[str, Any]] = []
    start: dict[str, Any] | None = None
    while True:
        page = store.collect(dict(request), 1000, start)
        found += page.items
        if not page.next_cursor:
            return found
        start = store.decode_cursor(page.next_cursor)


def local_day(store: DocumentStore, moment: str) -> str:
    """The company's date (its time zone) of a moment a register recorded."""
    from ledgerlet.ledger.contract import company_today

    return company_today(store.tenant_id, datetime.fromisoformat(moment.replace("Z", "+00:00"))).isoformat()


# --- writes -----------------------------------------------------------------------------------------------------


def entry_operations(
    store: DocumentStore, shift_id: str, state: str, child_sk: str, child: dict[str, Any]
) -> list[dict[str, Any]]:
    """What a sale or movement writes to its shift, in its own transaction: the tally counts one more entry on
    the condition that the shift is still in the ``state`` read, and its summary is new."""
    pk = _pk(store, shift_id)
    return [
        {
            "Update": {
                "TableName": store.table,
                "Key": {"PK": {"S": pk}, "SK": {"S": TALLY_SK}},
                "UpdateExpression": "ADD #entries :one",
                "ConditionExpression": "#state = :state",
                "ExpressionAttributeNames": {"#entries": "entries", "#state": "state"},
                "ExpressionAttributeValues": {":one": {"N": "1"}, ":state": {"S": state}},
            }
        },
        {
            "Put": {
                "TableName": store.table,
                "Item": to_item({"PK": pk, "SK": child_sk, "entity": "POSSHIFTENTRY", **child}),
                "ConditionExpression": "attribute_not_exists(PK)",
            }
        },
    ]


def open_shift(store: DocumentStore, actor: Actor, body: PosShiftCreate) -> tuple[dict[str, Any], bool]:
    """Open a shift (True), or find the one this id opened before (False). 409 when the register has another
    shift open."""
    found = store.get(SHIFT, body.id)
    if found is not None:
        return _same_shift(found, body), False
    register = store.get(registers.DOC_TYPE, body.register_id) if is_id(body.register_id, "reg") else None
    if register is None or register["status"] != "active":
        raise invalid_field(
            "body.register_id", f"register {body.register_id} does not exist", "reference.missing", id=body.register_id
        )
    fields = {
        "register_id": register["id"],
        "register_code": register["code"],
        "opening_float": str(money(body.opening_float)),
        "opened_at": body.opened_at,
        "opened_by": actor.user_id,
        "state": OPEN,
    }
    document, operations = store.create_operations(SHIFT, body.id, fields, actor)
    tally_item = {"PK": _pk(store, body.id), "SK": TALLY_SK, "entity": "POSSHIFTTALLY", "state": OPEN, "entries": 0}
    operations += [
        {
            "Put": {
                "TableName": store.table,
                "Item": to_item(tally_item),
                "ConditionExpression": "attribute_not_exists(PK)",
            }
        },
        registers.hold_open_shift(store, register["id"], body.id),
    ]
    failed = store.transact(operations)
    if not failed:
        return document, True
    if 0 in failed or 2 in failed:  # opened by a retry of this request meanwhile
        return _same_shift(store.require(SHIFT, body.id, "shift"), body), False
    if 3 in failed:
        other = registers.open_shift_id(store, register["id"])
        raise Conflict(
            f"register {register['code']} has shift {other} open: close it first",
            [FieldError("body.register_id", f"shift {other} is open", "pos.shift_open", {"shift": other or ""})],
        )
    raise Conflict("the shift could not be opened: concurrent change, retry")


def _same_shift(found: dict[str, Any], body: PosShiftCreate) -> dict[str, Any]:
    if found["register_id"] != body.register_id:
        raise Conflict(
            f"shift {body.id} is another register's",
            [FieldError("body.id", "another register's shift", "pos.id_reused", {"id": body.id})],
        )
    return found


def record_cash(
    store: DocumentStore, actor: Actor, shift_id: str, body: PosCashMovementCreate
) -> tuple[dict[str, Any], bool]:
    """Cash put in or taken out of the drawer (True), or the movement this id recorded before (False). A shift
    closed meanwhile takes it as late."""
    found = store.get(CASH, body.id)
    if found is not None:
        return _same_movement(found, shift_id, body), False
    shift = shift_of(store, shift_id)
    register = store.require(registers.DOC_TYPE, shift["register_id"], "register")
    account_id = body.account_id or register.get("cash_transfer_account_id") or _cash_in_hand(store)
    if body.account_id:
        registers.check_account(store, "account_id", body.account_id)
    child = {"id": body.id, "kind": body.kind, "amount": str(money(body.amount)), "reason": body.reason, "at": body.at}
    day = local_day(store, body.at)
    for _ in range(ATTEMPTS):
        state, _entries = tally(store, shift_id)
        late = state == CLOSED
        fields = {
            "shift_id": shift_id,
            "register_id": register["id"],
            "kind": body.kind,
            "amount": str(money(body.amount)),
            "reason": body.reason,
            "at": body.at,
            "date": day,
            "account_id": account_id,
            "cash_book_id": register["cash_book_id"],
            "over_short_account_id": register["over_short_account_id"],
            "late": late,
            "memo": f"Cash {body.kind} at register {register['code']}: {body.reason}"[:200],
            "posting_state": "pending",
        }
        document, operations = store.create_operations(CASH, body.id, fields, actor)
        operations += entry_operations(store, shift_id, state, f"{CASH_PREFIX}{body.id}", {**child, "late": late})
        failed = store.transact(operations)
        if not failed:
            return document, True
        if 0 in failed or 3 in failed:  # written by a retry of this request meanwhile
            return _same_movement(store.require(CASH, body.id, "cash movement"), shift_id, body), False
        if failed - {2, CONTENDED}:
            break
    raise Conflict("the shift kept changing while the movement was recorded, retry")


def _same_movement(found: dict[str, Any], shift_id: str, body: PosCashMovementCreate) -> dict[str, Any]:
    if found["shift_id"] != shift_id or found["kind"] != body.kind or Decimal(str(found["amount"])) != body.amount:
        raise Conflict(
            f"cash movement {body.id} was recorded with other details",
            [FieldError("body.id", "recorded with other details", "pos.id_reused", {"id": body.id})],
        )
    return found


def _cash_in_hand(store: DocumentStore) -> str:
    from ledgerlet.masterdata.contract import MasterData

    account = MasterData(store).account_by_code("1010")
    if account is None:
        raise invalid_field("body.account_id", "name the account the cash comes from or goes to", "required")
    return account.id


def close_shift(store: DocumentStore, actor: Actor, shift_id: str, body: PosShiftClose) -> tuple[dict[str, Any], bool]:
    """Close the shift with the cash counted (True): what the drawer should hold worked out from every sale and
    movement it has, the over or short posted; or the shift as closed before with the same count (False)."""
    for _ in range(ATTEMPTS):
        shift = shift_of(store, shift_id)
        if shift["state"] == CLOSED:
            if Decimal(str(shift["counted_cash"])) != body.counted_cash:
                raise Conflict(
                    f"shift {shift_id} was closed with {shift['counted_cash']} counted",
                    [FieldError("id", "already closed", "pos.shift_closed", {"counted": str(shift["counted_cash"])})],
                )
            return shift, False
        state, entries = tally(store, shift_id)
        sales, movements = _children(store, shift_id, SALE_PREFIX), _children(store, shift_id, CASH_PREFIX)
        if state != OPEN or len(sales) + len(movements) != entries:
            continue  # a write in flight: read again
        register = store.require(registers.DOC_TYPE, shift["register_id"], "register")
        expected = drawer(Decimal(str(shift["opening_float"])), sales, movements)
        difference = over_short(body.counted_cash, expected)
        changes = {
            "state": CLOSED,
            "closed_at": body.closed_at,
            "closed_by": actor.user_id,
            "date": local_day(store, body.closed_at),
            "counted_cash": str(money(body.counted_cash)),
            "expected_cash": str(expected),
            "over_short": str(difference),
            "cash_book_id": register["cash_book_id"],
            "over_short_account_id": register["over_short_account_id"],
            "memo": f"Shift closed at register {register['code']}",
            **({"posting_state": "pending"} if difference else {}),
        }
        try:
            _, after, operations = store.update_operations(
                SHIFT, shift_id, changes, actor, expected_version=shift["version"], label="shift", action="close"
            )
        except Conflict:  # closed meanwhile: read again
            continue
        operations += [
            {
                "Update": {
                    "TableName": store.table,
                    "Key": {"PK": {"S": _pk(store, shift_id)}, "SK": {"S": TALLY_SK}},
                    "UpdateExpression": "SET #state = :closed",
                    "ConditionExpression": "#state = :open AND #entries = :seen",
                    "ExpressionAttributeNames": {"#state": "state", "#entries": "entries"},
                    "ExpressionAttributeValues": {
                        ":closed": {"S": CLOSED},
                        ":open": {"S": OPEN},
                        ":seen": {"N": str(entries)},
                    },
                }
            },
            registers.let_go_open_shift(store, shift["register_id"], shift_id),
        ]
        failed = store.transact(operations)
        if not failed:
            return after, True
    raise Conflict("the shift kept changing while it was closed, retry")


def drawer(opening_float: Decimal, sales: list[dict[str, Any]], movements: list[dict[str, Any]]) -> Decimal:
    """What the drawer should hold after these sales (and returns) and movements."""
    return expected_cash(
        opening_float,
        (Decimal(str(s["cash"])) for s in sales if s["kind"] == "sale"),
        (Decimal(str(s["cash"])) for s in sales if s["kind"] == "return"),
        (Decimal(str(m["amount"])) for m in movements if m["kind"] == "in"),
        (Decimal(str(m["amount"])) for m in movements if m["kind"] == "out"),
    )


# --- the Z report -----------------------------------------------------------------------------------------------


class PosTaxTotal(BaseModel):
    tax_code: str
    tax_type: str
    rate: str
    taxable: str = Field(description="Sales less returns, SST excluded.")
    tax: str


class PosTenderTotals(BaseModel):
    cash: str = Field(description="Kept from sales (rounded, net of change) less refunded.")
    card: str
    ewallet: str


class PosCashFigures(BaseModel):
    opening_float: str
    cash_sales: str
    cash_refunds: str
    cash_in: str
    cash_out: str
    expected: str = Field(description="Opening float + cash sales - cash refunds + cash in - cash out (late included).")
    counted: str | None = None
    over_short: str | None = Field(default=None, description="Counted less expected, late sales included.")
    expected_at_close: str | None = None
    over_short_at_close: str | None = Field(default=None, description="As posted at the close.")


class PosLateSale(BaseModel):
    id: str
    number: str
    kind: str
    total: str
    cash: str


class PosZReport(BaseModel):
    shift_id: str
    register_id: str
    register_code: str
    state: str
    opened_at: str
    closed_at: str | None = None
    sales_count: int
    returns_count: int
    first_number: str | None = Field(default=None, description="The lowest receipt number of the shift.")
    last_number: str | None = None
    gross: str = Field(description="Sales at their prices before discounts (SST included).")
    discounts: str
    sales_total: str = Field(description="What sales came to, rounding included.")
    returns: str = Field(description="What returns refunded, rounding included.")
    net_total: str
    taxes: list[PosTaxTotal]
    tenders: PosTenderTotals
    change_given: str
    rounding: str = Field(description="Cash rounding: sales' less returns'.")
    cash: PosCashFigures
    late_sales: list[PosLateSale]


def z_report(store: DocumentStore, shift_id: str) -> PosZReport:
    shift = shift_of(store, shift_id)
    sales, movements = _children(store, shift_id, SALE_PREFIX), _children(store, shift_id, CASH_PREFIX)
    return z_figures(shift, sales, movements)


def _sum(rows: list[dict[str, Any]], field: str) -> Decimal:
    return money(sum((Decimal(str(row.get(field) or 0)) for row in rows), ZERO))


def z_figures(shift: dict[str, Any], sales: list[dict[str, Any]], movements: list[dict[str, Any]]) -> PosZReport:
    """The Z report of a shift from its summaries: every figure of its sales less its returns."""
    sold = [s for s in sales if s["kind"] == "sale"]
    back = [s for s in sales if s["kind"] == "return"]
    taxes: dict[tuple[str, str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for sale in sales:
        sign = 1 if sale["kind"] == "sale" else -1
        for tax in sale.get("taxes") or []:
            key = (str(tax.get("tax_code") or ""), str(tax.get("tax_type") or ""), str(tax.get("rate") or "0"))
            taxes[key][0] += sign * Decimal(str(tax["taxable"]))
            taxes[key][1] += sign * Decimal(str(tax["tax"]))
    ordered = sorted(sales, key=lambda s: int(s["number"]))
    opening = Decimal(str(shift["opening_float"]))
    expected = drawer(opening, sales, movements)
    counted = shift.get("counted_cash")
    cash = PosCashFigures(
        opening_float=str(money(opening)),
        cash_sales=str(_sum(sold, "cash")),
        cash_refunds=str(_sum(back, "cash")),
        cash_in=str(_sum([m for m in movements if m["kind"] == "in"], "amount")),
        cash_out=str(_sum([m for m in movements if m["kind"] == "out"], "amount")),
        expected=str(expected),
        counted=str(money(Decimal(str(counted)))) if counted is not None else None,
        over_short=str(over_short(Decimal(str(counted)), expected)) if counted is not None else None,
        expected_at_close=str(shift["expected_cash"]) if shift.get("expected_cash") is not None else None,
        over_short_at_close=str(shift["over_short"]) if shift.get("over_short") is not None else None,
    )
    return PosZReport(
        shift_id=shift["id"],
        register_id=shift["register_id"],
        register_code=shift.get("register_code") or "",
        state=shift["state"],
        opened_at=shift["opened_at"],
        closed_at=shift.get("closed_at"),
        sales_count=len(sold),
        returns_count=len(back),
        first_number=ordered[0]["code"] if ordered else None,
        last_number=ordered[-1]["code"] if ordered else None,
        gross=str(_sum(sold, "gross")),
        discounts=str(_sum(sold, "discount")),
        sales_total=str(_sum(sold, "total")),
        returns=str(_sum(back, "total")),
        net_total=str(_sum(sold, "total") - _sum(back, "total")),
        taxes=[
            PosTaxTotal(tax_code=code, tax_type=tax_type, rate=rate, taxable=str(money(v[0])), tax=str(money(v[1])))
            for (code, tax_type, rate), v in sorted(taxes.items())
        ],
        tenders=PosTenderTotals(
            cash=str(_sum(sold, "cash") - _sum(back, "cash")),
            card=str(_sum(sold, "card") - _sum(back, "card")),
            ewallet=str(_sum(sold, "ewallet") - _sum(back, "ewallet")),
        ),
        change_given=str(_sum(sold, "change")),
        rounding=str(_sum(sold, "rounding") - _sum(back, "rounding")),
        cash=cash,
        late_sales=[
            PosLateSale(id=s["id"], number=s["code"], kind=s["kind"], total=str(s["total"]), cash=str(s["cash"]))
            for s in ordered
            if s.get("late")
        ],
    )
