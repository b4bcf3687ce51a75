"""Browse the memory: every TM unit, filtered by import, language pair, date, text on
either side, or the match to the search on the main screen; edit a unit's target,
delete units, roll back an import, or find and replace in what is shown.

"Matching the search" is every unit matching the search screen's query (up to
MATCH_LIMIT, best first), not only the twenty the search screen lists: a fuzzy
search over a large memory takes a few hundred ms, so it runs in a worker once the
browser is open, and the list waits for it rather than flashing every unit first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, ClassVar

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select, Static

from glossary import Glossary, GlossaryError
from glossary.store.browse import Page, UnitFilter
from glossary.text.display import visible

from ...rows import MATCH_LIMIT, matching_unit_ids
from ..ask import PromptScreen
from ..confirm import ConfirmScreen
from ..replace import ReplaceScreen
from .base import BrowseFailed, BrowseScreen, cell
from .entries import DATE, DATE_KINDS

SIDES = [("source side", "source"), ("target side", "target")]
PAIRS = [("zh → en", "zh>en"), ("en → zh", "en>zh")]


class MatchesReady(Message):
    """The ids of the units matching the search's query, best first."""

    def __init__(self, ids: list[int]) -> None:
        super().__init__()
        self.ids = ids


class MemoryBrowser(BrowseScreen):
    SORTS = ("id", "changed", "import")
    COLUMNS = ("id", "source", "target", "import", "changed")
    WIDTHS: ClassVar[dict[str, int]] = {"id": 5, "import": 12, "changed": 10}
    NARROW_HIDDEN = ("changed",)
    WHAT = "TM units"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,f2", "edit", "Edit target"),
        Binding("delete,f8", "delete", "Delete"),
        Binding("x", "rollback", "Roll back import"),
        Binding("f", "replace", "Replace"),
    ]

    def __init__(self, glossary: Glossary, query: str = "", concordance: bool = False,
                 matches: Sequence[int] | None = None) -> None:
        """`query` is the search screen's, found again here as fuzzy matches or, with
        `concordance`, as the units containing it; `matches` gives the ids instead."""
        super().__init__(glossary)
        self.query_text = query.strip()
        self.concordance = concordance
        # None while they are being found (or with no query)
        self.matches = list(matches) if matches is not None else None
        self.import_names: dict[int, str] = {}

    def compose_filters(self) -> ComposeResult:
        with Horizontal(classes="browse-filters"):
            yield Input(placeholder="text (/ to filter)", id="f-text", compact=True)
            yield Select(SIDES, prompt="either side", id="f-side", compact=True)
            yield Select([], prompt="any import", id="f-import", compact=True)
        with Horizontal(classes="browse-filters"):
            yield Select(self.match_choice(), prompt="all units", id="f-match",
                         value="yes" if self.query_text else Select.NULL, compact=True)
            yield Select(PAIRS, prompt="any languages", id="f-pair", compact=True)
            yield Select(DATE_KINDS, value="changed", allow_blank=False, id="f-date",
                         compact=True)
            yield Input(placeholder="from YYYY-MM-DD", id="f-from", compact=True)
            yield Input(placeholder="to YYYY-MM-DD", id="f-to", compact=True)

    def on_mount(self) -> None:
        self.load_imports()
        if self.query_text and self.matches is None:
            self.find_matches()

    # matching the search ---------------------------------------------------------------

    def match_choice(self) -> list[tuple[Text, str]]:
        """The one choice besides "all units"; one line, cut, so that a long query does
        not push the filters down at 80 columns."""
        if not self.query_text:
            return []
        found = "finding…" if self.matches is None else f"{len(self.matches):,}"
        return [(Text(f"({found}) matching “{visible(self.query_text)}”", no_wrap=True,
                      overflow="ellipsis"), "yes")]

    def waiting_for_matches(self) -> bool:
        return (self.matches is None and bool(self.query_text)
                and self.query_one("#f-match", Select).value == "yes")

    @work(thread=True, exclusive=True, group="matches")
    def find_matches(self) -> None:
        try:
            ids = matching_unit_ids(self.glossary, self.query_text, self.concordance,
                                    limit=MATCH_LIMIT)
        except GlossaryError as exc:
            self.post_message(BrowseFailed(str(exc)))
            ids = []
        self.post_message(MatchesReady(ids))

    @on(MatchesReady)
    def matches_ready(self, message: MatchesReady) -> None:
        self.matches = message.ids
        choice = self.query_one("#f-match", Select)
        # narrowed to the matches only when there are some: a term typed in the search
        # often matches no whole unit, and an empty list looks like a loss
        narrowed = choice.value == "yes" and bool(self.matches)
        with choice.prevent(Select.Changed):
            choice.set_options(self.match_choice())
            choice.value = "yes" if narrowed else Select.NULL
        self.filters_changed()

    def reload(self, recount: bool = True, **anchor: Any) -> None:
        """As the base, but not before the units matching the search are known."""
        if self.waiting_for_matches():
            self.query_one("#browse-status", Static).update(
                Text(f"Finding the TM units that match “{visible(self.query_text)}”…"))
            return
        super().reload(recount, **anchor)

    def status_note(self) -> str:
        if self.matches is None or self.query_one("#f-match", Select).value != "yes":
            return ""
        best = (f"; only the best {MATCH_LIMIT:,} are listed"
                if len(self.matches) >= MATCH_LIMIT else "")
        kind = "contain" if self.concordance else "match"
        return f"{len(self.matches):,} {kind} “{visible(self.query_text)}”{best} · "

    @work(thread=True, group="choices")
    def load_imports(self) -> None:
        found = self.glossary.imports()
        self.app.call_from_thread(self.set_imports, found)

    def set_imports(self, found: list[dict]) -> None:
        self.import_names = {i["id"]: i["path"].replace("\\", "/").rsplit("/", 1)[-1]
                             for i in found}
        choice = self.query_one("#f-import", Select)
        chosen = choice.value
        choice.set_options([(f"#{i['id']} {visible(self.import_names[i['id']])} "
                             f"({i['units']} units)", i["id"]) for i in found])
        if chosen in self.import_names:
            choice.value = chosen
        self.show_page()  # the import column names the files now

    def current_filter(self) -> UnitFilter:
        def chosen(name: str) -> Any:
            value = self.query_one(f"#{name}", Select).value
            return None if value is Select.NULL else value

        pair = chosen("f-pair")
        source_lang, target_lang = pair.split(">") if pair else (None, None)
        dates = [self.query_one(f"#{n}", Input).value.strip() for n in ("f-from", "f-to")]
        start, end = (d if DATE.match(d) else None for d in dates)
        kind = chosen("f-date") or "changed"
        return UnitFilter(
            import_id=chosen("f-import"), source_lang=source_lang, target_lang=target_lang,
            text=self.query_one("#f-text", Input).value, side=chosen("f-side"),
            ids=self.matches if chosen("f-match") else None,
            **{f"{kind}_from": start, f"{kind}_to": end})

    @on(Input.Changed)
    @on(Select.Changed)
    def filter_changed(self, event: Input.Changed | Select.Changed) -> None:
        if (isinstance(event, Input.Changed) and event.input.id in ("f-from", "f-to")
                and event.value.strip() and not DATE.match(event.value.strip())):
            return
        if (isinstance(event, Select.Changed) and event.select.id == "f-date"
                and not any(self.query_one(f"#{n}", Input).value.strip()
                            for n in ("f-from", "f-to"))):
            return  # which date no date bounds: the same list
        self.filters_changed()

    def fetch(self, f: UnitFilter, **paging: Any) -> Page:
        return self.glossary.browse_units(f, **paging)

    def count(self, f: UnitFilter) -> int:
        return self.glossary.count_units(f)

    def row_cells(self, record: dict) -> Iterable[Text | str]:
        imported = record["import_id"]
        return (str(record["id"]), cell(record["source"]), cell(record["target"]),
                cell(self.import_names.get(imported, f"#{imported}") if imported else "by hand"),
                record["changed"][:10])

    def detail(self, record: dict) -> Group:
        imported = record["import_id"]
        origin = (f"import #{imported} {self.import_names.get(imported, '')}" if imported
                  else "added by hand")
        return Group(
            Text(f"TM unit #{record['id']} · {visible(origin)}", style="bold"),
            Text(f"created {record['created']} · changed {record['changed']}", style="dim"),
            Text(""), Text(visible(record["source_lang"]), style="bold underline"),
            Text(visible(record["source"])), Text(""),
            Text(visible(record["target_lang"]), style="bold underline"),
            Text(visible(record["target"])),
            *([Text(""), Text("context: " + visible(record["context"]), style="dim")]
              if record["context"] else []))

    # changes ---------------------------------------------------------------------------

    def action_edit(self) -> None:
        record = self.highlighted()
        if record is None:
            return
        unit_id = record["id"]

        def done(target: str | None) -> None:
            if target:
                self.run_write(partial(self.glossary.edit_tm_unit, unit_id, target=target,
                                       expected=record),
                               f"Saved TM unit #{unit_id}.")
            elif target == "":
                self.notify("The target cannot be empty.", severity="warning")

        self.app.push_screen(PromptScreen(
            f"Target of TM unit #{unit_id}\n{visible(record['source'])}",
            record["target"]), done)

    def action_delete(self) -> None:
        self.confirm_delete(self.glossary.delete_tm_units, ("TM unit", "TM units"),
                            "Deleted {result} TM units. History can undo it.")

    def action_rollback(self) -> None:
        """Roll back the import of the filter, else of the highlighted unit."""
        import_id = self.current_filter().import_id
        if import_id is None and (record := self.highlighted()) is not None:
            import_id = record["import_id"]
        if not import_id:
            self.notify("Pick an import in the filter, or highlight a unit that came from one.",
                        severity="warning")
            return
        name = visible(self.import_names.get(import_id, ""))

        def done(yes: bool | None) -> None:
            if yes:
                self.run_write(partial(self.glossary.rollback_import, import_id),
                               f"Rolled back import #{import_id}: {{result[summary]}}.")

        self.app.push_screen(ConfirmScreen(
            f"Roll back import #{import_id} {name}?\n\nEvery unit and entry it added is "
            "deleted, and the file can be imported again. History can undo it.",
            "Roll back"), done)

    def written(self, text: str) -> None:
        super().written(text)
        self.load_imports()

    def action_replace(self) -> None:
        ids = sorted(self.marked) if self.marked else None

        def done(changed: bool | None) -> None:
            if changed:
                self.reload(keep=True)

        self.app.push_screen(ReplaceScreen(self.glossary, ids), done)
