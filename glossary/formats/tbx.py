"""Reading TBX termbases: v3 (ISO 30042:2019, TBX-Basic, TBX-Core, DCA or DCT style)
and v2 (`martif`, with tig or ntig, as Weblate and translate-toolkit write it).

Each conceptEntry/termEntry becomes one entry with all its terms, streamed. Data
categories are read wherever the standard allows them: as `type` of descrip,
termNote and admin (DCA), or as the element name in a dialect namespace (DCT).
Text is whitespace-collapsed, since TBX files are pretty-printed.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from glossary.errors import GlossaryError
from glossary.formats import Entry, ReadOptions, Rejected, Source, iso_date
from glossary.formats.terms import status_of, term_type_of
from glossary.formats.xmlsafe import iterparse, local, release
from glossary.models import Term
from glossary.text.langtags import bcp47

TBX_NS = {"urn:iso:std:iso:30042:ed-2", "urn:iso:std:iso:30042:ed-1", ""}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TYPED = {"descrip", "termNote", "admin", "adminNote", "descripNote", "transac"}
STATUS_CATEGORIES = {"administrativeStatus", "usageStatus", "normativeAuthorization"}
GROUPS = {"descripGrp", "termNoteGrp", "adminGrp", "termGrp"}


def clean(text: str) -> str:
    return " ".join(text.split())


def category(element: etree._Element) -> str:
    """The data category: the type attribute (DCA) or the element name (DCT)."""
    name = local(element.tag)
    if not name:  # comment or processing instruction
        return ""
    namespace = etree.QName(element).namespace or ""
    if namespace not in TBX_NS:
        return name
    return element.get("type", "") if name in TYPED else name


class _Concept:
    def __init__(self) -> None:
        self.fields: dict = {"domain": None, "definition": None, "note": None,
                             "created": None, "changed": None}
        self.domains: list[str] = []
        self.definitions: list[tuple[str | None, str]] = []
        self.notes: list[str] = []
        self.terms: list[Term] = []

    def aux(self, element: etree._Element, lang: str | None) -> None:
        """Concept- or language-level information: subject, definition, notes, dates."""
        name, kind = local(element.tag), category(element)
        if name in GROUPS:
            for child in element:
                self.aux(child, lang)
        elif name == "transacGrp":
            action = next((c.text for c in element if local(c.tag) == "transac"), "") or ""
            date = next((c.text for c in element if local(c.tag) == "date"), None)
            key = "created" if "origination" in action else "changed"
            known = "origination" in action or "modification" in action
            if date and known and (lang is None or not self.fields[key]):
                self.fields[key] = iso_date(date)  # the concept's own dates win
        elif kind == "subjectField":
            self.domains.append(clean("".join(element.itertext())))
        elif kind == "definition":
            self.definitions.append((lang, clean("".join(element.itertext()))))
        elif name == "note":
            self.notes.append(clean("".join(element.itertext())))

    def term(self, sec: etree._Element, lang: str) -> None:
        term = Term(lang, "")
        notes: list[str] = []
        for element in sec.iter():
            name, kind = local(element.tag), category(element)
            if name == "term":
                term.text = clean("".join(element.itertext()))
            elif kind in STATUS_CATEGORIES:
                term.status = status_of(element.text)
            elif kind == "partOfSpeech":
                term.pos = clean(element.text or "") or None
            elif kind == "termType":
                term.type = term_type_of(element.text)
            elif kind == "context":
                term.context = clean("".join(element.itertext())) or None
            elif name == "note":
                notes.append(clean("".join(element.itertext())))
        if not term.text:
            raise GlossaryError(f"a {lang} term is empty")
        term.note = "\n".join(n for n in notes if n) or None
        self.terms.append(term)

    def entry(self, place: str) -> Entry:
        if not self.terms:
            raise GlossaryError("the concept has no terms")
        fields = self.fields
        fields["domain"] = "; ".join(d for d in self.domains if d) or None
        if self.definitions:
            ranked = sorted(self.definitions, key=lambda d: (d[0] is not None,
                            not (d[0] or "").startswith("en"), not (d[0] or "").startswith("zh")))
            fields["definition"] = ranked[0][1]
            self.notes += [f"definition ({lang}): {text}" for lang, text in ranked[1:]]
        fields["note"] = "\n".join(n for n in self.notes if n) or None
        return Entry(place, {k: v for k, v in fields.items() if v}, self.terms)


def _concept(element: etree._Element, place: str) -> Entry:
    concept = _Concept()
    for child in element:
        if local(child.tag) not in ("langSec", "langSet"):
            concept.aux(child, None)
            continue
        raw = child.get(XML_LANG) or child.get("lang")
        if not raw:
            raise GlossaryError(f"a <{local(child.tag)}> has no xml:lang")
        lang = bcp47(raw)
        for sub in child:
            if local(sub.tag) in ("termSec", "tig", "ntig"):
                concept.term(sub, lang)
            else:
                concept.aux(sub, lang)
    return concept.entry(place)


def read(source: Source, opts: ReadOptions) -> Iterator[Entry | Rejected]:
    tags = ("{*}conceptEntry", "{*}termEntry")
    stream = iterparse(source.open(), str(source.path), tags)
    for count, (_, element) in enumerate(stream, start=1):
        ident = element.get("id")
        label = f"id {ident}, " if ident else ""
        place = f"concept {count} ({label}line {element.sourceline})"
        try:
            yield _concept(element, place)
        except GlossaryError as exc:
            yield Rejected(place, str(exc))
        release(element)
