"""The calls the screens make into the core for import and export, in one place.

Import and export take a progress callback (and import a cancel event), so the
screens can show a bar and stop a long import with the database left as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from glossary import Glossary, ImportReport
from glossary.interchange.exporter import ExportReport
from glossary.text.normalize import has_han

EXPORT_FORMATS = ("tmx", "po", "tbx", "csv")
EXPORT_WHAT = ("terms", "tm", "all")
# What each format can hold, as the exporter accepts it; the first is the default.
EXPORT_ALLOWED = {"tmx": ("tm", "terms", "all"), "po": ("tm", "terms", "all"),
                  "tbx": ("terms",), "csv": ("terms", "tm")}
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "phrase", "proper noun", "other")

ImportProgress = Callable[[int, int, int], None]  # (units done, bytes read, bytes in the file)
ExportProgress = Callable[[int, int], None]  # (written so far, total)


def import_file(g: Glossary, path: str | Path, *, lenient: bool,
                progress: ImportProgress | None, cancel: threading.Event,
                indexing: Callable[[int], None] | None = None) -> ImportReport:
    """Import one file (format detected from its content); one transaction, so a
    cancelled or failed import leaves the database as it was. `indexing` is told when
    the units are stored and only the search index is being updated."""
    return g.import_path(path, lenient=lenient, progress=progress, cancel=cancel,
                         indexing=indexing)


def export_file(g: Glossary, path: str | Path, *, format: str,  # noqa: A002 - the core's name
                what: str, domain: str | None,
                progress: ExportProgress | None) -> ExportReport:
    """Export terms, TM units or both; returns the exporter's report (summary(), notes)."""
    return g.export(path, format=format, what=what, domain=domain or None, progress=progress)


def tm_languages(source: str) -> tuple[str, str]:
    """Languages of a new TM unit, from the script of its source text."""
    return ("zh-CN", "en") if has_han(source) else ("en", "zh-CN")
