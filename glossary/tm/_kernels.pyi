"""Types of the compiled search kernel (_kernels.c and the files beside it); kernels.py
wraps it. Buffers: anything with the buffer protocol, of the item type named."""

import numpy as np
from typing_extensions import Buffer as _Buffer

Buffer = _Buffer | np.ndarray  # numpy arrays, bytes, memoryviews

class OutOfRange(IndexError, ValueError):
    """A doc that names no key."""

def indel_distances(keys: list[str], query: str, docs: Buffer, limits: Buffer, /) -> bytes:
    """The indel distance of query to keys[d] for each d of docs (int64), as int32, or
    limit + 1 past that doc's limit (limits: int64, one per doc, or empty)."""
