"""Fuzzing the readers at length: the suite's reliability tests with many more examples.

    python bench/fuzz.py                       # 5,000 examples per reader and for detect()
    python bench/fuzz.py --examples 50000      # an overnight run
    python bench/fuzz.py --examples 2000 -k tmx

The normal test suite runs tests/test_fuzz_formats.py with a few hundred examples
each, always the same ones, so it stays fast and repeatable; this runs the very same
tests (one definition of what "fails well" means) with fresh random examples and as
many as asked, through GLOSSARY_FUZZ_EXAMPLES. A failure is shrunk by hypothesis to
a small file and printed; add it as a case in tests/test_bad_input.py when fixed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000,
                        help="examples per test (default 5000)")
    parser.add_argument("-k", dest="keyword", help="only the tests matching (pytest -k)")
    parser.add_argument("-n", dest="workers", default="0",
                        help="pytest-xdist workers (default: none)")
    args = parser.parse_args()
    command = [sys.executable, "-m", "pytest", "-q", "-m", "reliability", "-p", "no:randomly",
               "--hypothesis-show-statistics", str(ROOT / "tests" / "test_fuzz_formats.py")]
    if args.keyword:
        command += ["-k", args.keyword]
    if args.workers != "0":
        command += ["-n", args.workers]
    env = {**os.environ, "GLOSSARY_FUZZ_EXAMPLES": str(args.examples)}
    start = time.perf_counter()
    code = subprocess.call(command, cwd=ROOT, env=env)
    seconds = time.perf_counter() - start
    print(f"\n{args.examples:,} examples per test in {seconds:.0f} s "
          f"({'no failure' if code == 0 else 'FAILURES above'})")
    return code


if __name__ == "__main__":
    sys.exit(main())
