"""The add/edit form of an entry: both terms required, status and part of speech from lists.

Saving, cancelling and the question before unsaved changes are lost are form.py's;
this form checks that both sides are filled in.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Input, Label, Select, Static

from glossary.models import STATUSES

from ..core import PARTS_OF_SPEECH
from ..rows import FORM_FIELDS
from .form import FormScreen

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


class EntryForm(FormScreen):
    """Returns every field as text ('' when blank), or None when cancelled."""

    NOUN = "entry"
    DISCARD = "Discard the changes to this entry?"

    def __init__(self, title: str, values: dict[str, str], error: str | None = None,
                 reload: Callable[[], dict[str, str]] | None = None) -> None:
        super().__init__(error, reload)
        self.title_text = title
        self.values = {key: values.get(key, "") for key in FORM_FIELDS}

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
            yield from self.form_end()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(".form").can_focus = False  # tab goes from field to field
        first_blank = next((k for k in ("zh", "en") if not self.values[k].strip()), "zh")
        field = self.query_one(f"#entry-{first_blank}", Input)
        field.focus()
        field.cursor_position = len(field.value)

    def collect(self) -> dict[str, str]:
        values = {key: self.query_one(f"#entry-{key}", Input).value.strip()
                  for key, _, _ in (*TEXT_FIELDS, *NOTE_FIELDS)}
        pos = self.query_one("#entry-pos", Select).value
        values["pos"] = "" if pos is Select.NULL else str(pos)
        values["status"] = str(self.query_one("#entry-status", Select).value)
        return {key: values[key] for key in FORM_FIELDS}

    def fill(self, values: dict[str, str]) -> None:
        for key, _, _ in (*TEXT_FIELDS, *NOTE_FIELDS):
            self.query_one(f"#entry-{key}", Input).value = values.get(key, "")
        self.query_one("#entry-pos", Select).value = values.get("pos") or Select.NULL
        self.query_one("#entry-status", Select).value = values.get("status") or "preferred"

    def action_save(self) -> None:
        values = self.collect()
        for key, problem in REQUIRED.items():
            if not values[key]:
                self.refuse(problem, f"entry-{key}")
                return
        self.dismiss(values)
