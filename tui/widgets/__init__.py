"""The widgets of the search screen, one per module."""

from .entry_detail import EntryDetail
from .memory_table import MemoryTable
from .results_table import ResultsTable
from .search_box import SearchBox

__all__ = ["EntryDetail", "MemoryTable", "ResultsTable", "SearchBox"]
