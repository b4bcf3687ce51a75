"""Opening memory.db: pragmas, migrations, and a connection shared across threads.

The TUI runs queries in worker threads, so the one connection is opened with
check_same_thread=False and every use of it goes through `Store.lock`. WAL lets a
second process (a script running the CLI) read while the TUI writes; the busy
timeout makes a writer wait for the other instead of failing at once.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.models import now
from glossary.store import schema

BUSY_TIMEOUT_MS = 5000


class Store:
    """One SQLite connection, its lock, and the sqlite-utils wrapper around it."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.created = not self.path.exists() or self.path.stat().st_size == 0
        if self.path.is_dir():
            raise GlossaryError(f"{self.path}: a folder; give the database file's path")
        if not self.path.parent.is_dir():
            raise GlossaryError(f"{self.path}: cannot create the database, no folder "
                                f"{self.path.parent}")
        try:
            conn = sqlite3.connect(
                str(self.path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise GlossaryError(f"{self.path}: not a glossary database ({exc})") from exc
        self.db = Database(conn)
        self.lock = threading.RLock()
        with self.lock:
            schema.apply(self.db)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All-or-nothing: an exception inside leaves the database as it was."""
        with self.lock, self.db.atomic():
            yield self.db

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One consistent read over several queries: a writer in another process cannot
        slip a change in between them. Inside a caller's transaction, that one serves."""
        with self.lock:
            own = not self.conn.in_transaction
            if own:
                self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                if own:
                    self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[dict]:
        with self.lock:
            cur = self.conn.execute(sql, params)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def close(self) -> None:
        with self.lock:
            self.conn.close()


__all__ = ["Store", "now"]
