"""The compiled search kernels (_kernels.c), when the install built them.

They only make searches of large memories faster. Callers ask COMPILED first:
without the kernels (no C compiler at install) they count in numpy and leave the
missing-gram bound out, and searches give the same results.
"""

from __future__ import annotations

from concurrent.futures import Executor

import numpy as np

try:
    from . import _kernels
except ImportError:  # built without a compiler: the numpy paths serve
    _kernels = None

COMPILED = _kernels is not None
MAX_COUNT = 65535  # counts are uint16: a query of more grams is left to numpy
SPLIT_FROM = 32768  # a window of this many docs is counted on two cores


def stab_counts(rows: list, kinds: bytes, positions: np.ndarray, q: int, words: int,
                base: int, found: np.ndarray) -> np.ndarray:
    """Per doc of found (bit numbers), the fewest edits that destroy the query grams it
    lacks (int64). Rows as for count_window; at most MAX_COUNT positions."""
    counts = _kernels.stab_counts(rows, kinds, np.ascontiguousarray(positions, dtype=np.int64),
                                  q, words, base, np.ascontiguousarray(found, dtype=np.int64))
    return np.frombuffer(counts, dtype=np.uint16).astype(np.int64)


def count_window(rows: list, kinds: bytes, weights: list[int], words: int, base: int,
                 first: int, ends: np.ndarray, needs: np.ndarray, slack: int = 0,
                 positions: np.ndarray | None = None, q: int = 3,
                 pool: Executor | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The docs of a window (numbered from 0) whose weighted count of the rows holding
    them, plus slack, reaches their need; those counts; and with positions (as for
    stab_counts) their missing-gram bound, else zeros. Weights add up to MAX_COUNT or
    less.

    rows: per token, the segment's whole bitmap as bytes padded to 64-bit words (kind 0)
    or its sorted uint32 doc numbers (kind 1), as TMIndex.kernel_rows gives them; the
    kernel reads `words` words from doc `base` (a multiple of 64) on, and bit `first` of
    those is the window's first doc. The window's docs come in runs of one need (one
    run per key length): run i ends before doc ends[i] and needs needs[i]; the last end
    is the window's length. With a pool, a window of SPLIT_FROM docs or more is counted
    as two halves at once (the kernel releases the GIL).
    """
    ends = np.ascontiguousarray(ends, dtype=np.int64)
    needs = np.ascontiguousarray(needs, dtype=np.int64)
    stab = np.ascontiguousarray(positions if positions is not None else [], dtype=np.int64)
    n = int(ends[-1]) if len(ends) else 0
    cut = ((first + n // 2) >> 6) << 6  # the halves meet at a word
    if pool is None or n < SPLIT_FROM or not first < cut < first + n:
        return _count(rows, kinds, weights, words, base, first, ends, needs, slack, stab, q)
    half = cut - first
    low, high = pool.map(
        lambda part: _count(rows, kinds, weights, words, base, part[0], part[1], needs, slack,
                            stab, q),
        [(first, np.minimum(ends, half)), (cut, np.maximum(ends - half, 0))])
    return (np.concatenate((low[0], high[0] + half)),
            np.concatenate((low[1], high[1])), np.concatenate((low[2], high[2])))


def _count(rows: list, kinds: bytes, weights: list[int], words: int, base: int, first: int,
           ends: np.ndarray, needs: np.ndarray, slack: int, positions: np.ndarray, q: int
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = int(ends[-1]) if len(ends) else 0
    found = np.empty(n, dtype=np.int64)
    shared = np.empty(n, dtype=np.uint16)
    edits = np.zeros(n if len(positions) else 0, dtype=np.uint16)
    got = _kernels.count_window(rows, kinds, np.asarray(weights, dtype=np.int64), words, base,
                                first, ends, needs, slack, found, shared, positions, q, edits)
    return (found[:got], shared[:got].astype(np.int64),
            edits[:got].astype(np.int64) if len(positions) else np.zeros(got, dtype=np.int64))
