"""Writing CSV/TSV: glossaries as one row per entry plus variant rows, memories as columns.

The glossary layout is the one the importer reads (zh,en,abbr,domain,pos,status,
definition,note): the first row of an entry carries its main Chinese and English
terms, its first abbreviation, and the entry's definition and note; each further
term gets a row of its own pairing it with a main term, with its own status, part
of speech and note (an abbreviation sharing those rides along), so re-importing
merges it back into the entry and every row reads true. Cells a
spreadsheet would run as a formula (= + - @) are prefixed with an apostrophe, which
the importer removes. A BOM is written on request, for Excel.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from glossary.formats import Done, Tally
from glossary.formats.terms import ABBREVIATED
from glossary.models import Concept

if TYPE_CHECKING:  # the writer's type has a name in typeshed only
    from _csv import Writer as CsvWriter

GLOSSARY_HEADER = ("zh", "en", "abbr", "domain", "pos", "status", "definition", "note")
TM_HEADER = ("source_lang", "source", "target_lang", "target", "context", "origin", "status",
             "created", "changed", "note", "creator", "domain", "source_markup",
             "target_markup")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "#")  # "#": a comment line to csvfile


def escape(cell: str | None) -> str:
    """'=1+1 stays text in a spreadsheet; an apostrophe already there is doubled up."""
    if not cell:
        return ""
    if cell[0] in FORMULA_STARTS or cell[0] == "'" and cell.lstrip("'")[:1] in FORMULA_STARTS:
        return "'" + cell
    return cell


def glossary_rows(concept: Concept) -> list[tuple] | None:
    """The rows of one entry, in the order of its terms; None when it lacks zh or en.

    The main row holds the first Chinese and English full terms (and an abbreviation
    that shares their status, part of speech and place). Each further full term gets a
    variant row pairing it with the main term of the other language, which anchors it
    to the entry on import; an abbreviation that follows it with the same status, part
    of speech and note rides on that row, as in imports/ipr-glossary.csv. So a row's
    status, part of speech and note are those of the terms it adds, never of a term
    another row already stands for. Only an abbreviation with nothing to ride on gets a
    row of its own beside both main terms.
    """
    chinese = [t for t in concept.terms if t.is_chinese and t.type not in ABBREVIATED]
    english = [t for t in concept.terms if not t.is_chinese and t.type not in ABBREVIATED]
    if not chinese or not english:
        return None
    zh, en = chinese[0], english[0]  # the first terms: rows re-import in stored order
    pos = zh.pos or en.pos
    extras = [t for t in concept.terms if t is not zh and t is not en]
    abbr = next((t for t in extras if t.type in ABBREVIATED), None)
    same_lang = [t for t in extras if abbr is not None and t.lang == abbr.lang]
    if abbr is None or same_lang[0] is not abbr or abbr.note or (abbr.status, abbr.pos) != (
            zh.status, pos):
        abbr = None  # it keeps its own row, and with it its status, pos, note and place
    rows = [(zh.text, en.text, abbr.text if abbr else "", concept.domain, pos, zh.status,
             concept.definition, concept.note)]
    extras = [t for t in extras if t is not abbr]
    i = 0
    while i < len(extras):
        t = extras[i]
        i += 1
        if t.type in ABBREVIATED:  # nothing to ride on: both main terms anchor it
            rows.append((zh.text, en.text, t.text, concept.domain, t.pos, t.status, "", t.note))
            continue
        short = ""
        follower = extras[i] if i < len(extras) else None
        if follower is not None and follower.type in ABBREVIATED and (
                follower.status, follower.pos, follower.note) == (t.status, t.pos, t.note):
            short, i = follower.text, i + 1
        pair = (t.text, en.text) if t.is_chinese else (zh.text, t.text)
        rows.append((*pair, short, concept.domain, t.pos, t.status, "", t.note))
    return rows


def _writer(stream: TextIO, delimiter: str) -> CsvWriter:
    return csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")


def write_glossary(path: Path, concepts: Iterable[Concept], *, delimiter: str = ",",
                   bom: bool = False) -> tuple[int, list[Concept]]:
    """Returns how many entries were written and the entries left out (no zh or no en)."""
    count, left_out = 0, []
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        out = _writer(stream, delimiter)
        out.writerow(GLOSSARY_HEADER)
        for concept in concepts:
            rows = glossary_rows(concept)
            if rows is None:
                left_out.append(concept)
                continue
            out.writerows([escape(c) for c in row] for row in rows)
            count += 1
    return count, left_out


def write_memory(path: Path, units: Iterable[dict], *, delimiter: str = ",", bom: bool = False,
                 done: Done | None = None) -> int:
    written = Tally(done, every=5000)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        out = _writer(stream, delimiter)
        out.writerow(TM_HEADER)
        for unit in units:
            out.writerow([escape(unit.get(c)) for c in TM_HEADER])
            written.add()
    return written.count

