"""Registers (tills) and the blocks of receipt numbers they lease.

A register is master data: where its stock leaves from (a location), its drawer and the clearing cash books of
card and e-wallet tenders, the walk-in customer its sales are made to, the account a drawer's over or short goes
to, and how many receipt numbers it leases at a time.

**Number blocks.** An offline register numbers its receipts itself, from blocks it leased while online:
``POST /v1/pos/registers/{id}/blocks`` takes the next ``block_size`` numbers from a counter kept beside the
register, in one transaction with the block's record, on the condition that the counter is still where it was
read: two leases at once never get the same numbers (the loser reads again). A receipt number is the
register's code and the number zero-padded to 6 (``R01-000042``); a sale whose number is in none of its
register's blocks is refused.

=====================================  ================================  =======================================
item                                   PK                                SK
=====================================  ================================  =======================================
the register                           ``T#POSREGISTER#reg_..``          ``DOC``
its number counter (``last``)          ``T#POSREGISTER#reg_..``          ``NUMBERS``
a leased block (``used``: sales)       ``T#POSREGISTER#reg_..``          ``BLOCK#000000101``
its open shift (one at a time)         ``T#POSREGISTER#reg_..``          ``OPENSHIFT``
=====================================  ================================  =======================================
"""

from __future__ import annotations

import random
import time
from typing import Any

from pydantic import BaseModel, Field

from ledgerlet.errors import Conflict, FieldError, NotFound, invalid_field
from ledgerlet.fields import Code, Name
from ledgerlet.fields import Reference as Id
from ledgerlet.hub import keys
from ledgerlet.hub.codec import to_item
from ledgerlet.hub.documents import Actor, DocumentStore
from ledgerlet.hub.table import CONTENDED, Page, now_iso
from ledgerlet.ids import is_id
from ledgerlet.kinds import Input, MasterKind
from ledgerlet.pos.rules import receipt_number

DOC_TYPE = "POSREGISTER"
NUMBERS_SK = "NUMBERS"
BLOCK_PREFIX = "BLOCK#"
OPEN_SHIFT_SK = "OPENSHIFT"
LAST_NUMBER = 999_999  # six digits
ATTEMPTS = 30
APPLET = "pos"
MANAGED = {"create": "manage", "update": "manage", "archive": "manage"}


class PosRegisterCreate(Input):
    code: Code = Field(description="The register's own code (`R01`): its receipts are numbered `R01-000042`.")
    name: Name
    location_id: Id = Field(description="The location (an org unit of kind location) its stock leaves from.")
    cash_book_id: Id = Field(description="The drawer: the cash book its cash is kept in.")
    card_cash_book_id: Id = Field(description="The clearing cash book card tenders are debited to.")
    ewallet_cash_book_id: Id = Field(description="The clearing cash book e-wallet tenders are debited to.")
    customer_id: Id = Field(description="The walk-in customer its sales are made to (no TIN: the general public).")
    over_short_account_id: Id = Field(description="Where a drawer's over or short at the close is posted.")
    cash_transfer_account_id: Id | None = Field(
        default=None,
        description="The other side of cash put in or taken out of the drawer (a float from the safe, a pickup to "
        "it); none: 1010 Cash in Hand. A movement may name its own account (a paid-out expense).",
    )
    price_book_id: Id | None = Field(
        default=None, description="Its price book; none: the items' sales prices (shelf prices, SST included)."
    )
    block_size: int = Field(default=100, ge=10, le=1000, description="How many receipt numbers a lease takes.")


def _cash_book(store: DocumentStore, field: str, cash_book_id: str) -> None:
    from ledgerlet.masterdata.contract import MasterData

    book = MasterData(store).cash_book(cash_book_id)
    if book is None or book.archived:
        raise invalid_field(
            f"body.{field}", f"cash book {cash_book_id} does not exist", "reference.missing", id=cash_book_id
        )
    if book.currency != "MYR":
        raise invalid_field(
            f"body.{field}",
            f"{book.code} keeps {book.currency}",
            "cash_book.kept_in",
            book=book.code,
            currency=book.currency,
        )


def check_account(store: DocumentStore, field: str, account_id: str) -> None:
    from ledgerlet.masterdata.contract import MasterData

    account = MasterData(store).account(account_id)
    if account is None or account.archived:
        raise invalid_field(f"body.{field}", f"account {account_id} does not exist", "reference.missing", id=account_id)
    if not account.postable:
        raise invalid_field(
            f"body.{field}", f"{account.code} groups other accounts", "account.header", account=account.code
        )


def _references(store: DocumentStore, doc: dict[str, Any], _before: dict[str, Any] | None) -> None:
    """Everything a register names exists: a location, MYR cash books, a customer, postable accounts."""
    from ledgerlet.masterdata.contract import MasterData

    master = MasterData(store)
    unit = master.org_unit(doc["location_id"])
    if unit is None or unit.archived:
        raise invalid_field(
            "body.location_id",
            f"location {doc['location_id']} does not exist",
            "reference.missing",
            id=doc["location_id"],
        )
    if unit.kind != "location":
        raise invalid_field("body.location_id", f"{unit.code} is not a location", "stock.not_location", unit=unit.code)
    for field in ("cash_book_id", "card_cash_book_id", "ewallet_cash_book_id"):
        _cash_book(store, field, doc[field])
    customer = master.customer(doc["customer_id"])
    if customer is None or customer.archived:
        raise invalid_field(
            "body.customer_id",
            f"customer {doc['customer_id']} does not exist",
            "reference.missing",
            id=doc["customer_id"],
        )
    for field in ("over_short_account_id", "cash_transfer_account_id"):
        if doc.get(field):
            check_account(store, field, doc[field])
    book_id = doc.get("price_book_id")
    if book_id and (store.get("PRICEBOOK", book_id) or {}).get("status") != "active":
        raise invalid_field(
            "body.price_book_id", f"price book {book_id} does not exist", "reference.missing", id=book_id
        )


REGISTERS = MasterKind(
    label="register",
    applet=APPLET,
    doc_type=DOC_TYPE,
    id_prefix="reg",
    create_model=PosRegisterCreate,
    filters=("location_id",),
    rules=(_references,),
    collection="pos/registers",
    permissions=MANAGED,
)


# --- number blocks ---------------------------------------------------------------------------------------------


class PosBlock(BaseModel):
    register_id: str
    first: int
    last: int
    first_number: str = Field(description="The first receipt number of the block (`R01-000101`).")
    last_number: str
    leased_at: str
    leased_by: str
    used: int = Field(default=0, description="How many of its numbers sales took.")


class PosBlockPage(BaseModel):
    items: list[PosBlock]
    next_cursor: str | None = None


def _pk(store: DocumentStore, register_id: str) -> str:
    return keys.document_pk(store.tenant_id, DOC_TYPE, register_id)


def block_sk(first: int) -> str:
    return f"{BLOCK_PREFIX}{first:09d}"


def register_of(store: DocumentStore, register_id: str) -> dict[str, Any]:
    if not is_id(register_id, REGISTERS.id_prefix):
        raise NotFound(f"register {register_id} does not exist")
    return store.require(DOC_TYPE, register_id, "register")


def _last_leased(store: DocumentStore, register_id: str) -> int:
    found = store.db.get_item(
        TableName=store.table,
        Key={"PK": {"S": _pk(store, register_id)}, "SK": {"S": NUMBERS_SK}},
        ConsistentRead=True,
    ).get("Item")
    return int(found["last"]["N"]) if found else 0


def lease_block(store: DocumentStore, actor: Actor, register_id: str) -> dict[str, Any]:
    """The register's next block of numbers, leased: the counter moved on the condition that nobody moved it
    since it was read, with the block's record and the register still active, in one transaction."""
    register = register_of(store, register_id)
    if register["status"] != "active":
        raise Conflict(f"register {register['code']} is archived", [FieldError("id", "archived", "document.archived")])
    size = int(register.get("block_size") or 100)
    pk = _pk(store, register_id)
    for attempt in range(ATTEMPTS):
        last = _last_leased(store, register_id)
        first, until = last + 1, last + size
        if until > LAST_NUMBER:
            raise Conflict(
                f"register {register['code']} has used all its receipt numbers",
                [FieldError("id", "no numbers left", "pos.numbers_exhausted", {"register": register["code"]})],
            )
        block = {
            "register_id": register_id,
            "first": first,
            "last": until,
            "first_number": receipt_number(register["code"], first),
            "last_number": receipt_number(register["code"], until),
            "leased_at": now_iso(),
            "leased_by": actor.user_id,
            "used": 0,
        }
        counter: dict[str, Any] = {
            "TableName": store.table,
            "Key": {"PK": {"S": pk}, "SK": {"S": NUMBERS_SK}},
            "UpdateExpression": "SET #last = :until",
            "ExpressionAttributeNames": {"#last": "last"},
            "ExpressionAttributeValues": {":until": {"N": str(until)}},
        }
        if last:
            counter["ConditionExpression"] = "#last = :seen"
            counter["ExpressionAttributeValues"][":seen"] = {"N": str(last)}
        else:
            counter["ConditionExpression"] = "attribute_not_exists(#last)"
        failed = store.transact(
            [
                {
                    "ConditionCheck": {
                        "TableName": store.table,
                        "Key": {"PK": {"S": pk}, "SK": {"S": keys.DOC_SK}},
                        "ConditionExpression": "#status = :active",
                        "ExpressionAttributeNames": {"#status": "status"},
                        "ExpressionAttributeValues": {":active": {"S": "active"}},
                    }
                },
                {"Update": counter},
                {
                    "Put": {
                        "TableName": store.table,
                        "Item": to_item({"PK": pk, "SK": block_sk(first), "entity": "POSBLOCK", **block}),
                        "ConditionExpression": "attribute_not_exists(PK)",
                    }
                },
            ]
        )
        if not failed:
            return block
        if 0 in failed:
            raise Conflict(
                f"register {register['code']} is archived", [FieldError("id", "archived", "document.archived")]
            )
        if failed - {1, 2, CONTENDED}:
            break
        time.sleep(random.uniform(0.002, 0.02) * min(attempt + 1, 8))  # another lease took these numbers
    raise Conflict("the register's numbers are busy, retry")


def blocks(store: DocumentStore, register_id: str, limit: int, cursor: str | None) -> Page:
    """The register's blocks, the latest first, each with how many of its numbers sales took."""
    register_of(store, register_id)
    return store.entries(DOC_TYPE, register_id, BLOCK_PREFIX, limit=limit, cursor=cursor)


def block_of(store: DocumentStore, register_id: str, number: int) -> dict[str, Any] | None:
    """The leased block holding ``number``, None when no block of the register does."""
    page = store.entries(DOC_TYPE, register_id, BLOCK_PREFIX, limit=1, up_to=f"{number:09d}")
    found = page.items[0] if page.items else None
    return found if found and int(found["first"]) <= number <= int(found["last"]) else None


def use_number(store: DocumentStore, register_id: str, first: int) -> dict[str, Any]:
    """The operation counting one more number of a block used (in the sale's own transaction)."""
    return {
        "Update": {
            "TableName": store.table,
            "Key": {"PK": {"S": _pk(store, register_id)}, "SK": {"S": block_sk(first)}},
            "UpdateExpression": "ADD #used :one",
            "ConditionExpression": "attribute_exists(PK)",
            "ExpressionAttributeNames": {"#used": "used"},
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }
    }


def open_shift_id(store: DocumentStore, register_id: str) -> str | None:
    """The register's open shift, if any."""
    found = store.db.get_item(
        TableName=store.table,
        Key={"PK": {"S": _pk(store, register_id)}, "SK": {"S": OPEN_SHIFT_SK}},
        ConsistentRead=True,
    ).get("Item")
    return found["shift_id"]["S"] if found else None


def hold_open_shift(store: DocumentStore, register_id: str, shift_id: str) -> dict[str, Any]:
    """The operation marking ``shift_id`` the register's open shift, on the condition that none is open."""
    item = {"PK": _pk(store, register_id), "SK": OPEN_SHIFT_SK, "entity": "POSOPENSHIFT", "shift_id": shift_id}
    return {"Put": {"TableName": store.table, "Item": to_item(item), "ConditionExpression": "attribute_not_exists(PK)"}}


def let_go_open_shift(store: DocumentStore, register_id: str, shift_id: str) -> dict[str, Any]:
    """The operation freeing the register of its open shift ``shift_id`` (when it is still that one)."""
    return {
        "Delete": {
            "TableName": store.table,
            "Key": {"PK": {"S": _pk(store, register_id)}, "SK": {"S": OPEN_SHIFT_SK}},
            "ConditionExpression": "shift_id = :shift",
            "ExpressionAttributeValues": {":shift": {"S": shift_id}},
        }
    }
