"""The TM gram index in the store: segments, their upkeep, and reading them back.

Units are indexed in segments of contiguous ids, each built in bulk (tm_build). Units
added since the last segment form the tail, which searches score directly, so a unit
is findable the moment it is stored; once the tail grows past TAIL_LIMIT a search
indexes it first. Small segments are merged into larger ones, so a search reads a
handful of segments however the units arrived. Units changed in place are listed in
tm_index_dirty by a trigger and also scored directly, as are ids reused below the
indexed range, so the index never hides a unit.

Its rows live in the store (store/tm_tables.py holds the SQL); this module decides what
to build and keeps what searches read again in memory: doc tables, keys, long lists.
"""

from __future__ import annotations

from collections import OrderedDict
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import compress

import numpy as np

from glossary.prefetch import ahead
from glossary.store.base import Backend, ReadConnection
from glossary.store.tm_tables import TMTables
from glossary.store.waiting import Busy
from glossary.tm.build import (
    CHUNK_CHARS,
    DIRECTORY,
    DIRECTORY_BYTES,
    SEGMENT_SHIFT,
    SPACE_SHIFT,
    Dealer,
    Postings,
    SpaceDocs,
    directory_span,
    drain,
    has_directory,
    is_bitmap,
    row_key,
)
from glossary.tm.grams import HAN, OTHER
from glossary.tm.segment_io import deal, store_docs, store_postings, unit_batches

TAIL_LIMIT = 5000
MAX_SEGMENT_UNITS = 1_000_000
SPILL_CHARS = 1 << 23  # a space with more key characters deals its entries to temp files
BATCHES_AHEAD = 4  # batches of rows read and not yet added to the builders
ENCODED_AHEAD = 16  # lists encoded and not yet stored (a bitmap is 125 KB at 1M docs)
LIST_CACHE_BYTES = 320 << 20  # long posting lists kept in memory between searches (all of
# them at a million units: a miss costs a 125 KB read, some twenty per English query)
PRELOAD_BYTES = LIST_CACHE_BYTES  # of those, the longest, read when a session warms up


@dataclass(frozen=True)
class Segment:
    """One built segment. Caches are keyed by the whole record, build time included,
    because a segment id can be used again once a merge has dropped it."""

    id: int
    first_unit: int
    last_unit: int
    units: int
    built: str


class TMIndex:
    """The index of one store's TM units: what is built, and the caches that make reading
    it cheap. Its rows are read and written through store.tm_tables."""

    def __init__(self, store: Backend):
        self.store = store
        self.tables = TMTables(store)
        self._docs: dict[tuple[Segment, int], SpaceDocs] = {}
        self._keys: dict[tuple[Segment, int], list[str]] = {}
        # keyed by (segment id, build time, space, token): plain values hash in C, and a
        # search looks up some two hundred lists
        self._lists: OrderedDict[tuple[int, str, int, int], bytes] = OrderedDict()
        self._counts: dict[tuple[Segment, int], dict[int, int]] = {}  # token -> docs
        self._held = 0

    # reading -------------------------------------------------------------------------

    # Every read holds the store's lock (the tables' reads take it): the UI warms the
    # index in a thread, and a connection used by one thread while another closes it
    # crashes the process.

    def segments(self) -> list[Segment]:
        return [Segment(*row) for row in self.tables.segments()]

    def indexed_up_to(self) -> int:
        return self.tables.indexed_up_to()

    def unindexed_units(self) -> list[int]:
        """Units a search must score directly: the tail and those changed since indexing."""
        with self.tables.lock:
            tail = self.tables.units_after(self.tables.indexed_up_to())
            dirty = self.tables.dirty()
        return sorted(dirty.union(tail))

    def dirty(self) -> set[int]:
        return self.tables.dirty()

    def docs(self, segment: Segment, space: int) -> SpaceDocs | None:
        """A segment's doc table, loaded on first use (segments never change once built)."""
        cached = self._docs.get((segment, space))
        if cached is None:
            row = self.tables.docs(segment.id, space)
            if row is None:
                return None
            cached = SpaceDocs(
                units=np.frombuffer(row[0], dtype="<u4"),
                sides=np.frombuffer(row[1], dtype=np.uint8),
                offsets=np.frombuffer(row[2], dtype="<i8"),
            )
            self._docs[(segment, space)] = cached
        return cached

    def keys(self, segment: Segment, space: int, load: bool = True) -> list[str] | None:
        """A segment's doc keys in doc order, kept in memory once loaded (None if not yet
        and load is False).

        Only window scans need them, and re-ranking many candidates uses them when they
        are there. Units changed or deleted since are caught by the caller, which
        scores stored rows, never this copy, and skips dirty units.
        """
        cached = self._keys.get((segment, space))
        if cached is not None or not load:
            return cached
        rows = self.tables.unit_keys(segment.first_unit, segment.last_unit)
        ids, sources, targets = zip(*rows, strict=True) if rows else ((), (), ())
        del rows
        found = np.array(ids, dtype=np.int64)
        texts = [*sources, *targets, ""]  # a deleted unit's doc gets the last, empty key
        del sources, targets
        live = set(self.segments())
        self._keys = {k: v for k, v in self._keys.items() if k[0] in live}
        for sp in (HAN, OTHER):
            docs = self.docs(segment, sp)
            if docs is not None:
                at = np.minimum(np.searchsorted(found, docs.units), max(len(found) - 1, 0))
                there = found[at] == docs.units if len(found) else np.zeros(docs.count, bool)
                pick = np.where(there, at + docs.sides.astype(np.int64) * len(found),
                                len(texts) - 1)
                self._keys[(segment, sp)] = [texts[i] for i in pick.tolist()]
        return self._keys.get((segment, space))

    def counts(self, segment: Segment, space: int, tokens: list[int]) -> dict[int, int]:
        """How many docs hold each token (absent tokens are left out); from memory once
        preload() has read the segment's table of counts."""
        table = self._counts.get((segment, space))
        if table is not None:
            return {t: table[t] for t in tokens if t in table}
        keys = {row_key(segment.id, space, t): t for t in tokens}
        return {keys[key]: n for key, n in self.tables.counts(list(keys))}

    def window(self, segment: Segment, space: int, tok: int, count: int, a: int, b: int
               ) -> np.ndarray:
        """The part of a posting list inside docs [a, b): doc numbers, or for a bitmap a
        0/1 array over the window. Reads only that part of the stored list, except that
        long lists (the common grams, which most queries read) are kept in memory whole."""
        table = self.docs(segment, space)
        assert table is not None  # searches ask only for spaces the segment has docs in
        ndocs = table.count
        if is_held(count, ndocs):
            return _window_of(self._held_list(segment, space, tok), count, ndocs, a, b)
        docs = np.frombuffer(self.tables.posting_prefix(row_key(segment.id, space, tok),
                                                        4 * count), dtype="<u4")
        low, high = np.searchsorted(docs, [a, b])
        return docs[low:high]

    def kernel_rows(self, segment: Segment, space: int, toks: list[int], counts: dict[int, int],
                    small: dict[int, np.ndarray] | None = None) -> tuple[list, bytes]:
        """The tokens' whole lists as the compiled kernels read them, without copying: a
        bitmap's padded bytes (kind 0) or a sorted list's uint32 doc numbers (kind 1).
        Short lists come from `small`, or without it are read in one query. Each token
        is sorted into its kind once, here: a search has a hundred and more of them."""
        docs = self.docs(segment, space)
        assert docs is not None  # searches ask only for spaces the segment has docs in
        ndocs = docs.count
        rows: list = []
        kinds = bytearray()
        short: dict[int, int] = {}  # token -> its place in rows, when small lacks it
        for tok in toks:
            count = counts[tok]
            if is_bitmap(count, ndocs):
                rows.append(self._held_list(segment, space, tok))
                kinds.append(0)
                continue
            kinds.append(1)
            if has_directory(count, ndocs):  # a long list: its directory comes first
                rows.append(np.frombuffer(self._held_list(segment, space, tok), dtype="<u4",
                                          count=count, offset=DIRECTORY_BYTES))
            elif small is not None and tok in small:
                rows.append(small[tok])
            else:
                short[tok] = len(rows)
                rows.append(None)
        if short:
            for tok, ids in self._short_lists(segment, space, list(short)).items():
                rows[short[tok]] = ids
            for at in short.values():
                if rows[at] is None:  # not stored: no doc holds it
                    rows[at] = np.zeros(0, dtype="<u4")
        return rows, bytes(kinds)

    def bitmap_words(self, segment: Segment, space: int, tok: int, a: int, b: int
                     ) -> np.ndarray:
        """Words [a/64, b/64) of a stored bitmap (a and b multiples of 64), held in memory."""
        held = self._held_list(segment, space, tok)
        return np.frombuffer(held, dtype="<u8", count=(b - a) >> 6, offset=a >> 3)

    def _held_list(self, segment: Segment, space: int, tok: int) -> bytes:
        """A long stored list, from the cache of recently read ones. Bitmaps are padded
        to whole 64-bit words, so they can be read as words up to the last doc."""
        cache_key = (segment.id, segment.built, space, tok)
        held = self._lists.get(cache_key)
        if held is None:
            held = self.blob(segment.id, space, tok)
            held += bytes(-len(held) % 8)
            self._lists[cache_key] = held
            self._held += len(held)
            while self._held > LIST_CACHE_BYTES and len(self._lists) > 1:
                self._held -= len(self._lists.popitem(last=False)[1])
        else:
            self._lists.move_to_end(cache_key)
        return held

    def preload(self, budget: int = PRELOAD_BYTES) -> None:
        """Read the longest lists into the cache now: nearly every English query reads
        the lists of "the" and " th", and the first queries after opening a large
        memory would otherwise read them from disk one by one. The table of every
        token's count is kept too, which saves each search a query."""
        wanted: list[tuple[int, Segment, int, int]] = []
        self._counts = {}  # only the live segments' tables
        for segment in self.segments():
            for space in (OTHER, HAN):
                docs = self.docs(segment, space)
                if docs is None:
                    continue
                low = row_key(segment.id, space, 0)
                rows = self.tables.counts_between(low, low + (1 << SPACE_SHIFT) - 1)
                self._counts[(segment, space)] = table = {key - low: n for key, n in rows}
                wanted += [(n, segment, space, tok) for tok, n in table.items()
                           if is_held(n, docs.count)]
        held = 0
        for _, segment, space, tok in sorted(wanted, key=lambda w: -w[0]):
            held += len(self._held_list(segment, space, tok))
            if held >= budget:
                break

    def small_lists(self, segment: Segment, space: int, counts: dict[int, int]
                    ) -> dict[int, np.ndarray]:
        """Every short sorted list among the given tokens, read in one query: per-list
        reads cost more in call overhead than in bytes for these."""
        docs = self.docs(segment, space)
        assert docs is not None  # searches ask only for spaces the segment has docs in
        ndocs = docs.count
        return self._short_lists(segment, space, [
            t for t, n in counts.items()
            if not has_directory(n, ndocs) and not is_bitmap(n, ndocs)])

    def _short_lists(self, segment: Segment, space: int, toks: list[int]
                     ) -> dict[int, np.ndarray]:
        keys = {row_key(segment.id, space, t): t for t in toks}
        return {keys[key]: np.frombuffer(blob, dtype="<u4")
                for key, blob in self.tables.lists(list(keys))}

    def blob(self, segment: int, space: int, tok: int) -> bytes:
        """A stored posting list (decode with tm_build.decode, add_counts or holds)."""
        return self.tables.posting(row_key(segment, space, tok))

    # upkeep --------------------------------------------------------------------------

    def update(self, merge_limit: int = MAX_SEGMENT_UNITS, wait: bool = True) -> int:
        """Index the tail; merge segments of similar size. Returns how many units it indexed.

        Call after a bulk import so the first search does not pay for it; searches
        call it with a small merge_limit when the tail has grown, and without waiting:
        while another process writes, a search scores the tail directly instead.

        The build never holds the write lock for long: it reads the units from a
        snapshot on a connection of its own, writes a segment's rows a batch per short
        transaction while searches leave the segment out, and makes it searchable in one
        more (TMTables.publish). One process builds at a time; another finding one at
        work leaves the tail to it. What a killed build left is removed by the next.
        """
        leftovers = self.tables.claim_builder(wait)
        if leftovers is None:
            return 0
        try:
            for segment in leftovers:
                self._drop(segment)
            with (self.store.announced("indexing the memory for search"),
                  self.store.reader() as reader):
                mark = self.tables.dirty_mark(reader)
                start = self.indexed_up_to() + 1
                last = self.tables.last_unit(reader)
                if last < start:
                    return 0
                for first in range(start, last + 1, MAX_SEGMENT_UNITS):
                    self._build(first, min(first + MAX_SEGMENT_UNITS - 1, last), reader, mark)
                self._merge(merge_limit, reader, mark)
            for segment in self.tables.retired():
                self._drop(segment)
        finally:
            self.tables.release_builder()
        live = set(self.segments())
        self._docs = {k: v for k, v in self._docs.items() if k[0] in live}
        return last - start + 1

    def refresh(self) -> None:
        """Index the tail if scoring it directly has become slower than indexing it."""
        with self.tables.lock:
            tail = self.tables.count_after(self.indexed_up_to(), TAIL_LIMIT + 1)
        if tail > TAIL_LIMIT:
            with suppress(Busy):  # a search never waits for a writer
                self.update(merge_limit=20 * TAIL_LIMIT, wait=False)

    def rebuild(self) -> None:
        """Drop every segment and index all units again."""
        self.tables.clear()
        self._docs.clear()
        self._keys.clear()
        self._lists.clear()
        self._held = 0
        self.update()

    def _merge(self, limit: int, reader: ReadConnection, mark: int) -> None:
        """Merge the newest segments while they are of similar size; the merged one
        replaces the two in the transaction that publishes it."""
        segments = self.segments()
        while len(segments) >= 2:
            older, newer = segments[-2], segments[-1]
            total = older.units + newer.units
            if newer.units * 4 < older.units or total > limit:
                break
            self._build(older.first_unit, newer.last_unit, reader, mark,
                        replaces=(older.id, newer.id))
            segments = self.segments()

    def _drop(self, segment: int) -> None:
        self.tables.purge(segment, segment << SEGMENT_SHIFT,
                          ((segment + 1) << SEGMENT_SHIFT) - 1)

    def _build(self, first: int, last: int, reader: ReadConnection, mark: int,
               replaces: tuple[int, ...] = ()) -> None:
        """Index units first..last as one segment.

        A first pass over the rows keeps each doc's unit, side and key length, which
        fix the doc numbers. The compiled builder reads the keys in the same pass and
        holds about what the stored lists will take (some 350 MB for a million
        Chinese-English units), one space's lists freed before the next is numbered.
        The numpy build makes a second pass, tokenizing the keys a chunk at a time and
        dealing the entries into partitions that are sorted and written one by one
        (held in temporary files when the segment is large), in bounded memory.
        """
        cols: dict[int, tuple[list, list, list]] = {sp: ([], [], []) for sp in (HAN, OTHER)}
        compiled = Postings is not None
        builders = {sp: Postings(sp) for sp in (HAN, OTHER)} if compiled else {}
        # The rows are read on a second thread while this one adds them to the builders
        # (the GIL released): the reading and the adding take about as long. The adding
        # stays on this thread so the builders' lists come from the memory the import
        # before freed (glibc gives a thread that allocates an arena of its own).
        total = 0
        # closed before anything else uses the connection, even on an error
        read = ahead(unit_batches(self.tables, first, last, reader), BATCHES_AHEAD)
        with closing(read) as batches:
            for uids, sides in batches:
                total += len(uids)
                for side, spaces, keys in sides:
                    lengths = np.fromiter(map(len, keys), dtype=np.int32, count=len(keys))
                    for sp in (HAN, OTHER):
                        mask = spaces == sp
                        units, side_col, length_col = cols[sp]
                        units.append(uids[mask])
                        side_col.append(np.full(int(mask.sum()), side, dtype=np.uint8))
                        length_col.append(lengths[mask])
                        if compiled:
                            builders[sp].add(list(compress(keys, mask)))
        for builder in builders.values():
            builder.seal()
        segment = self.tables.add_segment(first, last, total, datetime.now(UTC).isoformat())
        numbers: dict[int, np.ndarray] = {}
        chars: dict[int, int] = {}
        for sp in (HAN, OTHER):
            numbers[sp], chars[sp] = store_docs(self.tables, segment, sp, cols.pop(sp))
            if compiled:
                store_postings(self.tables, segment, sp,
                               ahead(drain(builders.pop(sp), numbers.pop(sp)), ENCODED_AHEAD))
        if not compiled:
            dealers = {sp: Dealer(len(numbers[sp]), chars[sp], spill=chars[sp] > SPILL_CHARS)
                       for sp in (HAN, OTHER)}
            try:
                deal(self.tables, first, last, numbers, dealers, CHUNK_CHARS, reader)
                for sp, dealer in dealers.items():
                    store_postings(self.tables, segment, sp, dealer.postings())
            finally:
                for dealer in dealers.values():
                    dealer.close()
        self.tables.publish(segment, first, last, mark, replaces)


def is_held(count: int, docs: int) -> bool:
    """Whether a list is one of the long ones searches keep in memory (_held_list)."""
    return is_bitmap(count, docs) or has_directory(count, docs)


def _window_of(held: bytes, count: int, ndocs: int, a: int, b: int) -> np.ndarray:
    """window() over a whole stored list held in memory."""
    if is_bitmap(count, ndocs):
        packed = np.frombuffer(held, dtype=np.uint8, count=((b + 7) >> 3) - (a >> 3),
                               offset=a >> 3)
        bits = np.unpackbits(packed, bitorder="little")
        return bits[a & 7 : (a & 7) + b - a]
    marks = np.frombuffer(held, dtype="<u4", count=DIRECTORY + 1)
    start, end = directory_span(marks, ndocs, a, b)
    docs = np.frombuffer(held, dtype="<u4", count=end - start,
                         offset=DIRECTORY_BYTES + 4 * start)
    low, high = np.searchsorted(docs, [a, b])
    return docs[low:high]

