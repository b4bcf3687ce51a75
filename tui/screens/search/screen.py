"""The main screen: one search field; term results, TM matches and the full record beside.

Every database call runs in a thread worker and comes back as a message, so a slow
lookup never freezes typing. Terms and TM have a Channel each (latest.py): one query
at a time, stale ones skipped, and results shown only if no newer query was asked for,
so a slow early query cannot overwrite a later, faster one.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input

from glossary import Glossary, GlossaryError, SearchCancelled
from glossary.text.normalize import has_han

from ... import keys
from ...latest import Channel
from ...rows import (
    TM_FIRST_SCORE,
    TM_LIMIT,
    TM_LOW_SCORE,
    MemoryRow,
    ResultRow,
    add_arguments,
    changed_fields,
    fetch_memory,
    fetch_rows,
    form_values,
    new_entry_values,
    same_entry,
    translation,
)
from ...widgets import EntryDetail, MemoryTable, ResultsTable, SearchBox
from ...widgets.list_keys import ListKeys
from ..confirm import ConfirmScreen
from ..entry_form import EntryForm
from ..export_file import ExportScreen
from ..import_file import ImportScreen
from ..qa import QAScreen
from ..recognize import RecognizeScreen
from ..tm_unit_form import TMUnitForm


class ResultsReady(Message):
    """Term rows for the query numbered `seq`, computed off the UI thread."""

    def __init__(self, seq: int, query: str, rows: list[ResultRow]) -> None:
        super().__init__()
        self.seq = seq
        self.query = query
        self.rows = rows


class MemoryReady(Message):
    """TM rows (fuzzy or concordance) for the query numbered `seq`."""

    def __init__(self, seq: int, query: str, concordance: bool, rows: list[MemoryRow],
                 final: bool = True) -> None:
        super().__init__()
        self.seq = seq
        self.query = query
        self.concordance = concordance
        self.rows = rows
        self.final = final  # False for the 75%-and-up rows that lower matches may follow


class StatsReady(Message):
    def __init__(self, stats: dict) -> None:
        super().__init__()
        self.stats = stats


class Written(Message):
    """A change to the database went through; `select` is the entry to put the cursor on."""

    def __init__(self, text: str, select: str | None = None, severity: str = "information"):
        super().__init__()
        self.text = text
        self.select = select
        self.severity = severity


class WriteFailed(Message):
    """A change was refused; `retry` reopens the form it came from, with the error."""

    def __init__(self, error: str, retry: Callable[[str], None] | None) -> None:
        super().__init__()
        self.error = error
        self.retry = retry


class Failed(Message):
    """A GlossaryError from a worker; its text is written for the user."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class EntryWanted(Message):
    """Show this entry: search for `query` and select the row with `key`."""

    def __init__(self, query: str, key: str) -> None:
        super().__init__()
        self.query = query
        self.key = key


TERMS_FIRST_WAIT = 0.25  # seconds a TM search waits at most for the terms to be painted
QUICK_SEARCH = 0.03  # a search down to 50% this fast runs on every keystroke
LOW_MATCHES_PAUSE = 0.3  # else matches under 75% wait for this pause in the typing
WriteJob = Callable[[], tuple[str, str | None]]  # returns (what to tell, key to select)


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
        self.terms: Channel[str] = Channel()
        self.memory: Channel[tuple[str, bool]] = Channel()
        self.shown_query = ""  # the query whose term results are on screen
        self.low_search_seconds: dict[bool, float] = {}  # last search down to 50%, by script
        self.concordance = False
        self.select_after: str | None = None  # entry to put the cursor on once listed
        self.terms_painted = threading.Event()  # the newest term results are on screen
        self.terms_painted.set()
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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#results", ResultsTable).border_title = "Terms"
        self.set_memory_title(0)
        self.query_one("#search", SearchBox).focus()
        self.request_search("")
        self.load_stats()

    @property
    def search_text(self) -> str:
        return self.query_one("#search", SearchBox).value

    # lookups ---------------------------------------------------------------------------

    def request_search(self, query: str) -> None:
        self.request_terms(query)
        self.request_memory(query)

    def request_terms(self, query: str) -> int:
        """Ask for a term lookup, superseding any not yet started; returns its number."""
        self.terms_painted.clear()
        seq, start = self.terms.ask(query)
        if start:
            self.terms_worker()
        return seq

    def request_memory(self, query: str) -> int:
        seq, start = self.memory.ask((query, self.concordance))
        if start:
            self.memory_worker()
        return seq

    @work(thread=True, group="terms")
    def terms_worker(self) -> None:
        while (item := self.terms.take()) is not None:
            self.lookup_job(*item)

    @work(thread=True, group="memory")
    def memory_worker(self) -> None:
        """TM searches, each started once the terms for the same keystroke are on screen
        (unless TM searches have been quick, when both are painted in one frame).

        A TM search over a large memory is the heaviest call; running it beside the term
        lookup would slow the terms down (they share the interpreter lock) although
        they are what the translator reads first. The wait is bounded, so a failed or
        lost lookup cannot hold the TM back for long.
        """
        while True:
            waiting = self.memory.peek()
            if waiting is not None and self.slow_search(waiting[0]):
                self.terms_painted.wait(TERMS_FIRST_WAIT)
            item = self.memory.take()
            if item is None:
                break
            seq, (query, concordance) = item
            try:
                self.memory_job(seq, query, concordance)
            except GlossaryError as exc:
                self.post_message(Failed(str(exc)))

    def slow_search(self, query: str) -> bool:
        """Whether the last search down to 50% in the query's script was slow."""
        return self.low_search_seconds.get(has_han(query), 0.0) >= QUICK_SEARCH

    def memory_job(self, seq: int, query: str, concordance: bool) -> None:
        """TM matches for one keystroke: all at once while that is quick; else those of
        75% and more first, and the lower ones once typing has paused.

        Below 75% a gram index can rule out little in English, so on a memory of a
        million units that search scans most of it (a few hundred ms): run on every
        keystroke, it would hold back the next one. A newer keystroke during the pause
        skips it. How long the last such search took decides, per script.
        """
        if concordance:
            rows = fetch_memory(self.glossary, query, True)
            self.post_message(MemoryReady(seq, query, True, rows))
            return
        script = has_han(query)
        try:
            if not self.slow_search(query):
                rows = self.low_search(seq, query, script)
                self.post_message(MemoryReady(seq, query, False, rows))
                return
            rows = fetch_memory(self.glossary, query, False, TM_FIRST_SCORE)
            if len(rows) >= TM_LIMIT:  # the lower ones could not make the list
                self.post_message(MemoryReady(seq, query, False, rows))
                return
            self.post_message(MemoryReady(seq, query, False, rows, final=False))
            if not self.memory.newer_within(seq, LOW_MATCHES_PAUSE):
                rows = self.low_search(seq, query, script)
                self.post_message(MemoryReady(seq, query, False, rows))
        except SearchCancelled:  # a newer keystroke: its search comes next
            return

    def low_search(self, seq: int, query: str, script: bool) -> list[MemoryRow]:
        """Matches down to 50%, given up part way when a newer keystroke arrives."""
        started = time.perf_counter()
        rows = fetch_memory(self.glossary, query, False, TM_LOW_SCORE,
                            cancel=lambda: not self.memory.is_current(seq))
        self.low_search_seconds[script] = time.perf_counter() - started
        return rows

    def lookup_job(self, seq: int, query: str) -> None:
        """The body of a lookup; safe off the UI thread, since it only posts."""
        try:
            rows = fetch_rows(self.glossary, query)
        except GlossaryError as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(ResultsReady(seq, query, rows))

    @work(thread=True, group="warm")
    def warm(self) -> None:
        """Build the search structures now, so the first real keystroke does not wait."""
        try:
            self.glossary.warm()
        except GlossaryError as exc:
            self.post_message(Failed(str(exc)))
        # The search structures live as long as the app: a full garbage collection
        # would walk them all again (tens of ms, at a random keystroke) to find nothing.
        gc.freeze()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.request_search(event.value)

    @on(ResultsReady)
    def results_ready(self, message: ResultsReady) -> None:
        self.show_results(message.seq, message.query, message.rows)

    def show_results(self, seq: int, query: str, rows: list[ResultRow]) -> bool:
        """Show rows unless a newer lookup has been asked for; says whether they were shown."""
        if not self.terms.is_current(seq):
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
        self.app.call_after_refresh(self.terms_painted.set)
        self.start_warm()
        return True

    def start_warm(self) -> None:
        """Warm the search structures once the first screen is painted: on a large
        memory that takes seconds of the interpreter, which the first screen needs."""
        if not self.warm_started:
            self.warm_started = True
            self.app.call_after_refresh(self.warm)

    @on(MemoryReady)
    def memory_ready(self, message: MemoryReady) -> None:
        self.show_memory(message.seq, message.concordance, message.rows, message.final)

    def show_memory(self, seq: int, concordance: bool, rows: list[MemoryRow],
                    final: bool = True) -> bool:
        """Show TM rows unless a newer query was asked for. `final` is False for the rows
        of 75% and up that lower matches will follow (the table skips a repaint when
        those add nothing); it is passed for those who time the painting."""
        if not self.memory.is_current(seq):
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
        self.app.sub_title = (
            f"{Path(s['database']).name} · {s['concepts']} entries · {s['terms']} terms"
            f" · {s['tm_units']} TM units"
        )

    def refresh_all(self) -> None:
        """After a change: the same query again, and the counts."""
        self.request_search(self.search_text)
        self.load_stats()

    # changes ---------------------------------------------------------------------------

    def run_write(self, job: WriteJob, retry: Callable[[str], None] | None = None) -> None:
        self.write_worker(job, retry)

    @work(thread=True, group="write")
    def write_worker(self, job: WriteJob, retry: Callable[[str], None] | None) -> None:
        try:
            text, select = job()
        except GlossaryError as exc:
            self.post_message(WriteFailed(str(exc), retry))
            return
        self.post_message(Written(text, select))

    @on(Written)
    def written(self, message: Written) -> None:
        self.notify(message.text, severity=message.severity)  # type: ignore[arg-type]
        self.select_after = message.select
        self.refresh_all()

    @on(WriteFailed)
    def write_failed(self, message: WriteFailed) -> None:
        if message.retry is not None:
            message.retry(message.error)
        else:
            self.notify(message.error, severity="error", timeout=8)

    @on(Failed)
    def failed(self, message: Failed) -> None:
        self.terms_painted.set()
        self.start_warm()
        self.notify(message.error, severity="error", timeout=8)

    def highlighted_entry(self) -> ResultRow | None:
        row = self.query_one("#results", ResultsTable).highlighted
        if row is None:
            self.notify("No entry is highlighted.", severity="warning")
        return row

    def action_add_entry(self) -> None:
        self.open_add(new_entry_values(self.search_text))

    def open_add(self, values: dict[str, str], error: str | None = None) -> None:
        self.app.push_screen(EntryForm("Add entry", values, error), self.add_done)

    def add_done(self, values: dict[str, str] | None) -> None:
        if values is None:
            return

        def job() -> tuple[str, str | None]:
            twin = same_entry(self.glossary, values)
            if twin is not None:
                raise GlossaryError(f"#{twin.id} is already {twin.zh} — {twin.en}"
                                    f"{' in ' + twin.domain if twin.domain else ''}; "
                                    "edit it (f2) instead, or give another domain.")
            concept = self.glossary.add_entry(values["zh"], values["en"],
                                              **add_arguments(values))  # type: ignore[arg-type]
            return f"Added #{concept.id} {concept.zh} — {concept.en}.", str(concept.id)

        self.run_write(job, retry=lambda error: self.open_add(values, error))

    def action_edit_entry(self) -> None:
        row = self.highlighted_entry()
        if row is not None:
            values = form_values(row.concept)
            self.open_edit(row.concept.id, values, values)

    def open_edit(self, entry_id: int, before: dict[str, str], values: dict[str, str],
                  error: str | None = None) -> None:
        def done(after: dict[str, str] | None) -> None:
            if after is not None:
                self.edit_done(entry_id, before, after)

        self.app.push_screen(EntryForm(f"Edit entry #{entry_id}", values, error), done)

    def edit_done(self, entry_id: int, before: dict[str, str], after: dict[str, str]) -> None:
        changes = changed_fields(before, after)
        if not changes:
            self.notify("Nothing changed.")
            return

        def job() -> tuple[str, str | None]:
            concept = self.glossary.edit_entry(entry_id, **changes)
            return f"Saved #{concept.id} {concept.zh} — {concept.en}.", str(concept.id)

        self.run_write(job, retry=lambda error: self.open_edit(entry_id, before, after, error))

    def action_delete_entry(self) -> None:
        row = self.highlighted_entry()
        if row is None:
            return
        concept = row.concept

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return

            def job() -> tuple[str, str | None]:
                self.glossary.delete_entry(concept.id)
                return f"Deleted #{concept.id} {concept.zh}. ctrl+z brings it back.", None

            self.run_write(job)

        question = (f"Delete entry #{concept.id}?\n\n{concept.zh}\n{concept.en}\n\n"
                    "ctrl+z undoes it.")
        self.app.push_screen(ConfirmScreen(question, "Delete"), done)

    def action_undo(self) -> None:
        def job() -> tuple[str, str | None]:
            done = self.glossary.undo()
            if done is None:
                return "Nothing to undo.", None
            return f"Undid {done['action']} of #{done['id']}.", str(done["id"])

        self.run_write(job)

    def action_add_tm_unit(self) -> None:
        self.open_add_tm({"source": self.search_text.strip(), "target": ""})

    def open_add_tm(self, values: dict[str, str], error: str | None = None) -> None:
        self.app.push_screen(TMUnitForm(values, error), self.add_tm_done)

    def add_tm_done(self, values: dict[str, str] | None) -> None:
        if values is None:
            return

        def job() -> tuple[str, str | None]:
            unit = self.glossary.add_tm_unit(values["source"], values["target"],
                                             values["source_lang"], values["target_lang"])
            return f"Added TM unit #{unit.id}.", None

        self.run_write(job, retry=lambda error: self.open_add_tm(values, error))

    def action_import_file(self) -> None:
        def done(changed: bool | None) -> None:
            if changed:
                self.refresh_all()

        self.app.push_screen(ImportScreen(self.glossary, self.imports), done)

    def action_export_file(self) -> None:
        self.app.push_screen(ExportScreen(self.glossary))

    def action_recognize(self) -> None:
        text = self.search_text.strip()
        self.app.push_screen(RecognizeScreen(self.glossary, text))

    def action_qa_check(self) -> None:
        screen = QAScreen(self.glossary, self.qa_path, self.qa_domain)

        def done(concept_id: int | None) -> None:
            self.qa_path = screen.last_path
            self.qa_domain = screen.last_domain
            if concept_id is not None:
                self.show_entry(concept_id)

        self.app.push_screen(screen, done)

    @work(thread=True, group="show-entry")
    def show_entry(self, concept_id: int) -> None:
        try:
            concept = self.glossary.get_entry(concept_id)
        except GlossaryError as exc:
            self.post_message(Failed(str(exc)))
            return
        self.post_message(EntryWanted(concept.zh, str(concept.id)))

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

    # keys ------------------------------------------------------------------------------

    def action_toggle_concordance(self) -> None:
        self.concordance = not self.concordance
        self.set_memory_title(0)
        self.request_memory(self.search_text)

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
