"""Waiting for the write lock: one rule for every write, and a note saying who holds it.

SQLite lets one connection write at a time. A write that finds the lock taken waits
instead of failing, tells the user once what it is waiting for ("an import of big.tmx"),
and gives up with a clear message after `GLOSSARY_WAIT` seconds (default 180). What it
waits for comes from a small note file beside the database (`memory.db-writer`) that a
long write (an import, an index build) leaves while it runs; a note whose process has
gone is ignored, so a killed import never makes others wait for nothing.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from glossary.errors import GlossaryError


class Busy(GlossaryError):
    """Another process holds the write lock, and this write was not to wait for it."""


DEFAULT_WAIT = 180.0  # seconds a write waits for another writer before giving up
POLL = 0.005  # seconds between tries: an import pauses 20 ms between its chunks
TELL_AFTER = 0.5  # seconds of waiting before the user is told what for

Notify = Callable[[str], None]


def wait_limit() -> float:
    """GLOSSARY_WAIT in seconds, else the default; a value that is not a number is an error
    rather than a silent default, so a typo does not change how long a script waits."""
    raw = os.environ.get("GLOSSARY_WAIT", "").strip()
    if not raw:
        return DEFAULT_WAIT
    try:
        value = float(raw)
    except ValueError:
        raise GlossaryError(f"GLOSSARY_WAIT={raw!r}: give a number of seconds") from None
    if not value >= 0:  # also refuses nan
        raise GlossaryError(f"GLOSSARY_WAIT={raw!r}: give a number of seconds, 0 or more")
    return value


def note_path(database: Path) -> Path:
    return database.with_name(database.name + "-writer")


def alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def holder(database: Path | None) -> str:
    """What holds the write lock, as a phrase for "waiting for … to finish"."""
    if database is not None:
        with suppress(OSError, ValueError, TypeError, KeyError):
            note = json.loads(note_path(database).read_text(encoding="utf-8"))
            pid = int(note["pid"])
            if pid != os.getpid() and alive(pid):
                return f"{note['what']} (process {pid})"
    return "another program writing to the database"


@contextmanager
def announced(database: Path | None, what: str) -> Iterator[None]:
    """Leave a note that this process is doing `what` while it holds the lock for long.
    A folder where the note cannot be written only loses the description."""
    if database is None:
        yield
        return
    path = note_path(database)
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    written = False
    try:
        temp.write_text(json.dumps({"pid": os.getpid(), "what": what,
                                    "since": time.time()}), encoding="utf-8")
        temp.replace(path)
        written = True
    except OSError:
        with suppress(OSError):
            temp.unlink()
    try:
        yield
    finally:
        if written:
            with suppress(OSError):
                path.unlink()


def wait_for_lock(try_lock: Callable[[], bool], database: Path | None, location: str,
                  notify: Notify | None) -> None:
    """Call `try_lock` until it succeeds, telling `notify` once what it waits for, and
    raising a GlossaryError once the limit has passed. `try_lock` says at once whether
    it got the lock."""
    if try_lock():
        return
    limit = wait_limit()
    started = time.monotonic()
    told = False
    while True:
        waited = time.monotonic() - started
        if waited >= limit:
            raise GlossaryError(
                f"{location}: still busy after {waited:.0f} s, {holder(database)}; "
                "nothing was changed. Try again when it has finished, or set "
                "GLOSSARY_WAIT to the seconds to wait")
        if not told and notify is not None and waited >= TELL_AFTER:
            notify(f"waiting for {holder(database)} to finish…")
            told = True
        time.sleep(POLL)
        if try_lock():
            return
