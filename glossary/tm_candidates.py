"""Which docs of one index segment can still reach the bar, with each one's score ceiling.

Lists are read rarest first. The commonest tokens are left unread as long as a doc
holding none of the read ones could not reach the bar even if it held all of the
unread ones; the unread weight is then slack added to every ceiling. Those common
lists are consulted afterwards only for the docs that survived, one list at a time,
each read shrinking the slack, until few enough docs are left to score directly.
When even a doc sharing nothing can reach the bar (English at low bars: two
unrelated 100-character sentences share no trigram yet can score 66), every doc of
the right length is a candidate and the caller scans the segment instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tm_build import add_counts, holds
from .tm_grams import Q, length_window, score_ceiling
from .tm_index import Segment, TMIndex

FEW_ENOUGH = 64
SCAN = None


@dataclass
class Candidates:
    docs: np.ndarray  # doc numbers, best ceiling first
    ceilings: np.ndarray


def candidates(
    index: TMIndex, segment: Segment, space: int, length: int, tokens: dict[int, int], bar: int,
    scan_above: int,
) -> Candidates | None:
    """Candidates in ceiling order, or None when scanning the segment is the better plan."""
    docs = index.docs(segment.id, space)
    q = Q[space]
    empty = Candidates(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    if docs is None or docs.count == 0:
        return empty
    low, high = length_window(length, bar)
    high = min(high, len(docs.offsets) - 2)
    a, b = docs.doc_range(low, high)
    if a >= b:
        return empty
    counts = index.counts(segment.id, space, list(tokens))
    order = sorted(counts, key=counts.__getitem__)
    weights = np.array([tokens[t] for t in order], dtype=np.int64)
    slack = np.concatenate((np.cumsum(weights[::-1])[::-1], [0]))
    window = np.arange(max(low, 0), high + 1)

    def reachable(unread: int) -> bool:
        shared = np.full(len(window), unread)
        return bool(score_ceiling(length, window, shared, q).max() >= bar)

    if reachable(0):
        if b - a > scan_above:
            return SCAN
        split = len(order)
    else:
        lo, hi = 0, len(order)
        while lo < hi:
            mid = (lo + hi) // 2
            if reachable(int(slack[mid])):
                lo = mid + 1
            else:
                hi = mid
        split = lo
    shared = np.zeros(b - a, dtype=np.uint16)
    for tok, weight in zip(order[:split], weights[:split].tolist(), strict=True):
        add_counts(shared, index.blob(segment.id, space, tok), counts[tok], docs.count, a, weight)
    unread = int(slack[split])
    found = np.arange(b - a) if reachable(0) else np.flatnonzero(shared)
    lengths = docs.lengths(found + a)
    total = shared[found].astype(np.int64)
    ceiling = score_ceiling(length, lengths, total + unread, q)
    keep = ceiling >= bar
    found, lengths, total = found[keep], lengths[keep], total[keep]
    for tok, weight in zip(order[split:], weights[split:].tolist(), strict=True):
        if len(found) <= FEW_ENOUGH:
            break
        blob = index.blob(segment.id, space, tok)
        total += weight * holds(blob, counts[tok], docs.count, found + a)
        unread -= weight
        keep = score_ceiling(length, lengths, total + unread, q) >= bar
        found, lengths, total = found[keep], lengths[keep], total[keep]
    ceiling = score_ceiling(length, lengths, total + unread, q)
    units = docs.units[found + a].astype(np.int64)
    best_first = np.lexsort((-units, -ceiling))
    return Candidates((found + a)[best_first], ceiling[best_first])
