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


# A Sphinx-style catalogue: gettext wraps long strings at 79 columns, starting with an
# empty string; polib would rewrap them. Nothing here is in the memory but entry 3.
WRAPPED = r'''# SOME DESCRIPTIVE TITLE.
# Copyright (C) 2024, the authors
#
msgid ""
msgstr ""
"Project-Id-Version: manual 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Language: zh_CN\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: ../../source/index.rst:12 ../../source/install.rst:40
#: ../../source/usage.rst:7
msgid ""
"The installer copies the files into the folder you choose and, when you ask"
" for it, adds a shortcut to the desktop so that the tool starts with one "
"click."
msgstr ""

#: ../../source/index.rst:20
#, python-format
msgid "%(name)s is not a valid name: it must start with a letter and hold only letters and digits."
msgstr "%(name)s 不是有效名称：必须以字母开头，只能包含字母、数字和短横线。"

#: ../../source/index.rst:31
#| msgid "This field is required"
msgid "This field is required."
msgstr ""

msgctxt "button"
msgid "Unknown words here"
msgstr ""
'''


def test_a_po_file_with_nothing_to_fill_comes_back_byte_for_byte(g, tmp_path):
    """Nothing matches (an empty memory): the output is the input, wrapping, CRLF and all."""
    for name, data in (("lf.po", WRAPPED.encode()),
                       ("crlf.po", WRAPPED.replace("\n", "\r\n").encode()),
                       ("bom.po", b"\xef\xbb\xbf" + WRAPPED.encode())):
        src = tmp_path / name
        src.write_bytes(data)
        out = tmp_path / f"out-{name}"
        report = g.pretranslate(src, out)
        assert (report.exact, report.fuzzy, report.already) == (0, 0, 1)
        assert out.read_bytes() == data, name


def test_a_filled_entry_is_the_only_one_whose_lines_change(tm, tmp_path):
    src = tmp_path / "in.po"
    src.write_text(WRAPPED, encoding="utf-8")
    out = tmp_path / "out.po"
    report = tm.pretranslate(src, out)
    assert (report.exact, report.fuzzy) == (1, 0)
    before, after = WRAPPED.splitlines(), out.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert [before[n] for n in changed] == ['msgstr ""']
    assert after[changed[0]] == 'msgstr "这个字段是必填项。"'
    assert before[changed[0] - 1] == 'msgid "This field is required."'
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True)


def test_a_fuzzy_fill_adds_its_flag_to_the_entry_s_own_lines(tm, tmp_path):
    src = tmp_path / "in.po"
    text = WRAPPED.replace('msgid "This field is required."', 'msgid "This field is required"')
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.po"
    assert tm.pretranslate(src, out).fuzzy == 1
    after = out.read_text(encoding="utf-8")
    assert '#: ../../source/index.rst:31\n#, fuzzy\n#| msgid "This field is required"\n' \
        'msgid "This field is required"\nmsgstr "这个字段是必填项。"\n' in after
    assert after.replace('#, fuzzy\n#| msgid "This field is required"\nmsgid "This field is '
                         'required"\nmsgstr "这个字段是必填项。"', '#| msgid "This field is '
                         'required"\nmsgid "This field is required"\nmsgstr ""') == text
    # an entry with flags already gets fuzzy added to them
    src.write_text(text.replace("#: ../../source/index.rst:31\n",
                                "#: ../../source/index.rst:31\n#, python-format\n"))
    tm.pretranslate(src, out)
    assert "#, python-format, fuzzy\n" in out.read_text(encoding="utf-8")
    assert polib.pofile(str(out)).find("This field is required").msgstr == "这个字段是必填项。"


XLIFF11 = """<?xml version="1.0" encoding="utf-8"?>
<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">
  <file original="django.po" source-language="en-US" datatype="po" target-language="zh-CN">
    <body>
      <group id="g1">
        <trans-unit id="1" xml:space="preserve">
          <source>This field is required.</source>
        </trans-unit>
      </group>
      <trans-unit id="2" xml:space="preserve">
        <source>Unknown words here</source>
        <target state="needs-translation"></target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


@pytest.mark.parametrize("text", [XLIFF11, XLIFF11.replace(
    ' xmlns="urn:oasis:names:tc:xliff:document:1.1"', "")], ids=["1.1", "no-namespace"])
def test_xliff11_as_translate_toolkit_writes_it(tm, tmp_path, text):
    src = tmp_path / "in.xlf"
    src.write_text(text, encoding="utf-8")
    report = tm.pretranslate(src, tmp_path / "out.xlf")
    assert (report.exact, report.untouched) == (1, 1)
    root = etree.parse(str(tmp_path / "out.xlf")).getroot()
    targets = [t for t in root.iter() if etree.QName(t).localname == "target"]
    assert [(t.text, t.get("state")) for t in targets] == [("这个字段是必填项。", "translated"),
                                                          (None, "needs-translation")]
    assert etree.QName(root).namespace == etree.QName(etree.fromstring(text.encode())).namespace


def test_an_xliff_file_with_nothing_to_fill_comes_back_byte_for_byte(g, tmp_path):
    src = tmp_path / "in.xlf"
    src.write_text(XLIFF11.replace('encoding="utf-8"', "encoding='utf-8'"), encoding="utf-8")
    g.pretranslate(src, tmp_path / "out.xlf")
    assert (tmp_path / "out.xlf").read_bytes() == src.read_bytes()


def test_a_cut_off_po_file_is_refused_with_its_line_and_nothing_is_written(tm, tmp_path):
    src = tmp_path / "cut.po"
    src.write_text(WRAPPED + '\nmsgid "This field is required."\nmsgstr "这个', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"cut\.po.*line 3[0-9]"):
        tm.pretranslate(src, tmp_path / "out.po")
    assert not (tmp_path / "out.po").exists()


# What a CAT tool wrote, kept: single quotes, attribute order, a comment and CDATA that
# look like units, an alt-trans with a target of its own, empty targets in both forms.
XLIFF_TOOL = """<?xml version='1.0' encoding='utf-8'?>
<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'>
  <file source-language='en' target-language='zh-CN' datatype='plaintext' original='a'>
    <body>
      <!-- <trans-unit id="fake"><source>This field is required.</source></trans-unit> -->
      <trans-unit id='a' resname='x'>
        <source>Enter a valid email address.</source>
        <alt-trans><source>Enter an email</source><target>输入电子邮件</target></alt-trans>
      </trans-unit>
      <trans-unit id='b'>
        <source><![CDATA[<trans-unit>]]> words</source>
        <target state='new' xml:lang='zh-CN'></target>
      </trans-unit>
      <trans-unit id='c'>
        <source>This field is required.</source>
        <target   state = "new" />
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_xliff_fills_change_only_the_lines_of_their_units(tm, tmp_path):
    src = tmp_path / "in.xlf"
    src.write_text(XLIFF_TOOL, encoding="utf-8")
    out = tmp_path / "out.xlf"
    report = tm.pretranslate(src, out)
    assert (report.exact, report.untouched) == (2, 1)
    before, after = XLIFF_TOOL.splitlines(), out.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    changed = {n: after[n] for n, (a, b) in enumerate(zip(before, after, strict=True))
               if a != b}
    assert changed == {
        6: "        <source>Enter a valid email address.</source><target state=\"translated\" "
           "state-qualifier=\"exact-match\">输入一个有效的 Email 地址。</target>",
        15: '        <target   state = "translated" state-qualifier="exact-match">'
            "这个字段是必填项。</target>",
    }
    alt = etree.parse(str(out)).getroot().find(".//{*}alt-trans/{*}target")
    assert alt.text == "输入电子邮件"  # the alt-trans is not the unit's target


def test_xliff20_fill_sets_the_segment_state_in_place(tm, tmp_path):
    text = XLIFF20.replace("<segment>", "<segment id='s'>", 1)
    src = tmp_path / "in.xlf"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.xlf"
    tm.pretranslate(src, out)
    after = out.read_text(encoding="utf-8")
    assert after.splitlines()[0] == text.splitlines()[0]  # the declaration as written
    assert ("<unit id=\"1\"><segment id='s' state=\"translated\"><source>This field is "
            "required.</source><target>这个字段是必填项。</target></segment></unit>") in after
