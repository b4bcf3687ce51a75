"""The base of the forms (an entry, a TM unit): save with ctrl+s or enter, cancel with
escape, and a question first when cancelling would lose what was typed.

A form returns its values through dismiss and checks what it can itself (required
fields); when the core refuses a save, the search screen reopens the form with the
refusal shown under the fields, and such a form counts as changed from the start.
When the refusal is that someone else changed the record meanwhile, the form also
offers Reload (ctrl+r): the record as it is now replaces what was typed, on request
only, so nobody's typing vanishes without their asking.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from glossary import GlossaryError

from .confirm import ConfirmScreen


class FormScreen(ModalScreen[dict[str, str] | None]):
    """A subclass composes its fields and `form_end()`, and implements `collect` (the
    fields as typed) and `action_save` (check them, then dismiss with the values)."""

    NOUN: ClassVar[str] = "form"  # names the parts: #entry-error, #entry-save, #entry-cancel
    DISCARD: ClassVar[str] = "Discard the changes?"  # asked on escape after typing
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+r", "reload", "Reload"),
    ]

    def __init__(self, error: str | None = None,
                 reload: Callable[[], dict[str, str]] | None = None) -> None:
        super().__init__()
        self.error = error
        self.reload = reload  # the record's current values, offered after a stale save
        self.pristine: object = None  # what collect() gave as opened; None after a refusal

    def form_end(self) -> ComposeResult:
        """The error line (shown only with an error) and the save and cancel buttons."""
        error = Static(self.error or "", id=f"{self.NOUN}-error", classes="form-error")
        error.display = bool(self.error)
        yield error
        with Horizontal(classes="buttons"):
            yield Button("Save (ctrl+s)", variant="primary", id=f"{self.NOUN}-save",
                         classes="form-save")
            if self.reload is not None:
                yield Button("Reload (ctrl+r)", id=f"{self.NOUN}-reload",
                             classes="form-reload")
            yield Button("Cancel (esc)", id=f"{self.NOUN}-cancel", classes="form-cancel")

    def collect(self) -> object:
        raise NotImplementedError

    def fill(self, values: dict[str, str]) -> None:
        """Put reloaded values into the fields (forms that offer Reload implement it)."""
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Reload is there only after a stale save: hidden from the footer otherwise.
        return self.reload is not None if action == "reload" else True

    @on(Button.Pressed, ".form-reload")
    def action_reload(self) -> None:
        """The record as stored now, in place of what was typed; a fresh start."""
        if self.reload is None:
            return
        error = self.query_one(f"#{self.NOUN}-error", Static)
        try:
            values = self.reload()
        except GlossaryError as exc:  # deleted meanwhile, or the server gone
            error.update(f"Could not reload: {exc}")
            return
        self.fill(values)
        self.pristine = self.collect()
        error.update("Reloaded: the fields show the stored entry now; make your changes "
                     "again and save.")

    def action_save(self) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        # Runs after the subclass's own on_mount has filled in the fields.
        if not self.error:
            self.pristine = self.collect()

    def refuse(self, problem: str, field: str) -> None:
        """Say what is wrong with the field of that id, and put the cursor in it."""
        error = self.query_one(f"#{self.NOUN}-error", Static)
        error.update(problem)
        error.display = True
        self.query_one(f"#{field}", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, ".form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, ".form-cancel")
    def action_cancel(self) -> None:
        """Close, asking first when the fields were changed and not saved."""
        if self.collect() == self.pristine:
            self.dismiss(None)
            return

        def done(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(self.DISCARD, "Discard"), done)
