"""CC-CEDICT as a reference dictionary: read it, store it in bulk, remove it as a whole.

A line `傳統 传统 [chuan2 tong3] /tradition/traditional/` becomes one entry whose
source is 'cedict': the traditional and simplified forms as Chinese terms, the
glosses as English terms (status admitted: a dictionary suggests, it does not
prescribe, so QA never demands them), all glosses as the definition and the reading
as the note. Pinyin keys come from the dictionary's own reading, which is both right
for polyphones and far faster than computing them for 120,000 entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from glossary.errors import undecodable
from glossary.formats import Entry, ReadOptions, Rejected, Source, make_term

SOURCE = "cedict"
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
NOT_A_TERM = re.compile(r"^(CL:|see |see also|(old )?variant of|abbr\. (for|of)|used in|"
                        r"also (written|pr\.)|surname |\(|erhua variant)", re.IGNORECASE)
HEADER = re.compile(r"^#! ?\w+=|CC-CEDICT", re.IGNORECASE)


def looks_like_cedict(text: str) -> bool:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if any(HEADER.search(ln) for ln in lines if ln.startswith("#")):
        return True
    data = [ln for ln in lines if not ln.startswith("#")][:5]
    return bool(data) and all(LINE.match(ln) for ln in data)


def read(source: Source, opts: ReadOptions) -> Iterator[Entry | Rejected]:
    offset = 0  # of the line in the file, so a bad byte is named where a hex viewer shows it
    with source.open() as stream:
        for number, raw in enumerate(stream, start=1):
            start, offset = offset, offset + len(raw)
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:  # never stored as U+FFFD
                yield Rejected(f"line {number}", undecodable(exc, at=start))
                continue
            if not line.strip() or line.startswith("#"):
                continue
            match = LINE.match(line)
            if match is None:
                yield Rejected(f"line {number}", "not a CC-CEDICT line "
                               "(TRADITIONAL SIMPLIFIED [pin1 yin1] /gloss/gloss/)")
                continue
            trad, simp, reading, glosses = match.groups()
            senses = [g.strip() for g in glosses.split("/") if g.strip()]
            terms = [make_term("zh-Hant" if trad != simp else "zh-Hans", trad,
                               status="admitted")]
            if simp != trad:
                terms.append(make_term("zh-Hans", simp, status="admitted"))
            terms += [make_term("en", g, status="admitted") for g in dict.fromkeys(senses)
                      if not NOT_A_TERM.match(g)]
            concept = {"definition": "; ".join(senses) or None, "note": f"[{reading}]",
                       "source": SOURCE, "reading": reading}
            yield Entry(f"line {number}", concept, terms)
