"""Costing stock entries after they are written: the inventory's subscription to the hub's events.

For each new stock entry, the keys it moved are re-costed (and the keys their transfers reach), the
changes of value are booked to the ledger through valuation documents (``valuation``), and the entry
is marked ``valued``. A delivery repeated or interrupted at any point does the rest and no more: the
stock ledger's pending points are cleared only after the bookings, which are written on the rows'
revisions.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from ledgerlet.hub.codec import from_item
from ledgerlet.hub.documents import Actor, DocumentStore, ExtraRefused
from ledgerlet.inventory.costing import Policy
from ledgerlet.inventory.settings import policy_of, read_settings
from ledgerlet.inventory.stock_ledger import StockLedger
from ledgerlet.inventory.valuation import Booking, ItemAccounts, changed_bookings
from ledgerlet.masterdata.contract import MasterData

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    from ledgerlet.inventory.stock_ledger import Recosted

logger = Logger(service="ledgerlet")
COSTING = Actor("inventory-costing")


class StockCosting:
    """One tenant's costing run: settle keys, book their value changes, mark entries valued."""

    def __init__(self, tenant_id: str) -> None:
        self.store = DocumentStore(tenant_id)
        self.master = MasterData(self.store)
        self.ledger = StockLedger(tenant_id)
        self._accounts: dict[str, ItemAccounts] = {}
        self.settings = read_settings(tenant_id)
        self._policies: dict[str, Policy] = {}

    def cost_entry(self, entry: dict[str, Any]) -> None:
        keys = [(line["item_id"], entry["location_id"]) for line in entry["lines"]]
        if entry.get("to_location_id"):
            keys += [(line["item_id"], entry["to_location_id"]) for line in entry["lines"]]
        self.ledger.settle(keys, _Policies(self), post=self._book)
        if self.is_costed(entry):
            self.store.set_state("STOCKENTRY", entry["id"], "valuation_state", "valued", expected="pending")

    def is_costed(self, entry: dict[str, Any]) -> bool:
        """Whether nothing waits to be costed at or before the entry's rows (entries recorded after it may)."""
        from ledgerlet.inventory.entries import movements_of
        from ledgerlet.inventory.stock_ledger import row_sk

        if "seq" not in entry:  # an answer of the API, not the stored entry
            entry = self.store.require("STOCKENTRY", entry["id"], "stock entry")
        last_row: dict[tuple[str, str], str] = {}
        for movement in movements_of(entry, entry["id"], int(entry["seq"])):
            last_row[movement.key] = max(last_row.get(movement.key, ""), row_sk(movement))
        for key, sk in last_row.items():
            pending = (self.ledger.head(*key) or {}).get("pending") or []
            if pending and min(pending) <= sk:
                return False
        return True

    def policy(self, item_id: str) -> Policy:
        if item_id not in self._policies:
            item = self.master.item(item_id)
            if item is None:
                raise LookupError(f"item {item_id} does not exist")
            self._policies[item_id] = policy_of(item, self.settings)
        return self._policies[item_id]

    def accounts(self, item_id: str) -> ItemAccounts:
        if item_id not in self._accounts:
            item = self.master.item(item_id)
            self._accounts[item_id] = ItemAccounts(
                stock=(item and item.inventory_account_id) or self._system("inventory"),
                cost_of_sales=(item and item.expense_account_id) or self._system("cost_of_goods_sold"),
                received_not_billed=self._system("goods_received_not_invoiced"),
                adjustment=self._system("inventory_adjustment"),
            )
        return self._accounts[item_id]

    def _system(self, role: str) -> str:
        from ledgerlet.reference.sme_chart import SYSTEM_ACCOUNTS

        account = self.master.account_by_code(SYSTEM_ACCOUNTS[role])
        if account is None:
            raise LookupError(f"the chart of accounts has no {role} account ({SYSTEM_ACCOUNTS[role]})")
        return account.id

    def _book(self, result: Recosted) -> bool:
        """Book each entry's changes of value; False when a row changed meanwhile (cost again)."""
        for booking in changed_bookings(result.stored, self.accounts):
            rows = [self.ledger.posted_update(row, now) for row, now in booking.rows]
            try:
                if booking.lines:
                    self._valuation(booking, rows)
                elif self.store.transact(rows):
                    return False
            except ExtraRefused:
                return False
        return True

    def _valuation(self, booking: Booking, rows: list[dict[str, Any]]) -> None:
        entry = self.store.get("STOCKENTRY", booking.entry_id) or {}
        label = entry.get("code") or booking.entry_id
        lines = [
            {"account_id": account, **({"debit": amount} if amount > 0 else {"credit": -amount})}
            for account, amount in sorted(booking.lines.items())
        ]
        document = {
            "date": booking.day,
            "currency": "MYR",
            "rate": "1",
            "memo": f"Stock valuation of {label}",
            "name": f"Stock valuation of {label}",
            "stock_entry_id": booking.entry_id,
            "lines": lines,
            "posting_state": "pending",
        }
        self.store.create("STOCKVALUATION", "stv", document, COSTING, extra=rows)


class _Policies(dict[str, "Policy"]):
    """Item policies, read as the settle loop meets the items."""

    def __init__(self, costing: StockCosting) -> None:
        super().__init__()
        self.costing = costing

    def __missing__(self, item_id: str) -> Policy:
        return self.costing.policy(item_id)


def _cost(record: SQSRecord) -> None:
    change = json.loads(record.body)  # the hub change record the fan-out published
    image = (change.get("dynamodb") or {}).get("NewImage")
    if not image:
        return
    entry = from_item(image)
    if entry.get("entity") != "STOCKENTRY":
        return
    tenant_id = str(entry["PK"]).split("#", 1)[0]
    StockCosting(tenant_id).cost_entry(entry)
    logger.info("stock entry costed", extra={"tenant_id": tenant_id, "document_id": entry["id"]})


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    processor = BatchProcessor(event_type=EventType.SQS)
    return dict(process_partial_response(event=event, record_handler=_cost, processor=processor, context=context))
