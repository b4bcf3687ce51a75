"""Whole-process pre-translation: `glossary pretranslate` beside translate-toolkit's
`pretranslate --tm`, on the same PO file and the same memory (as TMX for the peer).

Both are timed as a user runs them, start-up and loading included. The PO file holds
English msgids: half are near-copies of English sides stored in the memory (a word
changed), half are sentences the memory does not hold. Agreement counts the entries
both filled with the same text.

    python bench/pretranslate_bench.py --units 10000 100000 --entries 200
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "bench"))

from corpus import Generator, build  # noqa: E402


def make_po(path: Path, db: Path, entries: int, seed: int) -> None:
    import glossary

    rng = random.Random(seed)
    gen = Generator(seed + 99)
    with glossary.open(db) as g:
        rows = g.store.query(
            "SELECT source, target, source_lang FROM tm_units ORDER BY random() LIMIT ?",
            (entries * 4,))
    stored = [r["source"] if r["source_lang"] == "en" else r["target"] for r in rows]
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    seen: set[str] = set()
    while len(po) < entries:
        text = gen.edit_en(rng.choice(stored)) if len(po) % 2 == 0 else gen.en_sentence()
        if text not in seen:
            seen.add(text)
            po.append(polib.POEntry(msgid=text, msgstr=""))
    po.save(str(path))


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - started


def filled(path: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr}


def run(size: int, entries: int, seed: int, min_score: int) -> dict:
    OUT.mkdir(exist_ok=True)
    db = OUT / f"pretranslate-{size}-s{seed}.db"
    if not db.exists():
        build(db, size, seed)
    tmx = db.with_suffix(".tmx")
    if not tmx.exists():
        subprocess.run([str(BIN / "glossary"), "--db", str(db), "export", str(tmx),
                        "--what", "tm"], check=True, capture_output=True)
    src = OUT / f"pretranslate-{size}-in.po"
    make_po(src, db, entries, seed)
    ours_out, peer_out = OUT / "ours.po", OUT / "peer.po"
    copy = OUT / f"pretranslate-{size}-copy.db"  # the run writes nothing, but keep it apart
    shutil.copy(db, copy)
    ours = timed([str(BIN / "glossary"), "--db", str(copy), "pretranslate", str(src),
                  "-o", str(ours_out), "--min-score", str(min_score)])
    peer = timed([str(BIN / "pretranslate"), "--tm", str(tmx), "-s", str(min_score),
                  "-t", str(src), str(src), str(peer_out)])
    a, b = filled(ours_out), filled(peer_out)
    same = sum(1 for k in a.keys() & b.keys() if a[k] == b[k])
    copy.unlink()
    return {"units": size, "entries": entries, "ours_s": ours, "peer_s": peer,
            "ours_filled": len(a), "peer_filled": len(b), "same": same}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-score", type=int, default=75)
    args = parser.parse_args()
    if not (BIN / "pretranslate").exists():
        sys.exit("translate-toolkit is not installed: pip install translate-toolkit")
    print(f"{'units':>9} {'entries':>7} {'glossary s':>10} {'ttk s':>8} {'speed-up':>8} "
          f"{'filled (ours/ttk)':>17} {'same text':>9}")
    for size in args.units:
        r = run(size, args.entries, args.seed, args.min_score)
        print(f"{r['units']:>9} {r['entries']:>7} {r['ours_s']:>10.2f} {r['peer_s']:>8.2f} "
              f"{r['peer_s'] / r['ours_s']:>7.1f}x {r['ours_filled']:>8}/{r['peer_filled']:<8} "
              f"{r['same']:>9}", flush=True)


if __name__ == "__main__":
    main()
