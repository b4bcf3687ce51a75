"""Errors a user can act on.

Every failure caused by the user's input (a bad file, an unknown entry id) is a
GlossaryError whose message names the file and place and says what is wrong. The
CLI prints it as one line; the TUI shows it in a notification. Anything else is a
bug and may surface as a traceback.
"""

from __future__ import annotations

from pathlib import Path


class GlossaryError(Exception):
    """A mistake in the user's input, with a message meant for the user."""


class InputFileError(GlossaryError):
    """A file that cannot be imported; says which file, where, and why."""

    def __init__(self, path: str, place: str | None, problem: str):
        self.path = path
        self.place = place
        self.problem = problem
        where = f"{path}, {place}" if place else path
        super().__init__(f"{where}: {problem}")


def undecodable(exc: UnicodeDecodeError, encoding: str = "UTF-8", at: int = 0) -> str:
    """What a decoding error tells a user: the encoding, the byte and its offset in the
    file (`at` is where the decoded bytes began), not Python's codec wording, and never
    a silent U+FFFD in its place."""
    bad = exc.object[exc.start:exc.start + 1]
    offset = at + exc.start
    if exc.reason == "unexpected end of data" or not bad:
        return f"not valid {encoding} (a character cut off at offset {offset})"
    return f"not valid {encoding} (byte 0x{bad[0]:02x} at offset {offset})"


class NotFoundError(GlossaryError):
    """An entry or unit id that is not in the database."""


class StaleError(GlossaryError):
    """A save of a record someone else changed since the caller loaded it: refused, so
    on a shared glossary nobody's edit is overwritten without their having seen it."""


def require_file(path: str | Path) -> Path:
    """The path, if it names a file; else the InputFileError a user should see, since
    the readers behind it (polib, lxml) would take a missing path for text or crash."""
    path = Path(path)
    if path.is_dir():
        raise InputFileError(str(path), None, "a folder, not a file")
    if not path.is_file():
        raise InputFileError(str(path), None, "no such file")
    return path
