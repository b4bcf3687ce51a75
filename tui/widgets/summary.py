"""A dialog's report panel: hidden until there is something to say, scrolling when long.

An import's list of rejected units can run to hundreds of lines; the panel keeps its
height and scrolls, so the buttons below it stay on screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class Summary(VerticalScroll):
    """The text lives in a Static whose id is the panel's id with "-text" added."""

    def __init__(self, *, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.display = False

    def compose(self) -> ComposeResult:
        yield Static(id=f"{self.id}-text")

    def show(self, text: Text | str) -> None:
        self.display = True
        self.query_one(Static).update(text)
