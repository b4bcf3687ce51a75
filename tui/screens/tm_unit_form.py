"""A new TM unit: the search text as source, the translation to type; languages from script."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, Static

from ..core import tm_languages
from .form import FormScreen


class TMUnitForm(FormScreen):
    """Returns source, target, source_lang and target_lang, or None when cancelled."""

    NOUN = "tm"
    DISCARD = "Discard this TM unit?"

    def __init__(self, values: dict[str, str], error: str | None = None) -> None:
        super().__init__(error)
        self.values = values

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
            yield from self.form_end()
        yield Footer()

    def on_mount(self) -> None:
        self.show_languages()
        blank = "tm-source" if not self.values.get("source") else "tm-target"
        self.query_one(f"#{blank}", Input).focus()

    def collect(self) -> tuple[str, str]:
        return (self.query_one("#tm-source", Input).value.strip(),
                self.query_one("#tm-target", Input).value.strip())

    @on(Input.Changed, "#tm-source")
    def show_languages(self) -> None:
        source, target = tm_languages(self.query_one("#tm-source", Input).value)
        self.query_one("#tm-langs", Static).update(
            f"Languages (from the source's script): {source} → {target}")

    def action_save(self) -> None:
        source, target = self.collect()
        for value, field, problem in ((source, "tm-source", "The source text is required."),
                                      (target, "tm-target", "The translation is required.")):
            if not value:
                self.refuse(problem, field)
                return
        source_lang, target_lang = tm_languages(source)
        self.dismiss({"source": source, "target": target,
                      "source_lang": source_lang, "target_lang": target_lang})
