"""The results list: one row per entry, status coloured so a banned term stands out."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from ..rows import ResultRow

COLUMNS = ("zh", "en", "domain", "status", "match")
STATUS_STYLES = {"forbidden": "bold red", "deprecated": "yellow"}
# Narrowest each column may get, so every column stays on screen at 80 columns.
MIN_WIDTHS = {"zh": 8, "en": 12, "domain": 6, "status": 10, "match": 6}


def status_label(row: ResultRow) -> str:
    """The status; a banned variant that matched is named, since zh/en do not show it.

    Typing "Patent Rules" must not look like a green light for the row "Patent Law".
    """
    if row.variant and row.status in STATUS_STYLES:
        return f"{row.status}: {row.variant}"
    return row.status


def cells(row: ResultRow) -> dict[str, Text]:
    """Cells cut with an ellipsis rather than wrapped, since a row is one line high."""
    texts = {
        "zh": row.concept.zh,
        "en": row.concept.en,
        "domain": row.concept.domain or "",
        "status": status_label(row),
        "match": row.match,
    }
    return {
        name: Text(
            text,
            style=STATUS_STYLES.get(row.status, "") if name == "status" else "",
            no_wrap=True,
            overflow="ellipsis",
        )
        for name, text in texts.items()
    }


def fit_widths(natural: dict[str, int], available: int) -> dict[str, int]:
    """Column widths that fit `available` cells, taking space from the longest texts first.

    English terms and variant labels get long; squeezing them keeps the status and
    match columns visible instead of pushing them off the right edge.
    """
    widths = dict(natural)
    steps = [
        ("en", available * 2 // 5),
        ("status", MIN_WIDTHS["status"]),
        ("domain", MIN_WIDTHS["domain"]),
        ("zh", available // 4),
        ("en", MIN_WIDTHS["en"]),
        ("zh", MIN_WIDTHS["zh"]),
        ("match", MIN_WIDTHS["match"]),
    ]
    for name, floor in steps:
        excess = sum(widths.values()) - available
        if excess <= 0:
            break
        widths[name] = max(min(widths[name], max(floor, MIN_WIDTHS[name])),
                           widths[name] - excess)
    return widths


class ResultsTable(DataTable):
    """A row-cursor table that remembers the ResultRow behind each line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
    ]

    class LeaveTop(Message):
        """Up was pressed on the first row: the user wants the search field back."""

    class TypedAhead(Message):
        """A character typed while in the list, meant for a new search.

        `first` marks the start of a burst: an IME commits several characters at
        once, and those after the first reach the list before focus has moved, so
        they must extend the new query rather than start another.
        """

        def __init__(self, character: str, first: bool) -> None:
            super().__init__()
            self.character = character
            self.first = first

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.rows_shown: list[ResultRow] = []
        self._widths: dict[str, int] = {}
        self._typing_ahead = False

    def _widths_for(self, rows: list[ResultRow]) -> dict[str, int]:
        natural = {name: cell_len(name) for name in COLUMNS}
        for row in rows:
            for name, text in cells(row).items():
                natural[name] = max(natural[name], text.cell_len)
        # Each column is padded on both sides; one more cell for the vertical scrollbar.
        available = self.size.width - 2 * self.cell_padding * len(COLUMNS) - 2
        if self.size.width <= 0:
            return natural
        return fit_widths(natural, available)

    def show_rows(self, rows: list[ResultRow]) -> None:
        """Replace the rows, keeping the cursor on the same entry if it is still listed.

        Refreshing after an undo should not throw the translator back to the top.
        """
        current = self.highlighted
        self.rows_shown = list(rows)
        self._widths = self._widths_for(self.rows_shown)
        self.clear(columns=True)
        for name in COLUMNS:
            self.add_column(name, key=name, width=self._widths[name])
        for row in rows:
            row_cells = cells(row)
            self.add_row(*(row_cells[name] for name in COLUMNS), key=row.key)
        if current is not None:
            keys = [r.key for r in rows]
            if current.key in keys:
                self.move_cursor(row=keys.index(current.key), animate=False)

    def on_resize(self) -> None:
        if self._widths and self._widths_for(self.rows_shown) != self._widths:
            self.show_rows(self.rows_shown)

    @property
    def highlighted(self) -> ResultRow | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    def action_cursor_up(self) -> None:
        """Up from the first row goes back to the search field, mirroring down from it."""
        if self.cursor_row <= 0:
            self.post_message(self.LeaveTop())
        else:
            super().action_cursor_up()

    def on_key(self, event: events.Key) -> None:
        """Typing while in the list starts a new search instead of doing nothing."""
        char = event.character
        if char and char.isprintable() and char not in "? " and not event.key.startswith("ctrl"):
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAhead(char, first=not self._typing_ahead))
            self._typing_ahead = True

    def on_focus(self) -> None:
        self._typing_ahead = False
