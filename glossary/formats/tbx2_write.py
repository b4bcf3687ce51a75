"""Writing TBX 2008 (ISO 30042:2008, `martif`) in TBX-Basic's shape, for the tools that
read no TBX v3: OmegaT's glossary reader, translate-toolkit (and so Weblate, Pootle)
and most CAT tools.

The structure is TBX-Basic v2's: termEntry / langSet / tig, no namespace. Where each
field goes is as in TBX-Basic: subjectField, definition, note and the dates
(transacGrp origination/modification) at entry level; at term level termType,
partOfSpeech and administrativeStatus as termNotes (the tig's termNotes come right
after its term), then context and note. Values come from TBX-Basic's closed lists
(terms.py). Checked against the TBX 2008 XSD OmegaT loads its glossaries with.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from lxml import etree

from glossary.formats import Done, Tally, iso_date
from glossary.formats.tbx_write import Elements
from glossary.formats.xmlsafe import XmlText
from glossary.models import Concept, Term
from glossary.text.langtags import same_language

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
XCS = "TBXBasicXCSV02.xcs"


TBX2 = Elements(None)  # TBX 2008 elements carry no namespace
_el = TBX2.el


def term_entry(concept: Concept, safe: XmlText, source_lang: str = "en") -> etree._Element:
    """One termEntry; the source language's langSet first, since translate-toolkit (and
    so Weblate) takes the first langSet as the source side."""
    entry = etree.Element("termEntry", id=f"c{concept.id}")
    TBX2.concept_fields(entry, concept, safe)
    for action, stamp in (("origination", concept.created), ("modification", concept.changed)):
        date = iso_date(stamp)
        if date:
            group = _el(entry, "transacGrp")
            _el(group, "transac", action, type="transactionType")
            _el(group, "date", date[:10])  # TBX-Basic v2 dates are days
    by_lang: dict[str, list[Term]] = {}
    for term in concept.terms:
        by_lang.setdefault(term.lang, []).append(term)
    ordered = sorted(by_lang.items(), key=lambda item: not same_language(item[0], source_lang))
    for lang, terms in ordered:
        lang_set = _el(entry, "langSet", **{XML_LANG: lang})
        for term in terms:
            TBX2.term(lang_set, "tig", term, safe)
    return entry


def write(path: Path, concepts: Iterable[Concept], safe: XmlText | None = None,
          done: Done | None = None, source_lang: str = "en") -> int:
    """Write the entries to `path`; returns how many. An empty termbase has an empty body."""
    safe = safe or XmlText()
    written = Tally(done, every=1000)
    items = iter(concepts)
    first = next(items, None)
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration(doctype=DOCTYPE)
        with xf.element("martif", {"type": "TBX-Basic", "xml:lang": "en"}):
            header = etree.Element("martifHeader")
            desc = _el(_el(header, "fileDesc"), "sourceDesc")
            _el(desc, "p", "Exported from glossary, a Chinese-English termbase.")
            _el(_el(header, "encodingDesc"), "p", XCS, type="XCSURI")
            xf.write("\n", header, "\n")
            with xf.element("text"), xf.element("body"):
                for concept in chain([first], items) if first is not None else ():
                    xf.write("\n", term_entry(concept, safe, source_lang))
                    written.add()
                xf.write("\n")
    return written.count
