"""An entry term by term: each term's language, text, status, type, part of speech and
usage note; synonyms added or removed. The entry form edits the main pair; this one
edits everything a TBX entry holds, and saves it as one change. After a save refused
because someone else changed the entry meanwhile, Reload (ctrl+r) shows it as stored now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from glossary import Concept, GlossaryError
from glossary.models import STATUSES, TERM_TYPES, Term
from glossary.text.normalize import has_han

from ..core import PARTS_OF_SPEECH
from ..widgets.entry_detail import TYPE_NAMES

ONE_ROW = 130  # columns from which a term's fields fit on one row with room to type


class TermRow(Vertical):
    """One term's fields in two lines: what the term is (language, text, status), then
    how it is used (type, part of speech, usage note). Below ONE_ROW columns the lines
    are stacked, so the text and the note get most of an 80-column screen; from ONE_ROW
    on they sit side by side (the CSS switches `layout`), one row per term."""

    def __init__(self, term: Term, number: int) -> None:
        super().__init__(classes="term-row", id=f"term-{number}")
        self.term, self.number = term, number

    def compose(self) -> ComposeResult:
        t, n = self.term, self.number
        with Horizontal(classes="term-line term-what"):
            yield Input(t.lang, placeholder="lang", id=f"term-{n}-lang", classes="term-lang")
            yield Input(t.text, placeholder="term", id=f"term-{n}-text", classes="term-text")
            yield Select([(s, s) for s in STATUSES], allow_blank=False, value=t.status,
                         id=f"term-{n}-status", classes="term-status")
        with Horizontal(classes="term-line term-use"):
            yield Select([(TYPE_NAMES.get(k, k), k) for k in TERM_TYPES], allow_blank=False,
                         value=t.type if t.type in TERM_TYPES else "fullForm",
                         id=f"term-{n}-type", classes="term-type")
            yield Select([(p, p) for p in PARTS_OF_SPEECH], prompt="part of speech",
                         value=t.pos if t.pos in PARTS_OF_SPEECH else Select.NULL,
                         id=f"term-{n}-pos", classes="term-pos")
            yield Input(t.note or "", placeholder="usage note", id=f"term-{n}-note",
                        classes="term-note")
            yield Button("✕", id=f"term-{n}-remove", classes="term-remove",
                         tooltip="Remove this term")

    def value(self) -> Term:
        n = self.number
        text = self.query_one(f"#term-{n}-text", Input).value.strip()
        lang = self.query_one(f"#term-{n}-lang", Input).value.strip() or (
            "zh-Hans" if has_han(text) else "en")
        pos = self.query_one(f"#term-{n}-pos", Select).value
        return replace(self.term, lang=lang, text=text,
                       status=str(self.query_one(f"#term-{n}-status", Select).value),
                       type=str(self.query_one(f"#term-{n}-type", Select).value),
                       pos=None if pos is Select.NULL else str(pos),
                       note=self.query_one(f"#term-{n}-note", Input).value.strip() or None)


class TermsForm(ModalScreen[Concept | None]):
    """Returns the entry as edited (the core checks it), or None."""

    # Its own breakpoints: one-line fields (-narrow) until a term fits on one row.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (ONE_ROW, "-one-row")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+n", "add_term", "Add term"),
        Binding("ctrl+r", "reload", "Reload"),
    ]

    def __init__(self, concept: Concept, error: str | None = None,
                 reload: Callable[[], Concept] | None = None) -> None:
        super().__init__()
        self.concept = concept
        self.error = error
        self.reload = reload  # the entry as stored now, offered after a stale save
        self.count = 0

    def compose(self) -> ComposeResult:
        c = self.concept
        with Vertical(id="terms-dialog", classes="dialog"):
            yield Static(f"Entry #{c.id}, term by term", classes="dialog-title")
            yield Static("Each term: language, text, status; type, part of speech, note. "
                         "✕ removes it.", classes="form-hint", id="terms-hint")
            if self.error:
                yield Static(self.error, classes="form-error", id="terms-error")
            with VerticalScroll(id="terms-list"):
                for term in c.terms:
                    yield self._row(term)
            for key, label, value in (("domain", "Domain", c.domain),
                                      ("definition", "Definition", c.definition),
                                      ("note", "Note", c.note)):
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(value or "", id=f"terms-{key}")
            with Horizontal(classes="buttons"):
                yield Button("Add term (ctrl+n)", id="terms-add")
                yield Button("Save (ctrl+s)", variant="primary", id="terms-save")
                if self.reload is not None:
                    yield Button("Reload (ctrl+r)", id="terms-reload")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.reload is not None if action == "reload" else True

    @on(Button.Pressed, "#terms-reload")
    async def action_reload(self) -> None:
        """The entry as stored now replaces what was typed, on request only."""
        if self.reload is None:
            return
        try:
            self.concept = self.reload()
            self.error = ("Reloaded: the fields show the stored entry now; make your "
                          "changes again and save.")
        except GlossaryError as exc:  # deleted meanwhile, or the server gone
            self.error = f"Could not reload: {exc}"
        self.count = 0
        await self.recompose()
        self.on_mount()

    def _row(self, term: Term) -> TermRow:
        self.count += 1
        return TermRow(term, self.count)

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Button.Pressed, "#terms-add")
    async def action_add_term(self) -> None:
        row = self._row(Term("en", "", "admitted", "variant"))
        await self.query_one("#terms-list", VerticalScroll).mount(row)  # its lines too
        text = self.query_one(f"#term-{row.number}-text", Input)
        text.focus()
        text.scroll_visible()

    @on(Button.Pressed, ".term-remove")
    def remove_term(self, event: Button.Pressed) -> None:
        event.button.query_ancestor(TermRow).remove()

    @on(Button.Pressed, "#terms-save")
    def action_save(self) -> None:
        terms = [row.value() for row in self.query(TermRow)]
        terms = [t for t in terms if t.text]
        def field(key: str) -> str | None:
            return self.query_one(f"#terms-{key}", Input).value.strip() or None

        self.dismiss(replace(self.concept, terms=terms, domain=field("domain"),
                             definition=field("definition"), note=field("note")))
