"""What the main screen's workers post back to it: search results, counts, the outcome of
a change, an entry to show. (A failed lookup posts jobs.Failed.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message

from ...rows import MemoryRow, ResultRow


@dataclass
class ResultsReady(Message):
    """Term rows for the query numbered `seq`, computed off the UI thread."""

    seq: int
    query: str
    rows: list[ResultRow]


@dataclass
class MemoryReady(Message):
    """TM rows (fuzzy or concordance) for the query numbered `seq`."""

    seq: int
    query: str
    concordance: bool
    rows: list[MemoryRow]
    final: bool = True  # False for the 75%-and-up rows that lower matches may follow


@dataclass
class StatsReady(Message):
    """The counts for the title bar (entries, terms, TM units)."""

    stats: dict


@dataclass
class Written(Message):
    """A change to the database went through; `select` is the entry to put the cursor on."""

    text: str
    select: str | None = None


@dataclass
class WriteFailed(Message):
    """A change was refused; `retry` reopens the form it came from, with the error."""

    error: str
    retry: Callable[[str], None] | None


@dataclass
class EntryWanted(Message):
    """Show this entry: search for `query` and select the row with `key`."""

    query: str
    key: str


class OthersChanged(Message):
    """Another process (a colleague's CLI, an import script) committed a change."""
