"""The add/edit form of an entry: both terms required, status and part of speech from lists.

The form returns its values through dismiss; it checks what it can (both sides filled
in) itself, and shows the core's own refusal when the save comes back with one.
Leaving a form with unsaved changes asks first, so a stray esc does not lose them.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from glossary.models import STATUSES

from ..core import PARTS_OF_SPEECH
from ..rows import FORM_FIELDS
from .confirm import ConfirmScreen

TEXT_FIELDS = (
    ("zh", "Chinese *", "required, e.g. 知识产权"),
    ("en", "English *", "required, e.g. intellectual property rights"),
    ("abbr", "Abbreviation", "optional, e.g. IPR"),
    ("domain", "Domain", "optional, e.g. law"),
)
NOTE_FIELDS = (
    ("definition", "Definition", "optional: what the concept is"),
    ("note", "Note", "optional: usage advice for translators"),
)
REQUIRED = {"zh": "The Chinese term is required.", "en": "The English term is required."}


class EntryForm(ModalScreen[dict[str, str] | None]):
    """Returns every field as text ('' when blank), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, title: str, values: dict[str, str], error: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.values = {key: values.get(key, "") for key in FORM_FIELDS}
        self.error = error
        # What the fields held when the form opened; a form reopened with an error holds
        # a refused save, so it counts as changed from the start.
        self.pristine: dict[str, str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="entry-dialog", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="form"):
                for key, label, hint in TEXT_FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(self.values[key], placeholder=hint, id=f"entry-{key}")
                with Horizontal(classes="field"):
                    yield Label("Part of speech", classes="field-label")
                    yield Select([(p, p) for p in PARTS_OF_SPEECH], prompt="(none)",
                                 value=self.values["pos"] or Select.NULL, id="entry-pos")
                with Horizontal(classes="field"):
                    yield Label("Status", classes="field-label")
                    yield Select([(s, s) for s in STATUSES], allow_blank=False,
                                 value=self.values["status"] or "preferred", id="entry-status")
                for key, label, hint in NOTE_FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(self.values[key], placeholder=hint, id=f"entry-{key}")
            yield Static(self.error or "", id="entry-error", classes="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="entry-save")
                yield Button("Cancel (esc)", id="entry-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(".form").can_focus = False  # tab goes from field to field
        self.query_one("#entry-error").display = bool(self.error)
        first_blank = next((k for k in ("zh", "en") if not self.values[k].strip()), "zh")
        field = self.query_one(f"#entry-{first_blank}", Input)
        field.focus()
        field.cursor_position = len(field.value)
        if not self.error:
            self.pristine = self.collect()

    @property
    def changed(self) -> bool:
        return self.collect() != self.pristine

    def collect(self) -> dict[str, str]:
        values = {key: self.query_one(f"#entry-{key}", Input).value.strip()
                  for key, _, _ in (*TEXT_FIELDS, *NOTE_FIELDS)}
        pos = self.query_one("#entry-pos", Select).value
        values["pos"] = "" if pos is Select.NULL else str(pos)
        values["status"] = str(self.query_one("#entry-status", Select).value)
        return {key: values[key] for key in FORM_FIELDS}

    def show_error(self, text: str) -> None:
        error = self.query_one("#entry-error", Static)
        error.update(text)
        error.display = True

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#entry-save")
    def action_save(self) -> None:
        values = self.collect()
        for key, problem in REQUIRED.items():
            if not values[key]:
                self.show_error(problem)
                self.query_one(f"#entry-{key}", Input).focus()
                return
        self.dismiss(values)

    @on(Button.Pressed, "#entry-cancel")
    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def done(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard the changes to this entry?", "Discard"),
                             done)
