"""The one object callers use: `glossary.open(path_or_url)` returns a Glossary.

The CLI and the TUI are thin layers over this class; neither holds SQL, and neither
does this module: it opens a storage backend (glossary.store.open_store picks it from
the connection string) and hands it to the repositories and searches. Each method is
safe to call from a worker thread (the backend serialises access).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from glossary.errors import GlossaryError
from glossary.interchange.exporter import Exporter, ExportReport
from glossary.interchange.importer import Importer
from glossary.models import Concept, ImportReport, LookupHit, TMUnit, check_status, make_terms
from glossary.store import open_store, stats
from glossary.store.browse import Browser, EntryFilter, Page, UnitFilter
from glossary.store.history import Change, History
from glossary.store.memory import Memory
from glossary.store.termbase import Termbase
from glossary.store.undo import Undo
from glossary.store.unit_edits import ReplacePlan, UnitEdits
from glossary.terms.lookup import Lookup
from glossary.terms.recognize import Recognized, Recognizer
from glossary.text.normalize import chinese_script, to_script
from glossary.tm.concordance import Concordance, ConcordanceHit
from glossary.tm.grams import OTHER
from glossary.tm.index import TMIndex
from glossary.tm.pretranslate import PretranslateReport, pretranslate
from glossary.tm.search import TMMatch, TMSearch

PRETRANSLATE_MIN_SCORE = 75


class Glossary:
    def __init__(self, path: str | Path, on_wait: Callable[[str], None] | None = None):
        """`path`: a SQLite file's path, or a connection string (sqlite:///file.db).
        `on_wait` is told once when a write has to wait for another process ("waiting
        for an import of big.tmx to finish…"); the write then goes on by itself."""
        self.store = open_store(path)
        self.store.on_wait = on_wait
        self.path = self.store.path or Path(self.store.location)
        self.termbase = Termbase(self.store)
        self.memory = Memory(self.store)
        self.history = History(self.store)
        self.units = UnitEdits(self.store, self.history)
        self._undo = Undo(self.store, self.termbase, self.history, self.units)
        self._browser = Browser(self.store)
        self._lookup = Lookup(self.store, self.termbase)
        self._importer = Importer(self.store, self.termbase, self.memory)
        self._recognizer = Recognizer(self.store, self.termbase)
        self._tm_index = TMIndex(self.store)
        self._tm = TMSearch(self.store, self._tm_index)
        self._concordance = Concordance(self.store, self._tm_index)
        self._exporter = Exporter(self.store)

    @property
    def is_new(self) -> bool:
        """True when this open created the database file (the first run)."""
        return self.store.created

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Glossary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # entries -------------------------------------------------------------------------

    def add_entry(
        self,
        zh: str,
        en: str,
        *,
        domain: str | None = None,
        pos: str | None = None,
        status: str = "preferred",
        abbr: str | None = None,
        definition: str | None = None,
        note: str | None = None,
    ) -> Concept:
        terms = make_terms(zh, en, status=check_status(status), pos=pos, abbr=abbr)
        cid = self.termbase.insert(
            {"domain": domain, "definition": definition, "note": note}, terms
        )
        return self.termbase.get(cid)

    def entries(self, limit: int = 200, offset: int = 0) -> list[Concept]:
        """Entries in the order they were added, for browsing with an empty query."""
        return self.termbase.get_many(self.termbase.ids(limit, offset))

    def get_entry(self, concept_id: int) -> Concept:
        return self.termbase.get(concept_id)

    def get_entries(self, ids: list[int]) -> list[Concept]:
        """Several entries in one read; ids not found are left out."""
        return self.termbase.get_many(ids)

    def edit_entry(self, concept_id: int, *, expected: Concept | None = None,
                   **changes: str | None) -> Concept:
        """Change an entry's fields; zh/en/abbr give its main terms new text (see
        Termbase.edit). Only the keys given change; '' clears an optional field.
        `expected`, the entry as a form showed it, refuses the edit (StaleError) when
        someone changed the entry since; one-shot edits (the CLI) need none."""
        return self.termbase.edit(concept_id, expected=expected, **changes)

    def delete_entry(self, concept_id: int, *, expected: Concept | None = None) -> Concept:
        return self.termbase.delete(concept_id, expected=expected)

    def save_entry(self, concept: Concept, *, expected: Concept | None = None) -> Concept:
        """Write an entry term by term as a form left it (each term's status, type, part
        of speech, note; terms added or removed), as one change; with `expected` (the
        entry as the form loaded it) refused when someone changed it since."""
        return self.termbase.save(concept, expected=expected)

    def edit_entries(self, ids: list[int], *, status: str | None = None,
                     domain: str | None = None) -> int:
        """Set the status of all their terms and/or the domain of many entries, as one
        change; returns how many changed."""
        return self.termbase.bulk_edit(ids, status=status, domain=domain)

    def delete_entries(self, ids: list[int]) -> int:
        return self.termbase.bulk_delete(ids)

    def browse_entries(self, filter: EntryFilter | None = None,  # noqa: A002
                       **paging: Any) -> Page:
        """A page of entries (Page.rows) under a filter; paging: sort, descending,
        after/before (a Page's end/start), limit, count (False leaves Page.total None,
        for a caller that counts apart with count_entries)."""
        page = self._browser.entries(filter or EntryFilter(), **paging)
        page.rows = self.termbase.get_many(page.ids)
        return page

    def count_entries(self, filter: EntryFilter | None = None) -> int:  # noqa: A002
        return self._browser.count_entries(filter or EntryFilter())

    def domains(self) -> list[tuple[str, int]]:
        return self._browser.domains()

    def sources(self) -> list[tuple[str, int]]:
        """Where entries came from ('user', 'cedict', a file's name) and how many."""
        return self._browser.sources()

    # history -------------------------------------------------------------------------

    def history_changes(self, limit: int = 200, **filters: Any) -> list[Change]:
        """Changes newest first; filters: action, kind, text, author_name, before_id,
        object_id."""
        return self.history.changes(limit, **filters)

    def change(self, change_id: int) -> Change:
        """One change of the history (NotFoundError when there is none of that number)."""
        return self.history.get(change_id)

    def change_records(self, change_id: int) -> list[tuple[str, int, dict | None, dict | None]]:
        """What a change touched: (kind, id, before, after) per record."""
        return self.history.rows(change_id)

    def why_not_undoable(self, change_id: int) -> str | None:
        return self.history.blocker(self.history.get(change_id))

    def undo(self, change_id: int | None = None) -> dict | None:
        """Undo one change, the latest by default; refused (GlossaryError, saying which
        later change stands in the way) when later changes touched the same records."""
        return self._undo.undo(change_id)

    # translation memory --------------------------------------------------------------

    def add_tm_unit(
        self, source: str, target: str, source_lang: str, target_lang: str, **extra: str
    ) -> TMUnit:
        return self.units.add(source, target, source_lang, target_lang, **extra)

    def get_tm_unit(self, unit_id: int) -> dict:
        return self.units.unit(unit_id)

    def edit_tm_unit(self, unit_id: int, *, target: str | None = None,
                     source: str | None = None, expected: dict | None = None) -> dict:
        """New text for a unit; `expected`, the unit as a form showed it, refuses the
        edit (StaleError) when someone changed the unit since."""
        return self.units.edit(unit_id, target=target, source=source, expected=expected)

    def delete_tm_units(self, ids: list[int]) -> int:
        return self.units.delete(ids)

    def browse_units(self, filter: UnitFilter | None = None,  # noqa: A002
                     **paging: Any) -> Page:
        """A page of TM units (Page.rows, dicts) under a filter; paging as browse_entries."""
        page = self._browser.units(filter or UnitFilter(), **paging)
        page.rows = self._browser.unit_rows(page.ids)
        return page

    def count_units(self, filter: UnitFilter | None = None) -> int:  # noqa: A002
        return self._browser.count_units(filter or UnitFilter())

    def imports(self) -> list[dict]:
        return self._browser.imports()

    def plan_replace(self, find: str, replace: str, **options: Any) -> ReplacePlan:
        """Every change a find-and-replace would make, nothing written; options: side
        (source|target), regex, ignore_case, ids, cancel."""
        return self.units.plan(find, replace, **options)

    def apply_replace(self, plan: ReplacePlan) -> tuple[int, list[str]]:
        """Write a planned replace as one undoable change: (units changed, skipped)."""
        return self.units.apply(plan)

    def rollback_import(self, import_id: int) -> dict:
        """Delete everything an import added, as one undoable change."""
        return self._undo.rollback(import_id)

    # search --------------------------------------------------------------------------

    def lookup(self, query: str, limit: int = 20,
               include_reference: bool = True) -> list[LookupHit]:
        return self._lookup.lookup(query, limit, include_reference)

    def tm_search(self, query: str, min_score: int = 50, limit: int = 10,
                  cancel: Callable[[], bool] | None = None) -> list[TMMatch]:
        """Closest TM units to a sentence, in either language, best first; a long scan
        asks `cancel` now and then and raises SearchCancelled when it says stop."""
        return self._tm.search(query, min_score=min_score, limit=limit, cancel=cancel)

    def concordance(self, text: str, limit: int = 50) -> list[ConcordanceHit]:
        """TM units containing the text on either side, with the spans where it occurs."""
        return self._concordance.search(text, limit=limit)

    def recognize(self, text: str) -> list[Recognized]:
        """Every glossary term in a text, longest-leftmost, with spans in that text."""
        return self._recognizer.recognize(text)

    def pretranslate(
        self, src: str | Path, out: str | Path, min_score: int = PRETRANSLATE_MIN_SCORE
    ) -> PretranslateReport:
        """Fill a PO/XLIFF file's empty units from the best TM match at or above min_score."""

        def best(text: str, target_lang: str) -> tuple[str, float] | None:
            """The best match in the file's language; for Chinese, one in the file's
            script wins a tie, and one in the other script is converted and kept for
            review (at most 99), since OpenCC cannot know every regional word."""
            want = target_lang.split("-")[0].lower()
            script = chinese_script(target_lang)
            found = [m for m in self._tm.search(text, min_score=min_score, limit=10)
                     if m.target_lang.split("-")[0].lower() == want]
            if not found:
                return None
            if script is None:
                return found[0].target, found[0].score
            top = max(found, key=lambda m: (m.score, chinese_script(m.target_lang) == script))
            if chinese_script(top.target_lang) == script:
                return top.target, top.score
            converted = to_script(top.target, script)
            return converted, min(top.score, 99) if converted != top.target else top.score

        return pretranslate(Path(src), Path(out), best)

    def qa(self, path: str | Path, domain: str | None = None, fmt: str | None = None,
           source_lang: str | None = None, target_lang: str | None = None):
        """Check a translated file against the glossary: missing, forbidden, inconsistent terms."""
        from glossary.checks.qa import run_qa

        return run_qa(self, path, domain=domain, fmt=fmt, source_lang=source_lang,
                      target_lang=target_lang)

    def discover(self, path: str | Path, **options: Any):
        """Candidate entries the glossary lacks, from a bilingual file's recurring pairs."""
        from glossary.checks.discover import discover

        return discover(path, self, **options)

    def warm(self) -> None:
        """Build the in-memory search structures now, so the first keystroke does not wait."""
        self._lookup.warm()
        self._recognizer.warm()
        self._tm_index.refresh()
        for segment in self._tm_index.segments():  # the keys English TM searches scan
            self._tm_index.keys(segment, OTHER)
        self._concordance.warm()
        self._tm_index.preload()

    # imports -------------------------------------------------------------------------

    def import_path(self, path: str | Path, **options: Any) -> ImportReport:
        """Import one file (format detected, or options["format"]); one transaction.

        Options: format, source_lang, target_lang, lenient, fuzzy, progress(units,
        bytes_read, bytes_total), cancel (an Event or a callable; cancelling rolls back),
        indexing(units): called once the units are stored and the search index is being
        brought up to date (some 12 s for a million units), when cancelling no longer can.
        """
        indexing = options.pop("indexing", None)
        report = self._importer.import_path(path, **options)
        if report.kind == "tm" and report.added:
            if callable(indexing):
                indexing(report.added)
            # so the first search does not pay for the import; the units are committed
            # already, so a failure here must not report the import as failed (the next
            # search indexes them instead)
            with suppress(GlossaryError):
                self._tm_index.update()
        return report

    def inbox_files(self, folder: str | Path) -> list[Path]:
        return self._importer.inbox_files(folder)

    def import_inbox(self, folder: str | Path, **options: Any) -> list[ImportReport]:
        """Every file in the folder not imported before (by content), with the same options."""
        return [self.import_path(p, **options) for p in self._importer.inbox_files(folder)]

    def export(self, path: str | Path, **options: Any) -> ExportReport:
        """Write terms and/or TM units to TMX, PO, TBX or CSV, through a temporary file.

        Options: format, what (terms|tm|all), domain, include_reference, bom,
        source_lang, target_lang, progress(done, total).
        """
        return self._exporter.export(path, **options)

    def remove_source(self, source: str = "cedict") -> int:
        """Delete every entry that came from one reference source, e.g. CC-CEDICT."""
        return self._importer.remove_source(source)

    # figures -------------------------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes whenever another process commits a change; cheap enough
        to poll every second, so an open UI can show what others add."""
        return self.store.data_version()

    def verify(self, full: bool = False) -> list[str]:
        """The database file's own check (quick, or `full` with every index compared to
        its table): the problems found, [] when the file is sound."""
        return self.store.verify(full)

    def stats(self) -> dict:
        row: dict = stats.counts(self.store)
        row["database"] = self.store.location
        return row
