"""The History screen as a user reads it: what an edit changed, field by field; older
changes loaded a page at a time; every column on screen at 80×24."""

from __future__ import annotations

from textual.widgets import DataTable, Static
from tui_helpers import run_from_palette, settle

import tui.screens.history as history_screen
from glossary.models import Term
from tui.app import GlossaryApp
from tui.screens.history import HistoryScreen

SMALL = (80, 24)


def ids(app: GlossaryApp) -> list[int]:
    table = app.screen.query_one("#history-table", DataTable)
    return [int(str(table.get_row_at(row)[0])) for row in range(table.row_count)]


def status(app: GlossaryApp) -> str:
    return str(app.screen.query_one("#browse-status", Static).content)


def screen_lines(app: GlossaryApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def open_history(app: GlossaryApp, pilot) -> None:
    await settle(app, pilot)
    await run_from_palette(app, pilot, "History")
    assert isinstance(app.screen, HistoryScreen)
    await settle(app, pilot)


async def test_a_term_level_edit_shows_what_changed_in_the_detail_pane(g) -> None:
    entry = g.get_entry(1)
    entry.terms[0].status = "admitted"
    entry.terms.append(Term("en", "IP rights", status="admitted"))
    g.save_entry(entry)
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await open_history(app, pilot)
        detail = "\n".join(screen_lines(app)[-8:])
        assert "~ 知识产权 status: preferred → admitted" in detail
        assert "+ “IP rights” added as en, admitted" in detail


async def test_older_changes_load_a_page_at_a_time(g, monkeypatch) -> None:
    monkeypatch.setattr(history_screen, "PAGE", 3)
    for n in range(3):
        g.add_tm_unit(f"句子{n}", f"sentence {n}", "zh-CN", "en")
    every = [c.id for c in g.history_changes(100)]  # 4 entries and 3 units added
    assert len(every) == 7
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await open_history(app, pilot)
        assert ids(app) == every[:3]
        assert "3 changes shown · o loads older ones" in status(app)
        await pilot.press("o")
        await settle(app, pilot)
        assert ids(app) == every[:6]
        await pilot.press("down", "down", "down", "down", "down")  # to the last row
        await settle(app, pilot)
        assert ids(app) == every  # reaching the end brought the rest
        assert "7 changes shown · no older ones" in status(app)
        await pilot.press("o")
        await settle(app, pilot)
        assert ids(app) == every  # nothing older: nothing repeated


async def test_an_undo_keeps_the_older_pages_loaded(g, monkeypatch) -> None:
    monkeypatch.setattr(history_screen, "PAGE", 2)
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await open_history(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert len(ids(app)) == 4
        await pilot.press("u")  # undo adding entry #4: one more change, the undo
        await settle(app, pilot)
        assert len(ids(app)) == 4 and "o loads older ones" in status(app)


async def test_every_column_shows_at_80x24_with_long_summaries(g) -> None:
    long_en = "Opinions on Strengthening the Protection of Intellectual Property Rights"
    g.add_entry("关于强化知识产权保护的意见", long_en)
    g.undo()
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await open_history(app, pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if " at " in line and "author" in line)
        assert "change" in header
        undone = next(line for line in lines if line.startswith(" 5 "))
        assert "add entry #5" in undone
        assert undone.rstrip(" ▁▂▃▄▅▆▇█▊").endswith("undone")
        assert "…" in undone and long_en not in undone
        await pilot.press("down")
        await settle(app, pilot)
        assert long_en in "\n".join(lines + screen_lines(app)[-8:])  # the detail has it

