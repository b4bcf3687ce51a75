"""What a segment build reads and writes: unit rows in, doc tables and posting lists out.

TMIndex._build (index.py) decides how a segment is built; these are its passes over
the store. The units come a batch at a time in id order, and both passes of a numpy
build read them so, so their doc orders agree. Lists go out in batches bounded by
count and bytes, so a segment of a million units never holds its lists twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

import numpy as np

from glossary.store.base import ReadConnection
from glossary.store.tm_tables import TMTables
from glossary.tm.build import Dealer, order_docs, row_key
from glossary.tm.grams import HAN, OTHER, space_of_lang

READ_BATCH = 4096  # units read at a time; their keys stay under a chunk per space
WRITE_BATCH = 20000
WRITE_BYTES = 16 << 20

Batch = tuple[np.ndarray, list[tuple[int, np.ndarray, tuple[str, ...]]]]


class _Spaces(dict):
    """Language tag -> index space, worked out once per tag."""

    def __missing__(self, lang: str) -> int:
        self[lang] = space = space_of_lang(lang)
        return space


def unit_batches(tables: TMTables, first: int, last: int, reader: ReadConnection
                 ) -> Iterator[Batch]:
    """Units first..last a batch at a time, as (unit ids, per side (side, space of each
    doc, keys)), from the build's snapshot."""
    spaces = _Spaces()
    for rows in tables.unit_batches(first, last, READ_BATCH, reader):
        uids, source_langs, source_keys, target_langs, target_keys = zip(*rows, strict=True)
        del rows
        count = len(uids)
        yield np.array(uids, dtype=np.uint32), [  # stored as uint32 (order_docs)
            (side, np.fromiter(map(spaces.__getitem__, langs), dtype=np.int8, count=count),
             keys)
            for side, langs, keys in ((0, source_langs, source_keys),
                                      (1, target_langs, target_keys))
        ]


def store_docs(tables: TMTables, segment: int, space: int, cols: tuple[list, list, list]
               ) -> tuple[np.ndarray, int]:
    """Store the doc table of one space; returns each doc's number, in read order, and
    the characters of its keys."""
    units, sides, lengths = (np.concatenate(c) if c else np.zeros(0, np.int64)
                             for c in cols)
    meta, numbers = order_docs(units, sides, lengths)
    tables.add_docs(segment, space, meta.count, meta.units.astype("<u4").tobytes(),
                    meta.sides.tobytes(), meta.offsets.astype("<i8").tobytes())
    return numbers, int(lengths.sum())


def deal(tables: TMTables, first: int, last: int, numbers: dict[int, np.ndarray],
         dealers: dict[int, Dealer], chunk_chars: int, reader: ReadConnection) -> None:
    """The numpy build's second pass: the keys of each space, in the first pass's order,
    a chunk (of about chunk_chars characters) at a time."""
    keys: dict[int, list[str]] = {HAN: [], OTHER: []}
    chars = {HAN: 0, OTHER: 0}
    done = {HAN: 0, OTHER: 0}

    def flush(sp: int) -> None:
        chunk = keys[sp]
        if chunk:
            start = done[sp]
            dealers[sp].add(chunk, numbers[sp][start : start + len(chunk)], sp)
            done[sp] = start + len(chunk)
            keys[sp], chars[sp] = [], 0

    for _, sides in unit_batches(tables, first, last, reader):
        for _, spaces, side_keys in sides:
            for sp in (HAN, OTHER):
                chosen = list(compress(side_keys, spaces == sp))
                keys[sp] += chosen
                chars[sp] += sum(map(len, chosen))
                if chars[sp] >= chunk_chars:
                    flush(sp)
    for sp in (HAN, OTHER):
        flush(sp)
        if done[sp] != len(numbers[sp]):
            raise RuntimeError("TM units changed while the index was being built")


def store_postings(tables: TMTables, segment: int, space: int,
                   postings: Iterator[tuple[int, int, bytes]]) -> None:
    """(token, docs, encoded list) of one space, stored in batches."""
    batch: list[tuple[int, int, bytes]] = []
    held = 0
    for tok, count, blob in postings:
        batch.append((row_key(segment, space, tok), count, blob))
        held += len(blob) + 64
        if len(batch) >= WRITE_BATCH or held >= WRITE_BYTES:
            tables.add_postings(batch)
            batch.clear()
            held = 0
    tables.add_postings(batch)
