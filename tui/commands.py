"""The command palette (ctrl+p): every action of the search screen, by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .keys import ACTIONS, shown_key
from .screens.search import SearchScreen


class GlossaryCommands(Provider):
    """Offers the search screen's actions; elsewhere (a dialog, recognise) only help."""

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        out: list[tuple[str, str, Callable[[], object]]] = [
            ("Help: keys", "f1: list every key", partial(self.app.run_action, "help")),
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
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
