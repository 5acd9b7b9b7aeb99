"""Sales at a register, made offline and synced later, in any order, from several registers.

``POST /v1/pos/sales`` takes a batch of up to 100 sales, each with the id its register made (``pss_`` and a
ULID), and answers each: ``recorded``; ``duplicate`` (that id was recorded before: the first answer again, nothing
written); or ``refused`` with the field at fault (its receipt number outside its register's leased blocks or
another sale's: 409 for that sale; the others still go in).

**Never lose a sale.** What the register took is what happened: a price that differs from the register's price
book (or the item's shelf price) now, or stock the location does not have (an item that refuses negative
stock), does not refuse the sale: it is recorded as it was made, ``state: conflict``, each conflict naming its
field, for a person to resolve (``POST /v1/pos/sales/{id}/resolve``: accept the price as sold, move the stock
once it is there). Only what cannot be a sale is refused: an unknown register, shift or item, tenders that do
not pay the total, a number not leased or taken, a return of more than the receipt sold.

**One transaction per sale**: the sale (its receipt number as its unique code), its audit entry, the number
counted used on its block, its shift's tally and summary, the original's returned quantities (a return), and
its stock movement (the inventory's stock entry: an issue from the register's location, or a customer return
of the original's issue). A sync killed partway and run again writes each sale once.

**Figures.** Lines carry the price the register charged, SST included; SST comes from each item's sales tax code
(``tax = amount x rate / (100 + rate)``, rounded per line). The cash part of the total is rounded to 5 sen and
the difference kept as ``rounding``; change is what was handed back (:mod:`ledgerlet.pos.rules`). The ledger
posts each sale (``POSSALE``): the drawer (cash kept), card and e-wallet clearing debited; revenue per item's
income account, SST payable per tax code and rounding credited; a return the other way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ledgerlet.errors import Conflict, FieldError, NotFound, Problem, invalid_field, invalid_fields
from ledgerlet.fields import Money, PositiveQuantity, Timestamp
from ledgerlet.fields import Reference as Id
from ledgerlet.formats import formatted
from ledgerlet.hub.documents import Actor, DocumentStore, ExtraRefused
from ledgerlet.hub.table import CONTENDED, now_iso
from ledgerlet.ids import is_id
from ledgerlet.kinds import DocumentMeta, Input, MasterKind
from ledgerlet.pos import registers, shifts
from ledgerlet.pos.rules import (
    Settlement,
    Tender,
    TenderError,
    money,
    over_returned,
    quantities,
    receipt_number,
    settle,
)

SALE = "POSSALE"
RECORDED, CONFLICT = "recorded", "conflict"
PRICE_CODES = frozenset({"pos.price_changed", "pos.no_price", "pos.return_price"})
ATTEMPTS = 20
MAX_LINES = 40  # a sale, its stock movement and its bookkeeping stay within one DynamoDB transaction
SaleId = Annotated[str, formatted(rf"^pss_{shifts.ULID}$", "id", "pss_01JF8ZQ4V6T2M9R5K7P1W0YB3C")]


class PosSaleLineInput(Input):
    item_id: Id
    qty: PositiveQuantity
    unit_price: Money = Field(description="The price the register charged, SST included (offline: maybe stale).")
    discount_amount: Money | None = Field(default=None, description="Off the line, SST included.")


class PosTenderInput(Input):
    kind: Literal["cash", "card", "ewallet"]
    amount: Money = Field(description="Cash handed over (change comes back), or what the card or e-wallet paid.")


class PosSaleCreate(Input):
    id: SaleId = Field(description="Made by the register (`pss_` and a ULID): a sale synced again is found by it.")
    register_id: Id
    shift_id: shifts.ShiftId
    number: int = Field(ge=1, le=registers.LAST_NUMBER, description="From a block the register leased.")
    sold_at: Timestamp
    lines: list[PosSaleLineInput] = Field(min_length=1, max_length=MAX_LINES)
    tenders: list[PosTenderInput] = Field(default_factory=list, max_length=10)
    return_of: SaleId | None = Field(default=None, description="A return: the sale whose receipt it takes back.")


class PosSalesBatch(Input):
    sales: list[PosSaleCreate] = Field(min_length=1, max_length=100)


class PosSaleLineView(BaseModel):
    model_config = ConfigDict(extra="ignore")

    item_id: str
    item_code: str | None = None
    item_name: str | None = None
    qty: str
    unit_price: str
    discount_amount: str | None = None
    list_price: str | None = Field(default=None, description="The price now (the register's book or the item's).")
    price_source: str | None = None
    tax_code: str | None = None
    tax_type: str | None = None
    tax_rate: str | None = None
    gross: str
    discount: str
    net: str = Field(description="SST excluded.")
    tax: str
    total: str


class PosTenderView(BaseModel):
    kind: str
    amount: str


class PosSaleConflict(BaseModel):
    field: str = Field(description="In the sale: `lines.0.unit_price`, `lines.1.qty`, `return_of`.")
    code: str
    message: str
    params: dict[str, Any] = Field(default_factory=dict)


class PosSaleTax(BaseModel):
    tax_code_id: str
    tax_code: str
    tax_type: str
    rate: str
    taxable: str
    tax: str


class PosSaleMeta(DocumentMeta):
    kind: str = Field(description="`sale`, or `return` against a receipt.")
    state: str = Field(description="`recorded`, or `conflict` waiting for a person.")
    lines: list[PosSaleLineView]
    tenders: list[PosTenderView]
    register_code: str | None = None
    date: str | None = Field(default=None, description="The day it was sold, in the company's time zone.")
    customer_id: str | None = None
    customer_name: str | None = None
    currency: str = "MYR"
    gross: str | None = None
    discount: str | None = None
    net: str | None = None
    tax: str | None = None
    total_before_rounding: str | None = None
    rounding: str | None = Field(default=None, description="The cash part rounded to 5 sen: what it added.")
    total: str | None = None
    cash: str | None = Field(default=None, description="Cash kept (refunded): rounded, change given back.")
    card: str | None = None
    ewallet: str | None = None
    cash_tendered: str | None = None
    change: str | None = None
    taxes: list[PosSaleTax] | None = None
    conflicts: list[PosSaleConflict] | None = None
    stock_state: str | None = Field(default=None, description="`moved`, `waiting` (a conflict) or `none`.")
    stock_entry_id: str | None = None
    late: bool | None = Field(default=None, description="Synced after its shift was closed.")
    return_of_code: str | None = None
    posting_state: str | None = None
    entry_ids: list[str] | None = None
    resolved_at: str | None = None
    resolved_by: str | None = None


SALES = MasterKind(
    label="POS sale",
    applet=registers.APPLET,
    doc_type=SALE,
    id_prefix="pss",
    create_model=PosSaleCreate,
    filters=("state", "kind", "posting_state"),
    view_base=PosSaleMeta,
    collection="pos/sales",
    permissions={"create": "sell"},
)


PosSalePage = create_model(
    "PosSaleConflictPage",
    items=(list[SALES.view_model], ...),  # type: ignore[name-defined]
    next_cursor=(str | None, None),
)


class PosSaleOutcome(BaseModel):
    id: str
    number: int
    result: Literal["recorded", "duplicate", "refused"]
    status: int = Field(description="As if the sale were sent alone: 201 recorded, 200 duplicate, 4xx refused.")
    code: str | None = Field(default=None, description="The receipt number.")
    state: str | None = None
    total: str | None = None
    rounding: str | None = None
    change: str | None = None
    late: bool | None = None
    conflicts: list[PosSaleConflict] = Field(default_factory=list)
    errors: list[PosSaleConflict] = Field(default_factory=list, description="Why it was refused, naming the field.")


class PosSalesSynced(BaseModel):
    results: list[PosSaleOutcome]
    recorded: int
    duplicates: int
    refused: int


Resolvable = Literal["price", "stock"]
RESOLVABLE: tuple[Resolvable, ...] = ("price", "stock")


class PosResolveRequest(Input):
    version: int | None = Field(default=None, ge=1, le=10**9, description="Optional concurrency check.")
    what: list[Resolvable] = Field(
        default_factory=lambda: list(RESOLVABLE),
        min_length=1,
        description="`price`: accept the prices as sold; `stock`: move the stock now that it is there (409 "
        "naming the line when it still is not), or check a return whose receipt was not synced yet.",
    )


# --- the sync ---------------------------------------------------------------------------------------------------


@dataclass
class _Context:
    """What a batch reads once: registers, items, tax codes, price books."""

    store: DocumentStore
    actor: Actor
    registers: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)
    tax_codes: dict[str, Any] = field(default_factory=dict)
    books: dict[str, Any] | None = None

    @property
    def master(self) -> Any:
        from ledgerlet.masterdata.contract import MasterData

        return MasterData(self.store)

    def register(self, register_id: str) -> dict[str, Any] | None:
        if register_id not in self.registers:
            found = self.store.get(registers.DOC_TYPE, register_id) if is_id(register_id, "reg") else None
            self.registers[register_id] = found
        return self.registers[register_id]

    def item(self, item_id: str) -> Any:
        if item_id not in self.items:
            self.items[item_id] = self.master.item(item_id)
        return self.items[item_id]

    def tax_code(self, tax_code_id: str | None) -> Any:
        if not tax_code_id:
            return None
        if tax_code_id not in self.tax_codes:
            self.tax_codes[tax_code_id] = self.master.tax_code(tax_code_id)
        return self.tax_codes[tax_code_id]

    def book(self, book_id: str | None) -> Any:
        if not book_id:
            return None
        if self.books is None:
            self.books = {book.id: book for book in self.master.price_books()}
        return self.books.get(book_id)


def sync_sales(store: DocumentStore, actor: Actor, batch: PosSalesBatch) -> PosSalesSynced:
    """Record each sale of the batch, one transaction each; each answered on its own."""
    context = _Context(store, actor)
    results = [_one(context, position, sale) for position, sale in enumerate(batch.sales)]
    return PosSalesSynced(
        results=results,
        recorded=sum(1 for r in results if r.result == "recorded"),
        duplicates=sum(1 for r in results if r.result == "duplicate"),
        refused=sum(1 for r in results if r.result == "refused"),
    )


def _one(context: _Context, position: int, sale: PosSaleCreate) -> PosSaleOutcome:
    try:
        return _record(context, f"body.sales.{position}", sale)
    except Problem as refused:
        errors = [
            PosSaleConflict(field=e.field, code=e.code, message=e.message, params=e.params) for e in refused.errors
        ]
        if not errors:
            errors = [PosSaleConflict(field=f"body.sales.{position}", code="rule", message=refused.detail)]
        return PosSaleOutcome(id=sale.id, number=sale.number, result="refused", status=refused.status, errors=errors)


def _fingerprint(sale: PosSaleCreate) -> str:
    return hashlib.sha256(sale.model_dump_json().encode()).hexdigest()


def _duplicate(found: dict[str, Any], sale: PosSaleCreate, at: str) -> PosSaleOutcome:
    if found.get("input_hash") != _fingerprint(sale):
        raise Conflict(
            f"sale {sale.id} was recorded with other details",
            [FieldError(f"{at}.id", "recorded with other details", "pos.id_reused", {"id": sale.id})],
        )
    return PosSaleOutcome.model_validate({**found["answer"], "result": "duplicate", "status": 200})


@dataclass(frozen=True)
class _Priced:
    lines: list[dict[str, Any]]
    taxes: list[dict[str, Any]]
    figures: dict[str, str]
    settlement: Settlement
    conflicts: list[dict[str, Any]]


@dataclass
class _Sale:
    """One sale of a batch as it is being recorded: where it sits in the batch (``at``), what it names, and what
    was worked out of it (read again when what it read changed)."""

    at: str
    input: PosSaleCreate
    register: dict[str, Any]
    block: dict[str, Any]
    day: str
    original: dict[str, Any] | None = None
    priced: _Priced | None = None

    @property
    def figures(self) -> _Priced:
        assert self.priced is not None
        return self.priced


def _record(context: _Context, at: str, sale: PosSaleCreate) -> PosSaleOutcome:
    store = context.store
    found = store.get(SALE, sale.id)
    if found is not None:
        return _duplicate(found, sale, at)
    register = context.register(sale.register_id)
    if register is None:
        raise invalid_field(
            f"{at}.register_id", f"register {sale.register_id} does not exist", "reference.missing", id=sale.register_id
        )
    code = receipt_number(register["code"], sale.number)
    block = registers.block_of(store, register["id"], sale.number)
    if block is None:
        raise Conflict(
            f"{code} is in none of the register's leased blocks",
            [FieldError(f"{at}.number", f"{code} was not leased", "pos.number_not_leased", {"number": code})],
        )
    shift = store.get(shifts.SHIFT, sale.shift_id)
    if shift is None:
        raise Conflict(
            f"shift {sale.shift_id} is not open yet: sync its opening first",
            [FieldError(f"{at}.shift_id", "not synced yet", "pos.shift_unknown", {"shift": sale.shift_id})],
        )
    if shift["register_id"] != register["id"]:
        raise invalid_field(f"{at}.shift_id", "another register's shift", "pos.shift_register")
    one = _Sale(at, sale, register, block, shifts.local_day(store, sale.sold_at))
    for _ in range(ATTEMPTS):
        one.original = _original(context, one)
        one.priced = _priced(context, one)
        state, _entries = shifts.tally(store, sale.shift_id)
        try:
            document = _write(context, one, state)
        except _Retry:  # its shift closed, or another return of its receipt came first: read again
            continue
        except _Written:
            return _duplicate(store.require(SALE, sale.id, "POS sale"), sale, at)
        return PosSaleOutcome.model_validate({**document["answer"], "result": "recorded", "status": 201})
    raise Conflict("the shift kept changing while the sale was recorded, retry")


def _original(context: _Context, one: _Sale) -> dict[str, Any] | None:
    """The sale a return takes back (None when it was not synced yet, or for a sale)."""
    if not one.input.return_of:
        return None
    if one.input.return_of == one.input.id:
        raise invalid_field(f"{one.at}.return_of", "a return takes back another sale", "pos.return_of")
    found = context.store.get(SALE, one.input.return_of)
    if found is not None and found.get("kind") != "sale":
        raise invalid_field(f"{one.at}.return_of", "a return takes back a sale, not a return", "pos.return_of")
    return found


def _price_now(context: _Context, one: _Sale, item: Any, qty: Decimal, rate: Decimal) -> Any:
    """(The item's price now, SST included, and where it comes from): the register's price book, else the
    item's own sales price (a shelf price); (None, None) when it has none."""
    from ledgerlet.sales.contract import pricing

    book = context.book(one.register.get("price_book_id"))
    if book is not None:
        engine_book = pricing.PriceBook(
            id=book.id,
            lines=tuple(pricing.PriceLine(ln.item_id, ln.unit_price, ln.uom, ln.min_quantity) for ln in book.lines),
            currency=book.currency,
            valid_from=date.fromisoformat(book.valid_from) if book.valid_from else None,
            valid_to=date.fromisoformat(book.valid_to) if book.valid_to else None,
            prices_include_tax=book.prices_include_tax,
        )
        found = pricing.price_list([engine_book], currency="MYR", on=date.fromisoformat(one.day)).find(
            item.id, qty, None, item.base_uom
        )
        if found is not None:
            price = found.unit_price if found.includes_tax else found.unit_price * (100 + rate) / 100
            return money(price), f"price_book:{book.code}"
    if item.sales_price is not None:
        return money(item.sales_price), "item"
    return None, None


def _priced(context: _Context, one: _Sale) -> _Priced:
    """The sale's lines worked out (SST from each item's sales tax code), its tenders settled, and what in it
    differs from the books now (its conflicts). 422 naming the field when it cannot be a sale."""
    from ledgerlet.sales.contract import pricing, revenue_accounts

    at, sale, original = one.at, one.input, one.original
    is_return = sale.return_of is not None
    engine_lines, lines, conflicts = [], [], []
    sold_prices = {ln["item_id"]: ln["unit_price"] for ln in reversed((original or {}).get("lines") or [])}
    for number, line in enumerate(sale.lines):
        item = context.item(line.item_id)
        if item is None:
            raise invalid_field(
                f"{at}.lines.{number}.item_id",
                f"item {line.item_id} does not exist",
                "reference.missing",
                id=line.item_id,
            )
        code = context.tax_code(item.sales_tax_code_id)
        tax = (
            pricing.TaxCode(id=code.id, tax_type=code.tax_type or "01", rate=code.rate)
            if code
            else pricing.TaxCode("", "06")
        )
        engine_lines.append(
            pricing.Line(
                quantity=line.qty,
                unit_price=line.unit_price,
                tax=tax,
                discount_amount=line.discount_amount,
                exemption_reason="Exempt goods" if tax.tax_type == "E" else None,
            )
        )
        listed, source = (None, None) if is_return else _price_now(context, one, item, line.qty, tax.rate)
        where = f"lines.{number}.unit_price"
        if is_return and original is not None and line.item_id in sold_prices:
            sold = Decimal(str(sold_prices[line.item_id]))
            if sold != line.unit_price:
                conflicts.append(
                    _conflict(
                        where, "pos.return_price", item=item.code, charged=f"{line.unit_price:.2f}", sold=f"{sold:.2f}"
                    )
                )
        elif not is_return and listed is None:
            conflicts.append(_conflict(where, "pos.no_price", item=item.code))
        elif not is_return and listed != line.unit_price:
            conflicts.append(
                _conflict(
                    where, "pos.price_changed", item=item.code, charged=f"{line.unit_price:.2f}", price=f"{listed:.2f}"
                )
            )
        lines.append(
            {
                "item_id": item.id,
                "item_code": item.code,
                "item_name": item.name,
                "description": item.name,
                "uom": item.base_uom,
                "qty": f"{line.qty.normalize():f}",
                "unit_price": f"{line.unit_price:.2f}",
                "discount_amount": f"{line.discount_amount:.2f}" if line.discount_amount else None,
                "list_price": f"{listed:.2f}" if listed is not None else None,
                "price_source": source,
                "tax_code_id": tax.id or None,
                "tax_code": code.code if code else None,
                "tax_type": tax.tax_type,
                "tax_rate": f"{tax.rate.normalize():f}",
                "kind": item.kind,
            }
        )
    try:
        totals = pricing.compute_totals(pricing.Document("MYR", tuple(engine_lines), prices_include_tax=True))
    except pricing.PricingError as wrong:
        problems = [FieldError(f"{at}.{p.field}", p.message, p.code, dict(p.params)) for p in wrong.problems]
        raise invalid_fields(problems) from None
    try:
        settled = settle(
            totals.total_before_rounding, [Tender(t.kind, t.amount) for t in sale.tenders], refund=is_return
        )
    except TenderError as wrong:
        raise invalid_field(f"{at}.tenders", str(wrong), wrong.code, **wrong.params) from None
    for stored, worked in zip(lines, totals.lines, strict=True):
        stored.update(pricing.line_figures(worked, "MYR"))
    codes = {line["tax_code_id"]: line["tax_code"] for line in lines if line.get("tax_code_id")}
    taxes = [
        {
            "tax_code_id": tax.tax_code_id,
            "tax_code": codes.get(tax.tax_code_id, ""),
            "tax_type": tax.tax_type,
            "rate": f"{tax.rate.normalize():f}",
            "taxable": str(tax.taxable),
            "tax": str(tax.tax),
        }
        for tax in totals.taxes
        if tax.tax_code_id
    ]
    figures = {
        "gross": str(totals.gross),
        "discount": str(totals.line_discount),
        "net": str(totals.net),
        "tax": str(totals.tax),
        "total_before_rounding": str(settled.total_before_rounding),
        "rounding": str(settled.rounding),
        "total": str(settled.total),
        "cash": str(settled.cash),
        "card": str(settled.card),
        "ewallet": str(settled.ewallet),
        "cash_tendered": str(settled.cash_tendered),
        "change": str(settled.change),
    }
    if is_return and original is not None:
        _fits(f"{at}.", [(ln.item_id, ln.qty) for ln in sale.lines], original)
    elif is_return:
        conflicts.append(_conflict("return_of", "pos.return_original_missing", sale=sale.return_of or ""))
    return _Priced(revenue_accounts(context.store, lines), taxes, figures, settled, conflicts)


def _fits(prefix: str, lines: list[tuple[str, Decimal]], original: dict[str, Any]) -> None:
    """A return's lines (item, quantity) take back no more of an item than its receipt sold less what was
    returned already (409 naming each line, ``prefix`` before its field)."""
    sold = quantities((ln["item_id"], Decimal(str(ln["qty"]))) for ln in original["lines"])
    returned = {k: Decimal(str(v)) for k, v in (original.get("returned") or {}).items()}
    wrong = over_returned(sold, returned, lines)
    if wrong:
        first = wrong[0]
        left = f"{first.left.normalize():f}"
        raise Conflict(
            f"only {left} of that item is left to return on {original.get('code')}",
            [
                FieldError(
                    f"{prefix}lines.{w.position}.qty",
                    f"only {w.left.normalize():f} left to return",
                    "pos.return_exceeds",
                    {"left": f"{w.left.normalize():f}", "receipt": str(original.get("code") or "")},
                )
                for w in wrong
            ],
        )


def _conflict(field_name: str, code: str, **params: str) -> dict[str, Any]:
    from ledgerlet.field_errors import message

    return {"field": field_name, "code": code, "message": message(code, params), "params": params}


class _Retry(Exception):
    """What the sale read changed meanwhile (its shift closed, the original's returns): read again."""


class _Written(Exception):
    """The sale is there already: a retry of the same sync wrote it meanwhile."""


def _write(context: _Context, one: _Sale, state: str) -> dict[str, Any]:
    """The sale in one transaction with its stock movement; without it (a stock conflict) when the inventory
    refuses the movement or it cannot move yet."""
    from ledgerlet.inventory.contract import move_stock, new_entry_id

    def commit(stock_conflicts: list[dict[str, Any]]) -> dict[str, Any]:
        document, operations = _operations(context, one, state, stock_conflicts)
        failed = context.store.transact(operations)
        if failed:
            _refused(one.at, document, failed)
        return document

    movement = _movement(one.input.return_of, one.register["location_id"], one.original, one.figures.lines)
    if movement is None or isinstance(movement, list):  # nothing to move, or it cannot move yet
        return commit(movement or [])
    purpose, stock_lines, numbers, source = movement
    entry_id = new_entry_id()
    document, operations = _operations(context, one, state, [], entry_id)
    try:
        move_stock(
            context.store,
            context.actor,
            purpose=purpose,
            date=one.day,
            location_id=one.register["location_id"],
            lines=stock_lines,
            source={"type": SALE, "id": one.input.id, "code": document["code"], **source},
            reference=document["code"],
            extra=operations,
            entry_id=entry_id,
        )
    except ExtraRefused as refused:
        _refused(one.at, document, refused.positions)
    except Problem as short:  # the inventory refused the movement: the sale stands, its stock waits
        if not short.errors:
            raise
        return commit([_stock_conflict(error, numbers) for error in short.errors])
    return document


Movement = tuple[str, list[dict[str, Any]], list[int], dict[str, Any]]


def _movement(
    return_of: str | None, location_id: str, original: dict[str, Any] | None, lines: list[dict[str, Any]]
) -> Movement | list[dict[str, Any]] | None:
    """What a sale moves (``lines`` with their items' ``kind``): (purpose, stock lines, their line numbers, source
    fields); None when it moves no stock item; or the conflicts that keep it waiting (a return whose receipt was
    not synced yet, whose receipt's stock has not moved, or moved at another location)."""
    stock = [(n, line) for n, line in enumerate(lines) if line.get("kind") == "stock"]
    if not stock:
        return None
    moved = [{"item_id": line["item_id"], "qty": Decimal(str(line["qty"]))} for _, line in stock]
    numbers = [n for n, _ in stock]
    if return_of is None:
        return "issue", moved, numbers, {}
    if original is None:
        return []  # the sale's own conflict says its receipt is not synced yet
    if not original.get("stock_entry_id"):
        return [_conflict("return_of", "pos.return_stock_waiting", receipt=str(original.get("code") or ""))]
    if original.get("location_id") != location_id:
        return [_conflict("register_id", "pos.return_location", receipt=str(original.get("code") or ""))]
    return "customer_return", moved, numbers, {"returns_entry_id": original["stock_entry_id"]}


def _stock_conflict(error: FieldError, numbers: list[int]) -> dict[str, Any]:
    """The inventory's refusal of a movement as a conflict of the sale (its stock lines renamed as the sale's)."""
    parts = error.field.removeprefix("body.").split(".")
    if len(parts) > 1 and parts[0] == "lines" and parts[1].isdigit() and int(parts[1]) < len(numbers):
        parts[1] = str(numbers[int(parts[1])])
    renamed = {"date": "sold_at", "location_id": "register_id", "returns_entry_id": "return_of"}
    where = ".".join(parts) if parts[0] == "lines" else renamed.get(parts[0], parts[0])
    return {"field": where, "code": error.code, "message": error.message, "params": error.params}


RETURN_TALLY = 6  # the position of a return's update of its original among a sale's operations


def _refused(at: str, document: dict[str, Any], failed: set[int]) -> None:
    """Why a sale's transaction failed: written meanwhile, its number taken, or what it read changed."""
    if 0 in failed or 5 in failed:
        raise _Written
    if 2 in failed:
        raise Conflict(
            f"{document['code']} is another sale's receipt number",
            [
                FieldError(
                    f"{at}.number", f"{document['code']} is used", "pos.number_used", {"number": document["code"]}
                )
            ],
        )
    if failed & {4, RETURN_TALLY, CONTENDED}:
        raise _Retry
    raise Conflict("the sale could not be recorded: concurrent change, retry")


def _operations(
    context: _Context, one: _Sale, state: str, stock_conflicts: list[dict[str, Any]], entry_id: str | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The sale's document and its operations: the document (0), its audit entry (1), its number (2), its block's
    count (3), its shift's tally (4) and summary (5), and a return's tally on its original (6)."""
    store, sale, register, original, priced = context.store, one.input, one.register, one.original, one.figures
    customer = context.master.customer(register["customer_id"])
    conflicts = [*priced.conflicts, *stock_conflicts]
    stock_lines = any(line.get("kind") == "stock" for line in priced.lines)
    late = state == shifts.CLOSED
    kind = "return" if sale.return_of else "sale"
    figures = priced.figures
    code = receipt_number(register["code"], sale.number)
    fields: dict[str, Any] = {
        "kind": kind,
        "memo": f"{'Return' if sale.return_of else 'Sale'} {code} at register {register['code']}",
        "register_id": register["id"],
        "register_code": register["code"],
        "shift_id": sale.shift_id,
        "number": sale.number,
        "sold_at": sale.sold_at,
        "date": one.day,
        "location_id": register["location_id"],
        "customer_id": register["customer_id"],
        "customer_name": customer.name if customer else None,
        "currency": "MYR",
        "rate": "1",
        "lines": [{k: v for k, v in line.items() if k != "kind"} for line in priced.lines],
        "taxes": priced.taxes,
        **figures,
        "tenders": [{"kind": t.kind, "amount": f"{t.amount:.2f}"} for t in sale.tenders],
        "cash_book_id": register["cash_book_id"],
        "card_cash_book_id": register["card_cash_book_id"],
        "ewallet_cash_book_id": register["ewallet_cash_book_id"],
        "over_short_account_id": register["over_short_account_id"],
        "return_of": sale.return_of,
        "return_of_code": (original or {}).get("code"),
        "return_checked": bool(original) if sale.return_of else None,
        "state": CONFLICT if conflicts else RECORDED,
        "conflicts": conflicts,
        "stock_state": "moved" if entry_id else ("waiting" if stock_lines else "none"),
        "stock_entry_id": entry_id,
        "late": late,
        "input_hash": _fingerprint(sale),
        "posting_state": "pending" if _posts(priced) else None,
    }
    fields["answer"] = {
        "id": sale.id,
        "number": sale.number,
        "code": code,
        "state": fields["state"],
        "total": figures["total"],
        "rounding": figures["rounding"],
        "change": figures["change"],
        "late": late,
        "conflicts": conflicts,
    }
    document, operations = store.create_operations(SALE, sale.id, fields, context.actor, code=code)
    operations.append(registers.use_number(store, register["id"], int(one.block["first"])))
    summary = {
        "id": sale.id,
        "code": code,
        "number": sale.number,
        "kind": kind,
        "late": late,
        **{name: figures[name] for name in ("gross", "discount", "net", "tax", "total", "rounding", "cash")},
        **{name: figures[name] for name in ("card", "ewallet", "change")},
        "taxes": priced.taxes,
    }
    child_sk = f"{shifts.SALE_PREFIX}{sale.number:09d}#{sale.id}"
    operations += shifts.entry_operations(store, sale.shift_id, state, child_sk, summary)
    if original is not None and sale.return_of:
        operations.append(_returned(store, original, [(ln.item_id, ln.qty) for ln in sale.lines]))
    return document, operations


def _posts(priced: _Priced) -> bool:
    """Whether the sale has anything to post (a sale of something free has not)."""
    return any(Decimal(priced.figures[name]) for name in ("total", "net", "tax", "rounding"))


def _returned(store: DocumentStore, original: dict[str, Any], lines: list[tuple[str, Decimal]]) -> dict[str, Any]:
    """The operation adding a return's quantities to its original's ``returned``, on the condition that they are
    still what was read (``returns_rev``): two returns of one receipt never both take its last units."""
    from ledgerlet.hub import keys
    from ledgerlet.hub.codec import to_value

    returned = {k: Decimal(str(v)) for k, v in (original.get("returned") or {}).items()}
    for item_id, qty in quantities(lines).items():
        returned[item_id] = returned.get(item_id, Decimal(0)) + qty
    revision = int(original.get("returns_rev") or 0)
    values: dict[str, Any] = {":returned": to_value({k: f"{v.normalize():f}" for k, v in returned.items()})}
    values[":next"] = {"N": str(revision + 1)}
    if revision:
        condition = "#rev = :rev"
        values[":rev"] = {"N": str(revision)}
    else:
        condition = "attribute_exists(PK) AND attribute_not_exists(#rev)"
    return {
        "Update": {
            "TableName": store.table,
            "Key": {
                "PK": {"S": keys.document_pk(store.tenant_id, SALE, original["id"])},
                "SK": {"S": keys.DOC_SK},
            },
            "UpdateExpression": "SET #returned = :returned, #rev = :next",
            "ConditionExpression": condition,
            "ExpressionAttributeNames": {"#returned": "returned", "#rev": "returns_rev"},
            "ExpressionAttributeValues": values,
        }
    }


# --- reading and resolving --------------------------------------------------------------------------------------


def sale_of(store: DocumentStore, sale_id: str) -> dict[str, Any]:
    if not is_id(sale_id, SALES.id_prefix):
        raise NotFound(f"POS sale {sale_id} does not exist")
    return store.require(SALE, sale_id, "POS sale")


def resolve(store: DocumentStore, actor: Actor, sale_id: str, body: PosResolveRequest) -> dict[str, Any]:
    """A person settles a sale's conflicts: its prices accepted as sold (``price``), its stock moved now
    (``stock``: 409 naming the line while it still is not there; a return checked against its receipt)."""
    for _ in range(ATTEMPTS):
        sale = sale_of(store, sale_id)
        if body.version is not None and sale["version"] != body.version:
            raise Conflict(
                f"POS sale {sale_id} is at version {sale['version']}, not {body.version}: reload and retry",
                [FieldError("body.version", "stale version", "version.stale", {"current": sale["version"]})],
            )
        try:
            return _resolved(store, actor, sale, body)
        except _Retry:
            continue
    raise Conflict("the sale kept changing while it was resolved, retry")


def _resolved(store: DocumentStore, actor: Actor, sale: dict[str, Any], body: PosResolveRequest) -> dict[str, Any]:
    from ledgerlet.inventory.contract import move_stock, new_entry_id

    conflicts = list(sale.get("conflicts") or [])
    kept = [c for c in conflicts if not ("price" in body.what and c["code"] in PRICE_CODES)]
    waiting = [c for c in kept if c["code"] not in PRICE_CODES]
    changes: dict[str, Any] = {}
    extra: list[dict[str, Any]] = []
    movement: Movement | None = None
    if waiting and "stock" in body.what:
        original = store.get(SALE, sale["return_of"]) if sale.get("return_of") else None
        if sale.get("return_of") and not sale.get("return_checked"):
            extra.append(_check_return(store, sale, original))
            changes |= {"return_checked": True, "return_of_code": (original or {}).get("code")}
        found = _movement(sale.get("return_of"), sale["location_id"], original, _with_kinds(store, sale["lines"]))
        if isinstance(found, list):  # the receipt's own stock has not left yet, or left another location
            why = found[0] if found else _conflict("return_of", "pos.return_original_missing", sale=sale["return_of"])
            raise Conflict(why["message"], [FieldError(why["field"], why["message"], why["code"], why["params"])])
        movement = found
        kept = [c for c in kept if c["code"] in PRICE_CODES]
        changes["stock_state"] = "moved" if movement else "none"
    if kept == conflicts and not changes:
        return sale  # nothing it was asked to settle
    changes |= {"conflicts": kept, "state": CONFLICT if kept else RECORDED}
    if not kept:
        changes |= {"resolved_at": now_iso(), "resolved_by": actor.user_id}
    entry_id = new_entry_id() if movement else None
    if entry_id:
        changes["stock_entry_id"] = entry_id
    try:
        _, after, operations = store.update_operations(
            SALE, sale["id"], changes, actor, expected_version=sale["version"], label="POS sale", action="resolve"
        )
    except Conflict:  # changed meanwhile (resolved by someone else): read again
        raise _Retry from None
    _guard(operations[0], sale)
    operations += extra
    if movement is None:
        if store.transact(operations):
            raise _Retry
        return after
    purpose, stock_lines, numbers, source = movement
    try:
        move_stock(
            store,
            actor,
            purpose=purpose,
            date=sale["date"],
            location_id=sale["location_id"],
            lines=stock_lines,
            source={"type": SALE, "id": sale["id"], "code": sale.get("code"), **source},
            reference=sale.get("code"),
            extra=operations,
            entry_id=entry_id,
        )
    except ExtraRefused:
        raise _Retry from None
    except Problem as short:
        short.errors = [replace(e, field=_stock_conflict(e, numbers)["field"]) for e in short.errors]
        raise
    return after


def _check_return(store: DocumentStore, sale: dict[str, Any], original: dict[str, Any] | None) -> dict[str, Any]:
    """A return recorded before its receipt synced, checked against it now (it takes back no more than the
    receipt sold less earlier returns): the operation counting its quantities returned on the receipt."""
    if original is None:
        raise Conflict(
            f"the sale it returns ({sale['return_of']}) is not synced yet",
            [FieldError("return_of", "not synced yet", "pos.return_original_missing", {"sale": sale["return_of"]})],
        )
    if original.get("kind") != "sale":
        raise invalid_field("return_of", "a return takes back a sale, not a return", "pos.return_of")
    returned = [(ln["item_id"], Decimal(str(ln["qty"]))) for ln in sale["lines"]]
    _fits("", returned, original)
    return _returned(store, original, returned)


def _guard(put: dict[str, Any], sale: dict[str, Any]) -> None:
    """A resolve's write replaces the sale whole: also on the condition that what the ledger and returns write
    on it without a new version (its posting state, its returned quantities) is still as read."""
    operation = put["Put"]
    names = operation.setdefault("ExpressionAttributeNames", {})
    values = operation["ExpressionAttributeValues"]
    clauses = [operation["ConditionExpression"]]
    for position, name in enumerate(("posting_state", "returns_rev")):
        names[f"#g{position}"] = name
        if sale.get(name) is None:
            clauses.append(f"attribute_not_exists(#g{position})")
        else:
            from ledgerlet.hub.codec import to_value

            values[f":g{position}"] = to_value(sale[name])
            clauses.append(f"#g{position} = :g{position}")
    operation["ConditionExpression"] = " AND ".join(clauses)


def _with_kinds(store: DocumentStore, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from ledgerlet.masterdata.contract import MasterData

    items = MasterData(store).items({line["item_id"] for line in lines})
    return [{**line, "kind": getattr(items.get(line["item_id"]), "kind", None)} for line in lines]
