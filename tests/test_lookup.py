"""Term lookup: every way a translator types a term, the ranking, and freshness after edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import glossary
from glossary.store import termrows as termindex
from glossary.terms.lookup import KIND_RANK, classify, parse

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def ipr(tmp_path: Path):
    with glossary.open(tmp_path / "t.db") as g:
        g.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law")
        g.add_entry("专利法", "Patent Law")
        g.add_entry("商标法", "Trademark Law")
        g.add_entry("知识", "knowledge")
        yield g


@pytest.mark.parametrize(("query", "kind"), [
    ("知识产权", "exact"),
    ("知識產權", "exact"),
    ("intellectual property rights", "exact"),
    ("Intellectual Property RIGHTS", "exact"),
    ("  intellectual   property  rights ", "exact"),
    ("ＩＰＲ", "exact"),
    ("ipr", "exact"),
    ("intellectual prop", "prefix"),
    ("知识产", "prefix"),
    ("property", "substring"),
    ("识产", "substring"),
    ("zhishichanquan", "pinyin"),
    ("zhi shi chan quan", "pinyin"),
    ("ZhiShiChanQuan", "pinyin"),
    ("zhishichan", "pinyin"),
    ("zhi1shi5chan3quan2", "pinyin"),
    ("zhi1shi2chan3quan2", "pinyin"),
    ("zhī shí chǎn quán", "pinyin"),
    ("zhīshichǎnquán", "pinyin"),
    ("Zhī shi", "pinyin"),
    ("intelectual propery", "fuzzy"),
    ("intelectual propery rihgts", "fuzzy"),
    ("知识产全", "fuzzy"),
])
def test_every_form_of_the_query_finds_the_entry(ipr, query, kind):
    hits = ipr.lookup(query)
    assert hits, query
    top = next(h for h in hits if h.concept.zh == "知识产权")
    assert top.concept.en == "intellectual property rights"
    assert top.match == kind
    assert 0 < top.score <= 100


def test_pinyin_prefix_lists_longer_readings_after_shorter(ipr):
    hits = ipr.lookup("zhishi")
    assert [h.concept.zh for h in hits] == ["知识", "知识产权"]
    assert {h.match for h in hits} == {"pinyin"}
    assert hits[0].score > hits[1].score


def test_pinyin_from_a_later_syllable_ranks_after_readings_from_the_start(ipr):
    ipr.add_entry("产权", "property rights")
    ipr.add_entry("专利权", "patent right")
    hits = ipr.lookup("chanquan")  # 知识产权 is zhi shi chan quan
    assert [h.concept.zh for h in hits] == ["产权", "知识产权"]
    assert {h.match for h in hits} == {"pinyin"} and hits[0].score > hits[1].score
    assert [h.concept.zh for h in ipr.lookup("chan3quan2")] == ["产权", "知识产权"]
    assert "专利权" in [h.concept.zh for h in ipr.lookup("liquan")]
    assert not ipr.lookup("hanq")  # not from the middle of a syllable
    assert "知识产权" not in [h.concept.zh for h in ipr.lookup("qua")]  # too short to look inside


def test_tone_marks_that_agree_rank_before_those_that_differ(ipr):
    ipr.add_entry("直视", "look straight at")  # zhí shì: the same letters as zhishi
    marked = [h.concept.zh for h in ipr.lookup("zhí shì")]
    assert marked[0] == "直视" and "知识" in marked
    assert [h.concept.zh for h in ipr.lookup("zhī shí")][0] == "知识"


def test_typo_in_a_law_title(ipr):
    hits = ipr.lookup("patnet law")
    assert [(h.concept.en, h.match) for h in hits] == [("Patent Law", "fuzzy")]
    assert [h.concept.en for h in ipr.lookup("Trademrak Law")] == ["Trademark Law"]
    assert [h.concept.en for h in ipr.lookup("trade mark")] == ["Trademark Law"]
    assert ipr.lookup("copyright law") == []  # law alone is not enough


def test_no_junk_for_nonsense_or_short_typos(ipr):
    assert ipr.lookup("xyzzy plugh") == []
    assert ipr.lookup("lwa") == []
    assert ipr.lookup("知道") == []
    assert ipr.lookup("   ") == []
    for query in ("?", "，", "-", "\u3000", "()"):
        assert ipr.lookup(query) == [], query


def test_exact_tones_rank_first_even_over_a_better_status(tmp_path):
    with glossary.open(tmp_path / "t.db") as g:
        g.add_entry("试验", "test")
        g.add_entry("实验", "experiment", status="admitted")
        assert [h.concept.zh for h in g.lookup("shi2yan4")] == ["实验", "试验"]
        assert [h.concept.zh for h in g.lookup("shi4 yan4")] == ["试验", "实验"]
        hits = g.lookup("shiyan")
        assert [h.concept.zh for h in hits] == ["试验", "实验"]  # no tones: status decides
        assert hits[0].score == hits[1].score


def test_kinds_rank_exact_prefix_substring_pinyin_fuzzy(tmp_path):
    with glossary.open(tmp_path / "t.db") as g:
        g.add_entry("安", "an")
        g.add_entry("反垄断法", "anti-monopoly law")
        g.add_entry("规划", "plan")
        g.add_entry("安全", "security")
        hits = g.lookup("an")
        assert [h.match for h in hits] == ["exact", "prefix", "substring", "pinyin"]
        assert [h.concept.zh for h in hits] == ["安", "反垄断法", "规划", "安全"]

        g.add_entry("保护", "protection")
        g.add_entry("某河", "Bauhu River")
        hits = g.lookup("baohu")
        assert [(h.concept.zh, h.match) for h in hits] == [("保护", "pinyin"), ("某河", "fuzzy")]
        ranks = [KIND_RANK[h.match] for h in hits]
        assert ranks == sorted(ranks)


def test_pinyin_never_outranks_english_exact_or_prefix(tmp_path):
    with glossary.open(tmp_path / "t.db") as g:
        g.add_entry("妈妈", "mother")
        g.add_entry("马", "horse")
        g.add_entry("文学硕士", "Master of Arts", abbr="MA")
        g.add_entry("宏", "macro")
        hits = g.lookup("ma")
        assert [(h.concept.en, h.match) for h in hits[:2]] == [
            ("Master of Arts", "exact"), ("macro", "prefix")]
        assert [h.match for h in hits[2:]] == ["pinyin", "pinyin"]
        assert [h.concept.en for h in g.lookup("ma", limit=2)] == ["Master of Arts", "macro"]


def test_status_order_within_a_kind_and_forbidden_is_shown(tmp_path):
    with glossary.open(tmp_path / "t.db") as g:
        g.add_entry("民法典", "Civil Law", status="forbidden")
        g.add_entry("民法典", "civil codex", status="deprecated")
        g.add_entry("民法典", "Civil Code")
        g.add_entry("民法典", "Code civil", status="admitted")
        hits = g.lookup("民法典")
        assert [(h.concept.en, h.term.status) for h in hits] == [
            ("Civil Code", "preferred"), ("Code civil", "admitted"),
            ("civil codex", "deprecated"), ("Civil Law", "forbidden")]
        assert hits[-1].to_dict()["status"] == "forbidden"
        fuzzy = g.lookup("civl law")
        assert [(h.concept.en, h.match, h.term.status) for h in fuzzy] == [
            ("Civil Law", "fuzzy", "forbidden")]


def test_add_edit_delete_undo_show_at_once(ipr):
    assert ipr.lookup("著作权法") == []
    entry = ipr.add_entry("著作权法", "Copyright Law")
    for query in ("著作权法", "著作權", "copyright", "zhuzuoquanfa", "copyrigth law", "权法"):
        assert [h.concept.id for h in ipr.lookup(query)][:1] == [entry.id], query
    ipr.edit_entry(entry.id, en="Copyright Act")
    assert ipr.lookup("copyright law") == []
    assert ipr.lookup("copyright act")[0].concept.id == entry.id
    ipr.delete_entry(entry.id)
    assert ipr.lookup("copyright act") == []
    assert ipr.lookup("zhuzuoquanfa") == []
    ipr.undo()
    assert ipr.lookup("copyright act")[0].concept.id == entry.id
    cid = ipr.lookup("ipr")[0].concept.id
    ipr.delete_entry(cid)  # a base term deleted by the cascade from its entry
    assert all(h.concept.id != cid for h in ipr.lookup("知识产权"))
    assert [h.concept.zh for h in ipr.lookup("zhishi")] == ["知识"]


def test_a_write_by_another_connection_is_seen(ipr):
    assert ipr.lookup("民法典") == []
    with glossary.open(ipr.path) as other:
        other.add_entry("民法典", "Civil Code")
    assert ipr.lookup("minfadian")[0].concept.en == "Civil Code"


def test_many_changes_reload_the_snapshot(ipr, monkeypatch):
    monkeypatch.setattr(termindex, "REBUILD_AT", 3)
    ipr.lookup("x")
    for n in range(5):
        ipr.add_entry(f"术语{n}", f"term number {n}")
    assert len(ipr.lookup("term number")) == 5
    assert ipr.lookup("术语3")[0].concept.en == "term number 3"


def test_tm_writes_do_not_disturb_lookup(ipr):
    ipr.lookup("ipr")
    ipr.add_tm_unit("知识产权保护", "IPR protection", "zh-CN", "en")
    assert ipr.lookup("ipr")[0].match == "exact"


# the index never loses what the row-by-row reference finds --------------------------


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    path = tmp_path_factory.mktemp("starter") / "t.db"
    with glossary.open(path) as g:
        g.import_path(REPO / "imports" / "ipr-glossary.csv")
        g.add_entry("著作權", "copyright (traditional)")  # a change after the snapshot
        g.lookup("warm")
        g.add_entry("试验", "trial", status="deprecated")
        yield g


def _reference(g, query: str) -> dict[int, tuple]:
    q = parse(query)
    rows = [termindex.TermRow._make(r) for r in g.store.conn.execute(termindex._SELECT)]
    best: dict[int, tuple] = {}
    for cand in filter(None, (classify(r, q) for r in rows)):
        if cand.concept_id not in best or cand < best[cand.concept_id]:
            best[cand.concept_id] = cand
    return {cid: (c.kind, c.score) for cid, c in best.items()}


_keys = st.sampled_from([
    "知识产权", "知识", "产权", "商业秘密", "法", "ip", "ipr", "law", "patent law", "patnet",
    "intelectual", "copyrigth law", "zhishi", "zhishichanquan", "shi4yan4", "zhuan", "minfa",
    "fa", "kejijishu", "key core", "trade", "core key technolgies", "国家", "著作權", "an",
    "trade mark", "anti monopoly", "intellectual property rihgts", "?", "-", "'s",
])


@settings(max_examples=60, deadline=None)
@given(query=_keys, cut=st.integers(0, 3))
def test_index_agrees_with_row_by_row_reference(starter, query, cut):
    query = query[: max(1, len(query) - cut)]
    hits = starter.lookup(query, limit=500)
    assert {h.concept.id: (h.match, h.score) for h in hits} == _reference(starter, query)


@settings(max_examples=150, deadline=None)
@given(query=st.text(max_size=12))
def test_any_text_is_a_valid_query(starter, query):
    hits = starter.lookup(query, limit=5)
    assert len(hits) <= 5
    assert all(0 < h.score <= 100 and h.match in KIND_RANK for h in hits)


_letters = st.text(alphabet="abcdeéz09-", min_size=1, max_size=14)


def _typos(rng, word: str) -> str:
    chars = list(word)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(chars))
        edit = rng.randrange(4)
        if edit == 0:
            chars.insert(at, rng.choice("abez9"))
        elif edit == 1 and len(chars) > 1:
            del chars[at]
        elif edit == 2 and at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        else:
            chars[at] = rng.choice("abez9")
    return "".join(chars)


@settings(max_examples=80, deadline=None)
@given(others=st.lists(_letters, max_size=40), word=_letters, last=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
def test_near_words_are_every_word_within_the_typo_threshold(others, word, last, seed):
    """The letter-count filter in front of the typo comparison drops no word that the
    comparison itself would keep (typos of the word among others; accents, digits and
    hyphens included)."""
    import random

    from rapidfuzz.distance import OSA

    from glossary.store.termrows import Snapshot, TermRow
    from glossary.terms.keyindex import SIMILAR, KeyIndex

    rng = random.Random(seed)
    vocabulary = sorted({*others, *(_typos(rng, word) for _ in range(20))})
    rows = [TermRow(i + 1, i + 1, "en", w, w, None, None, "preferred", "fullForm", None, None,
                    None, 0) for i, w in enumerate(vocabulary)]
    index = KeyIndex(Snapshot(rows))
    got = index.similar_words(word, last)
    vocab = set(index.vocab)
    if len(word) >= 3:
        lengths_fit = {w for w in vocab if -(-len(word) * 3 // 4) <= len(w) <= len(word) * 4 // 3}
        want = {w: s for w in lengths_fit
                if (s := OSA.normalized_similarity(word, w, score_cutoff=SIMILAR))}
        assert {w: s for w, s in got.items() if s != 0.9 or w in want} == want
