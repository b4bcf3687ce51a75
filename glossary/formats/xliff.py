"""XLIFF 1.1, 1.2 and 2.0 bilingual files as TM units: translated units only.

A 1.2 trans-unit whose target is missing, empty, or in a needs-* / new state is
skipped, as is a 2.0 segment in the initial state; what remains is translation a
translator can reuse. With --fuzzy, targets waiting for review (1.2 needs-review-*,
2.0 initial) are kept with status 'fuzzy', as PO fuzzy entries are. The unit's id,
state, approval and notes are kept in its extras for an XLIFF export. Inline codes
become TMX markup (see inline.py) so the plain text is searchable and the tags survive
a TMX export (2.0 codes take their native text from <originalData>). resname (1.2) or
name (2.0) is the unit's context.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from glossary.formats import ReadOptions, Rejected, Skipped, Source, Unit
from glossary.formats.inline import from_xliff
from glossary.formats.xmlsafe import iterparse, local, release
from glossary.text.langtags import bcp47

UNTRANSLATED_STATES = {"new", "needs-translation", "needs-adaptation", "needs-l10n",
                       "needs-review-adaptation", "needs-review-l10n",
                       "needs-review-translation", "initial"}
REVIEW_STATES = {"needs-review-translation", "needs-review-adaptation", "needs-review-l10n"}


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if local(c.tag) == name), None)


class XliffReader:
    def __init__(self, source: Source, opts: ReadOptions):
        self.source, self.opts = source, opts
        self.langs = ("", "")
        self.count = 0

    def __iter__(self) -> Iterator[Unit | Rejected | Skipped]:
        tags = ("{*}xliff", "{*}file", "{*}trans-unit", "{*}unit")
        stream = self.source.open()
        for event, element in iterparse(stream, str(self.source.path), tags, ("start", "end")):
            name = local(element.tag)
            if event == "start":
                if name == "xliff" and element.get("srcLang"):
                    self.langs = (element.get("srcLang", ""), element.get("trgLang", ""))
                elif name == "file" and element.get("source-language"):
                    self.langs = (element.get("source-language", ""),
                                  element.get("target-language", ""))
                continue
            if name in ("trans-unit", "unit"):
                self.count += 1
                yield from self._unit(element, name == "unit")
                release(element)

    def _unit(self, unit: etree._Element, v2: bool) -> Iterator[Unit | Rejected | Skipped]:
        place = f"unit {self.count} (id {unit.get('id')}, line {unit.sourceline})"
        source_lang = bcp47(self.opts.source_lang or self.langs[0])
        target_lang = bcp47(self.opts.target_lang or self.langs[1])
        if not source_lang or not target_lang:
            yield Rejected(place, "the file does not say its source and target languages; "
                           "give --source-lang and --target-lang")
            return
        notes_parent = _child(unit, "notes") if v2 else unit
        notes = [n.text for n in (notes_parent if notes_parent is not None else [])
                 if local(n.tag) == "note" and n.text]
        context = unit.get("name" if v2 else "resname") or ""
        segments = [s for s in unit if local(s.tag) == "segment"] if v2 else [unit]
        data = _original_data(unit) if v2 else None
        for segment in segments:
            source, target = _child(segment, "source"), _child(segment, "target")
            state = (segment if v2 else target if target is not None else unit).get("state")
            if source is None:
                yield Rejected(place, "the unit has no <source>")
                continue
            review = state in REVIEW_STATES or (v2 and state == "initial")
            if target is None or state in UNTRANSLATED_STATES and not (
                    review and self.opts.fuzzy):
                yield Skipped(place, "not translated")
                continue
            source_text, source_markup = from_xliff(source, data)
            target_text, target_markup = from_xliff(target, data)
            if not target_text.strip():
                yield Skipped(place, "not translated")
                continue
            kept = {"id": unit.get("id"), "state": None if state == "translated" else state,
                    "approved": None if v2 else unit.get("approved"),
                    "state-qualifier": None if v2 else target.get("state-qualifier"),
                    "segment": segment.get("id") if v2 else None,
                    "notes": notes if len(notes) > 1 else None}
            yield Unit(place, {
                "source_lang": source_lang, "source": source_text,
                "source_markup": source_markup, "target_lang": target_lang,
                "target": target_text, "target_markup": target_markup, "context": context,
                "note": "\n".join(notes) or None, "origin": self.opts.origin,
                "status": "fuzzy" if review else "translated",
                "extras": {"xliff": {k: v for k, v in kept.items() if v}},
            })


def _original_data(unit: etree._Element) -> dict[str, str]:
    """An XLIFF 2.0 unit's <originalData>: the native text of its codes, by id."""
    found = _child(unit, "originalData")
    if found is None:
        return {}
    return {d.get("id", ""): "".join(d.itertext()) for d in found if local(d.tag) == "data"}


def read(source: Source, opts: ReadOptions) -> Iterator[Unit | Rejected | Skipped]:
    return iter(XliffReader(source, opts))
