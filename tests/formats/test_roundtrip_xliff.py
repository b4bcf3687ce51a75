"""XLIFF: 1.1, 1.2 and 2.0 read; the memory written as XLIFF 1.2 (valid against the
strict schema) and 2.0 (OASIS core), and read back to the same units."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats_support import DATA, SCHEMAS, exporter, importer, round_trip, store_units, tm_unit
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import glossary

STORED = ("source_lang", "source", "target_lang", "target", "context", "status", "note",
          "source_markup", "target_markup", "extras")
X12 = "{urn:oasis:names:tc:xliff:document:1.2}"
X20 = "{urn:oasis:names:tc:xliff:document:2.0}"

XLIFF12 = '''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="app.html" source-language="en-US" target-language="zh-CN"
        datatype="html">
    <body>
      <trans-unit id="title" resname="page.title" approved="yes">
        <source>Welcome to <g id="1">our</g> shop</source>
        <target state="final">欢迎光临<g id="1">我们的</g>商店</target>
        <note>Shown in the browser tab</note>
        <note from="reviewer">Keep it short</note>
      </trans-unit>
      <trans-unit id="greet">
        <source>Hello <x id="2" ctype="x-name"/>!</source>
        <target state="signed-off" state-qualifier="exact-match">你好<x id="2"/>！</target>
      </trans-unit>
      <trans-unit id="bold">
        <source><bpt id="3">&lt;b&gt;</bpt>Buy<ept id="3">&lt;/b&gt;</ept> now</source>
        <target><bpt id="3">&lt;b&gt;</bpt>立即<ept id="3">&lt;/b&gt;</ept>购买</target>
      </trans-unit>
      <trans-unit id="review">
        <source>Checkout</source>
        <target state="needs-review-translation">结账</target>
      </trans-unit>
      <trans-unit id="empty">
        <source>Later</source>
      </trans-unit>
    </body>
  </file>
</xliff>
'''

# translate-toolkit's po2xliff writes 1.1, with the 1.1 namespace
XLIFF11 = '''<?xml version="1.0" encoding="utf-8"?>
<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">
  <file original="django.po" source-language="en-US" datatype="po" target-language="zh-CN">
    <body>
      <trans-unit id="1" approved="yes" xml:space="preserve">
        <source>Save</source>
        <target state="translated">保存</target>
        <context-group name="po-reference" purpose="location">
          <context context-type="sourcefile">views.py</context>
        </context-group>
      </trans-unit>
      <trans-unit id="2" xml:space="preserve">
        <source>Delete</source>
        <target state="needs-translation"></target>
      </trans-unit>
    </body>
  </file>
</xliff>
'''

XLIFF20 = '''<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"
       trgLang="zh-Hans">
  <file id="f1">
    <unit id="u1" name="button.ok">
      <notes><note>Dialog button</note><note category="l10n">Short</note></notes>
      <originalData>
        <data id="d1">&lt;b&gt;</data>
        <data id="d2">&lt;/b&gt;</data>
        <data id="d3">&lt;br/&gt;</data>
      </originalData>
      <segment id="s1" state="reviewed">
        <source><sc id="1" dataRef="d1"/>OK<ec startRef="1" dataRef="d2"/><ph id="2"
          dataRef="d3"/></source>
        <target><sc id="1" dataRef="d1"/>确定<ec startRef="1" dataRef="d2"/><ph id="2"
          dataRef="d3"/></target>
      </segment>
    </unit>
    <unit id="u2">
      <segment state="translated">
        <source>Cancel <pc id="1">now</pc></source>
        <target>立即<pc id="1">取消</pc></target>
      </segment>
    </unit>
    <unit id="u3">
      <segment state="initial">
        <source>Retry</source>
        <target>重试</target>
      </segment>
    </unit>
  </file>
</xliff>
'''


def xliff12_problems(path: Path) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd")))
    return [] if schema.validate(etree.parse(str(path))) else [str(e) for e in schema.error_log]


def stored(g) -> list[dict]:
    rows = g.store.query(f"SELECT {', '.join(STORED)} FROM tm_units")
    return sorted(rows, key=lambda r: tuple(str(r[f]) for f in STORED))


def round_tripped(tmp_path: Path, text: str, fmt: str, **options) -> tuple[Path, list, list]:
    source = tmp_path / "in.xlf"
    source.write_text(text, encoding="utf-8")
    with glossary.open(tmp_path / "a.db") as a, glossary.open(tmp_path / "b.db") as b:
        importer(a).import_path(source, **options)
        out = tmp_path / "out.xlf"
        exporter(a).export(out, format=fmt)
        importer(b).import_path(out, **options)
        return out, stored(a), stored(b)


def test_xliff12_round_trip_is_valid_and_keeps_ids_states_notes(tmp_path):
    out, first, second = round_tripped(tmp_path, XLIFF12, "xliff", fuzzy=True)
    assert xliff12_problems(out) == []
    assert len(first) == 4 and first == second
    units = {u.get("id"): u for u in etree.parse(str(out)).iter(f"{X12}trans-unit")}
    assert set(units) == {"title", "greet", "bold", "review"}
    title = units["title"]
    assert (title.get("resname"), title.get("approved")) == ("page.title", "yes")
    assert title.find(f"{X12}target").get("state") == "final"
    assert [n.text for n in title.iter(f"{X12}note")] == ["Shown in the browser tab",
                                                          "Keep it short"]
    greet = units["greet"].find(f"{X12}target")
    assert (greet.get("state"), greet.get("state-qualifier")) == ("signed-off", "exact-match")
    assert units["review"].find(f"{X12}target").get("state") == "needs-review-translation"
    bold = units["bold"].find(f"{X12}target")
    assert [(c.tag, c.text) for c in bold] == [(f"{X12}bpt", "<b>"), (f"{X12}ept", "</b>")]


def test_xliff12_needs_review_is_left_out_unless_fuzzy(g, tmp_path):
    path = tmp_path / "in.xlf"
    path.write_text(XLIFF12, encoding="utf-8")
    report = g.import_path(path)
    assert (report.added, report.skipped) == (3, 2)
    assert "结账" not in {u["target"] for u in stored(g)}


def test_xliff11_from_translate_toolkit_is_read(g, tmp_path):
    path = tmp_path / "django.xlf"
    path.write_text(XLIFF11, encoding="utf-8")
    report = g.import_path(path)
    assert (report.format, report.added, report.skipped) == ("xliff", 1, 1)
    (unit,) = stored(g)
    assert (unit["source"], unit["target"], unit["target_lang"]) == ("Save", "保存", "zh-CN")


def test_xliff20_round_trip_keeps_codes_notes_and_states(tmp_path):
    out, first, second = round_tripped(tmp_path, XLIFF20, "xliff2", fuzzy=True)
    assert len(first) == 3 and first == second
    root = etree.parse(str(out)).getroot()
    assert (root.tag, root.get("version"), root.get("srcLang"), root.get("trgLang")) == (
        f"{X20}xliff", "2.0", "en", "zh-Hans")
    units = {u.get("id"): u for u in root.iter(f"{X20}unit")}
    ok = units["u1"]
    assert ok.get("name") == "button.ok"
    assert [n.text for n in ok.iter(f"{X20}note")] == ["Dialog button", "Short"]
    assert ok.find(f"{X20}segment").get("state") == "reviewed"
    data = {d.get("id"): d.text for d in ok.iter(f"{X20}data")}
    target = ok.find(f"{X20}segment/{X20}target")
    assert [data[c.get("dataRef")] for c in target] == ["<b>", "</b>", "<br/>"]
    assert units["u3"].find(f"{X20}segment").get("state") == "initial"  # fuzzy
    markup = {u["target"]: u["target_markup"] for u in first}
    assert markup["确定"] == ('<bpt i="1">&lt;b&gt;</bpt>确定<ept i="1">&lt;/b&gt;</ept>'
                            "<ph>&lt;br/&gt;</ph>")


def test_xliff20_holds_one_language_pair(g, tmp_path):
    g.add_tm_unit("Save", "保存", "en", "zh-CN")
    g.add_tm_unit("Open", "打开", "en", "zh-CN")
    g.add_tm_unit("Save", "儲存", "en", "zh-TW")
    out = tmp_path / "out.xlf"
    report = exporter(g).export(out, format="xliff2")
    assert (report.written, report.left_out) == (2, 1)
    assert "en -> zh-TW" in report.notes[0]
    other = exporter(g).export(tmp_path / "tw.xlf", format="xliff2", target_lang="zh-TW")
    assert other.written == 1


def test_xliff12_has_a_file_per_language_pair(g, tmp_path):
    g.add_tm_unit("Save", "保存", "en", "zh-CN")
    g.add_tm_unit("保存", "Save", "zh-CN", "en")
    g.add_tm_unit("Save", "儲存", "en", "zh-TW")
    out = tmp_path / "out.xliff"
    assert exporter(g).export(out).written == 3  # .xliff names the format
    assert xliff12_problems(out) == []
    files = [(f.get("source-language"), f.get("target-language"))
             for f in etree.parse(str(out)).iter(f"{X12}file")]
    assert sorted(files) == [("en", "zh-CN"), ("en", "zh-TW"), ("zh-CN", "en")]


def test_an_empty_memory_is_still_a_valid_document(g, tmp_path):
    out = tmp_path / "empty.xlf"
    assert exporter(g).export(out).written == 0
    assert xliff12_problems(out) == []
    exporter(g).export(out, format="xliff2")
    root = etree.parse(str(out)).getroot()
    assert [c.tag for c in root.find(f"{X20}file")] == [f"{X20}group"]  # a file needs one


@pytest.mark.skipif(not (DATA / "omegat-website-en-zh_CN.utf16.tmx").exists(),
                    reason="../shared/data is not here")
def test_real_memory_as_xliff12_is_valid(g, tmp_path):
    g.import_path(DATA / "omegat-website-en-zh_CN.utf16.tmx")
    out = tmp_path / "out.xlf"
    report = exporter(g).export(out)
    assert report.written == g.stats()["tm_units"] > 400
    assert xliff12_problems(out) == []


@round_trip
@given(st.lists(tm_unit(), min_size=1, max_size=5), st.sampled_from(["xliff", "xliff2"]))
def test_any_memory_with_tags_round_trips_through_xliff(fresh_pair, units, fmt):
    """Text, context and notes come back from the first trip; TMX-only markup (hi, ph's
    x) has no XLIFF form, so from then on the markup comes back exactly too."""
    with fresh_pair("xliff") as (folder, a, b):
        for unit in units:
            unit["status"] = "translated"
        store_units(a, units)
        out = folder / "out.xlf"
        exporter(a).export(out, format=fmt)
        if fmt == "xliff":
            assert xliff12_problems(out) == []
        importer(b).import_path(out)
        text = ("source", "target", "context", "note")
        assert sorted(map(str, a.store.query(f"SELECT {', '.join(text)} FROM tm_units"))) == \
            sorted(map(str, b.store.query(f"SELECT {', '.join(text)} FROM tm_units")))
        again = folder / "again.xlf"
        exporter(b).export(again, format=fmt)
        with glossary.open(folder / "c.db") as c:
            importer(c).import_path(again)
            assert stored(c) == stored(b)
