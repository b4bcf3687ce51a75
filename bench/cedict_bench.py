"""A one-off `glossary lookup` with all of CC-CEDICT loaded: wall time and peak memory.

A translator types `glossary lookup 知识产权` in a shell; the whole process (start-up,
opening the database, the lookup, printing) should take at most 0.5 s and 150 MB with
the whole dictionary (~120k entries) and the starter glossary in the database. This
builds such a database under bench/out/, from the real dictionary when given
(--cedict path/to/cedict_1_0_ts_utf-8_mdbg.txt.gz) or else from a generated file of
the same size and shape (real words and readings from pypinyin's phrase list, their
traditional forms from OpenCC, glosses with the dictionary's usage labels), then runs
the command a number of times in fresh processes and prints a table: median and worst
wall time, median CPU time (user + system, which a busy machine inflates far less than
the wall time), peak resident memory (ru_maxrss of the child), and the same for `stats` (the
start-up alone) as the floor any command pays.

    python bench/cedict_bench.py [--cedict FILE] [--entries 122000] [--runs 7]
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

OUT = REPO / "bench" / "out"
LABELS = ["(coll.)", "(Tw)", "(literary)", "(slang)", "(dialect)", "(old)", "(fig.)"]
WORDS = ["to", "make", "the", "a", "law", "right", "protect", "property", "market", "trade",
         "water", "light", "hand", "mind", "court", "office", "state", "heavy", "small",
         "open", "record", "power", "form", "field", "line", "mark", "cover", "point"]
QUERIES = ["知识产权", "知識產權", "intellectual property", "zhishichanquan", "专利"]


def synthetic(path: Path, entries: int, seed: int = 1) -> None:
    """A CC-CEDICT file of `entries` lines, gzipped as distributed."""
    import opencc
    from pypinyin import Style, lazy_pinyin
    from pypinyin.phrases_dict import phrases_dict

    rng = random.Random(seed)
    s2t = opencc.OpenCC("s2t")
    phrases = sorted(p for p in phrases_dict if 1 <= len(p) <= 6)
    rng.shuffle(phrases)
    chosen = phrases[:entries]
    while len(chosen) < entries:  # pypinyin has fewer phrases: join pairs, as compounds go
        chosen.append(rng.choice(phrases[:20000]) + rng.choice(phrases[:20000]))
    lines = ["# CC-CEDICT", "# generated for bench/cedict_bench.py", "#! version=1",
             f"#! entries={entries}"]
    trads = s2t.convert("\n".join(chosen)).split("\n")
    for simp, trad in zip(chosen, trads, strict=True):
        reading = " ".join(lazy_pinyin(simp, style=Style.TONE3, neutral_tone_with_five=True))
        glosses = []
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            gloss = " ".join(rng.choices(WORDS, k=rng.choice((1, 2, 3))))
            if rng.random() < 0.08:
                gloss = f"{rng.choice(LABELS)} {gloss}"
            glosses.append(gloss)
        if rng.random() < 0.04:
            glosses = [f"variant of {rng.choice(chosen)}"]
        lines.append(f"{trad} {simp} [{reading}] /{'/'.join(glosses)}/")
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))


def build(db: Path, cedict: Path) -> float:
    """The starter glossary and the dictionary in a new database; returns the import time."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run(command(db, "import", str(REPO / "imports"), str(cedict)), check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", "from tui.main import main; main()", "--db", str(db), *args]


def run_once(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system: what the wall time would be on an idle
    machine, near enough) and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cedict", type=Path, help="the real dictionary (.txt or .txt.gz)")
    parser.add_argument("--entries", type=int, default=122_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    source = args.cedict
    if source is None:
        source = OUT / f"cedict-synthetic-{args.entries}.txt.gz"
        if not source.exists():
            synthetic(source, args.entries)
            # measured from a fresh process: a child forked from this one, grown by
            # generating the file, reports this process's size as its own peak
            os.execv(sys.executable, [sys.executable, *sys.argv])
    db = OUT / f"cedict-{source.name}.db"
    built = None
    if not db.exists():
        built = build(db, source)
    print(f"dictionary: {source}" + (f" (imported in {built:.1f} s)" if built else ""))
    rows = [("stats (start-up floor)", command(db, "stats"))]
    rows += [(f"lookup {q}", command(db, "lookup", q)) for q in QUERIES]
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'command':<32} {'median s':>9} {'worst s':>8} {'cpu s':>6} {'peak MB':>8}")
    for name, cmd in rows:
        runs = [run_once(cmd) for _ in range(args.runs)]
        walls = [w for w, _, _ in runs]
        print(f"{name:<32} {statistics.median(walls):>9.3f} {max(walls):>8.3f} "
              f"{statistics.median(c for _, c, _ in runs):>6.3f} "
              f"{max(m for _, _, m in runs):>8.1f}")
    print("budget: lookup 知识产权 <= 0.5 s and <= 150 MB (whole process)")


if __name__ == "__main__":
    main()
