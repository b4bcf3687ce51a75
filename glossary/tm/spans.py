"""Mapping spans found on search keys back to the text the user stored.

Matching runs on keys (NFKC, case-folded, simplified, spaces collapsed); highlights are
drawn on the original text. Keys are usually as long as the text, but NFKC and case
folding can lengthen a character (ﬁ, ß) and collapsing spaces shortens runs, so the
key is rebuilt one character at a time with each key character's source index noted.
When that rebuild does not reproduce the stored key (a phrase-level traditional to
simplified conversion), spans come from aligning the original texts instead.
"""

from __future__ import annotations

import unicodedata

from rapidfuzz.distance import Levenshtein

from glossary.text.normalize import search_key, to_simplified

Span = tuple[int, int]


def key_sources(text: str) -> list[int] | None:
    """For each character of search_key(text), the index of the text character it came from."""
    if text.isascii() and " ".join(text.split()) == text:
        return list(range(len(text)))  # the key is the text lowercased, char for char
    pieces: list[str] = []
    sources: list[int] = []
    for i, ch in enumerate(text):
        piece = ch.lower() if ch < "\x80" else unicodedata.normalize("NFKC", ch).casefold()
        pieces.append(piece)
        sources.extend([i] * len(piece))
    folded = "".join(pieces)
    simplified = to_simplified(folded)
    if len(simplified) != len(folded):
        return None
    chars: list[str] = []
    kept: list[int] = []
    for ch, src in zip(simplified, sources, strict=True):
        if ch.isspace():
            if not chars or chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        kept.append(src)
    if chars and chars[-1] == " ":
        chars.pop()
        kept.pop()
    if "".join(chars) != search_key(text):
        return None
    return kept


def to_text_spans(spans: list[Span], text: str, merge: bool = True) -> list[Span] | None:
    """Key spans as spans of the original text, merged where they touch unless told not to."""
    sources = key_sources(text)
    if sources is None:
        return None
    out: list[Span] = []
    for start, end in spans:
        if end <= start:
            continue
        span = (sources[start], sources[end - 1] + 1)
        if merge and out and span[0] <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], span[1]))
        else:
            out.append(span)
    return out


def diff_spans(query: str, query_key: str, text: str, key: str) -> list[Span]:
    """Ranges of `text` that differ from the query (replaced or inserted characters)."""
    changed = _changed(Levenshtein.opcodes(query_key, key))
    mapped = to_text_spans(changed, text)
    if mapped is None:
        return _merge(_changed(Levenshtein.opcodes(query, text)))
    return mapped


def occurrence_spans(needle_key: str, text: str, key: str) -> list[Span]:
    """Every non-overlapping occurrence of a key substring, as spans of the original text."""
    found: list[Span] = []
    start = key.find(needle_key)
    while start >= 0 and needle_key:
        found.append((start, start + len(needle_key)))
        start = key.find(needle_key, start + len(needle_key))
    mapped = to_text_spans(found, text, merge=False)
    if mapped is not None:
        return mapped
    lowered = text.casefold()
    if len(lowered) == len(text):
        return _all_occurrences(to_simplified(lowered), to_simplified(needle_key))
    return []


def _changed(opcodes) -> list[Span]:
    return [(op.dest_start, op.dest_end) for op in opcodes if op.tag != "equal"]


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in spans:
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _all_occurrences(haystack: str, needle: str) -> list[Span]:
    found: list[Span] = []
    start = haystack.find(needle)
    while start >= 0 and needle:
        found.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return found
