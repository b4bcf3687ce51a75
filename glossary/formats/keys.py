"""Search keys in bulk: normalize.search_key, computed faster for a million segments.

An import of a large memory spends a third of its time keying text. Two shortcuts
give the same keys as search_key (a property test holds them equal):

- ASCII text: NFKC and traditional-to-simplified change nothing, casefold is lower.
- Text of ASCII, CJK ideographs, CJK punctuation and full-width forms only (nearly
  every Chinese segment): NFKC maps each character on its own (none of them combines
  with a neighbour), so only the few characters with a compatibility mapping (，。
  full-width letters, the ideographic space) are replaced, instead of running NFKC
  over the whole string.

Anything else goes through search_key's own steps.

fast_keys keys a batch: its Chinese texts are joined by newlines and folded in one
pass of each step, since OpenCC and the regular expressions cost mostly per call
(10 µs a segment one by one, 4 µs in batches of 2000). The newline is outside the
shortcut's characters, so no text in the batch holds one, and no OpenCC phrase
spans it: the dictionaries are read from lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from glossary.text.normalize import search_key, to_simplified

_FULL = getattr(search_key, "__wrapped__", search_key)  # unique texts: skip the cache
_RANGES = ((0x20, 0x7E), (0x2010, 0x2027), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
           (0xFF01, 0xFF5E))


def _tables() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    """Characters NFKC maps one by one, and a pattern for any character outside the set."""
    mapped: dict[str, str] = {}
    allowed: list[int] = []
    for low, high in _RANGES:
        for cp in range(low, high + 1):
            char = chr(cp)
            folded = unicodedata.normalize("NFKC", char)
            if unicodedata.combining(char) or any(unicodedata.combining(c) for c in folded):
                continue
            allowed.append(cp)
            if folded != char:
                mapped[char] = folded
    spans, start = [], allowed[0]
    for previous, cp in zip(allowed, allowed[1:], strict=False):
        if cp != previous + 1:
            spans.append((start, previous))
            start = cp
    spans.append((start, allowed[-1]))
    outside = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in spans)
    to_map = "".join(re.escape(c) for c in mapped)
    return mapped, re.compile(f"[^{outside}]"), re.compile(f"[{to_map}]")


_MAPPED, _OUTSIDE, _TO_MAP = _tables()
_map_one = _MAPPED.__getitem__


def fast_key(text: str) -> str:
    if text.isascii():
        return " ".join(text.lower().split())
    if _OUTSIDE.search(text) is not None:
        return _FULL(text)
    folded = _TO_MAP.sub(lambda m: _map_one(m.group()), text).casefold()
    return " ".join(to_simplified(folded).split())


def fast_keys(texts: Sequence[str]) -> list[str]:
    """[fast_key(t) for t in texts], with the Chinese ones folded together."""
    keys: list[str] = []
    wide: list[int] = []
    append = keys.append
    for text in texts:
        if text.isascii():
            append(" ".join(text.lower().split()))
        else:
            wide.append(len(keys))
            append(text)
    if not wide:
        return keys
    if _OUTSIDE.search("".join(keys[i] for i in wide)) is not None:
        plain = []
        for i in wide:
            if _OUTSIDE.search(keys[i]) is None:
                plain.append(i)
            else:
                keys[i] = _FULL(keys[i])
        wide = plain
        if not wide:
            return keys
    joined = "\n".join(keys[i] for i in wide)
    for char in set(_TO_MAP.findall(joined)):  # a replacement holds no mapped character
        joined = joined.replace(char, _MAPPED[char])
    folded = to_simplified(joined.casefold()).split("\n")
    for i, key in zip(wide, folded, strict=True):
        keys[i] = " ".join(key.split())
    return keys


def fast_key_pairs(sources: Sequence[str], targets: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(source key, target key) of each unit, both sides keyed in one fast_keys batch."""
    keys = fast_keys([*sources, *targets])
    return zip(keys[: len(sources)], keys[len(sources) :], strict=True)
