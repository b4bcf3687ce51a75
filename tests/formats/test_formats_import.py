"""What every import shares: format detection, forcing a format, the inbox, progress,
lenient mode, and one transaction per file."""

from __future__ import annotations

import pytest
from formats_support import importer, units_of
from hypothesis import given
from hypothesis import strategies as st

from glossary import GlossaryError, InputFileError
from glossary.formats.keys import fast_key, fast_keys
from glossary.text.normalize import search_key

TMX = ('<?xml version="1.0"?><tmx version="1.4"><header srclang="en"/><body>'
       '<tu><tuv xml:lang="en"><seg>patent</seg></tuv><tuv xml:lang="zh"><seg>专利</seg></tuv>'
       "</tu></body></tmx>")
TSV = "zh\ten\n专利\tpatent\n"


def test_an_xml_file_of_another_kind_is_named(g, tmp_path):
    path = tmp_path / "page.xml"
    path.write_text("<?xml version='1.0'?><!-- x --><html><body/></html>")
    with pytest.raises(InputFileError, match=r"page.xml, line 1: .*<html>, not TMX, TBX or XLIFF"):
        g.import_path(path)


def test_format_can_be_forced_and_must_exist(g, tmp_path):
    path = tmp_path / "data.bin"
    path.write_text(TSV)
    assert importer(g).import_path(path, format="tsv").added == 1
    with pytest.raises(InputFileError, match="unknown format 'docx'"):
        importer(g).import_path(tmp_path / "data.bin", format="docx")


def test_inbox_takes_every_format(g, tmp_path):
    (tmp_path / "a.tmx").write_text(TMX)
    (tmp_path / "b.tsv").write_text(TSV.replace("专利", "商标").replace("patent", "trademark"))
    (tmp_path / "notes.md").write_text("not data")
    reports = g.import_inbox(tmp_path)
    assert [(r.format, r.added) for r in reports] == [("tmx", 1), ("tsv", 1)]


def test_a_failed_import_leaves_no_trace_and_can_be_retried(g, tmp_path):
    path = tmp_path / "a.tmx"
    path.write_text(TMX.replace("<seg>专利</seg>", "<seg>专利"))
    with pytest.raises(InputFileError) as failed:
        g.import_path(path)
    assert "a.tmx" in str(failed.value)
    assert g.store.query("SELECT * FROM imports") == []  # the database is as it was
    path.write_text(TMX)
    assert g.import_path(path).added == 1


def test_lenient_csv_keeps_good_rows_and_records_the_bad(g, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("zh,en,status\n专利,patent,\n商标,,\n版权,copyright,good\n"
                    "著作权,copyright law,\n")
    report = importer(g).import_path(path, lenient=True)
    assert (report.added, report.rejected) == (2, 2)
    assert report.errors[0].startswith("line 3: ") and "status 'good'" in report.errors[1]
    assert "2 rejected" in report.summary()
    stored = g.store.query("SELECT errors, rejected FROM imports WHERE ok = 1")[0]
    assert stored["rejected"] == 2 and "line 3" in stored["errors"]


def test_progress_is_reported_to_the_end(g, tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text(TSV)
    calls = []
    importer(g).import_path(path, progress=lambda *args: calls.append(args))
    size = path.stat().st_size
    assert calls[-1] == (1, size, size)


def test_cancel_as_a_callable_rolls_back(g, tmp_path):
    body = "".join(f"专利{i}\tpatent {i}\n" for i in range(4500))
    path = tmp_path / "big.tsv"
    path.write_text("zh\ten\n" + body)
    with pytest.raises(GlossaryError, match="cancelled, nothing was changed"):
        importer(g).import_path(path, cancel=lambda: True)
    assert g.stats()["concepts"] == 0 and g.store.query("SELECT * FROM imports") == []


def test_units_and_summary_for_a_memory_import(g, tmp_path):
    path = tmp_path / "a.tmx"
    path.write_text(TMX)
    report = g.import_path(path)
    assert report.summary().endswith("1 TM units added, 0 merged, 0 skipped, 0 rejected")
    assert units_of(g)[0]["origin"] == "a.tmx"


CJKISH = st.characters(codec="utf-8") | st.sampled_from(
    "知識产权，。、：；！？（）《》「」　ＡＢｃｄ１２３＠＃％＆ｶﾞ㈱①ﬁ豈\u3000\u302a\u0301e\u3099")


@given(st.text(max_size=40) | st.text(st.characters(max_codepoint=127), max_size=40)
       | st.text(CJKISH, max_size=40))
def test_the_bulk_key_shortcut_is_the_search_key(text):
    assert fast_key(text) == search_key(text)


SAMPLES = ["知識產權，保護", "ＩＰＲ　保护", "Patent\nLaw", "臺灣\n", "  ", ""]


@given(st.lists(st.text(max_size=30) | st.text(CJKISH, max_size=30) | st.sampled_from(SAMPLES),
                max_size=12))
def test_keys_made_in_a_batch_are_the_search_keys(texts):
    """A batch joins its Chinese texts for OpenCC: no key may take from its neighbours."""
    assert fast_keys(texts) == [search_key(t) for t in texts]


def test_a_memory_import_says_when_it_has_stored_the_units_and_indexes_them(g, tmp_path):
    path = tmp_path / "a.tmx"
    path.write_text(TMX)
    seen: list[int] = []
    assert g.import_path(path, indexing=seen.append).added == 1
    assert seen == [1]
    assert g.import_path(path, indexing=seen.append).already_imported and seen == [1]
    (tmp_path / "b.tsv").write_text(TSV)
    g.import_path(tmp_path / "b.tsv", indexing=seen.append)  # entries: no TM index to update
    assert seen == [1]
