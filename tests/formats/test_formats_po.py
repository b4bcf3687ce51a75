"""PO/POT: context, plurals, fuzzy and obsolete entries, the header, msgfmt, round trip."""

from __future__ import annotations

import polib
import pytest
from formats_support import (
    exporter,
    importer,
    msgfmt_problems,
    needs_msgfmt,
    round_trip,
    store_units,
    tm_unit,
    units_of,
)
from hypothesis import given
from hypothesis import strategies as st

from glossary import InputFileError

PO = r'''# Translators:
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: zh_Hans\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#. Translators: the month
msgctxt "abbrev. month"
msgid "May"
msgstr "五月"

msgctxt "long month"
msgid "May"
msgstr "五月份"

#, python-format
msgid "%(count)d item"
msgid_plural "%(count)d items"
msgstr[0] "%(count)d 项"

#, fuzzy
msgid "Save"
msgstr "保存"

msgid "Untranslated"
msgstr ""

#~ msgid "Old"
#~ msgstr "旧"
'''


def test_context_plurals_fuzzy_obsolete_and_header_language(g, write_file):
    report = g.import_path(write_file("django.po", PO))
    assert (report.format, report.added, report.skipped) == ("po", 4, 3)
    units = {(u["context"], u["source"]): u for u in units_of(g)}
    assert units[("abbrev. month", "May")]["target"] == "五月"
    assert units[("long month", "May")]["target"] == "五月份"
    assert units[("", "%(count)d items")]["target"] == "%(count)d 项"
    assert {u["target_lang"] for u in units.values()} == {"zh-Hans"}
    assert {u["source_lang"] for u in units.values()} == {"en"}
    assert units[("abbrev. month", "May")]["note"] == "Translators: the month"


def test_fuzzy_entries_on_request_keep_their_status(g, write_file):
    report = importer(g).import_path(write_file("django.po", PO), fuzzy=True)
    assert report.added == 5
    assert [u["status"] for u in units_of(g) if u["source"] == "Save"] == ["fuzzy"]


def test_target_language_option_and_missing_header(g, write_file):
    text = PO.replace('"Language: zh_Hans\\n"\n', "")
    importer(g).import_path(write_file("django.po", text), target_lang="zh_TW")
    assert {u["target_lang"] for u in units_of(g)} == {"zh-TW"}


def test_content_decides_not_the_name(g, write_file):
    report = g.import_path(write_file("messages.txt", PO))
    assert report.format == "po"


def test_syntax_error_names_the_file(g, write_file):
    with pytest.raises(InputFileError, match=r"django.po, line 34: PO syntax error"):
        g.import_path(write_file("django.po", PO + '\nmsgid "a"\nmsgstr "b"\nnot po at all\n'))
    assert units_of(g) == []


@needs_msgfmt
def test_export_passes_msgfmt_with_chinese_header_and_duplicates(g, write_file, tmp_path):
    g.import_path(write_file("django.po", PO))
    g.add_tm_unit("May", "五月 (旧)", "en", "zh-Hans", context="abbrev. month")
    g.add_tm_unit("Line\n", "行\n", "en", "zh-Hans")
    g.add_tm_unit("\nBad", "坏", "en", "zh-Hans")  # gettext cannot hold this one
    path = tmp_path / "out.po"
    report = exporter(g).export(path)
    assert (report.written, report.left_out) == (6, 1) and "newline" in report.notes[0]
    assert msgfmt_problems(path) == []
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "zh_Hans"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    contexts = sorted(e.msgctxt or "" for e in po if e.msgid == "May")
    assert contexts == ["abbrev. month", "abbrev. month (2)", "long month"]


@needs_msgfmt
def test_terms_export_has_domain_and_definition_as_comments(ipr, tmp_path):
    path = tmp_path / "terms.po"
    exporter(ipr).export(path, what="terms")
    assert msgfmt_problems(path) == []
    entry = polib.pofile(str(path)).find("intellectual property rights")
    assert entry.msgstr == "知识产权" and "domain: law" in entry.comment


PO_FIELDS = ("source_lang", "source", "target_lang", "target", "context", "status", "note",
             "domain")


@round_trip
@given(units=st.lists(tm_unit(("en", "zh-Hans"), markup=False), max_size=6),
       repeats=st.lists(st.integers(0, 5), max_size=3))
def test_round_trip_gives_back_every_unit(fresh_pair, units, repeats):
    units = [u for u in units if not u["source"].startswith("\n")]
    for i in repeats:  # same text, same context, another translation
        if i < len(units):
            units.append({**units[i], "target": units[i]["target"] + "（二）"})
    if units:
        units[0]["status"] = "fuzzy"
    with fresh_pair("po") as (folder, a, b):
        store_units(a, units)
        exporter(a).export(folder / "out.po")
        importer(b).import_path(folder / "out.po", fuzzy=True)
        assert units_of(b, PO_FIELDS) == units_of(a, PO_FIELDS)
