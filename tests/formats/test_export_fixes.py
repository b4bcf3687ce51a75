"""Export fixes: a PO holds every English-Chinese unit of one script, turned round when
need be; entries left out are named and grouped; a CSV reads row by row as it imports."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import polib
from formats_support import IMPORTS, entries_of, msgfmt_problems, needs_msgfmt, units_of

import glossary
from glossary.models import Term

PO_HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
             '"Language: {lang}\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n')
SIMPLIFIED = {"Save": "保存", "Delete": "删除", "Integer": "整数", "Enter a valid date.":
              "输入一个有效的日期。", **{f"Item {i}": f"第{i}项" for i in range(12)}}
TRADITIONAL = {"Save": "儲存", "Delete": "刪除", "Integer": "整數"}


def po_file(folder: Path, name: str, lang: str, entries: dict[str, str]) -> Path:
    body = "".join(f'\nmsgid "{k}"\nmsgstr "{v}"\n' for k, v in entries.items())
    path = folder / name
    path.write_text(PO_HEADER.format(lang=lang) + body, encoding="utf-8")
    return path


def memory(g, folder: Path) -> None:
    """The user's memory: the zh -> en article, en -> zh_CN and en -> zh_TW PO files;
    most units go en -> zh, so the PO does too."""
    g.import_path(IMPORTS / "ipr-article-tm.csv")
    g.import_path(po_file(folder, "cn.po", "zh_CN", SIMPLIFIED))
    g.import_path(po_file(folder, "tw.po", "zh_TW", TRADITIONAL))


def test_po_of_the_memory_turns_zh_en_units_round_and_keeps_one_script(tmp_path):
    with glossary.open(tmp_path / "a.db") as g:
        memory(g, tmp_path)
        g.add_tm_unit("保存", "Save", "zh-CN", "en")  # a pair held both ways round
        g.add_tm_unit("Save", "存盘", "en", "zh-CN")  # another translation: kept, msgctxt (2)
        article = [u for u in units_of(g) if u["source_lang"] == "zh-CN" and u["source"] != "保存"]
        assert len(article) == 14
        path = tmp_path / "tm.po"
        report = g.export(path, what="tm")
        assert (report.written, report.left_out) == (14 + 16 + 1, 3)
        assert any(n.startswith("1 units held the same pair") for n in report.notes)
        traditional = [n for n in report.notes if "Traditional" in n]
        assert len(traditional) == 1 and traditional[0].startswith("3 units in Traditional")
        assert "--target-lang zh-TW" in traditional[0]
        if shutil.which("msgfmt"):
            assert msgfmt_problems(path) == []
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == "zh_CN"
        entries = {(e.msgid, e.msgctxt): e.msgstr for e in po}
        for unit in article:  # English msgid, Chinese msgstr, the context kept
            assert entries[(unit["target"], unit["context"])] == unit["source"]
        assert not set(TRADITIONAL.values()) & set(entries.values())
        assert entries[("Save", None)] == "保存" and entries[("Save", "(2)")] == "存盘"

        tw = g.export(tmp_path / "tw.po", what="tm", target_lang="zh-TW")
        assert (tw.written, tw.left_out) == (3, 14 + 16 + 2)
        assert {e.msgstr for e in polib.pofile(str(tmp_path / "tw.po"))} == \
            set(TRADITIONAL.values())

    with glossary.open(tmp_path / "b.db") as again:  # re-import: one en -> zh-CN memory
        report = again.import_path(path)
        assert report.added == 31
        units = units_of(again)
        assert {(u["source_lang"], u["target_lang"]) for u in units} == {("en", "zh-CN")}
        assert {(u["source"], u["target"], u["context"]) for u in units} >= \
            {(u["target"], u["source"], u["context"]) for u in article}


@needs_msgfmt
def test_turned_round_po_passes_msgfmt(tmp_path):
    with glossary.open(tmp_path / "a.db") as g:
        memory(g, tmp_path)
        g.import_path(IMPORTS / "ipr-glossary.csv")
        for name, options in (("tm.po", {}), ("all.po", {"what": "all"}),
                              ("zh.po", {"source_lang": "zh"}),
                              ("tw.po", {"target_lang": "zh-TW"})):
            g.export(tmp_path / name, **options)
            assert msgfmt_problems(tmp_path / name) == [], name
        msgids = {e.msgid for e in polib.pofile(str(tmp_path / "zh.po"))}
        assert "习近平强调加强知识产权保护" in msgids and "保存" in msgids


def chinese_only(g, count: int) -> None:
    for i in range(count):
        g.termbase.insert({"domain": "law"}, [Term("zh-Hans", f"术语{i:02d}")], log=False)


def test_entries_left_out_are_named_in_one_grouped_note(tmp_path):
    with glossary.open(tmp_path / "a.db") as g:
        g.add_entry("知识产权", "intellectual property rights", abbr="IPR")
        chinese_only(g, 20)
        g.termbase.insert({}, [Term("en", "English only")], log=False)
        for name, fmt in (("t.tmx", "tmx"), ("t.po", "po"), ("t.csv", "csv")):
            report = g.export(tmp_path / name, what="terms")
            assert (report.written, report.left_out) == (1, 21), fmt
            assert len(report.notes) <= 2, report.notes
            joined = "\n".join(report.notes)
            assert "术语00" in joined and "术语02" in joined and "术语03" not in joined
            if fmt == "csv":
                assert report.notes[0].startswith("21 entries left out")
                assert "and 18 more" in report.notes[0]
            else:
                assert report.notes[0].startswith("20 entries left out")
                assert "no English term" in report.notes[0] and "and 17 more" in report.notes[0]
                assert report.notes[1].startswith("1 entry left out")
                assert "English only" in report.notes[1]


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def test_csv_export_is_laid_out_as_the_import_file_and_every_row_reads_true(tmp_path):
    fields = ("lang", "text", "status", "type", "pos", "note")
    with glossary.open(tmp_path / "a.db") as g:
        g.import_path(IMPORTS / "ipr-glossary.csv")
        path = tmp_path / "out.csv"
        g.export(path)
        rows = csv_rows(path)
        ipr = [r[:3] + r[5:6] for r in rows if r[0] == "知识产权"]
        assert ipr == [["知识产权", "intellectual property rights", "IPR", "preferred"],
                       ["知识产权", "intellectual property", "IP", "admitted"],
                       ["知识产权", "IP rights", "知产", "admitted"]]
        # every term a row adds has the row's status; a term written on an earlier row
        # (the anchor of a variant row) is never shown on a row with another status
        terms = {t.text: t.status for c in g.entries(1000) for t in c.terms}
        seen: set[str] = set()
        for row in rows[1:]:
            added = [text for text in row[:3] if text and text not in seen]
            assert added, row
            assert all(terms[text] == (row[5] or "preferred") for text in added), row
            seen.update(text for text in row[:3] if text)
        with glossary.open(tmp_path / "b.db") as again:
            again.import_path(path)
            assert entries_of(again, ("domain", "definition", "note"), fields) == \
                entries_of(g, ("domain", "definition", "note"), fields)


def test_csv_abbreviation_with_nothing_to_ride_on_keeps_its_status(tmp_path):
    fields = ("lang", "text", "status", "type", "pos", "note")
    with glossary.open(tmp_path / "a.db") as g:
        g.termbase.insert({"domain": "law"}, [
            Term("zh-Hans", "知识产权"), Term("en", "intellectual property rights"),
            Term("en", "intellectual property", "admitted", note="the field"),
            Term("en", "IPR", "deprecated", "abbreviation"),
            Term("zh-Hans", "知产", "admitted", "abbreviation", note="informal"),
        ], log=False)
        path = tmp_path / "out.csv"
        g.export(path)
        assert [r[:3] + r[5:6] for r in csv_rows(path)[1:]] == [
            ["知识产权", "intellectual property rights", "", "preferred"],
            ["知识产权", "intellectual property", "", "admitted"],
            ["知识产权", "intellectual property rights", "IPR", "deprecated"],
            ["知识产权", "intellectual property rights", "知产", "admitted"],
        ]
        with glossary.open(tmp_path / "b.db") as again:
            again.import_path(path)
            assert entries_of(again, ("domain",), fields) == entries_of(g, ("domain",), fields)
