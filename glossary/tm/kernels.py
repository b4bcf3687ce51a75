"""The compiled search kernels (_kernels.c and the files beside it), when the install
built them and the environment has not switched them off.

They only make searches of large memories faster: count_window has a numpy twin and
indel_distances a rapidfuzz one that give the same results, and callers ask COUNT and
INDEL before using them. GLOSSARY_KERNELS in
the environment picks which native code runs, so the pure path can be tested and each
kernel's worth measured (bench/kernels_bench.py):

    GLOSSARY_KERNELS=off              none (search and index build run numpy/rapidfuzz)
    GLOSSARY_KERNELS=count,indel      only those named
    GLOSSARY_KERNELS=-postings        all but those named
    unset, empty or "on"              all that were built

Names: count (count_window), indel (indel_distances), postings (the index builder,
build.py).

What they buy, end to end (bench/kernels_bench.py at 100k units, whole searches, every
query under every configuration in turn on a shared two-core machine, off / on): count
8.4x p50 and 2.1x mean for English at >= 75, 2.0x mean for Chinese at >= 75; indel 1.6x
p50 and mean for English at >= 50; postings 3.2x the index build. At 1M units (20
queries, one round): count 2.5x mean for English at >= 75 and 4.5x for Chinese, indel
1.85x mean for English at >= 50, postings 1.6x the build. stab_counts (0.8-1.0x)
and a spinning helper thread (1.2x at best, several times slower for short searches on
a loaded machine) were dropped; _kernels.c has the figures.
"""

from __future__ import annotations

import os
from typing import NamedTuple

import numpy as np

NAMES = ("count", "indel", "postings")


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
except ImportError:  # built without a compiler: rapidfuzz serves
    _kernels = None  # type: ignore[assignment]
if not ON & {"count", "indel"}:
    _kernels = None  # type: ignore[assignment]  # switched off: as if never built

COMPILED = _kernels is not None  # a search kernel is built and on
COUNT = COMPILED and "count" in ON  # count_window serves large windows
INDEL = COMPILED and "indel" in ON  # indel_distances serves re-ranking and scans
MAX_COUNT = 65535  # counts are uint16: a query of more grams is left to numpy
MAX_INDEL_QUERY = 2048  # characters: longer queries are compared by rapidfuzz


def indel_distances(keys: list[str], query: str, docs: np.ndarray,
                    limits: np.ndarray | None = None) -> np.ndarray:
    """The indel (LCS) distance of query to keys[d] for each d of docs, as rapidfuzz's
    Indel.distance gives it, or limit + 1 where it is more than that doc's limit (the
    kernel then stops early). The query has at most MAX_INDEL_QUERY characters. The GIL
    is released while it compares, so two calls run on two threads at once."""
    if _kernels is None:
        raise RuntimeError("the compiled kernels are not built, or GLOSSARY_KERNELS is off")
    docs = np.ascontiguousarray(docs, dtype=np.int64)
    limits = np.ascontiguousarray(limits if limits is not None else [], dtype=np.int64)
    return np.frombuffer(_kernels.indel_distances(keys, query, docs, limits), dtype=np.int32)


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
                 positions: np.ndarray | None = None, q: int = 3,
                 lengths: np.ndarray | None = None, length: int = 0, bar: int = 0) -> Counted:
    """The docs of a window whose weighted count of the rows holding them, plus slack,
    reaches their need; those counts; with positions their missing-gram bound (the
    fewest edits that destroy the query grams a doc lacks altogether; positions[s] is
    the row of the query's gram at position s, -1 for one no doc holds); and with
    lengths their score ceiling against a query of `length` characters, the docs below
    bar left out. Weights add up to MAX_COUNT or less.

    rows: per token, the segment's whole bitmap as bytes padded to 64-bit words (kind 0)
    or its sorted uint32 doc numbers (kind 1), as TMIndex.kernel_rows gives them; the
    kernel reads `words` words from doc `base` (a multiple of 64) on, and bit `first` of
    those is the window's first doc. The window's docs come in runs of one key length:
    run i ends before doc ends[i], needs needs[i] and has key length lengths[i]; the
    last end is the window's length. The GIL is released while it counts.
    """
    if _kernels is None:
        raise RuntimeError("the compiled kernels are not built, or GLOSSARY_KERNELS is off")
    ends = np.ascontiguousarray(ends, dtype=np.int64)
    needs = np.ascontiguousarray(needs, dtype=np.int64)
    stab = np.ascontiguousarray(positions if positions is not None else [], dtype=np.int64)
    runs = np.ascontiguousarray(lengths if lengths is not None else [], dtype=np.int64)
    n = int(ends[-1]) if len(ends) else 0
    found = np.empty(n, dtype=np.int64)
    shared = np.empty(n, dtype=np.uint16)
    edits = np.zeros(n if len(stab) else 0, dtype=np.uint16)
    ceilings = np.zeros(n if len(runs) else 0, dtype=np.uint16)
    got = _kernels.count_window(rows, kinds, np.asarray(weights, dtype=np.int64), words, base,
                                first, ends, needs, slack, found, shared, stab, q, edits, runs,
                                length, bar, ceilings)
    zeros = np.zeros(got, dtype=np.int64)
    return Counted(found[:got], shared[:got].astype(np.int64),
                   edits[:got].astype(np.int64) if len(stab) else zeros,
                   ceilings[:got].astype(np.int64) if len(runs) else zeros)
