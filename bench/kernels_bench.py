"""What each compiled kernel buys end to end: whole TM searches, and an index build.

    python bench/kernels_bench.py                    # 100k units, 200 queries
    python bench/kernels_bench.py --size 1000000 --queries 100

Configurations: every kernel on, all off, and all on but one, for each search kernel
(count, indel), switched in one child process through the flags GLOSSARY_KERNELS sets
(glossary/tm/kernels.py), query by query in turn, so the load of a shared machine falls
on all alike. A kernel's figure is the search latency
without it over the latency with everything on, p50, p95 and mean over the same queries
(half near-copies of stored segments, half fresh sentences, half Chinese, half English,
each at min_score 75 and 50, as bench/tm_bench.py makes them), after Glossary.warm() as
in the terminal UI. The index build (the postings kernel) is timed as rebuilds of a copy
of the database with and without the compiled builder, alternately. Every
configuration must return the same results; the script says so if one does not.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from tm_bench import in_child  # noqa: E402 - found through the path set just above


def shared_data() -> Path | None:
    """The shipped sample texts corpus.py draws words from: ../shared/data beside the
    repository, or beside any folder above it (a git worktree lives deeper)."""
    for folder in [HERE.parent, *HERE.parent.parents]:
        if (folder.parent / "shared" / "data").is_dir():
            return folder.parent / "shared" / "data"
    return None


def ensure_db(size: int, seed: int) -> Path:
    import corpus
    import tm_bench

    found = shared_data()
    if found is not None:
        corpus.DATA = found
    path = tm_bench.db_path(size, seed)
    if not path.exists():
        tm_bench.OUT.mkdir(exist_ok=True)
        ctx = multiprocessing.get_context("spawn")
        proc = ctx.Process(target=_build_db, args=(str(path), size, seed, str(corpus.DATA)))
        proc.start()
        proc.join()
        if proc.exitcode:
            raise SystemExit(f"building {path} failed")
    return path


def _build_db(path: str, size: int, seed: int, data: str) -> None:
    import corpus

    corpus.DATA = Path(data)
    corpus.build(path, size, seed)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0


# What each configuration sets in glossary.tm.kernels (read at every call, so one
# process can switch between them query by query). stab_counts and the helper thread
# were measured this way too before they were dropped (_kernels.c has the figures).
SEARCH_FLAGS = ("COUNT", "INDEL")
CONFIGS = {"on": {}, "off": {"COUNT": False, "INDEL": False}, "-count": {"COUNT": False},
           "-indel": {"INDEL": False}}


def run_searches(path: str, queries: list, result: dict) -> None:
    """Child: every query under every configuration, the configurations taken in a
    rotating order query by query, so a busy moment of the machine (other processes
    share its two cores) falls on all of them alike. A first pass with everything on
    reads the lists every query needs, so no configuration pays for that."""
    import glossary
    from glossary.tm import kernels

    if not kernels.COMPILED:
        raise SystemExit("the kernels are not built or GLOSSARY_KERNELS switched them off")
    timings: dict[str, dict[str, list[float]]] = {c: {} for c in CONFIGS}
    answers: dict[str, list] = {c: [] for c in CONFIGS}
    names = list(CONFIGS)
    with glossary.open(path) as g:
        g.warm()
        for bar in (75, 50):
            for _, _, text in queries:
                g.tm_search(text, bar, 10)
        turn = 0
        for bar in (75, 50):
            for _, lang, text in queries:
                turn += 1
                for name in names[turn % len(names):] + names[: turn % len(names)]:
                    for flag in SEARCH_FLAGS:
                        setattr(kernels, flag, CONFIGS[name].get(flag, True))
                    started = time.perf_counter()
                    found = g.tm_search(text, bar, 10)
                    ms = (time.perf_counter() - started) * 1000
                    timings[name].setdefault("all", []).append(ms)
                    timings[name].setdefault(lang, []).append(ms)
                    timings[name].setdefault(f"{lang}{bar}", []).append(ms)
                    answers[name].append([(m.id, m.score) for m in found])
    result["timings"] = timings
    result["answers"] = answers


def run_build(path: str, rounds: int, result: dict) -> None:
    """Child: the index rebuilt from scratch on a copy of the database, with the
    compiled builder and without it, alternately."""
    import glossary
    from glossary.tm import index as tm_index
    from glossary.tm.index import TMIndex

    builder = tm_index.Postings
    seconds: dict[str, list[float]] = {"on": [], "off": []}
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "copy.db"
        shutil.copy(path, copy)
        with glossary.open(copy) as g:
            for _ in range(rounds):
                for name in ("on", "off"):
                    tm_index.Postings = builder if name == "on" else None
                    index = TMIndex(g.store)
                    started = time.perf_counter()
                    index.rebuild()
                    index.update()
                    seconds[name].append(time.perf_counter() - started)
    result["build"] = seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3,
                        help="index builds of each kind; the fastest is kept")
    args = parser.parse_args()
    import tm_bench

    path = ensure_db(args.size, args.seed)
    queries = tm_bench.make_queries(path, args.queries, args.seed)
    runs = in_child(run_searches, str(path), queries)
    base = runs["answers"]["on"]
    for name, got in runs["answers"].items():
        if got != base:
            print(f"!! {name}: results differ from all kernels on")
    print(f"\n{args.size} units, {len(queries)} queries x min_score 75 and 50, every query "
          f"under every configuration in turn; ms per search (p50 / p95 / mean)")
    print(f"{'kernel':<13} {'query':<5} {'p50_on':>7} {'p95_on':>7} {'mean_on':>7} "
          f"{'p50_off':>7} {'p95_off':>7} {'mean_off':>8} {'x_p50':>6} {'x_p95':>6} "
          f"{'x_mean':>6}")
    for name in list(CONFIGS)[1:]:
        label = "all" if name == "off" else name.lstrip("-")
        for lang in ("all", "en75", "zh75", "en50", "zh50"):
            on, off = runs["timings"]["on"][lang], runs["timings"][name][lang]
            a = (percentile(on, 0.5), percentile(on, 0.95), sum(on) / len(on))
            b = (percentile(off, 0.5), percentile(off, 0.95), sum(off) / len(off))
            print(f"{label:<13} {lang:<5} {a[0]:7.2f} {a[1]:7.2f} {a[2]:7.2f} {b[0]:7.2f} "
                  f"{b[1]:7.2f} {b[2]:8.2f} {b[0] / a[0]:6.2f} {b[1] / a[1]:6.2f} "
                  f"{b[2] / a[2]:6.2f}")
    built = in_child(run_build, str(path), args.rounds)["build"]
    on, off = min(built["on"]), min(built["off"])
    print(f"\nindex build (rebuild of {args.size} units, best of {args.rounds}): with the "
          f"compiled builder {on:.2f} s, without {off:.2f} s (x{off / on:.2f})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
