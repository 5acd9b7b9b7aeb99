"""SQLite state of the MyInvois simulator: registered clients, unregistered TINs, submissions, documents.

One connection guarded by a lock (works for ``:memory:`` too); every public method is thread-safe.
Times are stored as UNIX seconds of the simulator's clock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS clients (
    client_id TEXT PRIMARY KEY, secret TEXT NOT NULL, tin TEXT NOT NULL, intermediary INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS unregistered_tins (tin TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS submissions (
    uid TEXT PRIMARY KEY, issuer_tin TEXT NOT NULL, client_id TEXT NOT NULL, received REAL NOT NULL,
    payload_hash TEXT NOT NULL, document_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_hash ON submissions (issuer_tin, payload_hash, received);
CREATE TABLE IF NOT EXISTS documents (
    uuid TEXT PRIMARY KEY, submission_uid TEXT NOT NULL, position INTEGER NOT NULL,
    code_number TEXT NOT NULL, issuer_tin TEXT NOT NULL, issuer_name TEXT NOT NULL,
    receiver_tin TEXT NOT NULL, receiver_name TEXT NOT NULL, receiver_id TEXT NOT NULL,
    receiver_id_type TEXT NOT NULL, issuer_id TEXT NOT NULL, issuer_id_type TEXT NOT NULL,
    type_code TEXT NOT NULL, type_version TEXT NOT NULL, issued REAL, received REAL NOT NULL,
    validated REAL, status TEXT NOT NULL, long_id TEXT, totals TEXT NOT NULL,
    cancelled REAL, reject_requested REAL, status_reason TEXT, created_by TEXT NOT NULL,
    document TEXT NOT NULL, document_hash TEXT NOT NULL, validation TEXT
);
CREATE INDEX IF NOT EXISTS documents_submission ON documents (submission_uid, position);
CREATE INDEX IF NOT EXISTS documents_code ON documents (issuer_tin, code_number);
"""

DOCUMENT_COLUMNS = (
    "uuid", "submission_uid", "position", "code_number", "issuer_tin", "issuer_name", "receiver_tin",
    "receiver_name", "receiver_id", "receiver_id_type", "issuer_id", "issuer_id_type", "type_code",
    "type_version", "issued", "received", "validated", "status", "long_id", "totals", "cancelled",
    "reject_requested", "status_reason", "created_by", "document", "document_hash", "validation",
)  # fmt: skip


class Store:
    """The simulator's persistent state."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        target = str(path) if path else ":memory:"
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            if path:
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and a write transaction."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _one(self, sql: str, args: Iterable[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, tuple(args)).fetchone()
            return row

    def _all(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, tuple(args)).fetchall())

    # --- identity and the TIN registry ----------------------------------------------------------

    def register_client(self, client_id: str, secret: str, tin: str, *, intermediary: bool = False) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO clients (client_id, secret, tin, intermediary) VALUES (?, ?, ?, ?)",
                (client_id, secret, tin, int(intermediary)),
            )

    def client(self, client_id: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM clients WHERE client_id = ?", (client_id,))

    def register_unregistered_tin(self, tin: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO unregistered_tins (tin) VALUES (?)", (tin,))

    def is_unregistered(self, tin: str) -> bool:
        return self._one("SELECT 1 FROM unregistered_tins WHERE tin = ?", (tin,)) is not None

    # --- submissions and documents ---------------------------------------------------------------

    def recent_submission(self, issuer_tin: str, payload_hash: str, since: float) -> sqlite3.Row | None:
        return self._one(
            "SELECT * FROM submissions WHERE issuer_tin = ? AND payload_hash = ? AND received >= ? "
            "ORDER BY received DESC LIMIT 1",
            (issuer_tin, payload_hash, since),
        )

    def live_document_with_code(self, issuer_tin: str, code_number: str) -> sqlite3.Row | None:
        return self._one(
            "SELECT uuid FROM documents WHERE issuer_tin = ? AND code_number = ? "
            "AND status NOT IN ('Invalid', 'Cancelled') LIMIT 1",
            (issuer_tin, code_number),
        )

    def add_submission(self, submission: dict[str, Any], documents: list[dict[str, Any]]) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO submissions (uid, issuer_tin, client_id, received, payload_hash, document_count) "
                "VALUES (:uid, :issuer_tin, :client_id, :received, :payload_hash, :document_count)",
                submission,
            )
            marks = ", ".join(f":{c}" for c in DOCUMENT_COLUMNS)
            for doc in documents:
                row = {c: doc.get(c) for c in DOCUMENT_COLUMNS}
                row["totals"] = json.dumps(doc["totals"])
                db.execute(f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({marks})", row)

    def submission(self, uid: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM submissions WHERE uid = ?", (uid,))

    def submission_documents(self, uid: str) -> list[sqlite3.Row]:
        return self._all("SELECT * FROM documents WHERE submission_uid = ? ORDER BY position", (uid,))

    def document(self, uuid: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM documents WHERE uuid = ?", (uuid,))

    def pending_documents(self) -> list[str]:
        return [r["uuid"] for r in self._all("SELECT uuid FROM documents WHERE status = 'Submitted' ORDER BY received")]

    def finish_validation(self, uuid: str, status: str, validated: float, long_id: str | None, results: Any) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET status = ?, validated = ?, long_id = ?, validation = ? "
                "WHERE uuid = ? AND status = 'Submitted'",
                (status, validated, long_id, json.dumps(results), uuid),
            )

    def set_state(self, uuid: str, **changes: Any) -> None:
        assignments = ", ".join(f"{k} = ?" for k in changes)
        with self.transaction() as db:
            db.execute(f"UPDATE documents SET {assignments} WHERE uuid = ?", (*changes.values(), uuid))

    def documents_touching(self, tin: str) -> list[sqlite3.Row]:
        """Documents issued by or to ``tin``, newest first."""
        return self._all(
            "SELECT * FROM documents WHERE issuer_tin = ? OR receiver_tin = ? ORDER BY received DESC, position",
            (tin, tin),
        )
