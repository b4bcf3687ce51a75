"""Text with some character ranges styled: TM differences, concordance hits, found terms."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text


def marked(text: str, spans: Iterable[tuple[int, int]], style: Style | str,
           base: Style | str = "") -> Text:
    """`text` with each (start, end) range in `style`; ranges outside the text are clipped."""
    out = Text(text, style=base)
    for start, end in spans:
        start, end = max(0, start), min(len(text), end)
        if start < end:
            out.stylize(style, start, end)
    return out
