"""Many hands on one memory: writers, readers and an importer against one database file.

    python bench/stress.py                         # 4 writers, 4 readers, 1 importer, 60 s
    python bench/stress.py --seconds 20 --import-units 100000
    python bench/stress.py --single-add 1000000    # one add while a 1M-unit import runs

Every worker is a real process with its own connection, as a translator's TUI, a
colleague's CLI and a script importing client files would be. Writers add entries and TM
units and remember what was acknowledged; readers look up terms; the importer imports a
generated TMX. Afterwards the database must pass `integrity_check`, hold every
acknowledged write and every imported unit. The table gives operations/s per kind, the
failed operations (any exception is one) and the longest a single operation took.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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


def writer(db: Path, seconds: float, ident: int) -> dict:
    import glossary

    acked: list[list[str]] = []
    failed: list[str] = []
    worst = 0.0
    ops = 0
    waits: list[str] = []  # what a write was told it waited for (after half a second)
    end = time.monotonic() + seconds
    with glossary.open(db, on_wait=waits.append) as g:
        n = 0
        while time.monotonic() < end:
            n += 1
            zh, en = f"压力术语{ident}号{n}", f"stress term {ident}-{n}"
            started = time.monotonic()
            try:
                if n % 2:
                    g.add_entry(zh, en, domain="stress")
                    acked.append(["entry", zh])
                else:
                    g.add_tm_unit(f"压力句子{ident}号{n}。", f"Stress sentence {ident}-{n}.",
                                  "zh-CN", "en")
                    acked.append(["unit", f"压力句子{ident}号{n}。"])
                ops += 1
            except Exception as exc:  # every failure counts, whatever its kind
                failed.append(f"{type(exc).__name__}: {exc}"[:200])
            worst = max(worst, time.monotonic() - started)
    return {"kind": "write", "ops": ops, "failed": failed, "worst": worst, "acked": acked,
            "waits": waits}


def reader(db: Path, seconds: float, ident: int) -> dict:
    import glossary

    failed: list[str] = []
    worst = 0.0
    ops = 0
    queries = ["知识产权", "专利", "zhishi", "IPR", "intellectual", "商标", "压力术语"]
    rng = random.Random(ident)
    end = time.monotonic() + seconds
    with glossary.open(db) as g:
        while time.monotonic() < end:
            started = time.monotonic()
            try:
                g.lookup(rng.choice(queries), limit=10)
                ops += 1
            except Exception as exc:
                failed.append(f"{type(exc).__name__}: {exc}"[:200])
            worst = max(worst, time.monotonic() - started)
    return {"kind": "read", "ops": ops, "failed": failed, "worst": worst}


def importer(db: Path, tmx: Path) -> dict:
    import glossary

    failed: list[str] = []
    started = time.monotonic()
    added = 0
    try:
        with glossary.open(db) as g:
            report = g.import_path(tmx)
            added = report.added
    except Exception as exc:
        failed.append(f"{type(exc).__name__}: {exc}"[:200])
    took = time.monotonic() - started
    return {"kind": "import", "ops": 1 if not failed else 0, "failed": failed,
            "worst": took, "units": added}


def spawn(role: str, db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, "--role", role, "--db", str(db), *args],
                            stdout=subprocess.PIPE, text=True)


def check(db: Path, results: list[dict], import_units: int) -> dict:
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    terms = {r[0] for r in conn.execute("SELECT text FROM terms")}
    sources = {r[0] for r in conn.execute("SELECT source FROM tm_units")}
    lost = sum(1 for r in results for kind, text in r.get("acked", [])
               if text not in (terms if kind == "entry" else sources))
    imported = conn.execute("SELECT count(*) FROM tm_units WHERE import_id IS NOT NULL"
                            ).fetchone()[0]
    conn.close()
    return {"integrity": integrity, "lost": lost, "imported": imported,
            "import_expected": import_units}


def run(args: argparse.Namespace) -> None:
    from import_bench import ensure_tmx

    tmx = ensure_tmx(args.import_units, 7)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "memory.db"
        import glossary

        glossary.open(db).close()
        procs = [spawn("import", db, "--tmx", str(tmx))]
        time.sleep(args.import_head_start)
        procs += [spawn("write", db, "--seconds", str(args.seconds), "--ident", str(i))
                  for i in range(args.writers)]
        procs += [spawn("read", db, "--seconds", str(args.seconds), "--ident", str(i))
                  for i in range(args.readers)]
        results = [json.loads(p.communicate()[0]) for p in procs]
        verdict = check(db, results, args.import_units)
    print(f"{args.writers} writers, {args.readers} readers, 1 importer of "
          f"{args.import_units:,} units, {args.seconds:.0f} s")
    print(f"{'kind':8} {'procs':>5} {'ops':>8} {'ops/s':>8} {'failed':>7} {'worst (s)':>10}")
    for kind in ("write", "read", "import"):
        rows = [r for r in results if r["kind"] == kind]
        ops = sum(r["ops"] for r in rows)
        span = args.seconds if kind != "import" else max(r["worst"] for r in rows)
        print(f"{kind:8} {len(rows):>5} {ops:>8} {ops / span:>8.1f} "
              f"{sum(len(r['failed']) for r in rows):>7} {max(r['worst'] for r in rows):>10.2f}")
    for r in results:
        for message in r["failed"][:2]:
            print(f"  {r['kind']} failed: {message}")
    told = Counter(re.sub(r"\(process \d+\) ", "", m) for r in results
                   for m in r.get("waits", []))
    print(f"writes that waited more than half a second: {sum(told.values())}")
    for message, count in told.most_common(5):
        print(f"  {count:>5} × {message}")
    print(f"integrity_check: {verdict['integrity']}; acknowledged writes lost: "
          f"{verdict['lost']}; imported units present: {verdict['imported']:,} of "
          f"{verdict['import_expected']:,}")


def single_add(units: int) -> None:
    """`glossary add` from the CLI, one after another, all through an import of `units`:
    each add's wall time, whichever phase of the import it met (reading the file,
    moving its units in, indexing them)."""
    from import_bench import ensure_tmx

    tmx = ensure_tmx(units, 7)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "memory.db"
        env = {**os.environ, "GLOSSARY_DB": str(db)}
        cli = [sys.executable, "-m", "glossary"]
        subprocess.run([*cli, "add", "起点", "starting point"], env=env, check=True,
                       capture_output=True)
        alone = []
        for n in range(5):  # the same add with nothing else running, for comparison
            at = time.monotonic()
            subprocess.run([*cli, "add", f"基线{n}", f"baseline {n}"], env=env, check=True,
                           capture_output=True)
            alone.append(time.monotonic() - at)
        note = db.with_name(db.name + "-writer")
        started = time.monotonic()
        imp = subprocess.Popen([*cli, "import", str(tmx)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(1)
        walls: list[tuple[float, float, str]] = []
        failures: list[str] = []
        n = 0
        while imp.poll() is None:
            n += 1
            try:
                phase = json.loads(note.read_text(encoding="utf-8"))["what"]
            except (OSError, ValueError, KeyError):
                phase = "-"
            at = time.monotonic()
            add = subprocess.run([*cli, "add", f"专利{n}", f"patent {n}"], env=env,
                                 capture_output=True, text=True)
            walls.append((at - started, time.monotonic() - at, phase))
            if add.returncode:
                failures.append((add.stderr.strip().splitlines() or ["?"])[-1][:300])
            time.sleep(0.5)
        took = time.monotonic() - started
    alone.sort()
    print(f"import of {units:,} units: {took:.1f} s; {len(walls)} adds during it, "
          f"{len(failures)} failed; the same add alone: median {alone[2]:.2f} s")
    print(f"{'while the import was':32} {'adds':>5} {'median (s)':>11} {'worst (s)':>10}")
    for phase in dict.fromkeys(p for _, _, p in walls):
        times = sorted(w for _, w, p in walls if p == phase)
        print(f"{phase[:32]:32} {len(times):>5} {times[len(times) // 2]:>11.2f} "
              f"{times[-1]:>10.2f}")
    for message in failures[:3]:
        print(f"  failed: {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--import-units", type=int, default=300_000)
    parser.add_argument("--import-head-start", type=float, default=2.0)
    parser.add_argument("--single-add", type=int, metavar="UNITS")
    parser.add_argument("--role", choices=["write", "read", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tmx", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ident", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role == "write":
        print(json.dumps(writer(args.db, args.seconds, args.ident)))
    elif args.role == "read":
        print(json.dumps(reader(args.db, args.seconds, args.ident)))
    elif args.role == "import":
        print(json.dumps(importer(args.db, args.tmx)))
    elif args.single_add:
        single_add(args.single_add)
    else:
        run(args)


if __name__ == "__main__":
    main()
