"""Where one import's records go: units in bulk, entries merged, dictionaries in bulk.

The importer hands over every record the reader yields; the sink stores it, counts
it into the report (added, merged, skipped, rejected), and decides what a bad record
means: the end of the import, or with --lenient a line in the report's errors.
"""

from __future__ import annotations

from glossary.errors import GlossaryError, InputFileError
from glossary.formats import Entry, Item, Skipped, Source, Unit
from glossary.models import REFERENCE_SOURCES, ImportReport
from glossary.store import reference
from glossary.store.base import Backend
from glossary.store.loaders import EntryLoader, UnitLoader
from glossary.store.termbase import Termbase

MAX_LISTED = 1000  # rejected units named in the report; the count is always complete


class Sink:
    """Where one import's records go; counts them into the report."""

    def __init__(self, store: Backend, termbase: Termbase, source: Source, report: ImportReport,
                 import_id: int | None, lenient: bool):
        self.store, self.report, self.lenient = store, report, lenient
        self.path = str(source.path)
        self.units = UnitLoader(store, report, import_id)
        self.entries = EntryLoader(store, termbase, report, source.path.name)
        self.reference: reference.ReferenceLoader | None = None

    def take(self, item: Item | tuple[str, tuple]) -> None:
        """Store one record: an Item, or a unit as (place, WIRE values) from a reading
        process."""
        report = self.report
        try:
            if isinstance(item, tuple):
                report.kind = "tm"
                self.units.add_values(item[1])
            elif isinstance(item, Unit):
                report.kind = "tm"
                self.units.add(item.data)
            elif isinstance(item, Entry):
                report.kind = "terms"
                if item.concept.get("source") in REFERENCE_SOURCES:
                    self.reference = self.reference or reference.ReferenceLoader(self.store, report)
                    self.reference.add(item)
                else:
                    self.entries.add(item)
            elif isinstance(item, Skipped):
                report.skipped += 1
            else:
                raise GlossaryError(item.problem)
        except InputFileError:
            raise
        except GlossaryError as exc:
            place = item[0] if isinstance(item, tuple) else item.place
            if not self.lenient:
                raise InputFileError(self.path, place, str(exc)) from exc
            report.rejected += 1
            if len(report.errors) < MAX_LISTED:
                report.errors.append(f"{place}: {exc}")

    def flush(self) -> None:
        self.units.flush()
        if self.reference is not None:
            self.reference.flush()
