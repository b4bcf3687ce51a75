"""The replace and import screens' checkboxes: a mark only when ticked, so "ignore case"
off does not read as on where colour does not show."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.widgets.tick import Tick


class OneTick(App[None]):
    def compose(self) -> ComposeResult:
        yield Tick("ignore case", compact=True)


async def test_the_mark_shows_only_when_ticked() -> None:
    app = OneTick()
    async with app.run_test() as pilot:
        tick = app.query_one(Tick)
        tick.focus()
        await pilot.pause()
        assert "▐ ▌" in str(tick.render()) and "X" not in str(tick.render())
        await pilot.press("space")
        await pilot.pause()
        assert tick.value is True
        assert "▐X▌" in str(tick.render())
