"""TM unit rows as fuzzy search and concordance score them.

A search decides which units to score from the gram index and then reads their rows
here, a few hundred ids at a time; the exhaustive scan and the concordance's
substring scan (for needles too short for the index) read them all. Rows are tuples
in UNIT_COLUMNS order, the shape the scoring loops unpack.
"""

from __future__ import annotations

from collections.abc import Iterator

from glossary.store.base import Backend

UNIT_COLUMNS = "id, source_lang, source, source_key, target_lang, target, target_key"
IN_CHUNK = 500  # ids per IN (...) list


class UnitRows:
    """Reads of the visible units (tm_visible) for scoring; callers hold a snapshot around
    a search's reads."""

    def __init__(self, backend: Backend):
        self.backend = backend

    def by_ids(self, ids: list[int]) -> list[tuple]:
        """The rows of these ids that exist, in no particular order."""
        rows: list[tuple] = []
        for i in range(0, len(ids), IN_CHUNK):
            chunk = ids[i : i + IN_CHUNK]
            rows += self.backend.rows(
                f"SELECT {UNIT_COLUMNS} FROM tm_visible "
                f"WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        return rows

    def newest_first(self, ids: list[int]) -> list[tuple]:
        """The rows of these ids (a batch of at most a few hundred), newest unit first."""
        return self.backend.rows(
            f"SELECT {UNIT_COLUMNS} FROM tm_visible WHERE id IN ({','.join('?' * len(ids))}) "
            "ORDER BY id DESC", ids)

    def containing(self, needle: str, limit: int) -> list[tuple]:
        """The newest units whose search key holds the needle on either side, found by a
        scan the database runs (for a needle shorter than an index gram)."""
        return self.backend.rows(
            f"SELECT {UNIT_COLUMNS} FROM tm_visible WHERE instr(source_key, ?) > 0 "
            "OR instr(target_key, ?) > 0 ORDER BY id DESC LIMIT ?", (needle, needle, limit))

    def every(self) -> Iterator[tuple]:
        """Every unit, holding the lock while they are read (the exhaustive scan)."""
        with self.backend.lock:
            for batch in self.backend.batches(f"SELECT {UNIT_COLUMNS} FROM tm_visible"):
                yield from batch
