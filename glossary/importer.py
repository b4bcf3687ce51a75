"""Importing files into the termbase and memory: one transaction and one record per file.

A file's content hash is recorded, so importing the same content again is a no-op
that says so. A file that fails leaves the database exactly as before, and the
error names the file, the line, and what is wrong.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from .csvfile import CsvTable, read_table, records
from .database import Store, now
from .errors import GlossaryError, InputFileError
from .langtags import bcp47
from .memory import Memory, unit_row
from .models import ImportReport
from .normalize import is_chinese_tag, search_key
from .termbase import Termbase, make_terms

STATUS_WORDS = {
    "preferred": {"preferred", "approved", "preferredterm", "首选", "推荐"},
    "admitted": {"admitted", "allowed", "permitted", "admittedterm", "可用", "允许"},
    "deprecated": {"deprecated", "obsolete", "superseded", "deprecatedterm", "不推荐", "弃用"},
    "forbidden": {"forbidden", "prohibited", "banned", "supersededterm", "禁用", "禁止"},
}
INBOX_SUFFIXES = {".csv", ".tsv", ".tab", ".txt", ".utf8"}  # .txt/.utf8: OmegaT glossaries


def status_of(cell: str) -> str:
    word = cell.strip().lower().replace("-admn-sts", "").replace(" ", "")
    if not word:
        return "preferred"
    for status, words in STATUS_WORDS.items():
        if word in words:
            return status
    raise GlossaryError(
        f"status '{cell}' is not one of preferred, admitted, deprecated, forbidden"
    )


class Importer:
    def __init__(self, store: Store, termbase: Termbase, memory: Memory):
        self.store = store
        self.termbase = termbase
        self.memory = memory

    def import_path(self, path: str | Path) -> ImportReport:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputFileError(str(path), None, f"cannot read the file ({exc.strerror})") from exc
        digest = hashlib.sha256(data).hexdigest()
        done = self.store.query(
            "SELECT kind, format FROM imports WHERE sha256 = ? AND ok = 1 LIMIT 1", (digest,)
        )
        if done:
            return ImportReport(str(path), done[0]["format"], done[0]["kind"],
                                already_imported=True)
        if path.suffix.lower() not in INBOX_SUFFIXES:
            raise InputFileError(
                str(path), None, f"cannot import '{path.suffix or path.name}' files yet "
                "(CSV, TSV and OmegaT tab-separated glossaries are supported)"
            )
        table = read_table(path, data)
        report = ImportReport(str(path), "tsv" if table.delimiter == "\t" else "csv", table.kind)
        try:
            with self.store.transaction() as db:
                import_id = db["imports"].insert(
                    {"path": str(path), "sha256": digest, "format": report.format,
                     "kind": report.kind, "ok": 1, "at": now()}
                ).last_pk
                if table.kind == "tm":
                    self._import_tm(table, path, import_id, report)
                else:
                    self._import_terms(table, path, report)
                db["imports"].update(import_id, {
                    "added": report.added, "merged": report.merged,
                    "skipped": report.skipped, "rejected": report.rejected,
                })
        except GlossaryError as exc:
            self._record_failure(path, digest, report, str(exc))
            raise
        return report

    def _record_failure(self, path: Path, digest: str, report: ImportReport, error: str) -> None:
        with self.store.transaction() as db:
            db["imports"].insert(
                {"path": str(path), "sha256": digest, "format": report.format,
                 "kind": report.kind, "ok": 0, "errors": json.dumps([error]), "at": now()}
            )

    def _import_terms(self, table: CsvTable, path: Path, report: ImportReport) -> None:
        for line, rec in records(table):
            try:
                self._merge_entry(rec, path, report)
            except InputFileError:
                raise
            except GlossaryError as exc:
                raise InputFileError(str(path), f"line {line}", str(exc)) from exc

    def _merge_entry(self, rec: dict[str, str], path: Path, report: ImportReport) -> None:
        """Add the row as a new entry, or merge its new terms into the entry it names."""
        status = status_of(rec.get("status", ""))
        if not rec.get("zh"):
            raise GlossaryError("the Chinese term is empty")
        if not rec.get("en"):
            raise GlossaryError("the English term is empty")
        terms = make_terms(rec["zh"], rec["en"], status=status, pos=rec.get("pos") or None,
                           abbr=rec.get("abbr"))
        domain = rec.get("domain") or None
        concept_id = self._find_concept(rec["zh"], rec["en"], domain)
        if concept_id is None:
            self.termbase.insert(
                {"domain": domain, "definition": rec.get("definition") or None,
                 "note": rec.get("note") or None, "source": path.name},
                terms, log=False,
            )
            report.added += 1
            return
        have = {r["key"] for r in self.store.query(
            "SELECT key FROM terms WHERE concept_id = ?", (concept_id,))}
        new = [t for t in terms if search_key(t.text) not in have]
        if new:
            for t in new:  # a variant row's note is about its own terms ("use X instead")
                t.note = rec.get("note") or None
            self.termbase.add_terms(concept_id, new)
            report.merged += 1
        else:
            report.skipped += 1

    def _find_concept(self, zh: str, en: str, domain: str | None) -> int | None:
        """An entry that already holds the Chinese or the English term, in a compatible domain."""
        rows = self.store.query(
            "SELECT t.concept_id, t.lang, t.key, c.domain FROM terms t "
            "JOIN concepts c ON c.id = t.concept_id WHERE t.key IN (?, ?) "
            "ORDER BY t.concept_id",
            (search_key(zh), search_key(en)),
        )
        for r in rows:
            side_ok = (r["key"] == search_key(zh)) == is_chinese_tag(r["lang"])
            if side_ok and (not domain or not r["domain"] or r["domain"] == domain):
                return r["concept_id"]
        return None

    def _import_tm(self, table: CsvTable, path: Path, import_id: int,
                   report: ImportReport) -> None:
        def rows() -> Iterable[dict]:
            for line, rec in records(table):
                rec["source_lang"] = bcp47(rec["source_lang"])
                rec["target_lang"] = bcp47(rec["target_lang"])
                rec.setdefault("origin", path.name)
                rec["origin"] = rec["origin"] or path.name
                try:
                    yield unit_row(rec, import_id)
                except GlossaryError as exc:
                    raise InputFileError(str(path), f"line {line}", str(exc)) from exc

        added, skipped = self.memory.add_rows(rows())
        report.added += added
        report.skipped += skipped

    def import_inbox(self, folder: str | Path) -> list[ImportReport]:
        """Every importable file in the folder whose content was not imported before."""
        folder = Path(folder)
        if not folder.is_dir():
            raise GlossaryError(f"{folder}: no such folder to import from")
        files = sorted(p for p in folder.iterdir()
                       if p.is_file() and p.suffix.lower() in INBOX_SUFFIXES
                       and not p.name.startswith(".") and p.stem.lower() != "readme")
        return [self.import_path(p) for p in files]
