"""PO import -> export gives the catalogue back: plurals, flags, msgctxt, comments,
references, previous msgids; the compiled catalogue answers as the original does."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from formats_support import DATA, exporter, importer, msgfmt_problems, needs_msgfmt, round_trip
from hypothesis import given
from hypothesis import strategies as st

import glossary

STORED = ("source_lang", "source", "target_lang", "target", "context", "status", "note",
          "domain", "source_markup", "target_markup", "origin", "extras")
DJANGO = ["django-core-zh_Hans.po", "django-core-zh_Hant.po"]

BUILT = r'''# A catalogue with everything a PO entry can carry.
msgid ""
msgstr ""
"Project-Id-Version: demo\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Language: zh_CN\n"
"Plural-Forms: nplurals=1; plural=0;\n"

# Translator: keep it short
#. Shown on the toolbar
#: app/views.py:12 app/views.py:40
#: templates/base.html:3
#, python-format, no-c-format
#| msgid "Saved %(name)s"
msgctxt "toolbar"
msgid "Save %(name)s"
msgstr "保存 %(name)s"

#, python-brace-format
msgctxt "menu"
msgid "Save {name}"
msgstr "保存{name}"

#: app/models.py:7
#, python-format
#| msgid "%(count)d file"
#| msgid_plural "%(count)d files"
msgid "%(count)d item"
msgid_plural "%(count)d items"
msgstr[0] "%(count)d 项"

#, fuzzy
msgid "Draft"
msgstr "草稿"

msgid "Plain"
msgstr "普通"

#~ msgid "Old"
#~ msgstr "旧"
'''


def stored(g) -> list[dict]:
    rows = g.store.query(f"SELECT {', '.join(STORED)} FROM tm_units")
    return sorted(rows, key=lambda r: tuple(str(r[f]) for f in STORED))


def entries(path: Path) -> dict:
    """What a catalogue says, entry by entry (obsolete and untranslated ones aside)."""
    out = {}
    for e in polib.pofile(str(path)):
        if e.obsolete or not (e.msgstr or any(e.msgstr_plural.values())):
            continue
        out[(e.msgctxt, e.msgid)] = (e.msgid_plural, e.msgstr, dict(e.msgstr_plural),
                                     sorted(e.flags), e.tcomment, e.comment,
                                     sorted(e.occurrences), e.previous_msgid,
                                     e.previous_msgid_plural, e.previous_msgctxt)
    return out


def round_tripped(tmp_path: Path, source: Path, **options) -> tuple[Path, list, list]:
    """Import a PO, export it, import the export: (export, first rows, second rows)."""
    with glossary.open(tmp_path / "a.db") as a, glossary.open(tmp_path / "b.db") as b:
        importer(a).import_path(source, **options)
        out = tmp_path / "out.po"
        exporter(a).export(out)
        importer(b).import_path(out, **options)
        first, second = stored(a), stored(b)
    for row in first + second:
        row["origin"] = None  # the file name, which differs by design
    return out, first, second


def test_built_catalogue_comes_back_entry_for_entry(tmp_path):
    source = tmp_path / "demo.po"
    source.write_text(BUILT, encoding="utf-8")
    out, first, second = round_tripped(tmp_path, source, fuzzy=True)
    assert entries(out) == entries(source)
    assert first == second and len(first) == 6  # the plural entry is two units
    header = polib.pofile(str(out)).metadata
    assert header["Plural-Forms"] == "nplurals=1; plural=0;"
    assert header["Language"] == "zh_CN"
    text = out.read_text(encoding="utf-8")
    assert "#: app/views.py:12 app/views.py:40" in text
    assert '#| msgid "Saved %(name)s"' in text
    assert "#~" not in text  # obsolete entries are not memory


@needs_msgfmt
def test_built_catalogue_passes_msgfmt(tmp_path):
    source = tmp_path / "demo.po"
    source.write_text(BUILT, encoding="utf-8")
    out, _, _ = round_tripped(tmp_path, source)
    assert msgfmt_problems(out) == []


def test_a_plural_entry_of_two_forms_keeps_both(tmp_path):
    """A catalogue translating into English (two forms): every msgstr[n] comes back."""
    source = tmp_path / "en.po"
    source.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: en\\n"\n"X-Source-Language: zh_CN\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, python-format\nmsgid "%d 个文件"\nmsgid_plural "%d 个文件 (复数)"\n'
        'msgstr[0] "%d file"\nmsgstr[1] "%d files"\n', encoding="utf-8")
    out, first, second = round_tripped(tmp_path, source)
    entry = polib.pofile(str(out)).find("%d 个文件")
    assert entry.msgstr_plural == {0: "%d file", 1: "%d files"}
    assert "python-format" in entry.flags
    assert first == second


def test_an_edited_singular_is_the_entry_s_first_form(g, tmp_path):
    source = tmp_path / "demo.po"
    source.write_text(BUILT, encoding="utf-8")
    g.import_path(source)
    g.store.execute("UPDATE tm_units SET target = ? WHERE source = ?",
                    ("%(count)d 个项目", "%(count)d item"))
    out = tmp_path / "out.po"
    exporter(g).export(out)
    assert polib.pofile(str(out)).find("%(count)d item").msgstr_plural == {0: "%(count)d 个项目"}


def test_the_plural_unit_alone_is_written_as_a_plain_entry(g, tmp_path):
    """If the singular's unit is gone, the plural msgid's unit is still exported."""
    source = tmp_path / "demo.po"
    source.write_text(BUILT, encoding="utf-8")
    g.import_path(source)
    g.store.execute("DELETE FROM tm_units WHERE source = ?", ("%(count)d item",))
    out = tmp_path / "out.po"
    report = exporter(g).export(out)
    assert polib.pofile(str(out)).find("%(count)d items").msgstr == "%(count)d 项"
    assert report.written == 4


def _compiled(po: Path, folder: Path) -> gettext.GNUTranslations:
    mo = folder / (po.stem + ".mo")
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True,
                   capture_output=True)
    with mo.open("rb") as stream:
        return gettext.GNUTranslations(stream)


@needs_msgfmt
@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not here")
@pytest.mark.parametrize("name", DJANGO)
def test_django_catalogue_compiles_to_the_same_answers(name, tmp_path):
    source = DATA / name
    if not source.exists():
        pytest.skip(f"{name} is not in ../shared/data")
    out, first, second = round_tripped(tmp_path, source)
    assert msgfmt_problems(out) == []
    assert first == second  # import -> export -> import: the same stored units
    original, exported = _compiled(source, tmp_path), _compiled(out, tmp_path / "..")
    plurals = 0
    for e in polib.pofile(str(source)):
        if e.obsolete or "fuzzy" in e.flags:
            continue
        if e.msgid_plural:
            plurals += 1
            for n in (1, 5):
                want = (original.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                        if e.msgctxt else original.ngettext(e.msgid, e.msgid_plural, n))
                got = (exported.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                       if e.msgctxt else exported.ngettext(e.msgid, e.msgid_plural, n))
                assert got == want, (e.msgid, n)
        else:
            want = original.pgettext(e.msgctxt, e.msgid) if e.msgctxt else \
                original.gettext(e.msgid)
            got = exported.pgettext(e.msgctxt, e.msgid) if e.msgctxt else \
                exported.gettext(e.msgid)
            assert got == want, e.msgid
    assert plurals >= 10
    # the flags msgfmt checks placeholders by, on every entry that had them
    kept = entries(out)
    for key, value in entries(source).items():
        if "fuzzy" not in value[3]:
            assert kept[key][3] == value[3], key


@st.composite
def po_entry(draw, index: int) -> polib.POEntry:
    words = st.text(st.sampled_from("abcdef 知识产权保护%()s{}\"\\\t"), min_size=1, max_size=20)
    msgid = f"m{index} " + draw(words)
    entry = polib.POEntry(msgid=msgid, msgctxt=draw(st.none() | words),
                          tcomment=draw(st.sampled_from(["", "note", "两行\n注释"])),
                          comment=draw(st.sampled_from(["", "extracted", "domain: law"])),
                          flags=draw(st.lists(st.sampled_from(
                              ["python-format", "c-format", "no-wrap", "fuzzy"]),
                              unique=True, max_size=3)),
                          occurrences=draw(st.lists(st.tuples(
                              st.sampled_from(["a.py", "b/c.html"]),
                              st.sampled_from(["", "1", "42"])), unique=True, max_size=2)))
    if draw(st.booleans()):
        entry.msgid_plural = msgid + " (pl)"
        entry.msgstr_plural = {0: "译" + draw(words)}
    else:
        entry.msgstr = "译" + draw(words)
    return entry


@round_trip
@given(st.lists(st.integers(0, 9), min_size=1, max_size=6, unique=True).flatmap(
    lambda ids: st.tuples(*[po_entry(i) for i in ids])))
def test_any_catalogue_round_trips(fresh_pair, found):
    with fresh_pair("po") as (folder, a, b):
        po = polib.POFile(wrapwidth=0)
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN",
                       "Plural-Forms": "nplurals=1; plural=0;"}
        for entry in found:
            po.append(entry)
        source = folder / "in.po"
        po.save(str(source))
        importer(a).import_path(source, fuzzy=True)
        out = folder / "out.po"
        exporter(a).export(out)
        importer(b).import_path(out, fuzzy=True)
        first, second = stored(a), stored(b)
        for row in first + second:
            row["origin"] = None
        assert first == second
        assert entries(out) == entries(source)
        if shutil.which("msgfmt") and not msgfmt_problems(source):  # drawn text may not be
            assert msgfmt_problems(out) == []  # a valid python-format string to begin with
