"""History: every change, newest first, with its time, author and what it changed;
undo any change that later ones do not depend on (and hear why when one cannot be).

The detail pane names what an edit changed, field by field (glossary.store.record_diff):
an entry's before and after look alike when only a term's status moved. The columns are
sized to the table so the last one ("undone") stays on screen at 80 columns."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.cells import cell_len
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
from glossary.store.record_diff import Line, differences
from glossary.text.display import counted, visible

from .browse.base import POLL, TWO_PANES, cell

PAGE = 500  # changes loaded at a time; older ones follow on demand (o, or the last row)
SHOWN_RECORDS = 20  # records of one change shown in the detail pane
AUTHOR_WIDTH = 12  # at most; longer names are cut (the detail pane has them whole)
SIGN_STYLES = {"+": "green", "-": "red", "~": "yellow"}


def detail_lines(kind: str, oid: int, lines: list[Line]) -> list[Text]:
    """One record of a change in the detail pane: its name, then what changed in it."""
    return [Text(f"{kind} #{oid}", style="bold underline"),
            *(Text(f"{line.sign} {visible(line.text)}", style=SIGN_STYLES.get(line.sign, ""))
              for line in lines)]


class HistoryScreen(Screen[bool]):
    """Dismisses with True when something was undone (the caller refreshes).

    Changes come a PAGE at a time, newest first; older pages are fetched by id (before
    the oldest shown), so a change recorded meanwhile never shifts or repeats a row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("u,ctrl+z", "undo", "Undo this change"),
        Binding("o", "older", "Older"),
        Binding("slash", "focus_filter", "Filter", show=False),
    ]

    def __init__(self, glossary: Glossary) -> None:
        super().__init__()
        self.glossary = glossary
        self.changes: list[Change] = []
        self.more = False  # older changes exist beyond the oldest shown
        self.loading_older = False
        self.filters: dict[str, str | None] = {}
        self.widths: dict[str, int] = {}
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
        self.set_interval(POLL, self.check_changes)
        self.on_resize()
        self.query_one("#history-table", DataTable).focus()
        self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= TWO_PANES, "-two-panes")
        self.call_after_refresh(self.show_table)

    # loading ---------------------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    def filters_changed(self) -> None:
        action = self.query_one("#history-action", Select).value
        text = self.query_one("#history-text", Input).value.strip() or None
        self.filters = {"action": None if action is Select.NULL else str(action), "text": text}
        self.reload(keep_count=False)

    def reload(self, keep_count: bool = True) -> None:
        """The newest changes again: as many as are shown (after an undo or another
        process's change), or one page (after a new filter)."""
        self.seq += 1
        self.loading_older = False
        count = max(PAGE, len(self.changes)) if keep_count else PAGE
        self.run_worker(partial(self._load_job, self.seq, count, None), thread=True,
                        exclusive=True, group="history")

    def action_older(self) -> None:
        """The next page of older changes, below the ones shown."""
        if not self.more or self.loading_older or not self.changes:
            return
        self.loading_older = True
        self.show_status()
        self.run_worker(partial(self._load_job, self.seq, PAGE, self.changes[-1].id),
                        thread=True, group="history-older")

    def _load_job(self, seq: int, count: int, before_id: int | None) -> None:
        if before_id is None:
            self.version = self.glossary.data_version()
        # one more than shown tells whether older ones are left
        found = self.glossary.history_changes(count + 1, before_id=before_id, **self.filters)
        self.app.call_from_thread(self.show, seq, found[:count], len(found) > count,
                                  before_id is not None)

    def show(self, seq: int, changes: list[Change], more: bool, older: bool) -> None:
        if seq != self.seq:
            return
        self.more = more
        if older:
            self.loading_older = False
            start = len(self.changes)
            self.changes += changes
            self.show_table(start)
            return
        current = self.highlighted()
        self.changes = changes
        self.show_table()
        if current is not None:
            ids = [c.id for c in changes]
            if current.id in ids:
                self.query_one("#history-table", DataTable).move_cursor(
                    row=ids.index(current.id), animate=False)
        self.show_detail()

    # the table -------------------------------------------------------------------------

    def column_widths(self) -> dict[str, int]:
        """Fixed widths for id, time, author and 'undone'; the summary gets what is left,
        so every column shows at 80 columns."""
        table = self.query_one("#history-table", DataTable)
        width = table.size.width or self.size.width
        ident = len(str(self.changes[0].id)) if self.changes else 1
        at = 19 if width >= 100 else 16  # seconds only where there is room for them
        author = min(AUTHOR_WIDTH, max([len("author"), *(cell_len(visible(c.author))
                                                         for c in self.changes)]))
        undone = len("undone")
        free = width - ident - at - author - undone - 2 * table.cell_padding * 5 - 2
        return {"#": ident, "at": at, "author": author, "change": max(10, free),
                "undone": undone}

    def show_table(self, start: int = 0) -> None:
        """Rows from `start` on (0: all of them again), columns sized to the table."""
        table = self.query_one("#history-table", DataTable)
        widths = self.column_widths()
        if widths != self.widths:
            current = table.cursor_row
            self.widths, start = widths, 0
            table.clear(columns=True)
            for name, width in widths.items():
                table.add_column("" if name == "undone" else name, key=name, width=width)
        elif start == 0:
            current = table.cursor_row
            table.clear()
        else:
            current = None
        for c in self.changes[start:]:
            at = c.at.replace("T", " ").rstrip("Z")[:widths["at"]]
            table.add_row(str(c.id), at, cell(c.author), cell(c.summary),
                          "undone" if c.undone else "", key=str(c.id))
        if current is not None and 0 <= current < table.row_count:
            table.move_cursor(row=current, animate=False)
        self.show_status()

    def show_status(self) -> None:
        older = ("loading older ones…" if self.loading_older else
                 "o loads older ones" if self.more else "no older ones")
        self.query_one("#browse-status", Static).update(
            f"{counted(len(self.changes), 'change')} shown · {older} · "
            "u undoes the highlighted one")

    def highlighted(self) -> Change | None:
        row = self.query_one("#history-table", DataTable).cursor_row
        return self.changes[row] if 0 <= row < len(self.changes) else None

    # the detail pane -------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#history-table")
    def show_detail(self) -> None:
        change = self.highlighted()
        if change is None:
            self.query_one("#history-detail", Static).update(
                Text("No change recorded yet.", style="italic"))
            return
        if change is self.changes[-1]:  # the cursor reached the end: bring the next page
            self.action_older()
        self.run_worker(partial(self._detail_job, change), thread=True, exclusive=True,
                        group="detail")

    def _detail_job(self, change: Change) -> None:
        records = self.glossary.change_records(change.id)
        diffs = [(kind, oid, differences(kind, before, after))
                 for kind, oid, before, after in records[:SHOWN_RECORDS]]
        try:
            blocker = self.glossary.why_not_undoable(change.id)
        except GlossaryError as exc:
            blocker = str(exc)
        self.app.call_from_thread(self.show_records, change, diffs, len(records), blocker)

    def show_records(self, change: Change, diffs: list[tuple[str, int, list[Line]]],
                     total: int, blocker: str | None) -> None:
        if self.highlighted() is not change:
            return
        # the pane is 7 lines below the table at 80×24: what changed starts on the third
        lines = [Text(f"#{change.id} {visible(change.summary)}", style="bold"),
                 Text.assemble((f"{change.at} by {visible(change.author)} · ", "dim"),
                               ("can be undone (u)", "green") if blocker is None else
                               (f"cannot be undone: {visible(blocker)}", "yellow"))]
        for kind, oid, changed in diffs:
            lines += detail_lines(kind, oid, changed)
        if total > len(diffs):
            lines.append(Text(f"… and {total - len(diffs)} more", style="dim"))
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
