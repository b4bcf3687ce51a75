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
from json.encoder import encode_basestring

from lxml import etree

from glossary.formats import (
    WIRE,
    ReadOptions,
    Rejected,
    Skipped,
    Source,
    Unit,
    extras_json,
    iso_date,
    lang_matches,
)
from glossary.formats.inline import inner_markup, plain_text
from glossary.formats.xmlsafe import iterparse
from glossary.text.langtags import bcp47

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EXPLICIT_CONTEXT = ("x-context", "context", "msgctxt", "x-msgctxt")  # by priority
OMEGAT_PROPS = ("file", "id", "prev", "next")  # an alternative translation's place
# props the writer makes from columns; a file's own are kept as they came
OWN_PROPS = {"x-context", "x-domain", "x-origin", "x-status"}
TU_COLUMN_ATTRS = {"creationdate", "changedate", "creationid", "srclang"}
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
        props: list[list[str]] | None = None
        found: dict[str, str] = {}  # props by lower-cased type, the first of each
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
                if props is None:
                    props, found = [], {}
                kind, lang = child.get("type") or "", child.get(XML_LANG)
                props.append([kind, child.text or "", lang] if lang else
                             [kind, child.text or ""])
                found.setdefault(kind.lower(), child.text or "")
            elif name == "note" and child.text:
                notes = notes or []
                notes.append(child.text)
        source = self._pick_source(tu, tuvs)
        if source is None or not source[1].strip():
            return [Skipped(self._place(tu, count), "no source segment")]
        wanted = self.wanted_target
        out: list[tuple[str, tuple] | Rejected | Skipped] = []
        place = self._place(tu, count)
        context, domain, note, origin, status = self._extras(found, notes)
        kept = unit_extras(tu, props, found, notes)
        tu_created, tu_changed, tu_creator = (tu.get("creationdate"), tu.get("changedate"),
                                              tu.get("creationid"))
        for target in tuvs:
            if target is source or target[0] == source[0] or (
                    wanted and not lang_matches(target[0], wanted)):
                continue
            if not target[1].strip():
                out.append(Skipped(place, f"the {target[0]} segment is empty"))
                continue
            element = target[3]
            extras = kept
            if len(source[3].keys()) > 1 or len(element.keys()) > 1:  # more than xml:lang
                extras = {**(kept or {}), "source_tuv": tuv_attrs(source[3]),
                          "target_tuv": tuv_attrs(element)}
            out.append((place, (  # WIRE order; the dates and creator as derived() says
                source[0], source[1], source[2], target[0], target[1], target[2],
                self.date(tu_created or element.get("creationdate")),
                self.date(element.get("changedate") or tu_changed),
                tu_creator or element.get("creationid") or element.get("changeid"),
                context, domain, note, origin, status,
                _json(extras) if extras else None, None, None)))
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

    def _extras(self, found: dict[str, str], notes: list[str] | None
                ) -> tuple[str, str | None, str | None, str, str]:
        """(context, domain, note, origin, status) from a unit's props and notes."""
        note = "\n".join(notes) if notes else None
        if not found:
            return "", None, note, self.opts.origin, "translated"
        context, domain = columns_from_props(found)
        return (context, domain, note, found.get("x-origin") or self.opts.origin,
                found.get("x-status") or "translated")


def prop_map(props: list[list[str]]) -> dict[str, str]:
    """Props by lower-cased type; the first of a type wins, as a reader would take it."""
    found: dict[str, str] = {}
    for prop in props:
        found.setdefault(prop[0].lower(), prop[1])
    return found


def columns_from_props(found: dict[str, str]) -> tuple[str, str | None]:
    """(context, domain) that a unit's props give. OmegaT tells the alternative
    translations of one source apart by the file and the segments around it (or a key):
    those props together are the context, so each alternative stays its own unit.
    Plain loops: this runs for every unit of a large import."""
    context = ""
    for key in EXPLICIT_CONTEXT:
        if key in found:
            context = found[key]
            break
    else:
        if "file" in found or "prev" in found or "next" in found:
            context = "\n".join(f"{key}: {found[key]}" for key in OMEGAT_PROPS if key in found)
        else:
            for key in ("x-id", "id"):
                if key in found:
                    context = found[key]
                    break
    domain = None
    for key in DOMAIN_PROPS:
        if key in found:
            domain = found[key] or None
            break
    return context, domain


def unit_extras(tu: etree._Element, props: list[list[str]] | None, found: dict[str, str],
                notes: list[str] | None) -> dict | None:
    """What a <tu> carries beyond the columns: its attributes (tuid, changeid,
    usagecount...; the dates and creationid are columns), its props in order (less our
    own x- props, which the columns give back), and its notes one by one."""
    kept: dict = {}
    names = tu.keys()
    if names and not TU_COLUMN_ATTRS.issuperset(names):
        kept["tu"] = {k: tu.get(k) for k in names if k not in TU_COLUMN_ATTRS}
    if props and not OWN_PROPS.issuperset(found):
        kept["props"] = [p for p in props if p[0].lower() not in OWN_PROPS]
    if notes and len(notes) > 1:
        kept["notes"] = notes
    return kept or None


def _json(kept: dict) -> str:
    """The unit's extras as stored; a <tu> with only a tuid (most TMX files) is written
    without the general encoder, a third of its cost on a million units."""
    if len(kept) == 1 and "tu" in kept and len(kept["tu"]) == 1 and "tuid" in kept["tu"]:
        return '{"tmx":{"tu":{"tuid":' + encode_basestring(kept["tu"]["tuid"]) + "}}}"
    return extras_json({"tmx": kept}) or ""


def tuv_attrs(tuv: etree._Element) -> dict[str, str]:
    return {k: v for k, v in tuv.attrib.items() if k not in (XML_LANG, "lang")}


def derived(tu: dict | etree._Attrib, tuv: dict | etree._Attrib
            ) -> tuple[str | None, str | None, str | None]:
    """(created, changed, creator) as read from a <tu>'s and its target <tuv>'s
    attributes: the writer asks the same question to write only what is missing."""
    return (tu.get("creationdate") or tuv.get("creationdate"),
            tuv.get("changedate") or tu.get("changedate"),
            tu.get("creationid") or tuv.get("creationid") or tuv.get("changeid"))


def read(source: Source, opts: ReadOptions) -> Iterator[Unit | Rejected | Skipped]:
    return iter(TmxReader(source, opts))


def read_wire(source: Source, opts: ReadOptions
              ) -> Iterator[tuple[str, tuple] | Rejected | Skipped]:
    return TmxReader(source, opts).wire()
