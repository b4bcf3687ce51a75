"""Adding up many posting bitmaps at once, 64 docs per machine word.

English trigram lists are mostly bitmaps: "the", "ion" and "ing" are in most
sentences, so a query over a million units adds up some eighty bitmaps across a
window of a few hundred thousand docs. Unpacking each to one byte per doc and adding
the bytes moves a few dozen megabytes a query. Adding them as bits instead, with
carry-save adders over whole rows of words (the "vertical counter" of bit-sliced
arithmetic), touches each word a handful of times and leaves one bit plane per
binary digit of the count; only those few planes are unpacked.
"""

from __future__ import annotations

import numpy as np

WORD = 64


def aligned(a: int, b: int) -> tuple[int, int]:
    """The doc range [a, b) widened to whole words."""
    return a & ~(WORD - 1), -(-b // WORD) * WORD


def bit_counts(rows: list[np.ndarray], weights: list[int]) -> np.ndarray:
    """Per bit position, the weighted number of rows with that bit set (uint16).

    rows: equal-length uint64 arrays, bit i of word j standing for position 64*j + i.
    """
    width = len(rows[0])
    level = np.stack([row for row, w in zip(rows, weights, strict=True) for _ in range(w)])
    planes: list[np.ndarray] = []
    while len(level):
        carries: list[np.ndarray] = []
        while len(level) > 1:
            third = len(level) // 3
            if third:  # full adders, in place: x + y + z = sum + 2 * carry
                x, y, z = level[:third], level[third : 2 * third], level[2 * third : 3 * third]
                xy = np.bitwise_xor(x, y)
                np.bitwise_and(x, y, out=x)
                carry = np.bitwise_and(z, xy)
                np.bitwise_or(carry, x, out=carry)
                np.bitwise_xor(xy, z, out=xy)
                carries.append(carry)
                rest = level[3 * third :]
                level = np.concatenate((xy, rest)) if len(rest) else xy
            else:  # two rows left: a half adder
                carries.append(level[0:1] & level[1:2])
                level = level[0:1] ^ level[1:2]
        planes.append(level[0] if len(level) else np.zeros(width, dtype=np.uint64))
        level = np.concatenate(carries) if carries else level[:0]
    counts = np.zeros(width * WORD, dtype=np.uint16)
    for digit, plane in enumerate(planes):
        bits = np.unpackbits(plane.view(np.uint8), bitorder="little").astype(np.uint16)
        if digit:
            bits <<= np.uint16(digit)
        counts += bits
    return counts


def bits_at(words: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """0/1 for each position (relative to the first word) of a row of words."""
    picked = words[positions >> 6]
    return ((picked >> (positions & 63).astype(np.uint64)) & np.uint64(1)).astype(np.int64)
