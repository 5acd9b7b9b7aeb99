"""Key conventions of the hub table: the one place that spells them.

Every key of a tenant's data starts with ``<tenant_id>#``: the partition key of the table (``PK``)
and of every index (``GSI1PK``, ``GSI2PK``), which is what makes an item's primary key, in the table
and in each index, the tenant's. That prefix is what the tenant-scoped session policy allows
(``dynamodb:LeadingKeys``), so a request holding tenant A's credentials cannot touch tenant B.

==========================  ==================================  ===========================
item                        PK                                  SK
==========================  ==================================  ===========================
document (e.g. customer)    ``T#CUSTOMER#cus_01..``             ``DOC``
its audit trail             ``T#CUSTOMER#cus_01..``             ``AUDIT#0000000003``
unique-code guard           ``T#CUSTOMER#CODE#C-000042``        ``UNIQUE``
numbering series counter    ``T#SERIES#CUSTOMER``               ``COUNTER``
tenant access projection    ``T#ACCESS``                        ``TENANT`` / ``USER#<sub>``
company profile (a copy)    ``T#ACCESS``                        ``PROFILE``
idempotency record          ``T#IDEMPOTENCY#<function>``        ``<hash>``
journal entry (header)      ``T#ENTRY#jnl_01..``                ``HEAD``
its posting chunks          ``T#ENTRY#jnl_01..``                ``CHUNK#0000``
account ledger line         ``T#GL#acc_01..#2026-11``           ``2026-11-25#jnl_01..#0003``
balance                     ``T#BAL#2026-11``                   ``acc_01..#<dimensions key>``
ledger settings and locks   ``T#LEDGER``                        ``SETTINGS`` / ``AUDIT#..``
posting exception           ``T#POSTING#EXCEPTIONS``            ``JOURNAL#jv_01..``
==========================  ==================================  ===========================

(``T`` is the tenant id, e.g. ``tnt_01JD..``.) Overloaded GSIs give each document type its listing
orders: ``GSI1PK = T#CUSTOMER`` with ``GSI1SK = <code>``; ``GSI2PK = T#CUSTOMER`` with
``GSI2SK = <lower-cased name>#<id>``. Journal entries list by date on ``GSI1PK = T#ENTRIES``.

Balances are kept per account x month x dimensions; the ledger's stream consumer adds a whole batch
of documents to them at once (one write per balance item per batch, however many lines hit it), and
reports read O(accounts x periods) items, however many lines were posted.
"""

from __future__ import annotations

import re

SEP = "#"
DOC_SK = "DOC"
UNIQUE_SK = "UNIQUE"
COUNTER_SK = "COUNTER"
AUDIT_PREFIX = "AUDIT#"

BY_CODE_INDEX = "GSI1"
BY_NAME_INDEX = "GSI2"

LISTED_ATTRIBUTES = (
    # What both listing indexes keep of an item besides the keys (template.yaml's Projection): the
    # attributes list queries filter on. Queries read the items they find whole from the table, so a
    # write that changes none of these (a tally, a workflow's bookkeeping, an outstanding amount) costs
    # the indexes nothing. At most 100 across both indexes (DynamoDB's limit): tests/unit/test_listing_indexes.py.
    "entity",
    "status",
    "search",
    "qty",  # batch counters: the batches report lists those on hand
    *sorted(
        {
            *("against", "cash_book_id", "category", "classification", "connection_id", "control", "currency"),
            "customer_group",
            *("customer_id", "driver_id", "frequency", "from_cash_book_id", "group", "invoice_id", "item_id"),
            *("job_title", "kind", "location_id", "order_id", "org_unit_id", "parent_id", "posting_state"),
            *("purpose", "quotation_id", "run_date", "source", "state", "subtype", "supplier_id", "tax_type"),
            *("tin", "to_cash_book_id", "tracking", "type", "valuation_state"),
        }
    ),
)


TENANT_ID = re.compile(r"tnt_[0-9A-Za-z]{1,40}")
"""Every tenant id: ``tnt_`` and letters or digits, so no system partition (``GLOBAL#...``) can be one,
and the tenant role's session tag (``tnt_*``) names nothing else."""


def tenant_prefix(tenant_id: str) -> str:
    """The leading-key prefix every key of this tenant starts with."""
    if not TENANT_ID.fullmatch(tenant_id or ""):
        raise ValueError(f"invalid tenant id {tenant_id!r}")
    return tenant_id + SEP


def document_pk(tenant_id: str, doc_type: str, doc_id: str) -> str:
    return f"{tenant_prefix(tenant_id)}{doc_type}{SEP}{doc_id}"


def collection_pk(tenant_id: str, doc_type: str) -> str:
    """Partition key of a document type's listing indexes (GSI1PK and GSI2PK)."""
    return f"{tenant_prefix(tenant_id)}{doc_type}"


def code_guard_pk(tenant_id: str, doc_type: str, code: str) -> str:
    return f"{tenant_prefix(tenant_id)}{doc_type}{SEP}CODE{SEP}{code}"


def series_pk(tenant_id: str, series: str) -> str:
    return f"{tenant_prefix(tenant_id)}SERIES{SEP}{series}"


def audit_sk(version: int) -> str:
    return f"{AUDIT_PREFIX}{version:010d}"


def name_sort_key(name: str, doc_id: str) -> str:
    return f"{name.casefold()}{SEP}{doc_id}"


def access_pk(tenant_id: str) -> str:
    return f"{tenant_prefix(tenant_id)}ACCESS"


ACCESS_TENANT_SK = "TENANT"
ACCESS_PROFILE_SK = "PROFILE"


def access_user_sk(user_sub: str) -> str:
    return f"USER{SEP}{user_sub}"


def idempotency_pk(tenant_id: str, function_name: str) -> str:
    return f"{tenant_prefix(tenant_id)}IDEMPOTENCY{SEP}{function_name}"


ENTRY_HEAD_SK = "HEAD"


def entry_pk(tenant_id: str, entry_id: str) -> str:
    return f"{tenant_prefix(tenant_id)}ENTRY{SEP}{entry_id}"


def entries_collection_pk(tenant_id: str) -> str:
    return f"{tenant_prefix(tenant_id)}ENTRIES"


def chunk_sk(chunk: int) -> str:
    return f"CHUNK{SEP}{chunk:04d}"


def account_ledger_pk(tenant_id: str, account_id: str, period: str) -> str:
    return f"{tenant_prefix(tenant_id)}GL{SEP}{account_id}{SEP}{period}"


def account_ledger_sk(day: str, entry_id: str, line: int) -> str:
    return f"{day}{SEP}{entry_id}{SEP}{line:04d}"


def balance_pk(tenant_id: str, period: str) -> str:
    return f"{tenant_prefix(tenant_id)}BAL{SEP}{period}"


def balance_sk(account_id: str, dimensions_key: str) -> str:
    return f"{account_id}{SEP}{dimensions_key}"


def ledger_pk(tenant_id: str) -> str:
    return f"{tenant_prefix(tenant_id)}LEDGER"


LEDGER_SETTINGS_SK = "SETTINGS"


def posting_exceptions_pk(tenant_id: str) -> str:
    return f"{tenant_prefix(tenant_id)}POSTING{SEP}EXCEPTIONS"


KEY_ATTRIBUTES = ("PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK")
PARTITION_KEYS = ("PK", "GSI1PK", "GSI2PK")


def belongs_to(tenant_id: str, key: dict[str, object]) -> bool:
    """True when every partition key present starts with the tenant's prefix (cursor checks)."""
    prefix = tenant_prefix(tenant_id)
    present = [key[name] for name in PARTITION_KEYS if name in key]
    return bool(present) and all(isinstance(value, str) and value.startswith(prefix) for value in present)


# --- period close and recurring journals (appended) -------------------------------------------


def close_pk(tenant_id: str) -> str:
    """Partition of a tenant's period-close records (``SK`` = the period, ``YYYY-MM``)."""
    return f"{tenant_prefix(tenant_id)}CLOSE"
