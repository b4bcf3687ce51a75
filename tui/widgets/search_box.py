"""The search field: where the translator's hands stay most of the time."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

PLACEHOLDER = "知识产权 · zhishichanquan · IPR · intellectual property · a sentence for the TM"


class SearchBox(Input):
    """An Input whose down arrow leads into the results, as in a browser's address bar."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "screen.focus_results", "Results", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        # Selecting all on focus would make the next keystroke wipe a query the
        # user is coming back to refine, or one they just started from the list.
        super().__init__(placeholder=PLACEHOLDER, id=id, select_on_focus=False)
