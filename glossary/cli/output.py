"""How every command prints: JSON for scripts when --json is given, text or a table for
people otherwise.

Commands describe their result once (the data, and what a person should see) and this
module decides how it reaches the screen, so each command no longer carries its own
JSON-or-table branch, and a table looks the same whichever command drew it.

What people read is made safe here (glossary.text.display.visible): stored text from
an imported file may hold terminal escape sequences or bidi overrides, which are shown
escaped; a cell is never read as rich markup, so "[/b]" in an entry is text. JSON keeps
every character as stored.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from glossary.text.display import visible

Cell = str | Text


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: numbers align right, long text folds instead of being cut."""

    name: str
    right: bool = False
    fold: bool = False


@dataclass(frozen=True, slots=True)
class Listing:
    """Rows for people, and the sentence to print instead of an empty table."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    empty: str


Human = str | Listing | None


@dataclass(frozen=True, slots=True)
class Output:
    """Where a command's words go: `--json` gets one JSON document and nothing else
    (so a script can parse stdout whole); people get lines and tables."""

    as_json: bool

    def note(self, line: str) -> None:
        """A line for people as work goes on (a file imported, a note); silent in JSON."""
        if not self.as_json:
            click.echo(visible(line))

    def result(self, data: object, human: Human) -> None:
        """The command's answer: `data` as JSON, or `human` as text or a table."""
        if self.as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        elif isinstance(human, Listing):
            show_listing(human)
        elif human is not None:
            click.echo(visible(human))


def json_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The `--json` flag, handed to the command as an `out: Output` argument."""

    def wrap(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def run(*args: Any, as_json: bool, **kwargs: Any) -> Any:
            return command(*args, out=Output(as_json), **kwargs)

        return click.option("--json", "as_json", is_flag=True,
                            help=f"Print {what} as JSON.")(run)

    return wrap


def show_listing(listing: Listing) -> None:
    if not listing.rows:
        click.echo(visible(listing.empty))
        return
    table = Table(box=None, header_style="bold")
    for col in listing.columns:
        table.add_column(col.name, justify="right" if col.right else "left",
                         overflow="fold" if col.fold else "ellipsis")
    for row in listing.rows:
        table.add_row(*(safe_cell(cell) for cell in row))
    wide_console().print(table)


def wide_console() -> Console:
    """The terminal's console; piped, one line per row instead of wrapping at 80."""
    console = Console()
    if not console.is_terminal:
        console = Console(width=max(console.width, 160))
    return console


def safe_cell(cell: Cell) -> Text:
    """A cell as plain Text (never parsed as markup), its control characters escaped.
    Text made by `marked` or `status_cell` is already escaped and passes as it is."""
    if isinstance(cell, Text):
        return cell if cell.plain == visible(cell.plain) else Text(visible(cell.plain))
    return Text(visible(cell))


def status_cell(status: str, label: str | None = None) -> Text:
    """A status as a table shows it: forbidden in red, deprecated in yellow."""
    style = {"forbidden": "red", "deprecated": "yellow"}.get(status, "")
    return Text(visible(label or status), style=style)


def marked(text: str, spans: Sequence[tuple[int, int]], style: str) -> Text:
    """The text with its spans styled, for highlighting differences and occurrences.
    Each piece is escaped on its own, so the spans still fall on the characters they
    marked when an escape makes the text longer."""
    out = Text()
    at = 0
    for start, end in sorted(spans):
        start = max(start, at)
        if end <= start:
            continue
        out.append(visible(text[at:start]))
        out.append(visible(text[start:end]), style=style)
        at = end
    out.append(visible(text[at:]))
    return out
