"""The figures `glossary stats` and the TUI's title bar show: how much the database holds."""

from __future__ import annotations

from glossary.store.base import Backend


def counts(backend: Backend) -> dict[str, int]:
    """Entries, terms, TM units and successful imports, read in one statement."""
    return backend.query(
        "SELECT (SELECT count(*) FROM concepts) AS concepts, "
        "(SELECT count(*) FROM terms) AS terms, "
        "(SELECT count(*) FROM tm_visible) AS tm_units, "
        "(SELECT count(*) FROM imports WHERE ok = 1) AS imports"
    )[0]
