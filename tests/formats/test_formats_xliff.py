"""XLIFF 1.2 and 2.0: translated units become TM units, inline codes become TMX markup."""

from __future__ import annotations

from formats_support import SCHEMAS, exporter, tmx_problems, units_of

import glossary

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="app.po" source-language="en-US" target-language="zh-CN" datatype="po">
    <body>
      <group id="g1">
        <trans-unit id="1" resname="menu">
          <source>Open <g id="1">file</g><x id="2"/></source>
          <target state="translated">打开<g id="1">文件</g><x id="2"/></target>
          <note>File menu</note>
        </trans-unit>
      </group>
      <trans-unit id="2"><source>Save</source><target state="needs-translation">保存</target>
      </trans-unit>
      <trans-unit id="3"><source>Close</source></trans-unit>
      <trans-unit id="4"><source>Quit</source><target>退出</target></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="zh-Hans">
  <file id="f1">
    <unit id="u1" name="title">
      <notes><note>page title</note></notes>
      <segment state="final"><source>Hello <pc id="1">world</pc><ph id="2"/></source>
        <target>你好<pc id="1">世界</pc><ph id="2"/></target></segment>
      <segment state="initial"><source>Bye</source><target>再见</target></segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff_12_translated_units_only(g, tmp_path):
    path = tmp_path / "app.xlf"
    path.write_text(XLIFF12, encoding="utf-8")
    report = g.import_path(path)
    assert (report.format, report.added, report.skipped) == ("xliff", 2, 2)
    units = {u["source"]: u for u in units_of(g)}
    first = units["Open file"]
    assert (first["target"], first["context"], first["note"]) == ("打开文件", "menu", "File menu")
    assert (first["source_lang"], first["target_lang"]) == ("en-US", "zh-CN")
    assert first["target_markup"] == '打开<bpt i="1"/>文件<ept i="1"/><ph/>'
    assert units["Quit"]["target_markup"] is None


def test_xliff_20_segments_and_tags_survive_a_tmx_export(g, tmp_path):
    path = tmp_path / "page.xliff"
    path.write_text(XLIFF20, encoding="utf-8")
    report = g.import_path(path)
    assert (report.added, report.skipped) == (1, 1)
    unit = units_of(g)[0]
    assert (unit["source"], unit["target"], unit["context"]) == ("Hello world", "你好世界", "title")
    out = tmp_path / "out.tmx"
    exporter(g).export(out)
    if SCHEMAS.is_dir():
        assert tmx_problems(out) == []
    with glossary.open(tmp_path / "b.db") as b:
        b.import_path(out)
        assert units_of(b)[0]["target_markup"] == unit["target_markup"]
