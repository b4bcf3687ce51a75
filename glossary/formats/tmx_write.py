"""Writing TMX 1.4b, streamed: valid against tmx14.dtd, every <tuv> with xml:lang.

The header carries every attribute the DTD requires; each <tu> its dates in TMX form
(YYYYMMDDThhmmssZ), its creator, and the unit's context, domain, origin and (when
not plain 'translated') status as <prop>s, which the reader maps back. Segments get
their inline tags back from the stored markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from lxml import etree

from ..database import now
from . import tmx_date
from .inline import segment_from_markup
from .xmlsafe import XmlText

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PROPS = (("context", "x-context"), ("domain", "x-domain"), ("origin", "x-origin"))


def tool_version() -> str:
    """The product version, looked up late: this module loads while glossary/ still does."""
    from .. import __version__

    return __version__


def header(srclang: str) -> etree._Element:
    return etree.Element("header", {
        "creationtool": "glossary", "creationtoolversion": tool_version(),
        "segtype": "sentence", "o-tmf": "glossary", "adminlang": "en",
        "srclang": srclang, "datatype": "plaintext", "creationdate": tmx_date(now()) or "",
    })


def _tuv(lang: str, text: str, markup: str | None, safe: XmlText) -> etree._Element:
    tuv = etree.Element("tuv", {XML_LANG: lang})
    seg = segment_from_markup(markup, text)
    if seg.text is not None and len(seg) == 0:
        seg.text = safe(seg.text)
    tuv.append(seg)
    return tuv


def tu(unit: dict, srclang: str, safe: XmlText) -> etree._Element:
    """One <tu> from a unit dict (the tm_units columns)."""
    element = etree.Element("tu")
    for attribute, key in (("creationdate", "created"), ("changedate", "changed")):
        stamp = tmx_date(unit.get(key))
        if stamp:
            element.set(attribute, stamp)
    if unit.get("creator"):
        element.set("creationid", safe(unit["creator"]))
    if unit["source_lang"] != srclang:
        element.set("srclang", unit["source_lang"])
    if unit.get("note"):
        etree.SubElement(element, "note").text = safe(unit["note"])
    for key, prop_type in PROPS:
        if unit.get(key):
            etree.SubElement(element, "prop", type=prop_type).text = safe(unit[key])
    if unit.get("status") and unit["status"] != "translated":
        etree.SubElement(element, "prop", type="x-status").text = unit["status"]
    element.append(_tuv(unit["source_lang"], unit["source"], unit.get("source_markup"), safe))
    element.append(_tuv(unit["target_lang"], unit["target"], unit.get("target_markup"), safe))
    return element


def write(path: Path, units: Iterable[dict], srclang: str, safe: XmlText | None = None,
          done: Callable[[int], None] | None = None) -> int:
    """Write the units to `path`; returns how many. `done(n)` is told as it goes."""
    safe = safe or XmlText()
    count = 0
    with etree.xmlfile(str(path), encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write("\n", header(srclang), "\n")
            with xf.element("body"):
                xf.write("\n")
                for unit in units:
                    xf.write(tu(unit, srclang, safe), "\n")
                    count += 1
                    if done is not None and count % 5000 == 0:
                        done(count)
            xf.write("\n")
    return count
