"""What the main screen's workers post back to it: search results, counts, the outcome of
a change, an entry to show. (A failed lookup posts jobs.Failed.)"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from ...rows import MemoryRow, ResultRow


class ResultsReady(Message):
    """Term rows for the query numbered `seq`, computed off the UI thread."""

    def __init__(self, seq: int, query: str, rows: list[ResultRow]) -> None:
        super().__init__()
        self.seq = seq
        self.query = query
        self.rows = rows


class MemoryReady(Message):
    """TM rows (fuzzy or concordance) for the query numbered `seq`."""

    def __init__(self, seq: int, query: str, concordance: bool, rows: list[MemoryRow],
                 final: bool = True) -> None:
        super().__init__()
        self.seq = seq
        self.query = query
        self.concordance = concordance
        self.rows = rows
        self.final = final  # False for the 75%-and-up rows that lower matches may follow


class StatsReady(Message):
    """The counts for the title bar (entries, terms, TM units)."""

    def __init__(self, stats: dict) -> None:
        super().__init__()
        self.stats = stats


class Written(Message):
    """A change to the database went through; `select` is the entry to put the cursor on."""

    def __init__(self, text: str, select: str | None = None) -> None:
        super().__init__()
        self.text = text
        self.select = select


class WriteFailed(Message):
    """A change was refused; `retry` reopens the form it came from, with the error."""

    def __init__(self, error: str, retry: Callable[[str], None] | None) -> None:
        super().__init__()
        self.error = error
        self.retry = retry


class EntryWanted(Message):
    """Show this entry: search for `query` and select the row with `key`."""

    def __init__(self, query: str, key: str) -> None:
        super().__init__()
        self.query = query
        self.key = key
