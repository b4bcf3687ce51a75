"""Exporting the termbase and memory as TMX, PO, XLIFF, TBX or CSV/TSV, for other tools.

The format comes from the file name unless given. Each format holds what it can:
TBX entries, TMX and PO units (and entries as unit pairs with --what all or terms),
CSV either one. Reference dictionaries (CC-CEDICT) stay out unless asked for. The
export reads from its own read-only connection, a consistent snapshot that never
blocks the app, and writes a temporary file renamed into place at the end.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from glossary.errors import GlossaryError
from glossary.formats import (
    csv_write,
    omegat,
    po,
    tbx2_write,
    tbx_write,
    tmx_write,
    write_atomically,
)
from glossary.formats.xmlsafe import XmlText
from glossary.interchange.xliff_export import xliff_export
from glossary.store.base import Backend
from glossary.store.export_rows import Snapshot, entry_name, grouped

FORMATS = {".tmx": "tmx", ".po": "po", ".pot": "po", ".tbx": "tbx", ".csv": "csv",
           ".tsv": "tsv", ".tab": "tsv", ".txt": "omegat", ".utf8": "omegat", ".xlf": "xliff",
           ".xliff": "xliff"}
DEFAULT_WHAT = {"tmx": "tm", "po": "tm", "tbx": "terms", "tbx2": "terms", "csv": "terms",
                "tsv": "terms", "omegat": "terms", "xliff": "tm", "xliff2": "tm"}
ALLOWED_WHAT = {"tmx": ("tm", "terms", "all"), "po": ("tm", "terms", "all"),
                "xliff": ("tm", "terms", "all"), "xliff2": ("tm", "terms", "all"),
                "tbx": ("terms",), "csv": ("terms", "tm"), "tsv": ("terms", "tm"),
                "tbx2": ("terms",), "omegat": ("terms",)}
FORMAT_NAMES = {"tbx2": "TBX 2008", "omegat": "an OmegaT glossary", "xliff": "XLIFF 1.2",
                "xliff2": "XLIFF 2.0"}
ExportProgress = Callable[[int, int], None]  # (written so far, total)


@dataclass
class ExportReport:
    path: str
    format: str
    what: str
    written: int = 0
    left_out: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        what = {"terms": "entries", "tm": "TM units", "all": "entries and TM units"}[self.what]
        name = FORMAT_NAMES.get(self.format, self.format.upper())
        text = f"{self.path}: {self.written} {what} exported as {name}"
        return text + (f", {self.left_out} left out" if self.left_out else "")

    def to_dict(self) -> dict:
        return asdict(self)


def format_for(path: Path, name: str | None) -> str:
    if name:
        key = name.lower().lstrip(".")
        if key not in DEFAULT_WHAT:
            raise GlossaryError(f"cannot export as '{name}' (choose {', '.join(DEFAULT_WHAT)})")
        return key
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise GlossaryError(f"{path}: cannot tell the format from the name; give --format "
                            "tmx, po, tbx or csv")
    return found


class Exporter:
    def __init__(self, store: Backend):
        self.store = store

    def export(self, path: str | Path, *, format: str | None = None,  # noqa: A002
               what: str | None = None, domain: str | None = None,
               include_reference: bool = False, bom: bool = False,
               source_lang: str | None = None, target_lang: str | None = None,
               progress: ExportProgress | None = None) -> ExportReport:
        path = Path(path)
        fmt = format_for(path, format)
        what = what or DEFAULT_WHAT[fmt]
        if what not in ALLOWED_WHAT[fmt]:
            raise GlossaryError(f"{fmt.upper()} files hold {' or '.join(ALLOWED_WHAT[fmt])}, "
                                f"not '{what}'; choose another format for that")
        if not path.parent.is_dir():
            raise GlossaryError(f"{path.parent}: no such folder to export to")
        report = ExportReport(str(path), fmt, what)
        with self.store.reader() as conn:  # one snapshot for the whole export
            data = Snapshot(conn, domain, include_reference, progress)
            data.check_languages(what, source_lang, target_lang)
            data.total = sum(data.count(table) for table, kinds in
                             (("tm_units", ("tm", "all")), ("concepts", ("terms", "all")))
                             if what in kinds)
            write_atomically(path, lambda tmp: self._write(tmp, fmt, what, data, report, bom,
                                                           source_lang, target_lang))
        report.left_out += data.left_out
        report.notes = data.notes[:1000] + report.notes
        return report

    def _write(self, tmp: Path, fmt: str, what: str, data: Snapshot, report: ExportReport,
               bom: bool, source_lang: str | None, target_lang: str | None) -> None:
        safe = XmlText()
        if fmt == "tbx":
            report.written = tbx_write.write(tmp, data.concepts(), safe, data.tick)
        elif fmt == "tbx2":
            report.written = tbx2_write.write(tmp, data.concepts(), safe, data.tick,
                                              source_lang or "en")
        elif fmt in ("csv", "tsv"):
            delimiter = "\t" if fmt == "tsv" else ","
            if what == "tm":
                report.written = csv_write.write_memory(tmp, data.units(), delimiter=delimiter,
                                                        bom=bom, done=data.tick)
            else:
                report.written, unpaired = csv_write.write_glossary(
                    tmp, data.concepts(), delimiter=delimiter, bom=bom)
                report.left_out += len(unpaired)
                if unpaired:
                    they = "it lacks" if len(unpaired) == 1 else "they lack"
                    report.notes.append(grouped([entry_name(c) for c in unpaired],
                                                "a glossary row needs a Chinese and an English "
                                                f"full term, and {they} one"))
        elif fmt == "omegat":
            report.written, unpaired = omegat.write(tmp, data.concepts(), source_lang or "en")
            report.left_out += len(unpaired)
            if unpaired:
                report.notes.append(grouped([entry_name(c) for c in unpaired],
                                            "an OmegaT glossary line needs a source term and an "
                                            "acceptable translation"))
        elif fmt in ("xliff", "xliff2"):
            xliff_export(tmp, fmt, what, data, report, safe, source_lang, target_lang)
        elif fmt == "tmx":
            units = data.pair_filter(self._units(data, what), source_lang, target_lang)
            report.written = tmx_write.write(tmp, units, data.source_lang(source_lang), safe,
                                             data.tick)
        else:
            pair = data.language_pair(what, source_lang, target_lang)
            with tmp.open("w", encoding="utf-8") as out:
                report.written, left = po.write(out, self._po_records(data, what, pair), *pair,
                                                plural_forms=data.plural_forms(pair[1]))
            report.written += data.in_plural_entries  # units, as for the other formats
            report.left_out += len(left)
            if left:
                report.notes.append(grouped(
                    [repr(text if len(text) <= 40 else text[:37] + "...") for text in left],
                    "gettext does not allow a msgid and msgstr that differ in a leading or "
                    "trailing newline", noun=("unit", "units")))
        if safe.replaced:
            report.notes.append(f"{safe.replaced} texts held characters XML cannot hold; "
                                "they were replaced by U+FFFD")

    @staticmethod
    def _units(data: Snapshot, what: str) -> Iterator[dict]:
        if what in ("tm", "all"):
            yield from data.units()
        if what in ("terms", "all"):
            yield from data.term_units()

    @staticmethod
    def _po_records(data: Snapshot, what: str, pair: tuple[str, str]) -> Iterator[dict]:
        """PO records sorted by (msgid, context), so the writer sees duplicates side by side."""
        streams = []
        if what in ("tm", "all"):
            streams.append(data.po_units(*pair))
        if what in ("terms", "all"):
            streams.append(data.po_terms(*pair))
        return heapq.merge(*streams, key=lambda r: (r["msgid"], r["context"]))
