"""Importing CSV/TSV glossaries and memories: mapping, merging, re-import, and errors."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from glossary import InputFileError

REPO = Path(__file__).resolve().parents[1]


def write(path: Path, text: str, encoding: str = "utf-8", bom: bytes = b"") -> Path:
    path.write_bytes(bom + text.encode(encoding))
    return path


GLOSSARY = """zh,en,abbr,domain,pos,status,definition,note
知识产权,intellectual property rights,IPR,law,noun,preferred,Rights over creations of the mind.,
知识产权,intellectual property,,law,noun,admitted,,Use for the field.
专利法,Patent Law,,law,noun,,,
专利法,Patent Rules,,law,noun,forbidden,,Official title is Patent Law.
"""


def test_glossary_rows_become_entries_and_variants_merge(g, tmp_path):
    report = g.import_path(write(tmp_path / "terms.csv", GLOSSARY))
    assert (report.kind, report.added, report.merged, report.skipped) == ("terms", 2, 2, 0)
    ipr = g.lookup("IPR")[0].concept
    assert ipr.definition == "Rights over creations of the mind."
    variant = next(t for t in ipr.terms if t.text == "intellectual property")
    assert (variant.status, variant.note) == ("admitted", "Use for the field.")
    rules = g.lookup("patent rules")[0]
    assert (rules.concept.en, rules.term.status) == ("Patent Law", "forbidden")


def test_same_file_twice_adds_nothing_and_says_so(g, tmp_path):
    path = write(tmp_path / "terms.csv", GLOSSARY)
    g.import_path(path)
    before = g.stats()
    again = g.import_path(path)
    assert again.already_imported
    assert "already imported" in again.summary()
    assert g.stats() == before


def test_a_row_already_in_the_termbase_is_skipped(g, tmp_path):
    g.import_path(write(tmp_path / "a.csv", GLOSSARY))
    report = g.import_path(write(tmp_path / "b.csv", GLOSSARY + "商标法,Trademark Law,,law,,,,\n"))
    assert (report.added, report.merged, report.skipped) == (1, 0, 4)


@pytest.mark.parametrize(
    ("header", "encoding", "bom"),
    [
        ("Chinese,English,Domain", "utf-8", codecs.BOM_UTF8),
        ("中文,英文,领域", "gb18030", b""),
        ("source (zh-CN),target (en-US),subject", "utf-16-le", codecs.BOM_UTF16_LE),
        ("term,translation,category", "utf-8", b""),
        ("translation,term,category", "utf-8", b""),  # which side is Chinese: by script
    ],
)
def test_header_spellings_and_encodings(g, tmp_path, header, encoding, bom):
    if header.startswith("translation"):
        body = f"{header}\nTrademark Law,商标法,law\n"
    else:
        body = f"{header}\n商标法,Trademark Law,law\n"
    g.import_path(write(tmp_path / "t.csv", body, encoding, bom))
    hit = g.lookup("商标法")[0].concept
    assert (hit.zh, hit.en, hit.domain) == ("商标法", "Trademark Law", "law")


def test_tsv_with_omegat_comment_lines(g, tmp_path):
    text = "# OmegaT glossary\nzh\ten\tnote\n民法典\tCivil Code\tadopted 2020\n"
    report = g.import_path(write(tmp_path / "glossary.txt", text))
    assert report.format == "tsv"
    assert g.lookup("civil code")[0].concept.note == "adopted 2020"


def test_memory_file_is_recognised_by_its_language_columns(g, tmp_path):
    text = (
        "source_lang,source,target_lang,target,context\n"
        "zh_CN,保护知识产权就是保护创新。,en_US,Protecting IPR is protecting innovation.,p3\n"
    )
    report = g.import_path(write(tmp_path / "tm.csv", text))
    assert (report.kind, report.added) == ("tm", 1)
    unit = g.store.query("SELECT source_lang, target_lang, context, origin FROM tm_units")[0]
    assert unit == {"source_lang": "zh-CN", "target_lang": "en-US", "context": "p3",
                    "origin": "tm.csv"}


@pytest.mark.parametrize(
    ("text", "place", "problem"),
    [
        (GLOSSARY + "商标法,,,law,,,,\n", "line 6", "English term is empty"),
        (GLOSSARY + "商标法,Trademark Law,,law,,good,,\n", "line 6", "status 'good'"),
        ("a,b,c\nx,y,z\n", "line 1", "cannot tell which columns"),
        ('zh,en\n"知识产权,IPR\n', "line 2", "never closed"),
    ],
)
def test_bad_file_names_file_and_line_and_changes_nothing(g, tmp_path, text, place, problem):
    g.add_entry("创新", "innovation")
    before = g.stats()
    path = write(tmp_path / "bad.csv", text)
    with pytest.raises(InputFileError) as err:
        g.import_path(path)
    message = str(err.value)
    assert str(path) in message and problem in message
    if place:
        assert place in message
    after = g.stats()
    assert (after["concepts"], after["terms"], after["tm_units"]) == (
        before["concepts"], before["terms"], before["tm_units"])
    # the failed file can be imported once fixed, and is not taken as done
    path.write_text(GLOSSARY)
    assert not g.import_path(path).already_imported


def test_inbox_imports_each_new_file_once(g, tmp_path):
    inbox = tmp_path / "imports"
    inbox.mkdir()
    write(inbox / "a.csv", GLOSSARY)
    write(inbox / "notes.md", "not data")
    first = g.import_inbox(inbox)
    assert [Path(r.path).name for r in first] == ["a.csv"]
    write(inbox / "b.tsv", "zh\ten\n商标法\tTrademark Law\n")
    second = g.import_inbox(inbox)
    assert [(Path(r.path).name, r.already_imported) for r in second] == [
        ("a.csv", True), ("b.tsv", False)]


def test_starter_data_imports_cleanly(g):
    reports = g.import_inbox(REPO / "imports")
    kinds = {r.kind: r for r in reports}
    assert kinds["terms"].added >= 40 and kinds["terms"].rejected == 0
    assert kinds["tm"].added >= 10
    for query, en in [("知识产权", "intellectual property rights"), ("民法典", "Civil Code"),
                      ("专利法", "Patent Law"), ("反垄断法", "Anti-monopoly Law"),
                      ("十四五", "14th Five-Year Plan")]:
        assert g.lookup(query)[0].concept.en.lower().startswith(en.lower()), query
    statuses = {t.status for c in g.entries(500) for t in c.terms}
    assert {"deprecated", "forbidden"} <= statuses


@pytest.mark.parametrize(("text", "encoding"), [
    ("zh,en\n知識產權,intellectual property rights\n著作權,copyright\n", "big5"),
    ("zh,en\n知识产权,intellectual property rights\n著作权,copyright\n", "gb18030"),
    ("中文,英文\n臺灣,Taiwan\n", "big5"),
])
def test_big5_and_gb18030_are_told_apart(g, tmp_path, text, encoding):
    g.import_path(write(tmp_path / "t.csv", text, encoding))
    first = text.splitlines()[1].split(",")
    assert g.lookup(first[1])[0].concept.zh == first[0]
