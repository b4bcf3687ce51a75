"""An import's inserts on the team server, sent without waiting for them.

An import into PostgreSQL alternates two kinds of work: the client builds a batch of
rows (checks, fingerprints, search keys: Python), then the server inserts it (the
table's five indexes and its triggers). Done in turn, each waits for the other; at a
million units the server's half is about 26 s and the client's about 18 s. So the
INSERT ... SELECT of a batch is sent in a pipeline (psycopg's pipeline mode) and its
result collected only when the connection is next used: by then the client has
built the next batch while the server inserted this one.

"Next used" has one choke point: every use of the connection holds the backend's lock,
so the lock itself (`SettlingLock`) collects the result first. An error of the insert
(a full disk, say) surfaces there, inside the import's transaction, which then rolls
back as it would have; a transaction never commits with an insert in flight.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from typing import Any

import psycopg


@dataclass
class InFlight:
    """An INSERT sent in a pipeline, and where its row count goes once known."""

    pipeline: AbstractContextManager[Any]  # psycopg's Connection.pipeline(), entered
    cursor: psycopg.Cursor
    table: str
    added: int | None = None  # rows inserted, once the server has answered

    def settle(self) -> int:
        """Wait for the server's answer; raises its error if the insert failed."""
        self.pipeline.__exit__(None, None, None)
        self.added = max(self.cursor.rowcount, 0)
        return self.added

    def abandon(self, exc: BaseException) -> None:
        """Leave the pipeline after an error elsewhere; the transaction rolls back."""
        with suppress(psycopg.Error):  # the error being raised already says what went wrong
            self.pipeline.__exit__(type(exc), exc, exc.__traceback__)


class SettlingLock:
    """The connection's re-entrant lock, which settles an insert in flight on entry,
    so no other use of the connection runs while the pipeline is open."""

    def __init__(self, settle: Callable[[], None]) -> None:
        self._lock = threading.RLock()
        self._settle = settle

    def __enter__(self) -> bool:
        self._lock.acquire()
        try:
            self._settle()
        except BaseException:
            self._lock.release()
            raise
        return True

    def __exit__(self, *exc: Any) -> None:
        self._lock.release()
