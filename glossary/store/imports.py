"""The import log: one row per file imported or attempted, keyed by its content hash.

A file whose content was imported before is not imported again (the importer asks
`done` first). A failed attempt leaves no row: it changes nothing in the database, and
its error is in the report the user sees.
"""

from __future__ import annotations

import json

from glossary.models import ImportReport, now
from glossary.store.base import Backend


class ImportLog:
    """Rows of the imports table."""

    def __init__(self, backend: Backend):
        self.backend = backend

    def done(self, digest: str) -> tuple[str, str] | None:
        """(kind, format) of an earlier successful import of this content, if any."""
        row = self.backend.one(
            "SELECT kind, format FROM imports WHERE sha256 = ? AND ok = 1 LIMIT 1", (digest,))
        return (row[0], row[1]) if row else None

    def begin(self, path: str, digest: str, report: ImportReport) -> int:
        """The row of an import starting, inside its transaction; returns its id."""
        return self.backend.insert("imports", {
            "path": path, "sha256": digest, "format": report.format, "kind": report.kind,
            "ok": 1, "at": now()})

    def finish(self, import_id: int, report: ImportReport) -> None:
        """The report's counts and errors, once the file is stored."""
        self.backend.update("imports", import_id, {
            "kind": report.kind, "added": report.added, "merged": report.merged,
            "skipped": report.skipped, "rejected": report.rejected,
            "errors": json.dumps(report.errors, ensure_ascii=False) if report.errors else None,
        })
