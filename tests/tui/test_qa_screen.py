"""Terminology QA as a person sees it: the issues table fits the terminal (source and
target both on screen at 80×24), the highlighted issue is shown whole in the detail pane,
and the file picker gets the room it needs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import DataTable, DirectoryTree, Static
from tui_helpers import paste, settle

import glossary
from tui.app import GlossaryApp
from tui.screens import QAScreen

LONG_SOURCE = ("全国人大常委会表决通过关于修改专利法的决定，新修订的专利法将于明年六月一日起施行，"
               "加大对侵犯知识产权行为的惩处力度。")
LONG_TARGET = ("The Standing Committee of the National People's Congress voted to amend the "
               "patent rules; the revised law takes effect on 1 June next year and raises the "
               "penalties for infringing intellectual property rights.")


@pytest.fixture
def qa_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A glossary with a preferred and a forbidden translation of 专利法, and a translated
    file beside it (tm.csv, in the working folder so the path typed is the same each run)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "terms.csv").write_text(
        "zh,en,status\n专利法,Patent Law,preferred\n专利法,Patent Rules,forbidden\n"
        "知识产权,intellectual property rights,preferred\n", encoding="utf-8")
    (tmp_path / "tm.csv").write_text(
        "source_lang,source,target_lang,target\n"
        f"zh-CN,{LONG_SOURCE},en,\"{LONG_TARGET}\"\n"
        "zh-CN,修订专利法。,en,Revise the patent rules.\n"
        "zh-CN,保护知识产权。,en,Protect IP.\n", encoding="utf-8")
    with glossary.open(tmp_path / "qa.db") as db:
        db.import_path(tmp_path / "terms.csv")
        yield db


async def check(app: GlossaryApp, pilot) -> QAScreen:
    await settle(app, pilot)
    await pilot.press("ctrl+g")
    screen = app.screen
    assert isinstance(screen, QAScreen)
    await paste(app, pilot, "tm.csv")
    await pilot.press("enter")
    await settle(app, pilot)
    return screen


def detail(screen: QAScreen) -> str:
    """The detail pane's text as painted at its width, lines joined back into one text."""
    out = io.StringIO()
    body = screen.query_one("#qa-detail-body", Static)
    Console(file=out, width=body.size.width, color_system=None).print(body.content)
    return " ".join(out.getvalue().split())


def cells(screen: QAScreen, row: int) -> dict[str, str]:
    table = screen.query_one("#qa-issues", DataTable)
    return {str(key.value): str(cell)
            for key, cell in zip(table.columns, table.get_row_at(row), strict=True)}


async def test_the_highlighted_issue_is_shown_whole_at_80x24(qa_db) -> None:
    app = GlossaryApp(qa_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await check(app, pilot)
        table = screen.query_one("#qa-issues", DataTable)
        assert table.row_count == 3
        first = cells(screen, 0)
        assert first["kind"] == "forbidden"
        assert first["target"].startswith("The Standing")  # the target column is there
        # every column is on screen: the widths fit inside the table's own width
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= table.scrollable_content_region.width
        assert screen.query_one("#qa-detail").region.bottom <= 23  # above the footer
        shown = detail(screen)
        assert LONG_SOURCE in shown.replace(" ", "")  # wrapped, the whole sentence
        assert " ".join(LONG_TARGET.split()) in shown
        assert "Use: Patent Law" in shown
        await pilot.press("down", "down")  # the detail follows the highlight
        assert "Protect IP." in detail(screen)
        assert "intellectual property rights" in detail(screen)
        await pilot.press("enter")  # enter still shows the entry
        await settle(app, pilot)
        assert not isinstance(app.screen, QAScreen)
        assert app.main.search_text == "知识产权"


async def test_the_file_picker_gets_most_of_the_height_at_80x24(qa_db) -> None:
    app = GlossaryApp(qa_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        screen = app.screen
        tree = screen.query_one("#qa-tree", DirectoryTree)
        assert tree.size.height >= 10
        await pilot.press("escape")  # closes the picker, not the dialog
        await settle(app, pilot)
        assert isinstance(app.screen, QAScreen)
        assert not screen.query("#qa-tree")
        assert screen.query_one("#qa-issues").display


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_qa_snapshot(qa_db, snap_compare, size) -> None:
    async def run(pilot) -> None:
        await check(pilot.app, pilot)
        await pilot.press("down")
        await settle(pilot.app, pilot)

    assert snap_compare(GlossaryApp(qa_db), terminal_size=size, run_before=run)
