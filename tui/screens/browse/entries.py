"""Browse the glossary: every entry, filtered by domain, status, where it came from,
a missing language, dates and text; edit, delete, or change many at once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Select

from glossary import Concept
from glossary.models import STATUSES
from glossary.store.browse import EntryFilter, Page
from glossary.text.display import visible

from ...widgets.entry_detail import TYPE_NAMES
from ..ask import ChooseScreen, PromptScreen
from ..search.changes import Changes
from ..search.messages import WriteFailed, Written
from .base import BrowseScreen, cell

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
COVERAGE = [("no English term", "en"), ("no Chinese term", "zh")]
DATE_KINDS = [("changed", "changed"), ("created", "created")]  # what the from/to dates bound


class EntryBrowser(BrowseScreen):
    SORTS = ("id", "changed", "created", "domain", "source")
    COLUMNS = ("id", "zh", "en", "domain", "status", "source", "changed")
    WIDTHS: ClassVar[dict[str, int]] = {"id": 5, "domain": 10, "status": 10, "source": 12,
                                        "changed": 10}
    NARROW_HIDDEN = ("source", "changed")
    WHAT = "entries"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,f2", "edit", "Edit"),
        Binding("t", "edit_terms", "Terms"),
        Binding("b", "bulk_status", "Status"),
        Binding("d", "bulk_domain", "Domain"),
        Binding("delete,f8", "delete", "Delete"),
    ]

    def __init__(self, glossary: Any) -> None:
        super().__init__(glossary)
        self.changes = Changes(glossary, self)

    def compose_filters(self) -> ComposeResult:
        with Horizontal(classes="browse-filters"):
            yield Input(placeholder="text in a term (/ to filter)", id="f-text", compact=True)
            yield Select([], prompt="any domain", id="f-domain", compact=True)
            yield Select([(s, s) for s in STATUSES], prompt="any status", id="f-status",
                         compact=True)
        with Horizontal(classes="browse-filters"):
            yield Select([], prompt="any source", id="f-source", compact=True)
            yield Select(COVERAGE, prompt="any languages", id="f-missing", compact=True)
            # one pair of date inputs and a choice of which date they bound: two pairs
            # would not fit beside the other filters at 80 columns
            yield Select(DATE_KINDS, value="changed", allow_blank=False, id="f-date",
                         compact=True)
            yield Input(placeholder="from YYYY-MM-DD", id="f-from", compact=True)
            yield Input(placeholder="to YYYY-MM-DD", id="f-to", compact=True)

    def on_mount(self) -> None:
        self.load_choices()

    @work(thread=True, group="choices")
    def load_choices(self) -> None:
        domains = self.glossary.domains()
        sources = self.glossary.sources()
        self.app.call_from_thread(self.set_choices, domains, sources)

    def set_choices(self, domains: list[tuple[str, int]], sources: list[tuple[str, int]]
                    ) -> None:
        self.query_one("#f-domain", Select).set_options(
            [(f"{visible(d) or '(no domain)'} ({n})", d) for d, n in domains])
        self.query_one("#f-source", Select).set_options(
            [(f"{visible(s)} ({n})", s) for s, n in sources])

    def current_filter(self) -> EntryFilter:
        def chosen(name: str) -> str | None:
            value = self.query_one(f"#{name}", Select).value
            return None if value is Select.NULL else str(value)

        dates = [self.query_one(f"#{n}", Input).value.strip() for n in ("f-from", "f-to")]
        start, end = (d if DATE.match(d) else None for d in dates)
        kind = chosen("f-date") or "changed"
        return EntryFilter(
            domain=chosen("f-domain"), status=chosen("f-status"), source=chosen("f-source"),
            missing=chosen("f-missing"), text=self.query_one("#f-text", Input).value,
            **{f"{kind}_from": start, f"{kind}_to": end})

    @on(Input.Changed)
    @on(Select.Changed)
    def filter_changed(self, event: Input.Changed | Select.Changed) -> None:
        if (isinstance(event, Input.Changed) and event.input.id in ("f-from", "f-to")
                and event.value.strip() and not DATE.match(event.value.strip())):
            return  # half a date: wait for the rest
        if (isinstance(event, Select.Changed) and event.select.id == "f-date"
                and not any(self.query_one(f"#{n}", Input).value.strip()
                            for n in ("f-from", "f-to"))):
            return  # which date no date bounds: the same list, not worth a recount
        self.filters_changed()

    def fetch(self, f: EntryFilter, **paging: Any) -> Page:
        return self.glossary.browse_entries(f, **paging)

    def count(self, f: EntryFilter) -> int:
        return self.glossary.count_entries(f)

    def row_cells(self, record: Concept) -> Iterable[Text | str]:
        return (str(record.id), cell(record.zh), cell(record.en), cell(record.domain),
                record.status, cell(record.source), record.changed[:10])

    def detail(self, record: Concept) -> Group:
        lines = [Text.assemble((visible(record.zh), "bold"), "\n", (visible(record.en), "bold")),
                 Text(f"#{record.id} · {visible(record.domain or 'no domain')} · from "
                      f"{visible(record.source)}", style="dim"),
                 Text(f"created {record.created} · changed {record.changed}", style="dim"),
                 Text("")]
        for term in record.terms:
            facts = " · ".join(p for p in (term.lang, TYPE_NAMES.get(term.type, term.type),
                                            term.pos) if p)
            lines.append(Text.assemble((f"{term.status:<10} ", "italic"),
                                       (visible(term.text), "bold"), "  ",
                                       (visible(facts), "dim")))
            if term.note:
                lines.append(Text("           " + visible(term.note), style="italic"))
        for title, body in (("Definition", record.definition), ("Note", record.note)):
            if body:
                lines += [Text(""), Text(title, style="bold underline"), Text(visible(body))]
        return Group(*lines)

    # changes ---------------------------------------------------------------------------

    def action_edit(self) -> None:
        if (record := self.highlighted()) is not None:
            self.changes.edit_entry(record)

    def action_edit_terms(self) -> None:
        if (record := self.highlighted()) is not None:
            self.changes.edit_terms(record)

    @on(Written)
    def entry_written(self, message: Written) -> None:
        self.written(message.text)

    @on(WriteFailed)
    def entry_failed(self, message: WriteFailed) -> None:
        if message.retry is not None:
            message.retry(message.error)
        else:
            self.notify(message.error, severity="error", timeout=8)

    def action_delete(self) -> None:
        self.confirm_delete(self.glossary.delete_entries, ("entry", "entries"),
                            "Deleted {result} entries. History (or ctrl+z) brings them back.")

    def action_bulk_status(self) -> None:
        ids = self.chosen_ids()
        if not ids:
            return

        def done(status: str | None) -> None:
            if status:
                self.run_write(partial(self.glossary.edit_entries, ids, status=status),
                               f"Every term of {{result}} entries is now {status}.")

        # status belongs to a term, not an entry: say that all of them change, the
        # Chinese ones too, so nobody expects only the English term to be deprecated
        what = (f"the {len(ids)} selected entr{'y' if len(ids) == 1 else 'ies'}"
                if self.marked else "the highlighted entry")
        self.app.push_screen(ChooseScreen(
            f"Set the status of every term of {what}: Chinese and English terms, "
            "abbreviations and variants alike.",
            list(STATUSES)), done)

    def action_bulk_domain(self) -> None:
        ids = self.chosen_ids()
        if not ids:
            return

        def done(domain: str | None) -> None:
            if domain is not None:
                self.run_write(partial(self.glossary.edit_entries, ids, domain=domain),
                               f"Domain {domain or '(none)'} set on {{result}} entries.")

        self.app.push_screen(PromptScreen(
            f"Domain for {len(ids)} entr{'y' if len(ids) == 1 else 'ies'}",
            hint="e.g. law; empty clears it"), done)
