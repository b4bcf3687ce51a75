"""The TM list under the term results: fuzzy matches with their percentage, or concordance.

Differing characters (fuzzy) or occurrences of the query (concordance) are marked in
the text; the row is one line, so the entry pane shows the whole unit when this list
has focus.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text

from glossary.text.display import visible

from ..marks import around_first, marked
from ..rows import MemoryRow
from .list_keys import ListKeys

MIN_TEXT = 10


class MemoryTable(ListKeys):
    """A row-cursor table of MemoryRow, marked with the styles named in the .tcss."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "memory-table--diff", "memory-table--hit", "memory-table--exact",
    }

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.rows_shown: list[MemoryRow] = []
        self.concordance = False
        self._widths: tuple[int, ...] = ()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"memory-table--{name}", partial=True)

    def _text_width(self) -> int:
        """Cells for each of the two text columns: half of what the score leaves."""
        score = 0 if self.concordance else 4 + 2 * self.cell_padding
        free = self.size.width - score - 4 * self.cell_padding - 2
        return max(MIN_TEXT, free // 2)

    def _cells(self, row: MemoryRow) -> list[Text]:
        if row.is_match:
            source = marked(row.source, row.source_spans, self._style("diff"))
            target = Text(visible(row.target))
        else:
            width = self._text_width()
            source = marked(*around_first(row.source, row.source_spans, width),
                            self._style("hit"))
            target = marked(*around_first(row.target, row.target_spans, width),
                            self._style("hit"))
        for text in (source, target):
            text.no_wrap = True
            text.overflow = "ellipsis"
        if not row.is_match:
            return [source, target]
        score = Text(f"{row.score}%", justify="right")
        if row.score == 100:
            score.stylize(self._style("exact"))
        return [score, source, target]

    def show_rows(self, rows: list[MemoryRow], concordance: bool) -> None:
        current = self.highlighted
        width = self._text_width()
        same_columns = self.columns and (width,) == self._widths and \
            concordance == self.concordance
        if same_columns and list(rows) == self.rows_shown:
            return  # typing on often leaves the list as it is: skip a repaint
        self.rows_shown = list(rows)
        self.concordance = concordance
        if same_columns:
            self.clear()
        else:
            self._widths = (width,)
            self.clear(columns=True)
            if not concordance:
                self.add_column("%", key="score", width=4)
            self.add_column("source", key="source", width=width)
            self.add_column("target", key="target", width=width)
        for row in rows:
            self.add_row(*self._cells(row), key=row.key)
        if current is not None:
            keys = [r.key for r in rows]
            if current.key in keys:
                self.move_cursor(row=keys.index(current.key), animate=False)

    def on_resize(self) -> None:
        if self._widths and self._widths != (self._text_width(),):
            rows, self.rows_shown = self.rows_shown, []
            self.show_rows(rows, self.concordance)

    @property
    def highlighted(self) -> MemoryRow | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]
