"""Importing files into the termbase and memory: one transaction and one record per file.

The format is told from the content (formats/registry.py); a reader turns the file
into records, and the loaders store them. A file's content hash is recorded, so
importing the same content again is a no-op that says so. A file that fails leaves
the database exactly as before, and the error names the file, the line or unit, and
what is wrong; with `lenient`, the good units are kept and the bad ones listed.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from glossary.errors import GlossaryError, InputFileError
from glossary.formats import ReadOptions, Source, background, cedict
from glossary.formats.registry import HEAD_BYTES, KINDS, READERS, resolve
from glossary.formats.terms import STATUS_WORDS, status_of
from glossary.models import REFERENCE_SOURCES, ImportReport, now
from glossary.store import reference
from glossary.store.memory import Memory
from glossary.store.sink import Sink
from glossary.store.sqlite import Store
from glossary.store.termbase import Termbase

__all__ = ["REFERENCE_SOURCES", "STATUS_WORDS", "ImportCancelled", "Importer", "status_of"]

INBOX_SUFFIXES = {".csv", ".tsv", ".tab", ".txt", ".utf8",  # .txt/.utf8: OmegaT glossaries
                  ".tmx", ".tbx", ".po", ".pot", ".xlf", ".xliff", ".u8"}
Progress = Callable[[int, int, int], None]  # (units done, bytes read, bytes in the file)
Cancel = Callable[[], bool] | threading.Event
PROGRESS_EVERY = 2000  # units between progress calls and cancel checks
BACKGROUND_FORMATS = {"tmx", "xliff", "tbx"}  # streamed formats, worth a reading process
MAX_LISTED = 1000  # rejected units named in the report; the count is always complete
BIG_FILE = 8 << 20  # bytes; a file this large gets a bigger page cache while it is stored
BULK_CACHE_KB = 64 * 1024  # the page cache while a big file is stored (peak RSS counts it)
REUSED_ID_TRIGGER = "tm_index_reused_id"  # schema.m_tm_fuzzy_index


@contextmanager
def _bulk_cache(store: Store, size: int) -> Iterator[None]:
    """A larger SQLite page cache while a big file is stored, the usual one after.

    Units arrive in fingerprint order, which is random: with the default 2 MB cache
    the unique index pages of a large memory are evicted and reread for every batch.
    """
    if size < BIG_FILE:
        yield
        return
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    store.conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB}")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA cache_size = {before}")


@contextmanager
def _trigger_paused(store: Store, size: int) -> Iterator[None]:
    """The index's reused-id trigger left out while a big file is stored, when it cannot fire.

    It marks a new unit whose id is already covered by an index segment, which happens
    only when the newest units were deleted (a new id is one more than the largest).
    Run for each of a million rows it costs 2-3 s; dropped and created again inside
    the import's transaction, a failed import rolls back to the trigger as it was.
    """
    conn = store.conn
    found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                         (REUSED_ID_TRIGGER,)).fetchone()
    covered = conn.execute("SELECT coalesce(max(last_unit), 0) FROM tm_index_segments"
                           ).fetchone()[0]
    top = conn.execute("SELECT coalesce(max(id), 0) FROM tm_units").fetchone()[0]
    if size < BIG_FILE or found is None or top < covered:
        yield
        return
    conn.execute(f"DROP TRIGGER {REUSED_ID_TRIGGER}")
    try:
        yield
    finally:  # unless a failure has already rolled the drop back
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                        (REUSED_ID_TRIGGER,)).fetchone() is None:
            conn.execute(found[0])


class ImportCancelled(GlossaryError):
    """The user stopped the import; the transaction was rolled back."""


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Importer:
    def __init__(self, store: Store, termbase: Termbase, memory: Memory):
        self.store = store
        self.termbase = termbase
        self.memory = memory

    def import_path(self, path: str | Path, *, format: str | None = None,  # noqa: A002
                    source_lang: str | None = None, target_lang: str | None = None,
                    lenient: bool = False, fuzzy: bool = False,
                    progress: Progress | None = None,
                    cancel: Cancel | None = None) -> ImportReport:
        """Import one file; see the module docstring. `cancel` is polled while importing."""
        path = Path(path)
        try:
            digest = file_digest(path)
            with path.open("rb") as stream:
                head = stream.read(HEAD_BYTES)
        except OSError as exc:
            raise InputFileError(str(path), None, f"cannot read the file ({exc.strerror})") from exc
        fmt = resolve(format, path, head)
        done = self.store.query(
            "SELECT kind, format FROM imports WHERE sha256 = ? AND ok = 1 LIMIT 1", (digest,)
        )
        if done:
            return ImportReport(str(path), done[0]["format"], done[0]["kind"],
                                already_imported=True)
        report = ImportReport(str(path), fmt, KINDS[fmt])
        opts = ReadOptions(source_lang, target_lang, fuzzy, path.name)
        source = Source(path, path.stat().st_size)
        try:
            with (self.store.transaction() as db, _bulk_cache(self.store, source.size),
                  _trigger_paused(self.store, source.size)):
                import_id = db["imports"].insert(
                    {"path": str(path), "sha256": digest, "format": fmt, "kind": report.kind,
                     "ok": 1, "at": now()}
                ).last_pk
                self._load(source, opts, import_id, report, lenient, progress, cancel)
                db["imports"].update(import_id, {
                    "kind": report.kind, "added": report.added, "merged": report.merged,
                    "skipped": report.skipped, "rejected": report.rejected,
                    "errors": json.dumps(report.errors, ensure_ascii=False)
                    if report.errors else None,
                })
        except ImportCancelled:
            raise
        except GlossaryError as exc:
            self._record_failure(path, digest, report, str(exc))
            raise
        finally:
            source.close()
        return report

    def _load(self, source: Source, opts: ReadOptions, import_id: int, report: ImportReport,
              lenient: bool, progress: Progress | None, cancel: Cancel | None) -> None:
        sink = Sink(self.store, self.termbase, source, report, import_id, lenient)
        stopped = cancel.is_set if isinstance(cancel, threading.Event) else cancel
        if source.size >= background.MIN_BYTES and report.format in BACKGROUND_FORMATS:
            items = background.read_in_background(report.format, source, opts)
        else:
            items = iter(READERS[report.format](source, opts))
        count = 0
        try:
            for count, item in enumerate(items, start=1):  # noqa: B007 - count is used below
                if count % PROGRESS_EVERY == 0:
                    if stopped is not None and stopped():
                        raise ImportCancelled(
                            f"{source.path}: import cancelled, nothing was changed")
                    if progress is not None:
                        progress(count, source.bytes_read, source.size)
                sink.take(item)
        finally:
            if hasattr(items, "close"):
                items.close()  # stops a reading process at once on failure or cancel
        sink.flush()
        if progress is not None:
            progress(count, source.size, source.size)

    def _record_failure(self, path: Path, digest: str, report: ImportReport, error: str) -> None:
        with self.store.transaction() as db:
            db["imports"].insert(
                {"path": str(path), "sha256": digest, "format": report.format,
                 "kind": report.kind, "ok": 0, "errors": json.dumps([error]), "at": now()}
            )

    @staticmethod
    def inbox_files(folder: str | Path) -> list[Path]:
        """The importable files of a folder, by name; hidden files and READMEs left out."""
        folder = Path(folder)
        if not folder.is_dir():
            raise GlossaryError(f"{folder}: no such folder to import from")
        return sorted(p for p in folder.iterdir()
                      if p.is_file() and p.suffix.lower() in INBOX_SUFFIXES
                      and not p.name.startswith(".") and p.stem.lower() != "readme")

    def remove_source(self, source: str = cedict.SOURCE) -> int:
        """Delete every entry from one source (a reference dictionary); returns how many."""
        return reference.remove(self.store, source)
