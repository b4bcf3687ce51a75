"""Run every benchmark in turn, each in its own process, and print their tables.

Benchmarks are not tests: they print figures, including a peer run side by side on the
same data, and never fail on a slow number. Generated databases are cached in
bench/out/ (git-ignored), so a second run measures without rebuilding them.

    python bench/run.py            # the full set: 10k, 100k and 1M units (long)
    python bench/run.py --quick    # small sizes, a few minutes
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

FULL = {
    "tm_bench.py": ["--sizes", "10000", "100000", "1000000",
                    "--peer-sizes", "10000", "100000", "1000000", "--peer-queries", "60"],
    "term_bench.py": [],
    "pretranslate_bench.py": ["--units", "10000", "100000"],
    "import_bench.py": ["--sizes", "100000", "1000000"],
    "qa_bench.py": [],
    "tui_bench.py": [],
    "cedict_bench.py": [],
    "roundtrip_bench.py": ["--size", "200000"],
    "stress.py": [],
    "kill_bench.py": ["--points", "50"],
    "soak_bench.py": [],  # its PostgreSQL half runs when GLOSSARY_TEST_PG is set
    "pg_bench.py": ["--sizes", "100000", "1000000"],  # needs GLOSSARY_TEST_PG
}
QUICK = {
    "tm_bench.py": ["--sizes", "10000", "100000", "--peer-sizes", "10000"],
    "term_bench.py": ["--terms", "20000", "--recognize-terms", "20000"],
    "pretranslate_bench.py": ["--units", "10000", "--entries", "100"],
    "import_bench.py": ["--sizes", "100000"],
    "qa_bench.py": ["--terms", "20000", "--units", "2000"],
    "tui_bench.py": ["--size", "100000"],
    "cedict_bench.py": ["--entries", "20000", "--runs", "3"],
    "roundtrip_bench.py": ["--size", "20000"],
    "stress.py": ["--seconds", "10", "--import-units", "30000"],
    "kill_bench.py": ["--points", "9"],
    "soak_bench.py": ["--seconds", "10", "--import-units", "10000"],
    "pg_bench.py": ["--sizes", "10000", "--queries", "60"],
}
NEEDS_SERVER = {"pg_bench.py"}  # PostgreSQL beside SQLite: run only when a server is given


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("only", nargs="*", help="run only these (e.g. tm_bench.py)")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    failed = 0
    for script, options in plan.items():
        if args.only and script not in args.only:
            continue
        if script in NEEDS_SERVER and not os.environ.get("GLOSSARY_TEST_PG"):
            print(f"\n## {script}: left out, no PostgreSQL server (set GLOSSARY_TEST_PG; "
                  'eval "$(.ci/pg start)" starts a throwaway one)', flush=True)
            continue
        print(f"\n## {script} {' '.join(options)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script), *options])
        print(f"({script}: {time.perf_counter() - started:.0f} s, exit {code})", flush=True)
        failed += code != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
