"""Pre-translation of PO and XLIFF files from the translation memory."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree

from glossary import InputFileError


@pytest.fixture
def tm(g):
    g.add_tm_unit("Enter a valid email address.", "输入一个有效的 Email 地址。", "en", "zh-Hans")
    g.add_tm_unit("This field is required.", "这个字段是必填项。", "en", "zh-Hans")
    g.add_tm_unit("%(count)d items", "%(count)d 个项目", "en", "zh-Hans")
    return g


def make_po(path: Path) -> Path:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Language": "zh_Hans", "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    po.append(polib.POEntry(msgid="Enter a valid email address.", msgstr=""))
    po.append(polib.POEntry(msgid="Enter a valid e-mail address", msgstr=""))
    po.append(polib.POEntry(msgid="This field is required.", msgstr="已翻译"))
    po.append(polib.POEntry(msgid="Something else entirely", msgstr=""))
    po.append(polib.POEntry(msgid="%(count)d item", msgid_plural="%(count)d items",
                            msgstr_plural={0: ""}))
    po.append(polib.POEntry(msgid="Old string", msgstr="", obsolete=True))
    po.save(str(path))
    return path


def test_po_exact_fuzzy_and_untouched(tm, tmp_path):
    out = tmp_path / "out.po"
    report = tm.pretranslate(make_po(tmp_path / "in.po"), out)
    assert (report.exact, report.fuzzy, report.untouched, report.already) == (1, 2, 1, 1)
    po = {e.msgid: e for e in polib.pofile(str(out))}
    exact = po["Enter a valid email address."]
    assert exact.msgstr == "输入一个有效的 Email 地址。" and "fuzzy" not in exact.flags
    near = po["Enter a valid e-mail address"]
    assert near.msgstr == "输入一个有效的 Email 地址。" and "fuzzy" in near.flags
    assert po["This field is required."].msgstr == "已翻译"  # a translation is never replaced
    assert po["Something else entirely"].msgstr == ""
    assert po["%(count)d item"].msgstr_plural == {0: "%(count)d 个项目"}
    assert "fuzzy" in po["%(count)d item"].flags
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True)


def test_higher_threshold_leaves_more_untouched(tm, tmp_path):
    report = tm.pretranslate(make_po(tmp_path / "in.po"), tmp_path / "out.po", min_score=100)
    assert (report.exact, report.fuzzy, report.untouched) == (1, 0, 3)


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="zh-CN" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="1"><source>This field is required.</source></trans-unit>
      <trans-unit id="2"><source>This field is required</source><target/></trans-unit>
      <trans-unit id="3"><source>Unknown words here</source></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="zh">
  <file id="f1">
    <unit id="1"><segment><source>This field is required.</source></segment></unit>
    <unit id="2"><segment><source>This field is required!</source></segment></unit>
  </file>
</xliff>
"""


def test_xliff12(tm, tmp_path):
    src = tmp_path / "in.xlf"
    src.write_text(XLIFF12)
    report = tm.pretranslate(src, tmp_path / "out.xlf")
    assert (report.exact, report.fuzzy, report.untouched) == (1, 1, 1)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.parse(str(tmp_path / "out.xlf")).getroot()
    targets = root.findall(".//x:trans-unit/x:target", ns)
    assert [(t.text, t.get("state")) for t in targets] == [
        ("这个字段是必填项。", "translated"), ("这个字段是必填项。", "needs-review-translation")]


def test_xliff20(tm, tmp_path):
    src = tmp_path / "in.xlf"
    src.write_text(XLIFF20)
    tm.pretranslate(src, tmp_path / "out.xlf")
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    segments = etree.parse(str(tmp_path / "out.xlf")).getroot().findall(".//x:segment", ns)
    assert [(s.get("state"), s.find("x:target", ns).text) for s in segments] == [
        ("translated", "这个字段是必填项。"), ("initial", "这个字段是必填项。")]


def test_bad_input_is_a_clear_error_and_writes_nothing(tm, tmp_path):
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff><file>")
    with pytest.raises(InputFileError, match="bad.xlf"):
        tm.pretranslate(bad, tmp_path / "out.xlf")
    with pytest.raises(InputFileError, match="no such file"):
        tm.pretranslate(tmp_path / "missing.po", tmp_path / "out.po")
    assert not (tmp_path / "out.xlf").exists() and not (tmp_path / "out.po").exists()


def test_cli_reports_counts(tm, tmp_path):
    tm.close()
    src = make_po(tmp_path / "in.po")
    proc = subprocess.run(
        [sys.executable, "-m", "glossary", "--db", str(tm.path), "pretranslate", str(src),
         "-o", str(tmp_path / "out.po")], capture_output=True, text=True, check=True)
    assert "1 exact, 2 fuzzy" in proc.stdout and "1 left untranslated" in proc.stdout


def _po_with(path: Path, language: str, msgid: str) -> Path:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=msgid, msgstr=""))
    po.save(str(path))
    return path


def test_a_simplified_file_is_filled_in_simplified_and_a_traditional_one_in_traditional(
        g, tmp_path):
    """Both scripts of the same string in the memory: each file gets its own, the newer
    traditional unit notwithstanding."""
    g.add_tm_unit("Enter a valid email address.", "输入一个有效的 Email 地址。", "en", "zh-CN")
    g.add_tm_unit("Enter a valid email address.", "請輸入有效的電子郵件地址。", "en", "zh-TW")
    for language, want in (("zh_CN", "输入一个有效的 Email 地址。"),
                           ("zh_Hant", "請輸入有效的電子郵件地址。")):
        src = _po_with(tmp_path / f"{language}.po", language, "Enter a valid email address.")
        report = g.pretranslate(src, tmp_path / f"{language}.out.po")
        (entry,) = polib.pofile(str(tmp_path / f"{language}.out.po"))
        assert entry.msgstr == want and report.exact == 1 and "fuzzy" not in entry.flags


def test_a_match_only_in_the_other_script_is_converted_and_marked_for_review(g, tmp_path):
    g.add_tm_unit("Enter a valid email address.", "請輸入有效的電子郵件地址。", "en", "zh-TW")
    src = _po_with(tmp_path / "in.po", "zh_CN", "Enter a valid email address.")
    report = g.pretranslate(src, tmp_path / "out.po")
    (entry,) = polib.pofile(str(tmp_path / "out.po"))
    assert entry.msgstr == "请输入有效的电子邮件地址。"
    assert "fuzzy" in entry.flags and report.fuzzy == 1 and report.exact == 0
