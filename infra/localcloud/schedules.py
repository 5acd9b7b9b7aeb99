"""Fire Schedule / ScheduleV2 events (and scheduled AWS::Events::Rule targets) on timers."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .functions import Function, FunctionError, FunctionRegistry
from .provision import Stack

log = logging.getLogger("localcloud.schedules")

_RATE_RE = re.compile(r"^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$", re.I)
_UNIT_S = {"minute": 60, "hour": 3600, "day": 86400}
_MONTHS = {
    m: i + 1 for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"])
}
_DAYS = {d: i + 1 for i, d in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"])}


# ---------------------------------------------------------------------------------------------
# expressions
# ---------------------------------------------------------------------------------------------
def rate_seconds(expr: str) -> int | None:
    m = _RATE_RE.match(expr.strip())
    if not m:
        return None
    return int(m.group(1)) * _UNIT_S[m.group(2).lower().rstrip("s")]


def _field(spec: str, lo: int, hi: int, names: dict[str, int] | None = None) -> set[int]:
    if spec in ("*", "?"):
        return set(range(lo, hi + 1))
    out: set[int] = set()
    for item in spec.split(","):
        part, step = item, 1
        if "/" in item:
            part, step_s = item.split("/")
            step = int(step_s)
        if part in ("*", ""):
            start, end = lo, hi
        elif "-" in part:
            a, b = part.split("-")
            start, end = _value(a, names), _value(b, names)
        else:
            start = _value(part, names)
            end = hi if step > 1 else start
        out.update(range(start, end + 1, step))
    return out


def _value(token: str, names: dict[str, int] | None) -> int:
    token = token.upper()
    return names[token] if names and token in names else int(token)


@dataclass
class Cron:
    """AWS 6-field cron: minutes hours day-of-month month day-of-week year (UTC)."""

    expr: str
    minutes: set[int] = field(init=False)
    hours: set[int] = field(init=False)
    dom: str = field(init=False)
    months: set[int] = field(init=False)
    dow: str = field(init=False)
    years: set[int] = field(init=False)

    def __post_init__(self) -> None:
        parts = self.expr.split()
        if len(parts) != 6:
            raise ValueError(f"cron needs 6 fields: {self.expr!r}")
        self.minutes = _field(parts[0], 0, 59)
        self.hours = _field(parts[1], 0, 23)
        self.dom = parts[2].upper()
        self.months = _field(parts[3], 1, 12, _MONTHS)
        self.dow = parts[4].upper()
        self.years = _field(parts[5], 1970, 2199)

    def _day_ok(self, d: datetime) -> bool:
        aws_dow = (d.isoweekday() % 7) + 1  # SUN=1 .. SAT=7
        last = (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        if self.dom not in ("?", "*"):
            if self.dom == "L":
                return d.day == last.day
            if self.dom.endswith("W"):  # nearest weekday: approximate as that day if it is a weekday
                return d.day == int(self.dom[:-1]) and d.isoweekday() <= 5
            if d.day not in _field(self.dom, 1, 31):
                return False
        if self.dow not in ("?", "*"):
            if "#" in self.dow:
                day_s, nth = self.dow.split("#")
                return aws_dow == _value(day_s, _DAYS) and (d.day - 1) // 7 + 1 == int(nth)
            if self.dow.endswith("L"):
                return aws_dow == _value(self.dow[:-1] or "7", _DAYS) and d.day + 7 > last.day
            if aws_dow not in _field(self.dow, 1, 7, _DAYS):
                return False
        return True

    def next_after(self, after: datetime) -> datetime:
        t = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = after + timedelta(days=366 * 5)
        while t < limit:
            if t.year not in self.years or t.month not in self.months:
                t = (t.replace(day=1, hour=0, minute=0) + timedelta(days=32)).replace(day=1)
            elif not self._day_ok(t):
                t = t.replace(hour=0, minute=0) + timedelta(days=1)
            elif t.hour not in self.hours:
                t = t.replace(minute=0) + timedelta(hours=1)
            elif t.minute not in self.minutes:
                t += timedelta(minutes=1)
            else:
                return t
        raise ValueError(f"cron({self.expr}) never fires")


# ---------------------------------------------------------------------------------------------
# schedules
# ---------------------------------------------------------------------------------------------
@dataclass
class Schedule:
    key: str  # "<FunctionLogicalId>.<EventName>" or "<RuleLogicalId>"
    function: Function
    expression: str
    enabled: bool
    input: Any = None
    resource_arn: str = ""
    fired: int = 0
    _virtual_next: datetime | None = None
    _due: float = 0.0

    def next_delay(self, virtual_now: datetime) -> tuple[datetime, float]:
        """Virtual time of the next firing and the unscaled seconds until it."""
        inner = self.expression.strip()
        rate = rate_seconds(inner)
        if rate is not None:
            nxt = virtual_now + timedelta(seconds=rate)
        elif inner.lower().startswith("cron(") and inner.endswith(")"):
            nxt = Cron(inner[5:-1]).next_after(virtual_now)
        elif inner.lower().startswith("at("):
            nxt = datetime.fromisoformat(inner[3:-1]).replace(tzinfo=UTC)
        else:
            raise ValueError(f"unsupported schedule expression {self.expression!r}")
        return nxt, (nxt - virtual_now).total_seconds()

    def event(self, region: str, account_id: str) -> Any:
        if self.input is not None:
            return json.loads(self.input) if isinstance(self.input, str) else self.input
        return {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": account_id,
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": region,
            "resources": [self.resource_arn],
            "detail": {},
        }


def schedules_from_template(stack: Stack, functions: FunctionRegistry) -> list[Schedule]:
    prefix = f"arn:aws:%s:{stack.region}:{stack.account_id}:"
    out = []
    for fn, name, props in functions.events_of_type("Schedule", "ScheduleV2"):
        p = fn.resolve(props)
        expr = p.get("Schedule") or p.get("ScheduleExpression")
        enabled = (
            str(p.get("Enabled", True)).lower() != "false" and str(p.get("State", "ENABLED")).upper() != "DISABLED"
        )
        rule_name = p.get("Name") or f"{fn.stack.stack_name if fn.stack else stack.stack_name}-{fn.logical_id}{name}"
        is_v2 = "ScheduleExpression" in p
        arn = (
            prefix % "scheduler" + f"schedule/default/{rule_name}" if is_v2 else prefix % "events" + f"rule/{rule_name}"
        )
        out.append(
            Schedule(
                key=f"{fn.logical_id}.{name}",
                function=fn,
                expression=str(expr),
                enabled=enabled,
                input=p.get("Input"),
                resource_arn=arn,
            )
        )
    rules = [
        (owner, lid, res)
        for owner in stack.all_stacks()
        for lid, res in owner.enabled_resources("AWS::Events::Rule").items()
    ]
    for owner, lid, res in rules:
        p = owner.resolver.resolve(res.get("Properties") or {})
        if not p.get("ScheduleExpression"):
            continue
        for target in p.get("Targets") or []:
            try:
                fn = functions.find(str(target.get("Arn", "")))
            except KeyError:
                log.debug("rule %s target %s is not a local function", lid, target.get("Arn"))
                continue
            out.append(
                Schedule(
                    key=lid,
                    function=fn,
                    expression=str(p["ScheduleExpression"]),
                    enabled=str(p.get("State", "ENABLED")).upper() == "ENABLED",
                    input=target.get("Input"),
                    resource_arn=prefix % "events" + f"rule/{lid}",
                )
            )
    return out


class Scheduler:
    """One timer thread for all schedules. ``time_scale`` > 1 makes time pass faster."""

    def __init__(
        self,
        schedules: list[Schedule],
        region: str,
        account_id: str,
        time_scale: float = 1.0,
        enabled: bool = True,
    ) -> None:
        self.schedules = {s.key: s for s in schedules}
        self.region = region
        self.account_id = account_id
        self.time_scale = time_scale
        self.enabled = enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        timed = [s for s in self.schedules.values() if s.enabled]
        if not self.enabled or not timed:
            return
        now_v, now_r = datetime.now(UTC), time.monotonic()
        for s in timed:
            s._virtual_next, delay = s.next_delay(now_v)
            s._due = now_r + delay / self.time_scale
        self._thread = threading.Thread(target=self._loop, name="localcloud-scheduler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.is_set():
            timed = [s for s in self.schedules.values() if s.enabled and s._virtual_next is not None]
            if not timed:
                return
            nxt = min(timed, key=lambda s: s._due)
            wait = nxt._due - time.monotonic()
            if wait > 0:
                self._stop.wait(min(wait, 1.0))
                continue
            assert nxt._virtual_next is not None
            virtual, delay = nxt.next_delay(nxt._virtual_next)
            nxt._virtual_next, nxt._due = virtual, nxt._due + delay / self.time_scale
            threading.Thread(
                target=self._run_quietly, args=(nxt,), daemon=True, name=f"localcloud-schedule-{nxt.key}"
            ).start()

    def _run(self, schedule: Schedule) -> Any:
        with self._lock:
            schedule.fired += 1
        fn = schedule.function
        try:
            return fn.invoke(schedule.event(self.region, self.account_id))
        except FunctionError as error:
            log.error("scheduled %s failed: %s\n%s", schedule.key, error, "".join(error.stack_trace))
            raise

    def _run_quietly(self, schedule: Schedule) -> None:
        with contextlib.suppress(Exception):  # already logged; a timer keeps going
            self._run(schedule)

    def find(self, key: str) -> list[Schedule]:
        if key in self.schedules:
            return [self.schedules[key]]
        found = [s for s in self.schedules.values() if s.function.logical_id == key]
        if not found:
            raise KeyError(f"no schedule {key!r}; known: {sorted(self.schedules)}")
        return found

    def fire(self, key: str) -> Any:
        """Run a schedule now, synchronously (a function logical id fires its first schedule)."""
        return self._run(self.find(key)[0])
