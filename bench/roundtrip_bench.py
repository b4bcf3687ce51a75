"""Round-trip benchmark: the memory exported as TMX, PO, XLIFF 1.2 and 2.0, and read back.

    python bench/roundtrip_bench.py                  # 200k units
    python bench/roundtrip_bench.py --size 1000000

The memory is import_bench.py's generated TMX (every unit with a tuid, a context prop
and dates; a tenth with inline tags), so every unit carries extras to write back. For
each format: the export's time and the process's peak RSS so far (exports only: they
stream, so it stays flat), then the export imported into a fresh database, and how many
units came back. Figures, never a pass/fail.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

FORMATS = (("tmx", ".tmx"), ("po", ".po"), ("xliff", ".xlf"), ("xliff2", ".xlf"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from import_bench import ensure_tmx

    import glossary

    tmx = ensure_tmx(args.size, args.seed)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        with glossary.open(Path(folder) / "memory.db") as g:
            stored = g.import_path(tmx).added
            imported = time.perf_counter() - start
            exports = []
            for fmt, suffix in FORMATS:  # every export first: the RSS column is theirs
                out = Path(folder) / f"out-{fmt}{suffix}"
                start = time.perf_counter()
                report = g.export(out, format=fmt)
                exported = time.perf_counter() - start
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                exports.append((fmt, out, report.written, exported, rss))
        for fmt, out, written, exported, rss in exports:
            start = time.perf_counter()
            with glossary.open(Path(folder) / f"back-{fmt}.db") as back:
                again = back.import_path(out).added
            rows.append((fmt, written, exported, out.stat().st_size / 2**20, rss,
                         time.perf_counter() - start, again))
    print(f"{stored:,} units stored from the TMX in {imported:.1f} s\n")
    head = ("format", "units written", "export s", "units/s", "file MB", "peak RSS MB",
            "re-import s", "units read back")
    print(" | ".join(head))
    print(" | ".join("---" for _ in head))
    for fmt, written, exported, mb, rss, back, again in rows:
        print(f"{fmt} | {written:,} | {exported:.1f} | {written / exported:,.0f} | {mb:.0f} | "
              f"{rss:.0f} | {back:.1f} | {again:,}")


if __name__ == "__main__":
    main()
