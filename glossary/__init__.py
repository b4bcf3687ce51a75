"""glossary: a Chinese–English termbase and translation memory.

    import glossary
    with glossary.open("memory.db") as g:
        g.add_entry("知识产权", "intellectual property rights", abbr="IPR", domain="law")
        g.lookup("知識產權")
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glossary.api import Glossary
from glossary.errors import GlossaryError, InputFileError, NotFoundError, StaleError
from glossary.models import Concept, ImportReport, LookupHit, Term, TMUnit
from glossary.tm.candidates import SearchCancelled
from glossary.version import __version__

__all__ = [
    "Concept", "Glossary", "GlossaryError", "ImportReport", "InputFileError", "LookupHit",
    "NotFoundError", "SearchCancelled", "StaleError", "TMUnit", "Term", "__version__", "open",
]


def open(path: str | Path = "memory.db",  # noqa: A001 - the public verb
         on_wait: Callable[[str], None] | None = None) -> Glossary:
    """Open (creating if needed) a glossary database; see Glossary for `on_wait`."""
    return Glossary(path, on_wait=on_wait)
