"""The workbench flows: browse → filter → edit → see it in search; bulk changes; find and
replace previewed, applied and undone; history undoing an older change; rolling back an
import; escaped control characters; the browse table following another process."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Static
from tui_helpers import run_from_palette, search, settle, type_text

import glossary
from glossary.models import Term
from tui.app import GlossaryApp
from tui.screens.browse import EntryBrowser, MemoryBrowser
from tui.screens.history import HistoryScreen
from tui.screens.replace import ReplaceScreen

SIZE = (100, 30)
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence"
 adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>专利申请已受理。</seg></tuv>
<tuv xml:lang="en"><seg>The patent application was accepted.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>商标注册。</seg></tuv>
<tuv xml:lang="en"><seg>Trademark registration.</seg></tuv></tu>
</body></tmx>
"""


def rendered(widget: Static) -> str:
    out = io.StringIO()
    Console(file=out, width=160, color_system=None).print(widget.content)
    return out.getvalue()


def rows(app: GlossaryApp, table_id: str = "#browse-table") -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def open_screen(app: GlossaryApp, pilot, key: str, kind: type) -> None:
    await settle(app, pilot)
    await pilot.press(key)
    await settle(app, pilot)
    assert isinstance(app.screen, kind)


async def test_browse_filter_edit_then_see_it_in_search(g, notes) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await run_from_palette(app, pilot, "Browse the glossary")
        assert isinstance(app.screen, EntryBrowser)
        assert len(rows(app)) == 4
        app.screen.query_one("#f-text", Input).focus()
        await type_text(app, pilot, "专利")
        await settle(app, pilot)
        assert [r[3] for r in rows(app)] == ["Patent Law"]
        await pilot.press("enter")  # from the filter to the table
        await pilot.press("f2")
        await settle(app, pilot)
        field = app.screen.query_one("#entry-en", Input)
        field.value = "Patent Act"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, EntryBrowser)
        assert [r[3] for r in rows(app)] == ["Patent Act"]
        await pilot.press("escape")
        await settle(app, pilot)
        await search(app, pilot, "专利法")
        assert "Patent Act" in rendered(app.query_one("#detail-body", Static)) + rendered(
            app.query_one("#detail-heading", Static))


async def test_browse_filters_by_status_and_missing_language_and_pages(g) -> None:
    only_zh = g.add_entry("商标", "trademark", domain="ip")
    only_zh.terms = only_zh.terms[:1]
    g.save_entry(only_zh)
    for i in range(60):
        g.add_tm_unit(f"第{i}条", f"Article {i}", "zh-CN", "en")
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, "f3", EntryBrowser)
        app.screen.query_one("#f-status").value = "forbidden"
        await settle(app, pilot)
        assert [r[2] for r in rows(app)] == ["法治"]
        app.screen.query_one("#f-status").clear()
        app.screen.query_one("#f-domain").value = "ip"
        await settle(app, pilot)
        assert [r[2] for r in rows(app)] == ["商标"]
        app.screen.query_one("#f-domain").clear()
        app.screen.query_one("#f-missing").value = "en"
        await settle(app, pilot)
        assert [r[2] for r in rows(app)] == ["商标"]
        app.screen.query_one("#f-missing").value = "zh"
        await settle(app, pilot)
        assert rows(app) == []
        await pilot.press("escape")
        await open_screen(app, pilot, "f4", MemoryBrowser)
        assert len(rows(app)) == 50
        status = app.screen.query_one("#browse-status", Static)
        assert "of 60 TM units" in rendered(status)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert [r[1] for r in rows(app)] == [str(i) for i in range(51, 61)]
        assert "Page 2 · 10 of 60 TM units" in rendered(status)  # kept, not counted again
        app.screen.query_one("#f-text").value = "第1"  # 第1条, 第10条 … 第19条
        await settle(app, pilot)
        assert "Page 1 · 11 of 11 TM units" in rendered(status)
        app.screen.query_one("#f-text").clear()
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert rows(app)[0][1] == "1"


async def test_bulk_status_and_delete_from_the_browser(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, "f3", EntryBrowser)
        await pilot.press("space", "space")  # the first two entries
        await pilot.press("b")
        await settle(app, pilot)
        question = rendered(app.screen.query_one(".dialog-title", Static))
        assert "every term of the 2 selected entries" in question and "Chinese" in question
        await pilot.press("down", "down", "enter")  # preferred, admitted, deprecated
        await settle(app, pilot)
        assert {t.status for t in g.get_entry(1).terms} == {"deprecated"}
        assert {t.status for t in g.get_entry(2).terms} == {"deprecated"}
        assert {t.status for t in g.get_entry(4).terms} == {"deprecated"}  # as it was
        await pilot.press("space")
        await pilot.press("delete")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert len(rows(app)) == 3
        assert g.history_changes(limit=1)[0].summary.startswith("delete")


async def test_find_and_replace_preview_apply_then_undo(tm, notes) -> None:
    app = GlossaryApp(tm)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await run_from_palette(app, pilot, "Find and replace in the memory")
        assert isinstance(app.screen, ReplaceScreen)
        await type_text(app, pilot, "IPR")
        await pilot.press("tab")
        await type_text(app, pilot, "IP rights")
        await pilot.press("enter")
        await settle(app, pilot)
        status = rendered(app.screen.query_one("#replace-status", Static))
        assert "1 occurrence in 1 unit" in status
        assert rows(app, "#replace-table")[0][2:] == ["strengthen IPR protection",
                                                       "strengthen IP rights protection"]
        assert tm.history_changes(action="replace") == []  # nothing written by a preview
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert [m.target for m in tm.tm_search("加强知识产权保护", min_score=100)] == [
            "strengthen IP rights protection"]
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        await open_screen(app, pilot, "f7", HistoryScreen)
        assert "replace" in rows(app, "#history-table")[0][3]
        await pilot.press("u")
        await settle(app, pilot)
        assert [m.target for m in tm.tm_search("加强知识产权保护", min_score=100)] == [
            "strengthen IPR protection"]
        assert rows(app, "#history-table")[0][3].startswith("undo #")


async def test_history_undoes_an_older_change_and_says_why_when_it_cannot(g, notes) -> None:
    g.edit_entry(1, en="IP rights")
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await run_from_palette(app, pilot, "History")
        assert isinstance(app.screen, HistoryScreen)
        summaries = [r[3] for r in rows(app, "#history-table")]
        assert summaries[0].startswith("edit entry #1")
        assert summaries[1].startswith("add entry #4")
        await pilot.press("down")  # add entry #4, which nothing later touched
        await settle(app, pilot)
        assert "can be undone" in rendered(app.screen.query_one("#history-detail", Static))
        await pilot.press("u")
        await settle(app, pilot)
        assert g.get_entries([4]) == []
        assert g.get_entry(1).en == "IP rights"
        app.screen.query_one("#history-table", DataTable).move_cursor(row=5)
        await settle(app, pilot)
        assert "add entry #1" in rows(app, "#history-table")[5][3]
        await pilot.press("u")
        await settle(app, pilot)
        assert g.get_entry(1).en == "IP rights"  # refused: the edit came later
        assert any("later" in message for message, _ in notes)


async def test_roll_back_an_import_from_the_memory_browser(g, tmp_path: Path) -> None:
    path = tmp_path / "client.tmx"
    path.write_text(TMX, encoding="utf-8")
    g.add_tm_unit("版权", "copyright", "zh-CN", "en")
    g.import_path(path)
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, "f4", MemoryBrowser)
        assert [r[4] for r in rows(app)] == ["by hand", "client.tmx", "client.tmx"]
        await pilot.press("down", "x")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert [r[2] for r in rows(app)] == ["版权"]
        assert g.imports() == []
        assert "· 1 TM unit" in str(app.sub_title)  # the title's counts follow at once
        await pilot.press("escape")
        await settle(app, pilot)
        assert "· 1 TM unit" in str(app.sub_title)


async def test_control_characters_are_shown_escaped_everywhere(g) -> None:
    evil = g.add_entry("危险\x1b[2J", "evil\u202eword", note="bell\x07")
    g.add_tm_unit("危险\x1b[2J句子", "target\u202e", "zh-CN", "en")
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "危险")
        shown = rendered(app.query_one("#detail-heading", Static)) + rendered(
            app.query_one("#detail-body", Static))
        assert "危险\\x1b[2J" in shown and "evil\\u202eword" in shown
        assert "\x1b" not in shown and "\u202e" not in shown
        await pilot.press("escape", "escape")
        await open_screen(app, pilot, "f3", EntryBrowser)
        table = app.screen.query_one("#browse-table", DataTable)
        table.move_cursor(row=[r[1] for r in rows(app)].index(str(evil.id)))
        await settle(app, pilot)
        cells = " ".join(" ".join(r) for r in rows(app))
        detail = rendered(app.screen.query_one("#browse-detail-body", Static))
        for text in (cells, detail):
            assert "\\x1b[2J" in text and "\\u202e" in text
            assert "\x1b" not in text and "\u202e" not in text
        assert "bell\\x07" in detail
        await pilot.press("escape")
        await open_screen(app, pilot, "f4", MemoryBrowser)
        memory = " ".join(" ".join(r) for r in rows(app)) + rendered(
            app.screen.query_one("#browse-detail-body", Static))
        assert "\\x1b[2J" in memory and "\\u202e" in memory and "\x1b" not in memory
        await pilot.press("escape")
        await open_screen(app, pilot, "f7", HistoryScreen)
        history = " ".join(" ".join(r) for r in rows(app, "#history-table")) + rendered(
            app.screen.query_one("#history-detail", Static))
        assert "\\x1b[2J" in history and "\x1b" not in history and "\u202e" not in history


async def test_the_browser_follows_another_process_and_keeps_the_selection(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(app, pilot, "f3", EntryBrowser)
        await pilot.press("down", "space")  # entry 2 selected, cursor on entry 3
        app.screen.query_one("#f-from", Input).value = "2000"  # a half-typed filter
        await settle(app, pilot)
        with glossary.open(g.path) as other:
            other.add_entry("商标", "trademark")
        for _ in range(30):
            await asyncio.sleep(0.1)
            await settle(app, pilot)
            if len(rows(app)) == 5:
                break
        assert len(rows(app)) == 5
        assert app.screen.marked == {2}
        assert rows(app)[1][0] == "✓"
        assert app.screen.query_one("#f-from", Input).value == "2000"


@pytest.fixture
def fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A small glossary whose dates and author do not depend on the day of the run."""
    monkeypatch.setenv("GLOSSARY_USER", "mei")
    for module in ("glossary.store.termbase", "glossary.store.history"):
        monkeypatch.setattr(f"{module}.now", lambda: "2026-01-01T00:00:00Z")
    with glossary.open(tmp_path / "fixed.db") as db:
        db.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law")
        db.add_entry("专利法", "Patent Law", domain="law")
        db.add_entry("法治", "rule by law", status="forbidden", domain="law",
                     note="Different concept; use 'rule of law'.")
        db.edit_entry(2, en="Patent Act")
        yield db


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_browse_snapshot(fixed, snap_compare, size) -> None:
    async def run(pilot) -> None:
        await settle(pilot.app, pilot)
        await pilot.press("f3")
        await settle(pilot.app, pilot)
        await pilot.press("down")
        await settle(pilot.app, pilot)

    assert snap_compare(GlossaryApp(fixed), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_memory_browse_snapshot(fixed, snap_compare, monkeypatch, size) -> None:
    """The memory browser opened from a search: narrowed to the units matching it."""
    monkeypatch.setattr("glossary.store.memory.now", lambda: "2026-01-01T00:00:00Z")
    fixed.add_tm_unit("专利申请已受理。", "The patent application was accepted.", "zh-CN", "en")
    fixed.add_tm_unit("专利申请已驳回。", "The patent application was rejected.", "zh-CN", "en")
    fixed.add_tm_unit("商标注册。", "Trademark registration.", "zh-CN", "en")

    async def run(pilot) -> None:
        await settle(pilot.app, pilot)
        await search(pilot.app, pilot, "专利申请已受理。")
        await pilot.press("f4")
        await settle(pilot.app, pilot)

    assert snap_compare(GlossaryApp(fixed), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_history_snapshot(fixed, snap_compare, size) -> None:
    """The newest change, highlighted, is a term-level edit: the detail pane shows it; an
    older change is undone, so the table's last column has something to show."""
    fixed.undo(fixed.history_changes(action="add", object_id=3)[0].id)
    entry = fixed.get_entry(1)
    entry.terms[0].status = "admitted"
    entry.terms.append(Term("en", "IP rights", status="admitted"))
    fixed.save_entry(entry)

    async def run(pilot) -> None:
        await settle(pilot.app, pilot)
        await pilot.press("f7")
        await settle(pilot.app, pilot)

    assert snap_compare(GlossaryApp(fixed), terminal_size=size, run_before=run)


async def test_qa_picks_a_file_from_the_tree_and_shows_source_and_target(tmp_path) -> None:
    from textual.widgets import DirectoryTree

    from tui.screens import QAScreen

    terms = tmp_path / "terms.csv"
    terms.write_text("zh,en,status\n专利法,Patent Law,preferred\n专利法,Patent Rules,forbidden\n",
                     encoding="utf-8")
    folder = tmp_path / "client"
    folder.mkdir()
    translated = folder / "tm.csv"
    translated.write_text("source_lang,source,target_lang,target\n"
                          "zh-CN,修订专利法。,en,Revise the patent rules.\n", encoding="utf-8")
    with glossary.open(tmp_path / "qa.db") as db:
        db.import_path(terms)
        app = GlossaryApp(db)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("ctrl+g")
            screen = app.screen
            assert isinstance(screen, QAScreen)
            screen.path = str(folder / "earlier.po")  # the picker opens where it was
            await pilot.press("ctrl+o")
            await settle(app, pilot)
            tree = screen.query_one("#qa-tree", DirectoryTree)
            tree.post_message(DirectoryTree.FileSelected(tree.root, translated))
            await settle(app, pilot)
            assert screen.query_one("#qa-path", Input).value == str(translated)
            table = screen.query_one("#qa-issues", DataTable)
            row = dict(zip([str(k.value) for k in table.columns],
                           [str(c) for c in table.get_row_at(0)], strict=True))
            assert row["kind"] == "forbidden"
            assert (row["source"], row["target"]) == ("修订专利法。", "Revise the patent rules.")


async def test_terms_form_edits_each_term_and_adds_a_synonym(g, notes) -> None:
    from textual.widgets import Select

    from tui.screens.terms_form import TermsForm

    app = GlossaryApp(g)
    async with app.run_test(size=(130, 40)) as pilot:
        await search(app, pilot, "知识产权")
        await pilot.press("f9")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, TermsForm)
        form.query_one("#term-3-status", Select).value = "admitted"
        form.query_one("#term-3-note", Input).value = "spell it out first"
        form.query_one("#term-2-pos", Select).value = "noun"
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        form.query_one("#term-4-text", Input).value = "IP rights"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        terms = {t.text: t for t in g.get_entry(1).terms}
        assert (terms["IPR"].status, terms["IPR"].note) == ("admitted", "spell it out first")
        assert terms["intellectual property rights"].pos == "noun"
        assert (terms["IP rights"].type, terms["IP rights"].status) == ("variant", "admitted")
        await pilot.press("f9")  # a second synonym with the same key is refused, kept
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        app.screen.query_one("#term-5-text", Input).value = "ip RIGHTS"
        app.screen.query_one("#term-5-lang", Input).value = "en"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, TermsForm)
        assert "twice" in rendered(app.screen.query_one("#terms-error", Static))
        assert len(g.get_entry(1).terms) == 4


async def test_terms_form_removes_a_synonym_at_80x24(g) -> None:
    from tui.screens.terms_form import TermsForm

    app = GlossaryApp(g)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "知识产权")
        await pilot.press("f9")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, TermsForm)
        assert form.query_one("#term-3-text", Input).value == "IPR"
        form.query_one("#term-3-remove").focus()
        await pilot.press("enter")  # the ✕ of the IPR row
        await settle(app, pilot)
        assert not form.query("#term-3")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, TermsForm)
        assert [t.text for t in g.get_entry(1).terms] == ["知识产权",
                                                          "intellectual property rights"]


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_terms_form_snapshot(fixed, snap_compare, size) -> None:
    """The term-by-term form of an entry with three terms: at 80 columns each term
    takes two lines, so its text and note have room."""
    async def run(pilot) -> None:
        await search(pilot.app, pilot, "知识产权")
        await pilot.press("f9")
        await settle(pilot.app, pilot)

    assert snap_compare(GlossaryApp(fixed), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_replace_preview_snapshot(fixed, snap_compare, monkeypatch, size) -> None:
    """Find and replace, previewed: every change listed with its counts, nothing written."""
    monkeypatch.setattr("glossary.store.memory.now", lambda: "2026-01-01T00:00:00Z")
    fixed.add_tm_unit("加强知识产权保护。", "Strengthen IPR protection.", "zh-CN", "en")
    fixed.add_tm_unit("知识产权局", "the IPR office", "zh-CN", "en")

    async def run(pilot) -> None:
        await settle(pilot.app, pilot)
        await run_from_palette(pilot.app, pilot, "Find and replace in the memory")
        await type_text(pilot.app, pilot, "IPR")
        await pilot.press("tab")
        await type_text(pilot.app, pilot, "IP rights")
        await pilot.press("enter")
        await settle(pilot.app, pilot)

    assert snap_compare(GlossaryApp(fixed), terminal_size=size, run_before=run)
