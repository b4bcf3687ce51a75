"""TBX 2008 (`martif`): written for OmegaT and translate-toolkit, read back whole."""

from __future__ import annotations

import pytest
from formats_support import DATA, SCHEMAS, exporter, needs_shared
from lxml import etree

import glossary


@pytest.fixture
def filled(g):
    g.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law",
                pos="noun", definition="Rights over creations of the mind.",
                note="Use the full form in statutes.")
    concept = g.add_entry("专利法", "Patent Law", domain="law")
    g.edit_entry(concept.id, note="first line\nsecond line")
    g.add_entry("专利规则", "Patent Rules", status="forbidden")
    return g


def xsd_problems(path) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "tbx2008.xsd")))
    return [] if schema.validate(etree.parse(str(path))) else [str(e) for e in schema.error_log]


def test_export_is_valid_tbx_2008(filled, tmp_path):
    out = tmp_path / "terms.tbx"
    report = exporter(filled).export(out, format="tbx2")
    assert report.written == 3 and report.format == "tbx2"
    assert xsd_problems(out) == []
    root = etree.parse(str(out)).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entry = root.find("text/body/termEntry")
    assert entry.findtext("descrip[@type='subjectField']") == "law"
    assert entry.findtext("descrip[@type='definition']") == "Rights over creations of the mind."
    assert [ls.get("{http://www.w3.org/XML/1998/namespace}lang")
            for ls in entry.findall("langSet")] == ["en", "zh-Hans"]  # source first
    tig = entry.find("langSet/tig")
    assert tig.findtext("term") == "intellectual property rights"
    assert tig.findtext("termNote[@type='administrativeStatus']") == "preferredTerm-admn-sts"
    assert tig.findtext("termNote[@type='partOfSpeech']") == "noun"


def test_empty_termbase_gives_a_file_that_reads_as_empty(g, tmp_path):
    out = tmp_path / "empty.tbx"  # the XSD wants one termEntry at least: none is made up
    assert exporter(g).export(out, format="tbx2").written == 0
    assert etree.parse(str(out)).getroot().find("text/body") is not None
    with glossary.open(tmp_path / "b.db") as b:
        assert b.import_path(out).added == 0


def test_reimport_brings_every_field_back(filled, tmp_path):
    out = tmp_path / "terms.tbx"
    exporter(filled).export(out, format="tbx2", source_lang="zh-CN")
    with glossary.open(tmp_path / "b.db") as b:
        report = b.import_path(out)
        assert (report.format, report.added, report.errors) == ("tbx", 3, [])
        before = {c.zh: c for c in filled.entries()}
        for after in b.entries():
            old = before[after.zh]
            assert (after.en, after.domain, after.definition, after.note) == (
                old.en, old.domain, old.definition, old.note)
            assert sorted((t.lang, t.text, t.status, t.type, t.pos) for t in after.terms) == \
                sorted((t.lang, t.text, t.status, t.type, t.pos) for t in old.terms)


def test_validator_catches_a_v3_file(filled, tmp_path):
    out = tmp_path / "v3.tbx"
    exporter(filled).export(out, format="tbx")
    assert xsd_problems(out) != []


def test_translate_toolkit_reads_it(filled, tmp_path):
    tbx = pytest.importorskip("translate.storage.tbx", reason="translate-toolkit not installed")
    out = tmp_path / "terms.tbx"
    exporter(filled).export(out, format="tbx2")
    store = tbx.tbxfile.parsefile(str(out))
    pairs = {(u.source, u.target) for u in store.units}
    assert ("intellectual property rights", "知识产权") in pairs
    assert ("Patent Law", "专利法") in pairs


@needs_shared
def test_the_real_tbx_basic_example_survives_a_tbx2_round_trip(g, tmp_path):
    g.import_path(DATA / "tbx-basic-astronomy-example.tbx")
    out = tmp_path / "astronomy.tbx"
    exporter(g).export(out, format="tbx2")
    assert xsd_problems(out) == []
    with glossary.open(tmp_path / "b.db") as b:
        b.import_path(out)
        def fields(db):
            return sorted(repr((c.domain, c.definition, c.note,
                                sorted(repr((t.lang, t.text, t.status, t.type, t.pos, t.note))
                                       for t in c.terms))) for c in db.entries())
        assert fields(b) == fields(g) and len(fields(g)) > 0
