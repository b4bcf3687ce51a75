"""The compiled search kernel (_kernels.c and the files beside it), when the install
built it and the environment has not switched it off.

It only makes searches of large memories faster: indel_distances has a rapidfuzz twin
that gives the same results, and callers ask INDEL before using it. GLOSSARY_KERNELS in
the environment picks which native code runs, so the pure path can be tested and each
kernel's worth measured (bench/kernels_bench.py):

    GLOSSARY_KERNELS=off              none (search and index build run numpy/rapidfuzz)
    GLOSSARY_KERNELS=indel            only those named
    GLOSSARY_KERNELS=-postings        all but those named
    unset, empty or "on"              all that were built

Names: indel (indel_distances), postings (the index builder, build.py).

What they buy, end to end (bench/kernels_bench.py at 100k units, whole searches, every
query under every configuration in turn on a shared two-core machine): indel 1.47x the
mean search time and 1.45x p95 (English 1.58x / 1.53x); postings 1.7-3.1x the index
build. A one-pass count of the posting lists, the missing-gram bound beside it and a
spinning helper thread bought 1.0x and 1.05x and were dropped for numpy and Python's
thread pool.
"""

from __future__ import annotations

import os

import numpy as np

NAMES = ("indel", "postings")


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
if "indel" not in ON:
    _kernels = None  # type: ignore[assignment]  # switched off: as if never built

COMPILED = _kernels is not None  # the search kernel is built and on
INDEL = COMPILED  # indel_distances serves re-ranking and scans (tests switch it)
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
