"""The compiled kernels are safe to call with anything and equal their pure twins.

Each kernel reads buffers where they lie with the GIL released, so an argument that
does not fit (a length, an offset, an item type, a number naming no row or key) must
be refused with a ValueError before anything is read. And each must give what its
numpy/rapidfuzz twin gives on random inputs, since GLOSSARY_KERNELS=off runs the twin.
.ci/sanitize runs this file under AddressSanitizer and UBSan.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from glossary.tm import build as tm_build
from glossary.tm import candidates as tm_candidates
from glossary.tm import index as tm_index
from glossary.tm import kernels
from glossary.tm.search import TMSearch

_kernels = pytest.importorskip("glossary.tm._kernels", reason="the kernels were not built")
_postings = pytest.importorskip("glossary.tm._postings", reason="the builder was not built")

I64 = np.int64
# the twins below go through kernels.py, which GLOSSARY_KERNELS=off leaves without them
switched_on = pytest.mark.skipif(not kernels.COMPILED, reason="GLOSSARY_KERNELS is off")


def bitmap(docs: list[int], words: int) -> np.ndarray:
    flags = np.zeros(words * 64, dtype=np.uint8)
    flags[docs] = 1
    return np.packbits(flags, bitorder="little").view(np.uint64)


# --- the switch ---------------------------------------------------------------------

def test_the_switch_reads_on_off_lists_and_exclusions():
    assert kernels.switched_on("") == frozenset(kernels.NAMES)
    assert kernels.switched_on("on") == frozenset(kernels.NAMES)
    assert kernels.switched_on("off") == frozenset()
    assert kernels.switched_on("count, indel") == {"count", "indel"}
    assert kernels.switched_on(" postings, indel ") == {"indel", "postings"}
    assert kernels.switched_on("-postings") == set(kernels.NAMES) - {"postings"}
    with pytest.raises(ValueError, match="unknown kernel"):
        kernels.switched_on("indle")


# --- arguments that do not fit are refused --------------------------------------------

def count_args(**change):
    """A valid count_window call: 2 rows over 2 words, one run of 100 docs from bit 3."""
    n = 100
    args = dict(rows=[bitmap([3, 5, 70], 2), np.array([4, 64, 100], dtype=np.uint32)],
                kinds=bytes([0, 1]), weights=np.array([1, 2], dtype=I64), words=2, base=0,
                first=3, ends=np.array([n], dtype=I64), needs=np.array([1], dtype=I64),
                slack=0, found=np.empty(n, dtype=I64), shared=np.empty(n, dtype=np.uint16),
                positions=np.array([0, 1, -1], dtype=I64), q=3,
                edits=np.zeros(n, dtype=np.uint16), lengths=np.array([10], dtype=I64),
                length=10, bar=0, ceilings=np.zeros(n, dtype=np.uint16))
    args.update(change)
    return tuple(args.values())


def test_count_window_accepts_the_valid_call():
    assert _kernels.count_window(*count_args()) >= 0


@pytest.mark.parametrize("change", [
    {"kinds": bytes([0])}, {"kinds": bytes([0, 3])},
    {"weights": np.array([1], dtype=I64)}, {"weights": np.array([1, -1], dtype=I64)},
    {"weights": np.array([60000, 6000], dtype=I64)},  # counts are uint16
    {"weights": np.array([1.0, 2.0])},
    {"words": -1}, {"words": 3}, {"base": 32}, {"base": -64},
    {"first": -1}, {"first": 29},  # the window would pass the words
    {"ends": np.array([50, 40], dtype=I64), "needs": np.array([1, 1], dtype=I64)},
    {"ends": np.array([126], dtype=I64)},  # past the words
    {"ends": np.array([-5], dtype=I64)},
    {"needs": np.array([1, 2], dtype=I64)},  # one need per run
    {"needs": np.array([-(1 << 62)], dtype=I64)},
    {"slack": -1}, {"slack": 1 << 40},
    {"found": np.empty(99, dtype=I64)}, {"found": np.empty(100, dtype=np.float64)},
    {"found": bytes(800)},  # read-only
    {"shared": np.empty(99, dtype=np.uint16)}, {"shared": np.empty(100, dtype=I64)},
    {"edits": np.zeros(10, dtype=np.uint16)}, {"ceilings": np.zeros(10, dtype=np.uint16)},
    {"positions": np.array([0, 7], dtype=I64)}, {"positions": np.array([0, -3], dtype=I64)},
    {"q": 0}, {"q": 4},
    {"lengths": np.array([10, 11], dtype=I64)}, {"lengths": np.array([-1], dtype=I64)},
    {"length": 0}, {"length": 1 << 40},
    {"rows": [bitmap([3], 1), np.array([4], dtype=np.uint32)]},  # bitmap shorter than words
    {"rows": [bitmap([3], 2), np.array([4], dtype=np.uint16)]},
])
def test_count_window_refuses_what_does_not_fit(change):
    with pytest.raises(ValueError):
        _kernels.count_window(*count_args(**change))


def test_count_window_reads_rows_once_from_a_copy_of_the_list():
    """A row list that is a tuple or any sequence works as a list does."""
    rows, *rest = count_args()
    assert _kernels.count_window(tuple(rows), *rest) == _kernels.count_window(rows, *rest)


@pytest.mark.parametrize(("keys", "query", "docs", "limits", "error"), [
    (["abc"], "abc", np.array([1], dtype=I64), np.zeros(0, dtype=I64), IndexError),
    (["abc"], "abc", np.array([-1], dtype=I64), np.zeros(0, dtype=I64), ValueError),
    (["abc"], "abc", np.array([0.0]), np.zeros(0, dtype=I64), ValueError),
    (["abc"], "abc", np.array([0], dtype=np.int32), np.zeros(0, dtype=I64), ValueError),
    (["abc"], "abc", np.array([0, 0], dtype=I64), np.zeros(1, dtype=I64), ValueError),
    (["abc"], "a" * 2049, np.array([0], dtype=I64), np.zeros(0, dtype=I64), ValueError),
    (["abc", b"abc"], "abc", np.array([1], dtype=I64), np.zeros(0, dtype=I64), TypeError),
    (("abc",), "abc", np.array([0], dtype=I64), np.zeros(0, dtype=I64), TypeError),
])
def test_indel_distances_refuses_what_it_cannot_read(keys, query, docs, limits, error):
    with pytest.raises(error):
        _kernels.indel_distances(keys, query, docs, limits)


def test_a_doc_that_names_no_key_is_both_an_index_and_a_value_error():
    assert issubclass(_kernels.OutOfRange, IndexError)
    assert issubclass(_kernels.OutOfRange, ValueError)


def test_indel_distances_hold_their_keys_while_another_thread_changes_the_list():
    """The list is read only under the GIL: keys dropped from it meanwhile (their
    strings freed) do not change the distances of the call under way."""
    import threading

    rng = random.Random(3)
    keys = ["".join(rng.choice("abcdef") for _ in range(rng.randint(0, 300)))
            for _ in range(3000)]
    query = "abcdef" * 30
    docs = np.arange(len(keys), dtype=I64)
    want = np.frombuffer(_kernels.indel_distances(list(keys), query, docs, np.zeros(0, I64)),
                         dtype=np.int32).copy()
    stop = threading.Event()
    shared = list(keys)

    def churn() -> None:
        while not stop.is_set():
            shared[rng.randrange(len(shared))] = "".join(rng.choice("xyz") for _ in range(50))
            shared[rng.randrange(len(shared))] = keys[rng.randrange(len(keys))]

    changer = threading.Thread(target=churn)
    changer.start()
    try:
        for _ in range(20):
            got = np.frombuffer(_kernels.indel_distances(shared, query, docs, np.zeros(0, I64)),
                                dtype=np.int32)
            assert len(got) == len(keys)  # values follow the list as it was read
    finally:
        stop.set()
        changer.join()
    assert np.array_equal(np.frombuffer(_kernels.indel_distances(
        list(keys), query, docs, np.zeros(0, I64)), dtype=np.int32), want)


def test_the_index_builder_refuses_what_does_not_fit():
    builder = _postings.Postings(1)
    with pytest.raises(RuntimeError):
        builder.__init__(0)  # twice
    with pytest.raises(RuntimeError):
        builder.pop()  # before finish()
    builder.add(["the cat", "a dog"])
    with pytest.raises(TypeError):
        builder.add(["fine", 5])
    for numbers, directory, start in (
        (np.array([0], dtype=np.uint32), 64, 4096),  # one number per doc read
        (np.array([0, 2], dtype=np.uint32), 64, 4096),  # a number past the docs
        (np.array([0, 1], dtype=np.int64), 64, 4096),  # not uint32
        (np.array([1, 0], dtype=np.uint32), 0, 4096),
        (np.array([1, 0], dtype=np.uint32), 1 << 40, 4096),
        (np.array([1, 0], dtype=np.uint32), 64, -1),
    ):
        with pytest.raises(ValueError):
            builder.finish(numbers, directory, start)
    builder.finish(np.array([1, 0], dtype=np.uint32), 64, 4096)
    with pytest.raises(RuntimeError):
        builder.add(["late"])
    assert builder.pop() is not None
    unready = _postings.Postings.__new__(_postings.Postings)
    for call in (lambda: unready.add(["x"]), unready.seal, unready.pop):
        with pytest.raises(RuntimeError):
            call()


# --- each kernel equals its twin --------------------------------------------------------

def _bound_reference(holds: np.ndarray, positions: np.ndarray, q: int, doc: int) -> int:
    """Greedy stabbing: an edit at the end of each missing gram not yet covered."""
    edits, last = 0, -1
    for s, row in enumerate(positions.tolist()):
        if (row < 0 or not holds[row, doc]) and s > last:
            edits, last = edits + 1, s + q - 1
    return edits


def _rows(holds: np.ndarray, words: int, base: int, as_lists: int) -> tuple[list, bytes]:
    """holds[r, d] (d from base) as bitmaps over base + words * 64 bits, or uint32 lists."""
    rows, kinds = [], bytearray()
    for r, held in enumerate(holds):
        docs = np.flatnonzero(held) + base
        if (as_lists >> (r % 16)) & 1:
            rows.append(docs.astype(np.uint32))
            kinds.append(1)
        else:
            rows.append(bitmap(docs.tolist(), base // 64 + words))
            kinds.append(0)
    return rows, bytes(kinds)


@switched_on
@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), as_lists=st.integers(0, 2**16 - 1),
       base_words=st.integers(0, 2))
def test_count_window_equals_numpy(seed, as_lists, base_words):
    """Shared counts (weights 1-3), the docs reaching each run's need with slack, and
    the missing-gram bound, against numpy and the greedy reference."""
    rng = np.random.default_rng(seed)
    nrows, ndocs = int(rng.integers(0, 12)), int(rng.integers(1, 400))
    first = int(rng.integers(0, 70))
    words = -(-(first + ndocs) // 64) + int(rng.integers(0, 2))
    holds = rng.random((nrows, words * 64)) < rng.random((nrows, 1))
    base = 64 * base_words
    rows, kinds = _rows(holds, words, base, as_lists)
    weights = rng.integers(1, 4, nrows)
    ends = np.unique(np.append(rng.integers(1, ndocs + 1, int(rng.integers(0, 4))), ndocs))
    needs = rng.integers(-1, int(weights.sum()) + 2, len(ends))
    slack = int(rng.integers(0, 3))
    q = int(rng.integers(1, 4))
    positions = rng.integers(-1, max(nrows, 1), int(rng.integers(0, 30))) if nrows else \
        np.zeros(0, dtype=I64)
    got = kernels.count_window(rows, kinds, weights.tolist(), words, base, first, ends,
                               needs, slack, positions=positions, q=q)
    window = holds[:, first : first + ndocs]
    shared = (weights[:, None] * window).sum(axis=0) if nrows else np.zeros(ndocs, dtype=I64)
    need = needs[np.searchsorted(ends, np.arange(ndocs), side="right")]
    want = np.flatnonzero(shared + slack >= need)
    assert got.found.tolist() == want.tolist()
    assert got.shared.tolist() == shared[want].tolist()
    if len(positions):
        bound = [_bound_reference(holds, positions, q, first + d) for d in want.tolist()]
        assert got.edits.tolist() == bound


@switched_on
@settings(max_examples=120, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1),
       alphabet=st.sampled_from(["ab c", "ab 知識产é\U00020000", "知識c"]))
def test_indel_distances_equal_rapidfuzz(seed, alphabet):
    rng = random.Random(seed)
    query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
    keys = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
            for _ in range(rng.randint(1, 30))]
    docs = np.array([rng.randrange(len(keys)) for _ in range(rng.randint(0, 40))], dtype=I64)
    truth = np.array([Indel.distance(query, keys[d]) for d in docs.tolist()], dtype=I64)
    limits = np.array([rng.randint(0, 400) for _ in docs.tolist()], dtype=I64)
    assert kernels.indel_distances(keys, query, docs).tolist() == truth.tolist()
    got = kernels.indel_distances(keys, query, docs, limits)
    within = truth <= limits
    assert (got[within] == truth[within]).all()
    assert (got[~within] > limits[~within]).all()


@settings(max_examples=60, deadline=None, derandomize=True)
@given(keys=st.lists(st.text("ab 的一é", max_size=12), min_size=1, max_size=60),
       space=st.sampled_from([0, 1]), seed=st.integers(0, 2**32 - 1))
def test_the_index_builder_equals_the_numpy_build(keys, space, seed):
    numbers = np.random.default_rng(seed).permutation(len(keys)).astype(np.uint32)
    builder = _postings.Postings(space)
    builder.add(keys)
    builder.seal()
    got = list(tm_build.drain(builder, numbers))
    by_number = [""] * len(keys)
    for read, number in enumerate(numbers.tolist()):
        by_number[number] = keys[read]
    assert got == list(tm_build.postings(by_number, space))


# --- a search gives the same results with the kernels on and off ----------------------------

def _tm(g, rng: random.Random, n: int) -> list[str]:
    from glossary.store.memory import unit_row

    words = ["the", "cat", "sat", "on", "mat", "a", "dog", "ran", "far", "away", "home"]
    han = "知识产权保护的法律制度我们一个"
    rows, texts = [], []
    for _ in range(n):
        en = " ".join(rng.choice(words) for _ in range(rng.randint(2, 14)))
        zh = "".join(rng.choice(han) for _ in range(rng.randint(2, 20)))
        rows.append(unit_row({"source": en, "target": zh, "source_lang": "en",
                              "target_lang": "zh-CN"}))
        texts += [en, zh]
    g.memory.add_rows(rows)
    return texts


@pytest.mark.skipif(not (kernels.COUNT and kernels.INDEL) or tm_build.Postings is None,
                    reason="the kernels are not built or switched off")
def test_searches_give_the_same_results_with_the_kernels_on_and_off(g, monkeypatch):
    rng = random.Random(11)
    texts = _tm(g, rng, 600)
    queries = [rng.choice(texts) for _ in range(25)] + ["the cat sat on the mat", "知识产权"]
    monkeypatch.setattr(tm_candidates, "PARALLEL_FROM", 50)  # halves on two threads
    monkeypatch.setattr(tm_candidates, "COMPILED_COUNT_FROM", 0)  # the count at this size

    def answers(on: bool) -> list:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(kernels, "COUNT", on)
            patch.setattr(kernels, "INDEL", on)
            if not on:
                patch.setattr(tm_index, "Postings", None)
            index = tm_index.TMIndex(g.store)
            index.rebuild()  # built by the compiled builder, or by numpy
            index.update()
            searcher = TMSearch(g.store, index)
            return [[(m.id, m.score) for m in searcher.search(query, bar, 10)]
                    for query in queries for bar in (50, 75, 90)]

    on = answers(True)
    assert any(on)
    assert answers(False) == on
