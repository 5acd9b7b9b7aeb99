"""One tenant's stock ledger on the hub: per item and location (a *key*), its rows in posting order.

=====================  ========================================  =====================================
item                   PK                                        SK
=====================  ========================================  =====================================
stock ledger row       ``T#STOCK#<item>#<location>``             ``ROW#<date>#<time>#<seq:020d>``
the key's head         ``T#STOCK#<item>#<location>``             ``HEAD`` (GSI1: ``T#STOCKKEYS``, ``<item>#<location>``)
=====================  ========================================  =====================================

Recording a movement writes its row (valuation pending) and lowers the head's ``recost_from`` to the
row's position, in one transaction. :meth:`StockLedger.recost` then costs the key from that point on
(:mod:`ledgerlet.inventory.costing`): it reads only this key's rows from the point, and writes back only
the rows whose valuation changed, each on the condition that nobody changed it meanwhile; it clears
``recost_from`` on the condition that the head is still at the revision it read. A movement recorded
while a re-cost runs makes either condition fail, and the re-cost starts again from the new point, so
nothing written meanwhile is lost. Other items and other tenants are other partitions: never read,
never blocked. A transfer whose value out changed passes the new value to its destination's row and
marks that key for re-costing from there.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_item, to_value
from ledgerlet.hub.table import CONTENDED, TenantTable
from ledgerlet.inventory.costing import ZERO, Layer, Movement, NegativeStock, Policy, StockRow, Valuation, cost
from ledgerlet.inventory.quantities import change, first_shortfall, on_hand_after

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from mypy_boto3_dynamodb import DynamoDBClient

HEAD_SK = "HEAD"
ROW_PREFIX = "ROW#"
MAX_ATTEMPTS = 8
NEW = "attribute_not_exists(PK)"
CANCELLED = {"valued": True, "qty_change": 0, "value_change": 0, "after": None}


def key_pk(tenant_id: str, item_id: str, location_id: str) -> str:
    return f"{keys.tenant_prefix(tenant_id)}STOCK{keys.SEP}{item_id}{keys.SEP}{location_id}"


def keys_pk(tenant_id: str) -> str:
    """The index partition (GSI1) listing a tenant's keys: every head is in it, by item and location."""
    return f"{keys.tenant_prefix(tenant_id)}STOCKKEYS"


def row_sk(movement: Movement) -> str:
    return f"{ROW_PREFIX}{movement.posted_on.isoformat()}#{movement.posted_at}#{movement.seq:020d}"


@dataclass(frozen=True)
class Recosted:
    """What one re-cost did: the rows it (re)valued and the other keys it marked through transfers."""

    rows: list[StockRow]
    marked: list[tuple[str, str]]
    waiting: bool = False  # stopped at a transfer in whose source has not passed its value on yet
    stored: list[dict[str, Any]] = field(default_factory=list)  # the rows costed, as now stored


@dataclass(frozen=True)
class RecordPlan:
    operations: list[dict[str, Any]]
    row_count: int
    keys: tuple[tuple[str, str], ...]  # the key of each head operation, in order after the rows
    checked: frozenset[tuple[str, str]]

    def checked_after(self, failed: set[int]) -> frozenset[tuple[str, str]]:
        """The keys to check by reading next time, after these operations' conditions failed. A row that
        already exists is a movement recorded twice: an error, not a retry."""
        if any(0 <= position < self.row_count for position in failed):
            raise RuntimeError("a movement was already recorded")
        heads = {self.keys[position - self.row_count] for position in failed if position >= self.row_count}
        return self.checked | heads


class StockLedger:
    def __init__(self, tenant_id: str, db: DynamoDBClient | None = None) -> None:
        self.tenant_id = tenant_id
        self.table = TenantTable(tenant_id, db)

    # --- recording ---------------------------------------------------------------------------------

    def record(self, movements: Sequence[Movement], policies: Mapping[str, Policy] | None = None) -> None:
        """Write the movements' rows (valuation pending), and each key's quantity on hand and pending points,
        in one transaction. Where an item's policy refuses negative stock, a movement that would take a key
        below zero, then or at any later row, raises :class:`NegativeStock` and nothing is written.

        The usual movement, dated after every row of its key, is checked by a condition on the head alone
        (``on_hand >= quantity``), so concurrent issues of the last units never both succeed. A back-dated
        movement or a count reads the key's rows to check the running quantity, and writes on the condition
        that the head is still at the revision it read. A transfer's ``transfer_in`` must be recorded with
        its ``transfer_out``; a return's original must already be recorded. At most 50 movements."""
        plan = self.plan(movements, policies)
        for _ in range(MAX_ATTEMPTS):
            failed = self.table.transact(plan.operations)
            if not failed:
                return
            plan = self.plan(movements, policies, plan.checked_after(failed))
        raise RuntimeError("stock kept changing while the movements were recorded")

    def plan(
        self,
        movements: Sequence[Movement],
        policies: Mapping[str, Policy] | None,
        checked: frozenset[tuple[str, str]] = frozenset(),
        consumed: Mapping[tuple[str, str], Decimal] | None = None,
    ) -> RecordPlan:
        """The operations that record ``movements`` (rows, then one head per key), for :meth:`record` or for
        a caller that commits them with its own document. Keys in ``checked`` are checked by reading them.
        ``consumed``: per key, stock this issue takes from its own reservations (reserved for it, so not
        available to others but to it): the head's reserved quantity goes down by as much, in the same write."""
        if len(movements) > 50:
            raise ValueError("at most 50 movements at once")
        rows = [self._row_put(movement, movements) for movement in movements]
        by_key: dict[tuple[str, str], list[Movement]] = {}
        for movement in movements:
            by_key.setdefault(movement.key, []).append(movement)
        own = consumed or {}
        heads = [
            self._checked_head(key, news, policies, own.get(key, ZERO))
            if key in checked
            else self._quick_head(key, news, policies, own.get(key, ZERO))
            for key, news in by_key.items()
        ]
        return RecordPlan(rows + heads, len(rows), tuple(by_key), checked)

    def cancel(self, movement: Movement, policies: Mapping[str, Policy] | None = None) -> None:
        """Cancel a recorded movement (see :meth:`cancel_plan`)."""
        for _ in range(MAX_ATTEMPTS):
            failed = self.table.transact(self.cancel_plan([movement], policies))
            if not failed:
                return
            if 0 in failed:
                raise RuntimeError(f"movement {movement.id} is not recorded, or already cancelled")
        raise RuntimeError(f"stock kept changing while {movement.id} was cancelled")

    def cancel_plan(self, movements: Sequence[Movement], policies: Mapping[str, Policy] | None) -> list[dict[str, Any]]:
        """The operations that cancel recorded movements at once: their rows stay (append-only), no longer
        costed, and their keys re-cost. Where negative stock is refused, cancelling what later issues
        relied on raises :class:`NegativeStock`. The rows first, then one head per key, each on its revision."""
        rows = [
            {
                "Update": {
                    "TableName": self.table.table,
                    "Key": {"PK": to_value(self._pk(*movement.key)), "SK": to_value(row_sk(movement))},
                    "UpdateExpression": "SET cancelled = :yes, revision = revision + :one",
                    "ConditionExpression": "attribute_exists(PK) AND attribute_not_exists(cancelled)",
                    "ExpressionAttributeValues": {":yes": to_value(True), ":one": to_value(1)},
                }
            }
            for movement in movements
        ]
        by_key: dict[tuple[str, str], list[Movement]] = {}
        for movement in movements:
            by_key.setdefault(movement.key, []).append(replace(movement, cancelled=True))
        return rows + [self._checked_head(key, cancelled, policies) for key, cancelled in by_key.items()]

    def _row_put(self, movement: Movement, batch: Sequence[Movement]) -> dict[str, Any]:
        item = {**self._keys(movement), "entity": "STOCKROW", **_movement_fields(movement), "revision": 1}
        if movement.original_id:
            item["original_sk"] = self._sk_of(movement.item_id, movement.location_id, movement.original_id)
        if movement.kind == "transfer_out":
            receiver = next(m for m in batch if m.transfer_id == movement.id)
            item["receiver"] = {"pk": self._pk(receiver.item_id, receiver.location_id), "sk": row_sk(receiver)}
        return {"Put": {"TableName": self.table.table, "Item": to_item(item), "ConditionExpression": NEW}}

    def _quick_head(
        self, key: tuple[str, str], news: list[Movement], policies: Mapping[str, Policy] | None, own: Decimal = ZERO
    ) -> dict[str, Any]:
        """The head's update for movements that come after every row of the key, checked by conditions."""
        news = sorted(news, key=lambda m: m.order)
        changes = [change(m) for m in news]
        if None in changes:  # a count sets the quantity: only a read of the key can tell the change
            return self._checked_head(key, news, policies, own)
        running, lowest = ZERO, ZERO
        for delta in changes:
            running += delta or ZERO
            lowest = min(lowest, running)
        # After every row of the key (else the next attempt reads it), and enough on hand when it must be
        condition = "(attribute_not_exists(last_sk) OR last_sk < :first)"
        values = {":delta": to_value(running), ":first": to_value(row_sk(news[0])), ":last": to_value(row_sk(news[-1]))}
        if lowest < 0 and _refuses_negative(key, policies):  # what is reserved is not for the taking
            condition += " AND available >= :need"  # but what was reserved for this issue is
            values[":need"] = to_value(-lowest - own)
        assignments = (
            "on_hand = if_not_exists(on_hand, :zero) + :delta, "
            "available = if_not_exists(available, :zero) + :delta + :own, last_sk = :last, "
        )
        values[":own"] = to_value(own)
        if own:
            condition += " AND reserved >= :own"
            assignments += "reserved = reserved - :own, "
        return self._head_update(key, [row_sk(m) for m in news], assignments, values, condition=condition)

    def _checked_head(
        self, key: tuple[str, str], news: list[Movement], policies: Mapping[str, Policy] | None, own: Decimal = ZERO
    ) -> dict[str, Any]:
        """The head's update after reading the key: the running quantity checked from the earliest new point,
        on the condition that the head has not changed since."""
        head = self.head(*key)
        stored = [_movement(*key, row) for row in self.rows(*key)]
        changed = {m.id for m in news}
        combined = [m for m in stored if m.id not in changed] + list(news)
        running = on_hand_after(combined)
        on_hand = running[-1][1] if running else ZERO
        reserved = Decimal(str((head or {}).get("reserved") or 0)) - own  # this issue's own held no more
        if _refuses_negative(key, policies):
            since = min(m.order for m in news)
            short = first_shortfall(combined, since)
            before = Decimal(str((head or {}).get("on_hand") or 0))
            if short is None and on_hand < min(reserved, before):
                short = (news[-1], reserved - on_hand)  # it would take stock reserved for others
            if short is not None:
                culprit = next((m for m in sorted(news, key=lambda m: m.order) if m.order <= short[0].order), news[0])
                raise NegativeStock(culprit, short[1])
        last = max([row_sk(m) for m in combined] + [str(head.get("last_sk", "")) if head else ""])
        values = {
            ":on_hand": to_value(on_hand),
            ":available": to_value(on_hand - reserved),
            ":last": to_value(last),
        }
        if own:
            values[":reserved"] = to_value(reserved)
        if head:
            condition, values[":read"] = "revision = :read", to_value(head["revision"])
        else:
            condition = "attribute_not_exists(PK)"
        sks = [row_sk(m) for m in news]
        assignments = "on_hand = :on_hand, available = :available, last_sk = :last, "
        if own:
            assignments += "reserved = :reserved, "
        counts = [m.posted_on.isoformat() for m in news if m.kind == "count" and not m.cancelled]
        if counts:  # cycle counting counts first what was counted longest ago
            assignments += "last_counted_on = :counted, "
            values[":counted"] = to_value(max(counts))
        return self._head_update(key, sks, assignments, values, condition=condition)

    def _head_update(
        self,
        key: tuple[str, str],
        sks: list[str],
        assignments: str,
        values: dict[str, Any],
        *,
        condition: str | None = None,
    ) -> dict[str, Any]:
        """Set the head's ``assignments``, add the rows' keys to its pending points and bump its revision."""
        update: dict[str, Any] = {
            "TableName": self.table.table,
            "Key": {"PK": to_value(self._pk(*key)), "SK": to_value(HEAD_SK)},
            "UpdateExpression": f"SET {assignments}revision = if_not_exists(revision, :zero) + :one, "
            "pending = list_append(if_not_exists(pending, :none), :sks), "
            "GSI1PK = if_not_exists(GSI1PK, :keys), GSI1SK = if_not_exists(GSI1SK, :key)",
            "ExpressionAttributeValues": {
                **values,
                ":keys": to_value(keys_pk(self.tenant_id)),
                ":key": to_value(f"{key[0]}{keys.SEP}{key[1]}"),
                ":zero": to_value(0),
                ":one": to_value(1),
                ":none": {"L": []},
                ":sks": {"L": [to_value(sk) for sk in sks]},
            },
        }
        if condition:
            update["ConditionExpression"] = condition
        return {"Update": update}

    def landed_costs(self, receipts: list[tuple[Movement, Decimal]]) -> list[dict[str, Any]]:
        """The operations setting recorded receipts' landed costs (each on the revision its row is at) and
        marking their keys to re-cost from them."""
        operations = [self._landed_cost(movement, landed) for movement, landed in receipts]
        points: dict[tuple[str, str], list[str]] = {}
        for movement, _ in receipts:
            points.setdefault(movement.key, []).append(row_sk(movement))
        return operations + [self._mark(*key, *sks) for key, sks in points.items()]

    def _landed_cost(self, movement: Movement, landed_cost: Decimal) -> dict[str, Any]:
        sk = row_sk(movement)
        row = self._get(movement.item_id, movement.location_id, sk)
        if row is None:
            raise LookupError(f"movement {movement.id} is not recorded")
        return {
            "Update": {
                "TableName": self.table.table,
                "Key": {"PK": to_value(self._pk(*movement.key)), "SK": to_value(sk)},
                "UpdateExpression": "SET landed_cost = :landed, revision = revision + :one",
                "ConditionExpression": "revision = :read",
                "ExpressionAttributeValues": {
                    ":landed": to_value(landed_cost),
                    ":one": to_value(1),
                    ":read": to_value(row["revision"]),
                },
            }
        }

    def reserve(self, key: tuple[str, str], qty: Decimal) -> dict[str, Any]:
        """The operation holding ``qty`` of available stock, on the condition there is that much. A
        reservation changes no row and re-costs nothing, but bumps the revision so a read-checked write of
        the key meanwhile starts again."""
        return self._reservation_update(key, qty, "attribute_exists(available) AND available >= :qty")

    def release(self, key: tuple[str, str], qty: Decimal) -> dict[str, Any]:
        """The operation giving ``qty`` held back to what is available."""
        return self._reservation_update(key, -qty, "attribute_exists(PK)")

    def _reservation_update(self, key: tuple[str, str], qty: Decimal, condition: str) -> dict[str, Any]:
        return {
            "Update": {
                "TableName": self.table.table,
                "Key": {"PK": to_value(self._pk(*key)), "SK": to_value(HEAD_SK)},
                "UpdateExpression": "SET reserved = if_not_exists(reserved, :zero) + :qty, "
                "available = available - :qty, revision = revision + :one",
                "ConditionExpression": condition,
                "ExpressionAttributeValues": {":qty": to_value(qty), ":zero": to_value(0), ":one": to_value(1)},
            }
        }

    def _mark(self, item_id: str, location_id: str, *sks: str) -> dict[str, Any]:
        """Add the rows' keys to the head's pending points (a transfer's destination, to re-cost from there)."""
        return self._head_update((item_id, location_id), list(sks), "", {})

    # --- re-costing --------------------------------------------------------------------------------

    def settle(
        self,
        marked: Iterable[tuple[str, str]],
        policies: Mapping[str, Policy],
        post: Callable[[Recosted], bool] | None = None,
    ) -> list[StockRow]:
        """Re-cost the keys marked, and the keys their transfers mark in turn, until none is pending.
        ``post`` books each re-cost's value changes (False: its writes were refused, cost again) before the
        key's pending points are cleared, so a crash in between leaves them to the next delivery.
        (In AWS each key is a message group of the costing queue; this is the same loop in one process.)"""
        todo = deque(marked)
        rows: list[StockRow] = []
        while todo:
            item_id, location_id = todo.popleft()
            result = self.recost(item_id, location_id, policies[item_id], post)
            rows += result.rows
            todo.extend(result.marked)
        return rows

    def recost(
        self, item_id: str, location_id: str, policy: Policy, post: Callable[[Recosted], bool] | None = None
    ) -> Recosted:
        """Cost the key from its earliest pending point on; retried while movements arrive meanwhile."""
        for _ in range(MAX_ATTEMPTS):
            head = self._get(item_id, location_id, HEAD_SK)
            if not head or not head.get("pending"):
                return Recosted([], [])
            start = min(head["pending"])
            opening = self._row_before(item_id, location_id, start)
            stored = self._rows_from(item_id, location_id, start)
            result = self._cost(item_id, location_id, policy, opening, stored)
            if result is None or (post is not None and not post(result)):
                continue  # changed meanwhile: start again
            if result.waiting or self._clear(item_id, location_id, int(head["revision"])):
                return result
        raise RuntimeError(f"stock of {item_id} at {location_id} kept changing while it was re-costed")

    def posted_update(self, stored_row: dict[str, Any], posted: Mapping[str, Decimal]) -> dict[str, Any]:
        """The operation recording what a row has booked to the ledger, on the revision it was read at."""
        return {
            "Update": {
                "TableName": self.table.table,
                "Key": {"PK": to_value(stored_row["PK"]), "SK": to_value(stored_row["SK"])},
                "UpdateExpression": "SET posted = :posted, revision = revision + :one",
                "ConditionExpression": "revision = :read",
                "ExpressionAttributeValues": {
                    ":posted": {"M": {account: to_value(amount) for account, amount in posted.items()}},
                    ":one": to_value(1),
                    ":read": to_value(stored_row["revision"]),
                },
            }
        }

    def _cost(
        self,
        item_id: str,
        location_id: str,
        policy: Policy,
        opening: dict[str, Any] | None,
        stored_all: list[dict[str, Any]],
    ) -> Recosted | None:
        stored = stored_all
        waiting = next((n for n, row in enumerate(stored) if _waits_for_its_source(row)), len(stored))
        stored = stored[:waiting]  # a transfer in waits for its source key to pass the value on
        movements = [_movement(item_id, location_id, row) for row in stored]
        earlier = [row for stored_row in stored for row in _referenced_rows(stored_row)]
        earlier += self._originals_before(item_id, location_id, stored)
        before = {(item_id, location_id): _valuation(opening["after"])} if opening else {}
        rows = cost(movements, {item_id: policy}, before, earlier)
        by_id = {row.movement.id: row for row in rows}
        marked: list[tuple[str, str]] = []
        after_rows: list[dict[str, Any]] = []
        for stored_row in stored:
            row = by_id.get(stored_row["id"])
            valued = _valued_fields(row) if row else CANCELLED
            if stored_row.get("valued") and _same(stored_row, valued):
                after_rows.append(stored_row)
                continue
            if not self._write_valuation(item_id, location_id, stored_row, valued):
                return None  # changed meanwhile: start again
            after_rows.append({**stored_row, **valued, "revision": stored_row["revision"] + 1})
            receiver = stored_row.get("receiver")
            if row and receiver and row.movement.kind == "transfer_out":
                marked.append(self._pass_on(receiver, row))
        return Recosted(rows, marked, waiting=waiting < len(stored_all), stored=after_rows)

    def _originals_before(self, item_id: str, location_id: str, stored: list[dict[str, Any]]) -> list[StockRow]:
        """The rows of returned movements that precede the re-cost (returns to the same key)."""
        in_run = {row["id"] for row in stored}
        rows = []
        for row in stored:
            if row.get("original_sk") and row.get("original_id") not in in_run:
                original = self._get(item_id, location_id, row["original_sk"])
                if original and original.get("out_rate") is not None:
                    rows.append(_stored_row(item_id, location_id, original))
        return rows

    def _write_valuation(
        self, item_id: str, location_id: str, stored_row: dict[str, Any], valued: dict[str, Any]
    ) -> bool:
        from botocore.exceptions import ClientError

        names = sorted(valued)
        try:
            self.table.db.update_item(
                TableName=self.table.table,
                Key={"PK": to_value(self._pk(item_id, location_id)), "SK": to_value(stored_row["SK"])},
                UpdateExpression="SET " + ", ".join(f"#{n} = :{n}" for n in names) + ", revision = revision + :one",
                ConditionExpression="revision = :read",
                ExpressionAttributeNames={f"#{n}": n for n in names},
                ExpressionAttributeValues={
                    **{f":{n}": to_value(valued[n]) for n in names},
                    ":one": to_value(1),
                    ":read": to_value(stored_row["revision"]),
                },
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def _pass_on(self, receiver: dict[str, str], row: StockRow) -> tuple[str, str]:
        """Give a transfer's destination row the value and layers that left, and mark its key from there."""
        _, _, item_id, location_id = receiver["pk"].split(keys.SEP, 3)
        incoming = {"value": -row.value_change, "layers": [[layer.qty, layer.rate] for layer in row.layers]}
        operations = [
            {
                "Update": {
                    "TableName": self.table.table,
                    "Key": {"PK": to_value(receiver["pk"]), "SK": to_value(receiver["sk"])},
                    "UpdateExpression": "SET incoming = :incoming, revision = revision + :one",
                    "ExpressionAttributeValues": {":incoming": to_value(incoming), ":one": to_value(1)},
                }
            },
            self._mark(item_id, location_id, receiver["sk"]),
        ]
        for _ in range(MAX_ATTEMPTS):
            if self.table.transact(operations) != {CONTENDED}:
                break
        return (item_id, location_id)

    def _clear(self, item_id: str, location_id: str, revision: int) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.table.db.update_item(
                TableName=self.table.table,
                Key={"PK": to_value(self._pk(item_id, location_id)), "SK": to_value(HEAD_SK)},
                UpdateExpression="REMOVE pending",
                ConditionExpression="revision = :read",
                ExpressionAttributeValues={":read": to_value(revision)},
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    # --- reading -----------------------------------------------------------------------------------

    def rows(self, item_id: str, location_id: str) -> list[dict[str, Any]]:
        """Every row of the key in posting order (the stock card), cancelled ones included."""
        return self._rows_from(item_id, location_id, ROW_PREFIX)

    def heads(self, item_id: str | None = None) -> list[dict[str, Any]]:
        """Every key's head (one item's, with ``item_id``), by item and location."""
        values = {":pk": to_value(keys_pk(self.tenant_id))}
        condition = "GSI1PK = :pk"
        if item_id:
            condition += " AND begins_with(GSI1SK, :item)"
            values[":item"] = to_value(f"{item_id}{keys.SEP}")
        request = {
            "TableName": self.table.table,
            "IndexName": keys.BY_CODE_INDEX,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": values,
        }
        return [item for page in self._pages(request) for item in page]

    def last_row(self, item_id: str, location_id: str, up_to: str | None = None) -> dict[str, Any] | None:
        """The key's last live row on or before the date ``up_to`` (ISO; None: the last of all)."""
        point = f"{ROW_PREFIX}{up_to}#~" if up_to else ROW_PREFIX + "~"
        return self._row_before(item_id, location_id, point)

    def head(self, item_id: str, location_id: str) -> dict[str, Any] | None:
        return self._get(item_id, location_id, HEAD_SK)

    def _get(self, item_id: str, location_id: str, sk: str) -> dict[str, Any] | None:
        answer = self.table.db.get_item(
            TableName=self.table.table,
            Key={"PK": to_value(self._pk(item_id, location_id)), "SK": to_value(sk)},
            ConsistentRead=True,
        )
        return from_item(answer["Item"]) if "Item" in answer else None

    def _row_before(self, item_id: str, location_id: str, sk: str) -> dict[str, Any] | None:
        """The last valued, not cancelled row before ``sk``: the key's opening valuation for a re-cost."""
        request: dict[str, Any] = {
            "TableName": self.table.table,
            "KeyConditionExpression": "PK = :pk AND SK BETWEEN :first AND :point",
            "FilterExpression": "attribute_not_exists(cancelled)",
            "ExpressionAttributeValues": {
                ":pk": to_value(self._pk(item_id, location_id)),
                ":first": to_value(ROW_PREFIX),
                ":point": to_value(sk),
            },
            "ScanIndexForward": False,
            "Limit": 20,  # the nearest rows first; further pages only past cancelled ones
            "ConsistentRead": True,
        }
        for page in self._pages(request):
            for item in page:
                if item["SK"] < sk and item.get("after") is not None and not item.get("cancelled"):
                    return item
        return None

    def _rows_from(self, item_id: str, location_id: str, sk: str) -> list[dict[str, Any]]:
        request = {
            "TableName": self.table.table,
            "KeyConditionExpression": "PK = :pk AND SK BETWEEN :from AND :last",
            "ExpressionAttributeValues": {
                ":pk": to_value(self._pk(item_id, location_id)),
                ":from": to_value(sk),
                ":last": to_value(ROW_PREFIX + "~"),
            },
            "ConsistentRead": True,
        }
        return [item for page in self._pages(request) for item in page]

    def _pages(self, request: dict[str, Any]) -> Iterable[list[dict[str, Any]]]:
        """Query results page by page; an index's entries read whole from the table."""
        while True:
            answer = self.table.db.query(**request)
            found = answer.get("Items", [])
            if "IndexName" in request:
                found = self.table.whole_items(found)
            yield [from_item(item) for item in found]
            if "LastEvaluatedKey" not in answer:
                return
            request = {**request, "ExclusiveStartKey": answer["LastEvaluatedKey"]}

    def _sk_of(self, item_id: str, location_id: str, movement_id: str) -> str | None:
        """Where a movement's row is at this key (a return's original); None when it is not here."""
        request = {
            "TableName": self.table.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :rows)",
            "FilterExpression": "id = :id",
            "ProjectionExpression": "SK",
            "ExpressionAttributeValues": {
                ":pk": to_value(self._pk(item_id, location_id)),
                ":rows": to_value(ROW_PREFIX),
                ":id": to_value(movement_id),
            },
        }
        return next((item["SK"] for page in self._pages(request) for item in page), None)

    def _keys(self, movement: Movement) -> dict[str, str]:
        return {"PK": self._pk(movement.item_id, movement.location_id), "SK": row_sk(movement)}

    def _pk(self, item_id: str, location_id: str) -> str:
        return key_pk(self.tenant_id, item_id, location_id)


# --- rows <-> engine values ------------------------------------------------------------------------


def _movement_fields(movement: Movement) -> dict[str, Any]:
    return {
        "id": movement.id,
        "item_id": movement.item_id,
        "location_id": movement.location_id,
        "posted_on": movement.posted_on.isoformat(),
        "posted_at": movement.posted_at,
        "seq": movement.seq,
        "kind": movement.kind,
        "qty": movement.qty,
        "rate": movement.rate,
        "landed_cost": movement.landed_cost or None,
        "original_id": movement.original_id,
        "transfer_id": movement.transfer_id,
        "cancelled": movement.cancelled or None,
        "books_to": movement.books_to or None,
    }


def _movement(item_id: str, location_id: str, row: dict[str, Any]) -> Movement:
    return Movement(
        id=row["id"],
        item_id=item_id,
        location_id=location_id,
        posted_on=date.fromisoformat(row["posted_on"]),
        posted_at=row["posted_at"],
        seq=int(row["seq"]),
        kind=row["kind"],
        qty=Decimal(row["qty"]),
        rate=Decimal(row["rate"]) if row.get("rate") is not None else None,
        landed_cost=Decimal(row.get("landed_cost") or 0),
        original_id=row.get("original_id"),
        transfer_id=row.get("transfer_id"),
        cancelled=bool(row.get("cancelled")),
    )


def _refuses_negative(key: tuple[str, str], policies: Mapping[str, Policy] | None) -> bool:
    return policies is not None and not policies[key[0]].allow_negative


def _waits_for_its_source(stored_row: dict[str, Any]) -> bool:
    return (
        stored_row["kind"] == "transfer_in" and not stored_row.get("cancelled") and stored_row.get("incoming") is None
    )


def _stored_row(item_id: str, location_id: str, stored: dict[str, Any]) -> StockRow:
    """A valued row as the engine knows it (for a return whose original precedes the re-cost)."""
    movement = _movement(item_id, location_id, stored)
    return StockRow(
        movement,
        Decimal(stored["qty_change"]),
        Decimal(stored["value_change"]),
        Decimal(stored["out_rate"]),
        _valuation(stored["after"]),
    )


def _referenced_rows(stored_row: dict[str, Any]) -> list[StockRow]:
    """The source row a transfer in receives from, as last passed on (it lives at another key)."""
    incoming = stored_row.get("incoming")
    if stored_row["kind"] != "transfer_in" or incoming is None:
        return []
    source = Movement(
        id=stored_row["transfer_id"],
        item_id=stored_row["item_id"],
        location_id="",
        posted_on=date.fromisoformat(stored_row["posted_on"]),
        posted_at=stored_row["posted_at"],
        seq=0,
        kind="transfer_out",
        qty=Decimal(stored_row["qty"]),
    )
    layers = tuple(Layer(Decimal(q), Decimal(r)) for q, r in incoming["layers"])
    return [StockRow(source, -source.qty, -Decimal(incoming["value"]), Decimal(0), Valuation(), layers)]


def _valued_fields(row: StockRow) -> dict[str, Any]:
    after = row.after
    return {
        "valued": True,
        "qty_change": row.qty_change,
        "value_change": row.value_change,
        "out_rate": row.rate,
        "value_in": row.value_in,
        "layers": [[layer.qty, layer.rate] for layer in row.layers],
        "after": {
            "qty": after.qty,
            "value": after.value,
            "rate": after.rate,
            "queue": [[layer.qty, layer.rate] for layer in after.queue],
        },
    }


def _valuation(after: dict[str, Any]) -> Valuation:
    return Valuation(
        qty=Decimal(after["qty"]),
        value=Decimal(after["value"]),
        rate=Decimal(after["rate"]) if after.get("rate") is not None else None,
        queue=tuple(Layer(Decimal(q), Decimal(r)) for q, r in after.get("queue") or []),
    )


def _same(stored_row: dict[str, Any], valued: dict[str, Any]) -> bool:
    """Whether the stored valuation already is the new one (numbers compared by value)."""
    if valued.get("after") is None:
        return stored_row.get("after") is None
    return _numbers(from_item(to_item({k: stored_row.get(k) for k in valued}))) == _numbers(from_item(to_item(valued)))


def _numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value).normalize()
    return value
