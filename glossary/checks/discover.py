"""Term discovery: candidate entries proposed from a bilingual file (PO, TMX, XLIFF).

Each unit's Chinese side is segmented with jieba; its words, and runs of two or three
adjacent words, are the Chinese candidates. The English side gives word n-grams of one
to three words that neither start nor end with a stopword. Counting in how many units
each candidate, and each Chinese–English pair, occurs gives the Dice coefficient
2·f(zh, en) / (f(zh) + f(en)); a Chinese candidate is paired with the English n-gram it
scores best with, and the pair is kept when that n-gram's best partner is the same
Chinese candidate (the two choose each other), and they meet in at least two units.
Candidates the glossary already holds are left out. Rank: co-occurrences × Dice.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType

from glossary.checks.qa import read_units
from glossary.checks.source import TermSource
from glossary.models import Concept
from glossary.text.normalize import has_han, is_chinese_tag, search_key

_EN_STOP = """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just me more
most my no nor not now of off on once only or other our out over own same she should so some
such than that the their them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours
may must might shall also etc e g ie eg one two s t don doesn isn aren wasn
"""
STOPWORDS = frozenset(_EN_STOP.split())
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{[^{}]*\}|<[^<>]+>|&\w+;|https?://\S+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")
_CLAUSE = re.compile(r"[,.;:!?()\"“”‘’\[\]/|]")
_HAN_WORD = re.compile(r"^[\u3400-\u9fff]+$")
MAX_ZH_CHARS = 8
_ZH_STOP = ("的 了 是 在 个 请 和 与 或 为 这 那 该 此 并 将 被 把 对 从 "
            "中 上 下 不 也 都 您 你 我 它 其 有 要 就 以 及 等 到 "
            "着 吗 呢 一个 这个 已经")
ZH_STOPWORDS = frozenset(_ZH_STOP.split())


@dataclass
class Example:
    place: str
    source: str
    target: str


@dataclass
class Candidate:
    zh: str
    en: str
    units: int  # units holding both
    zh_units: int  # units holding the Chinese term
    en_units: int  # units holding the English phrase
    dice: float
    score: float
    examples: list[Example] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _jieba() -> ModuleType:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def chinese_grams(text: str) -> set[str]:
    """jieba words of two or more Han characters, and runs of 2–3 adjacent words."""
    jieba = _jieba()
    out: set[str] = set()
    for chunk in re.split(r"[^\u3400-\u9fff]+", _PLACEHOLDER.sub(" ", text)):
        if not chunk:
            continue
        words = jieba.lcut(chunk, HMM=False)
        for i, word in enumerate(words):
            if len(word) >= 2 and _HAN_WORD.match(word) and word not in ZH_STOPWORDS:
                out.add(word)
            for n in (2, 3):
                part = words[i:i + n]
                run = "".join(part)
                if (i + n <= len(words) and len(run) <= MAX_ZH_CHARS
                        and part[0] not in ZH_STOPWORDS and part[-1] not in ZH_STOPWORDS):
                    out.add(run)
    return out


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_grams(text: str) -> dict[str, str]:
    """Key (lower case, singular) -> surface form of each 1–3 word n-gram within a clause."""
    out: dict[str, str] = {}
    for clause in _CLAUSE.split(_PLACEHOLDER.sub(" , ", text)):
        words = _WORD.findall(clause)
        for i in range(len(words)):
            for n in (1, 2, 3):
                gram = words[i:i + n]
                if len(gram) < n:
                    break
                low = [w.lower() for w in gram]
                if low[0] in STOPWORDS or low[-1] in STOPWORDS or len(low[-1]) < 2:
                    continue
                key = " ".join(low[:-1] + [_singular(low[-1])])
                out.setdefault(key, " ".join(gram))
    return out


def _known(glossary: TermSource | None, zh: str) -> bool:
    if glossary is None:
        return False
    key = search_key(zh)
    return any(r.matched.is_chinese and search_key(r.term) == key
               for r in glossary.recognize(zh))


def discover(path: str | Path, glossary: TermSource | None = None, *, min_units: int = 2,
             limit: int = 100, examples: int = 3, fmt: str | None = None) -> list[Candidate]:
    """Candidate entries from a bilingual file, best first (see the module notes)."""
    units = []
    zh_count: Counter[str] = Counter()
    en_count: Counter[str] = Counter()
    pair_count: Counter[tuple[str, str]] = Counter()
    surface: dict[str, Counter[str]] = defaultdict(Counter)
    for unit in read_units(path, fmt):
        d = unit.data
        if is_chinese_tag(d.get("source_lang") or ""):
            zh_text, en_text = d.get("source") or "", d.get("target") or ""
        elif is_chinese_tag(d.get("target_lang") or ""):
            zh_text, en_text = d.get("target") or "", d.get("source") or ""
        else:
            continue
        if not has_han(zh_text):
            continue
        zh = chinese_grams(zh_text)
        en = english_grams(en_text)
        if not zh or not en:
            continue
        units.append((unit.place, d.get("source") or "", d.get("target") or "", zh, set(en)))
        zh_count.update(zh)
        en_count.update(en.keys())
        for key, form in en.items():
            surface[key][form] += 1
        for z in zh:
            for e in en:
                pair_count[z, e] += 1

    def dice(z: str, e: str) -> float:
        return 2 * pair_count[z, e] / (zh_count[z] + en_count[e])

    # (dice, units, length, the other side's n-gram): the best pairing of each n-gram
    best_en: dict[str, tuple[float, int, int, str]] = {}
    best_zh: dict[str, tuple[float, int, int, str]] = {}
    for (z, e), n in pair_count.items():
        if n < min_units:
            continue
        score = (dice(z, e), n, len(e.split()), e)
        if z not in best_en or score > best_en[z]:
            best_en[z] = score
        zscore = (dice(z, e), n, len(z), z)
        if e not in best_zh or zscore > best_zh[e]:
            best_zh[e] = zscore
    chosen: list[Candidate] = []
    for z, (closeness, n, _, e) in best_en.items():
        if best_zh[e][-1] != z or _known(glossary, z):
            continue
        chosen.append(Candidate(z, surface[e].most_common(1)[0][0], n, zh_count[z],
                                en_count[e], round(closeness, 3), round(n * closeness, 2)))
    chosen.sort(key=lambda c: (-c.score, -c.units, c.zh))
    chosen = chosen[:limit]
    for cand in chosen:
        key = " ".join(cand.en.lower().split()[:-1] + [_singular(cand.en.lower().split()[-1])])
        for place, source, target, unit_zh, unit_en in units:
            if len(cand.examples) >= examples:
                break
            if cand.zh in unit_zh and key in unit_en:
                cand.examples.append(Example(place, source, target))
    return chosen


def accept(glossary: TermSource, candidate: Candidate, *, domain: str | None = None,
           status: str = "preferred", note: str | None = None) -> Concept:
    """Store a candidate as a glossary entry, with its first example as the note."""
    if note is None and candidate.examples:
        ex = candidate.examples[0]
        note = f"Discovered in {ex.place}: {ex.source} = {ex.target}"[:500]
    return glossary.add_entry(candidate.zh, candidate.en, domain=domain, status=status,
                              note=note)


def to_json(candidates: list[Candidate]) -> str:
    return json.dumps([c.to_dict() for c in candidates], ensure_ascii=False, indent=2)


def _cells(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    """At most `width` columns, cut at a word (or character, for Chinese) with an ellipsis."""
    if _cells(text) <= width:
        return text
    out, used = "", 0
    for ch in text:
        used += _cells(ch)
        if used > width - 1:
            break
        out += ch
    if " " in out and not has_han(out[-1]):
        out = out[: out.rfind(" ")]
    return out.rstrip() + "…"


def render(candidates: list[Candidate]) -> str:
    """A numbered table (the numbers are what an accept command refers to)."""
    zh_w = max([_cells("Chinese"), *(_cells(c.zh) for c in candidates)])
    en_w = min(40, max([len("English"), *(len(c.en) for c in candidates)]))
    lines = [f"{'#':>3}  {'Chinese'}{' ' * (zh_w - 7)}  {'English':<{en_w}}  units  dice   score"]
    for n, c in enumerate(candidates, 1):
        en = _clip(c.en, en_w)
        lines.append(f"{n:>3}  {c.zh}{' ' * (zh_w - _cells(c.zh))}  {en}{' ' * (en_w - len(en))}"
                     f"  {c.units:>5}  {c.dice:.2f}  {c.score:>6.2f}")
        if c.examples:
            ex = c.examples[0]
            lines.append(f"     e.g. {ex.place}: {_clip(ex.source, 60)} = {_clip(ex.target, 40)}")
    return "\n".join(lines)


__all__ = ["Candidate", "Example", "accept", "discover", "render", "to_json"]
