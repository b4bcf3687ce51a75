"""CC-CEDICT as a reference dictionary: marked, below the user's entries, removable."""

from __future__ import annotations

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
