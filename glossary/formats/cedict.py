"""CC-CEDICT as a reference dictionary: read it, store it in bulk, remove it as a whole.

A line `傳統 传统 [chuan2 tong3] /tradition/traditional/` becomes one entry whose
source is 'cedict': the traditional and simplified forms as Chinese terms, the
glosses as English terms (status admitted: a dictionary suggests, it does not
prescribe, so QA never demands them), all glosses as the definition and the reading
as the note. Pinyin keys come from the dictionary's own reading, which is both right
for polyphones and far faster than computing them for 120,000 entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..database import Store, now
from ..models import ImportReport
from ..normalize import search_key
from . import Entry, ReadOptions, Rejected, Source
from .loader import make_term

SOURCE = "cedict"
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
NOT_A_TERM = re.compile(r"^(CL:|see |see also|(old )?variant of|abbr\. (for|of)|used in|"
                        r"also (written|pr\.)|surname |\(|erhua variant)", re.IGNORECASE)
HEADER = re.compile(r"^#! ?\w+=|CC-CEDICT", re.IGNORECASE)
_key = getattr(search_key, "__wrapped__", search_key)


def looks_like_cedict(text: str) -> bool:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if any(HEADER.search(ln) for ln in lines if ln.startswith("#")):
        return True
    data = [ln for ln in lines if not ln.startswith("#")][:5]
    return bool(data) and all(LINE.match(ln) for ln in data)


def read(source: Source, opts: ReadOptions) -> Iterator[Entry | Rejected]:
    with source.open() as stream:
        for number, raw in enumerate(stream, start=1):
            line = raw.decode("utf-8-sig", errors="replace").rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            match = LINE.match(line)
            if match is None:
                yield Rejected(f"line {number}", "not a CC-CEDICT line "
                               "(TRADITIONAL SIMPLIFIED [pin1 yin1] /gloss/gloss/)")
                continue
            trad, simp, reading, glosses = match.groups()
            senses = [g.strip() for g in glosses.split("/") if g.strip()]
            terms = [make_term("zh-Hant" if trad != simp else "zh-Hans", trad,
                               status="admitted")]
            if simp != trad:
                terms.append(make_term("zh-Hans", simp, status="admitted"))
            terms += [make_term("en", g, status="admitted") for g in dict.fromkeys(senses)
                      if not NOT_A_TERM.match(g)]
            concept = {"definition": "; ".join(senses) or None, "note": f"[{reading}]",
                       "source": SOURCE, "reading": reading}
            yield Entry(f"line {number}", concept, terms)


def pinyin_of(reading: str) -> tuple[str, str]:
    """Toneless and tone-number keys, like normalize.pinyin_keys, from 'Bei3 jing1'."""
    toned = reading.lower().replace("u:", "v").replace(" ", "")
    return re.sub(r"\d", "", toned), toned


class ReferenceLoader:
    """Writes dictionary entries with executemany; skips entries it already holds."""

    def __init__(self, store: Store, report: ImportReport, batch: int = 2000):
        self.store, self.report, self.batch_size = store, report, batch
        self.pending: list[Entry] = []
        self.seen = self._stored()

    def _stored(self) -> set[tuple]:
        rows = self.store.conn.execute(
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
        conn, stamp = self.store.conn, now()
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM concepts").fetchone()[0]
        concepts, terms = [], []
        for cid, entry in enumerate(self.pending, start=first):
            c = entry.concept
            concepts.append((cid, c.get("definition"), c.get("note"), SOURCE, stamp, stamp))
            plain, toned = pinyin_of(c.get("reading") or "")
            for position, t in enumerate(entry.terms):
                chinese = t.lang.startswith("zh")
                terms.append((cid, t.lang, t.text, _key(t.text), plain if chinese else None,
                              toned if chinese else None, t.status, t.type, position))
        conn.executemany("INSERT INTO concepts (id, definition, note, source, created, changed) "
                         "VALUES (?, ?, ?, ?, ?, ?)", concepts)
        conn.executemany("INSERT INTO terms (concept_id, lang, text, key, pinyin, pinyin_tones, "
                         "status, type, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", terms)
        self.report.added += len(self.pending)
        self.pending = []


def remove(store: Store, source: str = SOURCE) -> int:
    """Delete every entry that came from a reference source; returns how many."""
    with store.transaction() as db:
        count = db.execute("SELECT count(*) FROM concepts WHERE source = ?", [source]).fetchone()
        db.execute("DELETE FROM concepts WHERE source = ?", [source])
    return count[0]
