"""Two users on one glossary, seen from the terminal UI: a save over an entry another
user changed since the form opened is refused with who and when, the typing stays, and
Reload shows the entry as stored; another user's edit shows up in an open search."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from pg_support import pg_url  # noqa: F401 - fixture
from textual.widgets import DataTable, Input, Static
from tui_helpers import SIZE, column, search, settle, type_text

import glossary
from tui.app import GlossaryApp
from tui.screens import EntryForm
from tui.screens.browse import EntryBrowser
from tui.screens.terms_form import TermsForm


def bob_renames_patent_law(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Meanwhile bob, on another connection, renames the entry the form shows."""
    monkeypatch.setenv("GLOSSARY_USER", "bob")
    with glossary.open(tmp_path / "t.db") as other:
        eid = other.lookup("专利法")[0].concept.id
        other.edit_entry(eid, en="Patent Act")
    return eid


async def test_a_stale_entry_form_is_refused_and_can_reload(
        g, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "专利法")
        await pilot.press("f2")
        assert isinstance(app.screen, EntryForm)
        eid = bob_renames_patent_law(tmp_path, monkeypatch)
        monkeypatch.setenv("GLOSSARY_USER", "alice")
        await pilot.press("tab", "ctrl+u")
        await type_text(app, pilot, "patent law")
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        form = app.screen
        assert isinstance(form, EntryForm)  # reopened, not closed
        error = str(form.query_one("#entry-error", Static).content)
        assert f"entry #{eid} was changed by bob at " in error
        assert "reload to see it" in error
        assert form.query_one("#entry-en", Input).value == "patent law"  # typing kept
        assert g.get_entry(eid).en == "Patent Act"  # bob's change stands

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert form.query_one("#entry-en", Input).value == "Patent Act"
        assert "Reloaded" in str(form.query_one("#entry-error", Static).content)
        form.query_one("#entry-domain", Input).value = "patents"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, EntryForm)
        stored = g.get_entry(eid)
        assert (stored.en, stored.domain) == ("Patent Act", "patents")
        assert column(app, "en") == ["Patent Act"]


async def test_another_users_edit_shows_up_in_an_open_search_on_postgresql(
        pg_url: str) -> None:  # noqa: F811 - the fixture of that name
    """The real thing: the second user is another process, the CLI's edit command."""
    with glossary.open(pg_url) as g:
        eid = g.add_entry("著作权", "copyright", domain="law").id
        app = GlossaryApp(g)
        async with app.run_test(size=SIZE) as pilot:
            await search(app, pilot, "著作权")
            assert column(app, "en") == ["copyright"]
            edit = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "glossary", "--db", pg_url, "edit", str(eid),
                "--en", "author's rights", stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE)
            _, err = await edit.communicate()
            assert edit.returncode == 0, err.decode()
            for _ in range(100):  # up to about 10 s; the screen polls once a second
                await pilot.pause(0.1)
                if column(app, "en") == ["author's rights"]:
                    break
            assert column(app, "en") == ["author's rights"]


async def test_a_stale_terms_form_is_refused_and_can_reload(
        g, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = GlossaryApp(g)
    async with app.run_test(size=SIZE) as pilot:
        await search(app, pilot, "专利法")
        await pilot.press("f9")
        assert isinstance(app.screen, TermsForm)
        eid = bob_renames_patent_law(tmp_path, monkeypatch)
        app.screen.query_one("#terms-note", Input).value = "my note"
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        form = app.screen
        assert isinstance(form, TermsForm)
        assert f"entry #{eid} was changed by bob" in str(
            form.query_one("#terms-error", Static).content)
        assert form.query_one("#terms-note", Input).value == "my note"
        assert g.get_entry(eid).note is None and g.get_entry(eid).en == "Patent Act"

        await pilot.press("ctrl+r")
        await pilot.pause()
        texts = [i.value for i in form.query(".term-text").results(Input)]
        assert "Patent Act" in texts and "Patent Law" not in texts
        assert form.query_one("#terms-note", Input).value == ""
        form.query_one("#terms-note", Input).value = "my note"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, TermsForm)
        assert (g.get_entry(eid).en, g.get_entry(eid).note) == ("Patent Act", "my note")


async def test_another_users_edit_shows_up_in_the_open_browser_on_postgresql(
        pg_url: str) -> None:  # noqa: F811 - the fixture of that name
    with glossary.open(pg_url) as g:
        eid = g.add_entry("商标", "trademark", domain="law").id
        app = GlossaryApp(g)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("f3")
            await settle(app, pilot)
            assert isinstance(app.screen, EntryBrowser)
            assert any("trademark" in cell for cell in browse_cells(app))
            with glossary.open(pg_url) as other:  # another session of the server
                other.edit_entry(eid, en="trade mark")
            for _ in range(100):
                await pilot.pause(0.1)
                if any("trade mark" in cell for cell in browse_cells(app)):
                    break
            assert any("trade mark" in cell for cell in browse_cells(app))
            assert not any(cell == "trademark" for cell in browse_cells(app))


def browse_cells(app: GlossaryApp) -> list[str]:
    table = app.screen.query_one("#browse-table", DataTable)
    return [str(c) for i in range(table.row_count) for c in table.get_row_at(i)]


def test_the_title_names_a_server_database_by_its_name() -> None:
    from tui.screens.search.screen import database_name

    assert database_name("postgresql://ann:***@db.example:5432/agency?sslmode=require") \
        == "agency"
    assert database_name("postgresql://postgres@/terms?host=/tmp/pg&options=-c") == "terms"
    assert database_name("/home/ann/work/memory.db") == "memory.db"
