"""Concordance: every TM unit that contains a phrase, on either side, newest first.

Matching is on search keys, so 知識產權 finds 知识产权 and IPR finds ipr, and each hit
carries the spans of every occurrence in the original text of each side. A doc that
contains the phrase holds all of the phrase's grams, at least as often as the phrase
does, so intersecting those posting lists gives the candidates; only a phrase shorter
than a gram (one or two Latin letters) needs a scan, which SQLite does in C.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from .database import Store
from .normalize import search_key
from .tm_build import decode
from .tm_grams import HAN, OTHER, substring_tokens
from .tm_index import Segment, TMIndex
from .tm_search import UNIT_COLUMNS
from .tm_spans import Span, occurrence_spans

BATCH = 256


@dataclass
class ConcordanceHit:
    id: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    source_spans: list[Span] = field(default_factory=list)
    target_spans: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


class Concordance:
    def __init__(self, store: Store, index: TMIndex | None = None):
        self.store = store
        self.index = index or TMIndex(store)

    def search(self, text: str, limit: int = 50) -> list[ConcordanceHit]:
        needle = search_key(text)
        if not needle or limit < 1:
            return []
        self.index.refresh()
        with self.store.snapshot():
            rows = self._rows(needle, limit)
        return [_hit(row, needle) for row in rows]

    def _rows(self, needle: str, limit: int) -> list[tuple]:
        conn = self.store.conn
        tokens = {space: substring_tokens(needle, space) for space in (HAN, OTHER)}
        if any(t is None for t in tokens.values()):
            return conn.execute(
                f"SELECT {UNIT_COLUMNS} FROM tm_units WHERE instr(source_key, ?) > 0 "
                "OR instr(target_key, ?) > 0 ORDER BY id DESC LIMIT ?",
                (needle, needle, limit),
            ).fetchall()
        found = [np.array(self.index.unindexed_units(), dtype=np.int64)]
        for segment in self.index.segments():
            for space, toks in tokens.items():
                found.append(self._segment_units(segment, space, toks))
        units = np.unique(np.concatenate(found))[::-1].tolist()
        hits: list[tuple] = []
        for i in range(0, len(units), BATCH):
            chunk = units[i : i + BATCH]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT {UNIT_COLUMNS} FROM tm_units WHERE id IN ({marks}) ORDER BY id DESC",
                chunk,
            ).fetchall()
            hits += [r for r in rows if needle in r[3] or needle in r[6]]
            if len(hits) >= limit:
                break
        return hits[:limit]

    def _segment_units(self, segment: Segment, space: int, tokens: list[int]) -> np.ndarray:
        docs = self.index.docs(segment, space)
        counts = self.index.counts(segment.id, space, tokens)
        if docs is None or len(counts) < len(set(tokens)):
            return np.zeros(0, dtype=np.int64)
        common: np.ndarray | None = None
        for tok in sorted(counts, key=counts.__getitem__):
            held = decode(self.index.blob(segment.id, space, tok), counts[tok], docs.count)
            common = held if common is None else np.intersect1d(common, held, assume_unique=True)
            if not len(common):
                break
        return docs.units[common].astype(np.int64)


def _hit(row: tuple, needle: str) -> ConcordanceHit:
    uid, s_lang, s_text, s_key, t_lang, t_text, t_key = row
    return ConcordanceHit(
        uid, s_text, t_text, s_lang, t_lang,
        occurrence_spans(needle, s_text, s_key) if needle in s_key else [],
        occurrence_spans(needle, t_text, t_key) if needle in t_key else [],
    )
