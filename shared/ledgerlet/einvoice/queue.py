"""The e-invoice queue in the hub: one item per document sent to MyInvois (data access only).

``<tenant>#EINVOICE#<id>`` / ``DOC``, where ``id`` is ``ein_<source document id>``, so queueing a document
twice writes nothing the second time. Listed by the source's code (GSI1: ``<tenant>#EINVOICE``) and, per
state, in the order they fell due (GSI2: ``<tenant>#EINVOICEQ#<state>`` / ``<due>#<id>``): the scheduled run
reads only what it has to do. Every change of state is conditional on the state read (the lifecycle's
transitions) and appends to the item's ``history``.
"""

from __future__ import annotations

from typing import Any

from ledgerlet.hub import keys
from ledgerlet.hub.codec import from_item, to_item, to_value
from ledgerlet.hub.table import Page, TenantTable, now_iso, public

DOC_TYPE = "EINVOICE"
QUEUE = "EINVOICEQ"


def einvoice_id(source_id: str) -> str:
    return f"ein_{source_id}"


class Changed(Exception):
    """The item was not in the state expected: another run moved it first."""


class EInvoiceQueue(TenantTable):
    def _key(self, einvoice_id: str) -> dict[str, Any]:
        return {"PK": {"S": keys.document_pk(self.tenant_id, DOC_TYPE, einvoice_id)}, "SK": {"S": keys.DOC_SK}}

    def _queue_keys(self, state: str, due: str, einvoice_id: str) -> dict[str, str]:
        return {"GSI2PK": f"{keys.tenant_prefix(self.tenant_id)}{QUEUE}#{state}", "GSI2SK": f"{due}#{einvoice_id}"}

    def add(self, einvoice: dict[str, Any], due: str) -> bool:
        """Queue a new e-invoice (``einvoice`` with ``id``, ``code`` and ``state``); False when it is queued already."""
        item = {
            **einvoice,
            "PK": keys.document_pk(self.tenant_id, DOC_TYPE, einvoice["id"]),
            "SK": keys.DOC_SK,
            "entity": DOC_TYPE,
            "GSI1PK": keys.collection_pk(self.tenant_id, DOC_TYPE),
            "GSI1SK": einvoice["code"],
            **self._queue_keys(einvoice["state"], due, einvoice["id"]),
            "history": [{"at": now_iso(), "state": einvoice["state"]}],
        }
        try:
            self.db.put_item(TableName=self.table, Item=to_item(item), ConditionExpression="attribute_not_exists(PK)")
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def get(self, einvoice_id: str, *, consistent: bool = True) -> dict[str, Any] | None:
        found = self.db.get_item(TableName=self.table, Key=self._key(einvoice_id), ConsistentRead=consistent)
        item = found.get("Item")
        return public(from_item(item)) if item else None

    def due(
        self, state: str, limit: int, before: str | None = None, *, after: str | None = None
    ) -> list[dict[str, Any]]:
        """Up to ``limit`` e-invoices in ``state``, those due first (``before``: due no later than it;
        ``after``: due later than it)."""
        condition = "GSI2PK = :queue"
        values: dict[str, Any] = {":queue": {"S": self._queue_keys(state, "", "")["GSI2PK"]}}
        if before is not None:
            condition += " AND GSI2SK <= :before"
            values[":before"] = {"S": f"{before}#~"}
        elif after is not None:
            condition += " AND GSI2SK > :after"
            values[":after"] = {"S": f"{after}#~"}
        request = {
            "TableName": self.table,
            "IndexName": keys.BY_NAME_INDEX,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": values,
        }
        return self.collect(request, limit, None).items

    def listed(self, state: str | None, limit: int, cursor: str | None) -> Page:
        """Every e-invoice by its source's code, or those in one state in the order they fell due."""
        if state is not None:
            request = {
                "TableName": self.table,
                "IndexName": keys.BY_NAME_INDEX,
                "KeyConditionExpression": "GSI2PK = :queue",
                "ExpressionAttributeValues": {":queue": {"S": self._queue_keys(state, "", "")["GSI2PK"]}},
            }
        else:
            request = {
                "TableName": self.table,
                "IndexName": keys.BY_CODE_INDEX,
                "KeyConditionExpression": "GSI1PK = :all",
                "ExpressionAttributeValues": {":all": {"S": keys.collection_pk(self.tenant_id, DOC_TYPE)}},
            }
        return self.collect(request, limit, self.decode_cursor(cursor))

    def move(
        self,
        einvoice_id: str,
        expected: str | tuple[str, ...],
        state: str,
        due: str,
        note: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """Set ``state`` (and ``fields``; None removes one) if the item is in ``expected`` now, else
        :class:`Changed`. Answers the item as it is after the change."""
        allowed = (expected,) if isinstance(expected, str) else expected
        names: dict[str, str] = {"#state": "state", "#history": "history"}
        values: dict[str, Any] = {
            ":state": {"S": state},
            ":event": to_value([{"at": now_iso(), "state": state, **({"note": note} if note else {})}]),
            **{f":was{n}": {"S": was} for n, was in enumerate(allowed)},
        }
        sets = ["#state = :state", "#history = list_append(#history, :event)"]
        queue = self._queue_keys(state, due, einvoice_id)
        for name, value in queue.items():
            names[f"#{name}"], values[f":{name}"] = name, {"S": value}
            sets.append(f"#{name} = :{name}")
        removes = []
        for position, (name, value) in enumerate(sorted(fields.items())):
            names[f"#f{position}"] = name
            if value is None:
                removes.append(f"#f{position}")
            else:
                values[f":f{position}"] = to_value(value)
                sets.append(f"#f{position} = :f{position}")
        expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
        condition = "#state IN (" + ", ".join(f":was{n}" for n in range(len(allowed))) + ")"
        try:
            answer = self.db.update_item(
                TableName=self.table,
                Key=self._key(einvoice_id),
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )
        except self.db.exceptions.ConditionalCheckFailedException:
            raise Changed(einvoice_id) from None
        return public(from_item(answer["Attributes"]))

    def note(self, einvoice_id: str, **fields: Any) -> None:
        """Keep ``fields`` on the item whatever its state (bookkeeping: attempts, the signed document)."""
        names = {f"#f{n}": name for n, name in enumerate(sorted(fields))}
        values = {f":f{n}": to_value(fields[name]) for n, name in enumerate(sorted(fields))}
        self.db.update_item(
            TableName=self.table,
            Key=self._key(einvoice_id),
            UpdateExpression="SET " + ", ".join(f"#f{n} = :f{n}" for n in range(len(fields))),
            ConditionExpression="attribute_exists(PK)",
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
