"""Lock dates: nothing posts on or before the hard lock, nor on or before its module's lock date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

MODULES = ("general", "cash", "sales", "purchasing", "inventory")


@dataclass(frozen=True)
class LockDates:
    hard_lock: date | None = None
    modules: Mapping[str, date] = field(default_factory=lambda: MappingProxyType({}))
    version: int = 0  # of the ledger settings they were read from (a posting commits only if unchanged)

    def refusal(self, module: str, day: date) -> str | None:
        """Why a posting of ``module`` dated ``day`` is refused, or None when it may post."""
        if self.hard_lock and day <= self.hard_lock:
            return f"{day} is on or before the hard lock date {self.hard_lock}"
        module_lock = self.modules.get(module)
        if module_lock and day <= module_lock:
            return f"{day} is on or before the {module} lock date {module_lock}"
        return None

    def blocking(self, module: str, day: date) -> date | None:
        """The lock date that refuses a posting of ``module`` dated ``day`` (the later one), or None."""
        locks = [lock for lock in (self.hard_lock, self.modules.get(module)) if lock and day <= lock]
        return max(locks) if locks else None
