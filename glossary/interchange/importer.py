"""Importing files into the termbase and memory: all of a file or none of it, one record each.

The format is told from the content (formats/registry.py); a reader turns the file
into records, and the loaders store them. A TM file is read into a staging database
first and moved in a chunk at a time, hidden from readers until it is all in, so other
writers wait a fraction of a second for it rather than the whole import (see
store/staging.py); term files, small and merged entry by entry, go in one transaction.
A file's content hash is recorded, so
importing the same content again is a no-op that says so. A file that fails leaves
the database exactly as before, and the error names the file, the line or unit, and
what is wrong; with `lenient`, the good units are kept and the bad ones listed.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from contextlib import nullcontext, suppress
from pathlib import Path

from glossary.errors import GlossaryError, InputFileError
from glossary.formats import ReadOptions, Source, background, cedict
from glossary.formats.registry import HEAD_BYTES, KINDS, READERS, resolve
from glossary.formats.terms import STATUS_WORDS, status_of
from glossary.models import REFERENCE_SOURCES, ImportReport
from glossary.store import reference
from glossary.store.base import Backend
from glossary.store.imports import ImportLog
from glossary.store.memory import Memory
from glossary.store.sink import Sink
from glossary.store.sqlite import SQLiteBackend
from glossary.store.staging import Staging, StopMoving, can_stage
from glossary.store.termbase import Termbase
from glossary.store.waiting import alive, wait_for_lock

__all__ = ["REFERENCE_SOURCES", "STATUS_WORDS", "ImportCancelled", "Importer", "status_of"]

INBOX_SUFFIXES = {".csv", ".tsv", ".tab", ".txt", ".utf8",  # .txt/.utf8: OmegaT glossaries
                  ".tmx", ".tbx", ".po", ".pot", ".xlf", ".xliff", ".u8"}
Progress = Callable[[int, int, int], None]  # (units done, bytes read, bytes in the file)
Cancel = Callable[[], bool] | threading.Event
PROGRESS_EVERY = 2000  # units between progress calls and cancel checks
BACKGROUND_FORMATS = {"tmx", "xliff", "tbx"}  # streamed formats, worth a reading process
MAX_LISTED = 1000  # rejected units named in the report; the count is always complete
BIG_FILE = 8 << 20  # bytes; a file this large is stored with the store's bulk tuning


class ImportCancelled(GlossaryError):
    """The user stopped the import; the transaction was rolled back."""


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Importer:
    def __init__(self, store: Backend, termbase: Termbase, memory: Memory):
        self.store = store
        self.termbase = termbase
        self.memory = memory
        self.log = ImportLog(store)

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
        done = self.log.done(digest)
        if done:
            return ImportReport(str(path), done[1], done[0], already_imported=True)
        report = ImportReport(str(path), fmt, KINDS[fmt])
        opts = ReadOptions(source_lang, target_lang, fuzzy, path.name)
        source = Source(path, path.stat().st_size)
        try:
            if KINDS[fmt] == "tm" and can_stage(self.store):
                return self._staged(self.store, source, digest, opts, report, lenient,
                                    progress, cancel)
            big = source.size >= BIG_FILE
            with (self.store.transaction(),
                  self.store.announced(f"an import of {path.name}"),
                  self.store.bulk_writes() if big else nullcontext()):
                done = self.log.done(digest)  # imported by another process meanwhile
                if done:
                    return ImportReport(str(path), done[1], done[0], already_imported=True)
                import_id = self.log.begin(str(path), digest, report)
                self._load(source, opts, import_id, report, lenient, progress, cancel)
                self.log.finish(import_id, report)
        finally:
            source.close()
        return report

    def _staged(self, store: SQLiteBackend, source: Source, digest: str, opts: ReadOptions,
                report: ImportReport, lenient: bool, progress: Progress | None,
                cancel: Cancel | None) -> ImportReport:
        """A TM file read into a staging database without the write lock, then moved in
        a chunk at a time, hidden until the last chunk is in (store/staging.py)."""
        import_id = self._claim(store, source.path, digest, report)
        if import_id is None:
            done = self.log.done(digest) or (report.kind, report.format)
            return ImportReport(str(source.path), done[1], done[0], already_imported=True)
        stopped = cancel.is_set if isinstance(cancel, threading.Event) else cancel
        try:
            with (store.announced(f"an import of {source.path.name}"),
                  Staging(store) as staging):
                report.added = self._read_and_move(staging, import_id, source, opts, report,
                                                   lenient, progress, stopped)
                with self.store.transaction():
                    self.log.finish(import_id, report)
        except BaseException:
            with suppress(Exception):  # hidden all along; the next import clears what is left
                self.log.forget(import_id)
            raise
        return report

    def _read_and_move(self, staging: Staging, import_id: int, source: Source,
                       opts: ReadOptions, report: ImportReport, lenient: bool,
                       progress: Progress | None, stopped: Callable[[], bool] | None) -> int:
        """Read the file into staging on this thread while another moves each staged
        chunk into the memory; returns the units new to the memory. A failure on
        either side stops the other."""
        loading, abort = threading.Event(), threading.Event()
        loading.set()
        outcome: dict[str, object] = {}

        def halted() -> bool:
            return abort.is_set() or (stopped is not None and stopped())

        def move() -> None:
            try:
                outcome["added"] = staging.move_in(import_id, None, halted, loading)
            except BaseException as exc:  # handed to the reading thread, which raises it
                outcome["error"] = exc
                abort.set()

        mover = threading.Thread(target=move, name="glossary-move-in", daemon=True)
        mover.start()
        try:
            # the import's id is set as the units are moved in
            self._load(source, opts, None, report, lenient, progress, halted,
                       store=staging.backend)
        except BaseException:
            abort.set()
            if "error" not in outcome:
                raise
        finally:
            loading.clear()
            mover.join()
        error = outcome.get("error")
        if isinstance(error, StopMoving):
            raise ImportCancelled(f"{source.path}: import cancelled, nothing was changed")
        if isinstance(error, BaseException):
            raise error
        added = int(outcome["added"])  # type: ignore[call-overload]
        report.skipped += report.added - added
        return added

    def _claim(self, store: SQLiteBackend, path: Path, digest: str, report: ImportReport
               ) -> int | None:
        """Register this import as pending once no other is moving units in (imports go
        one at a time, a later one waiting as every write does); None if the same content
        was imported meanwhile. What killed imports left is removed first."""
        claimed: list[int | None] = []
        dead: list[int] = []

        def another_running() -> bool:
            return any(pid and pid != os.getpid() and alive(pid)
                       for _, pid, _ in self.log.pending())

        def try_claim() -> bool:
            if another_running():  # asked with a read: polling never takes the write lock
                return False
            with self.store.transaction():
                if self.log.done(digest):
                    claimed.append(None)
                    return True
                if another_running():  # claimed between the read and the lock
                    return False
                running = self.log.pending()
                dead[:] = [i for i, _, _ in running]
                claimed.append(self.log.begin(str(path), digest, report, pending=True))
                return True

        wait_for_lock(try_claim, store.path, store.location, store.on_wait)
        for import_id in dead:
            self.log.forget(import_id)
        return claimed[-1]

    def _load(self, source: Source, opts: ReadOptions, import_id: int | None,
              report: ImportReport,
              lenient: bool, progress: Progress | None, cancel: Cancel | None,
              store: Backend | None = None) -> None:
        """Read the file into `store` (the memory, or an import's staging database)."""
        store = store or self.store
        termbase = self.termbase if store is self.store else Termbase(store)
        sink = Sink(store, termbase, source, report, import_id, lenient)
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
