"""Driving the app as a user would, and reading what it shows: shared by the UI tests."""

from __future__ import annotations

import io

from rich.console import Console
from textual import events
from textual.command import CommandPalette
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Static

from tui.app import GlossaryApp
from tui.widgets import ResultsTable

SIZE = (100, 30)
# The article sentence of the `tm` fixture's first TM unit, and its translation.
SENTENCE = "他说，创新是引领发展的第一动力，保护知识产权就是保护创新。"
TARGET = ("Innovation is the primary driving force leading development, and protecting "
          "intellectual property is protecting innovation, he said.")


async def settle(app: GlossaryApp, pilot: Pilot) -> None:
    """Let running workers finish and their results reach the screen.

    The file picker's loader is a worker that waits for directories to read for as long
    as the picker is open, so it is not waited for (the reads it starts are).
    """
    while busy := [w for w in app.workers if w.group != "_loader" and not w.is_finished]:
        await app.workers.wait_for_complete(busy)
        await pilot.pause()
    await pilot.pause()


async def type_text(app: GlossaryApp, pilot: Pilot, text: str) -> None:
    """Type characters as the terminal driver sends them (key name and character).

    Pilot.press drops the character of keys it cannot name back, such as the
    full-width punctuation of Chinese sentences (，。：).
    """
    for char in text:
        key = char if char.isalnum() else _character_to_key(char)
        app._driver.send_message(events.Key(key, char))
    await pilot.pause()


async def paste(app: GlossaryApp, pilot: Pilot, text: str) -> None:
    """Paste as a terminal does (bracketed paste), into the focused widget."""
    app._driver.send_message(events.Paste(text))
    await pilot.pause()


async def search(app: GlossaryApp, pilot: Pilot, text: str) -> None:
    await type_text(app, pilot, text)
    await settle(app, pilot)


async def run_from_palette(app: GlossaryApp, pilot: Pilot, command: str) -> None:
    """Open the command palette, type a command's name and run the first match."""
    await pilot.press("ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await type_text(app, pilot, command)
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)


def table(app: GlossaryApp) -> ResultsTable:
    return app.query_one("#results", ResultsTable)


def column(app: GlossaryApp, name: str) -> list[str]:
    t = table(app)
    return [str(t.get_cell_at((row, list(t.columns).index(name)))) for row in range(t.row_count)]


def detail_text(app: GlossaryApp) -> str:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    for part in ("#detail-heading", "#detail-body"):
        console.print(app.query_one(part, Static).content)
    return out.getvalue()
