"""The TM gram index's tables: segments, doc tables, posting lists, and the dirty list.

glossary/tm/index.py decides what to build, cache and read; this module is how those
rows are stored and fetched. A posting list's row key packs (segment, space, token)
(tm/build.row_key), so a segment's or a space's lists are one key range. Reads made
while a search runs hold the lock for their whole loop, so the ids and lists of one
search come from one state of the tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from glossary.store.base import Backend

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
        """(id, first_unit, last_unit, units, built) of every segment, oldest units first."""
        return self.backend.rows(
            "SELECT id, first_unit, last_unit, units, built FROM tm_index_segments "
            "ORDER BY first_unit")

    def indexed_up_to(self) -> int:
        return self.backend.scalar("SELECT max(last_unit) FROM tm_index_segments") or 0

    def units_after(self, unit: int) -> list[int]:
        return [r[0] for r in self.backend.rows("SELECT id FROM tm_units WHERE id > ?",
                                                (unit,))]

    def count_after(self, unit: int, limit: int) -> int:
        """How many units come after `unit`, counting no further than `limit`."""
        return self.backend.scalar(
            "SELECT count(*) FROM (SELECT 1 FROM tm_units WHERE id > ? LIMIT ?)",
            (unit, limit))

    def last_unit(self) -> int:
        return self.backend.scalar("SELECT max(id) FROM tm_units") or 0

    def dirty(self) -> set[int]:
        return {r[0] for r in self.backend.rows("SELECT unit_id FROM tm_index_dirty")}

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

    def unit_batches(self, first: int, last: int, size: int) -> Iterator[list[tuple]]:
        """(id, source_lang, source_key, target_lang, target_key) of units first..last, by
        id, a batch at a time (a build reads them on a second thread, inside its
        transaction)."""
        return self.backend.batches(
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

    def drop_segment(self, segment: int, low: int, high: int) -> None:
        """A segment's row, doc tables, and the lists with row keys in [low, high]."""
        self.backend.execute("DELETE FROM tm_index_postings WHERE key BETWEEN ? AND ?",
                             (low, high))
        self.backend.execute("DELETE FROM tm_index_docs WHERE segment = ?", (segment,))
        self.backend.execute("DELETE FROM tm_index_segments WHERE id = ?", (segment,))

    def add_segment(self, first: int, last: int, units: int, built: str) -> int:
        return self.backend.insert("tm_index_segments", {
            "first_unit": first, "last_unit": last, "units": units, "built": built})

    def add_docs(self, segment: int, space: int, docs: int, units: bytes, sides: bytes,
                 offsets: bytes) -> None:
        self.backend.execute(
            "INSERT INTO tm_index_docs (segment, space, docs, units, sides, offsets) "
            "VALUES (?, ?, ?, ?, ?, ?)", (segment, space, docs, units, sides, offsets))

    def add_postings(self, rows: list[tuple[int, int, bytes]]) -> None:
        """(row key, docs, stored list) rows."""
        self.backend.executemany("INSERT INTO tm_index_postings VALUES (?, ?, ?)", rows)

    def clean(self, first: int, last: int) -> None:
        """Units first..last are indexed as they are now: off the dirty list."""
        self.backend.execute("DELETE FROM tm_index_dirty WHERE unit_id BETWEEN ? AND ?",
                             (first, last))
