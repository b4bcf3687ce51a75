"""The import log: one row per file imported or attempted, keyed by its content hash.

A file whose content was imported before is not imported again (the importer asks
`done` first). A failed attempt leaves no row: it changes nothing in the database, and
its error is in the report the user sees.

A successful import is one change in the history. It keeps no copy of what it added:
its units carry its id, and the entries and terms it added are the ids between the
highest before it and the highest after it (the import holds the write lock all
along, so no other writer's rows fall in between). That is what a rollback deletes.
"""

from __future__ import annotations

import json

from glossary.models import ImportReport, now
from glossary.store.base import Backend
from glossary.store.history import History


class ImportLog:
    """Rows of the imports table."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self.history = History(backend)
        self._before: dict[int, tuple[int, int]] = {}  # import id -> top entry, term ids

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

    def begin(self, path: str, digest: str, report: ImportReport) -> int:
        """The row of an import starting, inside its transaction; returns its id."""
        import_id = self.backend.insert("imports", {
            "path": path, "sha256": digest, "format": report.format, "kind": report.kind,
            "ok": 1, "at": now()})
        self._before[import_id] = self._tops()
        return import_id

    def finish(self, import_id: int, report: ImportReport) -> None:
        """The report's counts and errors, once the file is stored."""
        self.backend.update("imports", import_id, {
            "kind": report.kind, "added": report.added, "merged": report.merged,
            "skipped": report.skipped, "rejected": report.rejected,
            "errors": json.dumps(report.errors, ensure_ascii=False) if report.errors else None,
        })
        entries, terms = self._before.pop(import_id, (0, 0))
        top_entry, top_term = self._tops()
        name = path_name(report.path)
        what = "TM unit(s)" if report.kind == "tm" else "entr(y/ies)"
        self.history.record(
            "import", "import", import_id,
            f"import #{import_id} of {name} ({report.format}): {report.added} {what} added"
            + (f", {report.merged} merged" if report.merged else ""),
            detail={"path": report.path, "format": report.format, "kind": report.kind,
                    "added": report.added, "merged": report.merged,
                    "first_entry": entries + 1, "last_entry": top_entry,
                    "first_term": terms + 1, "last_term": top_term})


def path_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
