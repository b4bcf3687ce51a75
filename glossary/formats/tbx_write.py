"""Writing TBX v3 TBX-Basic (DCA style), streamed, valid against TBXcoreStructV03.rng
and the TBX-Basic_DCA.sch rules.

Where the rules put each field: subjectField, definition, note and the dates
(transacGrp origination/modification) at concept level; a langSec per language;
termType, partOfSpeech and administrativeStatus as termNotes, then context and note,
at term level. Values come from TBX-Basic's closed lists (terms.py maps ours).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from lxml import etree

from glossary.formats import Done, Tally, iso_date
from glossary.formats.terms import TBX_STATUS, tbx_pos, term_type_of
from glossary.formats.xmlsafe import XmlText
from glossary.models import Concept, Term

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RNG = "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
SCH = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
       "TBX-Basic_DCA.sch")


class Elements:
    """The elements TBX v3 and TBX 2008 share, in one namespace (None: no namespace):
    the two differ in names around them (termSec/langSec against tig/langSet), not in
    how a term, its notes and an entry's descriptions are written."""

    def __init__(self, ns: str | None):
        self.prefix = f"{{{ns}}}" if ns else ""

    def el(self, parent: etree._Element, name: str, text: str | None = None,
           **attrs: str) -> etree._Element:
        element = etree.SubElement(parent, self.prefix + name, attrs)
        if text is not None:
            element.text = text
        return element

    def notes(self, parent: etree._Element, note: str | None, safe: XmlText) -> None:
        """A note per line: readers collapse whitespace inside a note and join notes by
        line."""
        for line in (note or "").splitlines():
            if line.strip():
                self.el(parent, "note", safe(line))

    def term(self, parent: etree._Element, group: str, term: Term, safe: XmlText) -> None:
        """A term in its group element (termSec, tig) with its type, part of speech,
        status, context and notes."""
        sec = self.el(parent, group)
        self.el(sec, "term", safe(term.text))
        self.el(sec, "termNote", term_type_of(term.type), type="termType")
        if term.pos:
            self.el(sec, "termNote", tbx_pos(term.pos), type="partOfSpeech")
        self.el(sec, "termNote", TBX_STATUS[term.status], type="administrativeStatus")
        if term.context:
            self.el(sec, "descrip", safe(term.context), type="context")
        self.notes(sec, term.note, safe)

    def concept_fields(self, entry: etree._Element, concept: Concept, safe: XmlText) -> None:
        """The entry's subject field, definition and notes."""
        if concept.domain:
            self.el(entry, "descrip", safe(concept.domain), type="subjectField")
        if concept.definition:
            self.el(entry, "descrip", safe(concept.definition), type="definition")
        self.notes(entry, concept.note, safe)


TBX3 = Elements(NS)
_el = TBX3.el


def concept_entry(concept: Concept, safe: XmlText) -> etree._Element:
    entry = etree.Element(f"{{{NS}}}conceptEntry", id=f"c{concept.id}", nsmap={None: NS})
    TBX3.concept_fields(entry, concept, safe)
    for action, stamp in (("origination", concept.created), ("modification", concept.changed)):
        if iso_date(stamp):
            group = _el(entry, "transacGrp")
            _el(group, "transac", action, type="transactionType")
            _el(group, "date", iso_date(stamp))
    by_lang: dict[str, list[Term]] = {}
    for term in concept.terms:
        by_lang.setdefault(term.lang, []).append(term)
    for lang, terms in by_lang.items():
        sec = _el(entry, "langSec", **{XML_LANG: lang})
        for term in terms:
            TBX3.term(sec, "termSec", term, safe)
    return entry


def write(path: Path, concepts: Iterable[Concept], safe: XmlText | None = None,
          done: Done | None = None) -> int:
    """Write the entries to `path`; returns how many. An empty termbase gives no <body>."""
    safe = safe or XmlText()
    written = Tally(done, every=1000)
    items = iter(concepts)
    first = next(items, None)
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        for href, ns in ((RNG, "http://relaxng.org/ns/structure/1.0"),
                         (SCH, "http://purl.oclc.org/dsdl/schematron")):
            pi = f'href="{href}" type="application/xml" schematypens="{ns}"'
            xf.write(etree.ProcessingInstruction("xml-model", pi))
        # "xml:lang" spelled out: lxml's incremental writer would bind a prefix of its own
        attrs = {"type": "TBX-Basic", "style": "dca", "xml:lang": "en"}
        with xf.element(f"{{{NS}}}tbx", attrs, nsmap={None: NS}):
            header = etree.Element(f"{{{NS}}}tbxHeader", nsmap={None: NS})
            desc = _el(_el(header, "fileDesc"), "sourceDesc")
            _el(desc, "p", "Exported from glossary, a Chinese-English termbase.")
            xf.write("\n", header, "\n")
            with xf.element(f"{{{NS}}}text"):
                if first is not None:
                    with xf.element(f"{{{NS}}}body"):
                        for concept in chain([first], items):
                            xf.write("\n", concept_entry(concept, safe))
                            written.add()
                        xf.write("\n")
    return written.count
