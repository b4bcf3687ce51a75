"""The compiled index builder (_postings.c) stores exactly the lists the numpy build
stores, whatever the keys, their order, and how they arrive."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glossary.tm import build as tm_build
from glossary.tm import kernels

needs_builder = pytest.mark.skipif(tm_build.Postings is None,  # and the next test fails
                                   reason="glossary/_postings.c was not built")

# Characters that fold together (U+4E00 and U+14E00 share 16 bits; é and U+10E9 share a
# residue), full-width forms, repeats past the occurrence cap, keys shorter than a trigram.
ALPHABET = "ab 的一\u4e00\U00014e00é\u10e9ＡQ"


@pytest.mark.skipif("postings" not in kernels.ON,
                    reason="GLOSSARY_KERNELS switched the index builder off")
def test_the_compiled_index_builder_was_built():
    """The install compiles glossary/_postings.c; without a C compiler indexes are the
    same, built by numpy in about three times as long."""
    assert tm_build.Postings is not None, "glossary/_postings.c was not built"


def compiled(keys: list[str], space: int, numbers: np.ndarray, cuts: list[int]
             ) -> list[tuple[int, int, bytes]]:
    builder = tm_build.Postings(space)
    start = 0
    for cut in [*sorted(cuts), len(keys)]:
        builder.add(keys[start:cut])
        start = max(start, cut)
    builder.seal()
    return list(tm_build.drain(builder, numbers))


def numpy_build(keys: list[str], space: int, numbers: np.ndarray) -> list[tuple[int, int, bytes]]:
    """The numpy build of the same docs: doc number n holds the key read at numbers == n."""
    by_number = [""] * len(keys)
    for read, number in enumerate(numbers.tolist()):
        by_number[number] = keys[read]
    return sorted(tm_build.postings(by_number, space))


@needs_builder
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keys=st.lists(st.text(ALPHABET, max_size=40), max_size=120),
       seed=st.integers(0, 2**32 - 1), cuts=st.lists(st.integers(0, 120), max_size=4),
       space=st.sampled_from([0, 1]), directory_from=st.sampled_from([1, 3, 4096]))
@example(keys=["的" * 20 + "ab" * 30, "的的", "ab"], seed=0, cuts=[1], space=0, directory_from=1)
@example(keys=["ab" * 30 + "a", "ab"], seed=1, cuts=[], space=1, directory_from=4096)
def test_compiled_lists_equal_the_numpy_build(monkeypatch, keys, seed, cuts, space,
                                              directory_from):
    monkeypatch.setattr(tm_build, "DIRECTORY_FROM", directory_from)
    numbers = np.random.default_rng(seed).permutation(len(keys)).astype(np.uint32)
    assert compiled(keys, space, numbers, cuts) == numpy_build(keys, space, numbers)


@needs_builder
def test_lists_that_turn_into_bitmaps_and_back_are_stored_alike():
    """Many docs: "ab" is in every doc of the first 6000 (a bitmap while they are read)
    and then in one doc in 5000 (a list again, and in the end); "xyz" is in no doc at
    first and then in nearly all (a list that becomes a bitmap); "的" is in one doc in
    forty (a list long enough for a directory)."""
    keys = ["ab cd" if i < 6000 or i % 5000 == 0 else ("xyz" if i > 20000 else "qrs")
            for i in range(406_000)]
    keys[::40] = ["的" + k for k in keys[::40]]
    numbers = np.random.default_rng(7).permutation(len(keys)).astype(np.uint32)
    for space in (0, 1):
        got = compiled(keys, space, numbers, list(range(0, len(keys), 1000)))
        assert got == numpy_build(keys, space, numbers)
    kinds = {tok: tm_build.is_bitmap(count, len(keys)) for tok, count, _ in got}
    assert True in kinds.values() and False in kinds.values()


@needs_builder
def test_a_builder_refuses_misuse():
    builder = tm_build.Postings(1)
    builder.add(["patent law", "ab"])
    with pytest.raises(TypeError):
        builder.add(["fine", 3])
    builder.seal()
    with pytest.raises(RuntimeError):
        builder.add(["too late"])
    with pytest.raises(ValueError):
        builder.finish(np.zeros(3, dtype=np.uint32), tm_build.DIRECTORY,
                       tm_build.DIRECTORY_FROM)
    with pytest.raises(ValueError):
        builder.finish(np.array([0, 5], dtype=np.uint32), tm_build.DIRECTORY,
                       tm_build.DIRECTORY_FROM)
