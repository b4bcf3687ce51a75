"""History: every change, newest first, with its time, author and what it changed;
undo any change that later ones do not depend on (and hear why when one cannot be)."""

from __future__ import annotations

import json
from functools import partial
from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from glossary import Glossary, GlossaryError
from glossary.store.history import ACTIONS, Change
from glossary.text.display import visible

from .browse.base import POLL, TWO_PANES, cell

LIMIT = 500
SHOWN_RECORDS = 20  # records of one change shown in the detail pane


def record_text(kind: str, record: dict | None) -> str:
    """A record in a line: an entry by its terms, a unit by its two sides."""
    if record is None:
        return "(none)"
    if kind == "entry":
        return " / ".join(t["text"] for t in record.get("terms", []))
    if kind == "unit":
        return f"{record.get('source', '')} → {record.get('target', '')}"
    return json.dumps(record, ensure_ascii=False)[:200]


class HistoryScreen(Screen[bool]):
    """Dismisses with True when something was undone (the caller refreshes)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("u,ctrl+z", "undo", "Undo this change"),
        Binding("slash", "focus_filter", "Filter", show=False),
    ]

    def __init__(self, glossary: Glossary) -> None:
        super().__init__()
        self.glossary = glossary
        self.changes: list[Change] = []
        self.undone_any = False
        self.seq = 0
        self.version: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="browse-filters"):
            yield Input(placeholder="text or author (/ to filter)", id="history-text", compact=True)
            yield Select([(a, a) for a in ACTIONS], prompt="every action",
                         id="history-action", compact=True)
        with Horizontal(classes="browse-body"):
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="browse-detail"):
                yield Static(id="history-detail")
        yield Static(id="browse-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        for name in ("#", "at", "author", "change", ""):
            table.add_column(name, key=name or "undone")
        self.set_interval(POLL, self.check_changes)
        self.on_resize()
        table.focus()
        self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= TWO_PANES, "-two-panes")

    @on(Input.Changed)
    @on(Select.Changed)
    def reload(self) -> None:
        action = self.query_one("#history-action", Select).value
        text = self.query_one("#history-text", Input).value.strip() or None
        self.seq += 1
        self.run_worker(partial(self._load_job, self.seq, None if action is Select.NULL
                                else str(action), text),
                        thread=True, exclusive=True, group="history")

    def _load_job(self, seq: int, action: str | None, text: str | None) -> None:
        self.version = self.glossary.data_version()
        changes = self.glossary.history_changes(LIMIT, action=action, text=text)
        self.app.call_from_thread(self.show, seq, changes)

    def show(self, seq: int, changes: list[Change]) -> None:
        if seq != self.seq:
            return
        table = self.query_one("#history-table", DataTable)
        current = self.highlighted()
        self.changes = changes
        table.clear()
        for c in changes:
            table.add_row(str(c.id), c.at.replace("T", " ").rstrip("Z"), cell(c.author),
                          cell(c.summary), "undone" if c.undone else "", key=str(c.id))
        if current is not None:
            ids = [c.id for c in changes]
            if current.id in ids:
                table.move_cursor(row=ids.index(current.id), animate=False)
        self.query_one("#browse-status", Static).update(
            f"{len(changes)} change(s), newest first · u undoes the highlighted one")
        self.show_detail()

    def highlighted(self) -> Change | None:
        row = self.query_one("#history-table", DataTable).cursor_row
        return self.changes[row] if 0 <= row < len(self.changes) else None

    @on(DataTable.RowHighlighted, "#history-table")
    def show_detail(self) -> None:
        change = self.highlighted()
        if change is None:
            self.query_one("#history-detail", Static).update(
                Text("No change recorded yet.", style="italic"))
            return
        self.run_worker(partial(self._detail_job, change), thread=True, exclusive=True,
                        group="detail")

    def _detail_job(self, change: Change) -> None:
        records = self.glossary.change_records(change.id)
        try:
            blocker = self.glossary.why_not_undoable(change.id)
        except GlossaryError as exc:
            blocker = str(exc)
        self.app.call_from_thread(self.show_records, change, records, blocker)

    def show_records(self, change: Change, records: list, blocker: str | None) -> None:
        if self.highlighted() is not change:
            return
        lines = [Text(f"#{change.id} {visible(change.summary)}", style="bold"),
                 Text(f"{change.at} by {visible(change.author)}", style="dim"),
                 Text("can be undone (u)" if blocker is None else f"cannot be undone: "
                      f"{visible(blocker)}", style="green" if blocker is None else "yellow"),
                 Text("")]
        for kind, oid, before, after in records[:SHOWN_RECORDS]:
            lines.append(Text(f"{kind} #{oid}", style="bold underline"))
            lines.append(Text("− " + visible(record_text(kind, before)), style="red"))
            lines.append(Text("+ " + visible(record_text(kind, after)), style="green"))
        if len(records) > SHOWN_RECORDS:
            lines.append(Text(f"… and {len(records) - SHOWN_RECORDS} more", style="dim"))
        self.query_one("#history-detail", Static).update(Group(*lines))

    def action_undo(self) -> None:
        change = self.highlighted()
        if change is None:
            return

        def work() -> None:
            try:
                self.glossary.undo(change.id)
            except GlossaryError as exc:
                self.app.call_from_thread(self.notify, str(exc), severity="warning",
                                          timeout=10)
                return
            self.app.call_from_thread(self.undone, change)

        self.run_worker(work, thread=True, group="undo")

    def undone(self, change: Change) -> None:
        self.undone_any = True
        self.notify(f"Undid #{change.id}: {visible(change.summary)}")
        self.reload()

    def check_changes(self) -> None:
        def work() -> None:
            version = self.glossary.data_version()
            if self.version is not None and version != self.version:
                self.app.call_from_thread(self.reload)
            self.version = version

        self.run_worker(work, thread=True, exclusive=True, group="changes")

    def action_focus_filter(self) -> None:
        self.query_one("#history-text", Input).focus()

    def action_close(self) -> None:
        if isinstance(self.focused, Input | Select):
            self.query_one("#history-table", DataTable).focus()
        else:
            self.dismiss(self.undone_any)
