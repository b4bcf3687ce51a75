"""CC-CEDICT as a reference dictionary: marked, below the user's entries, removable."""

from __future__ import annotations

import gzip

import pytest
from formats_support import exporter, importer

from glossary import InputFileError

CEDICT = """# CC-CEDICT
# Community maintained free Chinese-English dictionary.
#! version=1
傳統 传统 [chuan2 tong3] /tradition/traditional/convention/CL:個|个[ge4]/
知識產權 知识产权 [zhi1 shi5 chan3 quan2] /intellectual property rights/
綠 绿 [lu:4] /green/
中 中 [zhong1] /China/Chinese/surname Zhong/
"""


def test_entries_are_marked_and_keyed_by_their_reading(g, write_file):
    report = g.import_path(write_file("dictionary.txt", CEDICT))
    assert (report.format, report.kind, report.added) == ("cedict", "terms", 4)
    concept = g.lookup("傳統")[0].concept
    assert concept.source == "cedict"
    assert concept.definition == "tradition; traditional; convention; CL:個|个[ge4]"
    assert {(t.lang, t.text) for t in concept.terms} == {
        ("zh-Hant", "傳統"), ("zh-Hans", "传统"), ("en", "tradition"), ("en", "traditional"),
        ("en", "convention")}
    assert {t.status for t in concept.terms} == {"admitted"}
    rows = g.store.query("SELECT text, pinyin, pinyin_tones FROM terms WHERE text = '绿'")
    assert rows == [{"text": "绿", "pinyin": "lv", "pinyin_tones": "lv4"}]
    assert g.lookup("chuantong")[0].concept.id == concept.id


def test_user_entries_never_merge_into_the_dictionary(ipr, write_file):
    ipr.import_path(write_file("cedict_ts.u8", CEDICT))
    sources = sorted(c.source for c in ipr.entries()
                     if "知识产权" in {t.text for t in c.terms})
    assert sources == ["cedict", "user"]
    report = ipr.import_path(write_file("mine.csv", "zh,en\n知识产权,IP\n"))
    assert report.merged == 1
    user = next(c for c in ipr.entries() if c.zh == "知识产权" and c.source == "user")
    assert "IP" in {t.text for t in user.terms}


def test_reimport_of_a_new_version_adds_only_new_lines_and_removal_is_whole(g, write_file):
    g.import_path(write_file("cedict_ts.u8", CEDICT))
    report = g.import_path(write_file("v2.u8", CEDICT + "好 好 [hao3] /good/\n"))
    assert (report.added, report.skipped) == (1, 4)
    assert importer(g).remove_source("cedict") == 5
    assert g.stats()["concepts"] == 0 and g.stats()["terms"] == 0


def test_dictionary_stays_out_of_exports_unless_asked(g, write_file, tmp_path):
    g.import_path(write_file("cedict_ts.u8", CEDICT))
    g.add_entry("专利", "patent")
    assert exporter(g).export(tmp_path / "out.tbx").written == 1
    assert exporter(g).export(tmp_path / "all.tbx", include_reference=True).written == 5


def test_a_bad_line_is_named(g, write_file):
    with pytest.raises(InputFileError, match=r"bad.u8, line 6: not a CC-CEDICT line"):
        g.import_path(write_file("bad.u8", CEDICT.replace("/green/", "green")))
    assert g.stats()["concepts"] == 0


LABELLED = """# CC-CEDICT
#! version=1
% % [pa1] /percent (Tw)/
3P 3P [san1 P] /(slang) threesome/
嘮嗑 唠嗑 [lao4 ke1] /(dialect) to chat/(coll.) to gossip/
㐌 㐌 [ta1] /variant of 它[ta1]/
鈀 钯 [pa2] /archaic variant of 耙[pa2]/palladium (chemistry)/
"""


def test_labelled_glosses_become_terms_without_the_label(g, write_file):
    g.import_path(write_file("labels.u8", LABELLED))
    chat = g.lookup("唠嗑")[0].concept
    assert {t.text for t in chat.terms if t.lang == "en"} == {"to chat", "to gossip"}
    assert chat.definition == "(dialect) to chat; (coll.) to gossip"  # labels kept here
    assert g.lookup("threesome")[0].concept.zh == "3P"
    assert [t.text for t in g.lookup("㐌")[0].concept.terms if t.lang == "en"] == []
    assert [t.text for t in g.lookup("钯")[0].concept.terms if t.lang == "en"] == [
        "palladium (chemistry)"]


def test_the_gzipped_file_as_distributed_is_read(g, tmp_path):
    path = tmp_path / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    path.write_bytes(gzip.compress(CEDICT.encode("utf-8")))
    report = g.import_path(path)
    assert (report.format, report.added) == ("cedict", 4)
    assert g.lookup("传统")[0].concept.en == "tradition"


def test_a_damaged_or_foreign_gzip_file_is_named(g, tmp_path):
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(gzip.compress((CEDICT * 200).encode("utf-8"))[:-400])
    with pytest.raises(InputFileError, match=r"cut.txt.gz: a damaged or cut-off gzip file"):
        g.import_path(cut)
    other = tmp_path / "tm.csv.gz"
    other.write_bytes(gzip.compress(b"zh,en\n\xe4\xb8\xad,China\n"))
    with pytest.raises(InputFileError, match=r"tm.csv.gz: a gzip-compressed file that is not"):
        g.import_path(other)
    assert g.stats()["concepts"] == 0


def test_headword_in_the_script_typed(g, write_file):
    g.import_path(write_file("cedict_ts.u8", CEDICT))
    simplified = g.lookup("知识产权")[0]
    assert (simplified.concept.zh, simplified.term.text) == ("知识产权", "知识产权")
    traditional = g.lookup("知識產權")[0]
    assert (traditional.concept.zh, traditional.term.text) == ("知識產權", "知識產權")
    assert g.lookup("intellectual property rights")[0].concept.zh == "知识产权"
    assert g.lookup("chuantong")[0].concept.zh == "传统"


def test_entries_stored_by_an_older_reader_are_not_added_twice(g, write_file):
    g.import_path(write_file("old.u8", LABELLED))
    before = g.stats()["concepts"]
    with g.store.transaction():  # as the reader that dropped labelled glosses stored them
        g.store.execute("DELETE FROM terms WHERE text IN ('threesome', 'to chat')")
    report = g.import_path(write_file("new.u8", LABELLED + "# a newer release\n"))
    assert (report.added, g.stats()["concepts"]) == (0, before)
