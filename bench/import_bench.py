"""Import benchmark: a generated TMX of 1M units, end to end, search index included.

    python bench/import_bench.py                    # 1M units
    python bench/import_bench.py --sizes 100000 1000000 --repeat 2

The TMX is generated once from bench/corpus.py's realistic units (a tenth of them
with inline tags, every unit with a context prop and dates) and cached in bench/out/.
Each run imports it into a fresh database in a child process, so the peak RSS is the
import's own, then builds the TM search index (tm_index.update), as a first search
after the import would. The target: 50,000 units/s or more, peak RSS at most 500 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool='
          '"bench" creationtoolversion="1" segtype="sentence" o-tmf="bench" adminlang="en" '
          'srclang="*all*" datatype="plaintext"/>\n<body>\n')


def _tagged(text: str, rng: random.Random) -> str:
    """The segment as TMX, one word in ten units wrapped in a bold pair of codes."""
    if rng.random() >= 0.1 or " " not in text:
        return escape(text)
    head, _, tail = text.partition(" ")
    return (f'<bpt i="1">&lt;b&gt;</bpt>{escape(head)}<ept i="1">&lt;/b&gt;</ept> '
            f"{escape(tail)}")


def ensure_tmx(size: int, seed: int) -> Path:
    path = OUT / f"import-{size}-s{seed}.tmx"
    if path.exists():
        return path
    from corpus import units

    OUT.mkdir(exist_ok=True)
    rng = random.Random(seed)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i, unit in enumerate(units(size, seed)):
            out.write(
                f'<tu tuid="{i}" creationdate="20240102T030405Z" srclang="{unit["source_lang"]}">'
                f'<prop type="x-context">doc{i % 997}</prop>'
                f'<tuv xml:lang="{unit["source_lang"]}"><seg>{_tagged(unit["source"], rng)}'
                f'</seg></tuv><tuv xml:lang="{unit["target_lang"]}"><seg>'
                f'{_tagged(unit["target"], rng)}</seg></tuv></tu>\n')
        out.write("</body>\n</tmx>\n")
    partial.rename(path)
    return path


def child(tmx: Path, db: Path) -> None:
    """One measured import into a fresh database; prints its figures as JSON."""
    from glossary.interchange.importer import Importer
    from glossary.store.memory import Memory
    from glossary.store.sqlite import Store
    from glossary.store.termbase import Termbase

    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    store = Store(db)
    importer = Importer(store, Termbase(store), Memory(store))
    start = time.perf_counter()
    report = importer.import_path(tmx)
    imported = time.perf_counter()
    me, reader = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                       resource.RUSAGE_CHILDREN))
    rss_import = me.ru_maxrss
    try:
        from glossary.tm.index import TMIndex

        indexed_units = TMIndex(store).update()
    except ImportError:  # no search index in this version
        indexed_units = 0
    indexed = time.perf_counter()
    print(json.dumps({
        "added": report.added, "skipped": report.skipped, "rejected": report.rejected,
        "import_s": imported - start, "index_s": indexed - imported,
        "cpu_main_s": me.ru_utime + me.ru_stime, "cpu_reader_s": reader.ru_utime + reader.ru_stime,
        "rss_reader_mb": reader.ru_maxrss / 1024,
        "indexed": indexed_units, "rss_import_mb": rss_import / 1024,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "db_mb": db.stat().st_size / 2**20,
    }))
    store.close()
    for done in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):  # a gigabyte; the TMX is kept
        done.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    rows = []
    for size in args.sizes:
        tmx = ensure_tmx(size, args.seed)
        for _ in range(args.repeat):
            run = subprocess.run([sys.executable, __file__, "--child", str(tmx),
                                  str(OUT / f"import-{size}.db")],
                                 check=True, capture_output=True, text=True)
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            rows.append((size, tmx.stat().st_size / 2**20, figures))
    head = ("units", "TMX MB", "added", "import s", "units/s", "CPU s importer+reader",
            "RSS MB importer+reader", "index s", "RSS MB with index", "total s",
            "units/s with index", "DB MB")
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for size, mb, f in rows:
        total = f["import_s"] + f["index_s"]
        print(" | ".join([
            f"{size:,}", f"{mb:.0f}", f"{f['added']:,}", f"{f['import_s']:.1f}",
            f"{size / f['import_s']:,.0f}", f"{f['cpu_main_s']:.1f}+{f['cpu_reader_s']:.1f}",
            f"{f['rss_import_mb']:.0f}+{f['rss_reader_mb']:.0f}", f"{f['index_s']:.1f}",
            f"{f['rss_mb']:.0f}", f"{total:.1f}", f"{size / total:,.0f}", f"{f['db_mb']:.0f}",
        ]))

if __name__ == "__main__":
    main()
