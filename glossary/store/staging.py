"""A TM import read into a private database first, then moved in a chunk at a time.

Reading, checking and fingerprinting a million units takes the better part of a minute;
while an import held the write lock for all of it, every other write had to wait that
long. Now the importer fills a staging database, a private SQLite file beside the
memory (`.memory.db-import-<pid>`, removed afterwards), without touching the memory,
and moves its units in with one short transaction per chunk as soon as a chunk is
staged (on a thread of its own, so moving overlaps reading), pausing between chunks so
a waiting writer gets the lock. The import's row is pending (ok = 0) until
the last chunk is in, and readers see the memory through tm_visible, which leaves a
pending import's units out: nobody sees half an import, and what a killed import moved
in stays hidden until the next import removes it (ImportLog.forget).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TypeGuard

from glossary.store.base import Backend
from glossary.store.sqlite import SQLiteBackend
from glossary.store.waiting import alive

CHUNK = 50_000  # units per transaction: some 0.3 s of holding the lock (each also pays a commit)
PAUSE = 0.02  # seconds between chunks: a waiting writer polls more often than this
STAGING_CACHE_KB = 8 * 1024  # staged rows only append: a small cache does
WATCH = 0.05  # seconds between looks at how much the reading has staged
PREFIX = "-import-"

Moved = Callable[[int, int], None]  # (units moved in, units staged)


def can_stage(store: Backend) -> TypeGuard[SQLiteBackend]:
    """Whether imports into this store go through a staging database (SQLite files)."""
    return isinstance(store, SQLiteBackend) and store.path is not None and not store.read_only


def staging_path(database: Path, pid: int) -> Path:
    return database.with_name(f".{database.name}{PREFIX}{pid}")


def sweep(database: Path) -> None:
    """Remove staging files whose process has gone (a killed import leaves one)."""
    for path in database.parent.glob(f".{database.name}{PREFIX}*"):
        pid = path.name.rsplit(PREFIX, 1)[1].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)):
            with suppress(OSError):
                path.unlink()


class Staging:
    """The staging database of one import; use it as a context manager."""

    def __init__(self, main: SQLiteBackend):
        if main.path is None:
            raise ValueError("a staging database needs the memory's file")
        self.main = main
        self.path = staging_path(main.path, os.getpid())
        sweep(main.path)
        self._remove()
        self.backend = SQLiteBackend(self.path)
        # a fault here (a full disk) is named after the memory, not a hidden file
        self.backend.location = f"{main.location} (staging an import beside it)"
        conn = self.backend.conn
        # a file thrown away on any failure: durability would only cost time; its
        # write-ahead log lets the memory's connection read what is committed while the
        # reading goes on, and each batch is committed as it comes
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(f"PRAGMA cache_size = {-STAGING_CACHE_KB}")  # rows append: no index
        # the units as plain rows in file order: the memory's unique fingerprint index
        # drops repeats as they are moved in, so keeping one here too (random inserts
        # into a B-tree growing with the file) only made big files slower per unit
        cols = [(r[1], r[2]) for r in conn.execute("PRAGMA table_info(tm_units)")
                if r[1] != "id"]
        conn.executescript(
            "DROP VIEW tm_visible; DROP TABLE tm_units; CREATE TABLE tm_units "
            f"(id INTEGER PRIMARY KEY, {', '.join(f'{n} {t}' for n, t in cols)});")

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with suppress(Exception):
            self.backend.close()
        self._remove()

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-writer"):
            with suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()

    def staged(self) -> int:
        return self.backend.scalar("SELECT count(*) FROM tm_units") or 0

    def move_in(self, import_id: int, moved: Moved | None = None,
                stopped: Callable[[], bool] | None = None,
                loading: threading.Event | None = None) -> int:
        """Copy the staged units into the memory under `import_id`, a chunk per
        transaction; returns how many were new there (the others it already held).
        While `loading` is set the file is still being read: chunks move in as soon as
        they are staged, so moving overlaps reading (run this on a thread of its own).
        `stopped` is asked between chunks; True raises StopMoving."""
        main = self.main
        staged_cols = {r[1] for r in self.backend.rows("PRAGMA table_info(tm_units)")}
        cols = [r[1] for r in main.rows("PRAGMA main.table_info(tm_units)")
                if r[1] != "id" and r[1] in staged_cols]
        picked = ", ".join("?" if c == "import_id" else c for c in cols)
        sql = (f"INSERT OR IGNORE INTO main.tm_units ({', '.join(cols)}) "
               f"SELECT {picked} FROM staged.tm_units WHERE id BETWEEN ? AND ? ORDER BY id")
        added = 0
        low = 1
        with main.attached(self.path, "staged"):
            while True:
                if stopped is not None and stopped():
                    raise StopMoving
                still = loading is not None and loading.is_set()
                top = main.scalar("SELECT coalesce(max(id), 0) FROM staged.tm_units")
                if top - low + 1 < CHUNK and still:  # wait for a whole chunk
                    time.sleep(WATCH)
                    continue
                if low > top:
                    break
                high = min(top, low + CHUNK - 1)
                with main.transaction(), main.bulk_writes():
                    added += main.execute(sql, (import_id, low, high))
                if moved is not None:
                    moved(high, top)
                low = high + 1
                time.sleep(PAUSE)
        return added


class StopMoving(Exception):  # noqa: N818 - a signal, not an error
    """The user cancelled while the units were being moved in."""
