"""TBX v3 and v2: concepts with all their terms and data categories; valid export; round trip."""

from __future__ import annotations

import pytest
from formats_support import (
    clean_text,
    dates,
    entries_of,
    exporter,
    maybe,
    needs_shared,
    round_trip,
    tbx_rng_problems,
    tbx_schematron_problems,
    term,
    words,
)
from hypothesis import given
from hypothesis import strategies as st

import glossary
from glossary import InputFileError
from glossary.models import STATUSES, TERM_TYPES

V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>client</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <descrip type="subjectField">law</descrip>
      <descripGrp><descrip type="definition">Rights over creations
          of the mind.</descrip><admin type="source">WIPO</admin></descripGrp>
      <note>checked 2024</note>
      <langSec xml:lang="zh-CN">
        <termSec><term>知识产权</term>
          <termNote type="partOfSpeech">noun</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
      </langSec>
      <langSec xml:lang="en">
        <termSec><term>intellectual property rights</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <descrip type="context">Protecting IPR is protecting innovation.</descrip></termSec>
        <termSec><term>IPR</term><termNote type="termType">acronym</termNote>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>intellectual rights</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          <note>too vague</note></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

# translate-toolkit / Weblate shape: martif, tig, a DOCTYPE naming a DTD never fetched
V2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" "TBXcdv04.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>Translate Toolkit</p></sourceDesc></fileDesc>
  </martifHeader>
  <text><body>
    <termEntry id="patent">
      <descrip type="subjectField">law</descrip>
      <langSet xml:lang="en"><tig><term>patent</term>
        <termNote type="partOfSpeech">noun</termNote></tig></langSet>
      <langSet xml:lang="zh_CN"><tig><term>专利</term>
        <termNote type="usageStatus">preferred</termNote></tig>
        <ntig><termGrp><term>专利权</term>
          <termNote type="usageStatus">notRecommended</termNote></termGrp></ntig></langSet>
      <note from="translator">a note</note>
    </termEntry>
  </body></text>
</martif>
"""


def test_v3_concept_with_all_its_categories(g, write_file):
    report = g.import_path(write_file("terms.tbx", V3))
    assert (report.format, report.kind, report.added) == ("tbx", "terms", 1)
    concept = g.entries()[0]
    assert (concept.domain, concept.note) == ("law", "checked 2024")
    assert concept.definition == "Rights over creations of the mind."
    by_text = {t.text: t for t in concept.terms}
    assert by_text["知识产权"].lang == "zh-CN" and by_text["知识产权"].pos == "noun"
    assert (by_text["IPR"].type, by_text["IPR"].status) == ("acronym", "admitted")
    assert by_text["intellectual rights"].note == "too vague"
    assert by_text["intellectual property rights"].context.startswith("Protecting IPR")
    assert g.lookup("IPR")[0].concept.zh == "知识产权"


def test_v2_martif_as_translate_toolkit_writes_it(g, write_file):
    report = g.import_path(write_file("weblate.xml", V2))
    assert (report.format, report.added) == ("tbx", 1)
    concept = g.entries()[0]
    statuses = {t.text: (t.lang, t.status) for t in concept.terms}
    assert statuses == {"patent": ("en", "preferred"), "专利": ("zh-CN", "preferred"),
                        "专利权": ("zh-CN", "deprecated")}
    assert (concept.domain, concept.note) == ("law", "a note")


def test_dct_style_categories_as_element_names(g, write_file):
    text = V3.replace('style="dca"', 'style="dct"').replace(
        'xmlns="urn:iso:std:iso:30042:ed-2"',
        'xmlns="urn:iso:std:iso:30042:ed-2" xmlns:basic="http://www.tbxinfo.net/ns/basic"'
    ).replace('<termNote type="termType">acronym</termNote>',
              "<basic:termType>acronym</basic:termType>")
    g.import_path(write_file("terms.tbx", text))
    assert {t.text: t.type for t in g.entries()[0].terms}["IPR"] == "acronym"


def test_a_term_already_in_the_termbase_merges_into_its_concept(ipr, write_file):
    report = ipr.import_path(write_file("terms.tbx", V3))
    assert (report.added, report.merged) == (0, 1)
    concept = ipr.entries()[0]
    assert "intellectual rights" in {t.text for t in concept.terms}
    assert concept.definition == "Rights over creations of the mind."  # a blank filled


def test_two_concepts_of_one_file_stay_two(g, write_file):
    body = V3.split("<body>")[1].split("</body>")[0]
    text = V3.replace(body, body + body.replace('id="c1"', 'id="c2"'))
    assert g.import_path(write_file("terms.tbx", text)).added == 2


def test_a_bad_status_names_the_concept(g, write_file):
    text = V3.replace("deprecatedTerm-admn-sts", "maybe")
    with pytest.raises(InputFileError, match=r"concept 1 \(id c1, line 5\): status 'maybe'"):
        g.import_path(write_file("terms.tbx", text))


@needs_shared
def test_export_is_valid_against_rng_and_basic_rules(ipr, tmp_path):
    ipr.add_entry("专利法", "Patent Law", domain="law", pos="名词", status="forbidden",
                  definition="The law on patents.", note="line one\nline two")
    path = tmp_path / "out.tbx"
    assert exporter(ipr).export(path).written == 2
    assert tbx_rng_problems(path) == [] and tbx_schematron_problems(path) == []
    text = path.read_text()
    for needle in ('<descrip type="subjectField">law</descrip>',
                   '<termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>',
                   '<termNote type="partOfSpeech">noun</termNote>',
                   '<termNote type="termType">abbreviation</termNote>'):
        assert needle in text


@needs_shared
def test_empty_termbase_exports_a_valid_file(g, tmp_path):
    path = tmp_path / "empty.tbx"
    exporter(g).export(path)
    assert tbx_rng_problems(path) == []


LANGS = ["zh-Hans", "zh-Hant", "zh-CN", "en", "en-GB", "fr"]


@st.composite
def concept(draw, index: int) -> tuple[dict, list]:
    terms = []
    for j in range(draw(st.integers(1, 4))):
        terms.append(term(draw(st.sampled_from(LANGS)), f"{draw(words)} t{index}x{j}",
                          status=draw(st.sampled_from(STATUSES)),
                          type=draw(st.sampled_from(TERM_TYPES)),
                          pos=draw(maybe(st.sampled_from(["noun", "verb", "adjective",
                                                          "adverb", "other"]))),
                          context=draw(maybe(clean_text)),
                          note=draw(maybe(st.lists(clean_text, min_size=1, max_size=2)
                                          .map("\n".join)))))
    created = draw(dates)
    fields = {"domain": draw(maybe(clean_text)), "definition": draw(maybe(clean_text)),
              "note": draw(maybe(clean_text)), "created": created,
              "changed": max(created, draw(dates))}
    return fields, terms


@round_trip
@given(data=st.data(), count=st.integers(0, 4))
def test_round_trip_gives_back_every_entry_field_for_field(fresh_pair, data, count):
    with fresh_pair("tbx") as (folder, a, b):
        for i in range(count):
            fields, terms = data.draw(concept(i))
            a.termbase.insert(fields, terms, log=False)
        exporter(a).export(folder / "out.tbx")
        assert tbx_rng_problems(folder / "out.tbx") == []
        b.import_path(folder / "out.tbx")
        assert entries_of(b) == entries_of(a)


def test_a_large_file_read_in_a_second_process_gives_the_same_entry(g, write_file, tmp_path,
                                                                    monkeypatch):
    from glossary.formats import background

    monkeypatch.setattr(background, "MIN_BYTES", 0)
    g.import_path(write_file("terms.tbx", V3))
    with glossary.open(tmp_path / "b.db") as b:
        monkeypatch.setattr(background, "MIN_BYTES", 1 << 40)
        b.import_path(write_file("same.tbx", V3))
        fields = ("domain", "definition", "note")  # dates: the time of each import
        assert entries_of(g, fields) == entries_of(b, fields)


def test_an_entry_with_english_and_other_languages_shows_its_english_term(g, tmp_path):
    tbx = tmp_path / "multi.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
        "<tbxHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></tbxHeader>"
        "<text><body><conceptEntry id='c1'>"
        "<langSec xml:lang='zu'><termSec><term>Ibhola</term></termSec></langSec>"
        "<langSec xml:lang='en'><termSec><term>ball</term></termSec></langSec>"
        "<langSec xml:lang='zh-Hans'><termSec><term>球</term></termSec></langSec>"
        "</conceptEntry></body></text></tbx>", encoding="utf-8")
    g.import_path(tbx)
    (hit,) = g.lookup("Ibhola")
    assert (hit.concept.zh, hit.concept.en) == ("球", "ball")
