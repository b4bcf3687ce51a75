"""CSV/TSV glossaries and memories as records (csvfile.py reads the table itself).

A glossary row is a bilingual entry that may be a variant of an earlier row (same
Chinese or English term); a memory row is a TM unit. Cells a spreadsheet-safe export
prefixed with an apostrophe (='SUM(...)) get their text back.
"""

from __future__ import annotations

from collections.abc import Iterator

from glossary.errors import GlossaryError
from glossary.formats import Entry, ReadOptions, Rejected, Source, Unit
from glossary.formats.csv_write import FORMULA_STARTS
from glossary.formats.csvfile import read_table, records
from glossary.formats.terms import status_of
from glossary.models import make_terms
from glossary.text.langtags import bcp47

OPTIONAL_TM_FIELDS = ("note", "creator", "domain", "source_markup", "target_markup", "created",
                      "changed")


def unescape(cell: str) -> str:
    """'=A1 -> =A1: undo the apostrophe that keeps spreadsheets from running a formula."""
    if cell.startswith("'") and cell.lstrip("'")[:1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def row_entry(rec: dict[str, str], place: str, opts: ReadOptions) -> Entry:
    status = status_of(rec.get("status", ""))
    if not rec.get("zh"):
        raise GlossaryError("the Chinese term is empty")
    if not rec.get("en"):
        raise GlossaryError("the English term is empty")
    terms = make_terms(rec["zh"], rec["en"], status=status, pos=rec.get("pos") or None,
                       abbr=rec.get("abbr"))
    concept = {"domain": rec.get("domain") or None,
               "definition": rec.get("definition") or None, "note": rec.get("note") or None}
    return Entry(place, concept, terms, row=True)


def read(source: Source, opts: ReadOptions) -> Iterator[Unit | Entry | Rejected]:
    with source.open() as stream:
        data = stream.read()
    table = read_table(source.path, data)
    for line, raw in records(table):
        rec = {k: unescape(v) for k, v in raw.items()}
        place = f"line {line}"
        if table.kind == "tm":
            unit: dict[str, str | None] = dict(rec)
            for side in ("source_lang", "target_lang"):
                unit[side] = bcp47(rec.get(side) or "")
            unit["origin"] = rec.get("origin") or opts.origin
            for optional in OPTIONAL_TM_FIELDS:  # an empty cell is no value, as in TMX
                unit[optional] = rec.get(optional) or None
            yield Unit(place, unit)
            continue
        try:
            yield row_entry(rec, place, opts)
        except GlossaryError as exc:
            yield Rejected(place, str(exc))

