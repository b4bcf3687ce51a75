"""A checkbox whose mark is there only when it is ticked.

Textual's checkbox draws an X either way and tells on from off by colour alone: in a
compact row, on a monochrome terminal or to a colour-blind eye, "▐X▌ ignore case" reads
as ticked when it is not. This one draws "▐ ▌" when off.
"""

from __future__ import annotations

from textual.widgets import Checkbox


class Tick(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "X" if self.value else " "
