"""Turning TM units into index rows, in bulk, with numpy.

A segment indexes a contiguous range of unit ids. Its docs (searchable sides) are
numbered in order of key length, so the docs a query's length bounds allow are one
contiguous range of numbers, and every posting list is sorted by that number. A list
is stored as little-endian uint32 doc numbers, or as a bitmap over all the segment's
docs when that is smaller (the grams of "the" and "的" are in most docs).

Tokens are found for all docs of a space at once: one sort of (gram, doc) pairs gives
the occurrence number of each gram within its doc, and each occurrence layer is then
already in (gram, doc) order, so no second sort is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .tm_grams import OCC_BITS, OCC_CAP, codes, grams

SPACE_SHIFT = 44
SEGMENT_SHIFT = 45


def row_key(segment: int, space: int, tok: int) -> int:
    """The rowid of a posting list: segment, space and token packed into one integer."""
    return (segment << SEGMENT_SHIFT) | (space << SPACE_SHIFT) | tok


def is_bitmap(count: int, docs: int) -> bool:
    return 4 * count > (docs + 7) // 8


def decode(blob: bytes, count: int, docs: int) -> np.ndarray:
    """Doc numbers of a stored list, as int64."""
    if is_bitmap(count, docs):
        bits = np.unpackbits(np.frombuffer(blob, dtype=np.uint8), bitorder="little")
        return np.flatnonzero(bits[:docs])
    return np.frombuffer(blob, dtype="<u4").astype(np.int64)


@dataclass
class SpaceDocs:
    """The docs of one space in one segment, in doc-number order."""

    units: np.ndarray  # unit id of each doc
    sides: np.ndarray  # 0 when the doc is the unit's source, 1 its target
    offsets: np.ndarray  # offsets[n] = first doc whose key is at least n characters long

    @property
    def count(self) -> int:
        return len(self.units)

    def doc_range(self, low: int, high: int) -> tuple[int, int]:
        """Doc numbers [a, b) whose key length lies in [low, high]."""
        top = len(self.offsets) - 1
        a = int(self.offsets[min(max(low, 0), top)])
        b = int(self.offsets[min(max(high + 1, 0), top)])
        return a, b

    def lengths(self, docs: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.offsets, docs, side="right") - 1


def order_docs(docs: list[tuple[int, int, str]]) -> tuple[SpaceDocs, list[str]]:
    """Number docs (unit, side, key) by key length, then unit, then side."""
    lengths = np.fromiter((len(d[2]) for d in docs), dtype=np.int64, count=len(docs))
    units = np.fromiter((d[0] for d in docs), dtype=np.int64, count=len(docs))
    sides = np.fromiter((d[1] for d in docs), dtype=np.int64, count=len(docs))
    order = np.lexsort((sides, units, lengths))
    sorted_lengths = lengths[order]
    top = int(sorted_lengths[-1]) if len(docs) else 0
    offsets = np.searchsorted(sorted_lengths, np.arange(top + 2), side="left")
    meta = SpaceDocs(
        units=units[order].astype(np.uint32),
        sides=sides[order].astype(np.uint8),
        offsets=offsets.astype(np.int64),
    )
    return meta, [docs[i][2] for i in order.tolist()]


def postings(keys: list[str], space: int) -> Iterator[tuple[int, int, bytes]]:
    """(token, doc count, stored list) for every token of keys numbered 0..len-1."""
    ndocs = len(keys)
    if not ndocs:
        return
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=ndocs)
    folded = codes("".join(keys), space)
    packed = grams(folded, space)
    if not len(packed):
        return
    doc = np.repeat(np.arange(ndocs, dtype=np.int64), lengths)[: len(packed)]
    starts = np.cumsum(lengths) - lengths
    q = len(folded) - len(packed) + 1
    valid = np.arange(len(packed)) - starts[doc] <= lengths[doc] - q
    doc_bits = max(1, (ndocs - 1).bit_length())
    pairs = (packed[valid] << doc_bits) | doc[valid]
    del packed, doc, valid
    if not len(pairs):
        return
    pairs.sort()
    index = np.arange(len(pairs))
    new_run = np.empty(len(pairs), dtype=bool)
    new_run[0] = True
    np.not_equal(pairs[1:], pairs[:-1], out=new_run[1:])
    occurrence = index - np.maximum.accumulate(np.where(new_run, index, 0))
    del index, new_run
    for layer in range(OCC_CAP + 1):
        chosen = pairs[occurrence == layer]
        if not len(chosen):
            break
        tokens = ((chosen >> doc_bits) << OCC_BITS) | layer
        docs = (chosen & ((1 << doc_bits) - 1)).astype("<u4")
        cuts = np.flatnonzero(tokens[1:] != tokens[:-1]) + 1
        bounds = np.concatenate(([0], cuts, [len(tokens)])).tolist()
        for start, end in zip(bounds[:-1], bounds[1:], strict=False):
            yield int(tokens[start]), end - start, _encode(docs[start:end], ndocs)


def _encode(docs: np.ndarray, ndocs: int) -> bytes:
    if is_bitmap(len(docs), ndocs):
        bits = np.zeros(ndocs, dtype=np.uint8)
        bits[docs] = 1
        return np.packbits(bits, bitorder="little").tobytes()
    return docs.tobytes()


def add_counts(
    counts: np.ndarray, blob: bytes, count: int, ndocs: int, a: int, weight: int
) -> None:
    """Add `weight` to counts[d - a] for every doc d of the list inside [a, a + len(counts))."""
    b = a + len(counts)
    if is_bitmap(count, ndocs):
        bits = np.unpackbits(np.frombuffer(blob, dtype=np.uint8), bitorder="little")[a:b]
        counts += bits * np.uint16(weight) if weight != 1 else bits
        return
    docs = np.frombuffer(blob, dtype="<u4")
    lo, hi = np.searchsorted(docs, [a, b])
    counts[docs[lo:hi].astype(np.int64) - a] += np.uint16(weight)


def holds(blob: bytes, count: int, ndocs: int, docs: np.ndarray) -> np.ndarray:
    """Which of the given doc numbers the list holds."""
    if is_bitmap(count, ndocs):
        packed = np.frombuffer(blob, dtype=np.uint8)
        return ((packed[docs >> 3] >> (docs & 7).astype(np.uint8)) & 1).astype(bool)
    stored = np.frombuffer(blob, dtype="<u4")
    if not len(stored):
        return np.zeros(len(docs), dtype=bool)
    pos = np.minimum(np.searchsorted(stored, docs), len(stored) - 1)
    return stored[pos] == docs
