"""The compiled search kernels (_kernels.c and the files beside it), when the install
built them and the environment has not switched them off.

They only make searches of large memories faster: every one has a numpy or rapidfuzz
twin that gives the same results, and callers ask COUNT, STAB and INDEL before using
one. GLOSSARY_KERNELS in the environment picks which run, so the pure path can be
tested and each kernel's worth measured (bench/kernels_bench.py):

    GLOSSARY_KERNELS=off              none (search and index build run numpy/rapidfuzz)
    GLOSSARY_KERNELS=count,indel      only those
    GLOSSARY_KERNELS=-helper          all but those
    unset, empty or "on"              all that were built

Names: count (count_window), stab (stab_counts), indel (indel_distances), helper (the
second thread large calls are split over), postings (the index builder, build.py).

With parallel=True a large call runs in PARTS parts on two threads: the calling one
and one the C module keeps, which stays awake for half a millisecond after each job
(the next call of the same search comes within that) and then sleeps. One call at a
time has that thread; a call made meanwhile from another thread runs its parts alone.
"""

from __future__ import annotations

import os
from typing import NamedTuple

import numpy as np

NAMES = ("count", "stab", "indel", "helper", "postings")


def switched_on(setting: str | None = None) -> frozenset[str]:
    """The kernels GLOSSARY_KERNELS (or `setting`) leaves on; a name it does not know is
    an error, so a typo cannot silently measure the wrong thing."""
    raw = (os.environ.get("GLOSSARY_KERNELS", "") if setting is None else setting).strip()
    if raw.lower() in ("", "on", "all"):
        return frozenset(NAMES)
    if raw.lower() in ("off", "none", "0"):
        return frozenset()
    words = [w.strip() for w in raw.split(",") if w.strip()]
    unknown = {w.lstrip("-") for w in words} - set(NAMES)
    if unknown:
        raise ValueError(f"GLOSSARY_KERNELS: unknown kernel {sorted(unknown)}; "
                         f"known: {', '.join(NAMES)}, or on / off")
    dropped = {w[1:] for w in words if w.startswith("-")}
    kept = {w for w in words if not w.startswith("-")}
    return frozenset((kept or set(NAMES)) - dropped)


ON = switched_on()

try:
    import glossary.tm._kernels as _kernels
except ImportError:  # built without a compiler: the numpy paths serve
    _kernels = None  # type: ignore[assignment]
if not ON & {"count", "stab", "indel"}:
    _kernels = None  # type: ignore[assignment]  # switched off: as if never built

COMPILED = _kernels is not None  # some search kernel is built and on
COUNT = COMPILED and "count" in ON  # count_window serves large windows
STAB = COMPILED and "stab" in ON  # stab_counts gives the bound of a numpy count's docs
INDEL = COMPILED and "indel" in ON  # indel_distances serves re-ranking and scans
HELPER = "helper" in ON  # large calls are split over the module's second thread
MAX_COUNT = 65535  # counts are uint16: a query of more grams is left to numpy
SPLIT_FROM = 32768  # a window of this many docs is counted on two cores
MAX_INDEL_QUERY = 2048  # characters: longer queries are compared by rapidfuzz
INDEL_SPLIT_FROM = 256  # this many keys are compared on two cores
PARTS = 16  # parts of a call on two cores, claimed in turn, so a late thread does fewer


def stab_counts(rows: list, kinds: bytes, positions: np.ndarray, q: int, words: int,
                base: int, found: np.ndarray) -> np.ndarray:
    """Per doc of found (bit numbers), the fewest edits that destroy the query grams it
    lacks (int64). Rows as for count_window; at most MAX_COUNT positions."""
    counts = _kernels.stab_counts(rows, kinds, np.ascontiguousarray(positions, dtype=np.int64),
                                  q, words, base, np.ascontiguousarray(found, dtype=np.int64))
    return np.frombuffer(counts, dtype=np.uint16).astype(np.int64)


def indel_distances(keys: list[str], query: str, docs: np.ndarray,
                    limits: np.ndarray | None = None, parallel: bool = False) -> np.ndarray:
    """The indel (LCS) distance of query to keys[d] for each d of docs, as rapidfuzz's
    Indel.distance gives it, or limit + 1 where it is more than that doc's limit (the
    kernel then stops early); on two cores when parallel and there are many. The query
    has at most MAX_INDEL_QUERY characters; keys must not change meanwhile."""
    docs = np.ascontiguousarray(docs, dtype=np.int64)
    limits = np.ascontiguousarray(limits if limits is not None else [], dtype=np.int64)
    parts = PARTS if parallel and HELPER and len(docs) >= INDEL_SPLIT_FROM else 1
    return np.frombuffer(_kernels.indel_distances(keys, query, docs, limits, parts),
                         dtype=np.int32)


class Counted(NamedTuple):
    """The docs a count let through (numbered from the window's first), with per doc
    the shared count, the missing-gram bound (zeros unless asked) and the score
    ceiling (zeros unless asked)."""

    found: np.ndarray
    shared: np.ndarray
    edits: np.ndarray
    ceilings: np.ndarray


def count_window(rows: list, kinds: bytes, weights: list[int], words: int, base: int,
                 first: int, ends: np.ndarray, needs: np.ndarray, slack: int = 0,
                 positions: np.ndarray | None = None, q: int = 3, parallel: bool = False,
                 lengths: np.ndarray | None = None, length: int = 0, bar: int = 0) -> Counted:
    """The docs of a window whose weighted count of the rows holding them, plus slack,
    reaches their need; those counts; with positions (as for stab_counts) their
    missing-gram bound; and with lengths their score ceiling against a query of
    `length` characters, the docs below bar left out. Weights add up to MAX_COUNT or
    less.

    rows: per token, the segment's whole bitmap as bytes padded to 64-bit words (kind 0)
    or its sorted uint32 doc numbers (kind 1), as TMIndex.kernel_rows gives them; the
    kernel reads `words` words from doc `base` (a multiple of 64) on, and bit `first` of
    those is the window's first doc. The window's docs come in runs of one key length:
    run i ends before doc ends[i], needs needs[i] and has key length lengths[i]; the
    last end is the window's length. When parallel, a window of SPLIT_FROM docs or more
    is counted in PARTS parts on two cores.
    """
    ends = np.ascontiguousarray(ends, dtype=np.int64)
    needs = np.ascontiguousarray(needs, dtype=np.int64)
    stab = np.ascontiguousarray(positions if positions is not None else [], dtype=np.int64)
    runs = np.ascontiguousarray(lengths if lengths is not None else [], dtype=np.int64)
    n = int(ends[-1]) if len(ends) else 0
    parts = PARTS if parallel and HELPER and n >= SPLIT_FROM else 1
    found = np.empty(n, dtype=np.int64)
    shared = np.empty(n, dtype=np.uint16)
    edits = np.zeros(n if len(stab) else 0, dtype=np.uint16)
    ceilings = np.zeros(n if len(runs) else 0, dtype=np.uint16)
    got = _kernels.count_window(rows, kinds, np.asarray(weights, dtype=np.int64), words, base,
                                first, ends, needs, slack, found, shared, stab, q, edits, runs,
                                length, bar, ceilings, parts)
    zeros = np.zeros(got, dtype=np.int64)
    return Counted(found[:got], shared[:got].astype(np.int64),
                   edits[:got].astype(np.int64) if len(stab) else zeros,
                   ceilings[:got].astype(np.int64) if len(runs) else zeros)
