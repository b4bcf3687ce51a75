"""Grams of search keys, and how far a count of shared grams bounds a match score.

The TM index keeps, for every searchable side of a unit (a "doc"), its character
q-grams, each numbered by occurrence: the second "的" of a sentence is the token
(的, 1). Two docs then share exactly as many tokens as their q-gram multisets have in
common, and the q-gram lemma turns that count into a ceiling on the CAT score, so a
doc whose ceiling is below the bar is never fetched.

Chinese sides use single characters (q=1): most Chinese words are one or two
characters, and shared-character counts alone keep unrelated sentences far below 50%.
Other sides use trigrams (q=3): single letters are shared by any two English
sentences, bigrams by most. Characters are folded onto fewer codes to pack tokens into
integers; folding only merges grams, which can raise a count, never lower it, so the
ceiling stays a ceiling.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from glossary.text.normalize import has_han, is_chinese_tag

HAN, OTHER = 0, 1
Q = (1, 3)
CHAR_BITS = (16, 13)
OCC_BITS = 4
OCC_CAP = (1 << OCC_BITS) - 1


def space_of_lang(lang: str) -> int:
    return HAN if is_chinese_tag(lang) else OTHER


def space_of_text(text: str) -> int:
    return HAN if has_han(text) else OTHER


def codes(text: str, space: int) -> np.ndarray:
    """Code points folded to CHAR_BITS: ASCII stays itself, the rest share codes by residue."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if space == HAN:
        return (cp & 0xFFFF).astype(np.int64)
    return np.where(cp < 4096, cp, 4096 | (cp & 4095)).astype(np.int64)


def grams(folded: np.ndarray, space: int) -> np.ndarray:
    """The q-gram at every start position of a code array, packed into one int64 each."""
    q, bits = Q[space], CHAR_BITS[space]
    count = len(folded) - q + 1
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    packed = folded[:count].copy()
    for j in range(1, q):
        packed = (packed << bits) | folded[j : j + count]
    return packed


def token(gram: int, occurrence: int) -> int:
    return (gram << OCC_BITS) | min(occurrence, OCC_CAP)


def query_tokens(key: str, space: int) -> dict[int, int]:
    """Tokens of a query key with the weight each adds to a doc that holds it.

    Occurrences past OCC_CAP share one token, which a doc holds when it has at least
    that many; the query's weight for it is its whole surplus, an overcount if anything.
    """
    packed = np.sort(grams(codes(key, space), space))
    if not len(packed):
        return {}
    # each gram's occurrences numbered 0, 1, ... along its run in the sorted grams
    starts = np.flatnonzero(np.concatenate(([True], packed[1:] != packed[:-1])))
    runs = np.diff(np.append(starts, len(packed)))
    occurrence = np.arange(len(packed)) - np.repeat(starts, runs)
    tokens, weights = np.unique((packed << OCC_BITS) | np.minimum(occurrence, OCC_CAP),
                                return_counts=True)
    return dict(zip(tokens.tolist(), weights.tolist(), strict=True))


def gram_sequence(key: str, space: int) -> np.ndarray:
    """The key's grams in order, each as its first-occurrence token: which docs hold the
    gram at all."""
    return grams(codes(key, space), space) << OCC_BITS


def substring_tokens(key: str, space: int) -> list[int] | None:
    """Tokens every doc containing `key` must hold; None when the key is shorter than q."""
    counts = Counter(grams(codes(key, space), space).tolist())
    if not counts:
        return None
    return [token(gram, n - 1) for gram, n in counts.items()]


def score_ceiling(length: int, lengths: np.ndarray, shared: np.ndarray, q: int) -> np.ndarray:
    """The highest score a doc can reach, from its length and the tokens it shares.

    Each edit destroys at most q of a string's q-grams, so k edits leave at least
    max(L, Lc) - q + 1 - q*k shared; hence k >= ceil((max - q + 1 - shared) / q),
    and never fewer than the length difference.
    """
    lengths = lengths.astype(np.int64)
    longest = np.maximum(lengths, length)
    need = longest - q + 1 - shared.astype(np.int64)
    edits = np.maximum(np.abs(lengths - length), -(-need // q))
    return (100 * (longest - edits)) // np.maximum(longest, 1)


def length_window(length: int, min_score: int) -> tuple[int, int]:
    """Doc lengths that can score min_score against a query of `length` characters."""
    if min_score <= 0:
        return 0, 1 << 30
    low = -(-min_score * length // 100)
    high = (100 * length) // min_score
    return low, high
