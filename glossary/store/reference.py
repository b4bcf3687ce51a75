"""Reference dictionaries (CC-CEDICT) in bulk: stored fast, removed as a whole."""

from __future__ import annotations

import re

from glossary.formats import Entry
from glossary.formats.cedict import SOURCE
from glossary.models import ImportReport, now
from glossary.store.base import Backend
from glossary.text.normalize import search_key

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
            "ON t.concept_id = c.id WHERE c.source = ? ORDER BY c.id, t.position", (SOURCE,))
        grouped: dict[int, list] = {}
        for cid, definition, text in rows:
            grouped.setdefault(cid, [definition]).append(text)
        return {tuple(v) for v in grouped.values()}

    def add(self, entry: Entry) -> None:
        signature = (entry.concept.get("definition"), *(t.text for t in entry.terms))
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


def remove(store: Backend, source: str = SOURCE) -> int:
    """Delete every entry that came from a reference source; returns how many."""
    with store.transaction():
        count = store.scalar("SELECT count(*) FROM concepts WHERE source = ?", (source,))
        store.execute("DELETE FROM concepts WHERE source = ?", (source,))
    return count
