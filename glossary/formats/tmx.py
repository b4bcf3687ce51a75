"""Reading TMX 1.4b and 1.1 translation memories, streamed.

lxml's iterparse hands over one <tu> at a time and the element is freed after use,
so a file of a million units never sits in memory. The file's encoding (UTF-8, UTF-16
with a BOM) is for the XML parser to read from the declaration and BOM; line ends
are normalised by XML itself. A <tu> with several translations gives one unit per
target language; the source is the one srclang names (or --source-lang picks, or
the first <tuv> when srclang is "*all*").
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from ..langtags import bcp47
from . import ReadOptions, Rejected, Skipped, Source, Unit, iso_date, lang_matches
from .inline import inner_markup, plain_text
from .xmlsafe import iterparse, release

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTEXT_PROPS = ("x-context", "context", "msgctxt", "x-msgctxt", "x-id", "id")  # by priority
DOMAIN_PROPS = ("x-domain", "domain", "subject", "x-subject", "subjectfield", "x-subjectfield")


class _Tuv:
    __slots__ = ("lang", "text", "markup", "element")

    def __init__(self, lang: str, text: str, markup: str | None, element: etree._Element):
        self.lang, self.text, self.markup, self.element = lang, text, markup, element


def _segment(seg: etree._Element) -> tuple[str, str | None]:
    if len(seg) == 0:  # the common case: no inline tags, no comments
        return seg.text or "", None
    return plain_text(seg), inner_markup(seg)


class TmxReader:
    def __init__(self, source: Source, opts: ReadOptions):
        self.source, self.opts = source, opts
        self.header_srclang: str | None = None
        self._tags: dict[str, str] = {}

    def tag(self, raw: str) -> str:
        """BCP 47 form of a language tag; cached, a TMX repeats two tags a million times."""
        tag = self._tags.get(raw)
        if tag is None:
            tag = self._tags[raw] = bcp47(raw)
        return tag

    def __iter__(self) -> Iterator[Unit | Rejected | Skipped]:
        path = str(self.source.path)
        count = 0
        for _, element in iterparse(self.source.open(), path, ("header", "tu")):
            if element.tag == "header":
                self.header_srclang = element.get("srclang")
                continue
            count += 1
            yield from self._units(element, f"unit {count} (line {element.sourceline})")
            release(element)

    def _units(self, tu: etree._Element, place: str) -> Iterator[Unit | Rejected | Skipped]:
        tuvs: list[_Tuv] = []
        props: dict[str, str] = {}
        notes: list[str] = []
        for child in tu:
            name = child.tag
            if name == "tuv":
                lang = child.get(XML_LANG) or child.get("lang")
                seg = next((c for c in child if c.tag == "seg"), None)
                if not lang:
                    yield Rejected(place, "a <tuv> has no xml:lang (nor lang) attribute")
                    return
                if seg is None:
                    yield Rejected(place, f"the <tuv> for {lang} has no <seg>")
                    return
                tuvs.append(_Tuv(self.tag(lang), *_segment(seg), child))
            elif name == "prop":
                props[(child.get("type") or "").lower()] = child.text or ""
            elif name == "note" and child.text:
                notes.append(child.text)
        source = self._pick_source(tu, tuvs)
        if source is None:
            yield Skipped(place, "no segment in the source language")
            return
        if not source.text.strip():
            yield Skipped(place, "the source segment is empty")
            return
        wanted = self.opts.target_lang
        targets = [t for t in tuvs if t is not source and t.lang != source.lang
                   and (not wanted or lang_matches(t.lang, bcp47(wanted)))]
        if not targets:
            yield Skipped(place, "no translation")
        common = self._common(tu, props, notes)
        for target in targets:
            if not target.text.strip():
                yield Skipped(place, f"the {target.lang} segment is empty")
                continue
            el = target.element
            yield Unit(place, {
                **common,
                "source_lang": source.lang, "source": source.text,
                "source_markup": source.markup,
                "target_lang": target.lang, "target": target.text,
                "target_markup": target.markup,
                "created": iso_date(tu.get("creationdate") or el.get("creationdate")),
                "changed": iso_date(el.get("changedate") or tu.get("changedate")),
                "creator": tu.get("creationid") or el.get("creationid") or el.get("changeid"),
            })

    def _pick_source(self, tu: etree._Element, tuvs: list[_Tuv]) -> _Tuv | None:
        if not tuvs:
            return None
        wanted = self.opts.source_lang or tu.get("srclang") or self.header_srclang
        if not wanted or wanted.strip() == "*all*":
            return tuvs[0]
        match = next((t for t in tuvs if lang_matches(t.lang, self.tag(wanted))), None)
        if match is None and not self.opts.source_lang:
            return tuvs[0]  # srclang says en-US, the tuvs say en: take the file's first
        return match

    def _common(self, tu: etree._Element, props: dict[str, str], notes: list[str]) -> dict:
        context = next((props[k] for k in CONTEXT_PROPS if k in props), "")
        domain = next((props[k] for k in DOMAIN_PROPS if k in props), None)
        return {
            "context": context,
            "domain": domain or None,
            "note": "\n".join(notes) or None,
            "origin": props.get("x-origin") or self.opts.origin,
            "status": props.get("x-status") or "translated",
        }


def read(source: Source, opts: ReadOptions) -> Iterator[Unit | Rejected | Skipped]:
    return iter(TmxReader(source, opts))
