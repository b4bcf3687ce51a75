"""Types of the compiled search kernel (_kernels.c and the files beside it); kernels.py
wraps it. Buffers: anything with the buffer protocol, of the item type named."""

from collections.abc import Sequence

import numpy as np
from typing_extensions import Buffer as _Buffer

Buffer = _Buffer | np.ndarray  # numpy arrays, bytes, memoryviews

class OutOfRange(IndexError, ValueError):
    """A doc or position that names no key or row."""

def indel_distances(keys: list[str], query: str, docs: Buffer, limits: Buffer, /) -> bytes:
    """The indel distance of query to keys[d] for each d of docs (int64), as int32, or
    limit + 1 past that doc's limit (limits: int64, one per doc, or empty)."""

def count_window(rows: Sequence[Buffer], kinds: Buffer, weights: Buffer, words: int, base: int,
                 first: int, ends: Buffer, needs: Buffer, slack: int, found: Buffer,
                 shared: Buffer, positions: Buffer, q: int, edits: Buffer, lengths: Buffer,
                 length: int, bar: int, ceilings: Buffer, /) -> int:
    """How many docs of the window pass; found (int64), shared, edits and ceilings (uint16)
    written up to that many."""
