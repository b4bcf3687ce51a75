"""File formats: each reader turns one file into plain records, each writer the reverse.

Readers yield `Unit` (a TM unit as a dict of columns), `Entry` (a concept with its
terms) or `Rejected` (a unit that cannot be stored, and why), each with its place in
the file, so the importer can name the line or unit in an error and, with --lenient,
keep going. Readers hold no database code: the importer decides what is stored.
"""

from __future__ import annotations

import contextlib
import glob
import io
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.errors import InputFileError
from glossary.models import Term
from glossary.text.langtags import same_language

if TYPE_CHECKING:  # a typeshed-only name, for the buffer readinto fills
    from _typeshed import WriteableBuffer


@dataclass(slots=True)
class Unit:
    place: str
    data: dict


@dataclass(slots=True)
class Entry:
    """A concept read from a file. `row` marks a bilingual glossary row (CSV/TSV).

    A row may merge into an entry added earlier from the same file (its variant rows),
    and its note belongs to the terms it adds; a TBX concept stands on its own.
    """

    place: str
    concept: dict
    terms: list[Term]
    row: bool = False


@dataclass(slots=True)
class Rejected:
    """A unit that cannot be stored: the import fails on it, or lists it with --lenient."""

    place: str
    problem: str


@dataclass(slots=True)
class Skipped:
    """A unit left out on purpose (untranslated, fuzzy, obsolete, other languages)."""

    place: str
    reason: str


Item = Unit | Entry | Rejected | Skipped
# A unit's fields in a fixed order: how the reading process sends units (pickling a
# tuple is a third of a dict's cost), and what loader.wire_row turns into a stored row.
# `extras` is what the file carried beyond the columns, per format ({"po": {...}},
# {"tmx": {...}}, {"xliff": {...}}), so the same format's writer can give it back; the
# two search keys come last.
WIRE = ("source_lang", "source", "source_markup", "target_lang", "target", "target_markup",
        "created", "changed", "creator", "context", "domain", "note", "origin", "status",
        "extras", "source_key", "target_key")


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode


def extras_json(extras: dict | str | None) -> str | None:
    """A unit's extras as stored: compact JSON with sorted keys (so an identical unit
    stores identical text), None when there are none. A reader may send this text
    instead of the dict, so a reading process does the work in parallel."""
    if not extras:
        return None
    return extras if isinstance(extras, str) else _JSON(extras)


@dataclass
class ReadOptions:
    """What the user said on the command line; the file's own declarations come first."""

    source_lang: str | None = None
    target_lang: str | None = None
    fuzzy: bool = False  # import fuzzy PO entries, with status 'fuzzy'
    origin: str = ""  # the file name, recorded on each unit


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it, for the progress bar."""

    def __init__(self, raw: io.BufferedIOBase):
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        n = self.raw.readinto(buffer)
        self.count += n
        return n

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.count += len(data)
        return data

    def close(self) -> None:
        self.raw.close()
        super().close()


EMPTY_PEEK = 4096  # a file of this many bytes or fewer, all blank, is an empty one


@dataclass
class Source:
    """The file being imported; readers open it through here so progress can be measured."""

    path: Path
    size: int = 0
    _readers: list[CountingReader] = field(default_factory=list)
    remote_bytes: int = 0  # set when another process reads the file (background.py)

    def open(self) -> CountingReader:
        """The file in binary; an empty one (or only blank lines) is refused here, for
        every format alike, instead of importing nothing or failing as bad XML."""
        raw = open(self.path, "rb")  # noqa: SIM115 - closed by the reader
        head = raw.read(EMPTY_PEEK + 1)
        if len(head) <= EMPTY_PEEK and not head.strip():
            raw.close()
            raise InputFileError(str(self.path), None, "the file is empty")
        raw.seek(0)
        reader = CountingReader(raw)
        self._readers.append(reader)
        return reader

    @property
    def bytes_read(self) -> int:
        return sum(r.count for r in self._readers) + self.remote_bytes

    def close(self) -> None:
        for reader in self._readers:
            reader.close()


Reader = Callable[[Source, ReadOptions], Iterator[Item]]
Done = Callable[[int], None]


class Tally:
    """How many records a writer has written, told to `done` every `every` of them, so
    an export's progress bar moves without each writer counting in its own way."""

    def __init__(self, done: Done | None, every: int):
        self.done = done
        self.every = every
        self.count = 0

    def add(self) -> None:
        self.count += 1
        if self.done is not None and self.count % self.every == 0:
            self.done(self.count)


_ISO = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ")
_TMX = re.compile(r"\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3])[0-5]\d[0-5]\dZ")


def _real_day(text: str) -> bool:
    try:
        datetime(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return False
    return True


def iso_date(value: str | None) -> str | None:
    """A TMX (20240102T030405Z), TBX or ISO date as our ISO form; None when unreadable.

    A bad date is not worth failing an import for: the unit gets the import time.
    """
    if not value:
        return None
    text = value.strip()
    if _TMX.fullmatch(text):  # the common cases, without strptime (a million units each)
        text = (f"{text[0:4]}-{text[4:6]}-{text[6:8]}T{text[9:11]}:{text[11:13]}:"
                f"{text[13:15]}Z")
    if _ISO.fullmatch(text):
        return text if text[8:10] <= "28" or _real_day(text) else None
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S",
                "%Y%m%d"):
        try:
            stamp = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def tmx_date(value: str | None) -> str | None:
    """Our ISO date in the form TMX requires, YYYYMMDDThhmmssZ."""
    if value and _ISO.fullmatch(value) and (value[8:10] <= "28" or _real_day(value)):
        return value.replace("-", "").replace(":", "")
    iso = iso_date(value)
    return iso.replace("-", "").replace(":", "") if iso else None


def lang_matches(tag: str, wanted: str) -> bool:
    """Whether `tag` is the language `wanted` names, by meaning, not spelling: zh_Hans
    selects zh-CN and zh-SG, zh-TW selects zh-Hant and zh-HK, en selects en-US
    (langtags.same_language)."""
    return same_language(tag, wanted)


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Let `write` fill a temporary file beside `path`, then rename it over `path`.

    A failed or interrupted export never leaves half a file where a good one was. A
    symlink is written through: the file it points to is replaced (atomically, beside
    it) and the link stays a link; the replaced file keeps its permissions. A
    character device or a pipe (/dev/stdout, a FIFO) cannot be renamed over, so the
    finished file is copied into it.
    """
    path = Path(path)
    if is_stream(path):
        _write_to_stream(path, write)
        return
    target = path.resolve() if path.is_symlink() else path
    mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o644
    _sweep_leftovers(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.",
                               dir=target.parent or ".")
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sweep_leftovers(target: Path) -> None:
    """Remove the temporary files an export to this path left when its process was
    killed (it could not clean up): they are named after the path and that process."""
    for leftover in (target.parent or Path(".")).glob(f".{glob.escape(target.name)}.*.*"):
        pid = leftover.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stream(path: Path) -> bool:
    """A device, pipe or socket (or /dev/stdout, whatever it stands for): written into
    as it is, never renamed over."""
    if str(path.absolute()).startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:  # not there yet (or a dangling link): a new file
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_to_stream(target: Path, write: Callable[[Path], None]) -> None:
    """Write the whole file first, then copy it into a device or pipe: a failed export
    sends nothing down the pipe rather than half a file."""
    with tempfile.TemporaryDirectory(prefix="glossary-export-") as folder:
        tmp = Path(folder) / target.name
        write(tmp)
        with tmp.open("rb") as data, open(target, "wb") as out:  # noqa: SIM115
            shutil.copyfileobj(data, out, 1 << 20)


def make_term(lang: str, text: str, *, status: str | None = None, type: str | None = None,
              pos: str | None = None, context: str | None = None,
              note: str | None = None) -> Term:
    """A Term with empty optional fields as None, the way the termbase stores them."""
    return Term(lang, text, status=status or "preferred", type=type or "fullForm",
                pos=pos or None, context=context or None, note=note or None)
