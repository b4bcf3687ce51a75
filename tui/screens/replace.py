"""Find and replace in the memory: plain text or a regular expression, on the source or
the target side; every change is previewed, with counts, before anything is written,
and the whole replace is one change in the history (undo takes it all back)."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Footer, Header, Input, Select, Static

from glossary import Glossary, GlossaryError
from glossary.store.unit_edits import ReplacePlan
from glossary.text.display import counted, visible

from ..widgets.tick import Tick
from .confirm import ConfirmScreen

SIDES = [("in targets", "target"), ("in sources", "source")]


class ReplaceScreen(Screen[bool]):
    """Dismisses with True when a replace was applied."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("f5", "preview", "Preview"),
        Binding("ctrl+s", "apply", "Apply"),
    ]

    def __init__(self, glossary: Glossary, ids: list[int] | None = None) -> None:
        super().__init__()
        self.glossary, self.ids = glossary, ids
        self.plan: ReplacePlan | None = None
        self.applied = False
        self.seq = 0

    def compose(self) -> ComposeResult:
        yield Header()
        scope = f"the {len(self.ids)} selected units" if self.ids else "the whole memory"
        yield Static(f"Find and replace in {scope}. Enter previews; ctrl+s applies.",
                     id="replace-hint")
        with Horizontal(classes="browse-filters"):
            yield Input(placeholder="find", id="replace-find", compact=True)
            yield Input(placeholder="replace with (\\1 for a group)", id="replace-with",
                        compact=True)
        with Horizontal(classes="browse-filters"):
            yield Select(SIDES, allow_blank=False, value="target", id="replace-side",
                         compact=True)
            yield Tick("regular expression", id="replace-regex", compact=True)
            yield Tick("ignore case", id="replace-case", compact=True)
        yield Static("Nothing previewed yet.", id="replace-status")
        yield DataTable(id="replace-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#replace-table", DataTable)
        for name in ("unit", "×", "before", "after"):
            table.add_column(name, key=name)
        self.query_one("#replace-find", Input).focus()

    def options(self) -> dict:
        return {"side": str(self.query_one("#replace-side", Select).value),
                "regex": self.query_one("#replace-regex", Checkbox).value,
                "ignore_case": self.query_one("#replace-case", Checkbox).value,
                "ids": self.ids}

    @on(Input.Submitted)
    def action_preview(self) -> None:
        find = self.query_one("#replace-find", Input).value
        with_text = self.query_one("#replace-with", Input).value
        if not find:
            self.notify("Type the text to find.", severity="warning")
            return
        self.seq += 1
        self.query_one("#replace-status", Static).update("Looking…")
        self.run_worker(partial(self._plan_job, self.seq, find, with_text, self.options()),
                        thread=True, exclusive=True, group="plan")

    def _plan_job(self, seq: int, find: str, with_text: str, options: dict) -> None:
        try:
            plan = self.glossary.plan_replace(find, with_text, **options)
        except GlossaryError as exc:
            self.app.call_from_thread(self.plan_failed, seq, str(exc))
            return
        self.app.call_from_thread(self.show_plan, seq, plan)

    def plan_failed(self, seq: int, error: str) -> None:
        if seq == self.seq:
            self.plan = None
            self.query_one("#replace-status", Static).update(Text(error, style="bold red"))

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def forget_plan(self) -> None:
        """A preview is for what was typed when it was made; a change asks for another."""
        if self.plan is not None:
            self.plan = None
            self.query_one("#replace-status", Static).update(
                "Changed: press enter to preview again.")

    def show_plan(self, seq: int, plan: ReplacePlan) -> None:
        if seq != self.seq:
            return
        self.plan = plan
        table = self.query_one("#replace-table", DataTable)
        table.clear(columns=True)  # before and after share the width, wrapping within it
        half = max(16, (table.size.width - 22) // 2)
        for name, width in (("unit", 7), ("×", 3), ("before", half), ("after", half)):
            table.add_column(name, key=name, width=width)
        for change in plan.changes:
            table.add_row(f"#{change.unit_id}", str(change.count),
                          Text(visible(change.old)), Text(visible(change.new)), height=None)
        listed = (f" (first {len(plan.changes)} listed)" if len(plan.changes) < plan.units
                  else "")
        self.query_one("#replace-status", Static).update(
            f"{counted(plan.occurrences, 'occurrence')} in {counted(plan.units, 'unit')}{listed}. "
            "ctrl+s applies it as one change." if plan.units else "No unit would change.")

    def action_apply(self) -> None:
        plan = self.plan
        if plan is None or not plan.units:
            self.notify("Preview a replace that changes something first (enter).",
                        severity="warning")
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.run_worker(partial(self._apply_job, plan), thread=True, group="apply")

        self.app.push_screen(ConfirmScreen(
            f"Replace {counted(plan.occurrences, 'occurrence')} in "
            f"{counted(plan.units, 'unit')}?\n\n"
            "One change in the history: undo takes it all back.", "Replace"), done)

    def _apply_job(self, plan: ReplacePlan) -> None:
        try:
            changed, skipped = self.glossary.apply_replace(plan)
        except GlossaryError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            return
        self.app.call_from_thread(self.applied_done, changed, skipped)

    def applied_done(self, changed: int, skipped: list[str]) -> None:
        self.applied = True
        note = f"Replaced in {counted(changed, 'unit')}."
        if skipped:
            note += f" Skipped {len(skipped)}: " + "; ".join(skipped[:3])
        self.notify(note + " History can undo it.", timeout=8)
        self.plan = None
        table = self.query_one("#replace-table", DataTable)
        table.clear()
        self.query_one("#replace-status", Static).update(note)

    def action_close(self) -> None:
        if isinstance(self.focused, Input | Checkbox | Select) and self.plan is not None:
            self.query_one("#replace-table", DataTable).focus()
            return
        self.dismiss(self.applied)
