"""TM fuzzy match: the closest stored segments to a sentence, with a CAT-style percentage.

Score = floor(100 × (1 − Levenshtein distance / length of the longer key)), on search
keys, so width, case and traditional/simplified do not count as edits; a unit whose
key equals the query's but whose text does not (知識產權 for 知识产权) scores 99, so
100 always means "the very same text". Results are best score first, then newest unit.

The gram index (tm_index, tm_candidates) only decides which units to score: it never
drops one an exhaustive scan would return. `scan` is that exhaustive scan, kept for
tests and benchmarks to hold the index to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from rapidfuzz.distance import Levenshtein

from glossary.store.base import Backend
from glossary.store.tm_rows import UnitRows
from glossary.text.normalize import search_key
from glossary.tm.candidates import (
    SCAN,
    SearchCancelled,
    best_first,
    candidates,
    prescore,
    scan_window,
)
from glossary.tm.grams import (
    gram_sequence,
    length_window,
    query_tokens,
    space_of_lang,
    space_of_text,
)
from glossary.tm.index import TMIndex
from glossary.tm.spans import Span, diff_spans

SCAN_ABOVE = 2000  # a window this large, when no count can rule docs out, is scanned
PRESCORE_ABOVE = 64  # this many candidates are scored on cached keys before rows are read
# Whether re-ranking may load every key into memory on the first search too. It costs
# seconds at a million units, so a one-off search (a CLI call) reads candidate rows
# instead, and the keys are loaded from the second search on (or by Glossary.warm).
PRESCORE_LOAD = False
FETCH = 256


@dataclass
class TMMatch:
    """A unit as seen from the query's language: `source` is the side that matched."""

    id: int
    score: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    spans: list[Span] = field(default_factory=list)  # ranges of `source` unlike the query
    reversed: bool = False  # True when the unit's stored target is what matched

    def to_dict(self) -> dict:
        return asdict(self)


def match_score(query: str, query_key: str, text: str, key: str, bar: int = 0) -> int:
    """The CAT score of one stored side, or -1 when it is below `bar`."""
    if key == query_key:
        score = 100 if text == query else 99
        return score if score >= bar else -1
    longest = max(len(key), len(query_key))
    allowed = (longest * (100 - max(bar, 0))) // 100
    distance = Levenshtein.distance(query_key, key, score_cutoff=allowed)
    return -1 if distance > allowed else (100 * (longest - distance)) // longest


class _Best:
    """The top `limit` units so far, and the bar a new one has to clear."""

    def __init__(self, limit: int, min_score: int):
        self.limit, self.min_score = limit, min_score
        self.kept: dict[int, tuple[int, int, tuple]] = {}

    def bar(self) -> int:
        if len(self.kept) < self.limit:
            return self.min_score
        return max(self.min_score, min(v[0] for v in self.kept.values()))

    def offer(self, row: tuple, side: int, score: int) -> None:
        if score < self.min_score:
            return
        uid = row[0]
        old = self.kept.get(uid)
        if old is None or (score, -side) > (old[0], -old[1]):
            self.kept[uid] = (score, side, row)
            if len(self.kept) > self.limit:
                worst = min(self.kept, key=lambda u: (self.kept[u][0], u))
                del self.kept[worst]

    def matches(self, query: str, query_key: str) -> list[TMMatch]:
        ranked = sorted(self.kept.items(), key=lambda kv: (-kv[1][0], -kv[0]))
        out = []
        for uid, (score, side, row) in ranked:
            _, s_lang, s_text, s_key, t_lang, t_text, t_key = row
            if side:
                s_lang, s_text, s_key, t_lang, t_text = t_lang, t_text, t_key, s_lang, s_text
            spans = [] if score == 100 else diff_spans(query, query_key, s_text, s_key)
            out.append(TMMatch(uid, score, s_text, t_text, s_lang, t_lang, spans, bool(side)))
        return out


def _offer_row(best: _Best, row: tuple, query: str, query_key: str, space: int) -> None:
    low, high = length_window(len(query_key), best.min_score)
    for side, (lang, text, key) in enumerate((row[1:4], row[4:7])):
        if space_of_lang(lang) == space and low <= len(key) <= high:
            best.offer(row, side, match_score(query, query_key, text, key, best.bar()))


def scan(store: Backend, query: str, min_score: int = 50, limit: int = 10) -> list[TMMatch]:
    """The exhaustive search: every unit scored. The reference the index must equal."""
    query_key = search_key(query)
    if not query_key or limit < 1:
        return []
    best = _Best(limit, min_score)
    space = space_of_text(query)
    for row in UnitRows(store).every():
        _offer_row(best, row, query, query_key, space)
    return best.matches(query, query_key)


class TMSearch:
    def __init__(self, store: Backend, index: TMIndex | None = None):
        self.store = store
        self.index = index or TMIndex(store)
        self.units = UnitRows(store)
        self._searched = False

    def search(self, query: str, min_score: int = 50, limit: int = 10,
               cancel: Callable[[], bool] | None = None) -> list[TMMatch]:
        """The closest units, best first. `cancel` is asked during long scans; when it
        says yes, SearchCancelled is raised (the UI passes "a newer query came")."""
        query_key = search_key(query)
        if not query_key or limit < 1:
            return []
        self.index.refresh()
        best = _Best(limit, min_score)
        space = space_of_text(query)
        with self.store.snapshot():
            self._search(best, query, query_key, space, cancel)
        self._searched = True
        return best.matches(query, query_key)

    def _search(self, best: _Best, query: str, query_key: str, space: int,
                cancel: Callable[[], bool] | None = None) -> None:
        direct = self.index.unindexed_units()
        for row in self.units.by_ids(direct):
            _offer_row(best, row, query, query_key, space)
        skip = set(direct)
        tokens = query_tokens(query_key, space)
        sequence = gram_sequence(query_key, space)
        for segment in self.index.segments():
            if cancel is not None and cancel():
                raise SearchCancelled
            load = PRESCORE_LOAD or self._searched
            # candidates that may be re-ranked on keys are left unsorted until it is known
            ordered = not load and self.index.keys(segment, space, load=False) is None
            found = candidates(
                self.index, segment, space, len(query_key), tokens, best.bar(), SCAN_ABOVE,
                sequence, ordered=ordered)
            docs = self.index.docs(segment, space)
            if docs is None:  # no unit of the segment in this space: nothing found
                continue
            if found is SCAN:
                found = scan_window(self.index, segment, space, query_key, best.bar(),
                                    cancel)
            elif len(found.docs) > PRESCORE_ABOVE and (
                    keys := self.index.keys(segment, space, load=load)) is not None:
                found = prescore(found, keys, docs, query_key, best.bar())
            elif not ordered:
                found = best_first(docs, found)
            pos = 0
            while pos < len(found.docs) and found.ceilings[pos] >= best.bar():
                bar = best.bar()
                end = pos
                while end < len(found.docs) and end - pos < FETCH and found.ceilings[end] >= bar:
                    end += 1
                chosen = found.docs[pos:end]
                wanted = list(zip(docs.units[chosen].tolist(), docs.sides[chosen].tolist(),
                                  strict=True))
                by_id = {r[0]: r for r in self.units.by_ids([u for u, _ in wanted
                                                             if u not in skip])}
                for uid, side in wanted:
                    got = by_id.get(uid)
                    if got is not None:
                        text, key = got[2 + 3 * side], got[3 + 3 * side]
                        score = match_score(query, query_key, text, key, best.bar())
                        best.offer(got, side, score)
                pos = end
