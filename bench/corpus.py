"""A reproducible translation memory for benchmarks, shaped like a real one.

Real TMs are not random text: a few thousand common words carry most of the text, and
about a fifth of the segments are near-copies of others (a number, a name or a word
changed). Both matter for a fuzzy-match index, so the generator draws words by their
frequency in real Chinese and English text shipped beside the project (the OmegaT
website TMX, Django's catalogues, the IPR article) and copies-with-edits earlier units.

    python bench/corpus.py out.db 100000 --seed 1
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from glossary.store.memory import unit_row  # noqa: E402

DATA = REPO.parent / "shared" / "data"
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+")


def _real_texts() -> tuple[list[str], list[str]]:
    """Chinese and English sentences from the shipped sample files."""
    import polib
    from lxml import etree

    zh: list[str] = []
    en: list[str] = []
    tmx = DATA / "omegat-website-en-zh_CN.utf16.tmx"
    if tmx.exists():
        root = etree.parse(str(tmx), etree.XMLParser(resolve_entities=False)).getroot()
        lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
        for tuv in root.iter("tuv"):
            seg = "".join(tuv.find("seg").itertext())
            (zh if tuv.get(lang_attr, "").startswith("zh") else en).append(seg)
    for po in sorted(DATA.glob("django-core-zh_Han*.po")):
        for entry in polib.pofile(str(po)):
            en.append(entry.msgid)
            zh.append(entry.msgstr)
    article = DATA / "seed-article-ipr.txt"
    if article.exists():
        en.extend(article.read_text(encoding="utf-8").splitlines())
    csv = REPO / "imports" / "ipr-article-tm.csv"
    if csv.exists():
        zh.extend(csv.read_text(encoding="utf-8").splitlines())
    return zh, en


@lru_cache(maxsize=1)
def vocabularies() -> tuple[list[str], list[float], list[str], list[float]]:
    """Chinese words and English words with weights, most frequent first.

    Chinese runs are cut into words by longest match against pypinyin's phrase list;
    that list (47k real words) also supplies a long tail of rarer words, as a large TM
    has. English has the words of the samples only, which keeps it repetitive: a
    harder case for an index, not an easier one.
    """
    from pypinyin.phrases_dict import phrases_dict

    zh_texts, en_texts = _real_texts()
    zh_counts: Counter[str] = Counter()
    for text in zh_texts:
        for run in _HAN_RUN.findall(text):
            i = 0
            while i < len(run):
                for size in (4, 3, 2, 1):
                    word = run[i : i + size]
                    if size == 1 or word in phrases_dict:
                        zh_counts[word] += 1
                        i += size
                        break
    tail = sorted(w for w in phrases_dict if 2 <= len(w) <= 4 and w not in zh_counts)
    random.Random(7).shuffle(tail)
    zh_words = [w for w, _ in zh_counts.most_common()] + tail[:30000]
    zh_weights = [float(c) for _, c in zh_counts.most_common()]
    zh_weights += [0.5 / (1 + i / 3000) for i in range(len(zh_words) - len(zh_weights))]

    en_counts: Counter[str] = Counter()
    for text in en_texts:
        en_counts.update(_EN_WORD.findall(text))
    en_words = [w for w, _ in en_counts.most_common()]
    en_weights = [float(c) for _, c in en_counts.most_common()]
    return zh_words, zh_weights, en_words, en_weights


class Generator:
    """Sentences and units drawn from the vocabularies with one seeded random source."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        zh_words, zh_w, en_words, en_w = vocabularies()
        self.zh_words, self.en_words = zh_words, en_words
        self._zh_cum = _cumulative(zh_w)
        self._en_cum = _cumulative(en_w)

    def zh_sentence(self) -> str:
        rng = self.rng
        target = rng.randint(15, 60)
        words = rng.choices(self.zh_words, cum_weights=self._zh_cum, k=target)
        out: list[str] = []
        size = since_comma = 0
        for word in words:
            if rng.random() < 0.03:
                word = str(rng.randint(2, 2030)) + rng.choice("年月日项条个")
            out.append(word)
            size += len(word)
            since_comma += len(word)
            if since_comma > rng.randint(8, 20) and size < target - 4:
                out.append("，")
                since_comma = 0
                size += 1
            if size >= target:
                break
        return "".join(out) + "。"

    def en_sentence(self) -> str:
        rng = self.rng
        target = rng.randint(40, 200)
        words = rng.choices(self.en_words, cum_weights=self._en_cum, k=target // 3)
        out: list[str] = []
        size = 0
        for word in words:
            if out and rng.random() < 0.06:
                out[-1] += ","
            out.append(word)
            size += len(word) + 1
            if size >= target:
                break
        text = " ".join(out)
        return text[:1].upper() + text[1:] + "."

    def edit_zh(self, text: str) -> str:
        """A near-copy: one to three characters or words replaced, inserted or dropped."""
        rng = self.rng
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            pos = rng.randrange(len(chars))
            action = rng.random()
            word = rng.choices(self.zh_words, cum_weights=self._zh_cum)[0]
            if action < 0.5:
                chars[pos : pos + len(word)] = list(word)
            elif action < 0.8 or len(chars) < 4:
                chars[pos:pos] = list(word)
            else:
                del chars[pos]
        return "".join(chars)

    def edit_en(self, text: str) -> str:
        rng = self.rng
        words = text.split(" ")
        for _ in range(rng.randint(1, 3)):
            pos = rng.randrange(len(words))
            action = rng.random()
            word = rng.choices(self.en_words, cum_weights=self._en_cum)[0]
            if action < 0.5:
                words[pos] = word
            elif action < 0.7:
                w = words[pos]
                cut = rng.randrange(len(w) + 1)
                words[pos] = w[:cut] + rng.choice("abcdefghijklmnopqrstuvwxyz") + w[cut + 1 :]
            elif action < 0.9 or len(words) < 4:
                words.insert(pos, word)
            else:
                del words[pos]
        return " ".join(words)


def _cumulative(weights: list[float]) -> list[float]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


def units(count: int, seed: int = 1, near_share: float = 0.2) -> Iterator[dict]:
    """Unit dicts (source/target/langs): mostly zh-CN to en, some en to zh-CN, a few zh-TW.

    Near-copies edit a random earlier unit, so the TM holds families of similar
    segments as one built by translating revisions of the same documents does.
    """
    gen = Generator(seed)
    rng = gen.rng
    made: list[tuple[str, str]] = []
    to_trad = None
    for _ in range(count):
        if made and rng.random() < near_share:
            zh, en = made[rng.randrange(len(made))]
            if rng.random() < 0.8:
                zh = gen.edit_zh(zh)
            if rng.random() < 0.8:
                en = gen.edit_en(en)
        else:
            zh, en = gen.zh_sentence(), gen.en_sentence()
        made.append((zh, en))
        zh_lang = "zh-CN"
        if rng.random() < 0.02:
            if to_trad is None:
                import opencc

                to_trad = opencc.OpenCC("s2t")
            zh, zh_lang = to_trad.convert(zh), "zh-TW"
        if rng.random() < 0.8:
            yield {"source_lang": zh_lang, "source": zh, "target_lang": "en", "target": en}
        else:
            yield {"source_lang": "en", "source": en, "target_lang": zh_lang, "target": zh}


def build(path: str | Path, count: int, seed: int = 1, batch: int = 50000) -> dict:
    """Write `count` units into a glossary database, then index them; returns timings.

    Generating the text is not timed: only storing it (keys, fingerprints, inserts,
    as an import does) and indexing it.
    """
    import glossary
    from glossary.tm.index import TMIndex

    timings = {"generate_s": 0.0, "insert_s": 0.0}
    with glossary.open(path) as g:
        made = units(count, seed)
        while True:
            started = time.perf_counter()
            chunk = [u for _, u in zip(range(batch), made, strict=False)]
            timings["generate_s"] += time.perf_counter() - started
            if not chunk:
                break
            started = time.perf_counter()
            g.memory.add_rows(unit_row(u) for u in chunk)
            timings["insert_s"] += time.perf_counter() - started
        started = time.perf_counter()
        TMIndex(g.store).update()
        timings["index_s"] = time.perf_counter() - started
        g.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return timings


def main() -> None:
    import json
    import resource

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    timings = build(args.path, args.count, args.seed)
    timings["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(timings))


if __name__ == "__main__":
    main()
