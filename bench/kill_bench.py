"""kill -9 at random points of an import, an export and an edit: is anything half done?

    python bench/kill_bench.py               # 50 points, spread over the three operations
    python bench/kill_bench.py --points 200

Each point copies one prepared memory (one entry, 20,000 TM units), starts the CLI on it
as a user would (`import` of another 20,000-unit TMX, `export` of the memory to TMX,
`edit` of the entry's English and domain), kills it with SIGKILL after a random time
within the operation's own duration, and then looks at what was left, before anything
opens it again:

- `integrity_check` is ok;
- all or none: the import's units are all visible or none is; the export's file is
  absent or a complete TMX with every unit, and no half-written file is visible beside
  it; the entry has its old English and domain or both new ones;
- the user can go on: glossary opens the file, and the same operation run again ends
  with everything in place.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

UNITS = 20_000
OPS = ("import", "export", "edit")


def tmx(path: Path, label: str) -> Path:
    tus = "".join(
        f'<tu><tuv xml:lang="zh-CN"><seg>{label}第{i}条：加强知识产权保护。</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{label} article {i}: strengthen IPR protection.</seg>'
        "</tuv></tu>\n" for i in range(UNITS))
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
                    'creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" '
                    'adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>\n'
                    f"{tus}</body></tmx>\n", encoding="utf-8")
    return path


def glossary_cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "glossary", "--db", str(db), *args]


def command(op: str, db: Path, work: Path) -> list[str]:
    if op == "import":
        return glossary_cli(db, "import", str(work / "new.tmx"))
    if op == "export":
        return glossary_cli(db, "export", str(work / "out" / "memory.tmx"), "--what", "tm")
    return glossary_cli(db, "edit", "1", "--en", "IP rights", "--domain", "law")


def prepare(work: Path) -> Path:
    import glossary

    base = work / "base.db"
    with glossary.open(base) as g:
        g.add_entry("知识产权", "intellectual property rights", domain="ipr")
        g.import_path(tmx(work / "old.tmx", "旧"))
    conn = sqlite3.connect(base)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    tmx(work / "new.tmx", "新")
    return base


def left_as(op: str, db: Path, work: Path) -> tuple[bool, bool]:
    """(integrity_check ok, all or none) of what the kill left."""
    conn = sqlite3.connect(db)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if op == "import":
            visible = conn.execute("SELECT count(*) FROM tm_visible").fetchone()[0]
            return ok, visible in (UNITS, 2 * UNITS)
        if op == "edit":
            row = conn.execute("SELECT c.domain, t.text FROM concepts c JOIN terms t ON "
                               "t.concept_id = c.id WHERE c.id = 1 AND t.lang = 'en'"
                               ).fetchone()
            return ok, tuple(row) in {("ipr", "intellectual property rights"),
                                      ("law", "IP rights")}
    finally:
        conn.close()
    out = work / "out"
    seen = [p for p in out.iterdir() if not p.name.startswith(".")]
    if not seen:
        return ok, True
    if [p.name for p in seen] != ["memory.tmx"]:
        return ok, False
    try:
        tus = etree.parse(str(out / "memory.tmx")).getroot().findall("body/tu")
    except etree.XMLSyntaxError:
        return ok, False
    return ok, len(tus) == UNITS


def goes_on(op: str, db: Path, work: Path) -> bool:
    """The same operation again, on the file as the kill left it, ends complete."""
    run = subprocess.run(command(op, db, work), capture_output=True, text=True, timeout=600)
    if run.returncode:
        return False
    return left_as(op, db, work) == (True, True) and (
        op != "import" or sqlite3.connect(db).execute(
            "SELECT count(*) FROM tm_units").fetchone()[0] == 2 * UNITS)


def duration(op: str, base: Path, work: Path) -> float:
    db = work / f"timing-{op}.db"
    shutil.copy(base, db)
    (work / "out").mkdir(exist_ok=True)
    started = time.monotonic()
    subprocess.run(command(op, db, work), check=True, capture_output=True, timeout=600)
    took = time.monotonic() - started
    shutil.rmtree(work / "out")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tally: Counter[tuple[str, str]] = Counter()
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = prepare(work)
        took = {op: duration(op, base, work) for op in OPS}
        for point in range(args.points):
            op = OPS[point % len(OPS)]
            db = work / "memory.db"
            for stale in work.glob("memory.db*"):
                stale.unlink()
            for stale in work.glob(".memory.db*"):
                stale.unlink()
            shutil.rmtree(work / "out", ignore_errors=True)
            (work / "out").mkdir()
            shutil.copy(base, db)
            proc = subprocess.Popen(command(op, db, work), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            at = rng.uniform(0.05, took[op])
            time.sleep(at)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            ok, whole = left_as(op, db, work)
            again = goes_on(op, db, work)
            tally[(op, "points")] += 1
            tally[(op, "integrity")] += ok
            tally[(op, "whole")] += whole
            tally[(op, "again")] += again
            if not (ok and whole and again):
                failures.append(f"{op} killed at {at:.2f} s: integrity {ok}, all-or-none "
                                f"{whole}, goes on {again}")
    print(f"kill -9 at {args.points} random points (seed {args.seed})")
    print(f"{'operation':10} {'takes (s)':>9} {'points':>6} {'integrity ok':>12} "
          f"{'all or none':>11} {'goes on':>8}")
    for op in OPS:
        print(f"{op:10} {took[op]:>9.2f} {tally[(op, 'points')]:>6} "
              f"{tally[(op, 'integrity')]:>12} {tally[(op, 'whole')]:>11} "
              f"{tally[(op, 'again')]:>8}")
    for line in failures:
        print("  " + line)


if __name__ == "__main__":
    main()
