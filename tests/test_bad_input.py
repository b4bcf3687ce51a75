"""Bad input at the command line: every mistake a user can make with a file or an
argument ends in one line naming the file, the place and what is wrong, exit status 1
(2 for a malformed command line), never a traceback, and nothing stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.cli import main

pytestmark = pytest.mark.reliability

TMX = ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
       'segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext" creationtool="t" '
       'creationtoolversion="1"/><body>\n<tu><tuv xml:lang="en"><seg>patent</seg></tuv>'
       '<tuv xml:lang="zh-CN"><seg>专利</seg></tuv></tu>\n</body></tmx>\n')
TBX = ('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" '
       'xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
       '<conceptEntry id="c1"><langSec xml:lang="zh"><termSec><term>专利</term></termSec>'
       '</langSec><langSec xml:lang="en"><termSec><term>patent</term></termSec></langSec>'
       '</conceptEntry>\n</body></text></tbx>\n')
XLIFF = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
         'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" '
         'source-language="en" target-language="zh-CN" datatype="plaintext"><body>\n'
         '<trans-unit id="1"><source>patent</source><target>专利</target></trans-unit>\n'
         '</body></file></xliff>\n')
PO = ('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"'
      '\n\nmsgid "patent"\nmsgstr "专利"\n\nmsgid "trademark"\nmsgstr "商标"\n')


def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The real command line in this process: (exit status, stdout, stderr)."""
    try:
        main(args=["--db", str(tmp_path / "x.db"), *args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def refused(tmp_path, capsys, *args: str, code: int = 1) -> str:
    status, _, err = cli(tmp_path, capsys, *args)
    assert status == code, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


def nothing_stored(tmp_path, capsys) -> None:
    status, out, _ = cli(tmp_path, capsys, "stats", "--json")
    figures = json.loads(out)
    assert status == 0 and figures["concepts"] == 0 and figures["tm_units"] == 0, figures


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("bom.csv", b"\xef\xbb\xbfzh,en\n\xe4\xb8\xad\xff,x\n",
     "line 2: starts with a UTF-8 byte order mark but is not valid UTF-8 (byte 0xff at "
     "offset 12)"),
    ("bom16.csv", b"\xff\xfez\x00h\x00,\x00e\x00n\x00\n\x00\x00\xd8a\x00",
     "line 2: starts with a UTF-16 byte order mark but is not valid UTF-16"),
    ("cut.po", PO.encode()[:-2], "line 10: PO syntax error: a string is never closed"),
    ("nomsgstr.po", PO.encode().rsplit(b"msgstr", 1)[0],
     "line 9: the file ends after this msgid, without its msgstr"),
    ("badbyte.po", PO.encode().replace("商标".encode(), b"\xe5\x95"),
     "line 10: not valid UTF-8 (byte 0xe5 at offset 142)"),
    ("dict.u8", "# CC-CEDICT\n中國 中国 [Zhong1 guo2] /China/\n".encode()
     + b"\xff\xfe x [a] /b/\n",
     "line 3: not valid UTF-8 (byte 0xff at offset 48)"),
    ("uu.po", PO.encode().replace(b"charset=UTF-8", b"charset=uu"),
     ": the header's charset uu is not a text encoding"),
    ("cut.tmx", TMX.encode()[:-40], "not well-formed XML"),
    ("cut.tbx", TBX.encode()[:-30], "not well-formed XML"),
    ("cut.xlf", XLIFF.encode()[:-25], "not well-formed XML"),
    ("badbyte.tmx", TMX.encode().replace("专利".encode(), b"\xff\xfe"),
     f"line 3: not valid UTF-8 (byte 0xff at offset {TMX.encode().index('专利'.encode())})"),
    ("cutchar.xlf", XLIFF.encode()[:XLIFF.encode().index("专利".encode()) + 1],
     f"line 3: not valid UTF-8 (a character cut off at offset "
     f"{XLIFF.encode().index('专利'.encode())})"),
    ("empty.csv", b"", ": the file is empty"),
    ("blank.po", b"\n  \n", ": the file is empty"),
    ("ls.csv", b"\x7fELF\x02\x01\x01\x00\x00\x00", "a binary file, not text (a NUL byte at "
     "offset 7)"),
])
def test_a_bad_file_is_named_with_its_place_and_nothing_is_stored(tmp_path, capsys, name, data,
                                                                 expected):
    path = write(tmp_path, name, data)
    err = refused(tmp_path, capsys, "import", str(path))
    assert f"glossary: {path}" in err and expected in err, err
    assert "\ufffd" not in err
    nothing_stored(tmp_path, capsys)


@pytest.mark.parametrize("fmt", ["tmx", "tbx", "xliff", "po", "cedict", "csv", "tsv"])
def test_an_empty_file_is_refused_in_every_format(tmp_path, capsys, fmt):
    path = write(tmp_path, f"empty.{fmt}", b"\n\n")
    err = refused(tmp_path, capsys, "import", "--format", fmt, str(path))
    assert f"{path}: the file is empty" in err


def test_blank_lines_before_the_data_do_not_make_an_empty_file(tmp_path, capsys):
    path = write(tmp_path, "late.csv", b"\n" * 4000 + "zh,en\n专利,patent\n".encode())
    status, out, err = cli(tmp_path, capsys, "import", str(path), "--json")
    assert status == 0 and json.loads(out)[0]["added"] == 1, err


def test_a_dictionary_line_with_bad_bytes_is_listed_with_lenient(tmp_path, capsys):
    path = write(tmp_path, "dict.u8", "# CC-CEDICT\n中國 中国 [Zhong1 guo2] /China/\n".encode()
                 + b"\xff x [a] /b/\n")
    status, out, _ = cli(tmp_path, capsys, "import", "--lenient", str(path), "--json")
    report = json.loads(out)[0]
    assert status == 0 and report["added"] == 1
    assert "line 3: not valid UTF-8 (byte 0xff at offset 48)" in json.dumps(report)


@pytest.mark.parametrize("args", [("edit", "99999999999999999999999", "--en", "x"),
                                  ("delete", "99999999999999999999999"),
                                  ("delete", "--", "-3")])
def test_a_huge_or_negative_entry_id_is_an_unknown_id(tmp_path, capsys, args):
    err = refused(tmp_path, capsys, *args)
    assert f"no entry with id {args[-1] if args[0] == 'delete' else args[1]}" in err


@pytest.mark.parametrize("args", [("lookup", "x", "--limit", "99999999999999999999"),
                                  ("tm", "x", "--min-score", "101"),
                                  ("concordance", "x", "--limit", "0")])
def test_an_out_of_range_number_is_a_usage_error(tmp_path, capsys, args):
    status, _, err = cli(tmp_path, capsys, *args)
    assert status == 2 and "Traceback" not in err and "range" in err


def test_pretranslate_refuses_a_cut_off_po_file_and_writes_nothing(tmp_path, capsys):
    cut = write(tmp_path, "cut.po", PO.encode()[:-2])
    err = refused(tmp_path, capsys, "pretranslate", str(cut), "-o", str(tmp_path / "out.po"))
    assert f"{cut}, line 10: PO syntax error: a string is never closed" in err
    assert not (tmp_path / "out.po").exists()


def test_recognize_takes_a_text_longer_than_a_file_name_as_text(tmp_path, capsys):
    assert cli(tmp_path, capsys, "add", "专利", "patent")[0] == 0
    for text in ("我们要保护专利。" * 40,  # 960 bytes: no file can have that name
                 "保护专利/" * 400):  # each part a possible name, the whole too long a path
        status, out, err = cli(tmp_path, capsys, "recognize", text, "--json")
        assert status == 0, err
        assert {r["term"] for r in json.loads(out)} == {"专利"}


def test_a_path_too_long_for_the_system_is_one_line(tmp_path, capsys):
    err = refused(tmp_path, capsys, "qa", "a" * 300 + ".po")
    assert "a" * 50 in err


def run(tmp_path: Path, *args: str | bytes, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "GLOSSARY_IMPORTS": str(tmp_path / "imports")}
    env.pop("GLOSSARY_DB", None)
    return subprocess.run([sys.executable, "-m", "glossary", "--db", str(tmp_path / "x.db"),
                           *args], input=stdin, capture_output=True, env=env, cwd=tmp_path)


def test_invalid_utf8_in_an_argument_is_a_usage_error_naming_it(tmp_path):
    proc = run(tmp_path, "add", b"\xe4\xb8\xad\xff", "China")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert err == "glossary: argument 4 is not valid UTF-8 (byte 0xff at offset 1)\n"
    assert not (tmp_path / "x.db").exists()


def test_invalid_utf8_on_standard_input_is_one_line(tmp_path):
    proc = run(tmp_path, "recognize", "-", stdin="专利".encode() + b"\xff")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err
    assert err == "glossary: standard input: not valid UTF-8 (byte 0xff at offset 6)\n"
