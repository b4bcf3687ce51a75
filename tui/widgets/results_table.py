"""The results list: one row per entry, status coloured so a banned term stands out."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType

from glossary.text.display import visible

from ..rows import ResultRow
from .list_keys import ListKeys

COLUMNS = ("zh", "en", "domain", "status", "match")
MARKED_STATUSES = ("forbidden", "deprecated")  # coloured by .results-table--<status> in .tcss
# Narrowest each column may get, so every column stays on screen at 80 columns.
MIN_WIDTHS = {"zh": 8, "en": 12, "domain": 6, "status": 10, "match": 6}


def status_label(row: ResultRow) -> str:
    """The status; a banned variant that matched is named, since zh/en do not show it.

    Typing "Patent Rules" must not look like a green light for the row "Patent Law".
    """
    if row.variant and row.status in MARKED_STATUSES:
        return f"{row.status}: {row.variant}"
    return row.status


def cells(row: ResultRow, status_style: Style | str = "") -> dict[str, Text]:
    """Cells cut with an ellipsis rather than wrapped, since a row is one line high."""
    texts = {
        "zh": visible(row.concept.zh),
        "en": visible(row.concept.en),
        "domain": visible(row.concept.domain or ""),
        "status": visible(status_label(row)),
        "match": row.match,
    }
    return {
        name: Text(
            text,
            style=status_style if name == "status" else "",
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


class ResultsTable(ListKeys):
    """A row-cursor table that remembers the ResultRow behind each line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"results-table--{status}" for status in MARKED_STATUSES
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "screen.delete_entry", "Delete", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.rows_shown: list[ResultRow] = []
        self._widths: dict[str, int] = {}

    def status_style(self, row: ResultRow) -> Style | str:
        if row.status not in MARKED_STATUSES:
            return ""
        return self.get_component_rich_style(f"results-table--{row.status}", partial=True)

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
        widths = self._widths_for(rows)
        if list(rows) == self.rows_shown and widths == self._widths and self.columns:
            return  # typing on often leaves the list as it is: skip a repaint
        self.rows_shown = list(rows)
        if widths == self._widths and self.columns:
            self.clear()
        else:
            self._widths = widths
            self.clear(columns=True)
            for name in COLUMNS:
                self.add_column(name, key=name, width=widths[name])
        for row in rows:
            row_cells = cells(row, self.status_style(row))
            self.add_row(*(row_cells[name] for name in COLUMNS), key=row.key)
        if current is not None:
            self.select_key(current.key)

    def select_key(self, key: str) -> bool:
        """Put the cursor on the entry with this key, if it is listed."""
        keys = [r.key for r in self.rows_shown]
        if key not in keys:
            return False
        self.move_cursor(row=keys.index(key), animate=False)
        return True

    def on_resize(self) -> None:
        if self._widths and self._widths_for(self.rows_shown) != self._widths:
            rows, self.rows_shown = self.rows_shown, []
            self.show_rows(rows)

    @property
    def highlighted(self) -> ResultRow | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]
