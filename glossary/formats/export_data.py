"""What an export reads: entries and units from one read-only snapshot, streamed.

Rows are fetched in batches, so exporting a million units holds a batch in memory,
not the memory. Entries from reference dictionaries are left out unless asked for;
--domain keeps the entries and units of one subject field.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator

from ..models import Concept, Term
from .loader import REFERENCE_SOURCES

UNIT_FIELDS = ("id", "source_lang", "source", "target_lang", "target", "context", "origin",
               "status", "created", "changed", "note", "creator", "domain", "source_markup",
               "target_markup")
CONCEPT_FIELDS = ("id", "domain", "definition", "note", "source", "created", "changed")
TERM_FIELDS = ("id", "concept_id", "lang", "text", "status", "type", "pos", "context", "note")
BATCH = 500


def primary(tag: str) -> str:
    return tag.lower().split("-")[0]


class Snapshot:
    def __init__(self, conn: sqlite3.Connection, domain: str | None, include_reference: bool,
                 progress: Callable[[int, int], None] | None = None):
        self.conn, self.domain, self.include_reference = conn, domain, include_reference
        self.progress = progress
        self.total = 0
        self.left_out = 0
        self.notes: list[str] = []

    def tick(self, done: int) -> None:
        if self.progress is not None:
            self.progress(done, self.total)

    def _where(self, table: str) -> tuple[str, list]:
        clauses, params = ["1"], []
        if self.domain:
            clauses.append("lower(domain) = lower(?)")
            params.append(self.domain)
        if table == "concepts" and not self.include_reference:
            clauses.append(f"source NOT IN ({','.join('?' * len(REFERENCE_SOURCES))})")
            params += REFERENCE_SOURCES
        return " AND ".join(clauses), params

    def count(self, table: str) -> int:
        where, params = self._where(table)
        sql = f"SELECT count(*) FROM {table} WHERE {where}"
        return self.conn.execute(sql, params).fetchone()[0]

    def units(self, extra: str = "", params: tuple = (), order: str = "id") -> Iterator[dict]:
        where, base = self._where("tm_units")
        cursor = self.conn.execute(
            f"SELECT {', '.join(UNIT_FIELDS)} FROM tm_units WHERE {where} {extra} ORDER BY {order}",
            (*base, *params))
        while batch := cursor.fetchmany(BATCH):
            for row in batch:
                yield dict(zip(UNIT_FIELDS, row, strict=True))

    def concepts(self) -> Iterator[Concept]:
        where, params = self._where("concepts")
        cursor = self.conn.execute(
            f"SELECT {', '.join(CONCEPT_FIELDS)} FROM concepts WHERE {where} ORDER BY id", params)
        while batch := cursor.fetchmany(BATCH):
            ids = [row[0] for row in batch]
            terms: dict[int, list[Term]] = {}
            for row in self.conn.execute(
                    f"SELECT {', '.join(TERM_FIELDS)} FROM terms WHERE concept_id IN "
                    f"({','.join('?' * len(ids))}) ORDER BY concept_id, position, id", ids):
                fields = dict(zip(TERM_FIELDS, row, strict=True))
                terms.setdefault(fields.pop("concept_id"), []).append(Term(**fields))
            for row in batch:
                concept = Concept(**dict(zip(CONCEPT_FIELDS, row, strict=True)),
                                  terms=terms.get(row[0], []))
                if concept.terms:
                    yield concept
                else:
                    self.left_out += 1
                    self.notes.append(f"entry {concept.id}: it has no terms")

    def _pair_terms(self, concept: Concept) -> tuple[Term, Term] | None:
        zh = next((t for t in concept.terms if t.is_chinese and t.text == concept.zh), None)
        en = next((t for t in concept.terms if not t.is_chinese and t.text == concept.en), None)
        if zh is None or en is None:
            self.left_out += 1
            self.notes.append(f"entry {concept.id}: a unit needs a Chinese and an English term")
            return None
        return zh, en

    def term_units(self) -> Iterator[dict]:
        """Entries as English -> Chinese units, for tools that take a glossary as TMX."""
        for concept in self.concepts():
            pair = self._pair_terms(concept)
            if pair is not None:
                zh, en = pair
                yield {"source_lang": en.lang, "source": en.text, "target_lang": zh.lang,
                       "target": zh.text, "domain": concept.domain, "note": concept.definition,
                       "created": concept.created, "changed": concept.changed,
                       "context": "", "status": "translated"}

    def source_lang(self, wanted: str | None) -> str:
        if wanted:
            return wanted
        row = self.conn.execute("SELECT source_lang FROM tm_units GROUP BY 1 "
                                "ORDER BY count(*) DESC LIMIT 1").fetchone()
        return row[0] if row else "en"

    def language_pair(self, what: str, source: str | None, target: str | None
                      ) -> tuple[str, str]:
        """The one language pair a PO file holds: as asked, else the commonest."""
        if what != "terms":
            row = self.conn.execute("SELECT source_lang, target_lang FROM tm_units "
                                    "GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1").fetchone()
            if row:
                return source or row[0], target or row[1]
        langs = Counter(t.lang for c in self.concepts() for t in c.terms if t.is_chinese)
        self.left_out, self.notes = 0, []
        return source or "en", target or (langs.most_common(1)[0][0] if langs else "zh-Hans")

    def po_units(self, source: str, target: str) -> Iterator[dict]:
        clause = ("AND (lower(source_lang) = ? OR lower(source_lang) LIKE ? || '-%') "
                  "AND (lower(target_lang) = ? OR lower(target_lang) LIKE ? || '-%')")
        s, t = primary(source), primary(target)
        kept = 0
        for unit in self.units(clause, (s, s, t, t), order="source, context, id"):
            kept += 1
            yield {"msgid": unit["source"], "msgstr": unit["target"], "context": unit["context"],
                   "domain": unit["domain"], "note": unit["note"],
                   "fuzzy": unit["status"] == "fuzzy"}
        other = self.count("tm_units") - kept
        if other:
            self.left_out += other
            self.notes.append(f"{other} units in other languages than {source} -> {target}; "
                              "a PO file holds one language pair")

    def po_terms(self) -> Iterator[dict]:
        records = []
        for concept in self.concepts():
            pair = self._pair_terms(concept)
            if pair is not None:
                records.append({"msgid": pair[1].text, "msgstr": pair[0].text, "context": "",
                                "domain": concept.domain, "definition": concept.definition,
                                "note": concept.note, "fuzzy": False})
        records.sort(key=lambda r: r["msgid"])
        yield from records
