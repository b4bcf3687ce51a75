"""Which format a file is in, told from its content; and the reader for each format.

Clients name files carelessly (a TMX called .xml, a glossary called .txt), so the
content decides: the XML root element, PO keywords, the CC-CEDICT line shape, an
OmegaT glossary's headerless tab-separated lines; anything else is a CSV/TSV
table. --format overrides the guess.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from glossary.errors import InputFileError
from glossary.formats import Reader, cedict, csvtable, omegat, po, tbx, tmx, xliff
from glossary.formats.csvfile import tab_separated

READERS: dict[str, Reader] = {
    "tmx": tmx.read, "tbx": tbx.read, "xliff": xliff.read, "po": po.read,
    "cedict": cedict.read, "csv": csvtable.read, "tsv": csvtable.read, "omegat": omegat.read,
}
# Readers that can yield a unit as (place, WIRE values), for a reading process to send
# as it is; the others' Units are turned into that form.
WIRE_READERS = {"tmx": tmx.read_wire}
KINDS = {"tmx": "tm", "xliff": "tm", "po": "tm", "tbx": "terms", "cedict": "terms",
         "csv": "terms", "tsv": "terms", "omegat": "terms"}
ALIASES = {"pot": "po", "xlf": "xliff", "xlf2": "xliff", "tab": "tsv", "u8": "cedict",
           "martif": "tbx", "tbx2": "tbx", "txt": "csv", "utf8": "omegat"}
XML_ROOTS = {"tmx": "tmx", "tbx": "tbx", "martif": "tbx", "xliff": "xliff"}
_ROOT = re.compile(r"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
_SKIP = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>", re.DOTALL)
HEAD_BYTES = 65536
# The first four bytes of XML in UTF-16 without a BOM (little-endian, then big-endian)
UTF16_XML = (b"<\x00?\x00", b"<\x00t\x00", b"\x00<\x00?", b"\x00<\x00t")


def head_text(head: bytes) -> str:
    """The start of a file as text, whatever its encoding (BOM, UTF-16 without one...)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="ignore")
    if head[:4] in UTF16_XML[:2]:
        return head.decode("utf-16-le", errors="ignore")
    if head[:4] in UTF16_XML[2:]:
        return head.decode("utf-16-be", errors="ignore")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a cut multibyte character at the end, or GB18030
        if exc.start > len(head) - 4:
            return head[:exc.start].decode("utf-8")
        return head.decode("gb18030", errors="ignore")


def detect(path: Path, head: bytes) -> str:
    """The format of the file whose first bytes are `head`. Whatever the bytes, the
    answer is a format or an InputFileError naming the file: never a codec or regex
    error from deep inside (fuzzed in tests/test_fuzz_formats.py)."""
    try:
        return _detect(path, head)
    except (UnicodeError, ValueError, LookupError) as exc:
        raise InputFileError(str(path), None, f"cannot tell the file's format ({exc})") from exc


def _detect(path: Path, head: bytes) -> str:
    if head.startswith(cedict.GZIP_MAGIC):  # CC-CEDICT is distributed gzipped
        inner = cedict.gunzipped_head(head)
        if inner and cedict.looks_like_cedict(head_text(inner)):
            return "cedict"
        raise InputFileError(str(path), None, "a gzip-compressed file that is not CC-CEDICT "
                             "(only the dictionary is read compressed): gunzip it first")
    nul = head.find(b"\0")
    if nul >= 0 and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
            and head[:4] not in UTF16_XML:
        raise InputFileError(str(path), None, f"a binary file, not text (a NUL byte at "
                             f"offset {nul})")
    text = head_text(head).lstrip()
    if text.startswith("<"):
        root = _ROOT.search(_SKIP.sub("", text))
        name = root.group(2).lower() if root else ""
        if name in XML_ROOTS:
            return XML_ROOTS[name]
        raise InputFileError(str(path), "line 1", f"an XML file whose root element is "
                             f"<{name or '?'}>, not TMX, TBX or XLIFF")
    if re.search(r'^msgid\s+"', text, re.MULTILINE):
        return "po"
    if cedict.looks_like_cedict(text):
        return "cedict"
    if omegat.looks_like_omegat(text):
        return "omegat"
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return "tsv" if tab_separated(path, lines) else "csv"


def resolve(name: str | None, path: Path, head: bytes) -> str:
    """The format to read `path` as: the one named (--format), else the detected one."""
    if not name:
        return detect(path, head)
    key = name.lower().lstrip(".")
    key = ALIASES.get(key, key)
    if key not in READERS:
        raise InputFileError(str(path), None, f"unknown format '{name}' (choose from "
                             f"{', '.join(sorted(READERS))})")
    return key
