"""The core behaviour, run on SQLite and on PostgreSQL alike (the `db_url` fixture):
entries and undo, lookup by every form, TM search equal to the exhaustive scan (one- and
two-character Chinese queries too), concordance, imports of TMX, PO and TBX, exports.
The PostgreSQL cases need a server (GLOSSARY_TEST_PG; see tests/pg_support.py)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree
from pg_support import db_url, pg_url  # noqa: F401 - fixtures
from test_tm_search import add, check_concordance, check_same, queries, random_tm

import glossary
from glossary.tm.concordance import Concordance
from glossary.tm.index import TMIndex
from glossary.tm.search import TMSearch, scan

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
<tu tuid="a1"><prop type="x-client">ACME</prop><note>checked</note>
 <tuv xml:lang="zh-CN"><seg>知识产权保护很重要</seg></tuv>
 <tuv xml:lang="en"><seg>IPR protection matters</seg></tuv></tu>
<tu>
<tuv xml:lang="zh-CN"><seg>专利<bpt i="1">&lt;b&gt;</bpt>申请<ept i="1">&lt;/b&gt;</ept></seg></tuv>
 <tuv xml:lang="en"><seg>patent application</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>商标</seg></tuv><tuv xml:lang="en"><seg>trademark</seg></tuv></tu>
</body></tmx>
"""

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#. a comment
#: app/views.py:10
#, python-format
msgctxt "menu"
msgid "Save %(name)s"
msgstr "保存 %(name)s"

msgid "One file"
msgid_plural "%d files"
msgstr[0] "%d 个文件"
"""


@pytest.fixture
def g(db_url):  # noqa: F811 - the fixture of that name
    with glossary.open(db_url) as opened:
        yield opened


@pytest.fixture
def ipr(g):
    g.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law")
    g.add_entry("专利法", "Patent Law", domain="law")
    g.add_entry("商标法", "Trademark Law", domain="law")
    return g


@pytest.mark.parametrize(("query", "kind"), [
    ("知识产权", "exact"), ("知識產權", "exact"), ("ＩＰＲ", "exact"),
    ("intellectual prop", "prefix"), ("识产", "substring"), ("zhishichanquan", "pinyin"),
    ("zhī shí chǎn quán", "pinyin"), ("intelectual propery", "fuzzy"), ("知识产全", "fuzzy"),
])
def test_every_form_of_the_query_finds_the_entry(ipr, query, kind):
    top = next(h for h in ipr.lookup(query) if h.concept.zh == "知识产权")
    assert top.match == kind and top.concept.en == "intellectual property rights"


def test_add_edit_delete_undo(ipr):
    entry = ipr.add_entry("著作权法", "Copyright Law")
    assert ipr.lookup("zhuzuoquanfa")[0].concept.id == entry.id
    ipr.edit_entry(entry.id, en="Copyright Act")
    assert ipr.lookup("copyright law") == []
    assert ipr.lookup("copyright act")[0].concept.id == entry.id
    ipr.delete_entry(entry.id)
    assert ipr.lookup("copyright act") == []
    ipr.undo()  # the entry comes back under its old id
    assert ipr.get_entry(entry.id).en == "Copyright Act"
    again = ipr.add_entry("民法典", "Civil Code")
    assert again.id > entry.id
    assert [h.concept.en for h in ipr.lookup("patnet law")] == ["Patent Law"]
    assert ipr.stats()["concepts"] == 5


def test_a_write_by_another_connection_is_seen(ipr, db_url):  # noqa: F811
    assert ipr.lookup("民法典") == []
    with glossary.open(db_url) as other:
        other.add_entry("民法典", "Civil Code")
    assert ipr.lookup("minfadian")[0].concept.en == "Civil Code"


def test_tm_search_and_short_chinese_queries(g):
    g.add_tm_unit("知识产权保护很重要", "IPR protection matters", "zh-CN", "en")
    g.add_tm_unit("专利申请", "patent application", "zh-CN", "en")
    g.add_tm_unit("商标", "trademark", "zh-CN", "en")
    TMIndex(g.store).update()
    g.add_tm_unit("知识产权保护很重要吗", "Does IPR protection matter", "zh-CN", "en")
    top = TMSearch(g.store).search("知识产权保护很重要", 50, 10)
    assert [(m.score, m.source) for m in top][:1] == [(100, "知识产权保护很重要")]
    assert len(top) == 2
    for needle, want in (("商", {"商标"}), ("专利", {"专利申请"}),
                         ("权", {"知识产权保护很重要", "知识产权保护很重要吗"})):
        hits = Concordance(g.store).search(needle, limit=10)
        assert {h.source for h in hits} == want, needle
        assert [(m.id, m.score) for m in TMSearch(g.store).search(needle, 0, 10)] == [
            (m.id, m.score) for m in scan(g.store, needle, 0, 10)], needle


@pytest.mark.parametrize("seed", [0, 1])
def test_index_equals_exhaustive_scan(g, seed):
    rng = random.Random(seed)
    texts = random_tm(g, rng, 300)
    check_same(g, queries(rng, texts, 15) + ["知", "识产", "ab"])
    check_concordance(g, rng, texts)


def test_index_equals_scan_on_arbitrary_short_text(g):
    rng = random.Random(7)
    alphabet = "知识产权ab 的"
    stored = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
              for _ in range(40)]
    add(g, *[(s, "t", "zh-CN", "en") for s in stored if s.strip()])
    TMIndex(g.store).update()
    for _ in range(40):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4)))
        for min_score in (0, 50, 90):
            got = [(m.id, m.score) for m in TMSearch(g.store).search(query, min_score, 5)]
            assert got == [(m.id, m.score) for m in scan(g.store, query, min_score, 5)]


def test_tmx_import_export_round_trip(g, tmp_path):
    src = tmp_path / "in.tmx"
    src.write_text(TMX, "utf-8")
    report = g.import_path(src)
    assert (report.kind, report.added) == ("tm", 3)
    assert g.import_path(src).already_imported
    out = tmp_path / "out.tmx"
    g.export(out)
    tree = etree.parse(str(out))
    segs = [s.xpath("string()") for s in tree.iter("seg")]
    assert "知识产权保护很重要" in segs and "patent application" in segs
    assert tree.find(".//prop").text == "ACME" and tree.find(".//bpt") is not None
    with glossary.open(tmp_path / "back.db") as back:
        assert back.import_path(out).added == 3


def test_po_import_keeps_context_flags_and_plurals(g, tmp_path):
    src = tmp_path / "zh_CN.po"
    src.write_text(PO, "utf-8")
    assert g.import_path(src).added >= 2
    out = tmp_path / "out.po"
    g.export(out)
    text = out.read_text("utf-8")
    assert 'msgctxt "menu"' in text and "#, python-format" in text
    assert 'msgid_plural "%d files"' in text


def test_tbx_import_and_lookup(g, tmp_path):
    tbx = DATA / "tbx-basic-astronomy-example.tbx"
    if not tbx.exists():
        pytest.skip(f"{tbx} is not here")
    report = g.import_path(tbx)
    assert report.kind == "terms" and report.added > 0
    out = tmp_path / "out.tbx"
    g.export(out)
    assert out.stat().st_size > 0 and g.stats()["concepts"] == report.added


def test_real_po_file_imports_and_searches(g):
    po = DATA / "django-core-zh_Hans.po"
    if not po.exists():
        pytest.skip(f"{po} is not here")
    report = g.import_path(po)
    assert (report.added, report.skipped) == (362, 1)
    hits = TMSearch(g.store).search("Enter a valid date.", 60, 5)
    assert hits and hits[0].score >= 60
    assert g.stats()["tm_units"] == report.added


def test_nulls_sort_first_as_on_sqlite(g):
    for domain in ("law", None, "art"):
        g.add_entry(f"术语{domain}", f"term {domain}", domain=domain)
    assert g.store.rows("SELECT domain FROM concepts ORDER BY domain") == [
        (None,), ("art",), ("law",)]
    assert g.store.rows("SELECT domain FROM concepts ORDER BY domain DESC, id") == [
        ("law",), ("art",), (None,)]
    with g.store.reader() as reader:
        assert reader.rows("SELECT c.domain FROM concepts c ORDER BY c.domain") == [
            (None,), ("art",), ("law",)]
