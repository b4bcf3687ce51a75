"""The main screen, by responsibility: screen.py what is shown and the keys, lookups.py
the searches, changes.py the write flows, messages.py what their workers post back."""

from .screen import SearchScreen

__all__ = ["SearchScreen"]
