"""Exporting the memory as XLIFF 1.2 or 2.0: which units go in, in which order.

Kept apart from exporter.py, which dispatches on the format: XLIFF 1.2 takes every
language pair (a <file> each, so units come sorted by pair), while an XLIFF 2.0
document holds one pair, the commonest as stored (of the languages asked for, if any),
and says how many units of other pairs it left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from glossary.formats import lang_matches, xliff_write
from glossary.formats.xmlsafe import XmlText
from glossary.store.export_rows import Snapshot


class Report(Protocol):
    written: int
    left_out: int
    notes: list[str]


def xliff_export(tmp: Path, fmt: str, what: str, data: Snapshot, report: Report,
                 safe: XmlText, source_lang: str | None, target_lang: str | None) -> None:
    if fmt == "xliff":
        report.written = xliff_write.write_12(tmp, _units(data, what), safe, data.tick)
        return
    exact = data.exact_pair(source_lang, target_lang) if what != "terms" else None
    source, target = exact or data.language_pair(what, source_lang, target_lang)
    others: list[str] = []
    chosen = (x for x in _units(data, what)
              if _in_pair(x, source, target, bool(source_lang), bool(target_lang), others))
    report.written = xliff_write.write_20(tmp, chosen, source, target, safe, data.tick)
    if others:
        report.left_out += len(others)
        pairs = ", ".join(sorted(set(others)))
        report.notes.append(f"{len(others)} units in other language pairs ({pairs}) left out: "
                            f"an XLIFF 2.0 file holds one pair, and this one is {source} -> "
                            f"{target}; export those with --source-lang and --target-lang")


def _in_pair(unit: dict, source: str, target: str, source_given: bool, target_given: bool,
             others: list[str]) -> bool:
    """A unit of the document's pair: the same tags, or tags a given option selects
    (`zh` selects zh-CN); a unit written in a document of other tags would read back
    with those tags."""
    ok = (_same(unit["source_lang"], source, source_given)
          and _same(unit["target_lang"], target, target_given))
    if not ok:
        others.append(f"{unit['source_lang']} -> {unit['target_lang']}")
    return ok


def _same(tag: str, wanted: str, given: bool) -> bool:
    return tag.lower() == wanted.lower() or given and lang_matches(tag, wanted)


def _units(data: Snapshot, what: str) -> Iterator[dict]:
    if what in ("tm", "all"):
        yield from data.units(order="source_lang, target_lang, id")
    if what in ("terms", "all"):
        yield from data.term_units()
