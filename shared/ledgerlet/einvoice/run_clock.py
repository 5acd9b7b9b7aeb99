"""When a company's e-invoice run may send: its interval has passed and no other run holds the lease.

One item per company, ``<tenant>#EINVOICE`` / ``RUN``: ``next_run_at`` (its interval after the last run
started) and ``lease_until`` (a run in progress; a run killed mid-way frees it when the lease ends).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ledgerlet.hub import keys
from ledgerlet.hub.table import TenantTable

RUN_SK = "RUN"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class RunClock(TenantTable):
    @property
    def _key(self) -> dict[str, dict[str, str]]:
        return {"PK": {"S": f"{keys.tenant_prefix(self.tenant_id)}EINVOICE"}, "SK": {"S": RUN_SK}}

    def claim(self, now: datetime, lease: timedelta, *, ignore_interval: bool = False) -> bool:
        """Take the lease when due (or ``ignore_interval``) and free; False when another run holds it or
        the interval has not passed."""
        condition = "(attribute_not_exists(lease_until) OR lease_until < :now)"
        if not ignore_interval:
            condition += " AND (attribute_not_exists(next_run_at) OR next_run_at <= :now)"
        try:
            self.db.update_item(
                TableName=self.table,
                Key=self._key,
                UpdateExpression="SET lease_until = :lease, started_at = :now",
                ConditionExpression=condition,
                ExpressionAttributeValues={":now": {"S": _iso(now)}, ":lease": {"S": _iso(now + lease)}},
            )
        except self.db.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def renew(self, now: datetime, lease: timedelta) -> None:
        """Hold the lease a while longer (before each batch: a long run keeps it, a dead one loses it soon)."""
        self.db.update_item(
            TableName=self.table,
            Key=self._key,
            UpdateExpression="SET lease_until = :lease",
            ExpressionAttributeValues={":lease": {"S": _iso(now + lease)}},
        )

    def release(self, next_run: datetime) -> None:
        self.db.update_item(
            TableName=self.table,
            Key=self._key,
            UpdateExpression="SET next_run_at = :next REMOVE lease_until",
            ExpressionAttributeValues={":next": {"S": _iso(next_run)}},
        )
