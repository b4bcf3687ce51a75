"""Eight clients on one glossary: the soak, on SQLite and PostgreSQL side by side.

    python bench/soak_bench.py                          # both backends, 60 s each
    python bench/soak_bench.py --seconds 30 --backend sqlite
    GLOSSARY_TEST_PG=postgresql://... python bench/soak_bench.py --backend postgresql

A team's day in a minute: six client processes loop, each a translator looking up
terms and TM matches and adding entries and TM units (every add carries a marker unique
to its process and is remembered once the call returns); two more each import their
own 100k-unit TMX file (bench/import_bench.py's generator, written once to bench/out/).
Every client is a real process with its own connection. The same seed data and the
same files go to a fresh SQLite file and then a fresh PostgreSQL schema, one backend
after the other so they do not compete for the machine.

A failure is an exception a caller sees: a write that waited ("waiting for ...") and
then went through is not one. Afterwards the database must hold every acknowledged add
(lost writes) and, for each import, as many units tagged with its import id as its
report says it added, with nothing left pending.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

SEED_UNITS = 10_000
SEED_ENTRIES = 300
TERM_QUERIES = ["知识产权", "专利", "商标", "zhishi", "IPR", "intellectual", "术语", "soak"]


def _stamp(ops: dict, kind: str, started: float) -> None:
    ops.setdefault(kind, []).append((time.monotonic() - started) * 1000)


def client(target: str, seconds: float, ident: int) -> dict:
    """Look up, search the TM and add, in a 3:3:1:1 mix, until the time is up."""
    import corpus

    import glossary

    sentences = [u["source"] for u in corpus.units(200, 3)]
    rng = random.Random(ident)
    ops: dict[str, list[float]] = {}
    failed: list[tuple[str, str]] = []
    acked: list[list[str]] = []
    waits: list[str] = []
    end = time.monotonic() + seconds
    with glossary.open(target, on_wait=waits.append) as g:
        n = 0
        while time.monotonic() < end:
            n += 1
            kind = ("lookup", "tm_search", "lookup", "tm_search", "lookup", "tm_search",
                    "add_entry", "add_unit")[n % 8]
            started = time.monotonic()
            try:
                if kind == "lookup":
                    g.lookup(rng.choice(TERM_QUERIES), limit=10)
                elif kind == "tm_search":
                    g.tm_search(rng.choice(sentences), min_score=50, limit=10)
                elif kind == "add_entry":
                    zh = f"浸泡术语{ident}号{n}"
                    g.add_entry(zh, f"soak term {ident}-{n}", domain="soak")
                    acked.append(["entry", zh])
                else:
                    zh = f"浸泡句子{ident}号{n}。"
                    g.add_tm_unit(zh, f"Soak sentence {ident}-{n}.", "zh-CN", "en")
                    acked.append(["unit", zh])
                _stamp(ops, kind, started)
            except Exception as exc:  # every exception a caller sees is a failure
                failed.append((kind, f"{type(exc).__name__}: {exc}"[:200]))
    return {"ops": ops, "failed": failed, "acked": acked, "waits": waits}


def importer(target: str, tmx: str) -> dict:
    """One import of a whole file, as `glossary import` runs it."""
    import glossary

    ops: dict[str, list[float]] = {}
    failed: list[tuple[str, str]] = []
    report: dict = {}
    started = time.monotonic()
    try:
        with glossary.open(target) as g:
            report = g.import_path(tmx).to_dict()
        _stamp(ops, "import", started)
    except Exception as exc:
        failed.append(("import", f"{type(exc).__name__}: {exc}"[:200]))
    return {"ops": ops, "failed": failed, "report": report, "path": tmx,
            "took": time.monotonic() - started}


def seed(target: str) -> None:
    """The same starting memory on both backends: a 10k-unit TMX and some entries."""
    from import_bench import ensure_tmx

    import glossary

    with glossary.open(target) as g:
        g.import_path(ensure_tmx(SEED_UNITS, 3))
        for i in range(SEED_ENTRIES):
            g.add_entry(f"知识产权{i}", f"intellectual property {i}", domain="seed")


def fetch_rows(target: str, sql: str) -> list[tuple]:
    """Rows straight from the database, bypassing the library being measured."""
    if target.startswith("postgresql"):
        import psycopg

        with psycopg.connect(target) as conn:
            return conn.execute(sql).fetchall()
    conn = sqlite3.connect(target)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def verify(target: str, results: list[dict]) -> dict:
    """Lost acknowledged adds, and each import's units counted by its import id."""
    terms = {r[0] for r in fetch_rows(target, "SELECT text FROM terms")}
    sources = {r[0] for r in fetch_rows(target, "SELECT source FROM tm_units")}
    lost = [text for r in results for kind, text in r.get("acked", [])
            if text not in (terms if kind == "entry" else sources)]
    imports = fetch_rows(target, "SELECT i.path, i.ok, i.added, (SELECT count(*) FROM "
                                 "tm_units u WHERE u.import_id = i.id) FROM imports i")
    by_path = {Path(p).name: (ok, added, present) for p, ok, added, present in imports}
    checks = []
    for r in results:
        if "path" in r:
            ok, added, present = by_path.get(Path(r["path"]).name, (0, 0, 0))
            reported = (r["report"].get("added", 0), r["report"].get("skipped", 0))
            checks.append((Path(r["path"]).name, ok, reported, added, present))
    pending = sum(1 for _, ok, _, _ in imports if not ok)
    return {"lost": lost, "imports": checks, "pending": pending}


def spawn(role: str, target: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, "--role", role, "--target", target,
                             *args], stdout=subprocess.PIPE, text=True)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0


def soak(backend: str, target: str, args: argparse.Namespace, files: list[Path]) -> None:
    started = time.monotonic()
    seed(target)
    print(f"[{backend}] seeded in {time.monotonic() - started:.1f} s", flush=True)
    procs = [spawn("import", target, "--tmx", str(f)) for f in files]
    procs += [spawn("client", target, "--seconds", str(args.seconds), "--ident", str(i))
              for i in range(args.clients)]
    results = [json.loads(p.communicate()[0]) for p in procs]
    verdict = verify(target, results)
    for kind in ("lookup", "tm_search", "add_entry", "add_unit", "import"):
        # the import row: units added and units/s; its latency is a whole import's
        times = [t for r in results for t in r["ops"].get(kind, [])]
        fails = sum(1 for r in results for k, _ in r["failed"] if k == kind)
        count, span = len(times), args.seconds
        if kind == "import":  # counted in units, over the slower import's wall time
            count = sum(r["report"].get("added", 0) for r in results if "report" in r)
            span = max((r["took"] for r in results if "took" in r), default=1.0)
        print(f"{backend:10} {kind:10} {count:>7} {count / span:>8.1f} "
              f"{pct(times, 0.5):>8.1f} {pct(times, 0.95):>8.1f} {fails:>6}", flush=True)
    messages = Counter(f"{k}: {m}" for r in results for k, m in r["failed"])
    for message, count in messages.most_common(5):
        print(f"  {count:>5} × {message}")
    waited = Counter(m for r in results for m in r.get("waits", []))
    print(f"  writes told they were waiting: {sum(waited.values())}; acknowledged adds: "
          f"{sum(len(r.get('acked', [])) for r in results)}, lost: {len(verdict['lost'])}; "
          f"imports left pending: {verdict['pending']}")
    for name, ok, reported, added, present in verdict["imports"]:
        took = next(r["took"] for r in results if Path(r.get("path", "")).name == name)
        print(f"  import {name}: ok={ok}, reported added {reported[0]:,} (skipped "
              f"{reported[1]:,} duplicates), recorded {added:,}, units present {present:,} "
              f"({took:.1f} s)")
    for text in verdict["lost"][:5]:
        print(f"  LOST: {text}")


def run(args: argparse.Namespace) -> None:
    from import_bench import ensure_tmx

    files = [ensure_tmx(args.import_units, 11 + i) for i in range(args.importers)]
    server = os.environ.get("GLOSSARY_TEST_PG")
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(f"{args.clients} clients (lookup/TM search/add), {args.importers} importers of "
          f"{args.import_units:,} units each, {args.seconds:.0f} s, seed {SEED_UNITS:,} "
          f"units + {SEED_ENTRIES} entries; {os.cpu_count()} cores")
    print(f"{'backend':10} {'kind':10} {'ops':>7} {'ops/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'failed':>6}")
    for backend in backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                soak(backend, str(Path(tmp) / "memory.db"), args, files)
        elif not server:
            print("postgresql: skipped (set GLOSSARY_TEST_PG to a server URL)")
        else:
            from pg_bench import drop_schema, fresh_schema

            url = fresh_schema(server)
            try:
                soak(backend, url, args, files)
            finally:
                drop_schema(server, url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--importers", type=int, default=2)
    parser.add_argument("--import-units", type=int, default=100_000)
    parser.add_argument("--role", choices=["client", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    parser.add_argument("--tmx", help=argparse.SUPPRESS)
    parser.add_argument("--ident", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "client":
        print(json.dumps(client(args.target, args.seconds, args.ident)))
    elif args.role == "import":
        print(json.dumps(importer(args.target, args.tmx)))
    else:
        run(args)


if __name__ == "__main__":
    main()
