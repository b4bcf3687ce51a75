"""What the checks need from an open glossary, as a protocol.

The checks sit below the front door (`glossary.api`) in the layers, so they name the
few methods they call instead of importing `Glossary`; the front door satisfies this
protocol and passes itself in.
"""

from __future__ import annotations

from typing import Protocol

from glossary.models import Concept
from glossary.terms.recognize import Recognized


class TermSource(Protocol):
    def recognize(self, text: str) -> list[Recognized]: ...

    def get_entries(self, ids: list[int]) -> list[Concept]: ...

    def add_entry(self, zh: str, en: str, *, domain: str | None = None,
                  pos: str | None = None, status: str = "preferred",
                  abbr: str | None = None, definition: str | None = None,
                  note: str | None = None) -> Concept: ...
