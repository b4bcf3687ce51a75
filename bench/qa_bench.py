"""Terminology QA throughput: a generated 10k-unit TMX checked against a 100k-term glossary.

The glossary is term_bench's (real Chinese words, Zipf-drawn English words, all four
statuses, a tenth with abbreviations). Each unit's Chinese source holds three of its
entries among filler words; the English target renders them, but one unit in ten drops
one rendering (a missing term). The run is timed cold (the recognition automaton built
on the first unit) and warm, for zh→en and for the same file read as en→zh.

    python bench/qa_bench.py [--terms 100000] [--units 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from term_bench import build  # noqa: E402

import glossary  # noqa: E402
from glossary.checks.qa import run_qa  # noqa: E402

FILLER_ZH = ["我们", "需要", "进一步", "关于", "方面", "工作", "相关", "问题", "进行", "情况"]
FILLER_EN = ["we", "need", "further", "about", "the", "work", "related", "issues", "and"]


def write_tmx(path: Path, g: glossary.Glossary, units: int, seed: int, reverse: bool) -> None:
    rng = random.Random(seed)
    rows = g.store.query(
        "SELECT c.id, group_concat(t.lang || char(31) || t.text || char(31) || t.status, "
        "char(30)) AS terms FROM concepts c JOIN terms t ON t.concept_id = c.id "
        "WHERE t.type = 'fullForm' GROUP BY c.id")
    pairs = []
    for row in rows:
        terms = [t.split("\x1f") for t in row["terms"].split("\x1e")]
        zh = [t[1] for t in terms if t[0].startswith("zh")]
        en = [t[1] for t in terms if t[0] == "en"]
        if zh and en:
            pairs.append((zh[0], en[0]))
    out = []
    for n in range(units):
        chosen = rng.sample(pairs, 3)
        zh = "，".join(rng.choice(FILLER_ZH) + z for z, _ in chosen) + "。"
        kept = chosen[1:] if n % 10 == 0 else chosen
        en = ", ".join(f"{rng.choice(FILLER_EN)} {e}" for _, e in kept) + "."
        src, tgt = (("en", en), ("zh-CN", zh)) if reverse else (("zh-CN", zh), ("en", en))
        out.append(f'<tu><tuv xml:lang="{src[0]}"><seg>{escape(src[1])}</seg></tuv>'
                   f'<tuv xml:lang="{tgt[0]}"><seg>{escape(tgt[1])}</seg></tuv></tu>\n')
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="b" '
        'creationtoolversion="1" segtype="sentence" o-tmf="b" adminlang="en" '
        f'srclang="{"en" if reverse else "zh-CN"}" datatype="plaintext"/><body>\n'
        + "".join(out) + "</body></tmx>\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        build(db, args.terms, args.seed)
        built = time.perf_counter() - t0
        rows = []
        with glossary.open(db) as g:
            stats = g.stats()
            for reverse in (False, True):
                path = Path(tmp) / f"units-{'en' if reverse else 'zh'}.tmx"
                write_tmx(path, g, args.units, args.seed, reverse)
                for run in ("cold", "warm") if not reverse else ("warm",):
                    t0 = time.perf_counter()
                    report = run_qa(g, path)
                    took = time.perf_counter() - t0
                    rows.append(("en→zh" if reverse else "zh→en", run, report.units,
                                 len(report.issues), report.counts(), took))
    print(f"glossary: {stats['concepts']} entries, {stats['terms']} terms "
          f"(built in {built:.1f} s); file: {args.units} TMX units, 3 terms each\n")
    print(f"{'direction':<10}{'run':<6}{'units':>7}{'issues':>8}{'seconds':>9}{'units/s':>9}"
          "  issues by kind")
    for direction, run, units, issues, counts, took in rows:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"{direction:<10}{run:<6}{units:>7}{issues:>8}{took:>9.2f}{units / took:>9.0f}"
              f"  {kinds}")


if __name__ == "__main__":
    main()
