"""The compiled search kernel (_kernels.c), when the install built it.

It only makes English searches of large memories faster: without it (no C compiler
at install) the bound it computes is left out, and searches give the same results.
"""

from __future__ import annotations

import numpy as np

try:
    from . import _kernels
except ImportError:  # built without a compiler: the numpy paths serve
    _kernels = None

COMPILED = _kernels is not None


def stab_counts(rows: list[np.ndarray], kinds: bytes, positions: np.ndarray, q: int,
                words: int, found: np.ndarray) -> np.ndarray | None:
    """Per doc of found, the fewest edits that destroy the query grams it lacks (int64);
    None without the compiled kernel (the bound is then left out)."""
    if _kernels is None:
        return None
    counts = _kernels.stab_counts(rows, kinds, np.ascontiguousarray(positions, dtype=np.int64),
                                  q, words, np.ascontiguousarray(found, dtype=np.int64))
    return np.frombuffer(counts, dtype=np.uint16).astype(np.int64)

