"""Recognise: paste or type a text; the glossary terms in it are marked, translations beside.

Recognition runs in a worker on every change (one at a time, newest text wins), so
pasting a long article does not freeze typing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TextArea

from glossary import Glossary, GlossaryError

from ..latest import Channel

MARKED = ("term", "deprecated", "forbidden")


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


class Recognized(Message):
    def __init__(self, seq: int, text: str, found: list[Found]) -> None:
        super().__init__()
        self.seq = seq
        self.text = text
        self.found = found


class RecognizeFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


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
        table.add_column("term", key="term")
        table.add_column("translation", key="translation")
        table.add_column("status", key="status")
        table.add_column("×", key="count")
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
            try:
                found = group_found(self.glossary.recognize(text)) if text.strip() else []
            except GlossaryError as exc:
                self.post_message(RecognizeFailed(str(exc)))
                continue
            self.post_message(Recognized(seq, text, found))

    def _style(self, status: str) -> Style:
        name = status if status in MARKED else "term"
        return self.get_component_rich_style(f"recognize-screen--{name}", partial=True)

    @on(Recognized)
    def recognized(self, message: Recognized) -> None:
        if not self.channel.is_current(message.seq):
            return
        self.found = message.found
        preview = Text(message.text)
        for found in message.found:
            for start, end in found.spans:
                preview.stylize(self._style(found.status), start, end)
        self.query_one("#recognize-preview", Static).update(
            preview if message.text.strip() else Text("The text, with its glossary terms "
                                                      "marked, appears here.", style="italic"))
        table = self.query_one("#recognize-terms", DataTable)
        table.clear()
        for found in message.found:
            style = self._style(found.status) if found.status != "preferred" else ""
            table.add_row(Text(found.text), Text(found.translation),
                          Text(found.status, style=style), str(found.count))
        table.border_title = f"Glossary terms ({len(message.found)})"

    @on(RecognizeFailed)
    def failed(self, message: RecognizeFailed) -> None:
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

