"""The terminal UI driven as a user would: keys in, table rows, detail text and clipboard out."""

from __future__ import annotations

import asyncio
import threading

from tui_helpers import SIZE, column, detail_text, search, settle, table

import glossary
from tui.app import GlossaryApp
from tui.rows import ResultRow, translation
from tui.screens import HelpScreen
from tui.widgets import ResultsTable, SearchBox
from tui.widgets.results_table import fit_widths


async def test_launch_lists_entries_with_focus_in_search(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.focused, SearchBox)
        assert column(app, "zh") == ["知识产权", "专利法", "法治", "侵权"]
        assert column(app, "match") == ["", "", "", ""]
        assert g.path.name in app.sub_title and "4 entries" in app.sub_title
        assert "知识产权" in detail_text(app)


async def test_traditional_query_finds_simplified_entry_first(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "知識產權")
        assert column(app, "zh")[0] == "知识产权"
        assert column(app, "match")[0] == "exact"


async def test_full_width_abbreviation_finds_entry(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "ＩＰＲ")
        assert column(app, "zh") == ["知识产权"]
        assert "◀ matched" in detail_text(app)


async def test_detail_shows_every_term_and_statuses(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = detail_text(app)
        for expected in ("知识产权", "intellectual property rights", "IPR", "abbreviation",
                         "preferred", "law"):
            assert expected in text
        await pilot.press("down", "down", "down")  # into the list, onto 法治
        await pilot.pause()
        text = detail_text(app)
        assert "rule by law" in text and "forbidden" in text
        assert "use 'rule of law'" in text


async def test_forbidden_and_deprecated_rows_are_coloured(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        t = table(app)
        status = list(t.columns).index("status")
        styles = {str(t.get_cell_at((r, 0))): t.get_cell_at((r, status)).style
                  for r in range(t.row_count)}
        forbidden = t.get_component_rich_style("results-table--forbidden", partial=True)
        assert styles["法治"] == forbidden and forbidden.bold and forbidden.color is not None
        assert styles["侵权"] == t.get_component_rich_style("results-table--deprecated",
                                                          partial=True)
        assert styles["专利法"] == ""


async def test_enter_and_up_move_between_search_and_results(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "专利")
        await pilot.press("enter")
        assert isinstance(app.focused, ResultsTable)
        await pilot.press("up")
        assert isinstance(app.focused, SearchBox)
        await pilot.press("down")
        assert isinstance(app.focused, ResultsTable)
        await pilot.press(*"法治")  # typing in the list starts a new search
        await settle(app, pilot)
        assert isinstance(app.focused, SearchBox)
        assert app.query_one(SearchBox).value == "法治"
        assert column(app, "zh") == ["法治"]


async def test_copy_puts_the_other_language_on_the_clipboard(g, notes) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "知识产权")
        await pilot.press("ctrl+y")
        assert app.clipboard == "intellectual property rights"
        assert notes[-1][0].startswith("Copied")
        await pilot.press("escape")
        await search(app, pilot, "IPR")
        await pilot.press("ctrl+y")
        assert app.clipboard == "知识产权"


async def test_copying_a_forbidden_term_warns(g, notes) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "法治")
        await pilot.press("ctrl+y")
        assert app.clipboard == "rule by law"
        assert notes[-1][1] == "warning" and "forbidden" in notes[-1][0]


async def test_undo_after_add_removes_the_entry(g, notes) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        g.add_entry("商标", "trademark", domain="law")
        await search(app, pilot, "商标")
        assert column(app, "zh") == ["商标"]
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert table(app).row_count == 0
        assert "No entry matches" in detail_text(app)
        assert any(message.startswith("Undid add") for message, _ in notes)
        assert "4 entries" in app.sub_title


async def test_escape_clears_the_query_and_shows_all_entries(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "IPR")
        assert table(app).row_count == 1
        await pilot.press("enter", "escape")  # from the list: back to the search field
        assert isinstance(app.focused, SearchBox)
        assert app.query_one(SearchBox).value == "IPR"
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.query_one(SearchBox).value == ""
        assert table(app).row_count == 4


async def test_help_opens_and_closes(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("?")  # in the search field, ? is a character
        assert app.query_one(SearchBox).value == "?"
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("down", "?")  # in the list, it is help
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("?")
        assert not isinstance(app.screen, HelpScreen)


async def test_stale_results_do_not_overwrite_newer_ones(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "专利法")
        assert column(app, "zh") == ["专利法"]
        # An older, slower lookup finishing now, through the same path a worker takes.
        screen = app.main
        screen.lookups.lookup_job(screen.lookups.terms.seq - 1, "")
        await pilot.pause()
        assert column(app, "zh") == ["专利法"]
        assert screen.show_results(screen.lookups.terms.seq - 1, "", []) is False
        assert column(app, "zh") == ["专利法"]


async def test_readable_at_80x24(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "知识产权")
        assert app.screen.has_class("-narrow")
        t = table(app)
        assert sum(c.get_render_width(t) for c in t.columns.values()) <= t.size.width
        assert app.query_one("#detail").size.height >= 6


def test_fit_widths_keeps_every_column_on_screen() -> None:
    natural = {"zh": 20, "en": 60, "domain": 10, "status": 30, "match": 9}
    widths = fit_widths(natural, 60)
    assert sum(widths.values()) <= 60
    assert widths["match"] == 9 and widths["status"] >= 10
    assert fit_widths({"zh": 4, "en": 10, "domain": 3, "status": 9, "match": 5}, 60) == {
        "zh": 4, "en": 10, "domain": 3, "status": 9, "match": 5}


def test_translation_follows_the_matched_side(g) -> None:
    concept = g.lookup("IPR")[0].concept
    english_hit = g.lookup("IPR")[0]
    assert translation(ResultRow(concept, "exact", english_hit.term), "IPR").text == "知识产权"
    chinese_hit = g.lookup("知识产权")[0]
    assert translation(ResultRow(concept, "exact", chinese_hit.term), "知识产权").text == (
        "intellectual property rights")
    assert translation(ResultRow(concept), "").text == "intellectual property rights"


async def test_a_lookup_error_is_shown_not_fatal(g, notes, monkeypatch) -> None:
    def broken(query: str, limit: int = 20) -> list:
        raise glossary.GlossaryError("the database is being migrated; try again")

    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(g, "lookup", broken)
        await search(app, pilot, "IPR")
        assert ("the database is being migrated; try again", "error") in notes
        assert app.is_running


async def test_a_sentence_lists_the_terms_in_it(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "要依法治国，保护知识产权")
        assert column(app, "zh") == ["法治", "知识产权"]
        assert column(app, "match") == ["in text", "in text"]


async def test_a_write_waiting_for_another_process_says_so_in_the_ui(g, notes) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        waiting = threading.Thread(target=g.store.on_wait,
                                   args=("waiting for an import of big.tmx to finish…",))
        waiting.start()
        await asyncio.to_thread(waiting.join)  # the UI runs while the worker tells it
        await settle(app, pilot)
    assert ("waiting for an import of big.tmx to finish…", "information") in notes
    assert g.store.on_wait is None  # the UI's own hook goes with it


async def test_what_another_process_adds_shows_up_and_the_selection_stays(g, tmp_path) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "知识产权")
        table = app.query_one(ResultsTable)
        table.move_cursor(row=1)
        kept = table.highlighted
        assert kept is not None
        before = len(table.rows_shown)
        with glossary.open(g.path) as colleague:  # a connection of its own, as a CLI has
            colleague.add_entry("知识产权局", "intellectual property office")
        total = f"{len(g.entries(limit=1000))} entries"
        for _ in range(40):  # the UI polls once a second; the counts come apart
            await pilot.pause(0.1)
            if len(table.rows_shown) > before and total in app.sub_title:
                break
        assert any(r.concept.en == "intellectual property office" for r in table.rows_shown)
        assert table.highlighted is not None and table.highlighted.key == kept.key
        assert total in app.sub_title
