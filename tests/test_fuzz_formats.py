"""Fuzzing the readers: whatever bytes a file holds, importing it either works or fails
with the project's own error naming the file, and a failed import stores nothing.

Each reader (TMX, PO, XLIFF, TBX, CSV, TSV, CC-CEDICT) and format detection get
arbitrary bytes and real files cut short, with bytes flipped, dropped or repeated. The
normal suite runs a few hundred examples per reader; `bench/fuzz.py` runs the same
tests with many more (GLOSSARY_FUZZ_EXAMPLES). Run them alone with `-m reliability`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import glossary
from glossary.errors import GlossaryError, InputFileError
from glossary.formats.registry import READERS, detect

pytestmark = pytest.mark.reliability

EXAMPLES = int(os.environ.get("GLOSSARY_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 200,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

SAMPLES = {
    "tmx": ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"'
            ' segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext" '
            'creationtool="t" creationtoolversion="1"/><body>\n<tu creationdate='
            '"20240102T030405Z"><prop type="x-context">p1</prop><tuv xml:lang="en"><seg>'
            'Protect <bpt i="1">&lt;b&gt;</bpt>patents<ept i="1">&lt;/b&gt;</ept>.</seg>'
            '</tuv><tuv xml:lang="zh-CN"><seg>保护专利。</seg></tuv></tu>\n<tu><tuv '
            'xml:lang="en"><seg>trademark</seg></tuv><tuv xml:lang="zh-CN"><seg>商标</seg>'
            '</tuv></tu>\n</body></tmx>\n'),
    "tbx": ('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" '
            'xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n<conceptEntry '
            'id="c1"><descrip type="subjectField">law</descrip><langSec xml:lang="zh">'
            '<termSec><term>专利</term><termNote type="administrativeStatus">preferredTerm-'
            'admn-sts</termNote></termSec></langSec><langSec xml:lang="en"><termSec><term>'
            'patent</term></termSec></langSec></conceptEntry>\n</body></text></tbx>\n'),
    "xliff": ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:'
              'names:tc:xliff:document:1.2"><file original="a" source-language="en" '
              'target-language="zh-CN" datatype="plaintext"><body>\n<trans-unit id="1">'
              '<source>patent <g id="1">law</g></source><target>专利<g id="1">法</g></target>'
              '</trans-unit>\n<trans-unit id="2"><source>mark</source><target>商标</target>'
              '</trans-unit>\n</body></file></xliff>\n'),
    "po": ('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Content-Type: text/plain; '
           'charset=UTF-8\\n"\n\n#. domain: law\nmsgctxt "menu"\nmsgid "patent"\nmsgstr '
           '"专利"\n\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "%d 个文件"\n\n'
           'msgid "long"\nmsgstr ""\n"商"\n"标"\n'),
    "cedict": ("# CC-CEDICT\n#! version=1\n傳統 传统 [chuan2 tong3] /tradition/convention/\n"
               "知識產權 知识产权 [zhi1 shi5 chan3 quan2] /intellectual property rights/\n"),
    "csv": ('zh,en,domain,status,note\n知识产权,intellectual property rights,law,preferred,\n'
            '专利法,Patent Rules,law,forbidden,"say ""Patent Law"""\n'),
    "tsv": "source_lang\tsource\ttarget_lang\ttarget\nzh-CN\t保护专利。\ten\tProtect patents.\n",
    "omegat": ("# Glossary in tab-separated format -*- coding: utf-8 -*-\n"
               "intellectual property\t知识产权\tlaw\npatent\t专利\n"),
}
assert set(SAMPLES) == set(READERS)


@st.composite
def mutated(draw: st.DrawFn, sample: bytes) -> bytes:
    """A real file damaged the ways files are: cut short, bytes flipped, dropped or
    repeated, or a run of random bytes spliced in."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("cut", "flip", "drop", "repeat", "splice")))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "cut":
            del data[at:]
        elif kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "drop":
            del data[at:at + draw(st.integers(1, 8))]
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 16))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


# How clients' files are encoded: BOMs, UTF-16 both ways, the Chinese legacy encodings
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "big5")


def encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def contents(fmt: str) -> st.SearchStrategy[bytes]:
    text = SAMPLES[fmt]
    return st.one_of(
        mutated(text.encode()),
        st.sampled_from(ENCODINGS).flatmap(lambda enc: mutated(encoded(text, enc))),
        st.binary(max_size=600),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))


def snapshot(g: glossary.Glossary) -> str:
    """What the database holds, as one digest, the import history included."""
    digest = hashlib.sha256()
    for table in ("concepts", "terms", "tm_units", "changes", "imports"):
        for row in g.store.query(f"SELECT * FROM {table} ORDER BY rowid"):
            digest.update(repr(sorted(row.items())).encode())
    return digest.hexdigest()


def import_or_refuse(g: glossary.Glossary, path: Path, data: bytes, fmt: str | None) -> None:
    path.write_bytes(data)
    before = snapshot(g)
    try:
        g.import_path(path, format=fmt)
    except GlossaryError as exc:
        assert str(path) in str(exc), exc
        assert snapshot(g) == before, f"a failed import changed the database: {exc}"


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_a_reader_fails_only_with_our_error_and_stores_nothing(tmp_path, fmt):
    with glossary.open(tmp_path / "fuzz.db") as g:
        @FUZZ
        @given(data=contents(fmt))
        def check(data: bytes) -> None:
            import_or_refuse(g, tmp_path / f"input.{fmt}", data, fmt)

        check()


def test_detection_then_reading_fails_only_with_our_error(tmp_path):
    with glossary.open(tmp_path / "fuzz.db") as g:
        @FUZZ
        @given(data=st.sampled_from(sorted(SAMPLES)).flatmap(contents),
               name=st.sampled_from(("in.csv", "in.txt", "in.xml", "in")))
        def check(data: bytes, name: str) -> None:
            import_or_refuse(g, tmp_path / name, data, None)

        check()


@FUZZ
@given(head=st.one_of(st.binary(max_size=400),
                      st.sampled_from(sorted(SAMPLES)).flatmap(
                          lambda fmt: mutated(SAMPLES[fmt].encode()))),
       name=st.sampled_from(("a.csv", "a.txt", "a.tsv", "a.po", "a")))
def test_detect_answers_a_format_or_our_error(head: bytes, name: str):
    try:
        assert detect(Path(name), head) in READERS
    except InputFileError as exc:
        assert name in str(exc)


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_every_sample_is_a_good_file(tmp_path, fmt):
    """The fuzzing starts from files that import: damage is what makes them fail."""
    with glossary.open(tmp_path / "ok.db") as g:
        path = tmp_path / f"sample.{fmt}"
        path.write_text(SAMPLES[fmt], encoding="utf-8")
        report = g.import_path(path)
        assert report.format == fmt and report.added > 0 and not report.errors
