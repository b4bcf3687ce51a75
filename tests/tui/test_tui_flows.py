"""The terminal UI's flows driven by key presses: TM and concordance, the entry and TM unit
forms, delete and undo, import (with cancel), export, recognise, palette and help."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable, Static
from tui_helpers import (
    SENTENCE,
    SIZE,
    TARGET,
    column,
    detail_text,
    paste,
    run_from_palette,
    search,
    settle,
    type_text,
)

import glossary
from tui.app import GlossaryApp
from tui.keys import ACTIONS, shown_key
from tui.latest import Channel
from tui.screens import (
    ConfirmScreen,
    EntryForm,
    ExportScreen,
    HelpScreen,
    ImportScreen,
    QAScreen,
    RecognizeScreen,
    TMUnitForm,
)
from tui.screens import export_file as export_module
from tui.screens import import_file as import_module
from tui.screens.help import key_rows
from tui.widgets import MemoryTable, SearchBox


def memory(app: GlossaryApp) -> MemoryTable:
    return app.main.query_one("#memory", MemoryTable)


def styled(cell: Text, style: Style) -> str:
    """The characters of a cell carrying `style`."""
    return "".join(cell.plain[s.start:s.end] for s in cell.spans if s.style == style)


def text_of(app: GlossaryApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


# TM matches and concordance ----------------------------------------------------------------


async def test_tm_matches_show_score_and_mark_what_differs(tm) -> None:
    app = GlossaryApp(tm)
    async with app.run_test(size=SIZE) as pilot:
        query = "他说，创新是引领发展的第一动力，保护专利就是保护创新。"
        await search(app, pilot, query)
        table = memory(app)
        assert table.row_count == 1
        match = tm.tm_search(query)[0]
        assert 50 < match.score < 100
        assert str(table.get_cell_at((0, 0))) == f"{match.score}%"
        source = table.get_cell_at((0, 1))
        assert source.plain == SENTENCE
        differing = "".join(SENTENCE[a:b] for a, b in match.spans)
        assert "知识产权" in differing
        assert styled(source, table.get_component_rich_style("memory-table--diff",
                                                             partial=True)) == differing
        assert table.border_title == "TM matches (1)"


async def test_tm_list_focus_shows_the_unit_and_copies_its_target(tm, notes) -> None:
    app = GlossaryApp(tm)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, SENTENCE)
        assert str(memory(app).get_cell_at((0, 0))) == "100%"
        await pilot.press("tab", "tab")  # search → terms → TM
        assert app.focused is memory(app)
        assert "TM unit #1 · 100% match" in detail_text(app)
        assert "he said" in detail_text(app)
        await pilot.press("ctrl+y")
        assert app.clipboard == TARGET
        await pilot.press("up")  # up on the first TM row leaves the list
        assert app.focused is not memory(app)


async def test_concordance_marks_occurrences_on_both_sides(tm) -> None:
    app = GlossaryApp(tm)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await search(app, pilot, "知识产权")
        table = memory(app)
        assert table.border_title == "Concordance (2)"
        assert "score" not in table.columns
        hit = table.get_component_rich_style("memory-table--hit", partial=True)
        sources = [table.get_cell_at((r, 0)) for r in range(table.row_count)]
        assert {styled(cell, hit) for cell in sources} == {"知识产权"}
        await pilot.press("ctrl+o")  # back to fuzzy matches for the same text
        await settle(app, pilot)
        assert table.border_title.startswith("TM matches")
        assert "score" in table.columns


async def test_stale_tm_results_do_not_overwrite_newer_ones(tm) -> None:
    app = GlossaryApp(tm)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, SENTENCE)
        screen = app.main
        assert screen.show_memory(screen.lookups.memory.seq - 1, False, []) is False
        assert memory(app).row_count == 1


@pytest.mark.parametrize("quick", [0.0, 10.0])  # lower matches after a pause, or at once
async def test_lower_matches_follow_the_75_percent_ones(g, monkeypatch, quick) -> None:
    from tui.screens.search import lookups

    monkeypatch.setattr(lookups, "QUICK_SEARCH", quick)
    monkeypatch.setattr(lookups, "LOW_MATCHES_PAUSE", 0.05)
    g.add_tm_unit("加强知识产权保护", "strengthen IPR protection", "zh-CN", "en")  # 80%
    g.add_tm_unit("知识产权保护", "IPR protection", "zh-CN", "en")  # 60%
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main
        painted: list[tuple[list[int | None], bool]] = []
        show = screen.show_memory

        def record(seq, concordance, rows, final=True):  # type: ignore[no-untyped-def]
            if rows and show(seq, concordance, rows, final):
                painted.append(([r.score for r in rows], final))
            return True

        screen.show_memory = record  # type: ignore[method-assign]
        await search(app, pilot, "加强知识产权保护工作")
        if quick:  # a small memory: every match at once, on every keystroke
            assert painted[-1] == ([80, 60], True) and all(final for _, final in painted)
        else:
            assert painted[-2:] == [([80], False), ([80, 60], True)]
        table = memory(app)
        assert [str(table.get_cell_at((r, 0))) for r in range(table.row_count)] == ["80%", "60%"]


def test_channel_tells_a_waiting_worker_of_a_newer_request() -> None:
    channel: Channel[str] = Channel()
    seq, _ = channel.ask("知识")
    assert channel.newer_within(seq, 0.01) is False  # nobody typed: the low pass runs
    threading.Timer(0.02, channel.ask, ["知识产"]).start()
    assert channel.newer_within(seq, 5) is True  # a keystroke came: it is skipped


def test_channel_runs_one_request_at_a_time_and_keeps_only_the_newest() -> None:
    channel: Channel[str] = Channel()
    assert channel.ask("a") == (1, True)
    assert channel.ask("ab") == (2, False)  # a worker is running: no second one
    assert channel.ask("abc") == (3, False)
    assert channel.take() == (3, "abc")  # the stale ones are skipped
    assert channel.take() is None  # the worker stops; the next request starts one
    assert channel.ask("x") == (4, True)
    assert channel.is_current(4) and not channel.is_current(3)


# entries: add, edit, delete, undo ----------------------------------------------------------


async def test_add_entry_form_prefilled_from_the_search(g, notes) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "商标")
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#entry-zh").value == "商标"
        assert app.focused.id == "entry-en"
        await type_text(app, pilot, "trademark")
        await pilot.press("tab", "tab")
        await type_text(app, pilot, "law")
        await pilot.press("tab")
        await pilot.press("enter", "down", "enter")  # part of speech: (none) → noun
        await pilot.press("tab", "enter", "down", "enter")  # status: preferred → admitted
        await pilot.press("tab")
        await type_text(app, pilot, "A sign that distinguishes goods.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, EntryForm)
        assert column(app, "zh") == ["商标"]
        concept = g.lookup("商标")[0].concept
        assert (concept.en, concept.domain, concept.status) == ("trademark", "law", "admitted")
        assert concept.definition == "A sign that distinguishes goods."
        assert concept.preferred(True).pos == "noun"
        assert notes[-1][0].startswith(f"Added #{concept.id}")
        assert "5 entries" in app.sub_title


async def test_add_entry_requires_both_sides_and_can_be_cancelled(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", *"商标", "enter")
        form = app.screen
        assert isinstance(form, EntryForm)
        assert "English term is required" in text_of(app, "#entry-error")
        assert app.focused.id == "entry-en"
        await pilot.press("escape")  # the typed 商标 would be lost: asks first
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, EntryForm)
        assert g.stats()["concepts"] == 4


async def test_a_refused_save_reopens_the_form_with_the_error(g, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise glossary.GlossaryError("the domain 'lawz' is not known")

    monkeypatch.setattr(g, "add_entry", refuse)
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+n", *"商标", "tab", *"trademark", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, EntryForm)
        assert app.screen.query_one("#entry-en").value == "trademark"
        assert "'lawz' is not known" in text_of(app, "#entry-error")


async def test_adding_a_twin_entry_is_refused(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "专利法")
        await pilot.press("ctrl+n")
        await type_text(app, pilot, "patent law")
        await pilot.press("tab", "tab")
        await type_text(app, pilot, "law")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, EntryForm)
        assert "#2 is already 专利法 — Patent Law in law" in text_of(app, "#entry-error")
        app.screen.query_one("#entry-domain").value = "patents"  # another domain is fine
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, EntryForm)
        assert g.stats()["concepts"] == 5


async def test_edit_entry_then_undo(g, notes) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "专利法")
        await pilot.press("f2")
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.query_one("#entry-en").value == "Patent Law"
        await pilot.press("tab", "ctrl+u")  # ctrl+u: clear the field
        await type_text(app, pilot, "patent law")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert g.lookup("专利法")[0].concept.en == "patent law"
        assert "patent law" in detail_text(app)
        await pilot.press("f2", "ctrl+s")  # saving without changes changes nothing
        await settle(app, pilot)
        assert notes[-1][0] == "Nothing changed."
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert g.lookup("专利法")[0].concept.en == "Patent Law"
        assert column(app, "en") == ["Patent Law"]


async def test_delete_asks_first_and_undo_brings_it_back(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "法治")
        await pilot.press("f8")
        assert isinstance(app.screen, ConfirmScreen)
        assert "法治" in str(app.screen.query_one("#confirm-question", Static).content)
        await pilot.press("enter")  # the focused button is Cancel
        await settle(app, pilot)
        assert column(app, "zh") == ["法治"]
        await pilot.press("down", "delete", "y")  # in the list, the delete key
        await settle(app, pilot)
        assert column(app, "zh") == []
        assert g.stats()["concepts"] == 3
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert column(app, "zh") == ["法治"]


async def test_edit_with_nothing_highlighted_warns(g, notes) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "nothing like this")
        await pilot.press("f2", "f8")
        assert not isinstance(app.screen, EntryForm | ConfirmScreen)
        assert notes[-1] == ("No entry is highlighted.", "warning")


# TM units ------------------------------------------------------------------------------------


async def test_add_tm_unit_from_the_query(tm) -> None:
    app = GlossaryApp(tm)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "保护知识产权就是保护创新")
        await pilot.press("ctrl+t")
        form = app.screen
        assert isinstance(form, TMUnitForm)
        assert form.query_one("#tm-source").value == "保护知识产权就是保护创新"
        assert "zh-CN → en" in text_of(app, "#tm-langs")
        await pilot.press("enter")  # the target is required
        assert "translation is required" in text_of(app, "#tm-error")
        await type_text(app, pilot, "Protecting IPR is protecting innovation.")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, TMUnitForm)
        assert str(memory(app).get_cell_at((0, 0))) == "100%"
        match = tm.tm_search("保护知识产权就是保护创新")[0]
        assert (match.source_lang, match.target_lang) == ("zh-CN", "en")
        assert match.target == "Protecting IPR is protecting innovation."


async def test_tm_unit_languages_follow_the_source_script(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "Patent law matters")
        await pilot.press("ctrl+t")
        assert "en → zh-CN" in text_of(app, "#tm-langs")
        await pilot.press(*"专利法很重要", "ctrl+s")
        await settle(app, pilot)
        match = g.tm_search("Patent law matters")[0]
        assert (match.source_lang, match.target_lang) == ("en", "zh-CN")


# import ---------------------------------------------------------------------------------------


async def test_import_picks_a_file_and_lists_the_rejected_units(g, inbox) -> None:
    app = GlossaryApp(g, imports=inbox)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, ImportScreen)
        await settle(app, pilot)
        tree = app.screen.query_one("#import-tree")
        assert [n.label.plain for n in tree.root.children] == ["terms.csv"]
        await pilot.press("down", "enter")  # the file under the root
        assert app.screen.query_one("#import-path").value == str(inbox / "terms.csv")
        await pilot.press("enter")  # the Import button has focus
        await settle(app, pilot)
        summary = text_of(app, "#import-summary-text")
        assert "format CSV" in summary and "1 entries added" in summary
        assert "2 rejected" in summary
        assert "line 3: the English term is empty" in summary
        assert "status 'bogus'" in summary
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert "5 entries" in app.sub_title
        assert "商标" in column(app, "zh")


async def test_import_a_typed_path_that_fails_leaves_the_database(g, tmp_path) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><body><tu>", encoding="utf-8")
    app = GlossaryApp(g, imports=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+l", "tab")
        await paste(app, pilot, str(tmp_path / "missing.csv"))
        await pilot.press("enter")
        assert "no such file" in text_of(app, "#import-summary-text")
        app.screen.query_one("#import-path").value = str(broken)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Import failed" in text_of(app, "#import-summary-text")
        assert g.stats()["concepts"] == 4


def memory_csv(path: Path, units: int) -> Path:
    """A TM as CSV of that many zh → en units."""
    rows = [f"zh-CN,第{i}句话,en,sentence number {i}" for i in range(units)]
    path.write_text("source_lang,source,target_lang,target\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def hold(monkeypatch, module, function: str,
         callback: str) -> tuple[threading.Event, threading.Event]:
    """Make a dialog's core call (`module.function`) wait at the first call of one of its
    callbacks ("progress", "indexing"), after passing it on, until released; returns
    (started, release)."""
    started, release = threading.Event(), threading.Event()
    real = getattr(module, function)

    def held(*args, **kwargs):
        passed = kwargs[callback]

        def waits(*figures: int) -> None:
            passed(*figures)
            if not started.is_set():
                started.set()
                release.wait(10)

        return real(*args, **{**kwargs, callback: waits})

    monkeypatch.setattr(module, function, held)
    return started, release


def hold_import(monkeypatch, callback: str) -> tuple[threading.Event, threading.Event]:
    return hold(monkeypatch, import_module, "import_file", callback)


async def start_import(app, pilot, path: Path, started: threading.Event) -> None:
    """Open the import dialog, type the path, start, and wait for the held callback."""
    await settle(app, pilot)
    await pilot.press("ctrl+l", "tab")
    await paste(app, pilot, str(path))
    await pilot.press("enter")
    assert await asyncio.to_thread(started.wait, 10)


async def test_cancelled_import_changes_nothing(g, tmp_path, monkeypatch) -> None:
    big = memory_csv(tmp_path / "big.csv", 5000)
    started, release = hold_import(monkeypatch, "progress")
    app = GlossaryApp(g, imports=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_import(app, pilot, big, started)
        assert app.screen.query_one("#import-close").label.plain.startswith("Cancel")
        await pilot.press("escape")  # cancels; does not close while importing
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, ImportScreen)
        assert "Import cancelled" in text_of(app, "#import-summary-text")
        assert g.stats()["tm_units"] == 0
        await pilot.press("escape")
        assert not isinstance(app.screen, ImportScreen)


async def test_while_the_index_is_updated_the_import_can_no_longer_be_cancelled(
        g, tmp_path, monkeypatch) -> None:
    memory = memory_csv(tmp_path / "memory.csv", 50)
    started, release = hold_import(monkeypatch, "indexing")
    app = GlossaryApp(g, imports=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_import(app, pilot, memory, started)
        await pilot.pause()
        assert "50 units stored; indexing them for search" in text_of(app, "#import-summary-text")
        assert app.screen.query_one("#import-close").disabled
        await pilot.press("escape")  # neither cancels nor closes: the units are stored
        assert isinstance(app.screen, ImportScreen)
        release.set()
        await settle(app, pilot)
        assert "50 TM units added" in text_of(app, "#import-summary-text")
        assert not app.screen.query_one("#import-close").disabled
        await pilot.press("escape")
        assert not isinstance(app.screen, ImportScreen)
    assert g.tm_search("第7句话", 100)[0].target == "sentence number 7"


# export ---------------------------------------------------------------------------------------


async def test_export_as_po_with_a_domain(tm, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = GlossaryApp(tm)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter", "down", "enter")  # format: TMX → PO
        await pilot.press("tab", "enter", "down", "enter")  # what: tm → terms
        await pilot.press("tab", *"law")
        path = app.screen.query_one("#export-path").value
        assert path == str(tmp_path / "glossary-terms.po")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        summary = text_of(app, "#export-summary-text")
        assert "4 entries exported as PO" in summary
        assert "msgid" in Path(path).read_text(encoding="utf-8")


async def test_cancelled_export_leaves_the_file_as_it_was(tm, tmp_path, monkeypatch) -> None:
    tm.import_path(memory_csv(tmp_path / "memory.csv", 10_000))  # progress every 5000 units
    target = tmp_path / "out.tmx"
    target.write_text("the export of last week", encoding="utf-8")
    started, release = hold(monkeypatch, export_module, "export_file", "progress")
    app = GlossaryApp(tm)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("ctrl+s")
        assert await asyncio.to_thread(started.wait, 10)
        assert app.screen.query_one("#export-close").label.plain.startswith("Cancel")
        await pilot.press("escape")  # cancels; does not close while exporting
        release.set()
        await settle(app, pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "Export cancelled" in text_of(app, "#export-summary-text")
        assert target.read_text(encoding="utf-8") == "the export of last week"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportScreen)


async def test_export_tbx_holds_terms_only(tm, tmp_path) -> None:
    app = GlossaryApp(tm)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s", "enter", "down", "down", "enter")  # TBX
        screen = app.screen
        assert screen.query_one("#export-what").value == "terms"
        screen.query_one("#export-path").value = str(tmp_path / "out.tbx")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "exported as TBX" in text_of(app, "#export-summary-text")
        assert (tmp_path / "out.tbx").exists()
        screen.query_one("#export-path").value = str(tmp_path / "no" / "out.tbx")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Export failed" in text_of(app, "#export-summary-text")
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportScreen)


# terminology QA ------------------------------------------------------------------------------


async def test_qa_lists_a_forbidden_term_and_shows_its_entry(tmp_path) -> None:
    terms = tmp_path / "terms.csv"
    terms.write_text("zh,en,status\n专利法,Patent Law,preferred\n专利法,Patent Rules,forbidden\n",
                     encoding="utf-8")
    translated = tmp_path / "tm.csv"
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
            await paste(app, pilot, str(translated))
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = screen.query_one("#qa-issues", DataTable)
            assert table.row_count == 1
            row = dict(zip([str(k.value) for k in table.columns],
                           [str(c) for c in table.get_row_at(0)], strict=True))
            assert (row["kind"], row["term"].lower()) == ("forbidden", "patent rules")
            assert "Use: Patent Law" in str(screen.query_one("#qa-detail-body", Static).content)
            assert "1 unit checked, 1 issue" in text_of(app, "#qa-summary")
            await pilot.press("enter")
            await settle(app, pilot)
            assert not isinstance(app.screen, QAScreen)
            assert app.main.search_text == "专利法"
            assert app.main.query_one("#results").highlighted.concept.zh == "专利法"
            assert "Patent Law" in detail_text(app)
            await pilot.press("ctrl+g")  # the last path is offered again
            assert app.screen.query_one("#qa-path").value == str(translated)
            await pilot.press("escape")
            assert not isinstance(app.screen, QAScreen)


# recognise, palette, help ---------------------------------------------------------------------


async def test_recognise_marks_terms_and_lists_translations(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        screen = app.screen
        assert isinstance(screen, RecognizeScreen)
        await type_text(app, pilot, "要依法治国，保护知识产权和IPR。")
        await settle(app, pilot)
        table = screen.query_one("#recognize-terms", DataTable)
        rows = [[str(table.get_cell_at((r, c))) for c in range(4)]
                for r in range(table.row_count)]
        assert rows == [["法治", "rule by law", "forbidden", "1"],
                        ["知识产权", "intellectual property rights", "preferred", "1"],
                        ["IPR", "知识产权", "preferred", "1"]]
        preview = screen.query_one("#recognize-preview", Static).content
        forbidden = screen.get_component_rich_style("recognize-screen--forbidden",
                                                    partial=True)
        assert styled(preview, forbidden) == "法治"
        await pilot.press("tab", "down", "ctrl+y")
        assert app.clipboard == "intellectual property rights"
        await pilot.press("escape")
        assert not isinstance(app.screen, RecognizeScreen)


async def test_command_palette_offers_every_action(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await run_from_palette(app, pilot, "add tm unit")
        assert isinstance(app.screen, TMUnitForm)


async def test_help_lists_every_key_of_the_search_screen(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        listed = {key for key, _ in key_rows()}
        for action in ACTIONS:
            assert shown_key(action.key) in listed
            assert hasattr(app.main, f"action_{action.action}")
        for binding in app.main.BINDINGS:
            assert binding.key in listed or binding.key == "escape" or "esc" in listed


async def test_dialogs_fit_at_80x24(tm, inbox) -> None:
    app = GlossaryApp(tm, imports=inbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await search(app, pilot, "知识产权")
        assert app.main.query_one("#memory").size.height >= 4
        assert app.main.query_one("#results").size.height >= 4
        for key, last in (("ctrl+n", "#entry-cancel"), ("ctrl+l", "#import-close"),
                          ("ctrl+s", "#export-close"), ("ctrl+t", "#tm-cancel")):
            await pilot.press(key)
            await settle(app, pilot)
            button = app.screen.query_one(last)
            assert button.region.bottom <= 24 and button.region.right <= 80, key
            await pilot.press("escape")
            await settle(app, pilot)
        assert isinstance(app.focused, SearchBox)


def test_row_logic_and_core_calls_do_not_need_textual() -> None:
    """What the screens show and send is decided in modules a test can use without a UI."""
    import subprocess
    import sys

    code = ("import sys, tui.rows, tui.latest, tui.core, tui.marks; "
            "print('textual' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"
