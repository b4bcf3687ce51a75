"""Types of the compiled index builder (_postings.c); build.py and index.py use it."""

from collections.abc import Iterable

import numpy as np
from typing_extensions import Buffer as _Buffer

Buffer = _Buffer | np.ndarray  # numpy arrays, bytes, memoryviews

class Postings:
    """Posting lists of one index space, built as keys are read."""

    def __init__(self, space: int) -> None: ...
    def add(self, keys: Iterable[str], /) -> None:
        """The next docs, in read order; each key is one doc's search key."""
    def seal(self) -> None:
        """No more docs; frees what reading them took."""
    def finish(self, numbers: Buffer, directory: int, directory_from: int, /) -> None:
        """numbers (uint32) gives each doc read its stored number."""
    def pop(self) -> tuple[int, int, bytes] | None:
        """The next token's (token, doc count, stored list), in token order."""
