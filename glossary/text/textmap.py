"""A running text keyed like the terms (normalize.search_key), with the way back.

Recognition matches term keys against the keyed text, but must report spans in the
text the translator gave. Keying changes lengths: NFKC turns … into ..., case folding
turns ß into ss, whitespace runs collapse to one space. Most characters keep their
length, so only the ones that do not are recorded, as *units*, and an offset in the key
maps back through the nearest unit before it. Keying is done per distinct character
(a text of a million characters has a few thousand), then by `str.translate`, so a
megabyte is keyed in milliseconds.

Per-character NFKC differs from whole-string NFKC only for combining sequences (e +
U+0301 is not composed to é here); translators' CJK and English text has none to speak of.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from glossary.text.normalize import to_simplified


def fold_char(c: str) -> str:
    """One character keyed as search_key keys it, save the t2s step done on the whole."""
    return " " if c.isspace() else unicodedata.normalize("NFKC", c).casefold()


class KeyedText:
    def __init__(self, text: str):
        self.text = text
        table: dict[int, str] = {}
        resized = []
        for c in set(text):
            folded = fold_char(c)
            if folded != c:
                if len(folded) == 1:
                    table[ord(c)] = folded
                else:
                    resized.append(c)
        same_length = text.translate(table) if table else text
        units = " {2,}" + (f"|[{''.join(map(re.escape, resized))}]" if resized else "")
        pieces: list[str] = []
        self.units: list[tuple[int, int, int, int]] = []  # key pos, key len, text pos, text len
        done = shift = 0
        for m in re.finditer(units, same_length):
            start, end = m.span()
            out = " " if m.group()[0] == " " else fold_char(m.group())
            pieces += [same_length[done:start], out]
            self.units.append((start + shift, len(out), start, end - start))
            shift += len(out) - (end - start)
            done = end
        pieces.append(same_length[done:])
        keyed = "".join(pieces)
        simplified = to_simplified(keyed)
        if len(simplified) != len(keyed):  # a phrase rule changed length: fold char by char
            simplified = keyed.translate({ord(c): to_simplified(c)[:1] or c for c in set(keyed)})
        self.key = simplified
        self._starts = [u[0] for u in self.units]

    def _unit(self, n: int) -> tuple[int, int, int, int] | None:
        k = bisect_right(self._starts, n) - 1
        return self.units[k] if k >= 0 else None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the key's [start, end); a part of a unit is all of it."""
        if not self.units:
            return start, end
        first = self._unit(start)
        if first is None:
            text_start = start
        elif start < first[0] + first[1]:
            text_start = first[2]
        else:
            text_start = first[2] + first[3] + start - first[0] - first[1]
        last_char = end - 1
        last = self._unit(last_char)
        if last is None:
            text_end = end
        elif last_char < last[0] + last[1]:
            text_end = last[2] + last[3]
        else:
            text_end = last[2] + last[3] + end - last[0] - last[1]
        return text_start, text_end
