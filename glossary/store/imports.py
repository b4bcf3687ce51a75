"""The import log: one row per file imported or attempted, keyed by its content hash.

A file whose content was imported before is not imported again (the importer asks
`done` first). A failed attempt leaves no row: it changes nothing in the database, and
its error is in the report the user sees.

A TM import moves its units in a chunk at a time (store/staging.py). Until it is done,
its row says ok = 0 and names the process doing it; readers see the memory through
tm_visible, which leaves those units out. A row left pending by a process that has gone
(killed, or the machine stopped) is removed with its units by the next import.

A successful import is one change in the history. It keeps no copy of what it added:
its units carry its id, and the entries and terms it added are the ids between the
highest before it and the highest after it (a term file's import holds the write lock
all along, so no other writer's rows fall in between; a staged TM import adds no
entries). That is what a rollback deletes.
"""

from __future__ import annotations

import json
import os

from glossary.models import ImportReport, now
from glossary.store.base import Backend
from glossary.store.history import History
from glossary.text.display import counted


class ImportLog:
    """Rows of the imports table."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self.history = History(backend)
        self._before: dict[int, tuple[int, int] | None] = {}  # import id -> top entry, term ids

    def _tops(self) -> tuple[int, int]:
        row = self.backend.one("SELECT (SELECT coalesce(max(id), 0) FROM concepts), "
                               "(SELECT coalesce(max(id), 0) FROM terms)")
        assert row is not None
        return int(row[0]), int(row[1])

    def done(self, digest: str) -> tuple[str, str] | None:
        """(kind, format) of an earlier successful import of this content, if any."""
        row = self.backend.one(
            "SELECT kind, format FROM imports WHERE sha256 = ? AND ok = 1 LIMIT 1", (digest,))
        return (row[0], row[1]) if row else None

    def begin(self, path: str, digest: str, report: ImportReport, pending: bool = False
              ) -> int:
        """The row of an import starting; returns its id. A pending one hides the units
        stored under it until `finish`, so it can commit them a chunk at a time; it adds
        no entries, and others' entries may land while it runs, so it claims no range of
        entry ids for a rollback."""
        import_id = self.backend.insert("imports", {
            "path": path, "sha256": digest, "format": report.format, "kind": report.kind,
            "ok": 0 if pending else 1, "pid": os.getpid() if pending else None, "at": now()})
        self._before[import_id] = None if pending else self._tops()
        return import_id

    def finish(self, import_id: int, report: ImportReport) -> None:
        """The report's counts and errors, once the file is stored."""
        self.backend.update("imports", import_id, {
            "kind": report.kind, "added": report.added, "merged": report.merged,
            "skipped": report.skipped, "rejected": report.rejected,
            "errors": json.dumps(report.errors, ensure_ascii=False) if report.errors else None,
            "ok": 1, "pid": None,
        })
        before = self._before.pop(import_id, (0, 0))
        if before is None:  # a staged TM import: no entries of its own
            (entries, terms), (top_entry, top_term) = (0, 0), (0, 0)
        else:
            entries, terms = before
            top_entry, top_term = self._tops()
        name = path_name(report.path)
        what = (counted(report.added, "TM unit") if report.kind == "tm"
                else counted(report.added, "entry", "entries"))
        self.history.record(
            "import", "import", import_id,
            f"import #{import_id} of {name} ({report.format}): {what} added"
            + (f", {report.merged} merged" if report.merged else ""),
            detail={"path": report.path, "format": report.format, "kind": report.kind,
                    "added": report.added, "merged": report.merged,
                    "first_entry": entries + 1, "last_entry": top_entry,
                    "first_term": terms + 1, "last_term": top_term})


    def pending(self) -> list[tuple[int, int | None, str]]:
        """(id, pid, path) of the imports still moving their units in, or left half-way."""
        return [(r[0], r[1], r[2]) for r in self.backend.rows(
            "SELECT id, pid, path FROM imports WHERE ok = 0 ORDER BY id")]

    def forget(self, import_id: int, chunk: int = 20_000) -> int:
        """Remove a pending import's units, a chunk per transaction so other writers get
        in between, then its row; returns how many units went. Its units are hidden all
        along, so stopping half-way shows nothing and the next call goes on."""
        removed = 0
        while True:
            with self.backend.transaction():
                gone = self.backend.execute(
                    "DELETE FROM tm_units WHERE id IN (SELECT id FROM tm_units "
                    "WHERE import_id = ? LIMIT ?)", (import_id, chunk))
                if not gone:
                    self.backend.execute("DELETE FROM imports WHERE id = ? AND ok = 0",
                                         (import_id,))
            removed += gone
            if not gone:
                return removed


def path_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
