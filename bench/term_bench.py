"""Term lookup latency and term recognition throughput on a large generated glossary.

Lookup runs on every keystroke, so its budget is a p95 of 5 ms over a 150k-term
glossary; recognition should scan at least 1 MB/s of Chinese text with 100k terms.
This builds such glossaries (reproducible from a seed) under bench/out/, times a few
hundred queries of each kind a translator types, and prints a table.

Chinese terms are real words from pypinyin's phrase list, alone or joined in pairs as
technical terms are (2-6 characters); English terms are 1-4 words drawn with a Zipf
law from a made-up but English-shaped vocabulary, so common words recur as they do in
real glossaries and make the prefix, substring and typo searches work hard.

    python bench/term_bench.py [--terms 150000] [--recognize-terms 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import opencc  # noqa: E402
from pypinyin.phrases_dict import phrases_dict  # noqa: E402

import glossary  # noqa: E402
from glossary.models import Term, now  # noqa: E402
from glossary.store.termbase import term_row  # noqa: E402
from glossary.terms.recognize import Recognizer  # noqa: E402

OUT = REPO / "bench" / "out"
STATUSES = ["preferred"] * 80 + ["admitted"] * 10 + ["deprecated"] * 7 + ["forbidden"] * 3
_ONSETS = ["", "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w",
           "st", "tr", "pr", "pl", "gr", "cl", "br", "ch", "sh", "th", "sp", "qu"]
_VOWELS = ["a", "e", "i", "o", "u", "ea", "io", "ou", "ai", "y"]
_CODAS = ["", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "ct", "rm", "ng", "x"]
_SUFFIXES = ["", "", "", "ion", "ment", "ity", "al", "er", "ing", "ive", "ure", "ance", "ics"]


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        rng = self.rng
        words: set[str] = set()
        while len(words) < 8000:
            syllables = rng.choice((1, 2, 2, 3))
            words.add("".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                              for _ in range(syllables)) + rng.choice(_SUFFIXES))
        self.words = sorted(w for w in words if len(w) >= 2)
        rng.shuffle(self.words)
        self.weights = [1 / (rank + 10) for rank in range(len(self.words))]  # Zipf
        self.phrases = sorted(p for p in phrases_dict if 2 <= len(p) <= 4)
        self.short = [p for p in self.phrases if len(p) <= 3]

    def zh(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            return rng.choice(self.phrases)
        first = rng.choice(self.short)
        return (first + rng.choice(self.short))[:6]

    def en(self) -> str:
        count = self.rng.choice((1, 2, 2, 2, 3, 3, 4))
        return " ".join(self.rng.choices(self.words, self.weights, k=count))

    def concepts(self, terms: int) -> list[list[Term]]:
        """Entries of a zh and an en term, a tenth with an abbreviation, until `terms` terms."""
        out: list[list[Term]] = []
        seen: set[tuple[str, str]] = set()
        total = 0
        while total < terms:
            zh, en = self.zh(), self.en()
            if (zh, en) in seen:
                continue
            seen.add((zh, en))
            status = self.rng.choice(STATUSES)
            entry = [Term("zh-Hans", zh, status), Term("en", en, status)]
            if self.rng.random() < 0.1 and total + 3 <= terms:
                abbr = "".join(w[0] for w in en.split()).upper() + self.rng.choice(("", "S", "P"))
                entry.append(Term("en", abbr, status, "abbreviation"))
            out.append(entry)
            total += len(entry)
        return out


def build(path: Path, terms: int, seed: int) -> None:
    """Write a glossary straight into the tables, as an import does, in one transaction."""
    concepts = Generator(seed).concepts(terms)
    path.unlink(missing_ok=True)
    with glossary.open(path) as g, g.store.transaction() as db:
        stamp = now()
        db["concepts"].insert_all(
            ({"id": i + 1, "domain": "bench", "source": "bench", "created": stamp,
              "changed": stamp} for i in range(len(concepts))), batch_size=5000)
        db["terms"].insert_all(
            (term_row(i + 1, t, p) for i, entry in enumerate(concepts)
             for p, t in enumerate(entry)), batch_size=5000)


Queries = dict[str, list[tuple[str, int]]]


def queries(g: glossary.Glossary, seed: int, per_kind: int) -> Queries:
    """Queries of each kind, each with the entry it was made from."""
    rng = random.Random(seed + 1)
    rows = g.store.query("SELECT concept_id, text, lang, pinyin, pinyin_tones FROM terms")
    zh = [r for r in rows if r["pinyin"]]
    en = [r for r in rows if r["lang"] == "en" and " " in r["text"]]
    s2t = opencc.OpenCC("s2t")
    sample = rng.sample(zh, min(len(zh), 10 * per_kind))
    trad = [(t, r["concept_id"]) for t, r in ((s2t.convert(r["text"]), r) for r in sample)
            if t != r["text"]][:per_kind]

    def typo(text: str) -> str:
        words = text.split()
        long = [i for i, w in enumerate(words) if len(w) >= 5] or [0]
        i = rng.choice(long)
        w, j = words[i], rng.randrange(max(1, len(words[i]) - 1))
        edit = rng.choice(("swap", "drop", "double", "change"))
        if edit == "swap" and len(w) > 1:
            w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        elif edit == "drop":
            w = w[:j] + w[j + 1:]
        elif edit == "double":
            w = w[:j] + w[j] + w[j:]
        else:
            w = w[:j] + rng.choice("aeiourstn") + w[j + 1:]
        words[i] = w
        return " ".join(words)

    def pinyin(r: dict) -> str:
        form = rng.random()
        if form < 0.4:
            return r["pinyin"]
        if form < 0.7:
            return r["pinyin_tones"]
        return r["pinyin"][: max(2, len(r["pinyin"]) * 2 // 3)]  # typed so far

    def prefix(r: dict) -> str:
        text = r["text"]
        return text[: rng.randint(1 if r["pinyin"] else 2, max(2, len(text) - 1))]

    def pick(pool: list[dict], make: Callable[[dict], str]) -> list[tuple[str, int]]:
        return [(make(r), r["concept_id"]) for r in (rng.choice(pool) for _ in range(per_kind))]

    return {
        "exact zh": pick(zh, lambda r: r["text"]),
        "traditional": trad,
        "pinyin": pick(zh, pinyin),
        "prefix (typed so far)": pick(zh + en, prefix),
        "English": pick(en, lambda r: r["text"].upper() if rng.random() < 0.2 else r["text"]),
        "typo": pick(en, lambda r: typo(r["text"])),
        "not in glossary": [(w, -1) for w in absent(g, rng, per_kind)],
    }


def absent(g: glossary.Glossary, rng: random.Random, count: int) -> list[str]:
    """English-shaped words that no term holds: whatever they find is noise."""
    known = {w for r in g.store.query("SELECT key FROM terms") for w in r["key"].split()}
    other = Generator(rng.randrange(10**6))
    return [w for w in other.words if w not in known and len(w) >= 4][:count]


def chinese_text(g: glossary.Glossary, seed: int, size: int) -> str:
    """Sentences of glossary terms and other words, about `size` bytes of UTF-8."""
    rng = random.Random(seed + 2)
    terms = [r["text"] for r in g.store.query(
        "SELECT text FROM terms WHERE pinyin IS NOT NULL LIMIT 20000")]
    filler = sorted(p for p in phrases_dict if len(p) <= 3)
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = "".join(rng.choice(terms) if rng.random() < 0.3 else rng.choice(filler)
                           for _ in range(rng.randint(4, 14)))
        parts.append(sentence + rng.choice("，。；。"))
        length += len(parts[-1].encode())
    return "".join(parts)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 \
        else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--terms", type=int, default=150_000)
    ap.add_argument("--recognize-terms", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-kind", type=int, default=300)
    ap.add_argument("--text-mb", type=float, default=2.0)
    ap.add_argument("--fresh", action="store_true", help="regenerate the databases")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    rows: list[tuple[str, ...]] = []
    for terms in (args.terms, args.recognize_terms):
        path = OUT / f"terms-{terms}-seed{args.seed}.db"
        if args.fresh or not path.exists():
            start = time.perf_counter()
            build(path, terms, args.seed)
            print(f"generated {terms} terms in {time.perf_counter() - start:.0f} s",
                  file=sys.stderr)

    with glossary.open(OUT / f"terms-{args.terms}-seed{args.seed}.db") as g:
        count = g.stats()["terms"]
        rows.append(("index build (first lookup)", f"{timed(lambda: g.lookup('x')):.0f} ms",
                     "", f"{count} terms"))
        everything: list[float] = []
        for kind, qs in queries(g, args.seed, args.per_kind).items():
            times, first, listed = [], 0, 0
            for q, wanted in qs:
                start = time.perf_counter()
                hits = g.lookup(q)
                times.append((time.perf_counter() - start) * 1000)
                ids = [h.concept.id for h in hits]
                first += ids[:1] == [wanted]
                listed += wanted in ids
            everything += times
            noise = sum(bool(g.lookup(q)) for q, wanted in qs if wanted < 0)
            note = (f"{len(qs)} queries; source entry 1st {100 * first / len(qs):.0f}%, "
                    f"in top 20 {100 * listed / len(qs):.0f}%") if noise == 0 and qs[0][1] >= 0 \
                else f"{len(qs)} queries; {100 * noise / len(qs):.0f}% find something (typo-near)"
            rows.append((f"lookup: {kind}", f"{pct(times, 50):.2f} ms", f"{pct(times, 95):.2f} ms",
                         note))
        rows.append(("lookup: all kinds", f"{pct(everything, 50):.2f} ms",
                     f"{pct(everything, 95):.2f} ms", f"{len(everything)} queries"))
        cid = g.add_entry("基准测试术语", "benchmark probe term").id
        after = [timed(lambda: g.lookup("benchmark probe")) for _ in range(20)]
        rows.append(("lookup right after an add", f"{after[0]:.2f} ms",
                     f"{max(after[1:]):.2f} ms", "first, then worst of the next 19"))
        g.delete_entry(cid)

    with glossary.open(OUT / f"terms-{args.recognize_terms}-seed{args.seed}.db") as g:
        rec = Recognizer(g.store, g.termbase)
        count = g.stats()["terms"]
        rows.append(("automaton build", f"{timed(rec.warm):.0f} ms", "", f"{count} terms"))
        text = chinese_text(g, args.seed, int(args.text_mb * 1_000_000))
        size = len(text.encode()) / 1_000_000
        found: list = []
        ms = min(timed(lambda: found.append(rec.recognize(text))) for _ in range(3))
        rows.append(("recognize Chinese text", f"{size / ms * 1000:.2f} MB/s", "",
                     f"{size:.1f} MB ({len(text)} chars), {len(found[0])} terms, {ms:.0f} ms"))

    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    head = ("measure", "p50 / value", "p95", "notes")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
    for row in (head, tuple("-" * w for w in widths), *rows):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
