"""Term lookup as the translator types: exact, prefix, substring, pinyin, then typos.

Every query is keyed like the stored terms (normalize.search_key), so 知識產權 finds
知识产权 and ＩＰＲ finds IPR. The kinds rank in that order and each kind is asked only
while the better ones have found fewer than `limit` entries, so a pinyin reading or a
typo never pushes out an English exact or prefix hit. Within a kind, a preferred term
ranks above an admitted one, and so on down to forbidden; forbidden entries are still
returned, with their status, because a translator needs to see that a term is banned.
For pinyin the reading comes before the status: homophones are different words, and a
translator who typed the tones has said which one they mean.

The searches run over an in-memory index of the user's terms (keyindex.py,
termrows.py), kept current as terms change without anything for the writers to call.
Reference dictionaries are searched on disk (store/reference.py): exact, prefix,
substring and pinyin, never typos; their entries rank after the user's own, and show
their headword in the script the user typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import NamedTuple

from glossary.models import REFERENCE_SOURCES, Concept, LookupHit, Term
from glossary.store import reference
from glossary.store.base import Backend
from glossary.store.termbase import Termbase
from glossary.store.termrows import REFERENCE_RANK, TermRow, View, watch
from glossary.terms.keyindex import KeyIndex, similarity, syllable_starts, words
from glossary.text.normalize import chinese_script, has_han, search_key, to_simplified

KIND_RANK = {"exact": 0, "prefix": 1, "substring": 2, "pinyin": 3, "fuzzy": 4}
CEILING = {"prefix": 95, "substring": 85, "pinyin": 75, "fuzzy": 75}
MAX_WORDS = 6
INNER_PINYIN_MIN = 4  # letters a reading from a later syllable needs: "an" would be noise
_PINYIN = re.compile(r"(?=.*[a-zü])[a-zü:0-9 ]+")
_TONE_MARKS = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]")


class Query(NamedTuple):
    key: str
    han: bool
    plain: str | None  # toneless pinyin without spaces, when the query reads as pinyin
    tones: str | None  # tone-number pinyin, when the query has tone digits
    # its words; then, for a few words, the words joined: "trade mark" can be trademark
    spellings: tuple[tuple[str, ...], ...]


def parse(text: str) -> Query | None:
    key = search_key(text)
    if not key:
        return None
    plain = tones = None
    if _TONE_MARKS.search(key) and _PINYIN.fullmatch(_toneless(key).replace("ü", "v")):
        plain, tones = _marked_pinyin(key)
    elif _PINYIN.fullmatch(key):
        spelled = key.replace(" ", "").replace("ü", "v").replace("u:", "v")
        plain = re.sub(r"[0-9]", "", spelled) or None
        if plain and spelled != plain:
            tones = spelled.replace("0", "5")
    found = words(key)[:MAX_WORDS]
    joined = "".join(found)
    spellings = (found, (joined,)) if 1 < len(found) <= 3 and len(joined) >= 5 else (found,)
    return Query(key, has_han(key), plain, tones, spellings if found else ())


def _marked_pinyin(key: str) -> tuple[str, str | None]:
    """Pinyin typed with tone marks (zhī shi chǎn quán): its toneless and tone-number forms.

    A mark's tone belongs to its syllable; syllables written apart are numbered one by
    one, while a run written together (zhīshichǎnquán) is matched without tones.
    """
    from pypinyin.contrib.tone_convert import to_tone3

    found = key.split()
    plain = "".join(_toneless(w) for w in found).replace("ü", "v")
    if len(found) > 1 and all(len(_TONE_MARKS.findall(w)) <= 1 for w in found):
        return plain, "".join(to_tone3(w, neutral_tone_with_five=True) for w in found)
    return plain, None


def _toneless(text: str) -> str:
    # pypinyin loads its phrase dictionary on import (a quarter of a second): only
    # queries with tone marks need it here, so the UI does not wait for it at launch.
    from pypinyin.contrib.tone_convert import to_normal

    return to_normal(text)


def typed_script(query: str) -> str:
    """Hant when the query is written in traditional characters, else Hans (simplified,
    or no Chinese at all: most users of a Chinese-English glossary write simplified)."""
    return "Hant" if has_han(query) and to_simplified(query) != query else "Hans"


def headword_in(concept: Concept, script: str) -> None:
    """Put the dictionary entry's Chinese term in `script` first, so the entry is shown
    as 知识产权 to a user who typed simplified and 知識產權 to one who typed traditional."""
    def other_script(term: Term) -> bool:
        return term.is_chinese and (chinese_script(term.lang) or "Hans") != script
    concept.terms.sort(key=other_script)  # stable: the rest keep their order


class Cand(NamedTuple):
    """One term's claim for its entry; tuples sort best first."""

    kind_rank: int
    sub: int
    status: int
    neg_score: int
    length: int
    concept_id: int
    term_id: int
    kind: str
    score: int


def _cand(row: TermRow, kind: str, score: int, sub: int = 0) -> Cand:
    return Cand(KIND_RANK[kind], sub, row.rank, -score, len(row.key), row.concept_id,
                row.id, kind, score)


def _cover(kind: str, part: str, whole: str) -> int:
    """Below 100: how much of the term the query covers."""
    return max(1, min(CEILING[kind], round(CEILING[kind] * len(part) / max(len(whole), 1))))


def _pinyin(row: TermRow, q: Query) -> Cand | None:
    """Full readings before partial ones; typed tones that agree before those that differ;
    then readings of a later syllable on (chanquan finds 知识产权)."""
    if not (q.plain and row.pinyin):
        return None
    if not row.pinyin.startswith(q.plain):
        return _inner_pinyin(row, q)
    full = row.pinyin == q.plain
    tone_ok = q.tones is None or bool(
        row.tones and (row.tones == q.tones if full else row.tones.startswith(q.tones)))
    score = (80 if full else _cover("pinyin", q.plain, row.pinyin)) - (0 if tone_ok else 4)
    return _cand(row, "pinyin", max(1, score), (0 if full else 2) + (0 if tone_ok else 1))


def _inner_pinyin(row: TermRow, q: Query) -> Cand | None:
    if (q.plain is None or len(q.plain) < INNER_PINYIN_MIN or not row.tones
            or not row.pinyin):
        return None
    starts = syllable_starts(row.tones)[1:]
    if not any(row.pinyin.startswith(q.plain, start) for start in starts):
        return None
    tone_ok = q.tones is None or q.tones in row.tones
    score = max(1, _cover("pinyin", q.plain, row.pinyin) - 10 - (0 if tone_ok else 4))
    return _cand(row, "pinyin", score, 4 + (0 if tone_ok else 1))


Sim = Callable[[int, str], float]  # closeness of query word n to a word of a term


def _word_score(query_words: tuple[str, ...], row_words: tuple[str, ...], sim: Sim) -> int:
    """Every query word must be close to a word of the term; extra term words cost a little."""
    if not row_words:
        return 0
    total = 0.0
    for n in range(len(query_words)):
        best = max(sim(n, w) for w in row_words)
        if not best:
            return 0
        total += best
    return _words_score(total, len(query_words), len(row_words))


def _near_score(near: list[dict[str, float]], row_words: tuple[str, ...]) -> int:
    """_word_score with each query word's closeness read from its table of near words
    (KeyIndex.similar_words), looked up in C: a typo search weighs some hundred terms."""
    if not row_words:
        return 0
    total = 0.0
    for table in near:
        best = max(map(table.get, row_words, _NOT_NEAR))
        if not best:
            return 0
        total += best
    return _words_score(total, len(near), len(row_words))


_NOT_NEAR = repeat(0.0)  # the default of every lookup in _near_score (never runs out)


def _words_score(total: float, query_words: int, row_words: int) -> int:
    cover = query_words / max(row_words, query_words)
    return max(1, round(CEILING["fuzzy"] * total / query_words * (0.5 + 0.5 * cover)))


def _direct_sim(query_words: tuple[str, ...]) -> Sim:
    """Word closeness computed on the spot, as KeyIndex.similar_words does from its vocabulary."""
    def sim(n: int, other: str) -> float:
        word = query_words[n]
        s = similarity(word, other) if len(word) >= 3 else float(word == other)
        if not s and n == len(query_words) - 1 and len(word) >= 3 and other.startswith(word):
            s = 0.9
        return s
    return sim


def _fuzzy(row: TermRow, q: Query, near: list[dict[str, float]] | None = None) -> Cand | None:
    if q.han:
        s = similarity(q.key, row.key) if has_han(row.key) else 0.0
        score = round(CEILING["fuzzy"] * s)
    elif q.spellings and not has_han(row.key):
        row_words = words(row.key)
        score = (_word_score(q.spellings[0], row_words, _direct_sim(q.spellings[0]))
                 if near is None else _near_score(near, row_words))
        for joined in q.spellings[1:]:  # joined words must be a word of the term, untouched
            if joined[0] in row_words:
                score = max(score, _word_score(joined, row_words, lambda n, w: 1.0))
    else:
        score = 0
    return _cand(row, "fuzzy", score) if score else None


def classify(row: TermRow, q: Query) -> Cand | None:
    """The best way one term matches the query: the reference the indexed search follows."""
    if row.key == q.key:
        return _cand(row, "exact", 100)
    if row.key.startswith(q.key):
        return _cand(row, "prefix", _cover("prefix", q.key, row.key))
    if q.key in row.key:
        return _cand(row, "substring", _cover("substring", q.key, row.key))
    return _pinyin(row, q) or _fuzzy(row, q)


class Lookup:
    def __init__(self, store: Backend, termbase: Termbase):
        self.store = store
        self.termbase = termbase
        self.watch = watch(store)

    def invalidate(self) -> None:
        """Reload the terms at the next lookup; only for writes made outside this Store."""
        self.watch.invalidate()

    def warm(self) -> None:
        """Load the index now (e.g. in a worker at start-up), so the first keystroke is quick."""
        self.watch.view().base.build("lookup", KeyIndex)

    def lookup(self, query: str, limit: int = 20,
               include_reference: bool = True) -> list[LookupHit]:
        """Best entries for what was typed; reference dictionary entries last, or left out."""
        q = parse(query)
        if q is None or limit <= 0:
            return []
        view = self.watch.view()
        index: KeyIndex = view.base.build("lookup", KeyIndex)
        delta = [c for c in (classify(r, q) for r in view.delta) if c is not None]
        chosen: dict[int, Cand] = {}
        for kind, search in (
            ("exact", self._by_exact), ("prefix", self._by_prefix),
            ("substring", self._by_substring),
            ("pinyin", self._by_pinyin), ("fuzzy", self._by_fuzzy),
        ):
            if len(chosen) >= limit:
                break
            found = search(index, view, q, limit - len(chosen), chosen)
            found += [c for c in delta if c.kind == kind]
            if not include_reference:  # within a kind they come last, so none is crowded out
                found = [c for c in found if c.status < REFERENCE_RANK]
            elif len(chosen) + len({c.concept_id for c in found}) < limit:
                found += self._reference(kind, q, limit)  # ranked after the user's own
            for cand in sorted(found):
                chosen.setdefault(cand.concept_id, cand)
        return self._hits(sorted(chosen.values())[:limit], typed_script(query))

    def _reference(self, kind: str, q: Query, limit: int) -> list[Cand]:
        """Reference dictionary terms matching as `kind`, searched on disk."""
        rows = reference.search(self.store, kind, q.key, q.plain, limit)
        return [c for c in map(classify, rows, repeat(q)) if c is not None and c.kind == kind]

    # the kinds, each over the index -------------------------------------------------------

    @staticmethod
    def _take(index: KeyIndex, view: View, found: Iterable[int], chosen: dict[int, Cand],
              make: Callable[[TermRow], Cand | None], need: int | None = None) -> list[Cand]:
        """Candidates from ranked term indices, stopping once `need` new entries are in."""
        out: list[Cand] = []
        entries: set[int] = set()
        for i in found:
            row = index.rows[i]
            if row.id in view.dirty or row.concept_id in chosen:
                continue
            cand = make(row)
            if cand is None:
                continue
            out.append(cand)
            entries.add(row.concept_id)
            if need is not None and len(entries) >= need:
                break
        return out

    def _by_exact(self, index: KeyIndex, view: View, q: Query, need: int, chosen: dict) -> list:
        lo, mid, _ = index.key_range(q.key)
        return self._take(index, view, index.by_key[lo:mid], chosen,
                          lambda r: _cand(r, "exact", 100))

    def _by_prefix(self, index: KeyIndex, view: View, q: Query, need: int, chosen: dict) -> list:
        _, mid, hi = index.key_range(q.key)
        return self._take(index, view, index.ranked(mid, hi),
                          chosen, lambda r: _cand(r, "prefix", _cover("prefix", q.key, r.key)),
                          need)

    def _by_substring(self, index: KeyIndex, view: View, q: Query, need: int, chosen: dict) -> list:
        return self._take(
            index, view, index.containing(q.key), chosen,
            lambda r: _cand(r, "substring", _cover("substring", q.key, r.key)), need)

    def _by_pinyin(self, index: KeyIndex, view: View, q: Query, need: int, chosen: dict) -> list:
        if not q.plain:
            return []
        lo, mid, hi = index.pinyin_range(q.plain)
        full = self._take(index, view, index.by_pinyin[lo:mid], chosen, lambda r: _pinyin(r, q))
        # Walked in reading-length order, the best come first unless typed tones reorder
        # them; then a range of ordinary size is weighed whole.
        stop = need if q.tones is None or hi - mid > 2000 else None
        rest = self._take(index, view, index.pinyin_ranked(mid, hi), chosen,
                          lambda r: _pinyin(r, q), stop)
        left = need - len({c.concept_id for c in full + rest})
        if left <= 0 or len(q.plain) < INNER_PINYIN_MIN:
            return full + rest
        taken = chosen | {c.concept_id: c for c in full + rest}
        inner = self._take(index, view, index.inner_pinyin(q.plain), taken,
                           lambda r: _inner_pinyin(r, q), left)
        return full + rest + inner

    def _by_fuzzy(self, index: KeyIndex, view: View, q: Query, need: int, chosen: dict) -> list:
        if q.han:
            return self._take(index, view, index.pair_candidates(q.key), chosen,
                              lambda r: _fuzzy(r, q))
        if not q.spellings:
            return []
        spelling = q.spellings[0]
        near = [index.similar_words(w, n == len(spelling) - 1) for n, w in enumerate(spelling)]
        candidates = index.word_candidates(near)
        for joined in q.spellings[1:]:
            candidates.update(index.postings.get(joined[0], ()))
        return self._take(index, view, candidates, chosen,
                          lambda r: _fuzzy(r, q, near))

    # results ------------------------------------------------------------------------------

    def _hits(self, ordered: list[Cand], script: str) -> list[LookupHit]:
        """Entries read fresh from the database, so a hit always shows what is stored now."""
        concepts = {c.id: c for c in self.termbase.get_many([c.concept_id for c in ordered])}
        hits = []
        for cand in ordered:
            concept = concepts.get(cand.concept_id)
            if concept is None:
                continue
            term = next((t for t in concept.terms if t.id == cand.term_id), Term("", ""))
            if concept.source in REFERENCE_SOURCES:
                headword_in(concept, script)
                if term.is_chinese:  # the same word in the script typed, if the entry has it
                    key = search_key(term.text)
                    term = next((t for t in concept.terms if t.is_chinese
                                 and search_key(t.text) == key), term)
            hits.append(LookupHit(concept, cand.kind, cand.score, term))
        return hits
