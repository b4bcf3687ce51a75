"""In-memory indexes over a snapshot of term keys, for lookups that SQLite cannot serve fast.

A B-tree answers "key starts with q", but not "key contains q" or "key is close to q";
over 150k terms a scan in Python takes tens of milliseconds, and the lookup runs on
every keystroke. So, built once per snapshot (termindex.py):

- keys and pinyin sorted, for prefix ranges by bisection;
- every term in ranking order (status, then key length), so the first hits of a walk
  are the best ones and a walk can stop as soon as it has enough;
- the keys joined into strings in that same order (ASCII keys; the others; the others
  holding an ASCII letter or digit), so a substring search is `str.find` at C speed
  over only the keys that could hold the query, and its first hits are the best;
- English words with their terms, and Chinese character pairs with their terms, the
  candidate filters for typo matching (a typo rarely touches every word, nor every
  pair of characters; the q-gram lemma bounds how many pairs it can break);
- the letter counts of every English word, so a typed word is compared only with the
  words whose letters leave a typo match possible.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from glossary.store.termrows import Snapshot, TermRow
from glossary.text.normalize import has_han

TOP = "\U0010ffff"
SIMILAR = 0.75  # OSA similarity: one typo (transposition included) per four characters
SORT_MAX = 2000  # a range this small is sorted; a bigger one is walked in ranking order
_WORD = re.compile(r"[^\W_]+")
_ASCII_ALNUM = re.compile(r"[a-z0-9]")
_ALNUM_PAIR = re.compile(r"[a-z0-9]{2}")


def words(key: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(key))


def similarity(a: str, b: str) -> float:
    return OSA.normalized_similarity(a, b, score_cutoff=SIMILAR)


_LETTERS = 37  # a to z, 0 to 9, and one count for every other character
_LETTER_OF = np.full(128, _LETTERS - 1, dtype=np.int64)
_LETTER_OF[[ord(c) for c in "abcdefghijklmnopqrstuvwxyz0123456789"]] = np.arange(_LETTERS - 1)


def letter_counts(texts: list[str]) -> np.ndarray:
    """Per text, how often each letter or digit occurs (int32, one row per text)."""
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    letters = np.where(codes < 128, _LETTER_OF[np.minimum(codes, 127)], _LETTERS - 1)
    rows = np.repeat(np.arange(len(texts)), [len(t) for t in texts])
    out = np.zeros((len(texts), _LETTERS), dtype=np.int32)
    np.add.at(out, (rows, letters), 1)
    return out


class Blob:
    """Keys joined by newlines (keys never hold one), for substring search at C speed."""

    def __init__(self, rows: list[TermRow], order: list[int]):
        self.order = order
        keys = [rows[i].key for i in order]
        self.text = "\n".join(keys)
        self.starts = [0, *accumulate(len(k) + 1 for k in keys)][:-1] if keys else []

    def scan(self, needle: str) -> Iterator[int]:
        """Indices of the terms whose key holds the needle, in the blob's order."""
        text, starts = self.text, self.starts
        pos = text.find(needle)
        while pos >= 0:
            slot = bisect_right(starts, pos) - 1
            yield self.order[slot]
            if slot + 1 >= len(starts):
                return
            pos = text.find(needle, starts[slot + 1])


class KeyIndex:
    def __init__(self, snapshot: Snapshot):
        rows = self.rows = snapshot.rows
        n = len(rows)
        self.by_key = sorted(range(n), key=lambda i: rows[i].key)
        self.keys = [rows[i].key for i in self.by_key]
        self.key_pos = _positions(self.by_key, n)
        self.by_rank = sorted(range(n), key=lambda i: (rows[i].rank, len(rows[i].key), rows[i].key))
        self.rank_pos = _positions(self.by_rank, n)
        wide = [i for i in self.by_rank if not rows[i].key.isascii()]
        self.ascii_blob = Blob(rows, [i for i in self.by_rank if rows[i].key.isascii()])
        self.wide_blob = Blob(rows, wide)  # what a query with a non-ASCII character can be in
        self.mixed_blob = Blob(rows, [i for i in wide if _ASCII_ALNUM.search(rows[i].key)])
        self.by_pinyin = sorted((i for i in range(n) if rows[i].pinyin),
                                key=lambda i: rows[i].pinyin or "")
        self.pinyins = [rows[i].pinyin or "" for i in self.by_pinyin]
        self.pinyin_pos = [-1] * n
        for p, i in enumerate(self.by_pinyin):
            self.pinyin_pos[i] = p
        self.by_pinyin_rank = sorted(self.by_pinyin, key=lambda i: (
            rows[i].rank, len(rows[i].pinyin or ""), rows[i].pinyin))
        self.pinyin_rank_pos = _positions(self.by_pinyin_rank, n)
        tails = sorted((row.pinyin[start:], i) for i, row in enumerate(rows)
                       if row.pinyin and row.tones
                       for start in syllable_starts(row.tones)[1:])
        self.tails = [t for t, _ in tails]
        self.tail_rows = [i for _, i in tails]
        self.row_words: dict[int, tuple[str, ...]] = {}
        self.postings: dict[str, list[int]] = {}
        self.pairs: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            if has_han(row.key):
                for pair in {row.key[j:j + 2] for j in range(len(row.key) - 1)}:
                    self.pairs.setdefault(pair, []).append(i)
            else:
                self.row_words[i] = ws = words(row.key)
                for w in set(ws):
                    self.postings.setdefault(w, []).append(i)
        self.vocab = sorted(self.postings, key=lambda w: (len(w), w))
        self.vocab_lens = [len(w) for w in self.vocab]
        self.vocab_abc = sorted(self.postings)
        self.vocab_letters = letter_counts(self.vocab)
        self.vocab_len_array = np.array(self.vocab_lens, dtype=np.int64)
        # Letter pairs found inside words: a query with any other pair, such as the zh
        # of a pinyin query, is in no English key, and the long scan is skipped.
        self.word_pairs = {w[j:j + 2] for w in self.vocab for j in range(len(w) - 1)}
        self.similar_words = lru_cache(maxsize=4096)(self._similar_words)

    # ranges ----------------------------------------------------------------------------

    def key_range(self, key: str) -> tuple[int, int, int]:
        """Positions in `keys`: [lo, mid) equal the key, [mid, hi) extend it."""
        lo = bisect_left(self.keys, key)
        mid = bisect_right(self.keys, key, lo)
        return lo, mid, bisect_left(self.keys, key + TOP, mid)

    def ranked(self, lo: int, hi: int) -> Iterable[int]:
        """Terms at [lo, hi) of `keys`, best ranked first, lazily when many."""
        if hi - lo <= SORT_MAX:
            return sorted(self.by_key[lo:hi], key=self.rank_pos.__getitem__)
        return (i for i in self.by_rank if lo <= self.key_pos[i] < hi)

    def pinyin_ranked(self, lo: int, hi: int) -> Iterable[int]:
        """Terms at [lo, hi) of `pinyins`, best status and shortest reading first."""
        if hi - lo <= SORT_MAX:
            return sorted(self.by_pinyin[lo:hi], key=self.pinyin_rank_pos.__getitem__)
        return (i for i in self.by_pinyin_rank if lo <= self.pinyin_pos[i] < hi)

    def pinyin_range(self, plain: str) -> tuple[int, int, int]:
        lo = bisect_left(self.pinyins, plain)
        mid = bisect_right(self.pinyins, plain, lo)
        return lo, mid, bisect_left(self.pinyins, plain + TOP, mid)

    def inner_pinyin(self, plain: str) -> list[int]:
        """Terms with a later syllable whose reading starts with `plain` (chanquan:
        知识产权), best ranked first."""
        lo = bisect_left(self.tails, plain)
        hi = bisect_left(self.tails, plain + TOP, lo)
        return sorted(set(self.tail_rows[lo:hi]), key=self.pinyin_rank_pos.__getitem__)

    def containing(self, key: str) -> Iterator[int]:
        """Terms whose key holds `key`, best ranked first within each script's blob."""
        if not key.isascii():
            yield from self.wide_blob.scan(key)
        elif _ASCII_ALNUM.search(key):
            pairs = _ALNUM_PAIR.findall(key) + _ALNUM_PAIR.findall(key[1:])
            ascii_hits = iter(()) if any(p not in self.word_pairs for p in pairs) else \
                self.ascii_blob.scan(key)
            yield from _merge_ranked(ascii_hits, self.mixed_blob.scan(key), self.rank_pos)
        else:  # punctuation or spaces alone, which any key may hold
            yield from _merge_ranked(self.ascii_blob.scan(key), self.wide_blob.scan(key),
                                     self.rank_pos)

    # typos -----------------------------------------------------------------------------

    def _similar_words(self, word: str, last: bool) -> dict[str, float]:
        """Vocabulary words within a typo or two of `word` (the last may be unfinished)."""
        found: dict[str, float] = {}
        if len(word) >= 3:
            lo = bisect_left(self.vocab_lens, -(-len(word) * 3 // 4))
            hi = bisect_right(self.vocab_lens, len(word) * 4 // 3)
            # an edit changes the letter counts by 2 at most (a transposition not at
            # all), so a word whose counts differ by more than twice the edits the
            # threshold allows is no match; that leaves some 30 of a few thousand
            apart = np.abs(self.vocab_letters[lo:hi] - letter_counts([word])[0]).sum(axis=1)
            longest = np.maximum(self.vocab_len_array[lo:hi], len(word))
            allowed = np.floor(longest * (1 - SIMILAR) + 1e-9)
            close = [self.vocab[lo + i] for i in np.flatnonzero(apart <= 2 * allowed).tolist()]
            near = process.extract(word, close, scorer=OSA.normalized_similarity,
                                   score_cutoff=SIMILAR, limit=None)
            found.update((w, sim) for w, sim, _ in near)
        elif word in self.postings:
            found[word] = 1.0
        if last and len(word) >= 3:
            start = bisect_left(self.vocab_abc, word)
            for w in self.vocab_abc[start:start + 64]:
                if not w.startswith(word):
                    break
                found.setdefault(w, 0.9)
        return found

    def word_candidates(self, near: list[dict[str, float]]) -> set[int]:
        """Terms having, for every query word, a word close to it (`near`, per query word)."""
        if not near or not all(near):
            return set()
        rarest = min(near, key=lambda s: sum(len(self.postings[w]) for w in s))
        return {i for w in rarest for i in self.postings[w]}

    def pair_candidates(self, key: str) -> Iterable[int]:
        """Chinese terms sharing enough character pairs with `key` to be one typo away."""
        pairs = {key[j:j + 2] for j in range(len(key) - 1)}
        counts = Counter(i for p in pairs for i in self.pairs.get(p, ()))
        need = max(1, len(key) - 1 - 2 * (len(key) // 3))
        return [i for i, c in counts.items() if c >= need]


_SYLLABLE = re.compile(r"[^0-9]+[0-9]?")


def syllable_starts(tones: str) -> list[int]:
    """Where each syllable starts in the toneless reading, from the tone-number one
    (zhi1shi5chan3quan2: 0, 3, 6, 10), whose digits end the syllables."""
    starts, at = [], 0
    for syllable in _SYLLABLE.findall(tones):
        starts.append(at)
        at += len(syllable.rstrip("0123456789"))
    return starts


def _positions(order: list[int], size: int) -> list[int]:
    pos = [-1] * size
    for p, i in enumerate(order):
        pos[i] = p
    return pos


def _merge_ranked(a: Iterator[int], b: Iterator[int], rank_pos: list[int]) -> Iterator[int]:
    """Two ranked streams as one ranked stream, reading each only as far as needed."""
    x, y = next(a, None), next(b, None)
    while x is not None or y is not None:
        if y is None or (x is not None and rank_pos[x] <= rank_pos[y]):
            yield x  # type: ignore[misc]
            x = next(a, None)
        else:
            yield y
            y = next(b, None)
