"""The key list, one keypress away, since the footer has room for only a few."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ..keys import ACTIONS, GLOBAL, NAVIGATION, shown_key


def key_rows() -> list[tuple[str, str]]:
    """Every key the search screen answers to, with what it does."""
    return [*NAVIGATION, *((shown_key(a.key), a.help) for a in ACTIONS), *GLOBAL]


class HelpScreen(ModalScreen[None]):
    """Dismissed by the keys that opened it, or escape, so no key has to be learnt first.

    The key list scrolls (↑ ↓, page up/down, home/end) when the terminal is too short
    for it; the closing hint stays below it, outside the scrolling part.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for key, what in key_rows():
            table.add_row(key, what)
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(table, id="help-keys")
            yield Static("In forms: tab moves between fields, enter or ctrl+s saves, esc "
                         "cancels. ↑ ↓ pgup pgdn scroll; esc to close.", id="help-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()
