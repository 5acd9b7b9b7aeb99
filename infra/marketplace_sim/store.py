"""SQLite state of the marketplace simulator: JSON documents by (kind, key).

One connection guarded by a lock (``:memory:`` when no file is given); every method is thread-safe.
Amounts inside the documents are decimal strings, times UNIX seconds of the simulator's clock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key));
"""


class Store:
    """Documents of the simulator: orders, listings, tokens, stock updates, counters."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        with self._lock:
            if path:
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get(self, kind: str, key: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM docs WHERE kind = ? AND key = ?", (kind, key)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, kind: str, key: str, value: Any) -> None:
        text = json.dumps(value, separators=(",", ":"))
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO docs (kind, key, value) VALUES (?, ?, ?)", (kind, key, text))

    def delete(self, kind: str, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM docs WHERE kind = ? AND key = ?", (kind, key))

    def values(self, kind: str, prefix: str = "") -> list[Any]:
        """Every document of ``kind`` whose key starts with ``prefix``, in key order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT value FROM docs WHERE kind = ? AND substr(key, 1, ?) = ? ORDER BY key",
                (kind, len(prefix), prefix),
            ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def next_number(self, name: str, start: int) -> int:
        """A counter that survives restarts (ids), starting at ``start``."""
        with self._lock:
            current = self.get("counter", name)
            value = (int(current) if current is not None else start - 1) + 1
            self.put("counter", name, value)
            return value
