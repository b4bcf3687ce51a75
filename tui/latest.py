"""The newest-request-wins queue behind search-as-you-type, kept apart from the screen.

Typing ten characters asks for ten lookups. Running them all would make the last one
wait behind nine stale ones (and fight them for the GIL), so each kind of query has a
Channel: one worker at a time, and when it finishes it takes only the newest request
that arrived meanwhile. Each request is numbered, so whatever does get shown can still
be checked against the newest number before it reaches the screen.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

T = TypeVar("T")


class Channel(Generic[T]):
    """Requests of one kind; at most one is being worked on, the rest collapse to the newest."""

    def __init__(self) -> None:
        self.seq = 0  # number of the newest request
        self._pending: tuple[int, T] | None = None
        self._busy = False
        self._lock = threading.Lock()
        self._asked = threading.Condition(self._lock)

    def ask(self, request: T) -> tuple[int, bool]:
        """Queue a request; returns its number and whether a worker must be started for it."""
        with self._lock:
            self.seq += 1
            self._pending = (self.seq, request)
            start = not self._busy
            self._busy = True
            self._asked.notify_all()
            return self.seq, start

    def take(self) -> tuple[int, T] | None:
        """The newest waiting request, or None, after which the worker must stop (not busy)."""
        with self._lock:
            item, self._pending = self._pending, None
            if item is None:
                self._busy = False
            return item

    def peek(self) -> T | None:
        """The newest waiting request, left in place."""
        with self._lock:
            return None if self._pending is None else self._pending[1]

    def is_current(self, seq: int) -> bool:
        return seq == self.seq

    def newer_within(self, seq: int, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a request newer than `seq`; True if one came."""
        with self._asked:
            return self._asked.wait_for(lambda: self.seq != seq, timeout)
