"""Pinned looks of the main screens (pytest-textual-snapshot): a fixed database, a fixed size.

Update after an intended change with `pytest tests/tui/test_tui_snapshots.py --snapshot-update`
and look at the SVGs in tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from tui_helpers import settle, type_text

from tui.app import GlossaryApp

SIZE = (100, 30)


@pytest.fixture
def app(tm) -> GlossaryApp:
    return GlossaryApp(tm)


def typing(text: str, *keys: str):
    async def run(pilot: Pilot) -> None:
        app = pilot.app
        await settle(app, pilot)
        await type_text(app, pilot, text)
        await settle(app, pilot)
        await pilot.press(*keys)
        await settle(app, pilot)

    return run


def test_search_with_results(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=typing("知识"))


def test_entry_detail_of_a_forbidden_term(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=typing("法", "down"))


def test_add_entry_form(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=typing("商标", "ctrl+n"))


def test_tm_matches(app, snap_compare) -> None:
    query = "他说，创新是引领发展的第一动力，保护专利就是保护创新。"
    assert snap_compare(app, terminal_size=SIZE, run_before=typing(query, "tab", "tab"))


def test_search_at_80x24(app, snap_compare) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=typing("IPR"))
