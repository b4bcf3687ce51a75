"""Checking a PO file's syntax before polib reads it.

polib forgives what a translator must hear about: a file cut off in the middle of a
string, or after a msgid whose msgstr never came, reads as a shorter file, and bytes
that are not in the declared charset become U+FFFD or a codec error with no line. So
the file is read here first, line by line, and refused with the line and what is
wrong; only a file that passes goes to polib, whose reading is then the import.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from glossary.errors import InputFileError, undecodable

_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD = re.compile(rf"(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s*{_STRING}\s*")
_CONTINUATION = re.compile(rf"{_STRING}\s*")
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_UNCLOSED = re.compile(r'([\w\[\]]+\s*)?"(?:[^"\\]|\\.)*\\?')


def charset(data: bytes) -> str:
    """The encoding the header declares (polib's rule: UTF-8 when none or unknown)."""
    found = _CHARSET.search(data[:8192])
    if found:
        name = found.group(1).decode("ascii")
        try:
            codecs.lookup(name)
        except LookupError:
            return "utf-8"
        return name
    return "utf-8"


def decode(data: bytes, path: str) -> str:
    """The file's text in its declared charset; bytes outside it are an error with
    their line and offset, never a replacement character."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    encoding = charset(data)
    try:
        return data.decode(encoding)
    except LookupError as exc:  # a codec, but not of text (uu, base64, zlib...)
        raise InputFileError(path, None, f"the header's charset {encoding} is not a text "
                             "encoding") from exc
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputFileError(path, f"line {line}",
                             undecodable(exc, encoding.upper())) from exc


def check(path: Path) -> None:
    """Raise InputFileError at the first line that is not PO, or if the file is empty
    or ends inside an entry (a msgid with no msgstr after it)."""
    name = str(path)
    text = decode(path.read_bytes(), name)
    if not text.strip():
        raise InputFileError(name, None, "the file is empty")
    # the line of a msgctxt or msgid still waiting for its msgstr, which it was, and what
    # it waits for (a msgctxt waits for its msgid first)
    waiting, waiting_word, waiting_for = 0, "", ""
    dangling = 0  # the line of entry comments (#. #: #, #|) not yet followed by their entry
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            mark = line[1:2]
            if mark == "~":  # an obsolete entry, which the comments before belong to
                dangling = 0
            elif mark in (".", ":", ",", "|"):
                dangling = dangling or number
            continue
        dangling = 0
        keyword = _KEYWORD.fullmatch(line)
        if keyword is None:
            if _CONTINUATION.fullmatch(line):
                continue
            raise InputFileError(name, f"line {number}", _what_is_wrong(line))
        word = keyword.group(1)
        if word == "msgctxt" and waiting or word == "msgid" and waiting_for == "msgstr":
            raise InputFileError(name, f"line {waiting}", f"a {waiting_word} with no msgstr "
                                 "after it")
        if word in ("msgctxt", "msgid"):
            waiting, waiting_word = number, word
            waiting_for = "msgid" if word == "msgctxt" else "msgstr"
        elif word.startswith("msgstr"):
            waiting, waiting_for = 0, ""
    if waiting:
        raise InputFileError(name, f"line {waiting}", f"the file ends after this "
                             f"{waiting_word}, without its msgstr (is the file cut off?)")
    if dangling:
        raise InputFileError(name, f"line {dangling}", "the file ends with comments for an "
                             "entry that never comes (is the file cut off?)")


def _what_is_wrong(line: str) -> str:
    if _UNCLOSED.fullmatch(line):
        return "PO syntax error: a string is never closed (is the file cut off?)"
    shown = line if len(line) <= 30 else line[:27] + "..."
    return f"PO syntax error: not a keyword, string or comment: {shown}"
