"""A new TM unit: the search text as source, the translation to type; languages from script."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from ..core import tm_languages
from .confirm import ConfirmScreen


class TMUnitForm(ModalScreen[dict[str, str] | None]):
    """Returns source, target, source_lang and target_lang, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, values: dict[str, str], error: str | None = None) -> None:
        super().__init__()
        self.values = values
        self.error = error
        self.pristine: tuple[str, str] | None = None  # as opened; None after a refused save

    def compose(self) -> ComposeResult:
        with Vertical(id="tm-dialog", classes="dialog"):
            yield Static("Add TM unit", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Source *", classes="field-label")
                yield Input(self.values.get("source", ""), id="tm-source",
                            placeholder="the sentence as written in the source text")
            with Horizontal(classes="field"):
                yield Label("Target *", classes="field-label")
                yield Input(self.values.get("target", ""), id="tm-target",
                            placeholder="its translation")
            yield Static(id="tm-langs", classes="form-hint")
            yield Static(self.error or "", id="tm-error", classes="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="tm-save")
                yield Button("Cancel (esc)", id="tm-cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#tm-error").display = bool(self.error)
        self.show_languages()
        blank = "tm-source" if not self.values.get("source") else "tm-target"
        self.query_one(f"#{blank}", Input).focus()
        if not self.error:
            self.pristine = self.texts()

    def texts(self) -> tuple[str, str]:
        return (self.query_one("#tm-source", Input).value.strip(),
                self.query_one("#tm-target", Input).value.strip())

    @on(Input.Changed, "#tm-source")
    def show_languages(self) -> None:
        source, target = tm_languages(self.query_one("#tm-source", Input).value)
        self.query_one("#tm-langs", Static).update(
            f"Languages (from the source's script): {source} → {target}")

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#tm-save")
    def action_save(self) -> None:
        source, target = self.texts()
        for value, field, problem in ((source, "tm-source", "The source text is required."),
                                      (target, "tm-target", "The translation is required.")):
            if not value:
                error = self.query_one("#tm-error", Static)
                error.update(problem)
                error.display = True
                self.query_one(f"#{field}", Input).focus()
                return
        source_lang, target_lang = tm_languages(source)
        self.dismiss({"source": source, "target": target,
                      "source_lang": source_lang, "target_lang": target_lang})

    @on(Button.Pressed, "#tm-cancel")
    def action_cancel(self) -> None:
        """Close, asking first when the texts were changed and not saved."""
        if self.texts() == self.pristine:
            self.dismiss(None)
            return

        def done(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard this TM unit?", "Discard"), done)
