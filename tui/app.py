"""GlossaryApp: the terminal UI over a Glossary handed to it, so tests can pass a temporary one.

The search screen (screens/search.py) is where the work happens; dialogs are pushed
over it and hand their result back through dismiss.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from glossary import Glossary

from .commands import GlossaryCommands
from .screens import HelpScreen, SearchScreen


class GlossaryApp(App[None]):
    CSS_PATH: ClassVar = ["app.tcss", "screens/screens.tcss"]
    TITLE = "glossary"
    COMMANDS: ClassVar = App.COMMANDS | {GlossaryCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, glossary: Glossary, imports: Path | None = None) -> None:
        super().__init__()
        self.glossary = glossary
        self.imports = imports

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
