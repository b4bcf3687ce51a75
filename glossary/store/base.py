"""The storage seam: what a database must offer the repositories above it.

The repositories (termbase, memory, the TM index tables, the import log, ...) hold the
SQL and speak to a `Backend`, never to a driver. A backend is one open database: its
connection, the lock that serialises the threads sharing it, transactions, read
snapshots, and a handful of calls that differ between databases (bulk inserts, reading
part of a blob, tuning for a large import, a read-only connection for exports). Each
database implements this class in a module of its own (sqlite.py today), and
`glossary.store.open_store` picks one from the connection string.

Calls return plain tuples or dicts, so what a repository gets back does not depend on
the driver. The methods are few on purpose: a second backend should be a day's work.
"""

from __future__ import annotations

import getpass
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from glossary.store.waiting import alive

Params = Sequence[Any] | dict[str, Any]


class ReadConnection(ABC):
    """A connection of its own for one long read (an export): one consistent snapshot
    that never blocks the application's writes and is never blocked by them."""

    @abstractmethod
    def batches(self, sql: str, params: Params = (), size: int = 500) -> Iterator[list[tuple]]:
        """The rows of a query a batch at a time, fetched as they are consumed."""

    @abstractmethod
    def rows(self, sql: str, params: Params = ()) -> list[tuple]:
        """All the rows of a short query."""

    def one(self, sql: str, params: Params = ()) -> tuple | None:
        found = self.rows(sql, params)
        return found[0] if found else None


class Backend(ABC):
    """One open database, shared by every repository of a Glossary."""

    #: the scheme of the connection strings this backend opens ("sqlite")
    scheme: str = ""
    #: where the database lives, for messages and `stats` (a path or a redacted URL)
    location: str = ""
    #: the database file, for a backend that has one; None for a server
    path: Path | None = None
    #: True when this open created the database (the first run)
    created: bool = False

    #: told once, with a phrase such as "waiting for an import of big.tmx to finish…",
    #: when a write has to wait for another process; the CLI prints it, the UI shows it
    on_wait: Callable[[str], None] | None = None

    def __init__(self) -> None:
        # Every use of the connection holds this lock: the UI runs queries in worker
        # threads, and a connection used by one thread while another closes it can
        # crash the process.
        self.lock: AbstractContextManager[Any] = threading.RLock()

    # transactions and snapshots ------------------------------------------------------

    @abstractmethod
    def transaction(self, wait: bool = True) -> AbstractContextManager[Any]:
        """All-or-nothing, holding the lock: an exception inside leaves the database as it
        was. Nested, the outer one decides. While another process writes, it waits as
        store/waiting.py says; with wait=False it raises `Busy` at once instead. Yields
        the driver's own handle, for tests and tools; repositories use this class's
        methods."""

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[Any]:
        """One consistent read over several queries, holding the lock: a writer in another
        process cannot slip a change in between them. Inside a transaction, that serves."""

    @abstractmethod
    def reader(self) -> AbstractContextManager[ReadConnection]:
        """A read-only connection of its own with one snapshot for its whole life."""

    def announced(self, what: str) -> AbstractContextManager[None]:
        """Tell other processes that wait for the write lock what this one is doing
        ("an import of big.tmx") while a long write runs."""
        return nullcontext()

    def executemany_later(self, sql: str, rows: Iterable[Params]) -> Callable[[], int]:
        """executemany whose row count may come later: a backend that can let the
        server insert while the caller builds its next batch (PostgreSQL) does; the
        count function waits for it. Here the rows are written at once."""
        done = self.executemany(sql, rows)
        return lambda: done

    def lock_rows(self, table: str, ids: Iterable[int]) -> None:
        """Inside a write transaction, before reading rows to change them: make other
        sessions' changes of these rows wait for this transaction, and this one for
        theirs, so what is read is what gets overwritten (no lost update). SQLite's
        transaction already holds the one write lock of the whole file: nothing to do."""
        return None

    def bulk_writes(self) -> AbstractContextManager[None]:
        """Tuning while a large file is stored inside the caller's transaction (a bigger
        cache, upkeep deferred); what it changes is put back at the end."""
        return nullcontext()

    # reads ---------------------------------------------------------------------------

    @abstractmethod
    def query(self, sql: str, params: Params = ()) -> list[dict]:
        """Rows as dicts keyed by column name."""

    @abstractmethod
    def rows(self, sql: str, params: Params = ()) -> list[tuple]:
        """Rows as tuples: the cheap form for hot paths and bulk reads."""

    @abstractmethod
    def one(self, sql: str, params: Params = ()) -> tuple | None:
        """The first row, or None."""

    def scalar(self, sql: str, params: Params = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.one(sql, params)
        return None if row is None else row[0]

    @abstractmethod
    def batches(self, sql: str, params: Params = (), size: int = 1000
                ) -> Iterator[list[tuple]]:
        """The rows of a long query a batch at a time, fetched as they are consumed; the
        caller holds the lock or a transaction for as long as it reads."""

    @abstractmethod
    def blob_prefix(self, table: str, column: str, key: int, size: int) -> bytes:
        """The first `size` bytes of a blob, without reading the rest of it."""

    @abstractmethod
    def tables(self) -> list[str]:
        """The names of the database's tables (not views), its bookkeeping ones too."""

    @abstractmethod
    def columns(self, table: str) -> list[str]:
        """A table's column names, in their order."""

    # writes --------------------------------------------------------------------------

    @abstractmethod
    def execute(self, sql: str, params: Params = ()) -> int:
        """One statement; returns the rows it changed."""

    @abstractmethod
    def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """One statement for many rows in one go; returns the rows it changed."""

    @abstractmethod
    def insert(self, table: str, row: dict[str, Any]) -> int:
        """A row; returns its new id."""

    @abstractmethod
    def insert_all(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Rows that share their columns, in bulk."""

    @abstractmethod
    def update(self, table: str, row_id: int, fields: dict[str, Any]) -> None:
        """Some columns of the row with this id."""

    # noticing changes ----------------------------------------------------------------

    @abstractmethod
    def on_change(self, table: str, callback: Callable[[int], None]) -> None:
        """Call back with the id of every row of `table` inserted, updated or deleted
        through this connection, whichever code made the write (ids of a write rolled
        back are called too: a caller re-reads them)."""

    @abstractmethod
    def verify(self, full: bool = False) -> list[str]:
        """The database's own consistency check: the problems found, [] when sound."""

    @abstractmethod
    def data_version(self) -> int:
        """A number that changes whenever another connection commits a change."""

    def user(self) -> str:
        """Who is making changes, as the database knows them, for the history when
        GLOSSARY_USER is not set: the OS user for a file; a server backend gives its
        login role."""
        try:
            return getpass.getuser()
        except (OSError, KeyError):  # no user name in a container without passwd entry
            return "unknown"

    def session(self) -> str:
        """Who this process is to the database, for a claim others must respect (the
        one index builder): the OS pid for a file, which only processes on this machine
        open."""
        return str(os.getpid())

    def session_alive(self, session: str) -> bool:
        """Whether the claimant `session` (from `session()`) still runs."""
        return session.isdigit() and alive(int(session))

    # life ----------------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None:
        """Close the connection once no thread is using it."""
