"""The key list, one keypress away, since the footer has room for only a few."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("type", "search Chinese (简/繁), pinyin, English or abbreviations"),
    ("↓ / enter", "from the search field into the results"),
    ("↑ on first row", "back to the search field"),
    ("esc", "back to the search field; there, clear the search"),
    ("ctrl+y", "copy the highlighted entry's translation"),
    ("ctrl+z", "undo the last change to the termbase"),
    ("f1 / ?", "this help"),
    ("ctrl+q", "quit"),
]


class HelpScreen(ModalScreen[None]):
    """Dismissed by the keys that opened it, or escape, so no key has to be learnt first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with Vertical(id="help-dialog"):
            yield Static("Keys", id="help-title")
            yield Static(table, id="help-keys")
            yield Static("esc to close", id="help-hint")
