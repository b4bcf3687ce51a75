"""Checking a PO file's syntax before polib reads it.

polib forgives what a translator must hear about: a file cut off in the middle of a
string, or after a msgid whose msgstr never came, reads as a shorter file, and bytes
that are not in the declared charset become U+FFFD or a codec error with no line. So
the file is read here first, line by line, and refused with the line and what is
wrong; only a file that passes goes to polib, whose reading is then the import.

Pre-translation reads a catalogue here too, entry by entry in its own lines, so that
filling an entry changes that entry's lines and nothing else (see `blocks`, `fill`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

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


# Filling entries in the file's own text -------------------------------------------------
#
# polib rewraps every string it writes, so a catalogue saved through it differs on many
# lines from the one read, though nothing was translated. Pre-translation instead finds
# each entry's lines here and rewrites only the msgstr lines (and the flags line) of the
# entries it fills; every other byte of the file stays as it was.

_STRINGS = re.compile(_STRING)
_WORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s*"')


@dataclass
class Block:
    """One entry's lines in the file: where each keyword's strings are, and its values."""

    start: int
    values: dict[str, str] = field(default_factory=dict)  # msgctxt, msgid, msgstr, msgstr[n]
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # keyword -> lines
    flags_line: int | None = None
    first_keyword: int | None = None  # where a new flags line goes: before #| or msgctxt

    @property
    def translated(self) -> bool:
        return any(v for k, v in self.values.items() if k.startswith("msgstr"))


def blocks(lines: list[str]) -> list[Block]:
    """The entries of a PO file's lines (obsolete ones and the header included)."""
    found: list[Block] = []
    current: Block | None = None
    word = ""
    for number, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            word = ""
            continue
        keyword = _WORD.match(line)
        starts = line.startswith("#") or keyword is not None and keyword.group(1) in (
            "msgctxt", "msgid")
        if starts and (current is None or any(k.startswith("msgstr") for k in current.values)):
            current = Block(number)
            found.append(current)
        if current is None:
            continue
        if line.startswith("#"):
            if line.startswith("#,"):
                current.flags_line = number
            elif line.startswith("#|") and current.first_keyword is None:
                current.first_keyword = number
            continue
        if keyword is not None:
            word = keyword.group(1)
            if current.first_keyword is None:
                current.first_keyword = number
            current.values[word] = ""
            current.spans[word] = (number, number + 1)
        elif word:
            current.spans[word] = (current.spans[word][0], number + 1)
        if word:
            current.values[word] += "".join(polib.unescape(s[1:-1])
                                            for s in _STRINGS.findall(line))
    return found


def fill(lines: list[str], block: Block, text: str, fuzzy: bool) -> None:
    """Write `text` as the entry's translation (every msgstr[n] of a plural entry) and
    mark it fuzzy if asked, changing only those lines of `lines` (in place)."""
    newline = "\r\n" if lines[block.start].endswith("\r\n") else "\n"
    quoted = f'"{polib.escape(text)}"'
    edits = [(span, f"{word} {quoted}{newline}") for word, span in block.spans.items()
             if word.startswith("msgstr")]
    if fuzzy and block.flags_line is not None:
        flags = lines[block.flags_line].rstrip("\r\n")
        if "fuzzy" not in [f.strip() for f in flags[2:].split(",")]:
            edits.append(((block.flags_line, block.flags_line + 1),
                          f"{flags}, fuzzy{newline}"))
    elif fuzzy and block.first_keyword is not None:
        at = block.first_keyword
        edits.append(((at, at), f"#, fuzzy{newline}"))
    for (start, end), new in sorted(edits, reverse=True):  # from the end: places hold
        lines[start:end] = [new]
