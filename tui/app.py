"""GlossaryApp: the terminal UI over a Glossary handed to it, so tests can pass a temporary one.

The search screen (screens/search/) is where the work happens; dialogs are pushed
over it and hand their result back through dismiss.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from glossary import Glossary

from .commands import GlossaryCommands
from .screens import HelpScreen, SearchScreen

UI_SWITCH_INTERVAL = 0.001  # seconds
UI_GC_THRESHOLD = 20_000  # allocations between young-generation collections


class GlossaryApp(App[None]):
    CSS_PATH: ClassVar = ["app.tcss", "screens/screens.tcss"]
    TITLE = "glossary"
    COMMANDS: ClassVar = App.COMMANDS | {GlossaryCommands}
    # Textual declares this one an instance variable (a ClassVar in a union).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, glossary: Glossary, imports: Path | None = None) -> None:
        super().__init__()
        self.glossary = glossary
        self.imports = imports
        self._switch_interval = sys.getswitchinterval()
        self._gc_threshold = gc.get_threshold()

    def on_mount(self) -> None:
        # Searches run in threads; with Python's default 5 ms switch interval a busy
        # search can hold the interpreter for 5 ms at a time while a keystroke waits
        # to be painted. The UI thread gets it back sooner at 1 ms.
        sys.setswitchinterval(UI_SWITCH_INTERVAL)
        # Painting a frame allocates thousands of short-lived objects; Python's default
        # 700 allocations between young collections runs several per keystroke.
        gc.set_threshold(UI_GC_THRESHOLD, *self._gc_threshold[1:])
        # A write that waits for another process says so here, not on the terminal
        # the UI draws on.
        self._on_wait = self.glossary.store.on_wait
        self.glossary.store.on_wait = self._waiting

    def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        gc.set_threshold(*self._gc_threshold)
        self.glossary.store.on_wait = self._on_wait

    def _waiting(self, message: str) -> None:
        """Told from the thread that waits, usually a worker's."""
        try:
            self.call_from_thread(self.notify, message, timeout=10)
        except RuntimeError:  # the UI thread itself is the one waiting
            self.notify(message, timeout=10)

    def get_default_screen(self) -> Screen:
        return SearchScreen(self.glossary, self.imports)

    @property
    def main(self) -> SearchScreen:
        """The search screen, even while a dialog is on top of it."""
        screen = self.screen_stack[0]
        assert isinstance(screen, SearchScreen)
        return screen

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
