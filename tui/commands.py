"""The command palette (ctrl+p): every action of the search screen, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .keys import ACTIONS, shown_key


class GlossaryCommands(Provider):
    """Offers the search screen's actions; elsewhere (a dialog, recognise) only help."""

    def commands(self) -> list[tuple[str, str, object]]:
        from .screens.search import SearchScreen

        app = self.app
        out: list[tuple[str, str, object]] = [
            ("Help: keys", "f1: list every key", app.action_help),
        ]
        if isinstance(self.screen, SearchScreen):
            screen = self.screen
            out = [
                (action.command, f"{shown_key(action.key)}: {action.help}",
                 partial(screen.run_action, action.action))
                for action in ACTIONS
            ] + out
        return out

    async def discover(self) -> Hits:
        for name, help_text, run in self.commands():
            yield DiscoveryHit(name, run, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)  # type: ignore[arg-type]
