"""GlossaryApp: search-as-you-type over the termbase, with the full entry beside the results.

Every database call runs in a thread worker and comes back as a message, so a slow
lookup never freezes typing. Each lookup carries a sequence number; only the newest
one's results are shown, so a slow early query cannot overwrite a later, faster one.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, Header, Input

from glossary import Glossary, GlossaryError

from .rows import ResultRow, fetch_rows, translation
from .widgets import EntryDetail, HelpScreen, ResultsTable, SearchBox


class ResultsReady(Message):
    """Rows for the query numbered `seq`, computed off the UI thread."""

    def __init__(self, seq: int, query: str, rows: list[ResultRow]) -> None:
        super().__init__()
        self.seq = seq
        self.query = query
        self.rows = rows


class StatsReady(Message):
    def __init__(self, stats: dict) -> None:
        super().__init__()
        self.stats = stats


class Undone(Message):
    """The result of g.undo(): what was reverted, or None when there was nothing."""

    def __init__(self, seq: int, done: dict | None) -> None:
        super().__init__()
        self.seq = seq
        self.done = done


class Failed(Message):
    """A GlossaryError from a worker; its text is written for the user."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class GlossaryApp(App[None]):
    """The terminal UI; it is handed an open Glossary so tests can pass a temporary one."""

    CSS_PATH = "app.tcss"
    TITLE = "glossary"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("escape", "back", "Clear/back"),
        Binding("ctrl+y", "copy_translation", "Copy"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, glossary: Glossary) -> None:
        super().__init__()
        self.glossary = glossary
        self.seq = 0  # number of the newest lookup asked for
        self.shown_query = ""  # the query whose results are on screen

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBox(id="search")
        with Horizontal(id="body"):
            yield ResultsTable(id="results")
            yield EntryDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.glossary.path)
        self.query_one("#search", SearchBox).focus()
        self.request_lookup("")
        self.load_stats()

    # lookups ---------------------------------------------------------------------------

    def request_lookup(self, query: str) -> int:
        """Start a lookup for `query`, superseding any still running; returns its number."""
        self.seq += 1
        self.run_lookup(self.seq, query)
        return self.seq

    @work(thread=True, exclusive=True, group="lookup")
    def run_lookup(self, seq: int, query: str) -> None:
        self.lookup_job(seq, query)

    def lookup_job(self, seq: int, query: str) -> None:
        """The body of a lookup worker; safe off the UI thread, since it only posts."""
        try:
            rows = fetch_rows(self.glossary, query)
        except GlossaryError as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(ResultsReady(seq, query, rows))

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.request_lookup(event.value)

    @on(ResultsReady)
    def results_ready(self, message: ResultsReady) -> None:
        self.show_results(message.seq, message.query, message.rows)

    def show_results(self, seq: int, query: str, rows: list[ResultRow]) -> bool:
        """Show rows unless a newer lookup has been asked for; says whether they were shown."""
        if seq != self.seq:
            return False
        self.shown_query = query
        self.query_one("#results", ResultsTable).show_rows(rows)
        self.update_detail()
        return True

    def update_detail(self) -> None:
        row = self.query_one("#results", ResultsTable).highlighted
        if row is None and self.shown_query.strip():
            empty = f"No entry matches “{self.shown_query.strip()}”."
        elif row is None:
            empty = "The termbase is empty. Add entries with `glossary add` or `glossary import`."
        else:
            empty = ""
        self.query_one("#detail", EntryDetail).show(row, empty)

    @on(ResultsTable.RowHighlighted)
    def row_highlighted(self) -> None:
        self.update_detail()

    # stats -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="stats")
    def load_stats(self) -> None:
        try:
            self.post_message(StatsReady(self.glossary.stats()))
        except GlossaryError as exc:
            self.post_message(Failed(str(exc)))

    @on(StatsReady)
    def stats_ready(self, message: StatsReady) -> None:
        s = message.stats
        self.sub_title = (
            f"{s['database']} · {s['concepts']} entries · {s['terms']} terms"
            f" · {s['tm_units']} TM units"
        )

    # undo ------------------------------------------------------------------------------

    def action_undo(self) -> None:
        self.seq += 1
        self.run_undo(self.seq, self.query_one("#search", SearchBox).value)

    @work(thread=True, group="write")
    def run_undo(self, seq: int, query: str) -> None:
        """Undo, then re-run the query and the counts in the same thread: one round trip."""
        try:
            done = self.glossary.undo()
        except GlossaryError as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(Undone(seq, done))
        self.lookup_job(seq, query)
        try:
            self.post_message(StatsReady(self.glossary.stats()))
        except GlossaryError as exc:
            self.post_message(Failed(str(exc)))

    @on(Undone)
    def undone(self, message: Undone) -> None:
        if message.done is None:
            self.notify("Nothing to undo.")
        else:
            self.notify(f"Undid {message.done['action']} of #{message.done['id']}.")
        if message.seq != self.seq:
            # The user typed meanwhile; that lookup may have read the pre-undo state.
            self.request_lookup(self.query_one("#search", SearchBox).value)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.notify(message.error, severity="error", timeout=8)

    # keys ------------------------------------------------------------------------------

    def action_focus_results(self) -> None:
        table = self.query_one("#results", ResultsTable)
        if table.row_count:
            table.focus()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.action_focus_results()

    @on(ResultsTable.LeaveTop)
    def leave_top(self) -> None:
        self.query_one("#search", SearchBox).focus()

    @on(ResultsTable.TypedAhead)
    def typed_ahead(self, message: ResultsTable.TypedAhead) -> None:
        """Typing in the list starts a new query."""
        search = self.query_one("#search", SearchBox)
        search.value = message.character if message.first else search.value + message.character
        search.cursor_position = len(search.value)
        search.focus()

    def action_back(self) -> None:
        """Escape: first back to the search field, then clear it."""
        search = self.query_one("#search", SearchBox)
        if self.focused is not search:
            search.focus()
        elif search.value:
            search.clear()

    def action_copy_translation(self) -> None:
        row = self.query_one("#results", ResultsTable).highlighted
        if row is None:
            self.notify("Nothing to copy: no entry is highlighted.", severity="warning")
            return
        term = translation(row, self.shown_query)
        if term is None:
            self.notify("This entry has no term in the other language.", severity="warning")
            return
        self.copy_to_clipboard(term.text)
        if term.status in ("forbidden", "deprecated"):
            self.notify(f"Copied “{term.text}” — careful, it is {term.status}.",
                        severity="warning")
        else:
            self.notify(f"Copied “{term.text}”.")

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
