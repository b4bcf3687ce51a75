"""The compiled search kernels (_kernels.c), when the install built them.

They only make English searches of large memories faster. Callers ask COMPILED
first: without the kernels (no C compiler at install) they count in numpy and leave
the missing-gram bound out, and searches give the same results.
"""

from __future__ import annotations

import numpy as np

try:
    from . import _kernels
except ImportError:  # built without a compiler: the numpy paths serve
    _kernels = None

COMPILED = _kernels is not None
MAX_COUNT = 65535  # counts are uint16: a query of more grams is left to numpy


def stab_counts(rows: list, kinds: bytes, positions: np.ndarray, q: int, words: int,
                base: int, found: np.ndarray) -> np.ndarray:
    """Per doc of found (bit numbers), the fewest edits that destroy the query grams it
    lacks (int64). Rows as for count_window; at most MAX_COUNT positions."""
    counts = _kernels.stab_counts(rows, kinds, np.ascontiguousarray(positions, dtype=np.int64),
                                  q, words, base, np.ascontiguousarray(found, dtype=np.int64))
    return np.frombuffer(counts, dtype=np.uint16).astype(np.int64)


def count_window(rows: list, kinds: bytes, weights: list[int], words: int, base: int,
                 first: int, need: np.ndarray, slack: int = 0
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The docs of a window (numbered from 0) whose weighted count of the rows holding
    them, plus slack, reaches need; and those counts. Weights add up to MAX_COUNT or less.

    rows: per token, the segment's whole bitmap as bytes padded to 64-bit words (kind 0)
    or its sorted uint32 doc numbers (kind 1), as TMIndex.kernel_rows gives them; the
    kernel reads `words` words from doc `base` (a multiple of 64) on, and bit `first` of
    those is the window's first doc.
    """
    need = np.ascontiguousarray(need, dtype=np.int64)
    found = np.empty(len(need), dtype=np.int64)
    shared = np.empty(len(need), dtype=np.uint16)
    n = _kernels.count_window(rows, kinds, np.asarray(weights, dtype=np.int64), words, base,
                              first, need, slack, found, shared)
    return found[:n], shared[:n].astype(np.int64)
