"""Term recognition: spans exact against the original text, longest match, word boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import glossary
from glossary.terms.recognize import Recognizer
from glossary.text.normalize import search_key
from glossary.text.textmap import KeyedText

REPO = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed-article-ipr.txt"


@pytest.fixture
def g(tmp_path: Path):
    with glossary.open(tmp_path / "t.db") as opened:
        opened.add_entry("知识产权", "intellectual property rights", abbr="IPR")
        opened.add_entry("知识产权保护", "IPR protection")
        opened.add_entry("专利法", "Patent Law")
        opened.add_entry("保护", "protection")
        opened.add_entry("政策", "policy")
        opened.add_entry("专利法", "Patent Rules", status="forbidden")
        yield opened


def found(g, text: str) -> list[tuple[str, str, str]]:
    hits = Recognizer(g.store, g.termbase).recognize(text)
    for h in hits:
        assert text[h.start:h.end] == h.term
    return [(h.term, h.matched.text, h.translation) for h in hits]


def test_chinese_longest_leftmost_without_word_boundaries(g):
    text = "要全面加强知识产权保护工作，保护知识产权。"
    assert found(g, text) == [
        ("知识产权保护", "知识产权保护", "IPR protection"),
        ("保护", "保护", "protection"),
        ("知识产权", "知识产权", "intellectual property rights"),
    ]
    hits = Recognizer(g.store, g.termbase).recognize(text)
    assert [(h.start, h.end) for h in hits] == [(5, 11), (14, 16), (16, 20)]
    assert hits[0].concept_id != hits[2].concept_id


def test_traditional_and_full_width_spans_point_into_the_original(g):
    text = "ＩＰＲ……「知識產權」　　與專利法"
    hits = Recognizer(g.store, g.termbase).recognize(text)
    assert [(h.term, h.start, h.end) for h in hits] == [
        ("ＩＰＲ", 0, 3), ("知識產權", 6, 10), ("專利法", 14, 17)]
    assert [h.translation for h in hits] == ["知识产权", "intellectual property rights",
                                             "Patent Law"]
    assert hits[0].matched.text == "IPR" and hits[1].matched.text == "知识产权"


def test_english_case_whitespace_and_longest(g):
    text = "Strengthen IPR Protection and\nIntellectual   Property\tRights."
    assert found(g, text) == [
        ("IPR Protection", "IPR protection", "知识产权保护"),
        ("Intellectual   Property\tRights", "intellectual property rights", "知识产权"),
    ]


def test_word_boundaries(g):
    assert found(g, "SIPRI and IPRO and xIPR") == []
    assert found(g, "the IPR, IPR's, (IPR)") == [("IPR", "IPR", "知识产权")] * 3
    assert found(g, "IPR保护") == [("IPR", "IPR", "知识产权"), ("保护", "保护", "protection")]
    assert found(g, "protections? unprotection") == [("protections", "protection", "保护")]


def test_plurals(g):
    g.add_entry("税", "tax")
    assert found(g, "two Patent Laws, many IPRs, policies, taxes") == [
        ("Patent Laws", "Patent Law", "专利法"),
        ("IPRs", "IPR", "知识产权"),
        ("policies", "policy", "政策"),
        ("taxes", "tax", "税"),
    ]
    assert found(g, "Patent Lawsuit, taxing") == []


def test_forbidden_term_is_found_with_its_status(g):
    hits = Recognizer(g.store, g.termbase).recognize("under the Patent Rules")
    assert [(h.term, h.status, h.translation) for h in hits] == [
        ("Patent Rules", "forbidden", "专利法")]


def test_changes_are_seen_at_once(g):
    rec = Recognizer(g.store, g.termbase)
    assert rec.recognize("Trademark Law") == []
    entry = g.add_entry("商标法", "Trademark Law")
    assert [h.translation for h in rec.recognize("the Trademark Law")] == ["商标法"]
    g.edit_entry(entry.id, zh="商标法典")
    assert [h.translation for h in rec.recognize("the Trademark Law")] == ["商标法典"]
    g.delete_entry(entry.id)
    assert rec.recognize("Trademark Law") == []
    cid = rec.recognize("IPR")[0].concept_id
    g.edit_entry(cid, en="intellectual property right")  # a base entry, edited
    assert [h.translation for h in rec.recognize("知识产权")] == ["intellectual property right"]


def test_keyed_text_maps_every_span_back():
    text = "Straße …\u3000ＡＢ  知識\n\tﬁn"
    keyed = KeyedText(text)
    assert keyed.key == "strasse ... ab 知识 fin"
    pairs = (("strasse", "Straße"), ("...", "…"), ("ab", "ＡＢ"), ("知识", "知識"),
             ("fin", "ﬁn"), ("ss", "ß"), ("e ... a", "e …\u3000Ａ"))
    for word, original in pairs:
        start = keyed.key.index(word)
        s, e = keyed.span(start, start + len(word))
        assert text[s:e] == original, word


def test_empty_glossary_and_empty_text(tmp_path):
    with glossary.open(tmp_path / "e.db") as empty:
        assert Recognizer(empty.store, empty.termbase).recognize("知识产权 IPR") == []
        assert Recognizer(empty.store, empty.termbase).recognize("") == []


@pytest.mark.skipif(not SEED.exists(), reason="shared data not available")
def test_seed_article_with_the_starter_glossary(tmp_path):
    with glossary.open(tmp_path / "s.db") as s:
        s.import_path(REPO / "imports" / "ipr-glossary.csv")
        text = SEED.read_text(encoding="utf-8")
        hits = Recognizer(s.store, s.termbase).recognize(text)
    terms = {h.term for h in hits}
    for expected in ("IPR", "intellectual property rights", "Patent Law", "Trademark Law",
                     "Copyright Law", "Civil Code", "national security", "key core technologies",
                     "Antimonopoly Law", "Political Bureau of the CPC Central Committee",
                     "14th Five-Year Plan", "IPR infringement", "State Council"):
        assert expected in terms, expected
    translations = {h.term: h.translation for h in hits}
    assert translations["Patent Law"] == "专利法"
    assert translations["key core technologies"] == "关键核心技术"
    assert all(text[h.start:h.end] == h.term for h in hits)
    spans = [(h.start, h.end) for h in hits]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


_PIECES = st.sampled_from([
    "知识产权", "知識產權", "保护", "專利法", "IPR", "ＩＰＲ", "ipr", "s", "es", "Patent", " Law",
    "policy", "policies", " ", "  ", "\n", "\u3000", "…", "ß", "ﬁ", ",", "，", "S", "x", "-", "法",
])


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(_PIECES, max_size=12))
def test_every_span_keys_to_its_term(g, pieces):
    text = "".join(pieces)
    hits = Recognizer(g.store, g.termbase).recognize(text)
    reached = 0
    for h in hits:
        assert h.start >= reached and text[h.start:h.end] == h.term
        reached = h.end
        key, term_key = search_key(h.term), search_key(h.matched.text)
        assert key in (term_key, term_key + "s", term_key + "es", term_key[:-1] + "ies"), h
        assert g.lookup(h.term) or g.lookup(h.term[:-1]) or g.lookup(h.term[:-2])
