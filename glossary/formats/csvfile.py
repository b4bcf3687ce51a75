"""Reading CSV and TSV files that clients send: encoding, delimiter, and what each column holds.

A file is a translation memory when its header has per-row language columns
(source_lang and target_lang); otherwise it is a glossary, whose columns are mapped
from the many spellings glossaries use (zh / Chinese / 中文 / zh-CN / source ...).
Every row comes out with its line number so errors can point at it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import InputFileError, undecodable
from glossary.text.normalize import has_han

GLOSSARY_FIELDS = ("zh", "en", "domain", "pos", "status", "abbr", "definition", "note")
TM_FIELDS = ("source_lang", "source", "target_lang", "target", "context", "origin", "status",
             "created", "changed", "note", "creator", "domain", "source_markup", "target_markup")
UNSTRIPPED = {"source", "target", "source_markup", "target_markup"}  # TM text is kept as is

ALIASES = {
    "zh": {"zh", "chinese", "中文", "汉语", "術語", "术语", "chinese term", "zh term", "cn"},
    "en": {"en", "english", "英文", "英语", "english term", "en term"},
    "domain": {"domain", "subject", "subject field", "subjectfield", "field", "category",
               "领域", "专业", "分类"},
    "pos": {"pos", "part of speech", "partofspeech", "word class", "词性"},
    "status": {"status", "usage", "usage status", "administrative status", "term status",
               "状态"},
    "abbr": {"abbr", "abbreviation", "acronym", "short form", "abbrev", "缩写", "简称"},
    "definition": {"definition", "description", "定义", "释义"},
    "note": {"note", "notes", "comment", "comments", "remark", "remarks", "备注", "注释"},
    "source_lang": {"source lang", "source language", "srclang", "src lang", "source_lang"},
    "target_lang": {"target lang", "target language", "tgtlang", "tgt lang", "trglang"},
    "source": {"source", "source text", "source segment", "src"},
    "target": {"target", "target text", "target segment", "tgt"},
    "context": {"context", "msgctxt", "key", "id"},
    "origin": {"origin", "file"},
    "created": {"created", "creation date", "creationdate"},
    "changed": {"changed", "modified", "change date", "changedate"},
    "creator": {"creator", "author", "creationid", "translator"},
    "source_markup": {"source_markup"},
    "target_markup": {"target_markup"},
}
_LANG_IN_HEADER = re.compile(r"\b(zh|en)(?:[-_][a-z]{2,4})?\b", re.IGNORECASE)
POSITIONAL_PAIRS = {"term": "left", "source": "left", "src": "left",
                    "translation": "right", "target": "right", "tgt": "right"}


@dataclass
class CsvTable:
    kind: str  # "terms" or "tm"
    columns: dict[str, int]  # field name -> column index
    rows: list[tuple[int, list[str]]]  # (line number, cells)
    delimiter: str


def decode(data: bytes, path: str) -> str:
    """Text of a file in UTF-8 (BOM or not), UTF-16 with BOM, GB18030 or Big5.

    GB18030 decodes nearly any byte string, Big5 text included (into rare characters,
    kana and private-use code points), so when both decode, the more plausible
    Chinese wins.
    """
    for bom, enc, name in ((codecs.BOM_UTF8, "utf-8", "UTF-8"),
                           (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
                           (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:  # the BOM says one thing, the bytes another
                raise InputFileError(path, _line_of(data, len(bom) + exc.start),
                                     f"starts with a {name} byte order mark but is "
                                     f"{undecodable(exc, name, at=len(bom))}") from exc
    nul = data.find(b"\0")
    if nul >= 0:  # no text encoding we read without a BOM has NUL bytes
        raise InputFileError(path, None, f"a binary file, not text (a NUL byte at offset {nul})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        not_utf8 = undecodable(exc)
    candidates = []
    for enc in ("gb18030", "big5", "cp950", "big5hkscs"):
        try:
            candidates.append(data.decode(enc))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise InputFileError(path, None, f"cannot tell the text encoding: {not_utf8}, "
                             "nor UTF-16, GB18030 or Big5")
    return max(candidates, key=_plausibility)  # max keeps the first (GB18030) on a tie


def _line_of(data: bytes, offset: int) -> str:
    """The line a byte offset falls on, for an error message."""
    line = data.count(b"\n", 0, offset) + 1
    return f"line {line}"


def _common_han(char: str) -> bool:
    """A character of everyday Chinese: in GB2312, or in Big5's frequent-character level."""
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        return 0xA4 <= char.encode("big5")[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def _plausibility(text: str) -> int:
    sample = text[:20000]
    odd = len(re.findall(r"[\ue000-\uf8ff\u3040-\u30ff\uac00-\ud7af\ufffd]", sample))
    han = re.findall(r"[\u4e00-\u9fff]", sample)
    common = sum(_common_han(c) for c in han)
    return common - (len(han) - common) - 3 * odd


def _clean(cell: str) -> str:
    return re.sub(r"[\s_\-:()]+", " ", cell.strip().lstrip("\ufeff").lower()).strip()


def map_header(header: list[str], path: str) -> tuple[str, dict[str, int]]:
    """Which column holds which field, and whether the file is a glossary or a memory."""
    cleaned = [_clean(c) for c in header]
    columns: dict[str, int] = {}
    for i, cell in enumerate(cleaned):
        for field, names in ALIASES.items():
            if (cell in names or cell.replace(" ", "_") in names) and field not in columns:
                columns[field] = i
                break
    if "source_lang" in columns and "target_lang" in columns:
        missing = [f for f in ("source", "target") if f not in columns]
        if missing:
            raise InputFileError(path, "line 1", f"a memory file needs a '{missing[0]}' column")
        return "tm", {k: v for k, v in columns.items() if k in TM_FIELDS}
    for i, cell in enumerate(cleaned):  # "source (zh-CN)", "en-US", "target: en"
        mapped = next((f for f, j in columns.items() if j == i), None)
        if mapped not in (None, "source", "target"):
            continue
        m = _LANG_IN_HEADER.search(cell)
        if m and m.group(1).lower() not in columns:
            for field in ("source", "target"):
                if columns.get(field) == i:
                    del columns[field]
            columns[m.group(1).lower()] = i
    return "terms", columns


def _resolve_positional(
    header: list[str], columns: dict[str, int], rows: list[tuple[int, list[str]]], path: str
) -> dict[str, int]:
    """term/translation, source/target without language: decide by the script of the cells."""
    if "zh" in columns and "en" in columns:
        return columns
    cleaned = [_clean(c) for c in header]
    left = next((i for i, c in enumerate(cleaned) if POSITIONAL_PAIRS.get(c) == "left"), None)
    right = next((i for i, c in enumerate(cleaned) if POSITIONAL_PAIRS.get(c) == "right"), None)
    if "zh" in columns and "en" not in columns and right is not None:
        return {**columns, "en": right}
    if "en" in columns and "zh" not in columns and left is not None:
        return {**columns, "zh": left}
    if left is None or right is None:
        raise InputFileError(
            path, "line 1",
            "cannot tell which columns hold the Chinese and English terms; name them "
            f"zh and en (header was: {', '.join(header)})",
        )
    han_left = sum(has_han(cells[left]) for _, cells in rows if len(cells) > left)
    han_right = sum(has_han(cells[right]) for _, cells in rows if len(cells) > right)
    zh, en = (left, right) if han_left >= han_right else (right, left)
    columns = {k: v for k, v in columns.items() if v not in (left, right)}
    return {**columns, "zh": zh, "en": en}


TAB_SUFFIXES = (".tsv", ".tab", ".txt", ".utf8")  # .txt/.utf8: OmegaT glossaries


def tab_separated(path: Path, lines: list[str]) -> bool:
    """Tabs in the header row, or a tab-file name and tabs somewhere near the top."""
    if lines and "\t" in lines[0]:
        return True
    return path.suffix.lower() in TAB_SUFFIXES and any("\t" in ln for ln in lines[:50])


def read_table(path: Path, data: bytes) -> CsvTable:
    text = decode(data, str(path))
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise InputFileError(str(path), None, "the file is empty")
    first = lines[0]
    if tab_separated(path, lines):
        delimiter = "\t"
    else:
        counts = {d: first.count(d) for d in ",;"}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem = str(exc)
            if "unexpected end of data" in problem:
                problem = "a quoted cell is never closed (unexpected end of data)"
            raise InputFileError(str(path), f"line {start}", problem) from exc
        if not any(c.strip() for c in cells):
            continue
        if cells[0].lstrip().startswith("#"):  # OmegaT-style comment lines
            continue
        if header is None:  # checked first, so a file of prose fails on its first line
            header = cells
            kind, columns = map_header(header, str(path))
            if not columns:
                shown = ", ".join(header)
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                raise InputFileError(str(path), f"line {start}", "cannot tell which columns "
                                     "hold the Chinese and English terms; name them zh and en "
                                     f"in a first row (it was: {shown})")
            continue
        rows.append((start, cells))
    if header is None:
        raise InputFileError(str(path), None, "no header row")
    if kind == "terms":
        columns = _resolve_positional(header, columns, rows, str(path))
    return CsvTable(kind, columns, rows, delimiter)


def records(table: CsvTable) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row as {field: cell text}, with its line number.

    Cells are stripped, except the text of memory units: a segment's leading or
    trailing space is part of the translation.
    """
    keep = UNSTRIPPED if table.kind == "tm" else set()
    for line, cells in table.rows:
        yield line, {
            f: (cells[i] if f in keep else cells[i].strip()) if i < len(cells) else ""
            for f, i in table.columns.items()
        }
