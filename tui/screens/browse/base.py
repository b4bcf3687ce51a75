"""What the two browse screens share: filters over a paged, sortable table, a detail
pane, a selection for bulk changes, and following other processes' changes.

A page is fetched in a thread worker (the core pages by key, never by OFFSET, so a
page of 150k entries comes in milliseconds) and shown only if no newer request was
made meanwhile. The total is counted after the page is shown, in the same worker:
under a text filter the count is a pass over every term (about 50 ms at 150k
entries) that the page itself rarely needs, so the page does not wait for it, and
paging or re-sorting keeps the total instead of counting again. Another process's
commit (data_version, polled each second) or one of our own writes reloads the same
page and counts again: the highlighted row stays highlighted, the selection is kept,
and what is typed in a filter is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from glossary import Glossary, GlossaryError
from glossary.store.browse import Page
from glossary.text.display import visible

from ..confirm import ConfirmScreen
from ..panes import TWO_PANES

POLL = 1.0  # seconds between looks at whether another process changed the database


class PageReady(Message):
    def __init__(self, seq: int, page: Page) -> None:
        super().__init__()
        self.seq, self.page = seq, page


class TotalReady(Message):
    def __init__(self, seq: int, total: int) -> None:
        super().__init__()
        self.seq, self.total = seq, total


class BrowseFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


def cell(text: str | None, width: int = 0) -> Text:
    """One line of stored text, escaped; cut with an ellipsis (the detail pane has it all)."""
    return Text(visible(text or ""), no_wrap=True, overflow="ellipsis")


class BrowseScreen(Screen[None]):
    """A subclass names its SORTS and COLUMNS, composes its filters, and implements
    `current_filter`, `fetch` (a Page for a filter, not counted), `count` (how many the
    filter lets through), `row_cells` and `detail`."""

    SORTS: ClassVar[tuple[str, ...]] = ("id",)
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    #: fixed column widths; a column not named shares what is left with the others
    WIDTHS: ClassVar[dict[str, int]] = {}
    #: columns left out below WIDE columns, so the text columns keep some room
    NARROW_HIDDEN: ClassVar[tuple[str, ...]] = ()
    WIDE = 110
    WHAT: ClassVar[str] = "rows"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("right_square_bracket", "next_page", "Next"),
        Binding("left_square_bracket", "previous_page", "Prev", show=False),
        Binding("space", "toggle_mark", "Select", show=False),
        Binding("a", "mark_page", "Select page", show=False),
        Binding("s", "cycle_sort", "Sort", show=False),
        Binding("r", "reverse", "Reverse", show=False),
        Binding("slash", "focus_filter", "Filter", show=False),
    ]

    def __init__(self, glossary: Glossary) -> None:
        super().__init__()
        self.glossary = glossary
        self.seq = 0  # the latest page asked for; older answers are dropped
        self.sort = self.SORTS[0]
        self.descending = False
        self.page_anchor: dict[str, Any] = {}  # after/before of the page on screen
        self.page: Page | None = None
        self.total: int | None = None  # of the filter on screen; None while counting
        self.page_number = 1
        self.marked: set[int] = set()
        self.version: int | None = None

    # layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_filters()
        with Horizontal(classes="browse-body"):
            yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="browse-detail"):
                yield Static(id="browse-detail-body")
        yield Static(id="browse-status")
        yield Footer()

    def compose_filters(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.widths: dict[str, int] = {}
        self.header: tuple[str, bool] | None = None  # (sort, descending) the header shows
        self.set_interval(POLL, self.check_changes)
        self.on_resize()
        self.query_one("#browse-table", DataTable).focus()
        self.reload()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= TWO_PANES, "-two-panes")
        if self.page is not None:
            self.call_after_refresh(self.show_page)

    def column_widths(self) -> dict[str, int]:
        table = self.query_one("#browse-table", DataTable)
        width = table.size.width or self.size.width
        shown = [c for c in self.COLUMNS if width >= self.WIDE or c not in self.NARROW_HIDDEN]
        flexible = [c for c in shown if c not in self.WIDTHS]
        fixed = sum(self.WIDTHS.get(c, 0) for c in shown) + 1
        free = width - fixed - 2 * table.cell_padding * (len(shown) + 1) - 2
        share = max(8, free // max(1, len(flexible)))
        return {c: self.WIDTHS.get(c, share) for c in shown}

    # loading ---------------------------------------------------------------------------

    def current_filter(self) -> Any:
        raise NotImplementedError

    def fetch(self, f: Any, **paging: Any) -> Page:
        raise NotImplementedError

    def count(self, f: Any) -> int:
        raise NotImplementedError

    def row_cells(self, record: Any) -> Iterable[Text | str]:
        raise NotImplementedError

    def detail(self, record: Any) -> RenderableType:
        raise NotImplementedError

    def record_id(self, record: Any) -> int:
        return int(record.id if hasattr(record, "id") else record["id"])

    def reload(self, recount: bool = True, **anchor: Any) -> None:
        """Fetch a page: the first with no anchor, else the one after/before a mark;
        `reload()` from a change keeps the page on screen (self.page_anchor). Paging
        and sorting pass `recount=False`: the filter and the data are the same, and so
        is the total."""
        if "keep" in anchor:
            anchor = dict(self.page_anchor)
        else:
            self.page_anchor = anchor
        if recount:
            self.total = None
        self.seq += 1
        self.run_worker(partial(self._fetch_job, self.seq, self.current_filter(), anchor,
                                recount or self.total is None),
                        thread=True, exclusive=True, group="browse")

    def _fetch_job(self, seq: int, f: Any, anchor: dict[str, Any], recount: bool) -> None:
        try:
            # what this page shows is at least this new: a commit after it reloads
            self.version = self.glossary.data_version()
            page = self.fetch(f, sort=self.sort, descending=self.descending, count=False,
                              **anchor)
            self.post_message(PageReady(seq, page))
            if recount and seq == self.seq:  # not for a filter already typed over
                self.post_message(TotalReady(seq, self.count(f)))
        except GlossaryError as exc:
            self.post_message(BrowseFailed(str(exc)))

    @on(PageReady)
    def page_ready(self, message: PageReady) -> None:
        if message.seq != self.seq:
            return
        current = self.highlighted_id()
        self.page = message.page
        self.show_page(current)

    @on(TotalReady)
    def total_ready(self, message: TotalReady) -> None:
        if message.seq == self.seq:
            self.total = message.total
            self.show_status()

    def show_page(self, current: int | None = None) -> None:
        """The page's rows, columns sized to the table; the cursor on `current`."""
        if self.page is None:
            return
        current = self.highlighted_id() if current is None else current
        table = self.query_one("#browse-table", DataTable)
        widths = self.column_widths()
        header = (self.sort, self.descending)
        if widths != self.widths or header != self.header:
            self.widths, self.header = widths, header
            table.clear(columns=True)
            table.add_column("✓", key="mark", width=1)
            for name in widths:
                # the sorted column says so, and which way: a click on a header sorts
                label = f"{name} {'↓' if self.descending else '↑'}" if name == self.sort else name
                table.add_column(label, key=name, width=widths[name])
        else:
            table.clear()
        for record in self.page.rows:
            rid = self.record_id(record)
            cells = dict(zip(self.COLUMNS, self.row_cells(record), strict=True))
            table.add_row("✓" if rid in self.marked else "", *(cells[c] for c in self.widths),
                          key=str(rid))
        ids = [self.record_id(r) for r in self.page.rows]
        if current in ids:
            table.move_cursor(row=ids.index(current), animate=False)
        self.show_status()
        self.show_detail()

    @on(BrowseFailed)
    def browse_failed(self, message: BrowseFailed) -> None:
        self.notify(message.error, severity="error", timeout=8)

    def show_status(self) -> None:
        page = self.page
        if page is None:
            return
        order = f"by {self.sort} {'↓' if self.descending else '↑'}"
        picked = f" · {len(self.marked)} selected" if self.marked else ""
        shown = f"{len(page.rows)}" if page.rows else f"no {self.WHAT} match"
        total = "…" if self.total is None else f"{self.total:,}"
        self.query_one("#browse-status", Static).update(Text(  # the query: not markup
            f"{self.status_note()}Page {self.page_number} · {shown} of {total} {self.WHAT}"
            f" · {order}{picked} · [ ] page · space select · s/r sort"))

    def status_note(self) -> str:
        """What the status line says before the page and the total (a subclass's)."""
        return ""

    def highlighted(self) -> Any | None:
        table = self.query_one("#browse-table", DataTable)
        if self.page is None or not 0 <= table.cursor_row < len(self.page.rows):
            return None
        return self.page.rows[table.cursor_row]

    def highlighted_id(self) -> int | None:
        record = self.highlighted()
        return None if record is None else self.record_id(record)

    @on(DataTable.RowHighlighted, "#browse-table")
    def show_detail(self) -> None:
        record = self.highlighted()
        body = self.query_one("#browse-detail-body", Static)
        body.update(Text(f"No {self.WHAT} here.", style="italic") if record is None
                    else self.detail(record))

    # others' changes -------------------------------------------------------------------

    def check_changes(self) -> None:
        self.run_worker(self._changes_job, thread=True, exclusive=True, group="changes")

    def _changes_job(self) -> None:
        try:
            version = self.glossary.data_version()
        except GlossaryError:
            return
        if self.version is not None and version != self.version:
            self.app.call_from_thread(self.reload, keep=True)
        self.version = version

    # keys ------------------------------------------------------------------------------

    def action_back(self) -> None:
        if isinstance(self.focused, Input | Select):
            self.query_one("#browse-table", DataTable).focus()
        else:
            self.dismiss(None)

    def action_focus_filter(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def filter_submitted(self) -> None:
        self.query_one("#browse-table", DataTable).focus()

    def filters_changed(self, recount: bool = True) -> None:
        self.page_number = 1
        self.reload(recount)

    def action_next_page(self) -> None:
        if self.page is None or self.page.at_end or self.page.end is None:
            self.notify("This is the last page.")
            return
        self.page_number += 1
        self.reload(False, after=self.page.end)

    def action_previous_page(self) -> None:
        if self.page is None or self.page.at_start or self.page.start is None:
            self.notify("This is the first page.")
            return
        self.page_number = max(1, self.page_number - 1)
        self.reload(False, before=self.page.start)

    @on(DataTable.HeaderSelected, "#browse-table")
    def header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on a column's header sorts by it; on the sorted one, the other way."""
        name = str(event.column_key.value)
        if name not in self.SORTS:
            self.notify(f"This list sorts by {', '.join(self.SORTS)}, not by {name}.")
            return
        if name == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = name, False
        self.filters_changed(recount=False)

    def action_cycle_sort(self) -> None:
        self.sort = self.SORTS[(self.SORTS.index(self.sort) + 1) % len(self.SORTS)]
        self.filters_changed(recount=False)

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.filters_changed(recount=False)

    def action_toggle_mark(self) -> None:
        rid = self.highlighted_id()
        if rid is None:
            return
        self.marked.symmetric_difference_update({rid})
        table = self.query_one("#browse-table", DataTable)
        table.update_cell(str(rid), "mark", "✓" if rid in self.marked else "")
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self.show_status()

    def action_mark_page(self) -> None:
        """Select every row of the page; again, clear the selection."""
        if self.page is None:
            return
        ids = {self.record_id(r) for r in self.page.rows}
        self.marked = set() if ids <= self.marked else self.marked | ids
        self.reload(False, keep=True)

    def chosen_ids(self) -> list[int]:
        """The selection, or the highlighted row when nothing is selected."""
        if self.marked:
            return sorted(self.marked)
        rid = self.highlighted_id()
        return [] if rid is None else [rid]

    def confirm_delete(self, delete: Callable[[list[int]], int], noun: tuple[str, str],
                       done_text: str) -> None:
        """Ask, then delete the selection (or the highlighted row) as one undoable change;
        `noun` is the thing named for one and for several."""
        ids = self.chosen_ids()
        if not ids:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.run_write(partial(delete, ids), done_text)

        self.app.push_screen(ConfirmScreen(
            f"Delete {len(ids)} {noun[0] if len(ids) == 1 else noun[1]}?\n\n"
            "One change in the history: undo brings them back.", "Delete"), done)

    def run_write(self, job: Any, done_text: str) -> None:
        """A write in a worker; then a note and the same page again."""
        def work() -> None:
            try:
                result = job()
            except GlossaryError as exc:
                self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
                return
            self.app.call_from_thread(self.written, done_text.format(result=result))

        self.run_worker(work, thread=True, group="write")

    def written(self, text: str) -> None:
        self.notify(text)
        self.marked.clear()
        self.reload(keep=True)
        # the title's counts (which every screen's header shows) come from the search
        # screen below; a delete or a rollback here changes them now, not on return
        lookups = getattr(self.app.screen_stack[0], "lookups", None)
        if lookups is not None:
            lookups.load_stats()
