"""What other applets may use of the master-data applets: seeding a new company's master data, and
reading the master data they refer to (accounts, cash books, tax codes, currencies and their rates)
as typed values, never as raw hub items.

Everything else in ``ledgerlet.masterdata`` is the master-data applets' own
(tests/unit/test_applet_boundaries.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from ledgerlet.errors import invalid_field
from ledgerlet.money import BASE_CURRENCY

__all__ = [
    "Account",
    "CashBook",
    "Customer",
    "Item",
    "MasterData",
    "OrgUnit",
    "PriceBook",
    "TaxCode",
    "rate_on",
    "seed_company",
]

ARCHIVED = "archived"
AccountType = Literal["asset", "liability", "equity", "income", "expense"]


def seed_company(*args: Any, **kwargs: Any) -> Any:
    """Seed a new company's master data (``ledgerlet.masterdata.seed.seed_company``)."""
    from ledgerlet.masterdata.seed import seed_company as seed

    return seed(*args, **kwargs)


@dataclass(frozen=True)
class Account:
    id: str
    code: str
    name: str
    type: AccountType
    subtype: str  # bank, cash, receivable, prepayment ... ("" when none)
    parent_id: str | None
    is_header: bool  # groups others; takes no postings
    control: str | None  # the sub-ledger this control account belongs to ("receivables" ...), if any
    archived: bool
    monetary: bool  # revalued at a period end when held in a foreign currency

    @property
    def postable(self) -> bool:
        return not self.archived and not self.is_header


@dataclass(frozen=True)
class CashBook:
    id: str
    code: str
    account_id: str  # the GL account it posts to
    currency: str
    archived: bool
    name: str = ""


@dataclass(frozen=True)
class TaxCode:
    id: str
    code: str
    rate: Decimal  # percent: 8 for 8%
    account_id: str | None  # where tax collected on a sale is credited
    archived: bool
    deduction_account_id: str | None = None  # where tax paid is debited when deductible; None: part of the cost
    tax_type: str = ""  # LHDN tax type: 01 sales tax, 02 service tax, E exempt, 06 not applicable...


def _account(item: dict[str, Any]) -> Account:
    return Account(
        id=item["id"],
        code=item.get("code") or "",
        name=item.get("name") or "",
        type=item["type"],
        subtype=item.get("subtype") or "",
        parent_id=item.get("parent_id"),
        is_header=bool(item.get("is_header")),
        control=item.get("control") or None,
        archived=item.get("status") == ARCHIVED,
        monetary=_monetary(item),
    )


def _identity(found: dict[str, Any]) -> Identity:
    return Identity(
        tin=found.get("tin") or None,
        id_type=found.get("id_type") or "BRN",
        id_value=found.get("brn") or None,
        sst_number=found.get("sst_number") or None,
        address=found.get("billing_address") or None,
        email=found.get("email") or None,
        phone=found.get("phone") or None,
    )


def _cash_book(item: dict[str, Any]) -> CashBook:
    return CashBook(
        item["id"],
        item.get("code") or "",
        item["account_id"],
        item["currency"],
        item.get("status") == ARCHIVED,
        item.get("name") or "",
    )


def _monetary(item: dict[str, Any]) -> bool:
    from ledgerlet.reference.sme_chart import MONETARY_SUBTYPES

    flagged = item.get("monetary")
    return bool(flagged) if flagged is not None else (item.get("subtype") or "") in MONETARY_SUBTYPES


@dataclass(frozen=True)
class Party:
    """A customer or a supplier, as other applets name it."""

    id: str
    code: str
    name: str
    archived: bool


@dataclass(frozen=True)
class Item:
    """An item as other applets use it (stock movements, sales and purchase lines)."""

    id: str
    code: str
    name: str
    kind: str  # stock, non_stock or service
    base_uom: str
    costing_method: str | None  # fifo, weighted_average or standard; None: the company's default
    fallback_rate: Decimal | None  # its standard cost, else its purchase price
    inventory_account_id: str | None
    expense_account_id: str | None
    archived: bool
    allow_negative_stock: bool | None = None  # None: the company's policy
    tracking: str | None = None  # batch, serial or None
    shelf_life_days: int | None = None  # a received batch's default expiry
    sales_price: Decimal | None = None  # its price when no price book has one
    sales_tax_code_id: str | None = None
    income_account_id: str | None = None
    classification: str | None = None  # MyInvois classification code ("022": others)


@dataclass(frozen=True)
class Identity:
    """Who a customer or supplier is to LHDN (what an e-invoice names): its TIN and registration, SST
    number, billing address and contact."""

    tin: str | None = None
    id_type: str = "BRN"  # BRN, NRIC, PASSPORT or ARMY
    id_value: str | None = None
    sst_number: str | None = None
    address: dict[str, Any] | None = None  # line1..3, city, postcode, state (code), country (alpha-3)
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Supplier:
    """A supplier as purchases and payments use it."""

    id: str
    code: str
    name: str
    archived: bool
    self_billed: bool  # the company issues its e-invoices (self-billed)
    identity: Identity = Identity()


@dataclass(frozen=True)
class Customer:
    """A customer as sales documents use it."""

    id: str
    code: str
    name: str
    archived: bool
    currency: str
    payment_terms_days: int
    group: str | None
    credit_limit: Decimal | None  # in its currency; None: no limit
    price_book_id: str | None  # its own price book
    control_account_id: str | None  # its receivable account; None: the company's
    identity: Identity = Identity()


@dataclass(frozen=True)
class PriceBookLine:
    item_id: str
    uom: str | None
    min_quantity: Decimal
    unit_price: Decimal


@dataclass(frozen=True)
class PriceBook:
    id: str
    code: str
    currency: str
    customer_group: str | None
    valid_from: str | None
    valid_to: str | None
    prices_include_tax: bool
    lines: tuple[PriceBookLine, ...]


@dataclass(frozen=True)
class OrgUnit:
    id: str
    code: str
    name: str
    kind: str  # company, branch, location or department
    archived: bool


class MasterData:
    """Reads of one tenant's master data, through its document store (``ledgerlet.hub.documents``)."""

    def __init__(self, documents: Any) -> None:
        self.documents = documents

    def account(self, account_id: str) -> Account | None:
        found = self.documents.get("ACCOUNT", account_id)
        return _account(found) if found else None

    def accounts_by_id(self, account_ids: Iterable[str]) -> dict[str, Account]:
        """The accounts of these ids that exist, by id (one request for up to a hundred)."""
        return {doc_id: _account(found) for doc_id, found in self.documents.get_many("ACCOUNT", account_ids).items()}

    def account_by_code(self, code: str) -> Account | None:
        found = self.documents.find_by_code("ACCOUNT", code)
        return _account(found) if found else None

    def accounts(self) -> list[Account]:
        """Every account, archived ones included (old balances may sit on them)."""
        return [_account(item) for item in self._every("ACCOUNT")]

    def _every(self, kind: str) -> list[dict[str, Any]]:
        """Every document of ``kind``, archived ones included, page after page."""
        return list(self.documents.every(kind, status="all"))

    def party(self, kind: str, party_id: str) -> Party | None:
        """A customer (``kind`` "CUSTOMER") or supplier ("SUPPLIER")."""
        if kind not in ("CUSTOMER", "SUPPLIER"):
            raise ValueError(f"not a party kind: {kind}")
        found = self.documents.get(kind, party_id)
        if not found:
            return None
        return Party(found["id"], found.get("code") or "", found.get("name") or "", found.get("status") == ARCHIVED)

    def supplier(self, supplier_id: str) -> Supplier | None:
        found = self.documents.get("SUPPLIER", supplier_id) if supplier_id.startswith("sup_") else None
        if not found:
            return None
        return Supplier(
            id=found["id"],
            code=found.get("code") or "",
            name=found.get("name") or "",
            archived=found.get("status") == ARCHIVED,
            self_billed=bool(found.get("self_billed")),
            identity=_identity(found),
        )

    def customer(self, customer_id: str) -> Customer | None:
        found = self.documents.get("CUSTOMER", customer_id) if customer_id.startswith("cus_") else None
        if not found:
            return None
        limit = found.get("credit_limit")
        return Customer(
            id=found["id"],
            code=found.get("code") or "",
            name=found.get("name") or "",
            archived=found.get("status") == ARCHIVED,
            currency=found.get("currency") or "MYR",
            payment_terms_days=int(found.get("payment_terms_days") or 0),
            group=found.get("group") or None,
            credit_limit=Decimal(str(limit)) if limit is not None else None,
            price_book_id=found.get("price_book_id") or None,
            control_account_id=found.get("control_account_id") or None,
            identity=_identity(found),
        )

    def price_books(self) -> list[PriceBook]:
        """Every price book in force (archived ones left out)."""
        return [
            PriceBook(
                id=found["id"],
                code=found.get("code") or "",
                currency=found.get("currency") or "MYR",
                customer_group=found.get("customer_group") or None,
                valid_from=found.get("valid_from") or None,
                valid_to=found.get("valid_to") or None,
                prices_include_tax=bool(found.get("prices_include_tax")),
                lines=tuple(
                    PriceBookLine(
                        line["item_id"],
                        line.get("uom") or None,
                        Decimal(str(line.get("min_quantity") or 1)),
                        Decimal(str(line["unit_price"])),
                    )
                    for line in found.get("lines") or []
                ),
            )
            for found in self.documents.every("PRICEBOOK")
        ]

    def cash_books(self) -> list[CashBook]:
        """Every cash book, archived ones included."""
        return [_cash_book(item) for item in self._every("CASHBOOK")]

    def cash_book(self, cash_book_id: str) -> CashBook | None:
        found = self.documents.get("CASHBOOK", cash_book_id)
        return _cash_book(found) if found else None

    def tax_code(self, tax_code_id: str) -> TaxCode | None:
        found = self.documents.get("TAXCODE", tax_code_id)
        if not found:
            return None
        return TaxCode(
            found["id"],
            found.get("code") or "",
            Decimal(str(found["rate"])),
            found.get("account_id") or None,
            found.get("status") == ARCHIVED,
            (found.get("deduction_account_id") or None) if found.get("deductible") else None,
            found.get("tax_type") or "",
        )

    def item(self, item_id: str) -> Item | None:
        found = self.documents.get("ITEM", item_id)
        if not found:
            return None
        fallback = found.get("standard_cost") or found.get("purchase_price")
        return Item(
            id=found["id"],
            code=found.get("code") or "",
            name=found.get("name") or "",
            kind=found.get("kind") or "",
            base_uom=found.get("base_uom") or "C62",
            costing_method=found.get("costing_method") or None,
            fallback_rate=Decimal(str(fallback)) if fallback is not None else None,
            inventory_account_id=found.get("inventory_account_id") or None,
            expense_account_id=found.get("expense_account_id") or None,
            archived=found.get("status") == ARCHIVED,
            allow_negative_stock=found.get("allow_negative_stock"),
            tracking=found.get("tracking") or None,
            shelf_life_days=int(found["shelf_life_days"]) if found.get("shelf_life_days") else None,
            sales_price=Decimal(str(found["sales_price"])) if found.get("sales_price") is not None else None,
            sales_tax_code_id=found.get("sales_tax_code_id") or None,
            income_account_id=found.get("income_account_id") or None,
            classification=found.get("classification") or None,
        )

    def item_by_sku(self, sku: str) -> Item | None:
        """The item a seller SKU or a scanned code names: its own code, else one of its barcodes (an
        archived item only when no other has it). None when no item has it."""
        found = self.documents.find_by_code("ITEM", sku)
        if found:
            return self.item(found["id"])
        from ledgerlet.hub.documents import ListQuery

        candidates = []
        cursor: str | None = None
        while True:  # the search index holds the barcodes: read only the items whose text contains it
            page = self.documents.list_documents("ITEM", ListQuery(limit=100, cursor=cursor, status="all", search=sku))
            candidates += [doc for doc in page.items if sku in (doc.get("barcodes") or [])]
            cursor = page.next_cursor
            if not cursor:
                break
        candidates.sort(key=lambda doc: doc.get("status") == ARCHIVED)
        return self.item(candidates[0]["id"]) if candidates else None

    def items(self, item_ids: Iterable[str]) -> dict[str, Item | None]:
        """Several items, each read once."""
        return {item_id: self.item(item_id) for item_id in set(item_ids)}

    def org_unit(self, org_unit_id: str) -> OrgUnit | None:
        found = self.documents.get("ORGUNIT", org_unit_id) if org_unit_id.startswith("org_") else None
        if not found:
            return None
        return OrgUnit(
            found["id"],
            found.get("code") or "",
            found.get("name") or "",
            found.get("kind") or "",
            found.get("status") == ARCHIVED,
        )

    def org_unit_label(self, org_unit_id: str) -> str | None:
        """``<code> <name>`` of an organisation unit (a branch, department or project), None if unknown."""
        found = self.documents.get("ORGUNIT", org_unit_id) if org_unit_id.startswith("org_") else None
        return f"{found.get('code') or ''} {found.get('name') or ''}".strip() if found else None

    def company_name(self) -> str | None:
        """The name of the company's own organisation unit (seeded from its legal name as ``HQ``)."""
        found = self.documents.find_by_code("ORGUNIT", "HQ")
        return str(found["name"]) if found and found.get("kind") == "company" else None

    def has_active_currency(self, code: str) -> bool:
        """The company keeps ``code`` among its currencies, not archived."""
        found = self.documents.find_by_code("CURRENCY", code)
        return found is not None and found.get("status") != ARCHIVED

    def rate_in_force(self, currency: str, day: str) -> Decimal | None:
        """MYR per unit of ``currency`` on ``day`` (ISO date) or the last day before it with a rate."""
        found = self.documents.find_by_code("CURRENCY", currency)
        if found is None:
            return None
        page = self.documents.entries("CURRENCY", found["id"], "RATE#", limit=1, up_to=day)
        return Decimal(str(page.items[0]["rate"])) if page.items else None


def rate_on(store: Any, currency: str, day: str, given: Decimal | None) -> Decimal:
    """The rate to convert a document in ``currency`` dated ``day`` (``store``: its document store): 1 for
    MYR, else the one sent or the currency's rate in force on that date (422 naming the field)."""
    if currency == BASE_CURRENCY:
        if given not in (None, Decimal(1)):
            raise invalid_field(
                "body.rate", f"{BASE_CURRENCY} documents convert at rate 1", "rate.base", currency=BASE_CURRENCY
            )
        return Decimal(1)
    master_data = MasterData(store)
    if not master_data.has_active_currency(currency):
        raise invalid_field(
            "body.currency",
            f"{currency} is not one of this company's active currencies",
            "currency.inactive",
            currency=currency,
        )
    if given is not None:
        return given
    rate = master_data.rate_in_force(currency, day)
    if rate is None:
        raise invalid_field(
            "body.rate",
            f"no {currency} rate on or before {day}: send a rate or set one",
            "rate.missing",
            currency=currency,
            date=day,
        )
    return rate
