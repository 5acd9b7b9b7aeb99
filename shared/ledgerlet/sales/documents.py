"""Sales documents: quotations, orders (and, to come, deliveries and invoices) share one shape: a customer,
a date, a currency and lines of items; and one lifecycle:

- ``draft``: created, then edited at will (PATCH); its prices and tax are worked out on every change,
  from the price books, the items and the tax codes as they are then.
- ``submitted`` (``POST .../submit``): priced once more and fixed: prices, tax rates and amounts stay as
  they were then, whatever happens to the books or the codes later. Never edited again.
- ``cancelled`` (``POST .../cancel``, with a reason): a draft at any time; a submitted document only
  while no later document took from it.

A document may come from the one before it in the chain (an order from a quotation): its lines name
the source's lines (``source_line``), and each source line keeps how much later documents took
(``ordered`` on a quotation), so nothing is taken twice; the source also lists them (``flow``). Taking
and giving back are conditional writes in the submitting document's own transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, cast

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ledgerlet.errors import Conflict, FieldError, NotFound, invalid_field, invalid_fields
from ledgerlet.fields import CurrencyCode, Date, Money, Percent, PositiveQuantity, Rate, ShortText
from ledgerlet.fields import Reference as Id
from ledgerlet.hub.documents import Actor, DocumentStore, ExtraRefused
from ledgerlet.hub.table import now_iso
from ledgerlet.hub.tally import left, tally_update
from ledgerlet.ids import is_id
from ledgerlet.kind_service import revalidate
from ledgerlet.kinds import DocumentMeta, Input, MasterKind, Prepare, Revise
from ledgerlet.masterdata.contract import Customer, Item, MasterData, rate_on
from ledgerlet.money import BASE_CURRENCY, money_text
from ledgerlet.sales import pricing
from ledgerlet.sales.rounding import BNM_CASH_ROUNDING

if TYPE_CHECKING:
    from ledgerlet.sales.settings import SalesSettings

DRAFT, SUBMITTED, CANCELLED = "draft", "submitted", "cancelled"
ATTEMPTS = 5
UNTAXED = pricing.TaxCode(id="", tax_type="06")  # a line with no tax code: tax not applicable
PRICE_PLACES = Decimal("0.000001")


class SalesLineInput(Input):
    item_id: Id
    description: ShortText | None = Field(default=None, description="Defaults to the item's name.")
    qty: PositiveQuantity = Field(description="In the item's base unit.")
    unit_price: Decimal | None = Field(
        default=None,
        ge=0,
        le=Decimal("999999999999"),
        decimal_places=6,
        description="None: the customer's price book, else the item's sales price.",
    )
    discount_percent: Percent | None = None
    discount_amount: Money | None = Field(default=None, description="Off the line, in the document's currency.")
    tax_code_id: Id | None = Field(default=None, description="None: the item's sales tax code (none: no tax).")
    exemption_reason: ShortText | None = Field(default=None, description="Why an exempt line is exempt.")
    source_line: int | None = Field(
        default=None, ge=0, le=499, description="The line (from 0) of the source document it comes from."
    )
    memo: ShortText | None = None


class SalesDocumentInput(Input):
    line_model: ClassVar[type[SalesLineInput]] = SalesLineInput

    customer_id: Id
    date: Date
    currency: CurrencyCode | None = Field(default=None, description="Defaults to the customer's.")
    rate: Rate | None = Field(default=None, description="MYR per unit of the currency; none: the rate in force.")
    prices_include_tax: bool | None = Field(
        default=None, description="Whether unit prices include tax; none: as the price book quotes them."
    )
    discount_percent: Percent | None = Field(default=None, description="Off the whole document.")
    discount_amount: Money | None = Field(default=None, description="Off the whole document.")
    salesperson_id: Id | None = Field(default=None, description="The employee credited with the sale.")
    reference: ShortText | None = Field(default=None, description="The customer's reference, e.g. their PO.")
    memo: ShortText | None = None
    lines: list[SalesLineInput] | None = Field(
        default=None, max_length=500, description="At least one; none: every line left on the source document."
    )


class SalesLineView(SalesLineInput):
    model_config = ConfigDict(extra="ignore")

    unit_price: str | None = Field(default=None, description="As priced (6 places at most).")  # type: ignore[assignment]
    item_code: str | None = None
    item_name: str | None = None
    uom: str | None = None
    price_source: str | None = Field(default=None, description="`given`, `price_book:<code>` or `item`.")
    tax_code: str | None = None
    tax_type: str | None = None
    tax_rate: str | None = None
    gross: str | None = None
    discount: str | None = Field(default=None, description="The line's discount and its share of the document's.")
    net: str | None = Field(default=None, description="Excluding tax.")
    tax: str | None = None
    total: str | None = None


class TaxLine(BaseModel):
    tax_code_id: str
    tax_code: str
    tax_type: str
    rate: str
    taxable: str
    tax: str


class FlowLink(BaseModel):
    type: str
    id: str
    code: str | None = None


class SalesDocumentMeta(DocumentMeta):
    state: str = Field(description="`draft`, `submitted` or `cancelled`.")
    customer_code: str | None = None
    customer_name: str | None = None
    lines: list[SalesLineView]
    subtotal: str | None = Field(default=None, description="The lines after their discounts.")
    discount: str | None = Field(default=None, description="The document's own discount.")
    net: str | None = Field(default=None, description="Excluding tax.")
    tax: str | None = None
    rounding: str | None = None
    total: str | None = None
    taxes: list[TaxLine] | None = Field(default=None, description="Per tax code: what SST is charged on.")
    submitted_at: str | None = None
    cancel_reason: str | None = None
    source_type: str | None = None
    source_id: str | None = None
    source_code: str | None = None
    flow: list[FlowLink] | None = Field(default=None, description="The documents made from this one.")


class CancelRequest(Input):
    reason: ShortText = Field(min_length=1, description="Why it is cancelled (kept with it).")
    version: int | None = Field(default=None, ge=1, le=10**9, description="Optional concurrency check.")


class SubmitRequest(Input):
    version: int = Field(ge=1, le=10**9, description="The version read: a draft changed since answers 409.")


@dataclass(frozen=True)
class Source:
    """Where a kind's documents come from: the field naming the source, its type, and the tally its lines
    keep of what this kind took."""

    field: str  # "quotation_id"
    doc_type: str  # "QUOTATION"
    label: str  # "quotation"
    taken: str  # "ordered"
    tolerance: bool = False  # may go past what is left by the company's over-delivery percentage


# A kind's own check of a document about to be submitted (store, the document as priced).
Check = Callable[[DocumentStore, dict[str, Any]], None]


@dataclass(frozen=True)
class Change:
    """A submit or a cancel about to be written: the document as read, its changes, the version read, the
    operations to commit with it (its source's tally) and the action (``submit`` or ``cancel``)."""

    document: dict[str, Any]
    changes: dict[str, Any]
    version: int
    extra: list[dict[str, Any]]
    action: str


# A kind's own write of a submit or a cancel (e.g. a delivery's stock issue); answers the document after.
Commit = Callable[[DocumentStore, Actor, Change], dict[str, Any]]


@dataclass(frozen=True)
class SalesKind:
    kind: MasterKind
    source: Source | None = None
    tallies: tuple[str, ...] = ()  # what later documents take from its lines: a cancel waits for none
    check: Check | None = None
    commit: Commit | None = None  # else the document's own update
    uncommit: Commit | None = None  # a submitted document's cancel, else the document's own update

    @property
    def model(self) -> type[SalesDocumentInput]:
        return cast("type[SalesDocumentInput]", self.kind.create_model)


def lines_required(document: SalesDocumentInput, source_field: str | None) -> None:
    """A document names its lines, unless it copies them from its source."""
    if not document.lines and not (source_field and getattr(document, source_field, None)):
        raise PydanticCustomError("sales.lines", "name at least one line, or the document they come from")
    if document.discount_percent and document.discount_amount:
        raise PydanticCustomError("discount.both", "a discount is a percentage or an amount, not both")


# --- pricing ----------------------------------------------------------------------------------------------------


def priced(store: DocumentStore, fields: dict[str, Any], flow: Source | None) -> dict[str, Any]:
    """The document as its input reads now: its customer, currency and rate, its lines copied from the
    source if it names none, and every price, discount and tax worked out (422 naming the field)."""
    from ledgerlet.sales.settings import read_settings

    settings = read_settings(store.tenant_id)
    master = MasterData(store)
    customer = _customer(master, fields["customer_id"])
    currency = fields.get("currency") or customer.currency
    rate = rate_on(store, currency, fields["date"], _decimal(fields.get("rate")))
    source = _source(store, flow, fields, customer) if flow else None
    lines = [dict(line) for line in fields.get("lines") or []] or _copied(source, flow)
    if source is not None:  # the source's terms, unless this document states its own
        if fields.get("prices_include_tax") is None:
            fields = {**fields, "prices_include_tax": source.get("prices_include_tax")}
        if not fields.get("lines") and not fields.get("discount_amount") and fields.get("discount_percent") is None:
            fields = {**fields, "discount_percent": source.get("discount_percent")}
    if source is not None and flow is not None:
        over = Decimal(settings.over_delivery_percent) / 100 if flow.tolerance else Decimal(0)
        _check_taken(source, flow, lines, over)
    document = {
        **fields,
        "currency": currency,
        "rate": rate,
        "customer_code": customer.code,
        "customer_name": customer.name,
        "lines": lines,
    }
    if source is not None:
        document.update(source_type=source["entity_type"], source_id=source["id"], source_code=source.get("code"))
    return _with_totals(master, customer, document, settings)


def _customer(master: MasterData, customer_id: str) -> Customer:
    customer = master.customer(customer_id)
    if customer is None or customer.archived:
        raise invalid_field(
            "body.customer_id", f"customer {customer_id} does not exist", "reference.missing", id=customer_id
        )
    return customer


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _with_totals(
    master: MasterData, customer: Customer, document: dict[str, Any], settings: SalesSettings
) -> dict[str, Any]:
    currency, day = document["currency"], date.fromisoformat(document["date"])
    stored_books = master.price_books()
    books = [_book(book, customer) for book in stored_books]
    prices = pricing.price_list(
        books, currency=currency, on=day, customer_id=customer.id, customer_group=customer.group
    )
    codes = {book.id: book.code for book in stored_books}
    inclusive = document.get("prices_include_tax")
    items: dict[str, Item] = {}
    taxes: dict[str | None, tuple[pricing.TaxCode, str]] = {}
    lines, engine_lines = [], []
    quoted: list[tuple[int, pricing.Price]] = []
    for number, line in enumerate(document["lines"]):
        item = items.get(line["item_id"]) or _item(master, number, line["item_id"])
        items[item.id] = item
        tax_code_id = line.get("tax_code_id") or item.sales_tax_code_id
        if tax_code_id not in taxes:  # each item and tax code read once, however many lines name it
            taxes[tax_code_id] = _tax_code(master, number, tax_code_id)
        tax = taxes[tax_code_id]
        qty = Decimal(str(line["qty"]))
        given = _decimal(line.get("unit_price"))
        found = None if given is not None else prices.find(item.id, qty, None, item.base_uom)
        if given is not None:
            price, source = given, "given"
        elif found is not None:
            price, source = found.unit_price, f"price_book:{codes.get(found.book_id, found.book_id)}"
            quoted.append((number, found))
        elif item.sales_price is not None:
            price, source = item.sales_price, "item"
        else:
            raise invalid_field(
                f"body.lines.{number}.unit_price",
                f"{item.code} has no price for this customer: give one",
                "sales.no_price",
                item=item.code,
            )
        lines.append(
            {
                **line,
                "item_code": item.code,
                "item_name": item.name,
                "description": line.get("description") or item.name,
                "uom": item.base_uom,
                "unit_price": price,
                "price_source": source,
                "tax_code_id": tax[0].id or None,
                "tax_code": tax[1],
                "tax_type": tax[0].tax_type,
                "tax_rate": tax[0].rate,
            }
        )
        engine_lines.append((price, tax[0], line))
    if inclusive is None:  # as the price book quotes them (exclusive when none does)
        inclusive = bool(quoted) and quoted[0][1].includes_tax
    for number, found in quoted:  # a book quoting the other way: its price converted to the document's basis
        if found.includes_tax != inclusive:
            rate = Decimal(str(lines[number]["tax_rate"]))
            factor = (100 + rate) / 100
            converted = found.unit_price / factor if found.includes_tax else found.unit_price * factor
            lines[number]["unit_price"] = converted.quantize(PRICE_PLACES)
            engine_lines[number] = (lines[number]["unit_price"], engine_lines[number][1], engine_lines[number][2])
    engine = pricing.Document(
        currency=currency,
        lines=tuple(
            pricing.Line(
                quantity=Decimal(str(line["qty"])),
                unit_price=price,
                tax=tax,
                discount_percent=_decimal(line.get("discount_percent")),
                discount_amount=_decimal(line.get("discount_amount")),
                exemption_reason=line.get("exemption_reason"),
            )
            for price, tax, line in engine_lines
        ),
        prices_include_tax=inclusive,
        discount_percent=_decimal(document.get("discount_percent")),
        discount_amount=_decimal(document.get("discount_amount")),
    )
    try:
        cash = BNM_CASH_ROUNDING if document.get("cash_book_id") and currency == BASE_CURRENCY else None
        totals = pricing.compute_totals(engine, tax_rounding=settings.tax_rounding, cash_rounding=cash)
    except pricing.PricingError as wrong:
        problems = [FieldError(f"body.{p.field}", p.message, p.code, dict(p.params)) for p in wrong.problems]
        raise invalid_fields(problems) from None
    return _figures(document, lines, totals, inclusive=inclusive)


def _figures(
    document: dict[str, Any], lines: list[dict[str, Any]], totals: pricing.Totals, *, inclusive: bool
) -> dict[str, Any]:
    currency = document["currency"]

    def money(amount: Decimal) -> str:
        return money_text(amount, currency)

    for line, figures in zip(lines, totals.lines, strict=True):
        line.update(
            unit_price=_text(Decimal(str(line["unit_price"]))),
            tax_rate=_text(Decimal(str(line["tax_rate"]))),
            **pricing.line_figures(figures, currency),
        )
    codes = {line["tax_code_id"]: line["tax_code"] for line in lines if line.get("tax_code_id")}
    return {
        **document,
        "rate": _text(Decimal(str(document["rate"]))),
        "prices_include_tax": inclusive,
        "lines": lines,
        "subtotal": money(totals.subtotal),
        "discount": money(totals.discount),
        "net": money(totals.net),
        "tax": money(totals.tax),
        "rounding": money(totals.rounding),
        "total": money(totals.total),
        "taxes": [
            {
                "tax_code_id": tax.tax_code_id,
                "tax_code": codes.get(tax.tax_code_id, ""),
                "tax_type": tax.tax_type,
                "rate": _text(tax.rate),
                "taxable": money(tax.taxable),
                "tax": money(tax.tax),
            }
            for tax in totals.taxes
            if tax.tax_code_id
        ],
    }


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}" if value else "0"


def _book(book: Any, customer: Customer) -> pricing.PriceBook:
    """A price book as the pricing engine reads it: the customer's own book (its ``price_book_id``) ranks
    as the customer's."""
    return pricing.PriceBook(
        id=book.id,
        lines=tuple(
            pricing.PriceLine(line.item_id, line.unit_price, line.uom, line.min_quantity) for line in book.lines
        ),
        currency=book.currency,
        customer_id=customer.id if book.id == customer.price_book_id else None,
        customer_group=book.customer_group,
        valid_from=date.fromisoformat(book.valid_from) if book.valid_from else None,
        valid_to=date.fromisoformat(book.valid_to) if book.valid_to else None,
        prices_include_tax=book.prices_include_tax,
    )


def _item(master: MasterData, number: int, item_id: str) -> Item:
    item = master.item(item_id)
    if item is None or item.archived:
        raise invalid_field(
            f"body.lines.{number}.item_id", f"item {item_id} does not exist", "reference.missing", id=item_id
        )
    return item


def _tax_code(master: MasterData, number: int, tax_code_id: str | None) -> tuple[pricing.TaxCode, str]:
    if not tax_code_id:
        return UNTAXED, ""
    code = master.tax_code(tax_code_id)
    if code is None or code.archived:
        raise invalid_field(
            f"body.lines.{number}.tax_code_id",
            f"tax code {tax_code_id} does not exist",
            "reference.missing",
            id=tax_code_id,
        )
    return pricing.TaxCode(id=code.id, tax_type=code.tax_type or "01", rate=code.rate), code.code


# --- the chain --------------------------------------------------------------------------------------------------


def _source(store: DocumentStore, source: Source, fields: dict[str, Any], customer: Customer) -> dict[str, Any] | None:
    source_id = fields.get(source.field)
    if not source_id:
        return None
    found = store.get(source.doc_type, source_id)
    if found is None or found.get("state") != SUBMITTED:
        raise invalid_field(
            f"body.{source.field}",
            f"not a submitted {source.label}",
            "sales.source_state",
            source=source.label,
        )
    if found["customer_id"] != customer.id:
        raise invalid_field(
            f"body.{source.field}", f"the {source.label} is for another customer", "sales.source_customer"
        )
    valid_until = found.get("valid_until")
    if valid_until and fields["date"] > valid_until:
        raise invalid_field(
            f"body.{source.field}",
            f"the {source.label} was valid until {valid_until}",
            "sales.source_expired",
            valid_until=valid_until,
        )
    return {**found, "entity_type": source.doc_type}


COPIED = (
    "item_id",
    "description",
    "unit_price",
    "discount_percent",
    "discount_amount",
    "tax_code_id",
    "exemption_reason",
    "memo",
)


def _copied(source: dict[str, Any] | None, flow: Source | None) -> list[dict[str, Any]]:
    """Every source line with something left to take, for what is left, at its fixed price and tax."""
    if source is None or flow is None:
        return []
    lines = []
    for number, line in enumerate(source["lines"]):
        remaining = left(source, flow.taken, number)
        if remaining > 0:
            copied = {name: line[name] for name in COPIED if line.get(name) is not None}
            lines.append({**copied, "qty": remaining, "source_line": number})
    if not lines:
        raise invalid_field(
            f"body.{flow.field}", f"nothing is left on the {flow.label}", "sales.source_done", source=flow.label
        )
    return lines


def _check_taken(source: dict[str, Any], flow: Source, lines: list[dict[str, Any]], over: Decimal) -> None:
    """No source line gives more than it has left (``over``: the share of its quantity it may go past, a
    delivery's tolerance); each line names one of the source's, or none."""
    wanted: dict[int, Decimal] = {}
    for number, line in enumerate(lines):
        at = line.get("source_line")
        if at is None:
            continue
        if at >= len(source["lines"]) or source["lines"][at]["item_id"] != line["item_id"]:
            raise invalid_field(
                f"body.lines.{number}.source_line",
                f"the {flow.label} has no such line of this item",
                "sales.source_line",
            )
        wanted[at] = wanted.get(at, Decimal(0)) + Decimal(str(line["qty"]))
        remaining = left(source, flow.taken, at) + over * Decimal(str(source["lines"][at]["qty"]))
        if wanted[at] > remaining:
            raise invalid_field(
                f"body.lines.{number}.qty",
                f"only {remaining:f} left on the {flow.label}'s line {at + 1}",
                "sales.source_qty",
                left=f"{remaining:f}",
                source=flow.label,
            )


def _taking(
    store: DocumentStore,
    document: dict[str, Any],
    flow: Source,
    sign: int,
    link: dict[str, Any] | None,
) -> dict[str, Any] | None:
    """The operation adding (``sign`` 1) or giving back (-1) what ``document`` takes from its source's lines,
    on the condition the source's tally is still as read; a taking also lists the document on the source."""
    if not document.get("source_id"):
        return None
    source = store.require(flow.doc_type, document["source_id"], flow.label)
    amounts: dict[int, Decimal] = {}
    for line in document["lines"]:
        if line.get("source_line") is not None:
            at = int(line["source_line"])
            amounts[at] = amounts.get(at, Decimal(0)) + sign * Decimal(str(line["qty"]))
    if sign > 0:
        over = _tolerance(store, flow)
        for at, amount in amounts.items():
            if amount > left(source, flow.taken, at) + over * Decimal(str(source["lines"][at]["qty"])):
                raise Conflict(
                    f"the {flow.label} has less left than this document takes",
                    [FieldError("id", f"line {at + 1} of the {flow.label} is taken", "sales.source_qty")],
                )
    appended = {"flow": [link]} if link else None  # appended as it lands: a delivery and an invoice at once keep both
    return tally_update(store, flow.doc_type, source, flow.taken, amounts, appended=appended)


def _tolerance(store: DocumentStore, flow: Source) -> Decimal:
    from ledgerlet.sales.settings import read_settings

    return Decimal(read_settings(store.tenant_id).over_delivery_percent) / 100 if flow.tolerance else Decimal(0)


# --- lifecycle --------------------------------------------------------------------------------------------------


def inputs(document: dict[str, Any], model: type[SalesDocumentInput]) -> dict[str, Any]:
    """The fields of a stored document its create body takes (its lines as they were given: a price found
    in a book or on the item is looked up again)."""
    line_fields = model.line_model.model_fields
    fields = {name: document[name] for name in model.model_fields if document.get(name) is not None}
    fields["lines"] = [
        {
            name: line[name]
            for name in line_fields
            if line.get(name) is not None
            and not (name == "unit_price" and line.get("price_source") not in (None, "given"))
        }
        for line in document.get("lines") or []
    ]
    if not fields["lines"]:
        fields.pop("lines")
    return fields


def only_drafts(_store: DocumentStore, _after: dict[str, Any], before: dict[str, Any] | None) -> None:
    """A submitted or cancelled document is never edited: a correction is a note or a cancellation."""
    if before is not None and before.get("state") != DRAFT:
        raise Conflict(
            f"{before.get('code') or before['id']} is {before.get('state')}: it can no longer be edited",
            [FieldError("state", f"the document is {before.get('state')}", "document.not_draft")],
        )


def submit(store: DocumentStore, actor: Actor, sales: SalesKind, doc_id: str, body: SubmitRequest) -> dict[str, Any]:
    """Price the draft once more and fix it, taking its lines from its source in the same transaction."""
    kind = sales.kind
    for _ in range(ATTEMPTS):
        document = _require(store, kind, doc_id)
        only_drafts(store, document, document)
        fixed = priced(store, inputs(document, sales.model), sales.source)
        if sales.check:
            sales.check(store, fixed)
        fixed.update(state=SUBMITTED, submitted_at=now_iso(), submitted_by=actor.user_id)
        link = {"type": kind.doc_type, "id": doc_id, "code": document.get("code")}
        taking = _taking(store, fixed, sales.source, +1, link) if sales.source else None
        changes, extra = _changed(document, fixed), [taking] if taking else []
        try:
            if sales.commit:
                return sales.commit(store, actor, Change(document, changes, body.version, extra, "submit"))
            return store.update(
                kind.doc_type,
                doc_id,
                changes,
                actor,
                expected_version=body.version,
                label=kind.label,
                action="submit",
                extra=extra,
            )
        except ExtraRefused:
            continue  # the source was taken from meanwhile: read it again
    raise Conflict(f"the {kind.label}'s source kept changing, retry")


def cancel(store: DocumentStore, actor: Actor, sales: SalesKind, doc_id: str, body: CancelRequest) -> dict[str, Any]:
    """Cancel a draft, or a submitted document nothing was taken from (what it took goes back)."""
    kind = sales.kind
    for _ in range(ATTEMPTS):
        document = _require(store, kind, doc_id)
        if document.get("state") == CANCELLED:
            raise Conflict(
                f"{document.get('code')} is already cancelled",
                [FieldError("id", "already cancelled", "document.cancelled")],
            )
        taken = [name for name in sales.tallies if any(Decimal(str(v)) for v in (document.get(name) or {}).values())]
        if taken:
            raise Conflict(
                f"later documents took from {document.get('code')}: cancel those first",
                [FieldError("id", "later documents took from it", "sales.has_downstream", {"flow": taken[0]})],
            )
        operations = []
        submitted_before = document.get("state") == SUBMITTED
        if submitted_before and sales.source:
            giving = _taking(store, document, sales.source, -1, None)
            operations = [giving] if giving else []
        changes = {"state": CANCELLED, "cancel_reason": body.reason, "cancelled_at": now_iso()}
        version = body.version or document["version"]
        try:
            if submitted_before and sales.uncommit:
                return sales.uncommit(store, actor, Change(document, changes, version, operations, "cancel"))
            return store.update(
                kind.doc_type,
                doc_id,
                changes,
                actor,
                expected_version=version,
                label=kind.label,
                action="cancel",
                extra=operations,
            )
        except ExtraRefused:
            continue
    raise Conflict(f"the {kind.label}'s source kept changing, retry")


def _require(store: DocumentStore, kind: MasterKind, doc_id: str) -> dict[str, Any]:
    if not is_id(doc_id, kind.id_prefix):
        raise NotFound(f"{kind.label} {doc_id} does not exist")
    return store.require(kind.doc_type, doc_id, kind.label)


def _changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields ``after`` sets anew (the store's own fields left alone)."""
    own = {"id", "code", "status", "version", "created_at", "created_by", "updated_at", "updated_by", "entity_type"}
    return {name: value for name, value in after.items() if name not in own and before.get(name) != value}


def revised(model: type[SalesDocumentInput], flow: Source | None) -> Revise:
    """The update hook: a draft changed is checked as a whole and priced again from its input as it reads."""

    def revise(store: DocumentStore, after: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
        fields = inputs(after, model)
        revalidate(model, fields)
        return _changed(before, priced(store, fields, flow))

    return revise


def prepared(flow: Source | None, defaults: Prepare | None = None) -> Prepare:
    """The create hook: priced, a draft (``defaults``: fields a kind fills in first, e.g. a validity)."""

    def prepare(store: DocumentStore, fields: dict[str, Any]) -> dict[str, Any]:
        if defaults is not None:
            fields = defaults(store, fields)
        return {**priced(store, fields, flow), "state": DRAFT}

    return prepare


def days_after(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
