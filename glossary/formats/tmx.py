"""Reading TMX 1.4b and 1.1 translation memories, streamed.

lxml's iterparse hands over one <tu> at a time and the element is freed after use,
so a file of a million units never sits in memory. The file's encoding (UTF-8, UTF-16
with a BOM) is for the XML parser to read from the declaration and BOM; line ends
are normalised by XML itself. A <tu> with several translations gives one unit per
target language; the source is the one srclang names (or --source-lang picks, or
the first <tuv> when srclang is "*all*"). Written for speed: this loop runs a
million times per large import, so tags, dates and languages are looked up once.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from glossary.formats import (
    WIRE,
    ReadOptions,
    Rejected,
    Skipped,
    Source,
    Unit,
    iso_date,
    lang_matches,
)
from glossary.formats.inline import inner_markup, plain_text
from glossary.formats.xmlsafe import iterparse
from glossary.text.langtags import bcp47

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTEXT_PROPS = ("x-context", "context", "msgctxt", "x-msgctxt", "x-id", "id")  # by priority
DOMAIN_PROPS = ("x-domain", "domain", "subject", "x-subject", "subjectfield", "x-subjectfield")
Tuv = tuple[str, str, "str | None", etree._Element]  # language, text, markup, element


class TmxReader:
    def __init__(self, source: Source, opts: ReadOptions):
        self.source, self.opts = source, opts
        self.header_srclang: str | None = None
        self._tags: dict[str, str] = {}
        self._dates: dict[str | None, str | None] = {None: None}
        self.wanted_target = bcp47(opts.target_lang) if opts.target_lang else None

    def tag(self, raw: str) -> str:
        """BCP 47 form of a language tag; cached, a TMX repeats two tags a million times."""
        tag = self._tags.get(raw)
        if tag is None:
            tag = self._tags[raw] = bcp47(raw)
        return tag

    def date(self, raw: str | None) -> str | None:
        found = self._dates.get(raw, "")
        if found == "":
            found = self._dates[raw] = iso_date(raw)
            if len(self._dates) > 100_000:
                self._dates = {None: None}
        return found

    def __iter__(self) -> Iterator[Unit | Rejected | Skipped]:
        for item in self.wire():
            if isinstance(item, tuple):
                yield Unit(item[0], dict(zip(WIRE, item[1], strict=True)))
            else:
                yield item

    def wire(self) -> Iterator[tuple[str, tuple] | Rejected | Skipped]:
        """The file's records, a unit as (place, its WIRE values): what a reading process
        sends, made without a dict per unit."""
        path = str(self.source.path)
        count = 0
        for _, element in iterparse(self.source.open(), path, ("header", "tu")):
            if element.tag == "header":
                self.header_srclang = element.get("srclang")
                continue
            count += 1
            yield from self._units(element, count)
            element.clear(keep_tail=True)  # release(), inlined: this runs per unit
            parent = element.getparent()
            if parent is not None and len(parent) > 64:
                del parent[:-1]

    def _units(self, tu: etree._Element, count: int
               ) -> list[tuple[str, tuple] | Rejected | Skipped]:
        tuvs: list[Tuv] = []
        props: dict[str, str] | None = None
        notes: list[str] | None = None
        tags = self._tags
        for child in tu:
            name = child.tag
            if name == "tuv":
                lang = child.get(XML_LANG) or child.get("lang")
                seg = child[-1] if len(child) else None
                if seg is not None and seg.tag != "seg":
                    seg = child.find("seg")
                if not lang or seg is None:
                    problem = (f"the <tuv> for {lang} has no <seg>" if lang else
                               "a <tuv> has no xml:lang (nor lang) attribute")
                    return [Rejected(self._place(tu, count), problem)]
                if len(seg):
                    tuvs.append((tags.get(lang) or self.tag(lang), plain_text(seg),
                                 inner_markup(seg), child))
                else:  # the common case: no inline tags, no comments
                    tuvs.append((tags.get(lang) or self.tag(lang), seg.text or "", None, child))
            elif name == "prop":
                props = props or {}
                props[(child.get("type") or "").lower()] = child.text or ""
            elif name == "note" and child.text:
                notes = notes or []
                notes.append(child.text)
        source = self._pick_source(tu, tuvs)
        if source is None or not source[1].strip():
            return [Skipped(self._place(tu, count), "no source segment")]
        wanted = self.wanted_target
        out: list[tuple[str, tuple] | Rejected | Skipped] = []
        place = self._place(tu, count)
        context, domain, note, origin, status = self._extras(props, notes)
        created, changed, creator = (tu.get("creationdate"), tu.get("changedate"),
                                     tu.get("creationid"))
        for target in tuvs:
            if target is source or target[0] == source[0] or (
                    wanted and not lang_matches(target[0], wanted)):
                continue
            if not target[1].strip():
                out.append(Skipped(place, f"the {target[0]} segment is empty"))
                continue
            element = target[3]
            out.append((place, (  # WIRE order
                source[0], source[1], source[2], target[0], target[1], target[2],
                self.date(created or element.get("creationdate")),
                self.date(element.get("changedate") or changed),
                creator or element.get("creationid") or element.get("changeid"),
                context, domain, note, origin, status, None, None)))
        return out or [Skipped(place, "no translation")]

    @staticmethod
    def _place(tu: etree._Element, count: int) -> str:
        return f"unit {count} (line {tu.sourceline})"

    def _pick_source(self, tu: etree._Element, tuvs: list[Tuv]) -> Tuv | None:
        if not tuvs:
            return None
        wanted = self.opts.source_lang or tu.get("srclang") or self.header_srclang
        if not wanted or wanted == "*all*":
            return tuvs[0]
        wanted = self.tag(wanted)
        for tuv in tuvs:
            if tuv[0] == wanted or lang_matches(tuv[0], wanted):
                return tuv
        if not self.opts.source_lang:
            return tuvs[0]  # srclang says en-US, the tuvs say en: take the file's first
        return None

    def _extras(self, props: dict[str, str] | None, notes: list[str] | None
                ) -> tuple[str, str | None, str | None, str, str]:
        """(context, domain, note, origin, status) from a unit's props and notes."""
        note = "\n".join(notes) if notes else None
        if not props:
            return "", None, note, self.opts.origin, "translated"
        context, domain = "", None
        for key in CONTEXT_PROPS:
            if key in props:
                context = props[key]
                break
        for key in DOMAIN_PROPS:
            if key in props:
                domain = props[key] or None
                break
        return (context, domain, note, props.get("x-origin") or self.opts.origin,
                props.get("x-status") or "translated")


def read(source: Source, opts: ReadOptions) -> Iterator[Unit | Rejected | Skipped]:
    return iter(TmxReader(source, opts))


def read_wire(source: Source, opts: ReadOptions
              ) -> Iterator[tuple[str, tuple] | Rejected | Skipped]:
    return TmxReader(source, opts).wire()
