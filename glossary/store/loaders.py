"""Where read records go: TM units in bulk, entries merged into the termbase.

Both run inside the importer's one transaction. Units are inserted with executemany
in batches (INSERT OR IGNORE on the fingerprint, so an identical unit is skipped and
a unit with the same source but a new target is kept beside the old one). An entry
that shares a term with an entry already in the termbase merges into it; one that
does not becomes a new entry.
"""

from __future__ import annotations

from collections.abc import Callable

from glossary.errors import GlossaryError
from glossary.formats import WIRE, Entry, extras_json
from glossary.formats.keys import fast_key_pairs
from glossary.formats.terms import ABBREVIATED
from glossary.models import REFERENCE_SOURCES, ImportReport, check_status, now
from glossary.store.base import Backend
from glossary.store.memory import fingerprint
from glossary.store.termbase import Termbase
from glossary.text.normalize import is_chinese_tag, search_key

UNIT_COLUMNS = ("source_lang", "source", "target_lang", "target", "source_key", "target_key",
                "context", "origin", "import_id", "status", "created", "changed", "fingerprint",
                "source_markup", "target_markup", "note", "creator", "domain", "extras")
INSERT_UNIT = (f"INSERT OR IGNORE INTO tm_units ({', '.join(UNIT_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(UNIT_COLUMNS))})")


def unit_tuple(unit: dict, import_id: int | None, stamp: str) -> tuple:
    """The stored row of a unit, as memory.unit_row builds it, plus the TMX extras."""
    row = wire_row(tuple(map(unit.get, WIRE)), import_id, stamp)
    fill_keys([row])
    return tuple(row)


def wire_row(values: tuple, import_id: int | None, stamp: str) -> list:
    """The stored row of a unit given as its WIRE values, checked. A key the reader did
    not send stays None, for UnitLoader.flush to fill a batch at a time."""
    (source_lang, source, source_markup, target_lang, target, target_markup, created, changed,
     creator, context, domain, note, origin, status, extras, source_key, target_key) = values
    source, target = source or "", target or ""
    if not source.strip():
        raise GlossaryError("the source text is empty")
    if not (source_lang or "").strip():
        raise GlossaryError("the source language is missing")
    if not target.strip():
        raise GlossaryError("the target text is empty")
    if not (target_lang or "").strip():
        raise GlossaryError("the target language is missing")
    context = context or ""
    created = created or stamp
    return [
        source_lang, source, target_lang, target, source_key, target_key,
        context, origin, import_id, status or "translated", created, changed or created,
        fingerprint(source_lang, source, target_lang, target, context),
        source_markup, target_markup, note, creator, domain, extras_json(extras),
    ]


def fill_keys(rows: list[list]) -> None:
    """Search keys for the rows that came without them, in one batch (keys.fast_keys).
    Rows are in UNIT_COLUMNS order: the texts at 1 and 3, their keys at 4 and 5."""
    pending = [row for row in rows if row[4] is None or row[5] is None]
    if not pending:
        return
    pairs = fast_key_pairs([row[1] for row in pending], [row[3] for row in pending])
    for row, (source_key, target_key) in zip(pending, pairs, strict=True):
        row[4] = row[4] or source_key
        row[5] = row[5] or target_key


class UnitLoader:
    """Collects unit rows and writes them in batches; counts added and skipped."""

    def __init__(self, store: Backend, report: ImportReport, import_id: int | None,
                 batch: int = 5000):
        self.store, self.report, self.import_id = store, report, import_id
        self.batch_size = batch
        self.rows: list[list] = []
        self.stamp = now()
        self.sent: tuple[Callable[[], int], int] | None = None  # a batch's count to come

    def add(self, unit: dict) -> None:
        self.add_values(tuple(map(unit.get, WIRE)))

    def add_values(self, values: tuple) -> None:
        """A unit as its WIRE values, the way the reading process sends it."""
        self.rows.append(wire_row(values, self.import_id, self.stamp))
        if len(self.rows) >= self.batch_size:
            self._send()

    def flush(self) -> None:
        self._send()
        self._tally()

    def _send(self) -> None:
        """Write the batch; the server may still be inserting it when this returns,
        while the next batch is built (Backend.executemany_later)."""
        if not self.rows:
            return
        fill_keys(self.rows)
        self._tally()
        self.sent = (self.store.executemany_later(INSERT_UNIT, self.rows), len(self.rows))
        self.rows = []

    def _tally(self) -> None:
        if self.sent is not None:
            count, size = self.sent
            self.sent = None
            added = count()
            self.report.added += added
            self.report.skipped += size - added


def side(lang: str) -> str:
    """Terms compare within a language; all Chinese tags are one side (keys fold t2s)."""
    return "zh" if is_chinese_tag(lang) else lang.lower().split("-")[0]


class EntryLoader:
    """Adds entries, or merges their new terms into the entry already holding one of them."""

    def __init__(self, store: Backend, termbase: Termbase, report: ImportReport, origin: str):
        self.store, self.termbase, self.report, self.origin = store, termbase, report, origin
        self.added_ids: set[int] = set()

    def add(self, entry: Entry) -> None:
        if not entry.terms:
            raise GlossaryError("the entry has no terms")
        for term in entry.terms:
            check_status(term.status)
            if not term.text.strip():
                raise GlossaryError(f"a {term.lang} term is empty")
        concept_id = self._find(entry)
        if concept_id is None:
            fields = {**entry.concept, "source": entry.concept.get("source") or self.origin}
            self.added_ids.add(self.termbase.insert(fields, entry.terms, log=False))
            self.report.added += 1
            return
        have = {r["key"] for r in self.store.query(
            "SELECT key FROM terms WHERE concept_id = ?", (concept_id,))}
        new = [t for t in entry.terms if search_key(t.text) not in have]
        if entry.row:  # a variant row's note is about its own terms ("use X instead")
            for t in new:
                t.note = entry.concept.get("note") or None
        filled = {} if entry.row else self._blanks(concept_id, entry.concept)
        if new:
            self.termbase.add_terms(concept_id, new)
        if filled:
            self.store.update("concepts", concept_id, {**filled, "changed": now()})
        if new or filled:
            self.report.merged += 1
        else:
            self.report.skipped += 1

    def _blanks(self, concept_id: int, incoming: dict) -> dict:
        """Fields the stored entry lacks and the incoming one has: filled, never overwritten."""
        row = self.store.query("SELECT domain, definition, note FROM concepts WHERE id = ?",
                               (concept_id,))[0]
        return {k: incoming[k] for k in row if not row[k] and incoming.get(k)}

    def _find(self, entry: Entry) -> int | None:
        """An entry (not a reference one) holding one of the full-form terms, same domain."""
        wanted = {(search_key(t.text), side(t.lang)) for t in entry.terms
                  if t.type not in ABBREVIATED}
        if not wanted:
            return None
        keys = sorted({k for k, _ in wanted})
        marks = ",".join("?" * len(keys))
        refs = ",".join("?" * len(REFERENCE_SOURCES))
        rows = self.store.query(
            f"SELECT t.concept_id, t.lang, t.key, c.domain FROM terms t "
            f"JOIN concepts c ON c.id = t.concept_id WHERE t.key IN ({marks}) "
            f"AND c.source NOT IN ({refs}) ORDER BY t.concept_id",
            (*keys, *REFERENCE_SOURCES),
        )
        domain = entry.concept.get("domain")
        for r in rows:
            if (r["key"], side(r["lang"])) not in wanted:
                continue
            if not entry.row and r["concept_id"] in self.added_ids:
                continue  # two concepts of one TBX file stay two concepts
            if not domain or not r["domain"] or r["domain"] == domain:
                return r["concept_id"]
        return None
