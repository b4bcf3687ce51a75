"""Stored text made safe to show on a terminal.

Entries and TM units come from files clients send, and a file can carry terminal
escape sequences (ESC [ 2 J clears the screen, OSC 8 plants a link), a carriage
return that overwrites what was printed, or bidi overrides (U+202E) that make a line
read differently from its bytes. Printed raw, such text rewrites the user's terminal;
shown through `visible` each of those characters becomes a visible escape (\\x1b,
\\u202e) and nothing else changes. Only what people read goes through here: JSON and
exports keep the text byte for byte. The CLI's tables and the TUI both use it.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline (which lay text out, and cannot move the cursor
# back over what was printed), DEL, C1 controls, and the bidi embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """The text with every control and bidi-override character shown as an escape."""
    if not UNSAFE.search(text):  # the common case: no copy
        return text
    return UNSAFE.sub(_escape, text)


def is_safe(text: str) -> bool:
    """True when `visible(text)` would be `text` itself."""
    return UNSAFE.search(text) is None


def counted(n: int, one: str, many: str | None = None) -> str:
    """"1 entry", "64 entries", "1,200 TM units": messages read as English, not as
    "64 entr(y/ies)"; `many` for a plural that is not `one` + "s"."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"
