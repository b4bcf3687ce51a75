"""Turning TM units into index rows, in bulk, with numpy.

A segment indexes a contiguous range of unit ids. Its docs (searchable sides) are
numbered in order of key length, so the docs a query's length bounds allow are one
contiguous range of numbers, and every posting list is sorted by that number. A list
is stored as little-endian uint32 doc numbers, or as a bitmap over all the segment's
docs when that is smaller (the grams of "the" and "的" are in most docs).

Tokens are found for all docs of a space at once: one sort of (gram, doc) pairs gives
the occurrence number of each gram within its doc, and each occurrence layer is then
already in (gram, doc) order, so no second sort is needed.

Where the install compiled it, _postings.c builds the same lists without any sort,
appending each doc to its tokens' lists as the keys are read, with no temporary files
(a million units: 14 s instead of 41 s for the whole build); the numpy build below is
the fallback and the reference.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from glossary.tm import kernels
from glossary.tm.grams import OCC_BITS, OCC_CAP, Q, codes, grams

try:
    import glossary.tm._postings as _postings

    Postings = _postings.Postings
except ImportError:  # built without a compiler: the numpy build serves
    Postings = None  # type: ignore[assignment,misc]
if "postings" not in kernels.ON:  # GLOSSARY_KERNELS switched it off
    Postings = None  # type: ignore[assignment,misc]

CHUNK_CHARS = 1 << 20
PARTITIONS = 16
SPILL_PARTITIONS = 64
DIRECTORY = 64
DIRECTORY_BYTES = 4 * (DIRECTORY + 1)
DIRECTORY_FROM = 4096

SPACE_SHIFT = 44
SEGMENT_SHIFT = 45


def row_key(segment: int, space: int, tok: int) -> int:
    """The rowid of a posting list: segment, space and token packed into one integer."""
    return (segment << SEGMENT_SHIFT) | (space << SPACE_SHIFT) | tok


def is_bitmap(count: int, docs: int) -> bool:
    return 4 * count > (docs + 7) // 8


def has_directory(count: int, docs: int) -> bool:
    """Long sorted lists start with the positions of DIRECTORY + 1 evenly spaced doc
    numbers, so a search reads only the part inside its length window."""
    return count >= DIRECTORY_FROM and not is_bitmap(count, docs)


def directory_span(marks: np.ndarray, docs: int, a: int, b: int) -> tuple[int, int]:
    """Positions [p, q) of a list that hold every doc number in [a, b)."""
    low = a * DIRECTORY // docs
    high = min(DIRECTORY, -(-b * DIRECTORY // docs))
    return int(marks[low]), int(marks[high])


def decode(blob: bytes, count: int, docs: int) -> np.ndarray:
    """Doc numbers of a stored list, as int64."""
    if is_bitmap(count, docs):
        bits = np.unpackbits(np.frombuffer(blob, dtype=np.uint8), bitorder="little")
        return np.flatnonzero(bits[:docs])
    skip = DIRECTORY_BYTES if has_directory(count, docs) else 0
    return np.frombuffer(blob, dtype="<u4", offset=skip).astype(np.int64)


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


def order_docs(units: np.ndarray, sides: np.ndarray, lengths: np.ndarray
               ) -> tuple[SpaceDocs, np.ndarray]:
    """Number docs (unit, side, key length) by key length, then unit, then side.

    Returns the doc table and the number given to each doc (uint32), in the order
    passed in. One argsort of a packed key takes half the memory of a lexsort, which
    counts at a million docs: the index is built beside a full builder.
    """
    packed = ((lengths.astype(np.uint64) << np.uint64(33))  # lengths < 2**31, units < 2**32
              | (units.astype(np.uint64) << np.uint64(1)) | sides.astype(np.uint64))
    order = np.argsort(packed)
    del packed
    sorted_lengths = lengths[order]
    top = int(sorted_lengths[-1]) if len(order) else 0
    offsets = np.searchsorted(sorted_lengths, np.arange(top + 2), side="left")
    meta = SpaceDocs(
        units=units[order].astype(np.uint32),
        sides=sides[order].astype(np.uint8),
        offsets=offsets.astype(np.int64),
    )
    numbers = np.empty(len(order), dtype=np.uint32)
    numbers[order] = np.arange(len(order), dtype=np.uint32)
    return meta, numbers


def postings(keys: list[str], space: int) -> Iterator[tuple[int, int, bytes]]:
    """(token, doc count, stored list) for every token of keys numbered 0..len-1."""
    ndocs = len(keys)
    if not ndocs:
        return
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=ndocs)
    deal = Dealer(ndocs, int(lengths.sum()), spill=False)
    done = np.concatenate(([0], np.cumsum(lengths)))
    first = 0
    while first < ndocs:
        reach = np.searchsorted(done, done[first] + CHUNK_CHARS, side="right") - 1
        last = min(ndocs, max(first + 1, int(reach)))
        deal.add(keys[first:last], np.arange(first, last, dtype=np.int64), space)
        first = last
    yield from deal.postings()


def drain(builder: Postings, numbers: np.ndarray) -> Iterator[tuple[int, int, bytes]]:
    """(token, doc count, stored list) for every token a compiled builder read, in token
    order, its docs renumbered by numbers (read position -> doc number)."""
    builder.finish(np.ascontiguousarray(numbers, dtype=np.uint32), DIRECTORY, DIRECTORY_FROM)
    return iter(builder.pop, None)


class Dealer:
    """Entries (token << doc_bits | doc) made a chunk of docs at a time and dealt into
    partitions by token, so each partition sorts on its own: far less memory at once
    than one sort of a whole segment, and faster. With `spill`, partitions wait in
    temporary files, so memory stays bounded however many docs a segment has.
    """

    def __init__(self, ndocs: int, chars: int, spill: bool):
        self.ndocs = ndocs
        self.doc_bits = max(1, (ndocs - 1).bit_length())
        cap = SPILL_PARTITIONS if spill else PARTITIONS
        self.parts = max(1, min(cap, chars // CHUNK_CHARS))
        self.held: list[list[np.ndarray]] = [[] for _ in range(self.parts)]
        files = [tempfile.TemporaryFile() for _ in range(self.parts)] if spill else None  # noqa: SIM115
        self.files = files

    def add(self, keys: list[str], docs: np.ndarray, space: int) -> None:
        """Deal the entries of keys, whose doc numbers are docs (in any order)."""
        made = _doc_tokens(keys, docs, space, self.doc_bits)
        parts = self.parts
        shift = np.uint64(self.doc_bits + OCC_BITS)
        hashed = (made >> shift) * np.uint64(0x9E3779B97F4A7C15)  # grams end alike; spread them
        which = ((hashed >> np.uint64(40)) % np.uint64(parts)).astype(np.uint8)
        del hashed
        order = np.argsort(which, kind="stable")
        bounds = np.concatenate(([0], np.cumsum(np.bincount(which, minlength=parts))))
        for part in range(parts):
            dealt = made[order[bounds[part] : bounds[part + 1]]]
            if self.files is None:
                self.held[part].append(dealt)
            elif len(dealt):
                dealt.tofile(self.files[part])

    def postings(self) -> Iterator[tuple[int, int, bytes]]:
        """(token, doc count, stored list) for every token dealt, partition by partition."""
        try:
            for part in range(self.parts):
                if self.files is None:
                    chunks, self.held[part] = self.held[part], []
                    entries = np.concatenate(chunks) if chunks else np.zeros(0, np.uint64)
                    del chunks
                else:
                    spilled = self.files[part]
                    spilled.seek(0)
                    entries = np.fromfile(spilled, dtype=np.uint64)
                    spilled.close()
                entries.sort()
                yield from _lists(entries, self.doc_bits, self.ndocs)
                del entries
        finally:
            self.close()

    def close(self) -> None:
        for spilled in self.files or []:
            spilled.close()


def _lists(entries: np.ndarray, doc_bits: int, ndocs: int) -> Iterator[tuple[int, int, bytes]]:
    """Runs of sorted entries, one per token, as stored lists."""
    if not len(entries):
        return
    tokens = entries >> np.uint64(doc_bits)
    docs = (entries & np.uint64((1 << doc_bits) - 1)).astype("<u4")
    cuts = np.flatnonzero(tokens[1:] != tokens[:-1]) + 1
    edges = np.concatenate(([0], cuts, [len(tokens)])).tolist()
    firsts = tokens[edges[:-1]].tolist()
    for tok, start, end in zip(firsts, edges[:-1], edges[1:], strict=False):
        yield int(tok), end - start, _encode(docs[start:end], ndocs)


def _doc_tokens(keys: list[str], docs: np.ndarray, space: int, doc_bits: int) -> np.ndarray:
    """Entries (token << doc_bits | doc) of keys numbered docs, tokens occurrence-numbered.

    Sorting the chunk's (gram, doc) pairs puts each doc's repeats of a gram side by
    side; a repeat's occurrence number is its distance from the start of that run.
    """
    q = Q[space]
    folded = codes("".join(keys), space)
    packed = grams(folded, space)
    if not len(packed):
        return np.zeros(0, dtype=np.uint64)
    chunk_lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    starts_gram = np.ones(len(folded), dtype=bool)  # the last q-1 places of a doc start none
    ends = np.cumsum(chunk_lengths)
    for back in range(1, q):
        starts_gram[(ends - back)[chunk_lengths >= back]] = False
    valid = starts_gram[: len(packed)]
    doc = np.repeat(docs.astype(np.int64), chunk_lengths)[: len(packed)]
    pairs = (packed[valid] << doc_bits) | doc[valid]
    if not len(pairs):
        return np.zeros(0, dtype=np.uint64)
    pairs.sort()
    index = np.arange(len(pairs), dtype=np.int64)
    run_start = np.zeros(len(pairs), dtype=np.int64)
    np.copyto(run_start[1:], index[1:], where=pairs[1:] != pairs[:-1])
    np.maximum.accumulate(run_start, out=run_start)
    occurrence = index - run_start
    keep = occurrence <= OCC_CAP
    pairs, occurrence = pairs[keep], occurrence[keep]
    gram = pairs >> doc_bits
    entries = (((gram << OCC_BITS) | occurrence).astype(np.uint64) << np.uint64(doc_bits))
    return entries | (pairs & ((1 << doc_bits) - 1)).astype(np.uint64)


def _encode(docs: np.ndarray, ndocs: int) -> bytes:
    if is_bitmap(len(docs), ndocs):
        bits = np.zeros(ndocs, dtype=np.uint8)
        bits[docs] = 1
        return np.packbits(bits, bitorder="little").tobytes()
    if has_directory(len(docs), ndocs):
        bounds = (np.arange(DIRECTORY + 1, dtype=np.int64) * ndocs) // DIRECTORY
        return np.searchsorted(docs, bounds).astype("<u4").tobytes() + docs.tobytes()
    return docs.tobytes()

