"""Which docs of one index segment can still reach the bar, with each one's score ceiling.

Lists are read rarest first. The commonest tokens are left unread as long as a doc
holding none of the read ones could not reach the bar even if it held all of the
unread ones; the unread weight is then slack added to every ceiling. The common
lists come next: counted whole when many docs survive (the usual case for English,
whose trigram filter is weak at 75%), else looked up for the survivors only, a few
lists at a time, each shrinking the slack, until few enough are left to score.
When even a doc sharing nothing can reach the bar (English at low bars: two
unrelated 100-character sentences share no trigram yet can score 66), every doc of
the right length is a candidate, and a large window is scanned with rapidfuzz over
keys held in memory instead (scan_window).

Where the C kernels were built (kernels.py), a large window is counted in one pass
over all its lists instead, and the same pass computes the missing-gram bound of the
docs that pass, which lowers their ceilings before any key is compared. A kernel then
computes the indel distances that re-ranking and window scans rule most keys out with,
reading the keys where they lie; long comparisons run as two halves on this module's
two threads, as rapidfuzz's do.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from glossary.tm import kernels
from glossary.tm.bitcount import aligned, bit_counts, bits_at
from glossary.tm.build import is_bitmap
from glossary.tm.grams import Q, length_window, score_ceiling
from glossary.tm.index import Segment, TMIndex

FEW_ENOUGH = 64
COUNT_ALL_SHARE = 8  # count every list once more than 1/8 of the window survives
PARALLEL_FROM = 4000  # from this many keys, they are compared on two threads
SCAN_PIECE = 100_000  # keys compared between two looks at cancel() (about 0.1 s)
COMPILED_COUNT_FROM = 4096  # from this many docs in the window, lists are counted in C
BITSLICE_FROM = 4  # this many bitmaps are added up as bits rather than one by one
SCAN = None


@dataclass
class Candidates:
    docs: np.ndarray  # doc numbers, best ceiling first
    ceilings: np.ndarray


NONE = Candidates(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def needed(length: int, lengths: np.ndarray, bar: int, q: int) -> np.ndarray:
    """Fewest shared tokens a doc of each length needs to reach the bar (huge: cannot).

    score >= bar  <=>  edits <= D = floor(M * (100 - bar) / 100), M the longer length;
    the q-gram lemma then asks for at least M - q + 1 - q * D shared tokens.
    """
    longest = np.maximum(lengths, length)
    allowed = (longest * (100 - bar)) // 100
    need = longest - q + 1 - q * allowed
    return np.where(np.abs(lengths - length) <= allowed, need, 1 << 40)


def candidates(
    index: TMIndex, segment: Segment, space: int, length: int, tokens: dict[int, int], bar: int,
    scan_above: int, sequence: np.ndarray | None = None, ordered: bool = True,
) -> Candidates | None:
    """Candidates in ceiling order, or None (SCAN) when scanning the window is the better plan.

    ordered=False leaves them in doc order, for a caller that re-ranks them anyway.

    sequence: the query's grams in order, as first-occurrence tokens (tm_grams.gram_sequence).
    With it the compiled count's missing-gram bound lowers the ceilings of the docs that
    pass: a gram the doc lacks altogether costs an edit, and one edit covers at most q
    neighbouring grams. (Without the kernel, or for windows it does not count, the
    ceilings are the count's alone: higher, so more keys are compared, same results.)
    """
    docs = index.docs(segment, space)
    q = Q[space]
    if docs is None or docs.count == 0:
        return NONE
    low, high = length_window(length, bar)
    low, high = max(low, 0), min(high, len(docs.offsets) - 2)
    a, b = docs.doc_range(low, high)
    if a >= b:
        return NONE
    per_length = needed(length, np.arange(low, high + 1), bar, q)
    per_doc = np.diff(docs.offsets[low : high + 2])  # docs of each length, in order
    least = int(per_length.min())
    counts = index.counts(segment, space, list(tokens))
    order = sorted(counts, key=counts.__getitem__)
    weights = [tokens[t] for t in order]
    if least <= 0 and b - a > scan_above:
        return SCAN
    a0, b0 = aligned(a, b)
    if kernels.COUNT and sum(weights) <= kernels.MAX_COUNT and b - a >= COMPILED_COUNT_FROM:
        # every list counted in one pass, the bound and the ceilings computed beside
        rows, kinds = index.kernel_rows(segment, space, order, counts)
        counted = kernels.count_window(
            rows, kinds, weights, (b0 - a0) >> 6, a0, a - a0, np.cumsum(per_doc), per_length,
            positions=None if sequence is None else _positions(order, sequence), q=q,
            lengths=np.arange(low, high + 1), length=length, bar=bar)
        return _best_first(docs, counted.found + a, counted.ceilings, ordered)
    small = index.small_lists(segment, space, counts)

    def part_of(tok: int) -> np.ndarray:
        held = small.get(tok)
        if held is None:
            return index.window(segment, space, tok, counts[tok], a, b)
        low_high = np.searchsorted(held, [a, b])
        return held[low_high[0] : low_high[1]]

    def count(chosen: list[tuple[int, int]]) -> None:
        """Add lists to the shared counts: bitmaps as bits, a word at a time, when there
        are many; sorted lists of weight 1 in one bincount."""
        bitmaps = [(t, w) for t, w in chosen if is_bitmap(counts[t], docs.count)]
        if len(bitmaps) >= BITSLICE_FROM:
            rows = [index.bitmap_words(segment, space, t, a0, b0) for t, _ in bitmaps]
            shared[:] += bit_counts(rows, [w for _, w in bitmaps])[a - a0 : b - a0]
            chosen = [(t, w) for t, w in chosen if not is_bitmap(counts[t], docs.count)]
        plain = []
        for tok, weight in chosen:
            part = part_of(tok)
            if is_bitmap(counts[tok], docs.count):
                shared[:] += part if weight == 1 else part * np.uint16(weight)
            elif weight == 1:
                plain.append(part)
            else:
                shared[part.astype(np.int64) - a] += np.uint16(weight)
        if sum(map(len, plain)) * 2 > b - a:
            joined = np.concatenate(plain).astype(np.int64) - a
            shared[:] += np.bincount(joined, minlength=b - a).astype(np.uint16)
        else:
            for part in plain:
                shared[part.astype(np.int64) - a] += np.uint16(1)

    # numpy: the rarest lists first, until what the rest could add falls short of need
    slack = np.concatenate((np.cumsum(weights[::-1])[::-1], [0])).astype(np.int64)
    split = int(np.argmax(slack < least)) if least > 0 else len(order)
    need = np.repeat(per_length, per_doc)
    shared = np.zeros(b - a, dtype=np.uint16)
    count(list(zip(order[:split], weights[:split], strict=True)))
    unread = int(slack[split])
    found = np.flatnonzero(shared.astype(np.int64) + unread >= need)
    rest = list(zip(order[split:], weights[split:], strict=True))
    if len(found) * COUNT_ALL_SHARE > b - a:  # many survive: count everything, cheaper
        count(rest)
        unread, rest = 0, []
        found = np.flatnonzero(shared >= need)
    total = shared[found].astype(np.int64)
    for i in range(0, len(rest), 4):
        if len(found) <= FEW_ENOUGH:
            break
        for tok, weight in rest[i : i + 4]:
            if is_bitmap(counts[tok], docs.count):
                words = index.bitmap_words(segment, space, tok, a0, b0)
                total += weight * bits_at(words, found + (a - a0))
                unread -= weight
                continue
            part = part_of(tok)
            if len(part):
                at = np.minimum(np.searchsorted(part, found + a), len(part) - 1)
                total += weight * (part[at] == found + a)
            unread -= weight
        keep = total + unread >= need[found]
        found, total = found[keep], total[keep]
    lengths = docs.lengths(found + a)
    ceiling = score_ceiling(length, lengths, total + unread, q)
    return _best_first(docs, found + a, ceiling, ordered)


def best_first(docs, found: Candidates) -> Candidates:
    """Candidates left unordered, by ceiling, best first, then newest unit first."""
    return _best_first(docs, found.docs, found.ceilings)


def _best_first(docs, found: np.ndarray, ceiling: np.ndarray, ordered: bool = True
                ) -> Candidates:
    """Candidates by ceiling, best first, then newest unit first (as they are, if not
    ordered)."""
    if not ordered:
        return Candidates(found, ceiling)
    units = docs.units[found].astype(np.int64)
    order = np.lexsort((-units, -ceiling))
    return Candidates(found[order], ceiling[order])


def _positions(order: list[int], sequence: np.ndarray) -> np.ndarray:
    """The row (index in order) of each query position's gram, -1 where none is held."""
    row_of = {tok: i for i, tok in enumerate(order)}
    return np.array([row_of.get(t, -1) for t in sequence.tolist()], dtype=np.int64)


class SearchCancelled(Exception):  # noqa: N818 - it is not an error: the caller asked
    """The caller's cancel() said stop: a newer query made this one moot."""


def scan_window(
    index: TMIndex, segment: Segment, space: int, query_key: str, bar: int,
    cancel: Callable[[], bool] | None = None,
) -> Candidates:
    """Exact key scores of every doc in the length window, from keys held in memory.

    For when no gram count can rule a doc out. rapidfuzz stops each comparison once
    the distance passes what the bar allows, so this costs far less than scoring all.
    """
    docs = index.docs(segment, space)
    held = index.keys(segment, space)
    if docs is None or held is None:  # the space has no docs in this segment
        return NONE
    length = len(query_key)
    low, high = length_window(length, bar)
    low, high = max(low, 0), min(high, len(docs.offsets) - 2)
    a, b = docs.doc_range(low, high)
    if a >= b:
        return NONE
    keys = held[a:b]
    lengths = docs.lengths(np.arange(a, b))
    longest = np.maximum(lengths, length)
    allowed = (longest * (100 - bar)) // 100
    distance = _distances(query_key, keys, allowed, lengths, 0, len(keys), cancel=cancel)
    scores = (100 * (longest - distance)) // longest
    found = np.flatnonzero(scores >= bar)
    units = docs.units[found + a].astype(np.int64)
    best_first = np.lexsort((-units, -scores[found]))
    return Candidates((found + a)[best_first], scores[found][best_first])


def _distances(query_key: str, keys: list[str], allowed: np.ndarray, lengths: np.ndarray,
               a: int, b: int, split: bool = True,
               cancel: Callable[[], bool] | None = None) -> np.ndarray:
    """Levenshtein distances of keys[a:b], or more than allowed where they exceed it.

    The indel (LCS) distance is cheaper, and it rules out most keys first: an edit
    script leaves at most LCS characters of the longer key unedited, so
    Levenshtein >= longer - LCS = (indel + the length difference) / 2. Only the keys
    that bound lets through get a Levenshtein comparison (at 50% on English, some
    hundred of a window of 900k, against 400k with indel / 2 alone). The compiled
    kernel gives up on a key as soon as its indel distance cannot come within the
    bound (at 50% on English, a scan took 300-330 ms where rapidfuzz's full indel
    distances took 480-580). Many keys are compared in pieces, with `cancel` asked
    between them: each piece on two cores in the kernel, or without it two pieces at
    a time on two threads (rapidfuzz releases the GIL). lengths[i] is len(keys[i]).
    """
    out = (allowed[a:b] + 1).astype(np.int64)
    if a >= b:
        return out
    if split and b - a >= PARALLEL_FROM:
        size = min(SCAN_PIECE, -(-(b - a) // 2))  # two halves, or pieces when many
        pieces = [(i, min(i + size, b)) for i in range(a, b, size)]
        parts: list[np.ndarray] = []
        for i in range(0, len(pieces), 2):
            if cancel is not None and cancel():
                raise SearchCancelled
            parts += _pool().map(
                lambda h: _distances(query_key, keys, allowed, lengths, h[0], h[1], split=False),
                pieces[i : i + 2])
        return np.concatenate(parts)
    return _distances_at(query_key, keys, np.arange(a, b), allowed[a:b], lengths[a:b])


def _compiled_indel(query_key: str) -> bool:
    return kernels.INDEL and len(query_key) <= kernels.MAX_INDEL_QUERY


def _distances_at(query_key: str, keys: list[str], at: np.ndarray, allowed: np.ndarray,
                  lengths: np.ndarray) -> np.ndarray:
    """_distances for the keys at `at`, in one go (allowed and lengths given per key of
    at). The compiled kernel reads the keys where they lie; only the few the indel
    bound lets through are picked for Levenshtein."""
    out = (allowed + 1).astype(np.int64)
    limits = 2 * allowed - np.abs(lengths - len(query_key))
    if _compiled_indel(query_key):
        indel = kernels.indel_distances(keys, query_key, at, limits)
    else:
        indel = process.cdist([query_key], _pick(keys, at.tolist()), scorer=Indel.distance,
                              dtype=np.int32, score_cutoff=max(int(limits.max()), 0))[0]
    close = np.flatnonzero(indel <= limits)
    if len(close):
        chosen = _pick(keys, at[close].tolist())
        out[close] = process.cdist([query_key], chosen, scorer=Levenshtein.distance,
                                   dtype=np.int32, score_cutoff=int(allowed[close].max()))[0]
    return out


def _pick(keys: list[str], at: list[int]) -> list[str]:
    if len(at) == 1:
        return [keys[at[0]]]
    return list(itemgetter(*at)(keys)) if at else []


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    """Two threads for the two halves of a long comparison."""
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="tm-scan")


def prescore(found: Candidates, keys: list[str], docs, query_key: str, bar: int) -> Candidates:
    """Candidates re-ranked by their exact key score, computed in C on cached keys.

    The key score is an upper bound of the final one (which can only drop to 99 for
    a variant), so reading rows is left for the few that reach the bar.
    """
    length = len(query_key)
    lengths = docs.lengths(found.docs)
    longest = np.maximum(lengths, length)
    allowed = (longest * (100 - bar)) // 100
    if _compiled_indel(query_key):  # no list of the keys: halves on two threads when many
        def part(h: np.ndarray) -> np.ndarray:
            return _distances_at(query_key, keys, found.docs[h], allowed[h], lengths[h])

        every = np.arange(len(found.docs))
        distance = (np.concatenate(list(_pool().map(part, np.array_split(every, 2))))
                    if len(every) >= PARALLEL_FROM else part(every))
    else:
        chosen = _pick(keys, found.docs.tolist())
        distance = _distances(query_key, chosen, allowed, lengths, 0, len(chosen))
    scores = (100 * (longest - distance)) // longest
    keep = np.flatnonzero(scores >= bar)
    units = docs.units[found.docs[keep]].astype(np.int64)
    best_first = np.lexsort((-units, -scores[keep]))
    return Candidates(found.docs[keep][best_first], scores[keep][best_first])
