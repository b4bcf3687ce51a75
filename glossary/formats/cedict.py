"""CC-CEDICT as a reference dictionary: read it, store it in bulk, remove it as a whole.

A line `傳統 传统 [chuan2 tong3] /tradition/traditional/` becomes one entry whose
source is 'cedict': the traditional and simplified forms as Chinese terms, the
glosses as English terms (status admitted: a dictionary suggests, it does not
prescribe, so QA never demands them), all glosses as the definition and the reading
as the note. A usage label in front of a gloss ("(coll.) to chat", "(Tw) percent")
is taken off the term and kept in the definition; cross-references ("variant of",
"see") and measure words are no terms. The file is read as distributed, gzipped
cedict_1_0_ts_utf-8_mdbg.txt.gz included (told by gzip's magic bytes). Pinyin keys
come from the dictionary's own reading, which is both right for polyphones and far
faster than computing them for 120,000 entries.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator

from glossary.errors import InputFileError, undecodable
from glossary.formats import CountingReader, Entry, ReadOptions, Rejected, Source, make_term

SOURCE = "cedict"
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
NOT_A_TERM = re.compile(r"^(CL:|see |see also|([\w-]+ )*variant of|abbr\. (for|of|to)|used in|"
                        r"also (written|pr\.)|surname |erhua variant)", re.IGNORECASE)
# A usage label before a gloss: "(coll.) to chat", "(Tw) percent", "(of a car) to stall"
LABEL = re.compile(r"^\((?:[^()]|\([^()]*\))*\)\s*")
GZIP_MAGIC = b"\x1f\x8b"
HEADER = re.compile(r"^#! ?\w+=|CC-CEDICT", re.IGNORECASE)


def looks_like_cedict(text: str) -> bool:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if any(HEADER.search(ln) for ln in lines if ln.startswith("#")):
        return True
    data = [ln for ln in lines if not ln.startswith("#")][:5]
    return bool(data) and all(LINE.match(ln) for ln in data)


def gunzipped_head(head: bytes) -> bytes:
    """The start of a gzip file's content, for telling its format (the dictionary is
    distributed as cedict_1_0_ts_utf-8_mdbg.txt.gz)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 65536)
    except zlib.error:
        return b""


def gloss_term(gloss: str) -> str | None:
    """The English term a gloss gives: its usage labels taken off ("(coll.) to chat" is
    the term "to chat"); None for cross-references and measure words."""
    text = gloss
    while (label := LABEL.match(text)) is not None:
        text = text[label.end():]
    text = text.strip()
    if not text or NOT_A_TERM.match(text):
        return None
    return text


def _lines(stream: CountingReader) -> io.BufferedIOBase:
    """The file's lines, through gzip when it starts with gzip's magic bytes."""
    buffered = io.BufferedReader(stream)
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=buffered)
    return buffered


def _numbered(source: Source) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each line; a damaged gzip file is named, not traced."""
    with source.open() as file, _lines(file) as stream:
        try:
            yield from enumerate(stream, start=1)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputFileError(str(source.path), None,
                                 f"a damaged or cut-off gzip file ({exc})") from exc


def read(source: Source, opts: ReadOptions) -> Iterator[Entry | Rejected]:
    offset = 0  # of the line in the file, so a bad byte is named where a hex viewer shows it
    for number, raw in _numbered(source):
        start, offset = offset, offset + len(raw)
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:  # never stored as U+FFFD
            yield Rejected(f"line {number}", undecodable(exc, at=start))
            continue
        if not line.strip() or line.startswith("#"):
            continue
        match = LINE.match(line)
        if match is None:
            yield Rejected(f"line {number}", "not a CC-CEDICT line "
                           "(TRADITIONAL SIMPLIFIED [pin1 yin1] /gloss/gloss/)")
            continue
        trad, simp, reading, glosses = match.groups()
        senses = [g.strip() for g in glosses.split("/") if g.strip()]
        terms = [make_term("zh-Hant" if trad != simp else "zh-Hans", trad,
                           status="admitted")]
        if simp != trad:
            terms.append(make_term("zh-Hans", simp, status="admitted"))
        english = (gloss_term(g) for g in senses)
        terms += [make_term("en", g, status="admitted") for g in dict.fromkeys(english) if g]
        concept = {"definition": "; ".join(senses) or None, "note": f"[{reading}]",
                   "source": SOURCE, "reading": reading}
        yield Entry(f"line {number}", concept, terms)
