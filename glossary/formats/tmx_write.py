"""Writing TMX 1.4b, streamed: valid against tmx14.dtd, every <tuv> with xml:lang.

The header carries every attribute the DTD requires; each <tu> its dates in TMX form
(YYYYMMDDThhmmssZ), its creator, and the unit's context, domain, origin and (when
not plain 'translated') status as <prop>s, which the reader maps back. Segments get
their inline tags back from the stored markup, when it still matches the text.

A TMX is flat and its text is escaped in one place, so units are written as text
rather than built as elements: a million-unit export takes seconds, not minutes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from glossary.formats import Done, Tally, tmx_date
from glossary.formats.inline import plain_text
from glossary.formats.xmlsafe import XmlText, parser
from glossary.models import now

PROPS = (("context", "x-context"), ("domain", "x-domain"), ("origin", "x-origin"))


def tool_version() -> str:
    """The product version, looked up late: this module loads while glossary/ still does."""
    from glossary.version import __version__

    return __version__


def header(srclang: str) -> str:
    attrs = {"creationtool": "glossary", "creationtoolversion": tool_version(),
             "segtype": "sentence", "o-tmf": "glossary", "adminlang": "en",
             "srclang": srclang, "datatype": "plaintext", "creationdate": tmx_date(now()) or ""}
    return "<header" + "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items()) + "/>"


def segment(text: str, markup: str | None, safe: XmlText) -> str:
    """The content of a <seg>: the stored markup if it still agrees with the text.

    Markup that no longer matches the plain text (the unit was edited since) is
    dropped rather than exported with stale content.
    """
    if markup:
        try:
            tagged = etree.fromstring(f"<seg>{markup}</seg>", parser())
        except etree.XMLSyntaxError:
            tagged = None
        if tagged is not None and plain_text(tagged) == text:
            return safe(markup)
    return escape(safe(text))


def tu(unit: dict, srclang: str, safe: XmlText) -> str:
    """One <tu> from a unit dict (the tm_units columns)."""
    attrs = []
    for attribute, key in (("creationdate", "created"), ("changedate", "changed")):
        stamp = tmx_date(unit.get(key))
        if stamp:
            attrs.append(f' {attribute}="{stamp}"')
    if unit.get("creator"):
        attrs.append(f" creationid={quoteattr(safe(unit['creator']))}")
    if unit["source_lang"] != srclang:
        attrs.append(f" srclang={quoteattr(unit['source_lang'])}")
    parts = [f"<tu{''.join(attrs)}>"]
    if unit.get("note"):
        parts.append(f"<note>{escape(safe(unit['note']))}</note>")
    for key, prop_type in PROPS:
        if unit.get(key):
            parts.append(f'<prop type="{prop_type}">{escape(safe(unit[key]))}</prop>')
    if unit.get("status") and unit["status"] != "translated":
        parts.append(f'<prop type="x-status">{escape(unit["status"])}</prop>')
    for side in ("source", "target"):
        parts.append(f"<tuv xml:lang={quoteattr(unit[side + '_lang'])}><seg>"
                     f"{segment(unit[side], unit.get(side + '_markup'), safe)}</seg></tuv>")
    parts.append("</tu>\n")
    return "".join(parts)


def write(path: Path, units: Iterable[dict], srclang: str, safe: XmlText | None = None,
          done: Done | None = None) -> int:
    """Write the units to `path`; returns how many. `done(n)` is told as it goes."""
    safe = safe or XmlText()
    written = Tally(done, every=5000)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">\n')
        out.write(header(srclang) + "\n<body>\n")
        for unit in units:
            out.write(tu(unit, srclang, safe))
            written.add()
        out.write("</body>\n</tmx>\n")
    return written.count
