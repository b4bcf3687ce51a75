"""PostgreSQL beside SQLite on the same data: TMX import, index build, TM top-10, and
pg_trgm's similarity() as the peer.

    eval "$(.ci/pg start)"                     # or any server: GLOSSARY_TEST_PG=postgresql://...
    python bench/pg_bench.py --sizes 100000 --queries 200

For each size a TMX file of bench/corpus.py units is written once (bench/out/), then
imported into a fresh SQLite file and a fresh PostgreSQL schema through the same
`import_path` a user runs; each import runs in a child process, so its peak RSS is its
own. Then, for the same queries (near-copies of stored segments and fresh sentences,
half Chinese, half English, and one- and two-character Chinese queries), the top 10 at
min score 75 and at 50 after warm(), timed per query on both backends, and the answers
compared.
The peer: a GIN trigram index on the source column and `source % q ORDER BY
similarity(source, q) DESC LIMIT 10` (pg_trgm's default threshold 0.3), timed, and how
many of our true top 10 it finds (the recall a team server on pg_trgm alone would get).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import sys
import time
import uuid
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def tmx_path(size: int, seed: int) -> Path:
    """A TMX file of `size` corpus units, written once."""
    import corpus

    path = OUT / f"pg-{size}-s{seed}.tmx"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        part = path.with_suffix(".part")
        with part.open("w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                      'creationtool="bench" creationtoolversion="1" segtype="sentence" '
                      'o-tmf="x" adminlang="en" srclang="zh-CN" datatype="plaintext"/>'
                      "<body>\n")
            for u in corpus.units(size, seed):
                out.write(f'<tu><tuv xml:lang="{u["source_lang"]}"><seg>{escape(u["source"])}'
                          f'</seg></tuv><tuv xml:lang="{u["target_lang"]}"><seg>'
                          f'{escape(u["target"])}</seg></tuv></tu>\n')
            out.write("</body></tmx>\n")
        part.rename(path)
    return path


def fresh_schema(server: str) -> str:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in server else "?"
    return f"{server}{joiner}options=-csearch_path%3D{schema}"


def drop_schema(server: str, url: str) -> None:
    import psycopg

    schema = url.rsplit("%3D", 1)[1]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def child(target, *args) -> dict:
    with multiprocessing.Manager() as manager:
        result = manager.dict()
        proc = multiprocessing.Process(target=target, args=(*args, result))
        proc.start()
        proc.join()
        return dict(result)


def run_import(url: str, tmx: str, result: dict) -> None:
    import glossary
    from glossary.tm.index import TMIndex

    with glossary.open(url) as g:
        started = time.perf_counter()
        report = g.import_path(tmx)
        result["import_s"] = time.perf_counter() - started
        result["added"] = report.added
        started = time.perf_counter()
        TMIndex(g.store).update()
        result["index_s"] = time.perf_counter() - started
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_queries(url: str, count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, text): near-copies and fresh sentences in both languages, and short Chinese."""
    import corpus

    import glossary
    from glossary.text.normalize import is_chinese_tag

    gen = corpus.Generator(seed + 1000)
    rng = random.Random(seed)
    out = []
    with glossary.open(url) as g:
        top = g.store.scalar("SELECT max(id) FROM tm_units")
        for i in range(count):
            zh = i % 2 == 0
            if i % 10 == 9:
                sentence = gen.zh_sentence()
                start = rng.randrange(max(1, len(sentence) - 2))
                out.append(("short zh", sentence[start:start + 1 + (i % 20 == 19)]))
            elif i % 4 < 2:
                row = g.store.one("SELECT source_lang, source, target FROM tm_units "
                                  "WHERE id = ?", (rng.randint(1, top),))
                assert row is not None
                text = row[1] if is_chinese_tag(row[0]) == zh else row[2]
                out.append(("near", gen.edit_zh(text) if zh else gen.edit_en(text)))
            else:
                out.append(("fresh", gen.zh_sentence() if zh else gen.en_sentence()))
    return out


MIN_SCORES = (75, 50)  # what the UI shows as one types, and what it adds on a pause


def run_search(url: str, queries: list, result: dict) -> None:
    import glossary

    with glossary.open(url) as g:
        g.warm()
        for min_score in MIN_SCORES:
            times, answers = [], []
            for _, text in queries:
                started = time.perf_counter()
                found = g.tm_search(text, min_score, 10)
                times.append((time.perf_counter() - started) * 1000)
                answers.append([(m.source, m.target, m.score) for m in found])
            result[f"times{min_score}"] = times
            result[f"answers{min_score}"] = answers


def run_trgm(url: str, queries: list, truth: list, result: dict) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        started = time.perf_counter()
        conn.execute("CREATE INDEX IF NOT EXISTS tm_units_trgm ON tm_units "
                     "USING gin (source public.gin_trgm_ops)")
        result["index_s"] = time.perf_counter() - started
        conn.execute("SET search_path TO " + conn.execute(
            "SELECT current_schema()").fetchone()[0] + ", public")
        times, found_share = [], []
        for (_, text), want in zip(queries, truth, strict=True):
            started = time.perf_counter()
            rows = conn.execute(
                "SELECT source, target FROM tm_units WHERE source %% %s "
                "ORDER BY similarity(source, %s) DESC LIMIT 10", (text, text)).fetchall()
            times.append((time.perf_counter() - started) * 1000)
            if want:
                got = {(s, t) for s, t in rows}
                found_share.append(sum((s, t) in got for s, t, _ in want) / len(want))
        result["times"] = times
        result["recall"] = sum(found_share) / len(found_share) if found_share else 0.0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--server", default=os.environ.get("GLOSSARY_TEST_PG"))
    args = parser.parse_args()
    if not args.server:
        sys.exit("give --server postgresql://... or set GLOSSARY_TEST_PG "
                 '(eval "$(.ci/pg start)" starts a throwaway one)')
    rows = []
    for size in args.sizes:
        tmx = str(tmx_path(size, args.seed))
        sqlite_file = OUT / f"pg-bench-{size}.db"
        for stale in OUT.glob(f"pg-bench-{size}.db*"):
            stale.unlink()
        pg = fresh_schema(args.server)
        try:
            imports = {"SQLite": child(run_import, str(sqlite_file), tmx),
                       "PostgreSQL": child(run_import, pg, tmx)}
            queries = make_queries(str(sqlite_file), args.queries, args.seed)
            searches = {"SQLite": child(run_search, str(sqlite_file), queries),
                        "PostgreSQL": child(run_search, pg, queries)}
            same = sum(a == b for m in MIN_SCORES for a, b in zip(
                searches["SQLite"][f"answers{m}"], searches["PostgreSQL"][f"answers{m}"],
                strict=True))
            trgm = child(run_trgm, pg, queries, searches["SQLite"]["answers50"])
        finally:
            drop_schema(args.server, pg)
            for stale in OUT.glob(f"pg-bench-{size}.db*"):
                stale.unlink()
        short = [i for i, (kind, _) in enumerate(queries) if kind == "short zh"]
        for name in ("SQLite", "PostgreSQL"):
            imp, s = imports[name], searches[name]
            rows.append((size, name, imp["added"] / imp["import_s"], imp["peak_rss_mb"],
                         imp["index_s"], pct(s["times75"], .5), pct(s["times75"], .95),
                         pct(s["times50"], .5), pct(s["times50"], .95),
                         pct([s["times50"][i] for i in short], .95), "", ""))
        rows.append((size, "pg_trgm (peer)", 0, 0, trgm["index_s"], 0, 0,
                     pct(trgm["times"], .5), pct(trgm["times"], .95),
                     pct([trgm["times"][i] for i in short], .95), f"{trgm['recall']:.0%}", ""))
        rows[-3] = (*rows[-3][:11],
                    f"{same}/{len(queries) * len(MIN_SCORES)} same as PostgreSQL")
    print("TM top 10 after warm(), milliseconds; ≥75 is what the UI shows as one types, ≥50 "
          "what it adds on a pause; 'short' is the one- and two-character Chinese queries "
          "at ≥50; the peer's recall is of our ≥50 top 10")
    print(f"{'units':>8} {'backend':<15} {'import u/s':>10} {'RSS MB':>7} {'index s':>8} "
          f"{'≥75 p50':>8} {'≥75 p95':>8} {'≥50 p50':>8} {'≥50 p95':>8} {'short p95':>9} "
          f"{'recall':>6}  answers")
    for r in rows:
        print(f"{r[0]:>8} {r[1]:<15} {r[2]:>10.0f} {r[3]:>7.0f} {r[4]:>8.1f} {r[5]:>8.1f} "
              f"{r[6]:>8.1f} {r[7]:>8.1f} {r[8]:>8.1f} {r[9]:>9.1f} {r[10]:>6}  {r[11]}")


if __name__ == "__main__":
    main()
