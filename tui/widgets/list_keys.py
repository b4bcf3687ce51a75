"""Keys shared by the two result lists: up from the top row leaves, typing searches."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable


class ListKeys(DataTable):
    """A row-cursor DataTable that hands typing back to the search field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
    ]

    class LeaveTop(Message):
        """Up was pressed on the first row: the user wants the search field back."""

        def __init__(self, table: ListKeys) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> ListKeys:
            return self.table

    class TypedAhead(Message):
        """A character typed while in the list, meant for a new search.

        `first` marks the start of a burst: an IME commits several characters at
        once, and those after the first reach the list before focus has moved, so
        they must extend the new query rather than start another.
        """

        def __init__(self, table: ListKeys, character: str, first: bool) -> None:
            super().__init__()
            self.table = table
            self.character = character
            self.first = first

        @property
        def control(self) -> ListKeys:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self._typing_ahead = False

    def action_cursor_up(self) -> None:
        """Up from the first row goes back to the search field, mirroring down from it."""
        if self.cursor_row <= 0:
            self.post_message(self.LeaveTop(self))
        else:
            super().action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        """Typing while in the list starts a new search instead of doing nothing."""
        char = event.character
        if char and char.isprintable() and char not in "? " and not event.key.startswith("ctrl"):
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAhead(self, char, first=not self._typing_ahead))
            self._typing_ahead = True

    def on_focus(self) -> None:
        self._typing_ahead = False
