"""The main screen: one search field; term results, TM matches and the full record beside.

This module holds what is on screen and the keys; the searches run in lookups.py and
the changes in changes.py, both in thread workers that post messages (messages.py)
back here, so a slow lookup never freezes typing.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from glossary import Glossary
from glossary.text.display import counted

from ... import keys
from ...jobs import Failed
from ...rows import MemoryRow, ResultRow, translation
from ...widgets import EntryDetail, MemoryTable, ResultsTable, SearchBox
from ...widgets.list_keys import ListKeys
from ..browse import EntryBrowser, MemoryBrowser
from ..export_file import ExportScreen
from ..history import HistoryScreen
from ..import_file import ImportScreen
from ..qa import QAScreen
from ..recognize import RecognizeScreen
from ..replace import ReplaceScreen
from .changes import Changes
from .lookups import Lookups
from .messages import (
    EntryWanted,
    MemoryReady,
    OthersChanged,
    ResultsReady,
    StatsReady,
    WriteFailed,
    Written,
)

CHANGES_POLL = 1.0  # seconds between looks at whether another process changed the database


class SearchScreen(Screen[None]):
    """Search as you type over the termbase and the translation memory."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False),
        *keys.bindings(),
    ]

    def __init__(self, glossary: Glossary, imports: Path | None = None) -> None:
        super().__init__()
        self.glossary = glossary
        self.imports = imports
        self.lookups = Lookups(glossary, self)
        self.changes = Changes(glossary, self)
        self.shown_query = ""  # the query whose term results are on screen
        self.concordance = False
        self.select_after: str | None = None  # entry to put the cursor on once listed
        self.warm_started = False
        self.qa_path = ""  # the file last checked with the QA dialog
        self.qa_domain = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBox(id="search")
        with Horizontal(id="body"):
            with Vertical(id="lists"):
                yield ResultsTable(id="results")
                yield MemoryTable(id="memory")
            yield EntryDetail(id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#results", ResultsTable).border_title = "Terms"
        self.set_memory_title(0)
        self.set_interval(CHANGES_POLL, self.lookups.check_changes)
        self.query_one("#search", SearchBox).focus()
        self.request_search("")
        self.lookups.load_stats()

    @property
    def search_text(self) -> str:
        return self.query_one("#search", SearchBox).value

    # results -----------------------------------------------------------------------------

    def request_search(self, query: str) -> None:
        self.lookups.ask_terms(query)
        self.lookups.ask_memory(query, self.concordance)

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.request_search(event.value)

    @on(ResultsReady)
    def results_ready(self, message: ResultsReady) -> None:
        self.show_results(message.seq, message.query, message.rows)

    def show_results(self, seq: int, query: str, rows: list[ResultRow]) -> bool:
        """Show rows unless a newer lookup has been asked for; says whether they were shown."""
        if not self.lookups.terms.is_current(seq):
            return False
        self.shown_query = query
        table = self.query_one("#results", ResultsTable)
        table.show_rows(rows)
        if self.select_after is not None:
            table.select_key(self.select_after)
            self.select_after = None
        table.border_title = f"Terms ({len(rows)})" if query.strip() else "Terms"
        if self.focused is not self.query_one("#memory"):
            self.update_detail()
        self.app.call_after_refresh(self.lookups.terms_painted.set)
        self.start_warm()
        return True

    def start_warm(self) -> None:
        """Warm the search structures once the first screen is painted: on a large
        memory that takes seconds of the interpreter, which the first screen needs."""
        if not self.warm_started:
            self.warm_started = True
            self.app.call_after_refresh(self.lookups.warm)

    @on(MemoryReady)
    def memory_ready(self, message: MemoryReady) -> None:
        self.show_memory(message.seq, message.concordance, message.rows, message.final)

    def show_memory(self, seq: int, concordance: bool, rows: list[MemoryRow],
                    final: bool = True) -> bool:
        """Show TM rows unless a newer query was asked for. `final` is False for the rows
        of 75% and up that lower matches will follow (the table skips a repaint when
        those add nothing); it is passed for those who time the painting."""
        if not self.lookups.memory.is_current(seq):
            return False
        table = self.query_one("#memory", MemoryTable)
        table.show_rows(rows, concordance)
        self.set_memory_title(len(rows))
        if self.focused is table:
            self.update_memory_detail()
        return True

    def set_memory_title(self, count: int) -> None:
        name = "Concordance" if self.concordance else "TM matches"
        title = f"{name} ({count})" if self.search_text.strip() else name
        self.query_one("#memory", MemoryTable).border_title = title

    def update_detail(self) -> None:
        row = self.query_one("#results", ResultsTable).highlighted
        if row is None and self.shown_query.strip():
            empty = f"No entry matches “{self.shown_query.strip()}”. ctrl+n adds one."
        elif row is None:
            empty = "The termbase is empty. Add entries with ctrl+n or import a file with ctrl+l."
        else:
            empty = ""
        self.query_one("#detail", EntryDetail).show(row, empty)

    def update_memory_detail(self) -> None:
        row = self.query_one("#memory", MemoryTable).highlighted
        if row is None:
            self.update_detail()
        else:
            self.query_one("#detail", EntryDetail).show_memory(row)

    @on(ResultsTable.RowHighlighted, "#results")
    def row_highlighted(self) -> None:
        if self.focused is not self.query_one("#memory"):
            self.update_detail()

    @on(MemoryTable.RowHighlighted, "#memory")
    def memory_highlighted(self) -> None:
        if self.focused is self.query_one("#memory"):
            self.update_memory_detail()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The detail pane follows the list in use: the TM unit, or else the entry."""
        if event.widget is self.query_one("#memory"):
            self.update_memory_detail()
        else:
            self.update_detail()

    @on(StatsReady)
    def stats_ready(self, message: StatsReady) -> None:
        s = message.stats
        self.app.sub_title = (
            f"{database_name(s['database'])} · {counted(s['concepts'], 'entry', 'entries')}"
            f" · {counted(s['terms'], 'term')} · {counted(s['tm_units'], 'TM unit')}"
        )

    @on(OthersChanged)
    def others_changed(self) -> None:
        """What another process wrote shows up as if the query had been typed again: the
        highlighted entry stays highlighted, and forms open above keep what was typed."""
        self.refresh_all()

    def refresh_all(self) -> None:
        """After a change: the same query again, and the counts."""
        self.request_search(self.search_text)
        self.lookups.load_stats()

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.lookups.terms_painted.set()
        self.start_warm()
        self.notify(message.error, severity="error", timeout=8)

    # changes -----------------------------------------------------------------------------

    @on(Written)
    def written(self, message: Written) -> None:
        self.notify(message.text)
        self.select_after = message.select
        self.refresh_all()

    @on(WriteFailed)
    def write_failed(self, message: WriteFailed) -> None:
        if message.retry is not None:
            message.retry(message.error)
        else:
            self.notify(message.error, severity="error", timeout=8)

    def highlighted_entry(self) -> ResultRow | None:
        row = self.query_one("#results", ResultsTable).highlighted
        if row is None:
            self.notify("No entry is highlighted.", severity="warning")
        return row

    def action_add_entry(self) -> None:
        self.changes.add_entry(self.search_text)

    def action_edit_entry(self) -> None:
        if row := self.highlighted_entry():
            self.changes.edit_entry(row.concept)

    def action_edit_terms(self) -> None:
        if row := self.highlighted_entry():
            self.changes.edit_terms(row.concept)

    def action_delete_entry(self) -> None:
        if row := self.highlighted_entry():
            self.changes.delete_entry(row.concept)

    def action_undo(self) -> None:
        self.changes.undo()

    def action_add_tm_unit(self) -> None:
        self.changes.add_tm_unit(self.search_text)

    # the other screens ---------------------------------------------------------------------

    def action_import_file(self) -> None:
        def done(changed: bool | None) -> None:
            if changed:
                self.refresh_all()

        self.app.push_screen(ImportScreen(self.glossary, self.imports), done)

    def on_screen_resume(self) -> None:
        """Back from another screen: what it changed shows here, counts included."""
        if self.warm_started:
            self.refresh_all()

    def action_browse_entries(self) -> None:
        self.app.push_screen(EntryBrowser(self.glossary))

    def action_browse_memory(self) -> None:
        """The memory; with a search typed, filtered to every TM unit matching it (fuzzy
        or concordance, as on this screen), not only those listed here."""
        self.app.push_screen(MemoryBrowser(self.glossary, self.search_text.strip(),
                                           self.concordance))

    def action_replace(self) -> None:
        self.app.push_screen(ReplaceScreen(self.glossary))

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(self.glossary))

    def action_export_file(self) -> None:
        self.app.push_screen(ExportScreen(self.glossary))

    def action_recognize(self) -> None:
        self.app.push_screen(RecognizeScreen(self.glossary, self.search_text.strip()))

    def action_qa_check(self) -> None:
        screen = QAScreen(self.glossary, self.qa_path, self.qa_domain)

        def done(concept_id: int | None) -> None:
            self.qa_path, self.qa_domain = screen.last_path, screen.last_domain
            if concept_id is not None:
                self.lookups.fetch_entry(concept_id)

        self.app.push_screen(screen, done)

    @on(EntryWanted)
    def entry_wanted(self, message: EntryWanted) -> None:
        """List the entry by its Chinese term and put the cursor on it."""
        self.select_after = message.key
        search = self.query_one("#search", SearchBox)
        if search.value == message.query:
            self.request_search(message.query)  # no Changed event to start it
        search.value = message.query
        search.cursor_position = len(message.query)
        search.focus()

    # keys ------------------------------------------------------------------------------------

    def action_toggle_concordance(self) -> None:
        self.concordance = not self.concordance
        self.set_memory_title(0)
        self.lookups.ask_memory(self.search_text, self.concordance)

    def action_focus_results(self) -> None:
        table = self.query_one("#results", ResultsTable)
        if table.row_count:
            table.focus()
        elif self.query_one("#memory", MemoryTable).row_count:
            self.query_one("#memory", MemoryTable).focus()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.action_focus_results()

    @on(ListKeys.LeaveTop, "#results")
    def leave_results(self) -> None:
        self.query_one("#search", SearchBox).focus()

    @on(ListKeys.LeaveTop, "#memory")
    def leave_memory(self) -> None:
        results = self.query_one("#results", ResultsTable)
        if results.row_count:
            results.focus()
        else:
            self.query_one("#search", SearchBox).focus()

    @on(ListKeys.TypedAhead)
    def typed_ahead(self, message: ListKeys.TypedAhead) -> None:
        """Typing in a list starts a new query."""
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

    def action_copy(self) -> None:
        memory = self.query_one("#memory", MemoryTable)
        if self.focused is memory and memory.highlighted is not None:
            self.copy_text(memory.highlighted.target, None)
            return
        row = self.query_one("#results", ResultsTable).highlighted
        if row is None:
            self.notify("Nothing to copy: no entry is highlighted.", severity="warning")
            return
        term = translation(row, self.shown_query)
        if term is None:
            self.notify("This entry has no term in the other language.", severity="warning")
            return
        self.copy_text(term.text, term.status)

    def copy_text(self, text: str, status: str | None) -> None:
        self.app.copy_to_clipboard(text)
        shown = text if len(text) <= 60 else text[:59] + "…"
        if status in ("forbidden", "deprecated"):
            self.notify(f"Copied “{shown}” — careful, it is {status}.", severity="warning")
        else:
            self.notify(f"Copied “{shown}”.")


def database_name(location: str) -> str:
    """What the title calls the database: a file's name, or a server database's name
    (postgresql://ann@host/agency?sslmode=require shows "agency")."""
    if "://" in location:
        return urlsplit(location).path.rsplit("/", 1)[-1] or location
    return Path(location).name

