"""The browse screens: every entry, or every TM unit, a page at a time, to filter,
sort, edit, and change or delete in bulk."""

from .entries import EntryBrowser
from .memory import MemoryBrowser

__all__ = ["EntryBrowser", "MemoryBrowser"]
