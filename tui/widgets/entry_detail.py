"""The full record behind the highlighted row: an entry with every term, or a TM unit.

The table shows one zh/en pair per entry; this pane is where a translator sees the
abbreviation, the admitted alternatives and, above all, the terms they must not use.
When the TM list has focus it shows the whole unit, whose row is cut to one line.
Badge and mark colours come from the .tcss through component classes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from glossary.text.display import visible

from ..marks import marked
from ..rows import MemoryRow, ResultRow

STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
TYPE_NAMES = {"fullForm": "full form", "shortForm": "short form"}
STATUS_ORDER = {status: rank for rank, status in enumerate(STATUSES)}


class EntryDetail(VerticalScroll):
    """A scrollable pane: long definitions must not push the terms off screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"entry-detail--{status}" for status in STATUSES),
        "entry-detail--diff", "entry-detail--hit",
    }

    shown: tuple[ResultRow | MemoryRow | None, str] | None = None  # what is on the pane

    def compose(self) -> ComposeResult:
        yield Static(id="detail-heading")
        yield Static(id="detail-body")

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"entry-detail--{name}", partial=True)

    def term_lines(self, row: ResultRow) -> list[RenderableType]:
        """One line per term, Chinese first, then each side best status first."""
        terms = sorted(
            row.concept.terms,
            key=lambda t: (not t.is_chinese, STATUS_ORDER.get(t.status, 9)),
        )
        lines: list[RenderableType] = []
        for term in terms:
            facts = " · ".join(
                part for part in (term.lang, TYPE_NAMES.get(term.type, term.type), term.pos)
                if part
            )
            badge = self._style(term.status) if term.status in STATUSES else ""
            line = Text.assemble(
                (f" {term.status:<10} ", badge),
                " ",
                (visible(term.text), "bold"),
                "  ",
                (visible(facts), "dim"),
            )
            if row.term is not None and term.id is not None and term.id == row.term.id:
                line.append("  ◀ matched", style="italic")
            lines.append(line)
            if term.note:
                lines.append(Padding(Text(visible(term.note), style="italic"),
                                     (0, 0, 0, 13)))
        return lines

    def _set(self, heading: RenderableType, body: RenderableType, empty: bool) -> None:
        self.query_one("#detail-heading", Static).update(heading)
        self.query_one("#detail-body", Static).update(body)
        self.set_class(empty, "-empty")
        self.scroll_home(animate=False)

    def show(self, row: ResultRow | None, empty_message: str = "") -> None:
        shown = (row, empty_message if row is None else "")
        if shown == self.shown:
            return  # the same record: no repaint while typing on
        self.shown = shown
        if row is None:
            self._set("", Text(empty_message, style="italic"), True)
            return
        concept = row.concept
        facts = " · ".join(part for part in (f"#{concept.id}", concept.domain) if part)
        parts: list[RenderableType] = [Text(visible(facts), style="dim"), Text("")]
        parts += self.term_lines(row)
        parts += section("Definition", concept.definition)
        parts += section("Note", concept.note)
        parts += section("Source", concept.source)
        self._set(Text.assemble((visible(concept.zh), "bold"), "\n",
                                (visible(concept.en), "bold")),
                  Group(*parts), False)

    def show_memory(self, row: MemoryRow) -> None:
        """A TM unit in full, with the differing characters or the occurrences marked."""
        if self.shown == (row, ""):
            return
        self.shown = (row, "")
        if row.is_match:
            title = f"TM unit #{row.id} · {row.score}% match"
            source = marked(row.source, row.source_spans, self._style("diff"))
            target = Text(visible(row.target))
            legend = "marked: what differs from the search text"
        else:
            title = f"TM unit #{row.id} · concordance"
            source = marked(row.source, row.source_spans, self._style("hit"))
            target = marked(row.target, row.target_spans, self._style("hit"))
            legend = "marked: where the search text occurs"
        parts: list[RenderableType] = [
            Text(legend, style="dim"), Text(""),
            Text(row.source_lang, style="bold underline"), source, Text(""),
            Text(row.target_lang, style="bold underline"), target,
        ]
        self._set(Text(title, style="bold"), Group(*parts), False)


def section(title: str, body: str | None) -> list[RenderableType]:
    if not body:
        return []
    return [Text(""), Text(title, style="bold underline"), Text(visible(body))]
