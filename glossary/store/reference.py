"""Reference dictionaries (CC-CEDICT) in bulk: stored fast, searched in place, removed
as a whole.

A dictionary holds some 120,000 entries and 400,000 terms, three times what a
translator's own termbase has. Held in memory with the user's terms (termrows.py) it
made a one-off `glossary lookup` load and index all of them: 8 s and 535 MB. So
reference terms stay on disk and are searched through SQLite's indexes on the key and
the pinyin (exact and prefix), and by one scan of the key index for a Chinese
substring: milliseconds, and they rank after the user's own entries anyway.
"""

from __future__ import annotations

import re

from glossary.formats import Entry
from glossary.formats.cedict import SOURCE
from glossary.models import REFERENCE_SOURCES, ImportReport, now
from glossary.store.base import Backend
from glossary.store.termrows import REFERENCE_SELECT, TermRow, term_row
from glossary.text.normalize import has_han, search_key

_key = getattr(search_key, "__wrapped__", search_key)


def pinyin_of(reading: str) -> tuple[str, str]:
    """Toneless and tone-number keys, like normalize.pinyin_keys, from 'Bei3 jing1'."""
    toned = reading.lower().replace("u:", "v").replace(" ", "")
    return re.sub(r"\d", "", toned), toned


class ReferenceLoader:
    """Writes dictionary entries with executemany; skips entries it already holds."""

    def __init__(self, store: Backend, report: ImportReport, batch: int = 2000):
        self.store, self.report, self.batch_size = store, report, batch
        self.pending: list[Entry] = []
        self.seen = self._stored()

    def _stored(self) -> set[tuple]:
        rows = self.store.rows(
            "SELECT c.id, c.definition, t.text FROM concepts c JOIN terms t "
            "ON t.concept_id = c.id WHERE c.source = ? AND t.lang LIKE 'zh%' "
            "ORDER BY c.id, t.position", (SOURCE,))
        grouped: dict[int, list] = {}
        for cid, definition, text in rows:
            grouped.setdefault(cid, [definition]).append(text)
        return {tuple(v) for v in grouped.values()}

    def add(self, entry: Entry) -> None:
        """Store the entry unless one with the same headwords and glosses is stored. The
        English terms are not compared: they are derived from the glosses, and a newer
        reader deriving more of them must not add the dictionary a second time."""
        signature = (entry.concept.get("definition"),
                     *(t.text for t in entry.terms if t.lang.startswith("zh")))
        if signature in self.seen:
            self.report.skipped += 1
            return
        self.seen.add(signature)
        self.pending.append(entry)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        store, stamp = self.store, now()
        first = store.scalar("SELECT coalesce(max(id), 0) + 1 FROM concepts")
        concepts, terms = [], []
        for cid, entry in enumerate(self.pending, start=first):
            c = entry.concept
            concepts.append((cid, c.get("definition"), c.get("note"), SOURCE, stamp, stamp))
            plain, toned = pinyin_of(c.get("reading") or "")
            for position, t in enumerate(entry.terms):
                chinese = t.lang.startswith("zh")
                terms.append((cid, t.lang, t.text, _key(t.text), plain if chinese else None,
                              toned if chinese else None, t.status, t.type, position))
        store.executemany("INSERT INTO concepts (id, definition, note, source, created, changed) "
                         "VALUES (?, ?, ?, ?, ?, ?)", concepts)
        store.executemany("INSERT INTO terms (concept_id, lang, text, key, pinyin, pinyin_tones, "
                         "status, type, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", terms)
        self.report.added += len(self.pending)
        self.pending = []


TOP = "\U0010ffff"  # above every character: key < prefix + TOP bounds a prefix range
SUBSTRING_MIN = 2  # characters a query needs before every key is scanned for it


def search(store: Backend, kind: str, key: str, plain: str | None, limit: int
           ) -> list[TermRow]:
    """Reference terms that may match the query as `kind` (exact, prefix, substring or
    pinyin; typos are not looked for in a dictionary), the shortest first, `limit` at
    most. Lookup ranks them (classify) as it does the user's own terms."""
    params: tuple[str | int, ...]
    if kind == "exact":
        where, params = "t.key = ? ORDER BY t.id LIMIT ?", (key, limit)
    elif kind == "prefix":
        where, params = ("t.key > ? AND t.key < ? ORDER BY length(t.key), t.id LIMIT ?",
                         (key, key + TOP, limit))
    elif kind == "substring" and len(key) >= SUBSTRING_MIN and has_han(key):
        # Chinese only: an English word is inside thousands of glosses, and a gloss that
        # holds the query is rarely a translation of it. The scan reads the key index
        # alone (half the bytes of the table), then fetches the few rows found.
        where, params = ("t.id IN (SELECT id FROM terms WHERE instr(key, ?) > 1) "
                         "ORDER BY length(t.key), t.id LIMIT ?", (key, limit))
    elif kind == "pinyin" and plain:
        where, params = ("t.pinyin >= ? AND t.pinyin < ? ORDER BY length(t.pinyin), t.id "
                         "LIMIT ?", (plain, plain + TOP, limit))
    else:
        return []
    marks = ",".join("?" * len(REFERENCE_SOURCES))
    # "+c.source": the planner would otherwise walk every dictionary entry by source
    sql = f"{REFERENCE_SELECT} WHERE +c.source IN ({marks}) AND {where}"
    return [term_row(row) for row in store.rows(sql, (*REFERENCE_SOURCES, *params))]


def remove(store: Backend, source: str = SOURCE) -> int:
    """Delete every entry that came from a reference source; returns how many."""
    with store.transaction():
        count = store.scalar("SELECT count(*) FROM concepts WHERE source = ?", (source,))
        store.execute("DELETE FROM concepts WHERE source = ?", (source,))
    return count
