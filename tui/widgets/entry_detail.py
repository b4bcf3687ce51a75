"""The full entry behind the highlighted row: every term, with its status, and the notes.

The table shows one zh/en pair per entry; this pane is where a translator sees the
abbreviation, the admitted alternatives and, above all, the terms they must not use.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..rows import ResultRow

BADGE_STYLES = {
    "forbidden": "bold white on red",
    "deprecated": "black on yellow",
    "preferred": "black on green",
    "admitted": "",
}
TYPE_NAMES = {"fullForm": "full form", "shortForm": "short form"}
STATUS_ORDER = {"preferred": 0, "admitted": 1, "deprecated": 2, "forbidden": 3}


def term_lines(row: ResultRow) -> list[RenderableType]:
    """One line per term, Chinese first, then each side best status first."""
    terms = sorted(
        row.concept.terms,
        key=lambda t: (not t.is_chinese, STATUS_ORDER.get(t.status, 9)),
    )
    lines = []
    for term in terms:
        facts = " · ".join(
            part for part in (term.lang, TYPE_NAMES.get(term.type, term.type), term.pos) if part
        )
        line = Text.assemble(
            (f" {term.status:<10} ", BADGE_STYLES.get(term.status, "")),
            " ",
            (term.text, "bold"),
            "  ",
            (facts, "dim"),
        )
        if row.term is not None and term.id is not None and term.id == row.term.id:
            line.append("  ◀ matched", style="italic")
        lines.append(line)
        if term.note:
            lines.append(Padding(Text(term.note, style="italic"), (0, 0, 0, 13)))
    return lines


def section(title: str, body: str | None) -> list[RenderableType]:
    if not body:
        return []
    return [Text(""), Text(title, style="bold underline"), Text(body)]


class EntryDetail(VerticalScroll):
    """A scrollable pane: long definitions must not push the terms off screen."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-heading")
        yield Static(id="detail-body")

    def show(self, row: ResultRow | None, empty_message: str = "") -> None:
        heading = self.query_one("#detail-heading", Static)
        body = self.query_one("#detail-body", Static)
        if row is None:
            heading.update("")
            body.update(Text(empty_message, style="italic"))
            self.set_class(True, "-empty")
            return
        self.set_class(False, "-empty")
        concept = row.concept
        heading.update(Text.assemble((concept.zh, "bold"), "\n", (concept.en, "bold")))
        facts = " · ".join(part for part in (f"#{concept.id}", concept.domain) if part)
        parts: list[RenderableType] = [Text(facts, style="dim"), Text("")]
        parts += term_lines(row)
        parts += section("Definition", concept.definition)
        parts += section("Note", concept.note)
        parts += section("Source", concept.source)
        body.update(Group(*parts))
        self.scroll_home(animate=False)
