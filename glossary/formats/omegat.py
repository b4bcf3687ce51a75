"""OmegaT glossaries: read and write the tab-separated files OmegaT keeps in glossary/.

OmegaT's own reader (GlossaryReaderTSV) sets the rules followed here: no header row;
a line starting with `#` is a comment; cells are split on tabs and trimmed, with no
quoting (a quote is part of the text); the first cell is the source term, the second
the target term, the third a comment OmegaT shows beside them; a line with fewer than
two cells or an empty first cell is no entry. Files are UTF-8 (a `.utf8` name says so),
possibly with a BOM, or UTF-16 with a BOM.

Which column holds Chinese is not in the file (the project settings say it), so it is
decided from the text: the column whose cells carry more Han characters.

Writing follows what OmegaT needs to suggest terms: UTF-8 without BOM, the source
language first, one line per source-language term (variants and abbreviations each
get a line, since OmegaT matches on the first cell), further acceptable translations
as lines of their own, and what a translator should know (domain, status, part of
speech, definition, note, terms to avoid) in the comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from glossary.errors import InputFileError
from glossary.formats import Entry, ReadOptions, Rejected, Source
from glossary.formats.csvfile import decode, map_header
from glossary.models import ABBREVIATED_TYPES, Concept, Term, make_terms
from glossary.text.langtags import script_of
from glossary.text.normalize import has_han

MAGIC = "# Glossary in tab-separated format -*- coding: utf-8 -*-"
_CODING = re.compile(r"-\*-\s*coding:\s*([\w.-]+)\s*-\*-")
_SPACE = re.compile(r"[\t\r\n\u2028\u2029]+")


def _data_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def looks_like_omegat(text: str) -> bool:
    """OmegaT's comment line, or tab-separated lines of 2-3 cells whose first line is
    no header a CSV/TSV glossary would have (zh, en, source, term...)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if first.startswith("# Glossary in tab-separated format"):
        return True
    lines = _data_lines(text)[:50]
    if not lines or not all("\t" in ln and 2 <= len(ln.split("\t")) <= 3 for ln in lines):
        return False
    kind, columns = map_header(lines[0].split("\t"), "")
    if columns:
        return False
    return any(has_han(ln) for ln in lines)


def _text(data: bytes, path: str) -> str:
    """The file's text: a `coding:` comment (OmegaT's magic line) wins, else as CSV."""
    head = data[:200].decode("latin-1")
    found = _CODING.search(head.split("\n", 1)[0])
    if found and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode(found.group(1)).lstrip("\ufeff")
        except LookupError:
            pass  # an unknown encoding name: detect it as for any table
        except UnicodeDecodeError as exc:
            raise InputFileError(path, None, f"says it is {found.group(1)} but byte "
                                 f"{exc.start} is not ({exc.reason})") from exc
    return decode(data, path)


def read(source: Source, opts: ReadOptions) -> Iterator[Entry | Rejected]:
    with source.open() as stream:
        data = stream.read()
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(_text(data, str(source.path)).splitlines(), start=1):
        if line.startswith("#") or not line.strip():
            continue
        rows.append((number, [cell.strip() for cell in line.split("\t")]))
    zh_col = _chinese_column(rows)
    for number, cells in rows:
        place = f"line {number}"
        if len(cells) < 2 or not cells[0] or not cells[1]:
            yield Rejected(place, "an OmegaT glossary line needs a source term and a "
                           "target term separated by a tab")
            continue
        zh, en = cells[zh_col], cells[1 - zh_col]
        comment = cells[2] if len(cells) > 2 else ""
        if not has_han(zh) and has_han(en):  # this line has its columns the other way
            zh, en = en, zh
        yield Entry(place, {"note": comment or None}, make_terms(zh, en), row=True)


def _chinese_column(rows: list[tuple[int, list[str]]]) -> int:
    """0 or 1: the column with more Han cells (ties: the source column)."""
    counts = [0, 0]
    for _, cells in rows:
        for col in (0, 1):
            if len(cells) > col and has_han(cells[col]):
                counts[col] += 1
    return 0 if counts[0] >= counts[1] else 1


# writing ------------------------------------------------------------------------------

def cell(text: str | None) -> str:
    """A cell OmegaT reads back whole: tabs and line breaks would split it."""
    return _SPACE.sub(" ", text or "").strip()


def _comment(concept: Concept, shown: Term, avoid: list[Term]) -> str:
    parts = []
    if concept.domain:
        parts.append(concept.domain)
    if shown.status != "preferred":
        parts.append(shown.status)
    if shown.pos:
        parts.append(shown.pos)
    if concept.definition:
        parts.append(concept.definition)
    notes = [n for n in (shown.note, concept.note) if n]
    parts += notes
    if avoid:
        parts.append("avoid: " + ", ".join(f"{t.text} ({t.status})" for t in avoid))
    return cell("; ".join(parts))


def lines(concept: Concept, chinese_source: bool) -> list[tuple[str, str, str]]:
    """(source, target, comment) lines of one entry; none when a side is missing."""
    sources = [t for t in concept.terms if t.is_chinese == chinese_source]
    targets = [t for t in concept.terms if t.is_chinese != chinese_source]
    main = concept.preferred(not chinese_source)
    if not sources or main is None:
        return []
    good = [t for t in targets if t.status in ("preferred", "admitted")]
    avoid = [t for t in targets if t.status not in ("preferred", "admitted")]
    first = main if main in good else (good[0] if good else None)
    if first is None:  # only deprecated or forbidden translations: say so, suggest none
        return []
    out = []
    for term in sources:
        out.append((cell(term.text), cell(first.text), _comment(concept, first, avoid)))
    head = next((t for t in sources if t.type not in ABBREVIATED_TYPES), sources[0])
    for other in good:
        if other is not first:
            out.append((cell(head.text), cell(other.text), _comment(concept, other, [])))
    return out


def write(path: Path, concepts: Iterable[Concept], source_lang: str = "en"
          ) -> tuple[int, list[Concept]]:
    """Write an OmegaT glossary; returns how many entries went in and those left out."""
    chinese_source = script_of(source_lang) is not None
    count, left_out = 0, []
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(MAGIC + "\n")
        for concept in concepts:
            found = lines(concept, chinese_source)
            if not found:
                left_out.append(concept)
                continue
            for src, tgt, comment in found:
                out.write(f"{src}\t{tgt}\t{comment}\n" if comment else f"{src}\t{tgt}\n")
            count += 1
    return count, left_out
