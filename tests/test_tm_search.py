"""TM fuzzy match and concordance: the CAT score, both directions, spans, and the index
returning exactly what an exhaustive scan returns."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from glossary.store.memory import unit_row
from glossary.text.normalize import search_key
from glossary.tm import build as tm_build
from glossary.tm import candidates as tm_candidates
from glossary.tm import index as tm_index
from glossary.tm import kernels
from glossary.tm import search as tm_search
from glossary.tm.concordance import Concordance
from glossary.tm.grams import query_tokens, score_ceiling
from glossary.tm.index import TMIndex
from glossary.tm.search import TMSearch, scan

needs_kernels = pytest.mark.skipif(not kernels.COMPILED,
                                   reason="the search kernels are not built or switched off")


def add(g, *pairs: tuple[str, str, str, str]) -> list[int]:
    """Store units (source, target, source_lang, target_lang); returns their ids."""
    rows = [unit_row({"source": s, "target": t, "source_lang": sl, "target_lang": tl})
            for s, t, sl, tl in pairs]
    g.memory.add_rows(rows)
    found = g.store.query("SELECT id FROM tm_units ORDER BY id DESC LIMIT ?", (len(rows),))
    return sorted(r["id"] for r in found)


def search(g, query: str, min_score: int = 50, limit: int = 10):
    return TMSearch(g.store).search(query, min_score, limit)


def test_identical_scores_100_and_a_traditional_variant_99(g):
    add(g, ("知識產權保護", "IPR protection", "zh-TW", "en"))
    assert [m.score for m in search(g, "知識產權保護")] == [100]
    assert [m.score for m in search(g, "知识产权保护")] == [99]


def test_width_and_case_variants_score_99(g):
    add(g, ("ＩＰＲ protection", "知识产权保护", "en", "zh-CN"))
    assert search(g, "IPR protection")[0].score == 99
    assert search(g, "ipr protection")[0].score == 99


def test_cat_formula_on_an_edited_sentence(g):
    add(g, ("The quick brown fox", "敏捷的棕色狐狸", "en", "zh-CN"))
    (match,) = search(g, "The quick brown cat")
    assert match.score == 100 * (19 - 3) // 19  # three substitutions in 19 characters


def test_a_zh_unit_is_found_from_both_languages(g):
    (uid,) = add(g, ("我们加强知识产权保护。", "We strengthen IPR protection.", "zh-CN", "en"))
    (zh,) = search(g, "我们加强知识产权保护")
    assert (zh.id, zh.source_lang, zh.reversed) == (uid, "zh-CN", False)
    assert zh.source == "我们加强知识产权保护。"
    (en,) = search(g, "We strengthen IPR protection")
    assert (en.id, en.source_lang, en.target_lang, en.reversed) == (uid, "en", "zh-CN", True)
    assert en.source == "We strengthen IPR protection." and en.target.startswith("我们")


def test_diff_spans_point_at_the_changed_characters(g):
    add(g, ("我们保护专利权利", "We protect patent rights", "zh-CN", "en"))
    (match,) = search(g, "我们保护商标权利")
    assert match.spans == [(4, 6)]
    assert match.source[4:6] == "专利"


def test_spans_map_through_width_folding(g):
    add(g, ("ＡＢＣ  defg", "x", "en", "zh-CN"))
    (match,) = search(g, "abc dxfg", min_score=10)
    assert match.source[match.spans[0][0] : match.spans[0][1]] == "e"


def test_ties_go_to_the_newest_unit(g):
    first, second = add(g, ("保护知识产权", "a", "zh-CN", "en"),
                        ("保护知识产品", "b", "zh-CN", "en"))
    results = search(g, "保护知识产业")
    assert [m.id for m in results] == [second, first]
    assert results[0].score == results[1].score


def test_new_units_are_found_at_once(g):
    add(g, *[(f"第{i}条规定的事项", f"Article {i}", "zh-CN", "en") for i in range(50)])
    TMIndex(g.store).update()
    assert not search(g, "完全不同的句子")
    (uid,) = add(g, ("完全不同的句子", "A different sentence", "zh-CN", "en"))
    assert [m.id for m in search(g, "完全不同的句子")] == [uid]


def test_a_merged_segment_reusing_an_id_is_read_afresh(g):
    add(g, *[(f"第{i}条规定的事项", f"Article {i}", "zh-CN", "en") for i in range(20)])
    index = TMIndex(g.store)
    searcher = TMSearch(g.store, index)
    index.update()
    (old,) = index.segments()
    searcher.search("第3条规定的事项")  # loads the segment's docs
    add(g, *[(f"第{i}款适用的情形", f"Paragraph {i}", "zh-CN", "en") for i in range(20)])
    index.update()  # merges both into one segment, which may get the old id back
    (merged,) = index.segments()
    assert merged.first_unit == old.first_unit and merged.units == 40
    got = [(m.id, m.score) for m in searcher.search("第7款适用的情形", 30)]
    assert got == [(m.id, m.score) for m in scan(g.store, "第7款适用的情形", 30)]


def test_changed_units_are_not_hidden_by_the_index(g):
    (uid,) = add(g, ("旧的句子内容", "Old sentence", "zh-CN", "en"))
    TMIndex(g.store).update()
    g.store.conn.execute(
        "UPDATE tm_units SET source = ?, source_key = ? WHERE id = ?",
        ("新的文本完全改变", "新的文本完全改变", uid),
    )
    assert [m.id for m in search(g, "新的文本完全改变")] == [uid]
    assert not search(g, "旧的句子内容", min_score=90)


def test_concordance_finds_both_sides_with_spans(g):
    (uid,) = add(g, ("知識產權保護和知識產權", "IPR and ipr", "zh-TW", "en"))
    add(g, ("无关的句子", "Unrelated", "zh-CN", "en"))
    TMIndex(g.store).update()
    (hit,) = Concordance(g.store).search("知识产权")
    assert hit.id == uid and hit.source_spans == [(0, 4), (7, 11)] and hit.target_spans == []
    (hit,) = Concordance(g.store).search("IPR")
    assert hit.target_spans == [(0, 3), (8, 11)]
    (hit,) = Concordance(g.store).search("pr")  # shorter than a trigram: scanned
    assert hit.id == uid


# the index against the exhaustive scan -----------------------------------------------

ZH = "知识产权保护专利商标版权的和是在发展创新"
EN = "abcdefg hij"


def random_text(rng: random.Random, alphabet: str, short: bool) -> str:
    size = rng.randint(1, 4) if short else rng.randint(5, 40)
    return "".join(rng.choice(alphabet) for _ in range(size))


def mutate(rng: random.Random, text: str, alphabet: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        pos = rng.randrange(len(chars) + 1)
        if rng.random() < 0.4 and pos < len(chars):
            chars[pos] = rng.choice(alphabet)
        elif rng.random() < 0.5:
            chars.insert(pos, rng.choice(alphabet))
        elif len(chars) > 1 and pos < len(chars):
            del chars[pos]
    return "".join(chars)


def random_tm(g, rng: random.Random, count: int) -> list[str]:
    """Units in both directions, a fifth near-copies, some 1–4 characters long, a few
    traditional or full-width; part indexed in segments, the rest left in the tail."""
    texts: list[str] = []
    pairs = []
    for _ in range(count):
        if texts and rng.random() < 0.3:
            base = rng.choice(texts)
            chinese = any(c in ZH for c in base)
            zh = mutate(rng, base, ZH) if chinese else random_text(rng, ZH, False)
        else:
            zh = random_text(rng, ZH, rng.random() < 0.2)
        en = random_text(rng, EN, rng.random() < 0.2).strip() or "x"
        if rng.random() < 0.05:
            zh = zh.replace("识", "識").replace("护", "護")
        if rng.random() < 0.05:
            en = en.upper()
        texts += [zh, en]
        pairs.append((zh, en, "zh-CN", "en") if rng.random() < 0.7 else (en, zh, "en", "zh-TW"))
    cut = rng.randint(count // 3, count)
    add(g, *pairs[:cut])
    TMIndex(g.store).update()
    add(g, *pairs[cut:])
    return texts


def queries(rng: random.Random, texts: list[str], n: int) -> list[str]:
    out = []
    for i in range(n):
        base = rng.choice(texts)
        alphabet = ZH if any(c in ZH for c in base) else EN
        if i % 3 == 0:
            out.append(random_text(rng, alphabet, rng.random() < 0.3))
        elif i % 3 == 1:
            out.append(mutate(rng, base, alphabet))
        else:
            out.append(base)
    return out


def check_same(g, qs: list[str]) -> None:
    searcher = TMSearch(g.store)
    for query in qs:
        for min_score in (30, 50, 75, 90):
            for limit in (1, 3, 10):
                got = [(m.id, m.score) for m in searcher.search(query, min_score, limit)]
                want = [(m.id, m.score) for m in scan(g.store, query, min_score, limit)]
                assert got == want, (query, min_score, limit)


@pytest.mark.parametrize(("seed", "few_enough", "count_all", "scan_above"),
                         [(0, 64, 8, 200_000), (1, 0, 10**9, 200_000), (2, 0, 1, 0),
                          (3, 8, 10**9, 50)])
def test_index_equals_exhaustive_scan(g, monkeypatch, seed, few_enough, count_all, scan_above):
    """Also with common lists looked up doc by doc, counted whole, and with window scans."""
    monkeypatch.setattr(tm_candidates, "FEW_ENOUGH", few_enough)
    monkeypatch.setattr(tm_candidates, "COUNT_ALL_SHARE", count_all)
    # bitmaps added as bits (from 1 list) or one by one (never); comparisons split in two
    monkeypatch.setattr(tm_candidates, "BITSLICE_FROM", 1 if seed % 2 == 0 else 10**9)
    monkeypatch.setattr(tm_candidates, "PARALLEL_FROM", 2 if seed < 2 else 10**9)
    monkeypatch.setattr(tm_candidates, "COMPILED_COUNT_FROM", 0 if seed in (0, 3) else 10**9)
    monkeypatch.setattr(tm_search, "SCAN_ABOVE", scan_above)
    monkeypatch.setattr(tm_search, "PRESCORE_ABOVE", 0 if seed % 2 else 500)
    monkeypatch.setattr(tm_search, "PRESCORE_LOAD", True)
    # re-ranking's indel distances by the kernel or by rapidfuzz
    monkeypatch.setattr(kernels, "MAX_INDEL_QUERY", 0 if seed == 3 else 2048)
    monkeypatch.setattr(tm_build, "DIRECTORY_FROM", 2 if seed >= 2 else 4096)
    monkeypatch.setattr(tm_index, "SPILL_CHARS", 0 if seed % 2 else 1 << 25)  # temp files
    if seed % 2:  # the numpy build (with temp files), not the compiled one
        monkeypatch.setattr(tm_index, "Postings", None)
    if seed >= 2:  # many chunks and partitions
        monkeypatch.setattr(tm_build, "CHUNK_CHARS", 97)
        monkeypatch.setattr(tm_index, "CHUNK_CHARS", 97)
    rng = random.Random(seed)
    texts = random_tm(g, rng, 400)
    check_same(g, queries(rng, texts, 25))
    check_concordance(g, rng, texts)


def check_concordance(g, rng: random.Random, texts: list[str]) -> None:
    """Concordance hits equal a brute-force substring test over both keys, read from the
    database (a one-off search) and tested on the keys in memory (the UI, once warm)."""
    rows = g.store.query("SELECT id, source_key, target_key FROM tm_units ORDER BY id DESC")
    warm = warm_concordance(g)
    for _ in range(20):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        needle = text[start : start + rng.randint(1, 5)]
        key = search_key(needle)
        want = [r["id"] for r in rows if key and (key in r["source_key"] or key in r["target_key"])]
        for limit in (3, 30):
            got = [hit.id for hit in Concordance(g.store).search(needle, limit=limit)]
            assert got == want[:limit], needle
            assert [hit.id for hit in warm.search(needle, limit=limit)] == want[:limit], needle


def warm_concordance(g) -> Concordance:
    index = TMIndex(g.store)
    index.update()
    for segment in index.segments():
        index.keys(segment, 0)
    concordance = Concordance(g.store, index)
    concordance.warm()
    return concordance


def test_concordance_in_memory_follows_changes_and_odd_sides(g):
    """Keys held in memory go stale when a unit is changed or deleted: the stored rows
    decide. An English side may hold Chinese, found by a needle shorter than a trigram."""
    ids = add(g, ("专利法", "the Patent Law (专利法)", "zh-CN", "en"),
              ("商标法", "Trademark Law", "zh-CN", "en"),
              ("版权法", "Copyright Law", "zh-CN", "en"),
              ("无关", "unrelated law", "zh-CN", "en"))
    concordance = warm_concordance(g)
    assert [h.id for h in concordance.search("专利")] == [ids[0]]
    assert [h.id for h in concordance.search("利法")] == [ids[0]]
    assert [h.id for h in concordance.search("aw")] == ids[::-1]
    assert [h.id for h in concordance.search("mark")] == [ids[1]]
    with g.store.transaction() as db:
        db.execute("UPDATE tm_units SET target = 'Trademark Act', target_key = 'trademark act' "
                   "WHERE id = ?", (ids[1],))
        db.execute("DELETE FROM tm_units WHERE id = ?", (ids[2],))
    assert [h.id for h in concordance.search("law", limit=2)] == [ids[3], ids[0]]
    assert [h.id for h in concordance.search("act")] == [ids[1]]


def test_postings_do_not_depend_on_how_the_build_is_chunked(monkeypatch):
    rng = random.Random(5)
    keys = sorted((random_text(rng, ZH + EN, rng.random() < 0.3) for _ in range(300)), key=len)
    for space in (0, 1):
        whole = list(tm_build.postings(keys, space))
        monkeypatch.setattr(tm_build, "CHUNK_CHARS", 97)
        chunked = sorted(tm_build.postings(keys, space))
        monkeypatch.undo()
        assert chunked == sorted(whole) and len(whole) > 50


def test_index_equals_scan_across_merged_segments(g, monkeypatch):
    monkeypatch.setattr(tm_index, "TAIL_LIMIT", 30)
    rng = random.Random(99)
    texts = random_tm(g, rng, 60)
    for _ in range(6):  # each search indexes the grown tail, merging small segments
        more = random_tm(g, rng, 40)
        texts += more
        check_same(g, queries(rng, texts, 4))
    assert 1 <= len(TMIndex(g.store).segments()) <= 6


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stored=st.lists(st.text(alphabet="知识产权ab 的", min_size=1, max_size=8), min_size=1,
                    max_size=25),
    query=st.text(alphabet="知识产权ab 的", min_size=1, max_size=8),
    min_score=st.sampled_from([0, 30, 50, 75, 90, 100]),
)
def test_index_equals_scan_on_arbitrary_text(tmp_path_factory, stored, query, min_score):
    import glossary

    with glossary.open(tmp_path_factory.mktemp("h") / "memory.db") as g:
        pairs = [(s, "t", "zh-CN", "en") for s in stored if s.strip()]
        if pairs:
            add(g, *pairs)
        TMIndex(g.store).update()
        for limit in (1, 5):
            got = [(m.id, m.score) for m in TMSearch(g.store).search(query, min_score, limit)]
            want = [(m.id, m.score) for m in scan(g.store, query, min_score, limit)]
            assert got == want


def test_index_reads_wait_for_the_store_lock(g):
    """The UI warms the index in a thread while the app may be closing the database:
    a read that skipped the lock could use a connection being closed, and crash."""
    import threading

    add(g, ("知识产权", "IPR", "zh-CN", "en"))
    index = TMIndex(g.store)
    index.update()
    done: list[object] = []
    with g.store.lock:
        for read in (index.segments, index.indexed_up_to):
            worker = threading.Thread(target=lambda r=read: done.append(r()))
            worker.start()
            worker.join(0.2)
            assert worker.is_alive() and not done  # waiting for the lock
            g.store.lock.release()
            try:
                worker.join(5)
            finally:
                g.store.lock.acquire()
            assert done and not worker.is_alive()
            done.clear()


@pytest.mark.parametrize("rows", [1, 2, 3, 7, 100, 300])
def test_bitmaps_added_as_bits_count_like_one_by_one(rows):
    from glossary.tm.bitcount import bit_counts, bits_at

    rng = np.random.default_rng(rows)
    words = [rng.integers(0, 1 << 63, 5, dtype=np.uint64) << np.uint64(rng.integers(0, 2))
             for _ in range(rows)]
    weights = [int(w) for w in rng.integers(1, 4, rows)]
    unpacked = [np.unpackbits(w.view(np.uint8), bitorder="little").astype(int) for w in words]
    assert (bit_counts(words, weights) == sum(u * k for u, k in zip(unpacked, weights,
                                                                     strict=True))).all()
    at = rng.integers(0, 5 * 64, 40)
    assert (bits_at(words[0], at) == unpacked[0][at]).all()


@pytest.mark.skipif(not kernels.ON & {"count", "indel"},
                    reason="GLOSSARY_KERNELS switched the kernels off")
def test_the_compiled_search_kernel_was_built():
    """The install compiles glossary/_kernels.c; without a C compiler searches still
    give the same results, but large English memories lose the missing-gram bound."""
    from glossary.tm import kernels

    assert kernels.COMPILED, "glossary/_kernels.c was not built: is a C compiler installed?"


def _stab_reference(query: str, doc: str, q: int) -> int:
    """Fewest edits hitting every query gram the doc lacks, one edit covering q grams."""
    have = {doc[i : i + q] for i in range(len(doc) - q + 1)}
    edits, last = 0, -1
    for s in range(len(query) - q + 1):
        if s > last and query[s : s + q] not in have:
            edits, last = edits + 1, s + q - 1
    return edits


@needs_kernels
@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    query=st.text(alphabet="ab c", min_size=0, max_size=24),
    docs=st.lists(st.text(alphabet="ab c", max_size=24), min_size=1, max_size=150),
    skip=st.integers(0, 130),
    as_lists=st.integers(0, 255),
)
def test_missing_gram_bound_never_exceeds_the_edit_distance(query, docs, skip, as_lists):
    """The kernel's bound, over docs placed after `skip` empty bits, with the gram rows
    given as bitmaps or as sorted doc lists, equals the reference greedy count, and
    no doc's bound is above its true Levenshtein distance to the query."""

    from glossary.tm import kernels

    q = 3
    bits = skip + len(docs)
    words = -(-bits // 64)
    grams = [query[i : i + q] for i in range(len(query) - q + 1)]
    rows, kinds, row_of = [], bytearray(), {}
    for number, gram in enumerate(dict.fromkeys(grams)):
        holders = [skip + i for i, d in enumerate(docs) if gram in d]
        if not holders and number % 2:
            continue  # a gram no doc holds may also have no row at all
        row_of[gram] = len(rows)
        if (as_lists >> (number % 8)) & 1:
            rows.append(np.array(holders, dtype=np.uint32))
            kinds.append(1)
        else:
            flags = np.zeros(words * 64, dtype=np.uint8)
            flags[holders] = 1
            rows.append(np.packbits(flags, bitorder="little").view(np.uint64))
            kinds.append(0)
    positions = np.array([row_of.get(gram, -1) for gram in grams], dtype=np.int64)
    want = [_stab_reference(query, d, q) for d in docs]
    # the count's pass gives the bound for the docs it finds (here: every one)
    weights = [1] * len(rows)
    ends, needs = [len(docs)], [0]  # one run of docs, all needing nothing
    counted = kernels.count_window(rows, bytes(kinds), weights, words, 0, skip, ends, needs,
                                   positions=positions, q=q)
    assert counted[0].tolist() == list(range(len(docs)))
    assert counted[2].tolist() == want
    # with each doc's length (one run each), the ceilings the search ranks by: those of
    # score_ceiling and of the bound, the lower; docs below the bar left out
    if query:
        lengths = np.array([len(d) for d in docs], dtype=np.int64)
        ceiling = np.minimum(
            score_ceiling(len(query), lengths, counted.shared, q),
            (100 * (np.maximum(lengths, len(query)) - np.array(want)))
            // np.maximum(lengths, len(query)))
        bar = skip % 101
        scored = kernels.count_window(rows, bytes(kinds), weights, words, 0, skip,
                                      np.arange(1, len(docs) + 1), np.zeros(len(docs)),
                                      positions=positions, q=q, lengths=lengths,
                                      length=len(query), bar=bar)
        assert scored.found.tolist() == np.flatnonzero(ceiling >= bar).tolist()
        assert scored.ceilings.tolist() == ceiling[ceiling >= bar].tolist()
    assert all(w <= Levenshtein.distance(query, d) for w, d in zip(want, docs, strict=True))


@needs_kernels
@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(0, 40),
    words=st.integers(1, 200),
    slack=st.integers(0, 3),
)
def test_counts_in_one_pass_equal_adding_lists_one_by_one(seed, rows, words, slack):
    """The compiled count over a window: bitmap rows and sorted lists of doc numbers,
    weights from 1 to 3, a window starting and ending inside words, and needs that are
    the same along a run of docs (as along one key length) or change inside a word."""
    from glossary.tm import kernels

    rng = np.random.default_rng(seed)
    bits = words * 64
    base = 64 * int(rng.integers(0, 16))  # doc number of bit 0: docs before it are not read
    first = int(rng.integers(0, bits))
    n = int(rng.integers(0, bits - first + 1))
    held, kinds, weights = [], bytearray(), []
    expected = np.zeros(bits, dtype=np.int64)
    for _ in range(rows):
        holds = rng.random(bits) < rng.choice([0.02, 0.3, 0.9])
        weight = int(rng.integers(1, 4))
        expected += weight * holds
        weights.append(weight)
        if rng.random() < 0.5:  # the whole segment's bitmap: docs before base held at random
            before = rng.integers(0, 1 << 63, base // 64, dtype=np.uint64)
            packed = np.packbits(holds.astype(np.uint8), bitorder="little").view(np.uint64)
            held.append(np.concatenate((before, packed)).tobytes())
            kinds.append(0)
        else:  # a list of the whole segment's docs, some outside the window
            docs = np.flatnonzero(holds) + base
            below = [base - 1] if base else []
            held.append(np.concatenate((below, docs, [base + bits + 5])).astype(np.uint32))
            kinds.append(1)
    # runs of one need (some empty, as for a key length no doc has), ending at n
    ends = np.append(np.minimum(rng.integers(0, 200, n + 1).cumsum(), n), n)
    needs = np.arange(len(ends)) % 5
    need = np.repeat(needs, np.diff(ends, prepend=0))
    got = kernels.count_window(held, bytes(kinds), weights, words, base, first, ends, needs,
                               slack)
    shared = expected[first : first + n]
    want = np.flatnonzero(shared + slack >= need)
    assert got[0].tolist() == want.tolist()
    assert got[1].tolist() == shared[want].tolist()


@needs_kernels
@settings(max_examples=150, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1), q=st.integers(1, 3), bar=st.integers(0, 100))
def test_the_counts_ceilings_are_the_lowest_of_the_three_bounds(seed, q, bar):
    """Per doc, the ceiling the compiled count gives equals the lowest of the length
    difference's, the shared count's (score_ceiling) and the missing-gram bound's, over
    rows and query positions drawn at random (a doc lacking scattered positions is where
    the bound is the lowest), and exactly the docs below the bar are left out."""
    from glossary.tm import kernels

    rng = np.random.default_rng(seed)
    docs, nrows = int(rng.integers(1, 300)), int(rng.integers(1, 30))
    words = -(-docs // 64)
    holds = rng.random((nrows, docs)) < rng.choice([0.5, 0.9, 0.99], size=(nrows, 1))
    rows = [np.packbits(np.pad(h, (0, words * 64 - docs)).astype(np.uint8),
                        bitorder="little").view(np.uint64) for h in holds]
    positions = rng.integers(-1, nrows, int(rng.integers(1, 60)))
    length = len(positions) + q - 1
    ends = np.unique(np.append(rng.integers(1, docs + 1, int(rng.integers(0, 5))), docs))
    lengths = np.maximum(length + rng.integers(-length // 3 - 1, length // 3 + 2, len(ends)), 0)
    got = kernels.count_window(rows, bytes(nrows), [1] * nrows, words, 0, 0, ends,
                               np.zeros(len(ends)), positions=positions, q=q,
                               lengths=lengths, length=length, bar=bar)
    doc_lengths = lengths[np.searchsorted(ends, np.arange(docs), side="right")]
    shared = holds.sum(axis=0)
    missing = []
    for doc in range(docs):
        edits, last = 0, -1
        for at, row in enumerate(positions.tolist()):
            if at > last and (row < 0 or not holds[row, doc]):
                edits, last = edits + 1, at + q - 1
        missing.append(edits)
    longest = np.maximum(doc_lengths, length)
    ceiling = np.minimum(score_ceiling(length, doc_lengths, shared, q),
                         (100 * (longest - np.array(missing))) // longest)
    assert got.found.tolist() == np.flatnonzero(ceiling >= bar).tolist()
    assert got.ceilings.tolist() == ceiling[ceiling >= bar].tolist()


def test_a_long_scan_stops_when_the_caller_cancels(g, monkeypatch):
    """The UI cancels a search made moot by a newer keystroke; an uncancelled one is
    unchanged, and one cancelled part way raises rather than returning half a list."""
    import glossary as glossary_module

    monkeypatch.setattr(tm_candidates, "PARALLEL_FROM", 2)
    monkeypatch.setattr(tm_candidates, "SCAN_PIECE", 10)
    monkeypatch.setattr(tm_search, "SCAN_ABOVE", 0)
    monkeypatch.setattr(tm_search, "PRESCORE_LOAD", True)
    rng = random.Random(3)
    add(g, *[(random_text(rng, EN, False), "目标", "en", "zh-CN") for _ in range(300)])
    TMIndex(g.store).update()
    query = random_text(rng, EN, False)
    asked = 0

    def never() -> bool:
        nonlocal asked
        asked += 1
        return False

    want = [(m.id, m.score) for m in scan(g.store, query, 30, 10)]
    got = g.tm_search(query, 30, 10, cancel=never)
    assert [(m.id, m.score) for m in got] == want and asked > 2  # asked between pieces
    calls = 0

    def on_the_third_look() -> bool:
        nonlocal calls
        calls += 1
        return calls >= 3

    with pytest.raises(glossary_module.SearchCancelled):
        g.tm_search(query, 30, 10, cancel=on_the_third_look)
    assert calls == 3


def test_keys_in_memory_follow_doc_order_and_blank_deleted_units(g):
    ids = add(g, ("专利法", "Patent Law", "zh-CN", "en"),
              ("the Trademark Law", "商标法", "en", "zh-CN"),
              ("版权", "Copyright", "zh-CN", "en"))
    index = TMIndex(g.store)
    index.update()
    with g.store.transaction() as db:
        db.execute("DELETE FROM tm_units WHERE id = ?", (ids[1],))
    (segment,) = index.segments()
    for space, want in ((0, {ids[0]: "专利法", ids[1]: "", ids[2]: "版权"}),
                        (1, {ids[0]: "patent law", ids[1]: "", ids[2]: "copyright"})):
        docs = index.docs(segment, space)
        keys = index.keys(segment, space)
        assert dict(zip(docs.units.tolist(), keys, strict=True)) == want


def test_preloaded_lists_give_the_same_matches(g, monkeypatch):
    """warm() reads the longest lists ahead (here every list is long enough to be held)."""
    monkeypatch.setattr(tm_build, "DIRECTORY_FROM", 2)
    rng = random.Random(11)
    texts = random_tm(g, rng, 300)
    index = TMIndex(g.store)
    index.update()
    cold = TMIndex(g.store)
    index.preload()
    assert index._lists  # something was read ahead
    for segment in index.segments():  # token counts from memory, as from the database
        for space in (0, 1):
            toks = [t for q in queries(rng, texts, 5) for t in query_tokens(search_key(q), space)]
            assert index.counts(segment, space, toks) == cold.counts(segment, space, toks)
    searcher = TMSearch(g.store, index)
    for query in queries(rng, texts, 12):
        for min_score in (50, 75):
            got = [(m.id, m.score) for m in searcher.search(query, min_score, 10)]
            assert got == [(m.id, m.score) for m in scan(g.store, query, min_score, 10)]


@settings(max_examples=60, deadline=None)
@given(st.text("ab c", max_size=30), st.lists(st.text("ab c", max_size=40), max_size=40),
       st.sampled_from([50, 60, 75, 90]))
def test_key_distances_are_exact_up_to_what_the_bar_allows(query, keys, bar):
    """The indel prefilter (with the length difference) never rules out a key whose
    Levenshtein distance the bar allows, whole or in pieces on two threads, with the
    indel distances from the kernel or from rapidfuzz."""
    lengths = np.array([len(k) for k in keys], dtype=np.int64)
    longest = np.maximum(lengths, len(query))
    allowed = (longest * (100 - bar)) // 100
    truth = np.array([Levenshtein.distance(query, k) for k in keys], dtype=np.int64)
    # whole; in pieces (of 7 keys, or halves) one at a time on two cores in the kernel;
    # or two pieces at a time on two threads with rapidfuzz
    for split_from, piece, by_kernel in ((10**9, 10**9, True), (2, 7, True), (2, 10**9, True),
                                         (10**9, 10**9, False), (2, 7, False)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tm_candidates, "PARALLEL_FROM", split_from)
            patch.setattr(tm_candidates, "SCAN_PIECE", piece)
            patch.setattr(kernels, "MAX_INDEL_QUERY", 2048 if by_kernel else 0)
            got = tm_candidates._distances(query, keys, allowed, lengths, 0, len(keys))
        within = truth <= allowed
        assert (got[within] == truth[within]).all()
        assert (got[~within] > allowed[~within]).all()


# ASCII, Latin-1 (one byte a character), CJK (two) and astral (four) characters
KEY_CHARS = list("ab c") + ["é", "ß", "知", "識", "产", "\U00020000"]


def _edited(rng: random.Random, text: str, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        at = rng.randrange(len(chars) + 1)
        kind = rng.randrange(3)
        if kind == 0 or not chars or at == len(chars):
            chars.insert(at, rng.choice(KEY_CHARS))
        elif kind == 1:
            del chars[at]
        else:
            chars[at] = rng.choice(KEY_CHARS)
    return "".join(chars)


@needs_kernels
@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["ab c", KEY_CHARS, ["知", "識", "c"]]))
def test_indel_kernel_equals_rapidfuzz_up_to_each_limit(seed, alphabet):
    """The kernel's indel distance of every key (queries of one to four words of bits,
    keys of every string kind, near copies and unrelated ones) is rapidfuzz's; with a
    limit, it is exact up to the limit and above it past, also right at the edge."""

    from rapidfuzz.distance import Indel

    rng = random.Random(seed)
    query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 250)))
    keys = [_edited(rng, query, rng.randint(0, 30)) if rng.random() < 0.7 else
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 250)))
            for _ in range(rng.randint(1, 12))]
    docs = np.array([rng.randrange(len(keys)) for _ in range(rng.randint(1, 20))])
    truth = np.array([Indel.distance(query, keys[d]) for d in docs])
    assert (kernels.indel_distances(keys, query, docs) == truth).all()
    for limits in (truth, truth - 1, truth + rng.randint(0, 9),
                   np.array([rng.randint(0, 400) for _ in docs])):
        got = kernels.indel_distances(keys, query, docs, limits)
        within = truth <= limits
        assert (got[within] == truth[within]).all()
        assert (got[~within] > limits[~within]).all()


@needs_kernels
@pytest.mark.parametrize("query", ["a" * 64 + "b" * 64 + "a" * 10, "ab" * 40 + "c" * 128 + "ab",
                                   "知" * 63 + "识" * 65 + "知"])
def test_indel_kernel_carries_across_whole_words(query):
    """Where a word of the query holds no character of the key, the carry of the words
    below must run through it to the words above."""
    from rapidfuzz.distance import Indel

    keys = ["a" * 100, "ab" * 60, "知" * 90 + "识", "b" * 3 + "a" * 70]
    want = [Indel.distance(query, k) for k in keys]
    assert kernels.indel_distances(keys, query, np.arange(len(keys))).tolist() == want


@needs_kernels
def test_indel_kernel_refuses_what_it_cannot_read():
    with pytest.raises(IndexError):
        kernels.indel_distances(["abc"], "abc", np.array([1]))
    with pytest.raises(TypeError):
        kernels.indel_distances(["abc", 5], "abc", np.array([1]))
    with pytest.raises(ValueError):
        kernels.indel_distances(["abc"], "a" * (kernels.MAX_INDEL_QUERY + 1), np.array([0]))


@needs_kernels
def test_kernels_called_from_several_threads_at_once_keep_their_answers():
    """The kernel releases the GIL while it compares: calls made at the same time from
    several threads run side by side, and every call gets its own answer."""
    import threading

    rng = np.random.default_rng(5)
    cases = []
    for _ in range(4):
        keys = ["".join(rng.choice(list("abcdef"), int(rng.integers(0, 90))))
                for _ in range(600)]
        query = "".join(rng.choice(list("abcdef"), 70))
        docs = rng.integers(0, len(keys), 500)
        cases.append((keys, query, docs, kernels.indel_distances(keys, query, docs)))
    wrong: list[int] = []

    def run(case: int) -> None:
        keys, query, docs, distances = cases[case]
        for _ in range(25):
            if not np.array_equal(kernels.indel_distances(keys, query, docs), distances):
                wrong.append(case)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []
    # a key that is not a str, anywhere among many, is still refused
    keys = ["abc"] * 999 + [5]
    with pytest.raises(TypeError):
        kernels.indel_distances(keys, "abc", np.arange(1000))


@pytest.mark.parametrize("directory_from", [2, 4096])
def test_kernel_rows_are_the_stored_lists(g, monkeypatch, directory_from):
    """What the compiled count reads for each token is exactly the docs its stored list
    holds: bitmaps bit for bit, long lists past their directory, short ones as read in
    one query, with and without the short lists handed in."""
    monkeypatch.setattr(tm_build, "DIRECTORY_FROM", directory_from)
    random_tm(g, random.Random(5), 300)
    index = TMIndex(g.store)
    index.update()
    for segment in index.segments():
        for space in (0, 1):
            docs = index.docs(segment, space)
            if docs is None:
                continue
            low = tm_build.row_key(segment.id, space, 0)
            counts = {key - low: n for key, n in g.store.conn.execute(
                "SELECT key, n FROM tm_index_postings WHERE key BETWEEN ? AND ?",
                (low, low + (1 << tm_build.SPACE_SHIFT) - 1))}
            toks = sorted(counts)
            small = index.small_lists(segment, space, counts)
            for handed in (None, small):
                rows, kinds = index.kernel_rows(segment, space, toks, counts, handed)
                for tok, row, kind in zip(toks, rows, kinds, strict=True):
                    want = tm_build.decode(index.blob(segment.id, space, tok), counts[tok],
                                           docs.count)
                    if kind == 0:
                        bits = np.unpackbits(np.frombuffer(row, dtype=np.uint8),
                                             bitorder="little")
                        got = np.flatnonzero(bits[: docs.count])
                    else:
                        got = np.asarray(row, dtype=np.int64)
                    assert got.tolist() == want.tolist(), (tok, kind)
