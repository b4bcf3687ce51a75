"""The calls the screens make into the core for import and export, in one place.

Import and export take a progress callback and a cancel event. The Glossary object
is the intended door; where it does not pass these on yet, the importer and exporter
behind it are called directly, with the same arguments.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from pathlib import Path

from glossary import Glossary, ImportReport
from glossary.normalize import has_han

EXPORT_FORMATS = ("tmx", "po", "tbx", "csv")
EXPORT_WHAT = ("terms", "tm", "all")
# What each format can hold, as the exporter accepts it; the first is the default.
EXPORT_ALLOWED = {"tmx": ("tm", "terms", "all"), "po": ("tm", "terms", "all"),
                  "tbx": ("terms",), "csv": ("terms", "tm")}
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "phrase", "proper noun", "other")

ImportProgress = Callable[[int, int, int], None]  # (units done, bytes read, bytes in the file)
ExportProgress = Callable[[int, int], None]  # (written so far, total)


def _accepts(fn: Callable, name: str) -> bool:
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def import_file(g: Glossary, path: str | Path, *, lenient: bool,
                progress: ImportProgress | None, cancel: threading.Event) -> ImportReport:
    """Import one file (format detected from its content); one transaction, so a
    cancelled or failed import leaves the database as it was."""
    options = {"lenient": lenient, "progress": progress, "cancel": cancel}
    if _accepts(g.import_path, "progress"):
        return g.import_path(path, **options)
    return g._importer.import_path(path, **options)


def export_file(g: Glossary, path: str | Path, *, format: str,  # noqa: A002 - the core's name
                what: str, domain: str | None, progress: ExportProgress | None):
    """Export terms, TM units or both; returns the exporter's report (summary(), notes)."""
    options = {"format": format, "what": what, "domain": domain or None, "progress": progress}
    export = getattr(g, "export", None)
    if export is not None:
        return export(path, **options)
    from glossary.exporter import Exporter

    return Exporter(g.store).export(path, **options)


def is_cancelled_error(exc: Exception) -> bool:
    try:
        from glossary.importer import ImportCancelled
    except ImportError:  # pragma: no cover - older cores have no cancel
        return False
    return isinstance(exc, ImportCancelled)


def tm_languages(source: str) -> tuple[str, str]:
    """Languages of a new TM unit, from the script of its source text."""
    return ("zh-CN", "en") if has_han(source) else ("en", "zh-CN")
