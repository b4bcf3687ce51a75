"""TMX import -> export keeps what CAT tools rely on: tuid, users and dates, props,
notes; OmegaT's alternative translations of one source stay separate units."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from formats_support import DATA, exporter, importer, round_trip, tmx_problems
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import glossary

STORED = ("source_lang", "source", "target_lang", "target", "context", "status", "note",
          "domain", "created", "changed", "creator", "source_markup", "target_markup",
          "extras")
REAL_TMX = DATA / "omegat-website-en-zh_CN.utf16.tmx"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# An OmegaT project memory (project_save.tmx): default translations, then alternative
# translations told apart by the file and the segments around them, or by an id.
OMEGAT = '''<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
    creationtoolversion="6.0.1_0_1" segtype="sentence" srclang="EN-US"/>
  <body>
<!-- Default translations -->
    <tu>
      <tuv lang="EN-US">
        <seg>Save</seg>
      </tuv>
      <tuv lang="ZH-CN" changeid="wang" changedate="20240305T101500Z" creationid="li"
        creationdate="20240301T090000Z">
        <seg>保存</seg>
      </tuv>
    </tu>
    <tu tuid="t-open" usagecount="7" lastusagedate="20240310T120000Z">
      <note>Checked against the style guide</note>
      <note>Second reviewer agreed</note>
      <tuv lang="EN-US">
        <seg>Open</seg>
      </tuv>
      <tuv lang="ZH-CN" changeid="wang" changedate="20240306T080000Z">
        <seg>打开</seg>
      </tuv>
    </tu>
<!-- Alternative translations -->
    <tu>
      <prop type="file">docs/menu.html</prop>
      <prop type="prev">File</prop>
      <prop type="next">Save as...</prop>
      <tuv lang="EN-US">
        <seg>Save</seg>
      </tuv>
      <tuv lang="ZH-CN" changeid="zhao" changedate="20240307T080000Z">
        <seg>存储</seg>
      </tuv>
    </tu>
    <tu>
      <prop type="file">docs/dialog.html</prop>
      <prop type="prev">Discard changes?</prop>
      <prop type="next">Cancel</prop>
      <tuv lang="EN-US">
        <seg>Save</seg>
      </tuv>
      <tuv lang="ZH-CN" changeid="zhao" changedate="20240307T090000Z">
        <seg>存储</seg>
      </tuv>
    </tu>
    <tu>
      <prop type="file">messages.properties</prop>
      <prop type="id">button.save</prop>
      <tuv lang="EN-US">
        <seg>Save</seg>
      </tuv>
      <tuv lang="ZH-CN" creationid="li" creationdate="20240308T080000Z">
        <seg>保存更改</seg>
      </tuv>
    </tu>
  </body>
</tmx>
'''


def stored(g) -> list[dict]:
    rows = g.store.query(f"SELECT {', '.join(STORED)} FROM tm_units")
    return sorted(rows, key=lambda r: tuple(str(r[f]) for f in STORED))


def round_tripped(tmp_path: Path, source: Path) -> tuple[Path, list, list]:
    with glossary.open(tmp_path / "a.db") as a, glossary.open(tmp_path / "b.db") as b:
        importer(a).import_path(source)
        out = tmp_path / "out.tmx"
        exporter(a).export(out)
        importer(b).import_path(out)
        return out, stored(a), stored(b)


def tus(path: Path) -> list[etree._Element]:
    return list(etree.parse(str(path)).iter("tu"))


def described(tu: etree._Element) -> tuple:
    """A <tu> as what a CAT tool reads of it: attributes, props, notes, tuv attributes."""
    attrs = {k: v for k, v in tu.attrib.items() if k not in ("creationdate", "changedate",
                                                             "creationid", "srclang")}
    props = [(p.get("type"), p.text) for p in tu.iter("prop")
             if not p.get("type", "").startswith("x-")]
    notes = [n.text for n in tu.iter("note")]
    tuvs = [({k: v for k, v in t.attrib.items() if k not in (XML_LANG, "lang")},
             "".join(t.find("seg").itertext()).strip()) for t in tu.iter("tuv")]
    return attrs, props, notes, tuvs


def test_omegat_alternatives_stay_separate_and_keep_their_props(tmp_path):
    source = tmp_path / "project_save.tmx"
    source.write_text(OMEGAT, encoding="utf-8")
    out, first, second = round_tripped(tmp_path, source)
    assert len(first) == 5  # three translations of "Save" in their places, and the default
    assert first == second
    assert tmx_problems(out) == []
    exported = sorted(map(described, tus(out)), key=repr)
    original = sorted(map(described, tus(source)), key=repr)
    for (attrs, props, notes, tuvs), (o_attrs, o_props, o_notes, o_tuvs) in zip(
            exported, original, strict=True):
        assert (attrs, props, notes) == (o_attrs, o_props, o_notes)
        assert [t[1] for t in tuvs] == [t[1] for t in o_tuvs]
        assert tuvs[1][0] == o_tuvs[1][0]  # changeid, changedate, creationid...
    contexts = {u["context"] for u in first if u["target"] == "存储"}
    assert contexts == {"file: docs/menu.html\nprev: File\nnext: Save as...",
                        "file: docs/dialog.html\nprev: Discard changes?\nnext: Cancel"}


def test_users_and_dates_are_columns_as_well(g, tmp_path):
    source = tmp_path / "project_save.tmx"
    source.write_text(OMEGAT, encoding="utf-8")
    g.import_path(source)
    row = g.store.query("SELECT created, changed, creator, note FROM tm_units "
                        "WHERE target = '保存'")[0]
    assert row == {"created": "2024-03-01T09:00:00Z", "changed": "2024-03-05T10:15:00Z",
                   "creator": "li", "note": None}
    opened = g.store.query("SELECT note FROM tm_units WHERE target = '打开'")[0]
    assert opened["note"] == "Checked against the style guide\nSecond reviewer agreed"


def test_an_edited_unit_exports_its_new_date(g, tmp_path):
    source = tmp_path / "project_save.tmx"
    source.write_text(OMEGAT, encoding="utf-8")
    g.import_path(source)
    g.store.execute("UPDATE tm_units SET target = '保存文件', changed = ? WHERE target = '保存'",
                    ("2025-01-02T03:04:05Z",))
    out = tmp_path / "out.tmx"
    exporter(g).export(out)
    tu = next(t for t in tus(out) if "保存文件" in etree.tostring(t, encoding="unicode"))
    assert tu.findall("tuv")[1].get("changedate") == "20250102T030405Z"
    assert tmx_problems(out) == []


def test_foreign_props_survive_and_ours_are_not_doubled(g, tmp_path):
    source = tmp_path / "props.tmx"
    source.write_text(
        '<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        'adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        '<tu tuid="42" changeid="ma"><prop type="Txt::Client">ACME</prop>'
        '<prop type="x-domain">law</prop><prop type="domain">law</prop>'
        '<prop type="x-context">p1</prop><note>one</note>'
        '<tuv xml:lang="en"><seg>Patent</seg></tuv><tuv xml:lang="zh-CN"><seg>专利</seg></tuv>'
        '</tu></body></tmx>', encoding="utf-8")
    g.import_path(source)
    out = tmp_path / "out.tmx"
    exporter(g).export(out)
    (tu,) = tus(out)
    assert (tu.get("tuid"), tu.get("changeid")) == ("42", "ma")
    props = [(p.get("type"), p.text) for p in tu.iter("prop")]
    assert ("Txt::Client", "ACME") in props and ("domain", "law") in props
    assert ("x-context", "p1") in props and ("x-domain", "law") not in props
    assert [n.text for n in tu.iter("note")] == ["one"]


@pytest.mark.skipif(not REAL_TMX.exists(), reason="../shared/data is not here")
def test_real_utf16_memory_round_trips(tmp_path):
    out, first, second = round_tripped(tmp_path, REAL_TMX)
    assert tmx_problems(out) == []
    original = tus(REAL_TMX)
    # every <tu> comes back but one whose two segments are a lone no-break space
    blank = [t for t in original if not "".join(t.find("tuv/seg").itertext()).strip()]
    assert len(blank) == 1
    exported = tus(out)
    assert len(exported) == len(original) - 1 == len(first) == len(second)
    assert {t.get("tuid") for t in exported} == {t.get("tuid") for t in original} - {
        blank[0].get("tuid")}
    assert first == second  # dates too: the file has none, the export gives the import's


_word = st.text(st.sampled_from("abc 知识产权&<>\"'"), min_size=1, max_size=8).filter(
    lambda s: s.strip() == s)


@st.composite
def tmx_tu(draw, index: int) -> str:
    """A <tu> such as CAT tools write: attributes, props and notes in any mix."""
    attrs = {"tuid": f"t{index}"}
    for name in draw(st.lists(st.sampled_from(["changeid", "usagecount", "lastusagedate",
                                               "creationid", "creationdate"]), unique=True)):
        attrs[name] = ("20240102T030405Z" if "date" in name else
                       "3" if name == "usagecount" else draw(_word))
    props = draw(st.lists(st.tuples(st.sampled_from(
        ["file", "prev", "next", "id", "Txt::Client", "x-domain", "x-context"]), _word),
        max_size=4))
    notes = draw(st.lists(_word, max_size=2))
    tuv = {"changeid": draw(_word)} if draw(st.booleans()) else {}
    out = "<tu" + "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items()) + ">"
    out += "".join(f"<prop type={quoteattr(k)}>{escape(v)}</prop>" for k, v in props)
    out += "".join(f"<note>{escape(n)}</note>" for n in notes)
    out += f'<tuv xml:lang="en"><seg>source {index} {escape(draw(_word))}</seg></tuv>'
    out += ('<tuv xml:lang="zh-CN"' + "".join(f" {k}={quoteattr(v)}" for k, v in tuv.items())
            + f"><seg>译文 {escape(draw(_word))}</seg></tuv></tu>")
    return out


@round_trip
@given(st.lists(st.integers(0, 20), min_size=1, max_size=6, unique=True).flatmap(
    lambda ids: st.tuples(*[tmx_tu(i) for i in ids])))
def test_any_memory_round_trips_with_what_it_carried(fresh_pair, units):
    with fresh_pair("tmx") as (folder, a, b):
        source = folder / "in.tmx"
        source.write_text('<tmx version="1.4"><header srclang="en" datatype="plaintext" '
                          'segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" '
                          'creationtoolversion="1"/><body>' + "".join(units)
                          + "</body></tmx>", encoding="utf-8")
        importer(a).import_path(source)
        out = folder / "out.tmx"
        exporter(a).export(out)
        importer(b).import_path(out)
        assert stored(a) == stored(b)
        assert tmx_problems(out) == []
        got = {t.get("tuid"): described(t) for t in tus(out)}
        for tu in tus(source):
            attrs, props, notes, tuvs = described(tu)
            assert got[tu.get("tuid")][:3] == (attrs, props, notes)
