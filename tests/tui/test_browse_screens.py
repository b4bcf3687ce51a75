"""The browse screens' filters as a translator uses them: entries by the date they
were created (not only changed), and the memory narrowed to every unit matching the
search screen's query, beyond the few the search screen lists."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Select, Static
from tui_helpers import search, settle

import glossary
from tui.app import GlossaryApp
from tui.screens.browse import EntryBrowser, MemoryBrowser
from tui.widgets import MemoryTable

SIZE = (100, 30)
QUERY = "专利申请第1条已经受理。"


def rows(app: GlossaryApp) -> list[list[str]]:
    table = app.screen.query_one("#browse-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def status(app: GlossaryApp) -> str:
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(
        app.screen.query_one("#browse-status", Static).content)
    return out.getvalue()


async def open_browser(app: GlossaryApp, pilot, key: str, kind: type) -> None:
    await settle(app, pilot)
    await pilot.press(key)
    await settle(app, pilot)
    assert isinstance(app.screen, kind)


async def test_entries_filtered_by_created_or_changed_date(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    stamp = iter(["2025-01-10T09:00:00Z", "2026-02-15T09:00:00Z", "2026-03-01T09:00:00Z"])
    monkeypatch.setattr("glossary.store.termbase.now", lambda: next(stamp))
    with glossary.open(tmp_path / "dates.db") as db:
        db.add_entry("商标", "trademark")  # created 2025-01-10
        db.add_entry("专利", "patent")  # created 2026-02-15
        db.edit_entry(1, en="trade mark")  # the 2025 entry changed 2026-03-01
        app = GlossaryApp(db)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_browser(app, pilot, "f3", EntryBrowser)
            screen = app.screen
            screen.query_one("#f-from", Input).value = "2026-01-01"
            await settle(app, pilot)
            assert [r[2] for r in rows(app)] == ["商标", "专利"]  # both changed in 2026
            screen.query_one("#f-date", Select).value = "created"
            await settle(app, pilot)
            assert [r[2] for r in rows(app)] == ["专利"]
            screen.query_one("#f-from", Input).value = ""
            screen.query_one("#f-to", Input).value = "2025-12-31"
            await settle(app, pilot)
            assert [r[2] for r in rows(app)] == ["商标"]
            screen.query_one("#f-date", Select).value = "changed"
            await settle(app, pilot)
            assert rows(app) == []  # nothing was last changed before 2026


@pytest.fixture
def articles(g: glossary.Glossary) -> Iterator[glossary.Glossary]:
    """Sixty units that all match QUERY (and contain 已经受理), and one that does not."""
    for i in range(60):
        g.add_tm_unit(f"专利申请第{i}条已经受理。", f"Patent application {i} was accepted.",
                      "zh-CN", "en")
    g.add_tm_unit("商标注册。", "Trademark registration.", "zh-CN", "en")
    yield g


async def all_pages(app: GlossaryApp, pilot) -> list[str]:
    """The source of every unit listed, page after page."""
    seen = [r[2] for r in rows(app)]
    while not app.screen.page.at_end:
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        seen += [r[2] for r in rows(app)]
    return seen


async def test_memory_browser_lists_every_unit_matching_the_search(articles) -> None:
    app = GlossaryApp(articles)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, QUERY)
        assert len(app.query_one("#memory", MemoryTable).rows_shown) == 20  # the search's
        await open_browser(app, pilot, "f4", MemoryBrowser)
        listed = await all_pages(app, pilot)
        assert sorted(listed) == sorted(f"专利申请第{i}条已经受理。" for i in range(60))
        assert f"60 match “{QUERY}”" in status(app)
        assert "only the best" not in status(app)
        app.screen.query_one("#f-match", Select).clear()  # all units again
        await settle(app, pilot)
        assert "of 61 TM units" in status(app)


async def test_concordance_search_narrows_the_memory_to_units_containing_it(
        articles) -> None:
    app = GlossaryApp(articles)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "已经受理")
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        await open_browser(app, pilot, "f4", MemoryBrowser)
        assert len(await all_pages(app, pilot)) == 60
        assert "60 contain “已经受理”" in status(app)


async def test_memory_browser_says_when_only_the_best_matches_are_listed(
        articles, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.screens.browse.memory.MATCH_LIMIT", 25)
    app = GlossaryApp(articles)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, QUERY)
        await open_browser(app, pilot, "f4", MemoryBrowser)
        assert "专利申请第1条已经受理。" in await all_pages(app, pilot)  # the exact one is best
        assert "25 match" in status(app) and "only the best 25 are listed" in status(app)
        assert "of 25 TM units" in status(app)


async def test_a_query_with_brackets_is_shown_as_typed(g) -> None:
    g.add_tm_unit("[b]标记[/b]已经受理", "[b]mark[/b] accepted", "zh-CN", "en")
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "[b]标记")
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        await open_browser(app, pilot, "f4", MemoryBrowser)
        assert "1 contain “[b]标记”" in status(app)


async def test_units_filtered_by_the_date_their_file_says_they_were_created(
        g: glossary.Glossary, tmp_path) -> None:
    """A TMX carries each unit's creation and change dates: both units were revised in
    2024, and only "created" tells the 2019 translation from the 2024 one."""
    tus = "".join(
        f'<tu creationdate="{when}" changedate="20240801T120000Z">'
        f'<tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
        for when, zh, en in (("20190301T120000Z", "专利法", "Patent Law"),
                             ("20240705T120000Z", "商标法", "Trademark Law")))
    tmx = tmp_path / "old.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header '
                   'creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" '
                   f'adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>{tus}'
                   "</body></tmx>", encoding="utf-8")
    assert g.import_path(tmx).added == 2
    app = GlossaryApp(g)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(app, pilot, "f4", MemoryBrowser)
        screen = app.screen
        screen.query_one("#f-to", Input).value = "2020-12-31"
        await settle(app, pilot)
        assert rows(app) == []  # by "changed", both are from August 2024
        screen.query_one("#f-date", Select).value = "created"
        await settle(app, pilot)
        assert [r[2] for r in rows(app)] == ["专利法"]
        assert "1 of 1 TM units" in status(app)


def header_at(table: DataTable, name: str) -> tuple[int, int]:
    """Where a column's header is, from the table's top left corner (past its border)."""
    x = table.content_region.x - table.region.x
    for key, column in table.columns.items():
        if key.value == name:
            return x + 1, table.content_region.y - table.region.y
        x += column.get_render_width(table)
    raise AssertionError(f"no column {name}")


async def test_a_click_on_a_column_header_sorts_by_it(tmp_path) -> None:
    with glossary.open(tmp_path / "three.db") as g:
        for zh, en, domain in (("商标", "trademark", "trade"), ("专利", "patent", "law"),
                               ("版权", "copyright", "culture")):
            g.add_entry(zh, en, domain=domain)
        app = GlossaryApp(g)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_browser(app, pilot, "f3", EntryBrowser)
            table = app.screen.query_one("#browse-table", DataTable)
            domain = header_at(table, "domain")
            await pilot.click("#browse-table", offset=domain)
            await settle(app, pilot)
            assert [r[4] for r in rows(app)] == ["culture", "law", "trade"]
            assert "domain ↑" in [str(c.label) for c in table.columns.values()]
            await pilot.click("#browse-table", offset=domain)  # again: the other way
            await settle(app, pilot)
            assert [r[4] for r in rows(app)] == ["trade", "law", "culture"]
            assert "domain ↓" in [str(c.label) for c in table.columns.values()]
            await pilot.click("#browse-table", offset=header_at(table, "zh"))
            await settle(app, pilot)  # not a sort: said, and the order stays
            assert [r[4] for r in rows(app)] == ["trade", "law", "culture"]
