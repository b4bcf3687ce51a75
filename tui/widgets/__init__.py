"""The app's widgets and screens, one per module."""

from .entry_detail import EntryDetail
from .help_screen import HelpScreen
from .results_table import ResultsTable
from .search_box import SearchBox

__all__ = ["EntryDetail", "HelpScreen", "ResultsTable", "SearchBox"]
