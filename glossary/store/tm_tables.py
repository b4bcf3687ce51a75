"""The TM gram index's tables: segments, doc tables, posting lists, and the dirty list.

glossary/tm/index.py decides what to build, cache and read; this module is how those
rows are stored and fetched. A posting list's row key packs (segment, space, token)
(tm/build.row_key), so a segment's or a space's lists are one key range. Reads made
while a search runs hold the lock for their whole loop, so the ids and lists of one
search come from one state of the tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial

from glossary.store.base import Backend, ReadConnection

POSTINGS = "tm_index_postings"
IN_CHUNK = 500  # keys per IN (...) list, well under SQLite's parameter limit


class TMTables:
    """Reads and writes of the tm_index_* tables (and the unit rows a build reads)."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self.lock = backend.lock
        # the start of a stored list, read without reading the rest: a search reads some
        # two hundred of these, so the call is bound once
        self.posting_prefix = partial(backend.blob_prefix, POSTINGS, "ids")

    # reading -------------------------------------------------------------------------

    def segments(self) -> list[tuple]:
        """(id, first_unit, last_unit, units, built) of every segment searches use, oldest
        units first (not those being written or removed)."""
        return self.backend.rows(
            "SELECT id, first_unit, last_unit, units, built FROM tm_index_segments "
            "WHERE pid IS NULL ORDER BY first_unit")

    def indexed_up_to(self) -> int:
        return self.backend.scalar(
            "SELECT max(last_unit) FROM tm_index_segments WHERE pid IS NULL") or 0

    def units_after(self, unit: int) -> list[int]:
        """The visible units after `unit` (a pending import's are not yet searched)."""
        return [r[0] for r in self.backend.rows("SELECT id FROM tm_visible WHERE id > ?",
                                                (unit,))]

    def count_after(self, unit: int, limit: int) -> int:
        """How many visible units come after `unit`, counting no further than `limit`."""
        return self.backend.scalar(
            "SELECT count(*) FROM (SELECT 1 FROM tm_visible WHERE id > ? LIMIT ?) AS later",
            (unit, limit))

    def last_unit(self, reader: ReadConnection | None = None) -> int:
        """The last unit an index segment may cover: the newest one before the first unit
        of a pending import. A segment built over hidden units would never index them
        once they became visible, so the index stops short of them until they are."""
        row = (reader or self.backend).one(
            "SELECT max(id) FROM tm_units WHERE id < (SELECT coalesce(min(id), 1 << 62) "
            "FROM tm_units WHERE import_id IN (SELECT id FROM imports WHERE ok = 0))")
        return int(row[0] or 0) if row else 0

    def dirty(self) -> set[int]:
        return {r[0] for r in self.backend.rows("SELECT unit_id FROM tm_index_dirty")}

    def dirty_mark(self, reader: ReadConnection) -> int:
        """The newest dirty mark a build's snapshot saw: what it may clear at the end."""
        row = reader.one("SELECT coalesce(max(seq), 0) FROM tm_index_dirty")
        return int(row[0]) if row else 0

    def docs(self, segment: int, space: int) -> tuple | None:
        """(units, sides, offsets) blobs of a segment's doc table in one space."""
        return self.backend.one(
            "SELECT units, sides, offsets FROM tm_index_docs WHERE segment = ? AND space = ?",
            (segment, space))

    def unit_keys(self, first: int, last: int) -> list[tuple]:
        """(id, source_key, target_key) of the units first..last, by id."""
        return self.backend.rows(
            "SELECT id, source_key, target_key FROM tm_units WHERE id BETWEEN ? AND ? "
            "ORDER BY id", (first, last))

    def unit_batches(self, first: int, last: int, size: int,
                     reader: ReadConnection | None = None) -> Iterator[list[tuple]]:
        """(id, source_lang, source_key, target_lang, target_key) of units first..last, by
        id, a batch at a time (a build reads them on a second thread, from the snapshot
        of its own reading connection)."""
        return (reader or self.backend).batches(
            "SELECT id, source_lang, source_key, target_lang, target_key FROM tm_units "
            "WHERE id BETWEEN ? AND ? ORDER BY id", (first, last), size)

    def counts(self, keys: list[int]) -> list[tuple[int, int]]:
        """(key, docs) of the stored lists among these row keys."""
        return self._in("SELECT key, n FROM tm_index_postings WHERE key IN ({})", keys)

    def lists(self, keys: list[int]) -> list[tuple[int, bytes]]:
        """(key, stored list) of the stored lists among these row keys, in one query a
        chunk: per-list reads cost more in call overhead than in bytes for short ones."""
        return self._in("SELECT key, ids FROM tm_index_postings WHERE key IN ({})", keys)

    def counts_between(self, low: int, high: int) -> list[tuple[int, int]]:
        """(key, docs) of every list with a row key in [low, high]: a space's table."""
        return self.backend.rows(
            "SELECT key, n FROM tm_index_postings WHERE key BETWEEN ? AND ?", (low, high))

    def posting(self, key: int) -> bytes:
        """A whole stored list, b"" when there is none."""
        row = self.backend.one("SELECT ids FROM tm_index_postings WHERE key = ?", (key,))
        return row[0] if row else b""

    def _in(self, sql: str, keys: list[int]) -> list:
        found: list = []
        with self.lock:
            for i in range(0, len(keys), IN_CHUNK):
                chunk = keys[i : i + IN_CHUNK]
                found += self.backend.rows(sql.format(",".join("?" * len(chunk))), chunk)
        return found

    # writing (inside the caller's transaction) ---------------------------------------

    def clear(self) -> None:
        with self.backend.transaction():
            for table in ("tm_index_postings", "tm_index_docs", "tm_index_segments",
                          "tm_index_dirty"):
                self.backend.execute(f"DELETE FROM {table}")

    def add_segment(self, first: int, last: int, units: int, built: str) -> int:
        """A segment being written: searches leave it out until `publish`."""
        return self.backend.insert("tm_index_segments", {
            "first_unit": first, "last_unit": last, "units": units, "built": built,
            "pid": os.getpid()})

    def publish(self, segment: int, first: int, last: int, dirty_mark: int,
                replaces: tuple[int, ...] = ()) -> None:
        """In one transaction: the segment searched from now on, the segments it merges
        retired (their rows removed afterwards, `purge`), and the units it indexes off
        the dirty list, those marked before its snapshot only."""
        with self.backend.transaction():
            for old in replaces:
                self.backend.execute("UPDATE tm_index_segments SET pid = -1 WHERE id = ?",
                                     (old,))
            self.backend.execute("UPDATE tm_index_segments SET pid = NULL WHERE id = ?",
                                 (segment,))
            self.backend.execute("DELETE FROM tm_index_dirty WHERE unit_id BETWEEN ? AND ? "
                                 "AND seq <= ?", (first, last, dirty_mark))

    def claim_builder(self, wait: bool = True) -> list[int] | None:
        """Become the one process building the index, or None if another live one is.
        Returns the segments left unfinished or retired, for `purge` (whoever wrote them
        has gone, as no other builder runs)."""
        with self.backend.transaction(wait=wait):
            row = self.backend.one(
                "SELECT value FROM glossary_meta WHERE key = 'index_builder'")
            me = self.backend.session()
            holder = str(row[0]) if row and row[0] else ""
            if holder and holder != me and self.backend.session_alive(holder):
                return None
            self.backend.execute("INSERT OR REPLACE INTO glossary_meta (key, value) "
                                 "VALUES ('index_builder', ?)", (me,))
            return [r[0] for r in self.backend.rows(
                "SELECT id FROM tm_index_segments WHERE pid IS NOT NULL")]

    def release_builder(self) -> None:
        self.backend.execute("DELETE FROM glossary_meta WHERE key = 'index_builder' "
                             "AND value = ?", (self.backend.session(),))

    def retired(self) -> list[int]:
        return [r[0] for r in self.backend.rows(
            "SELECT id FROM tm_index_segments WHERE pid = -1")]

    def purge(self, segment: int, low: int, high: int, chunk: int = 5000) -> None:
        """Remove a segment no search uses, its lists a chunk per transaction so other
        writers get in between; the segment's row goes last, so an interrupted purge
        is taken up again by the next build."""
        while self.backend.execute(
                "DELETE FROM tm_index_postings WHERE key IN (SELECT key FROM "
                "tm_index_postings WHERE key BETWEEN ? AND ? LIMIT ?)", (low, high, chunk)):
            pass
        with self.backend.transaction():
            self.backend.execute("DELETE FROM tm_index_docs WHERE segment = ?", (segment,))
            self.backend.execute("DELETE FROM tm_index_segments WHERE id = ?", (segment,))

    def add_docs(self, segment: int, space: int, docs: int, units: bytes, sides: bytes,
                 offsets: bytes) -> None:
        self.backend.execute(
            "INSERT INTO tm_index_docs (segment, space, docs, units, sides, offsets) "
            "VALUES (?, ?, ?, ?, ?, ?)", (segment, space, docs, units, sides, offsets))

    def add_postings(self, rows: list[tuple[int, int, bytes]]) -> None:
        """(row key, docs, stored list) rows."""
        self.backend.executemany("INSERT INTO tm_index_postings VALUES (?, ?, ?)", rows)
