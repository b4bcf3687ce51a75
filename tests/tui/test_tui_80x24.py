"""The terminal UI at 80×24, as a user sees it: what the footer, the help screen, the
dialogs and the recognise table show, read from the rendered screen lines."""

from __future__ import annotations

import pytest
from tui_helpers import run_from_palette, search, settle, type_text

from tui.app import GlossaryApp
from tui.keys import ACTIONS, shown_key
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
from tui.screens.help import key_rows
from tui.screens.history import HistoryScreen
from tui.screens.terms_form import TermsForm

SMALL = (80, 24)
LONG_ZH = "关于强化知识产权保护的意见"
LONG_EN = "Opinions on Strengthening the Protection of Intellectual Property Rights"


def screen_lines(app: GlossaryApp) -> list[str]:
    """The text of the top screen, line by line, as it is painted."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: GlossaryApp) -> str:
    return "\n".join(screen_lines(app))


def footer_line(app: GlossaryApp) -> str:
    return screen_lines(app)[-1]


# 1. the footer -----------------------------------------------------------------------------


async def test_footer_at_80x24_shows_help_and_quit(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await search(app, pilot, "知识产权")
        footer = footer_line(app)
        for shown in ("f1 Help", "^q Quit", "^p palette", "^l Import", "^s Export", "^g QA",
                      "f3 Browse"):
            assert shown in footer, footer
        for action in ACTIONS:  # every label the footer offers is shown whole, none cut
            if action.footer:
                assert f" {action.label} " in footer + " ", (action.label, footer)
        await pilot.press("down")  # in the term list the footer is the same
        assert "f1 Help" in footer_line(app) and "^q Quit" in footer_line(app)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_actions_left_out_of_the_footer_stay_in_palette_and_help(g) -> None:
    hidden = [a for a in ACTIONS if not a.footer]
    assert {a.action for a in hidden} >= {"copy", "history", "replace", "browse_memory"}
    listed = {key for key, _ in key_rows()}
    assert all(shown_key(a.key) in listed for a in hidden)
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        assert "History" not in footer_line(app)
        await run_from_palette(app, pilot, "History")
        assert isinstance(app.screen, HistoryScreen)


# 2. the help screen ------------------------------------------------------------------------


async def test_help_scrolls_at_80x24_and_says_how_to_close(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "esc to close" in text and "esc Close" in footer_line(app)
        assert "ctrl+q" not in text  # the last rows are below the fold
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        text = screen_text(app)
        assert "ctrl+q" in text and "quit" in text
        assert "esc to close" in text
        await pilot.press("home")
        await pilot.wait_for_scheduled_animations()
        assert "ctrl+q" not in screen_text(app)
        scroll = app.screen.query_one("#help-scroll")
        await pilot.press("pagedown")
        await pilot.wait_for_scheduled_animations()
        assert scroll.scroll_y > 0
        await pilot.press("home", "down")
        await pilot.wait_for_scheduled_animations()
        assert scroll.scroll_y == 1
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", [(60, 16), SMALL, (100, 30), (160, 50)])
async def test_help_close_hint_is_visible_at_every_size(g, size) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert "esc to close" in screen_text(app)
        assert "esc Close" in footer_line(app)


# 3. a footer on every dialog ---------------------------------------------------------------


@pytest.mark.parametrize(("keys", "screen", "shown"), [
    (("ctrl+g",), QAScreen, "esc Close"),
    (("ctrl+n",), EntryForm, "esc Cancel"),
    (("ctrl+t",), TMUnitForm, "esc Cancel"),
    (("ctrl+l",), ImportScreen, "esc Close"),
    (("ctrl+s",), ExportScreen, "esc Close"),
    (("down", "f8"), ConfirmScreen, "esc Cancel"),
])
async def test_every_dialog_has_a_footer_saying_how_to_leave(g, keys, screen, shown) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press(*keys)
        await settle(app, pilot)
        assert isinstance(app.screen, screen)
        assert shown in footer_line(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, screen)


# 4. esc in a changed form asks first -------------------------------------------------------


async def fill_in_new_entry(app: GlossaryApp, pilot) -> EntryForm:
    await settle(app, pilot)
    await pilot.press("ctrl+n")
    form = app.screen
    assert isinstance(form, EntryForm)
    await type_text(app, pilot, "商标")
    await pilot.press("tab")
    await type_text(app, pilot, "trademark")
    return form


async def test_esc_in_a_filled_in_form_asks_and_keeps_the_input(g, notes) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        form = await fill_in_new_entry(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard the changes" in screen_text(app)
        await pilot.press("n")  # no: back to the form, nothing lost
        assert app.screen is form
        assert form.query_one("#entry-zh").value == "商标"
        assert form.query_one("#entry-en").value == "trademark"
        await pilot.press("escape", "escape")  # esc on the question is "no" too
        assert app.screen is form
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, EntryForm)
        assert g.lookup("商标")[0].concept.en == "trademark"


async def test_confirmed_discard_closes_the_form_and_adds_nothing(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await fill_in_new_entry(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, (EntryForm, ConfirmScreen))
        assert g.stats()["concepts"] == 4


async def test_esc_in_an_unchanged_form_closes_at_once(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await search(app, pilot, "商标")
        await pilot.press("ctrl+n")  # prefilled from the search, not typed in
        assert isinstance(app.screen, EntryForm)
        await pilot.press("escape")
        assert not isinstance(app.screen, (EntryForm, ConfirmScreen))
        await pilot.press("escape")  # clear the search: all four entries
        await settle(app, pilot)
        await pilot.press("down", "f2")
        assert isinstance(app.screen, EntryForm)
        await pilot.press("escape")
        assert not isinstance(app.screen, (EntryForm, ConfirmScreen))


async def test_esc_in_a_changed_edit_form_asks(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await search(app, pilot, "专利法")
        await pilot.press("down", "f2")
        form = app.screen
        assert isinstance(form, EntryForm)
        await pilot.press("end", "backspace", "backspace", "backspace")
        await type_text(app, pilot, "Act")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, (EntryForm, ConfirmScreen))
        assert g.lookup("专利法")[0].concept.en == "Patent Law"


async def test_esc_in_a_filled_in_tm_unit_form_asks(g) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await search(app, pilot, "保护知识产权")
        await pilot.press("ctrl+t")
        form = app.screen
        assert isinstance(form, TMUnitForm)
        await type_text(app, pilot, "protect IPR")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen is form and form.query_one("#tm-target").value == "protect IPR"
        await pilot.press("escape", "y")
        await settle(app, pilot)
        assert not isinstance(app.screen, (TMUnitForm, ConfirmScreen))
        assert g.stats()["tm_units"] == 0


# 5. the term-by-term form gives the term and its note room to type ------------------------


@pytest.mark.parametrize("size", [SMALL, (100, 30)])
async def test_terms_form_term_text_and_note_are_wide_enough(g, size) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=size) as pilot:
        await search(app, pilot, "知识产权")
        await pilot.press("f9")
        await settle(app, pilot)
        assert isinstance(app.screen, TermsForm)
        for n in (1, 2, 3):
            text = app.screen.query_one(f"#term-{n}-text")
            note = app.screen.query_one(f"#term-{n}-note")
            assert text.size.width >= 20 and note.size.width >= 20, (n, text.size, note.size)
        lines = screen_text(app)
        assert "intellectual property rights" in lines  # shown whole, not cut to "in"
        assert "preferred" in lines and "abbreviation" in lines  # not wrapped in its select
        assert "Save (ctrl+s)" in lines  # the buttons are on screen too


# 6. the recognise table keeps its status column --------------------------------------------


async def test_recognise_table_shows_the_status_at_80x24(g) -> None:
    g.add_entry(LONG_ZH, LONG_EN, domain="law")
    app = GlossaryApp(g)
    async with app.run_test(size=SMALL) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        screen = app.screen
        assert isinstance(screen, RecognizeScreen)
        await type_text(app, pilot, f"{LONG_ZH}，不要说法治。")
        await settle(app, pilot)
        table = screen.query_one("#recognize-terms")
        assert table.row_count == 2
        widths = sum(c.get_render_width(table) for c in table.columns.values())
        assert widths <= table.content_size.width
        text = screen_text(app)
        assert "status" in text and "preferred" in text and "forbidden" in text
        assert "Opinions on" in text and LONG_EN not in text  # cut, with an ellipsis
        assert str(table.get_cell_at((0, 1))) == LONG_EN  # the copy is whole
