"""OmegaT glossaries: the headerless tab-separated files OmegaT reads and writes."""

from __future__ import annotations

import codecs

import pytest
from formats_support import IMPORTS, exporter

import glossary
from glossary.formats import registry

EN_FIRST = ("# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
            "intellectual property\t知识产权\tlaw term\n"
            "patent\t专利\n"
            "\"quoted\" term\t引号术语\tcomment with \"quotes\"\n")
ZH_FIRST = "# my glossary\n知识产权\tintellectual property\n商标\ttrademark\t注册商标\n"


def encoded(text: str, encoding: str) -> bytes:
    boms = {"utf-8-sig": b"", "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE, "utf-8": b""}
    return boms[encoding] + text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [EN_FIRST, ZH_FIRST], ids=["en-first", "zh-first"])
def test_every_encoding_and_column_order_is_read(g, tmp_path, encoding, text):
    path = tmp_path / "project_glossary.txt"
    path.write_bytes(encoded(text, encoding))
    assert registry.detect(path, path.read_bytes()[:65536]) == "omegat"
    report = g.import_path(path)
    assert report.format == "omegat" and report.errors == []
    pairs = {(c.zh, c.en) for c in g.entries()}
    assert ("知识产权", "intellectual property") in pairs
    if text is EN_FIRST:
        assert ('引号术语', '"quoted" term') in pairs  # quotes are text, as OmegaT reads them
        assert g.lookup("知识产权")[0].concept.note == "law term"
    else:
        assert g.lookup("商标")[0].concept.note == "注册商标"


def test_a_csv_glossary_with_a_header_is_still_a_table(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text("zh\ten\n知识产权\tIP\n", encoding="utf-8")
    assert registry.detect(path, path.read_bytes()) == "tsv"


def test_bad_lines_are_named(g, tmp_path):
    path = tmp_path / "g.utf8"
    path.write_text("知识产权\tintellectual property\n专利\n\tpatent\n", encoding="utf-8")
    with pytest.raises(glossary.InputFileError) as err:
        g.import_path(path, format="omegat")
    assert "line 2" in str(err.value) and "separated by a tab" in str(err.value)
    report = g.import_path(path, format="omegat", lenient=True)
    assert report.added == 1 and len(report.errors) == 2


def test_export_is_what_omegat_reads(g, tmp_path):
    g.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law",
                definition="rights over creations\tof the mind")
    concept = g.add_entry("商标", "trademark", pos="noun")
    g.edit_entry(concept.id, note="registered\nin China")
    g.add_entry("只有禁用", "banned", status="forbidden")
    out = tmp_path / "glossary.txt"
    report = exporter(g).export(out, format="omegat", source_lang="en-US")
    assert (report.written, report.left_out) == (2, 1)
    data = out.read_bytes()
    assert not data.startswith(codecs.BOM_UTF8)
    lines = data.decode("utf-8").splitlines()
    assert lines[0].startswith("#")  # OmegaT's own first line: a comment, no header row
    rows = [ln.split("\t") for ln in lines[1:]]
    assert all(2 <= len(r) <= 3 for r in rows)
    assert rows[0][:2] == ["intellectual property rights", "知识产权"]
    assert rows[1][:2] == ["IPR", "知识产权"]  # OmegaT matches the abbreviation too
    assert "law" in rows[0][2] and "rights over creations of the mind" in rows[0][2]
    assert rows[2] == ["trademark", "商标", "noun; registered in China"]

    zh_first = tmp_path / "zh.txt"
    exporter(g).export(zh_first, format="omegat", source_lang="zh_Hans")
    assert zh_first.read_text(encoding="utf-8").splitlines()[1].startswith(
        "知识产权\tintellectual property rights")


def test_round_trip_keeps_every_pair(g, tmp_path):
    g.add_entry("知识产权", "intellectual property rights", abbr="IPR")
    g.add_entry("专利", "patent")
    out = tmp_path / "glossary.txt"
    exporter(g).export(out, format="omegat")
    with glossary.open(tmp_path / "b.db") as b:
        report = b.import_path(out)
        assert report.format == "omegat" and report.errors == []
        assert {(c.zh, c.en) for c in b.entries()} == {(c.zh, c.en) for c in g.entries()}
        ipr = b.lookup("IPR")[0].concept
        assert ipr.zh == "知识产权"


def test_the_starter_glossary_through_omegat_keeps_every_acceptable_pair(g, tmp_path):
    g.import_path(IMPORTS / "ipr-glossary.csv")
    out = tmp_path / "ipr.txt"
    report = exporter(g).export(out, format="omegat", source_lang="zh-CN")
    assert report.written == g.stats()["concepts"]
    with glossary.open(tmp_path / "b.db") as b:
        assert b.import_path(out, format="omegat").errors == []
        got = {(t.text, c.en) for c in b.entries() for t in c.terms if t.is_chinese}
        for concept in g.entries():
            good = [t for t in concept.terms if t.is_chinese]
            assert all((t.text, concept.en) in got for t in good), concept.zh
