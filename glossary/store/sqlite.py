"""The SQLite backend: memory.db, its pragmas and migrations, one connection shared by threads.

The TUI runs queries in worker threads, so the one connection is opened with
check_same_thread=False and every use of it goes through `lock`. WAL lets a second
process (a script running the CLI) read while the TUI writes; the busy timeout makes a
writer wait for the other instead of failing at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from glossary.errors import GlossaryError
from glossary.models import now
from glossary.store import schema
from glossary.store.base import Backend, Params, ReadConnection
from glossary.store.waiting import Busy, announced, holder, wait_for_lock

BUSY_TIMEOUT_MS = 1000  # one try at the lock; waiting.py decides how many
BULK_CACHE_KB = 64 * 1024  # the page cache while a big file is stored (peak RSS counts it)
REUSED_ID_TRIGGER = "tm_index_reused_id"  # schema.m_tm_fuzzy_index


class SQLiteReader(ReadConnection):
    """A read-only connection of its own, inside one transaction: a WAL snapshot."""

    def __init__(self, path: Path, immutable: bool = False):
        uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
        self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.conn.execute("BEGIN")

    def batches(self, sql: str, params: Params = (), size: int = 500) -> Iterator[list[tuple]]:
        cursor = self.conn.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield batch

    def rows(self, sql: str, params: Params = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def close(self) -> None:
        self.conn.close()


class SQLiteBackend(Backend):
    """One SQLite connection, its lock, and the sqlite-utils wrapper migrations use."""

    scheme = "sqlite"

    def __init__(self, path: str | Path):
        super().__init__()
        self.path = Path(path)
        self.location = str(self.path)
        self.created = not self.path.exists() or self.path.stat().st_size == 0
        if self.path.is_dir():
            raise GlossaryError(f"{self.path}: a folder; give the database file's path")
        if not self.path.parent.is_dir():
            raise GlossaryError(f"{self.path}: cannot create the database, no folder "
                                f"{self.path.parent}")
        try:
            conn = self._connect(self.path)
        except sqlite3.DatabaseError as exc:
            raise GlossaryError(f"{self.path}: not a glossary database ({exc})") from exc
        self.db = Database(conn)
        self.conn: sqlite3.Connection = conn
        #: the copy made before migrating an older database, if this open made one
        self.backup: Path | None = None
        try:
            with self.lock:
                self.backup = schema.apply(self.db, self.path)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise GlossaryError(f"{self.path}: not a glossary database, or damaged "
                                f"({exc})") from exc
        except BaseException:
            conn.close()
            raise

    def _connect(self, path: Path) -> sqlite3.Connection:
        """Read-write where the file and its folder can be written; on a read-only disk or
        file, read-only and immutable (WAL needs a writable -shm beside the file), so
        lookups and exports still work and writes say the database is read-only."""
        writable = (not path.exists() or os.access(path, os.W_OK)) and os.access(
            path.parent, os.W_OK)
        self.read_only = not writable
        if writable:
            conn = sqlite3.connect(str(path), check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        else:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1",
                                   uri=True, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if writable:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    # transactions and snapshots ------------------------------------------------------

    @contextmanager
    def transaction(self, wait: bool = True) -> Iterator[Database]:
        """The outermost one takes the write lock first (BEGIN IMMEDIATE), waiting for
        another writer as `waiting` says; nested ones are savepoints. A transaction that
        read first and took the lock only at its first write could be refused at once
        when another process had committed in between, and no waiting helps then."""
        with self.lock:
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield self.db
                return
            if wait:
                wait_for_lock(self._try_begin, self.path, self.location, self.on_wait)
            elif not self._try_begin():
                raise Busy(f"{self.location}: {holder(self.path)} holds the write lock")
            try:
                yield self.db
                self.conn.commit()
            except BaseException as exc:
                if self.conn.in_transaction:
                    self.conn.rollback()
                fault = _fault(exc) if isinstance(exc, sqlite3.OperationalError) else None
                if fault:
                    raise GlossaryError(f"{self.location}: {fault}; nothing was changed"
                                        ) from exc
                raise

    def _try_begin(self) -> bool:
        """One try at the write lock, without SQLite's own waiting: waiting.py polls
        often, so a writer gets in during the short pause an import makes between two
        chunks (SQLite's busy handler sleeps up to 100 ms between tries and missed it)."""
        conn = self.conn
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                return False
            raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return True

    def announced(self, what: str) -> AbstractContextManager[None]:
        return announced(self.path, what)

    @contextmanager
    def cache(self, kib: int) -> Iterator[None]:
        """A page cache of `kib` KiB for a while: bulk writes into a large memory reread
        the fingerprint index's pages from the OS for every chunk with the default 2 MB."""
        with self.lock:
            before = self.conn.execute("PRAGMA cache_size").fetchone()[0]
            self.conn.execute(f"PRAGMA cache_size = {-kib}")
        try:
            yield
        finally:
            with self.lock:
                self.conn.execute(f"PRAGMA cache_size = {before}")

    @contextmanager
    def attached(self, path: Path, alias: str) -> Iterator[None]:
        """Another database file on this connection as `alias` (a staged import), for
        statements that copy from it; outside any transaction, as SQLite requires."""
        with self.lock:
            self.conn.execute(f"ATTACH DATABASE ? AS {alias}", (str(path),))
        try:
            yield
        finally:
            with self.lock:
                self.conn.execute(f"DETACH DATABASE {alias}")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            own = not self.conn.in_transaction
            if own:
                self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                if own:
                    self.conn.execute("COMMIT")

    @contextmanager
    def reader(self) -> Iterator[SQLiteReader]:
        with closing(SQLiteReader(self.path or Path(self.location), self.read_only)) as reader:
            yield reader

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """A larger page cache, and the index's reused-id trigger left out when it cannot
        fire. Units arrive in fingerprint order, which is random: with the default 2 MB
        cache the unique index pages of a large memory are evicted and reread for every
        batch. The trigger marks a new unit whose id an index segment already covers,
        which happens only when the newest units were deleted; run for each of a million
        rows it costs 2-3 s. Dropped and created again inside the caller's transaction,
        a failed import rolls back to the trigger as it was."""
        conn = self.conn
        before = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB}")
        try:
            found = self._trigger_sql(REUSED_ID_TRIGGER)
            covered = self.scalar("SELECT coalesce(max(last_unit), 0) FROM tm_index_segments")
            top = self.scalar("SELECT coalesce(max(id), 0) FROM tm_units")
            if found is None or top < covered:
                yield
                return
            conn.execute(f"DROP TRIGGER {REUSED_ID_TRIGGER}")
            try:
                yield
            finally:  # unless a failure has already rolled the drop back
                if self._trigger_sql(REUSED_ID_TRIGGER) is None:
                    conn.execute(found)
        finally:
            conn.execute(f"PRAGMA cache_size = {before}")

    def _trigger_sql(self, name: str) -> str | None:
        return self.scalar("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                           (name,))

    # reads ---------------------------------------------------------------------------

    def query(self, sql: str, params: Params = ()) -> list[dict]:
        with self.lock:
            cur = self.conn.execute(sql, params)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def rows(self, sql: str, params: Params = ()) -> list[tuple]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: Params = ()) -> tuple | None:
        with self.lock:
            return self.conn.execute(sql, params).fetchone()

    def batches(self, sql: str, params: Params = (), size: int = 1000
                ) -> Iterator[list[tuple]]:
        cursor = self.conn.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield batch

    def blob_prefix(self, table: str, column: str, key: int, size: int) -> bytes:
        with self.lock, self.conn.blobopen(table, column, key, readonly=True) as blob:
            return blob.read(size)

    def tables(self) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite%' ORDER BY name")]

    def columns(self, table: str) -> list[str]:
        return [r[1] for r in self.rows(f"PRAGMA table_info({table})")]

    # writes --------------------------------------------------------------------------

    def execute(self, sql: str, params: Params = ()) -> int:
        with self.lock, self._committed():
            return self.conn.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        with self.lock, self._committed():
            return self.conn.executemany(sql, rows).rowcount

    def insert(self, table: str, row: dict[str, Any]) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" * len(row))
        with self.lock, self._committed():
            cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                    tuple(row.values()))
        return int(cur.lastrowid or 0)

    @contextmanager
    def _committed(self) -> Iterator[None]:
        """A write outside a transaction is one of its own, committed at once and waiting
        for the lock like every other write (the driver would otherwise leave it open,
        holding the write lock)."""
        if self.conn.in_transaction:
            yield
        else:
            with self.transaction():
                yield

    def insert_all(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        cols = list(dict.fromkeys(k for row in rows for k in row))
        sql = (f"INSERT INTO {table} ({', '.join(cols)}) "
               f"VALUES ({', '.join('?' * len(cols))})")
        self.executemany(sql, [tuple(map(row.get, cols)) for row in rows])

    def update(self, table: str, row_id: int, fields: dict[str, Any]) -> None:
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*fields.values(), row_id))

    # noticing changes ----------------------------------------------------------------

    def on_change(self, table: str, callback: Callable[[int], None]) -> None:
        """Temporary triggers (in this connection's temp schema, never in the file) that
        call back into Python."""
        name = f"glossary_{table}_changed"
        with self.lock:
            self.conn.create_function(name, 1, callback)
            for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")),
                                ("DELETE", ("OLD",))):
                calls = ", ".join(f"{name}({row}.id)" for row in rows)
                self.conn.execute(
                    f"CREATE TEMP TRIGGER IF NOT EXISTS {name}_{event.lower()} "
                    f"AFTER {event} ON main.{table} BEGIN SELECT {calls}; END")

    def data_version(self) -> int:
        return self.scalar("PRAGMA data_version")

    def verify(self, full: bool = False) -> list[str]:
        """SQLite's own check of the file: quick_check (every page and record readable,
        in seconds even for a large memory), or with `full` integrity_check (indexes
        agreeing with their tables too, which takes longer). [] when it is sound."""
        pragma = "integrity_check" if full else "quick_check"
        try:
            found = [r[0] for r in self.rows(f"PRAGMA {pragma}(100)")]
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        return [] if found == ["ok"] else found

    # life ----------------------------------------------------------------------------

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def _fault(exc: sqlite3.OperationalError) -> str | None:
    """What a user can do something about, said plainly; None for a program's error."""
    message = str(exc)
    if "disk is full" in message:
        return "the disk is full (or the database reached its size limit)"
    if "readonly" in message:
        return "the database is read-only here (file, folder or disk); it can be read"
    if "disk I/O error" in message:
        return "the disk could not be written (an I/O error)"
    if "malformed" in message or "not a database" in message:
        return damaged(exc)
    return None


def damaged(exc: sqlite3.DatabaseError) -> str:
    """A damaged file, said with what the user can do about it."""
    return (f"the database file is damaged ({exc}); `glossary verify` says where, a copy "
            "made before the last upgrade is beside it as <name>.bak-<version>, and "
            "`sqlite3 <file> .recover` rescues what can still be read")


FAULTS = (sqlite3.DatabaseError,)  # what a damaged or unreadable file raises anywhere


def fault_message(exc: BaseException) -> str:
    """The one line a command prints for a database fault raised outside a transaction."""
    if isinstance(exc, sqlite3.OperationalError):
        return _fault(exc) or str(exc)
    if isinstance(exc, sqlite3.DatabaseError):
        return damaged(exc)
    return str(exc)


def _busy(exc: sqlite3.OperationalError) -> bool:
    message = str(exc)
    return "locked" in message or "busy" in message


Store = SQLiteBackend  # the name modules and tools written before the seam import

__all__ = ["FAULTS", "REUSED_ID_TRIGGER", "SQLiteBackend", "SQLiteReader", "Store",
           "fault_message", "now"]
