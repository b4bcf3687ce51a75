"""TM fuzzy-match benchmark: speed, index size and exactness at 10k, 100k and 1M units.

    python bench/tm_bench.py                      # 10k, 100k, 1M; peer at 10k and 100k
    python bench/tm_bench.py --sizes 10000 --queries 100
    python bench/tm_bench.py --peer-sizes 10000 100000 1000000 --peer-queries 60

Databases are generated once (bench/corpus.py) and cached under bench/out/. Each
measurement runs in a child process, so its peak RSS is its own. Queries: half are
near-copies of stored segments, half fresh sentences, half Chinese, half English.
Every indexed result list is compared with the exhaustive scan's (all queries up to
100k units, a sample at 1M, where one scan takes seconds). Timings are taken after
Glossary.warm(), as in the terminal UI; the cold first query is timed apart. The peer is
translate-toolkit's matcher, given the same segments (max_length raised from its
default 70 characters, which would skip most English sentences).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def db_path(size: int, seed: int) -> Path:
    return OUT / f"tm-{size}-s{seed}.db"


def ensure_db(size: int, seed: int) -> dict:
    """Build the database in a child process unless cached; returns its build figures."""
    path = db_path(size, seed)
    info = path.with_suffix(".json")
    if not (path.exists() and info.exists()):
        OUT.mkdir(exist_ok=True)
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), str(path), str(size), "--seed", str(seed)],
            check=True, capture_output=True, text=True,
        )
        info.write_text(done.stdout)
    return json.loads(info.read_text())


def sizes_mb(path: Path) -> tuple[float, float]:
    """Whole file, and the file less the index tables' pages."""
    import sqlite3

    conn = sqlite3.connect(path)
    pages = dict(conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))
    conn.close()
    index = sum(v for k, v in pages.items() if k.startswith("tm_index"))
    total = path.stat().st_size
    return total / 1e6, (total - index) / 1e6


def make_queries(path: Path, count: int, seed: int) -> list[tuple[str, str, str]]:
    """(kind, lang, text): near-copies of stored sides and fresh sentences, zh and en."""
    import corpus

    import glossary
    from glossary.text.normalize import is_chinese_tag

    gen = corpus.Generator(seed + 1000)
    rng = random.Random(seed)
    out = []
    with glossary.open(path) as g:
        top = g.store.query("SELECT max(id) AS n FROM tm_units")[0]["n"]
        for i in range(count):
            lang = "zh" if i % 2 == 0 else "en"
            if i % 4 < 2:
                row = g.store.query(
                    "SELECT source_lang, source, target FROM tm_units WHERE id = ?",
                    (rng.randint(1, top),),
                )[0]
                zh_first = is_chinese_tag(row["source_lang"])
                text = row["source"] if zh_first == (lang == "zh") else row["target"]
                text = gen.edit_zh(text) if lang == "zh" else gen.edit_en(text)
                out.append(("near", lang, text))
            else:
                fresh = gen.zh_sentence() if lang == "zh" else gen.en_sentence()
                out.append(("fresh", lang, fresh))
    return out


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (0.0, 0.0, 0.0)
    ordered = sorted(values)
    pick = lambda p: ordered[min(len(ordered) - 1, int(p * len(ordered)))]  # noqa: E731
    return pick(0.50), pick(0.95), pick(0.99)


def run_search(path: str, queries: list, verify: int, result: dict) -> None:
    """Child: first query after open, then timings and agreement with the scan."""
    import glossary
    from glossary.tm.search import TMSearch, scan

    for lang in ("en", "zh"):  # open + first query, each language from a cold start
        started = time.perf_counter()
        g = glossary.open(path)
        searcher = TMSearch(g.store)
        searcher.search(next(q[2] for q in queries if q[1] == lang), 75, 10)
        result[f"first_{lang}_ms"] = (time.perf_counter() - started) * 1000
        if lang == "en":
            g.close()
    g.warm()  # as the terminal UI does at start: the keys that re-ranking and scans read
    timings: dict[str, list[float]] = {}
    answers: dict[tuple[int, int], list] = {}
    for min_score in (75, 50):
        for i, (_, lang, text) in enumerate(queries):
            started = time.perf_counter()
            found = g.tm_search(text, min_score, 10)
            elapsed = (time.perf_counter() - started) * 1000
            timings.setdefault(f"{lang}{min_score}", []).append(elapsed)
            timings.setdefault(f"all{min_score}", []).append(elapsed)
            answers[(i, min_score)] = [(m.id, m.score) for m in found]
    result["timings"] = timings
    checked = differing = 0
    scan_ms: list[float] = []
    for i in random.Random(7).sample(range(len(queries)), min(verify, len(queries))):
        for min_score in (75, 50):
            started = time.perf_counter()
            want = [(m.id, m.score) for m in scan(g.store, queries[i][2], min_score, 10)]
            scan_ms.append((time.perf_counter() - started) * 1000)
            checked += 1
            differing += want != answers[(i, min_score)]
    result.update(checked=checked, differing=differing,
                  scan_p50_ms=percentiles(scan_ms)[0],
                  answers={f"{i}:{s}": v for (i, s), v in answers.items()},
                  peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run_peer(path: str, queries: list, result: dict) -> None:
    """Child: translate-toolkit's matcher over the same segments, zh and en sides apart."""
    from translate.search.match import matcher
    from translate.storage import base

    import glossary
    from glossary.text.normalize import is_chinese_tag

    # matcher keeps a heap of (similarity, unit): equal similarities compare units,
    # which base units do not support, so give them an order.
    base.TranslationUnit.__lt__ = lambda self, other: id(self) < id(other)
    started = time.perf_counter()
    stores = {"zh": base.TranslationStore(), "en": base.TranslationStore()}
    with glossary.open(path) as g:
        for row in g.store.conn.execute(
            "SELECT source_lang, source, target_lang, target FROM tm_units"
        ):
            s_lang, source, _, target = row
            zh, en = (source, target) if is_chinese_tag(s_lang) else (target, source)
            for lang, src, tgt in (("zh", zh, en), ("en", en, zh)):
                unit = base.TranslationUnit(src)
                unit.target = tgt
                stores[lang].units.append(unit)
        peers = {lang: matcher(store, max_candidates=10, min_similarity=75, max_length=100000)
                 for lang, store in stores.items()}
        result["load_s"] = time.perf_counter() - started
        g.warm()
        peer_ms, our_ms, overlap, top1 = [], [], [], []
        for _, lang, text in queries:
            started = time.perf_counter()
            theirs = [u.source for u in peers[lang].matches(text)]
            peer_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            mine = [m.source for m in g.tm_search(text, 75, 10)]
            our_ms.append((time.perf_counter() - started) * 1000)
            if mine or theirs:
                overlap.append(len(set(mine) & set(theirs)) / max(len(mine), len(theirs)))
                top1.append(bool(mine and theirs and mine[0] == theirs[0]))
    result.update(peer_ms=peer_ms, our_ms=our_ms, overlap=statistics.mean(overlap or [1.0]),
                  top1=statistics.mean(top1 or [1.0]), nonempty=len(overlap),
                  peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def in_child(target, *args) -> dict:
    with multiprocessing.Manager() as manager:
        shared = manager.dict()
        proc = multiprocessing.get_context("spawn").Process(target=target, args=(*args, shared))
        proc.start()
        proc.join()
        return dict(shared)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--peer-sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--peer-queries", type=int, default=0,
                        help="queries for the peer above 100k units (0: all); it takes "
                             "about a second each at 1M")
    parser.add_argument("--verify-sample", type=int, default=60,
                        help="queries checked against the scan above 100k units")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    build_rows, latency_rows, peer_rows = [], [], []
    for size in args.sizes:
        built = ensure_db(size, args.seed)
        path = db_path(size, args.seed)
        with_index, without = sizes_mb(path)
        queries = make_queries(path, args.queries, args.seed)
        verify = len(queries) if size <= 100_000 else args.verify_sample
        found = in_child(run_search, str(path), queries, verify)
        seconds = built["insert_s"] + built["index_s"]
        build_rows.append((
            size, built["insert_s"], built["index_s"], size / seconds,
            without, with_index, f"{found['first_zh_ms']:.0f}/{found['first_en_ms']:.0f}",
            found["peak_rss_mb"],
            f"{found['differing']}/{found['checked']}", found["scan_p50_ms"],
        ))
        for key in ("all75", "zh75", "en75", "all50", "zh50", "en50"):
            latency_rows.append((size, key, *percentiles(found["timings"][key])))
        if size in args.peer_sizes:
            few = args.peer_queries if size > 100_000 and args.peer_queries else len(queries)
            peer = in_child(run_peer, str(path), queries[:few])
            peer_rows.append((
                size, statistics.mean(peer["peer_ms"]), statistics.mean(peer["our_ms"]),
                statistics.mean(peer["peer_ms"]) / statistics.mean(peer["our_ms"]),
                peer["overlap"], peer["top1"], peer["nonempty"], peer["load_s"],
                peer["peak_rss_mb"],
            ))
        _print(build_rows, latency_rows, peer_rows)


def _print(build_rows, latency_rows, peer_rows) -> None:
    print("\nunits      insert_s index_s units/s  db_MB_noindex db_MB  first_zh/en_ms "
          "rss_MB  differ/checked scan_p50_ms")
    for r in build_rows:
        print(f"{r[0]:<10} {r[1]:8.1f} {r[2]:7.1f} {r[3]:8.0f} {r[4]:13.1f} {r[5]:6.1f} "
              f"{r[6]:>14} {r[7]:7.0f} {r[8]:>15} {r[9]:11.1f}")
    print("\nunits      queries   p50_ms   p95_ms   p99_ms   (top-10; all75 = every query at "
          "min_score 75)")
    for r in latency_rows:
        print(f"{r[0]:<10} {r[1]:<8} {r[2]:8.2f} {r[3]:8.2f} {r[4]:8.2f}")
    if peer_rows:
        print("\nunits      ttk_mean_ms ours_mean_ms  speedup  overlap@10  same_top1  "
              "compared  ttk_load_s ttk_rss_MB   (min_similarity 75)")
        for r in peer_rows:
            print(f"{r[0]:<10} {r[1]:11.1f} {r[2]:12.2f} {r[3]:8.1f} {r[4]:11.2f} {r[5]:10.2f} "
                  f"{r[6]:9d} {r[7]:11.1f} {r[8]:10.0f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
