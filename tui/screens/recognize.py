"""Recognise: paste or type a text; the glossary terms in it are marked, translations beside.

Recognition runs in a worker on every change (one at a time, newest text wins), so
pasting a long article does not freeze typing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TextArea

from glossary import Glossary
from glossary.text.display import visible

from ..jobs import Failed, reported
from ..latest import Channel
from ..marks import styled

MARKED = ("term", "deprecated", "forbidden")
COLUMNS = ("term", "translation", "status", "count")
HEADINGS = {"term": "term", "translation": "translation", "status": "status", "count": "×"}
# Narrowest the squeezable columns get; status and count always keep their full width.
MIN_WIDTHS = {"term": 6, "translation": 10}


def fit_columns(natural: dict[str, int], available: int) -> dict[str, int]:
    """Column widths within `available` cells: the translation gives way first, then the
    term, so the status (a forbidden term must be seen) stays on screen."""
    widths = dict(natural)
    for name in ("translation", "term"):
        excess = sum(widths.values()) - available
        if excess <= 0:
            break
        widths[name] = max(MIN_WIDTHS[name], widths[name] - excess)
    return widths


def cell(text: str, style: Style | str = "") -> Text:
    """Wrapped within its column (the row grows), so a long translation is read whole."""
    return Text(visible(text), style=style)


@dataclass(frozen=True)
class Found:
    """One glossary term found in the text, with how often it occurs."""

    text: str
    translation: str
    status: str
    concept_id: int
    count: int
    spans: tuple[tuple[int, int], ...]


def group_found(recognized: list) -> list[Found]:
    """One line per (entry, term as written), in the order of first occurrence."""
    groups: dict[tuple[int, str], list] = {}
    for hit in recognized:
        groups.setdefault((hit.concept_id, hit.term), []).append(hit)
    return [
        Found(hits[0].term, hits[0].translation, hits[0].status, hits[0].concept_id,
              len(hits), tuple((h.start, h.end) for h in hits))
        for hits in groups.values()
    ]


@dataclass
class Recognized(Message):
    """The terms found in the text numbered `seq`."""

    seq: int
    text: str
    found: list[Found]


class RecognizeScreen(Screen[None]):
    COMPONENT_CLASSES: ClassVar[set[str]] = {f"recognize-screen--{m}" for m in MARKED}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+y", "copy", "Copy translation"),
        Binding("ctrl+l", "clear", "Clear text"),
    ]

    def __init__(self, glossary: Glossary, text: str = "") -> None:
        super().__init__()
        self.glossary = glossary
        self.initial = text
        self.channel: Channel[str] = Channel()
        self.found: list[Found] = []
        self._widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="recognize-body"):
            with Vertical(id="recognize-left"):
                yield TextArea(self.initial, id="recognize-text", soft_wrap=True,
                               placeholder="Paste or type a text here")
                with VerticalScroll(id="recognize-preview-box"):
                    yield Static(id="recognize-preview")
            yield DataTable(id="recognize-terms", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#recognize-text").border_title = "Text"
        preview = self.query_one("#recognize-preview-box")
        preview.border_title = "Terms marked"
        preview.can_focus = False  # tab goes from the text straight to the term list
        table = self.query_one("#recognize-terms", DataTable)
        table.border_title = "Glossary terms"
        self.show_found([])
        self.query_one("#recognize-text", TextArea).focus()
        self.request(self.initial)

    @on(TextArea.Changed, "#recognize-text")
    def text_changed(self, event: TextArea.Changed) -> None:
        self.request(event.text_area.text)

    def request(self, text: str) -> None:
        _, start = self.channel.ask(text)
        if start:
            self.recognize_worker()

    @work(thread=True, group="recognize")
    def recognize_worker(self) -> None:
        while (item := self.channel.take()) is not None:
            seq, text = item
            with reported(self):
                found = group_found(self.glossary.recognize(text)) if text.strip() else []
                self.post_message(Recognized(seq, text, found))

    def _style(self, status: str) -> Style:
        name = status if status in MARKED else "term"
        return self.get_component_rich_style(f"recognize-screen--{name}", partial=True)

    @on(Recognized)
    def recognized(self, message: Recognized) -> None:
        if not self.channel.is_current(message.seq):
            return
        self.found = message.found
        preview = styled(message.text, [(start, end, self._style(found.status))
                                        for found in message.found
                                        for start, end in found.spans])
        self.query_one("#recognize-preview", Static).update(
            preview if message.text.strip() else Text("The text, with its glossary terms "
                                                      "marked, appears here.", style="italic"))
        self.show_found(message.found)
        table = self.query_one("#recognize-terms", DataTable)
        table.border_title = f"Glossary terms ({len(message.found)})"

    def _widths_for(self, found: list[Found]) -> dict[str, int]:
        table = self.query_one("#recognize-terms", DataTable)
        natural = {name: cell_len(HEADINGS[name]) for name in COLUMNS}
        for item in found:
            for name, text in zip(COLUMNS, (item.text, item.translation, item.status,
                                            str(item.count)), strict=True):
                natural[name] = max(natural[name], cell_len(text))
        if table.content_size.width <= 0:
            return natural
        # Each column is padded on both sides; room kept for the vertical scrollbar.
        available = (table.content_size.width - 2 * table.cell_padding * len(COLUMNS)
                     - table.styles.scrollbar_size_vertical)
        return fit_columns(natural, available)

    def show_found(self, found: list[Found]) -> None:
        """The term table, its columns sized so that all four fit the table's width."""
        table = self.query_one("#recognize-terms", DataTable)
        widths = self._widths_for(found)
        if widths != self._widths or not table.columns:
            self._widths = widths
            table.clear(columns=True)
            for name in COLUMNS:
                table.add_column(HEADINGS[name], key=name, width=widths[name])
        else:
            table.clear()
        for item in found:
            style = self._style(item.status) if item.status != "preferred" else ""
            table.add_row(cell(item.text), cell(item.translation), cell(item.status, style),
                          str(item.count), height=None)

    def on_resize(self) -> None:
        self.call_after_refresh(self.refit)  # once the table has its new size

    def refit(self) -> None:
        if self._widths_for(self.found) != self._widths:
            self.show_found(self.found)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.notify(message.error, severity="error", timeout=8)

    def action_copy(self) -> None:
        table = self.query_one("#recognize-terms", DataTable)
        if not self.found or not 0 <= table.cursor_row < len(self.found):
            self.notify("No term to copy.", severity="warning")
            return
        found = self.found[table.cursor_row]
        self.app.copy_to_clipboard(found.translation)
        self.notify(f"Copied “{found.translation}”.")

    def action_clear(self) -> None:
        self.query_one("#recognize-text", TextArea).clear()

    def action_back(self) -> None:
        self.dismiss(None)

