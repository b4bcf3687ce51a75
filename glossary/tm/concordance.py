"""Concordance: every TM unit that contains a phrase, on either side, newest first.

Matching is on search keys, so 知識產權 finds 知识产权 and IPR finds ipr, and each hit
carries the spans of every occurrence in the original text of each side. A doc that
contains the phrase holds all of the phrase's grams, at least as often as the phrase
does, so intersecting those posting lists gives the candidates; only a phrase shorter
than a gram (one or two Latin letters) needs a scan, which the database runs.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import compress, repeat
from operator import contains, itemgetter

import numpy as np

from glossary.store.base import Backend
from glossary.store.tm_rows import UnitRows
from glossary.text.normalize import search_key
from glossary.tm.build import is_bitmap
from glossary.tm.grams import HAN, OTHER, substring_tokens
from glossary.tm.index import Segment, TMIndex
from glossary.tm.spans import Span, occurrence_spans

BATCH = 256
SORT_FEW = 20_000  # fewer candidates are sorted by unit; more are picked from the order


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
    def __init__(self, store: Backend, index: TMIndex | None = None):
        self.store = store
        self.index = index or TMIndex(store)
        self.units = UnitRows(store)
        self._per_segment: dict[tuple[str, Segment, int], np.ndarray] = {}

    def search(self, text: str, limit: int = 50) -> list[ConcordanceHit]:
        needle = search_key(text)
        if not needle or limit < 1:
            return []
        self.index.refresh()
        with self.store.snapshot():
            rows = self._rows(needle, limit)
        return [_hit(row, needle) for row in rows]

    def _rows(self, needle: str, limit: int) -> list[tuple]:
        tokens = {space: substring_tokens(needle, space) for space in (HAN, OTHER)}
        segments = self.index.segments()
        in_memory = all(self.index.keys(s, sp, load=False) is not None
                        for s in segments for sp in (HAN, OTHER)
                        if self.index.docs(s, sp) is not None)
        if not in_memory and any(t is None for t in tokens.values()):
            return self.units.containing(needle, limit)
        unindexed = sorted(self.index.unindexed_units(), reverse=True)
        sources: list[Iterator[int]] = [iter(unindexed)]
        skip = set(unindexed)
        for segment in segments:
            for space, toks in tokens.items():
                if in_memory:
                    sources.append(self._hits(segment, space, toks, needle, skip))
                elif toks is not None and (
                        units := self._candidate_units(segment, space, toks)) is not None:
                    sources.append(iter(units.tolist()))
        return self._fetch(heapq.merge(*sources, key=neg), needle, limit, in_memory)

    def _fetch(self, units: Iterator[int], needle: str, limit: int, tested: bool
               ) -> list[tuple]:
        """Rows of the newest units that really contain the needle: a candidate may be a
        unit changed or deleted since it was indexed, so the stored row decides. Tested
        candidates nearly all are hits, so no more of them are taken than still wanted
        (finding a rare needle's next one can mean testing thousands of keys)."""
        hits: list[tuple] = []
        last = None
        while len(hits) < limit:
            batch: list[int] = []
            size = limit - len(hits) if tested else BATCH
            for uid in units:
                if uid != last:
                    batch.append(uid)
                    last = uid
                    if len(batch) >= size:
                        break
            if not batch:
                break
            rows = self.units.newest_first(batch)
            hits += [r for r in rows if needle in r[3] or needle in r[6]]
        return hits[:limit]

    def _candidate_docs(self, segment: Segment, space: int, tokens: list[int]) -> np.ndarray:
        """Docs holding every token, rarest list first; long lists are tested, not decoded.

        A bitmap tells whether a doc holds a token by one bit, so once the rarest lists
        have narrowed the candidates, the lists of "the" and "的" cost a lookup each.
        """
        docs = self.index.docs(segment, space)
        counts = self.index.counts(segment, space, tokens)
        if docs is None or len(counts) < len(set(tokens)):
            return np.zeros(0, dtype=np.int64)
        ndocs = docs.count
        found: np.ndarray | None = None
        for tok in sorted(counts, key=counts.__getitem__):
            held = self.index.window(segment, space, tok, counts[tok], 0, ndocs)
            if is_bitmap(counts[tok], ndocs):
                found = np.flatnonzero(held) if found is None else found[held[found] != 0]
            elif found is None:
                found = held.astype(np.int64)
            elif not len(held):
                return np.zeros(0, dtype=np.int64)
            else:
                at = np.minimum(np.searchsorted(held, found), len(held) - 1)
                found = found[held[at] == found]
            if not len(found):
                break
        return found if found is not None else np.arange(ndocs, dtype=np.int64)

    def _candidate_units(self, segment: Segment, space: int, tokens: list[int]
                         ) -> np.ndarray | None:
        """Units of the candidate docs, newest first (keys not in memory: rows decide)."""
        docs = self.index.docs(segment, space)
        if docs is None:
            return None
        units = docs.units[self._candidate_docs(segment, space, tokens)].astype(np.int64)
        return np.sort(units)[::-1]

    def _hits(self, segment: Segment, space: int, tokens: list[int] | None, needle: str,
              skip: set[int]) -> Iterator[int]:
        """Units of a segment whose key in this space holds the needle, newest first,
        tested on the keys in memory. With no tokens (a needle shorter than a gram),
        every doc long enough is a candidate; going newest first, a common needle stops
        after a few hundred, and the caller stops taking once it has enough."""
        docs = self.index.docs(segment, space)
        if docs is None:
            return
        keys = self.index.keys(segment, space, load=False)
        if tokens is None:
            order = self._newest(segment, space)
            ordered = order[order >= docs.offsets[min(len(needle), len(docs.offsets) - 1)]]
            if not needle.isascii() and keys is not None:  # 他说 can only be in the
                ordered = ordered[~self._ascii(segment, space)[ordered]]  # keys not ASCII
        else:
            found = self._candidate_docs(segment, space, tokens)
            if len(found) <= SORT_FEW:
                ordered = found[np.argsort(docs.units[found])[::-1]]
            else:
                wanted = np.zeros(docs.count, dtype=bool)
                wanted[found] = True
                order = self._newest(segment, space)
                ordered = order[wanted[order]]
        units = docs.units
        if keys is None:  # dropped since the search began: the stored rows decide
            yield from (u for u in units[ordered].tolist() if u not in skip)
            return
        for start in range(0, len(ordered), BATCH):
            batch = ordered[start : start + BATCH].tolist()
            held = itemgetter(*batch)(keys) if len(batch) > 1 else (keys[batch[0]],)
            for doc in compress(batch, map(contains, held, repeat(needle))):  # loops in C
                uid = int(units[doc])
                if uid not in skip:
                    yield uid

    def warm(self) -> None:
        """Work out the orders and masks a search in memory uses, for every segment."""
        for segment in self.index.segments():
            for space in (HAN, OTHER):
                if self.index.docs(segment, space) is not None:
                    self._newest(segment, space)
                    if self.index.keys(segment, space, load=False) is not None:
                        self._ascii(segment, space)

    def _newest(self, segment: Segment, space: int) -> np.ndarray:
        """A segment's docs in this space by unit, newest first (worked out once)."""
        docs = self.index.docs(segment, space)
        assert docs is not None  # asked only for spaces the segment has docs in
        return self._cached("newest", segment, space,
                            lambda: np.argsort(docs.units)[::-1].copy())

    def _ascii(self, segment: Segment, space: int) -> np.ndarray:
        """Which docs' keys are all ASCII (worked out once from the keys in memory)."""
        keys = self.index.keys(segment, space, load=False) or []
        return self._cached("ascii", segment, space, lambda: np.fromiter(
            map(str.isascii, keys), dtype=bool, count=len(keys)))

    def _cached(self, what: str, segment: Segment, space: int,
                make: Callable[[], np.ndarray]) -> np.ndarray:
        found = self._per_segment.get((what, segment, space))
        if found is None:
            live = set(self.index.segments())
            self._per_segment = {k: v for k, v in self._per_segment.items() if k[1] in live}
            found = self._per_segment[(what, segment, space)] = make()
        return found


def neg(uid: int) -> int:
    return -uid


def _hit(row: tuple, needle: str) -> ConcordanceHit:
    uid, s_lang, s_text, s_key, t_lang, t_text, t_key = row
    return ConcordanceHit(
        uid, s_text, t_text, s_lang, t_lang,
        occurrence_spans(needle, s_text, s_key) if needle in s_key else [],
        occurrence_spans(needle, t_text, t_key) if needle in t_key else [],
    )
