"""Text with some character ranges styled: TM differences, concordance hits, found terms.

Stored text goes on screen through `visible` (glossary.text.display): an imported file
may carry terminal escapes or bidi overrides, shown escaped instead of obeyed. Each
piece is escaped on its own, so a mark still falls on the characters it marked.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from glossary.text.display import visible


def marked(text: str, spans: Iterable[tuple[int, int]], style: Style | str,
           base: Style | str = "") -> Text:
    """`text` with each (start, end) range in `style`; ranges outside the text are clipped."""
    return styled(text, ((start, end, style) for start, end in spans), base)


def styled(text: str, spans: Iterable[tuple[int, int, Style | str]],
           base: Style | str = "") -> Text:
    """`text` with each (start, end, style) range styled; overlaps keep the first."""
    out = Text(style=base)
    at = 0
    for start, end, style in sorted(spans, key=lambda s: (s[0], s[1])):
        start, end = max(at, start), min(len(text), end)
        if start < end:
            out.append(visible(text[at:start]))
            out.append(visible(text[start:end]), style=style)
            at = end
    out.append(visible(text[at:]))
    return out


def around_first(text: str, spans: tuple[tuple[int, int], ...], width: int,
                 lead: int | None = None) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Cut the start of `text` so its first span shows in a cell `width` cells wide.

    Concordance lines are read around the hit (keyword in context): a hit at the end
    of a long sentence would otherwise fall behind the ellipsis. About a third of the
    width is kept before the hit; the cut is shown by a leading "…".
    """
    if not spans:
        return text, spans
    from rich.cells import cell_len

    start = spans[0][0]
    lead = width // 3 if lead is None else lead
    if cell_len(text[:start]) <= lead:
        return text, spans
    cut = start
    while cut > 0 and cell_len(text[cut - 1:start]) <= lead - 1:
        cut -= 1
    shift = cut - 1  # one character for the "…"
    return "…" + text[cut:], tuple((a - shift, b - shift) for a, b in spans if b > cut)
